"""The quotes file: a YAML file the editor owns, listing the sections of one video.

```yaml
video: https://www.youtube.com/watch?v=pdJQ8iVTwj8
label: 2023-06-02 Lex Fridman Interview
link_style: short          # short (youtu.be/ID?t=803) or long (youtube.com/watch?v=ID&t=803s)
sections:
  - title: Curly Braces
    start: '13:23'         # as the editor types it: 13:23, 1:26:50, 803
    summary: |
      Curly brace languages are typically run through formatting tools now...
    quote: optional verbatim words from the transcript
    notes: anything the editor wants to keep
```

The file is read with ruamel.yaml's round-trip mode so that writing it back (``quotes match``,
``quotes mark``) keeps the editor's comments, key order and layout; only the keys we change
are touched. Validation is pydantic with unknown keys rejected; every problem is reported as
``file:line field: message`` (QuotesFileError), never a traceback.

Times are float seconds inside and written back as quoted ``'13:23'`` strings: YAML 1.1
readers would read a bare ``13:23`` as the sexagesimal number 803.
"""

from __future__ import annotations

import functools
import io
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from .errors import FileError, QuotesFileError
from .files import atomic_write_text, read_bytes
from .timecode import format_timecode, parse_timecode
from .video import parse_video_url

if TYPE_CHECKING:
    from .transcript import Transcript

__all__ = [
    "SECTION_KEYS",
    "TOP_KEYS",
    "QuotesDocument",
    "QuotesFile",
    "Section",
    "check_new",
    "create",
    "load",
    "loads",
    "mark",
    "markdown_to_text",
    "new_document",
    "new_section",
    "past_the_end",
]

TOP_KEYS = ("video", "label", "link_style", "sections")
# A page with more blank lines between two sections than this is no page to render back.
BLANK_LINES_MAX = 1000
# How deep a quotes file's YAML may nest: it needs three levels (the file, its sections, a
# section); deeper nesting is refused before it is read (a recursive reader would overflow).
DEPTH_MAX = 20
SECTION_KEYS = ("title", "start", "end", "summary", "quote", "notes", "blank_lines_before")


def _time(value: Any) -> float | None:
    """Seconds in a time as the editor typed it; None stays None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_timecode(value)


class Section(BaseModel):
    """One section of the video: a title, where it is said, what it says."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    title: str = Field(min_length=1)
    start: float | None = None
    end: float | None = None
    summary: str = ""
    quote: str | None = None
    notes: str | None = None
    # Extra blank lines before this section's heading in the rendered page: kept so that an
    # imported page renders back byte for byte (its sections are not always evenly spaced).
    blank_lines_before: int = Field(default=0, ge=0, le=BLANK_LINES_MAX)

    @field_validator("start", "end", mode="before")
    @classmethod
    def _read_time(cls, value: Any) -> float | None:
        return _time(value)

    @model_validator(mode="after")
    def _end_after_start(self) -> Section:
        if self.end is not None and self.start is not None and self.end <= self.start:
            raise ValueError(
                f"end {format_timecode(self.end)} is not after start {format_timecode(self.start)}"
            )
        return self

    @property
    def query(self) -> str:
        """The text to look for in the transcript: the summary without markdown, else the
        verbatim quote (a section `quotes mark` made), else the title."""
        return markdown_to_text(self.summary) or markdown_to_text(self.quote) or markdown_to_text(self.title)


class QuotesFile(BaseModel):
    """A whole quotes file: which video, how links are labelled, and the sections in order."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    video: str
    label: str = ""
    link_style: Literal["short", "long"] = "short"
    sections: list[Section] = Field(default_factory=list)

    @field_validator("video")
    @classmethod
    def _valid_video(cls, value: str) -> str:
        parse_video_url(value)  # raises VideoURLError, a ValueError
        return value.strip()

    @property
    def video_id(self) -> str:
        return parse_video_url(self.video).video_id


# ---------------------------------------------------------------- markdown -> plain text

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(?<!\w)[*_]+|[*_]+(?!\w)|[`~]+")
_MD_LINE_MARKS = re.compile(r"^\s*(?:[-+*]|\d+[.)]|#+|>)\s+", re.MULTILINE)


def markdown_to_text(text: str) -> str:
    """Plain words of a markdown summary (links keep their text), for matching.

    >>> markdown_to_text("Use `Int`, see [the roadmap](https://x.y).\\n- one")
    'Use Int, see the roadmap. one'
    """
    text = _MD_LINK.sub(r"\1", text or "")
    text = _MD_LINE_MARKS.sub(" ", text)
    text = _MD_MARKS.sub("", text)
    return " ".join(text.split())


# ---------------------------------------------------------------- YAML in and out


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap the editor's long lines
    return yaml


def _plain(node: Any) -> Any:
    """ruamel's commented containers and scalar subclasses -> plain Python values."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def _line_of(data: Any, loc: Sequence[Any]) -> int | None:
    """1-based line of the YAML node at ``loc`` (or of its nearest existing parent)."""
    line = None
    node = data
    for key in loc:
        lc = getattr(node, "lc", None)
        if lc is None:
            break
        if lc.line is not None and line is None:
            line = lc.line + 1
        try:
            if isinstance(node, dict) and key in node:
                line = lc.key(key)[0] + 1
                node = node[key]
            elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
                line = lc.item(key)[0] + 1
                node = node[key]
            else:
                break
        except (KeyError, IndexError, TypeError):
            break
    if line is None and getattr(data, "lc", None) is not None and data.lc.line is not None:
        line = data.lc.line + 1
    return line


def _field_name(loc: Sequence[Any], data: Any) -> str:
    """``sections[3].start`` (sections counted from 1, as an editor counts them)."""
    parts: list[str] = []
    for key in loc:
        if isinstance(key, int):
            parts.append(f"[{key + 1}]")
        else:
            parts.append(("." if parts else "") + str(key))
    return "".join(parts) or "top level"


def _message(err: dict) -> str:
    kind = err.get("type", "")
    loc = err.get("loc", ())
    if kind == "extra_forbidden":
        allowed = SECTION_KEYS if "sections" in loc and len(loc) > 2 else TOP_KEYS
        return f"unknown key {loc[-1]!r} (allowed: {', '.join(allowed)})"
    if kind == "missing":
        return "is required"
    if kind == "literal_error" and loc and loc[-1] == "link_style":
        return f"must be short or long, not {err.get('input')!r}"
    msg = err.get("msg", "invalid")
    msg = re.sub(r"^(?:Value error|Assertion failed), ", "", msg)
    return msg


def _validation_error(path: str, data: Any, exc: ValidationError) -> QuotesFileError:
    """The first problem in full; the others by where they are, so one run shows them all."""

    def where(err) -> tuple[int | None, str]:
        loc = tuple(err.get("loc", ()))
        # A model-level error (end before start) has the section as loc; point at its end key.
        if err.get("type") == "value_error" and "end " in str(err.get("msg")) and loc and isinstance(loc[-1], int):
            loc = loc + ("end",)
        return _line_of(data, loc), _field_name(loc, data)

    first, *rest = exc.errors()
    line, name = where(first)
    problem = f"{name}: {_message(first)}"
    others = list(dict.fromkeys(w for w in map(where, rest) if w != (line, name)))
    if others:
        shown = ", ".join(f"line {n} {field}" if n else field for n, field in others[:5])
        problem += f" (and {len(others)} more: {shown}{', ...' if len(others) > 5 else ''})"
    return QuotesFileError(path, line, problem)


@functools.cache
def _checkers() -> tuple[YAML, YAML]:
    # (Made once: making a YAML object looks for plugins on disk, which cost 1 ms a value.)
    return _yaml(), YAML(typ="safe")


def _text_values(texts: list[str]) -> list[Any]:
    """Each string as the YAML scalar that reads back exactly.

    Plain (or quoted as ruamel sees fit) on one line; a literal block (``|``) over several,
    which keeps blank lines, list markers and trailing spaces; double quotes with escapes
    for what neither can hold (line separators, control characters). (All are written and
    read back at once: one at a time took a millisecond each.)
    """
    candidates = [LiteralScalarString(t) if "\n" in t else t for t in texts]
    dumper, loader = _checkers()
    buf = io.StringIO()
    dumper.dump({"k": candidates}, buf)
    try:
        back = loader.load(buf.getvalue())["k"]
    except YAMLError:  # pragma: no cover - ruamel emitted something it cannot read: which?
        if len(texts) == 1:
            return [DoubleQuotedScalarString(texts[0])]
        return [_text_values([t])[0] for t in texts]
    return [c if b == t else DoubleQuotedScalarString(t) for c, b, t in zip(candidates, back, texts)]


def _time_value(seconds: float, exact: bool = False) -> SingleQuotedScalarString:
    """A time as editors write it: whole seconds; to the millisecond when ``exact``."""
    return SingleQuotedScalarString(format_timecode(seconds, fraction=exact))


def _exact(section: Section) -> bool:
    """Whether the section's times must be written to the millisecond: in whole seconds its
    end would be no later than its start (0.2 s to 0.7 s), a section the file cannot hold."""
    return section.start is not None and section.end is not None and int(section.end) <= int(section.start)


def as_written(section: Section) -> Section:
    """``section`` with its times as the file holds them once written (whole seconds, or
    milliseconds where whole seconds would empty it)."""
    exact = _exact(section)

    def written(t: float | None) -> float | None:
        return None if t is None else parse_timecode(str(_time_value(t, exact)))

    return section.model_copy(update={"start": written(section.start), "end": written(section.end)})


def _section_maps(sections: Sequence[Section]) -> list[CommentedMap]:
    keys = ("summary", "quote", "notes")

    def texts(section: Section) -> list[str]:  # in the order they are written
        return [section.title] + [getattr(section, k) for k in keys if getattr(section, k)]

    values = iter(_text_values([t for section in sections for t in texts(section)]))
    out = []
    for section in sections:
        node = CommentedMap()
        node["title"] = next(values)
        if section.start is not None:
            node["start"] = _time_value(section.start, _exact(section))
        if section.end is not None:
            node["end"] = _time_value(section.end, _exact(section))
        for key in keys:
            if getattr(section, key):
                node[key] = next(values)
        if section.blank_lines_before:
            node["blank_lines_before"] = section.blank_lines_before
        out.append(node)
    return out


@dataclass
class QuotesDocument:
    """A quotes file as loaded: the validated model plus the YAML tree we write back."""

    model: QuotesFile
    data: CommentedMap
    path: Path | None = None
    indent: tuple[int, int, int] = (2, 4, 2)  # mapping, sequence, offset
    newline: str = "\n"  # the file's line ends, written back as they were
    bom: bool = False  # the file began with a UTF-8 byte order mark, written back too

    @property
    def sections(self) -> list[Section]:
        return self.model.sections

    def _section_node(self, index: int) -> CommentedMap:
        return self.data["sections"][index]

    def set_time(self, index: int, key: Literal["start", "end"], seconds: float | None) -> None:
        """Set (or clear, with None) a section's start or end, in the model and the YAML."""
        node = self._section_node(index)
        sections = list(self.model.sections)
        sections[index] = Section.model_validate(
            {**sections[index].model_dump(), key: seconds}
        )
        self.model = self.model.model_copy(update={"sections": sections})
        if seconds is None:
            node.pop(key, None)
            return
        exact = _exact(sections[index])
        value = _time_value(seconds, exact)
        other = "end" if key == "start" else "start"
        if exact and other in node:
            node[other] = _time_value(getattr(sections[index], other), exact)
        if key in node:
            node[key] = value
            return
        # Put start right after title (end after start), where an editor would look for it.
        after = "start" if key == "end" and "start" in node else "title"
        keys = list(node.keys())
        pos = keys.index(after) + 1 if after in keys else 0
        node.insert(pos, key, value)

    def add_section(self, section: Section) -> int:
        """Add a section where its start belongs: before the first section that starts later
        (at the end when it has no start, or none does); returns its index."""
        if "sections" not in self.data or self.data["sections"] is None:
            self.data["sections"] = CommentedSeq()
        sections = list(self.model.sections)
        index = len(sections)
        if section.start is not None:
            index = next((i for i, s in enumerate(sections) if s.start is not None and s.start > section.start), index)
        self.data["sections"].insert(index, _section_maps([section])[0])
        sections.insert(index, section)
        self.model = self.model.model_copy(update={"sections": sections})
        return index

    def dumps(self) -> str:
        yaml = _yaml()
        mapping, sequence, offset = self.indent
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
        buf = io.StringIO()
        yaml.dump(self.data, buf)
        return buf.getvalue()

    def save(self, path: str | os.PathLike | None = None) -> Path:
        """Write the file back atomically (to ``path``, else where it was read from)."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("no path to save the quotes file to")
        text = self.dumps()
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        atomic_write_text(target, ("\ufeff" if self.bom else "") + text)
        self.path = target
        return target


def _guess_indent(text: str) -> tuple[int, int, int]:
    """The editor's list layout under ``sections:``: (mapping indent, sequence indent, dash offset)."""
    m = re.search(r"^sections:[ \t]*(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*([ \t]*)-([ \t]+)\S", text, re.MULTILINE)
    if not m:
        return (2, 4, 2)
    offset = len(m.group(1))
    return (2, offset + 1 + len(m.group(2)), offset)


def loads(text: str, path: str | os.PathLike = "<string>") -> QuotesDocument:
    """Read a quotes file's text; QuotesFileError (with line and field) when it is not valid.
    Its line ends and byte order mark are kept for writing it back."""
    name = str(path)
    bom = text.startswith("\ufeff")
    newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text else "\n"
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    data = _read_yaml(text, name)
    if data is None:
        raise QuotesFileError(name, None, "the file is empty; it needs at least `video:`")
    if not isinstance(data, CommentedMap):
        raise QuotesFileError(
            name, 1, f"expected keys ({', '.join(TOP_KEYS)}), found {_kind(data)}"
        )
    plain = _plain(data)
    if plain.get("sections") is None:
        plain["sections"] = []
    try:
        model = QuotesFile.model_validate(plain)
    except ValidationError as exc:
        raise _validation_error(name, data, exc) from None
    if data.get("sections") is None:
        data["sections"] = CommentedSeq()
    return QuotesDocument(model=model, data=data, path=Path(path), indent=_guess_indent(text), newline=newline, bom=bom)


def new_section(**fields: Any) -> Section:
    """A section from values given on the command line; QuotesFileError naming the value
    that is not valid (``title: must not be empty``)."""
    try:
        return Section(**fields)
    except ValidationError as exc:
        err = exc.errors()[0]
        name = ".".join(str(k) for k in err.get("loc", ())) or "section"
        problem = "must not be empty" if err.get("type") == "string_too_short" else _message(err)
        raise QuotesFileError("the new section", None, f"{name} {problem}") from None


def _read_yaml(text: str, name: str) -> Any:
    """The YAML tree of ``text``; QuotesFileError for YAML that is not valid, nests deeper than
    ``DEPTH_MAX`` or uses an alias (quotes files need none, and aliases of aliases expand
    without bound: ten lines can stand for gigabytes)."""
    yaml = _yaml()
    try:
        depth = 0
        for event in yaml.parse(text):
            kind = type(event).__name__
            if kind == "AliasEvent":
                raise QuotesFileError(
                    name, event.start_mark.line + 1,
                    f"an alias (*{event.anchor}): quotes files use no anchors or aliases; write the value out",
                )
            depth += kind in ("MappingStartEvent", "SequenceStartEvent")
            depth -= kind in ("MappingEndEvent", "SequenceEndEvent")
            if depth > DEPTH_MAX:
                raise QuotesFileError(
                    name, event.start_mark.line + 1,
                    f"nested more than {DEPTH_MAX} levels deep: a quotes file holds its sections, each a few keys",
                )
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = " ".join(p for p in (exc.context, exc.problem) if p) or "not valid YAML"
        raise QuotesFileError(name, line, f"not valid YAML: {problem}") from None
    except YAMLError as exc:
        raise QuotesFileError(name, None, f"not valid YAML: {exc}") from None


def _kind(value: Any) -> str:
    """What a YAML value is, in an editor's words."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    return f"a {type(value).__name__}"


def load(path: str | os.PathLike) -> QuotesDocument:
    """Read a quotes file from disk."""
    path = Path(path)
    try:
        text = read_bytes(path).decode("utf-8")
    except FileError as exc:  # missing, a folder, unreadable
        raise QuotesFileError(str(path), None, exc.why) from None
    except UnicodeDecodeError as exc:
        raise QuotesFileError(str(path), None, f"not UTF-8 text ({exc.reason})") from None
    return loads(text, path)


_HEADER = """\
Quotes file for `quotes` (edit freely; comments and order are kept).
  video: the YouTube URL; label: text before the time in each link;
  link_style: short (youtu.be/ID?t=803) or long (youtube.com/watch?v=ID&t=803s)
  sections: title, start, end (13:23, 1:26:50 or 803), summary, quote, notes"""


def new_document(model: QuotesFile, *, header: bool = True, newline: str = "\n") -> QuotesDocument:
    """A document for a new quotes file holding ``model``, written with ``newline`` line ends
    (a page imported with CRLF gives a quotes file, and so a rendered page, with CRLF)."""
    data = CommentedMap()
    data["video"] = model.video
    data["label"] = model.label
    data["link_style"] = model.link_style
    data["sections"] = CommentedSeq(_section_maps(model.sections))
    if header:
        data.yaml_set_start_comment(_HEADER)
    return QuotesDocument(model=model, data=data, newline=newline)


def past_the_end(quotes: QuotesFile, video_length: float) -> list[str]:
    """A line for each section that starts at or past the end of the video."""
    return [
        f"section {i} ({s.title!r}) starts at {format_timecode(s.start)}, past the end of the video "
        f"({format_timecode(video_length)})"
        for i, s in enumerate(quotes.sections, 1)
        if s.start is not None and s.start >= video_length
    ]


def mark(
    path: str | os.PathLike,
    transcript_of: Callable[[str], Transcript],
    start: float,
    end: float | None = None,
    *,
    title: str,
    summary: str = "",
) -> tuple[int, str]:
    """``quotes mark``: add a section for ``start``..``end`` to the quotes file at ``path``, in
    time order, quoting what the transcript of its video (``transcript_of(video_id)``) says
    there. The file is held locked from reading to writing, so marks at once each add theirs.
    Returns the section's number (1-based) and its quote ("" where nothing is said)."""
    from .files import locked

    new_section(title=title, summary=summary)  # a title that is not valid stops here, before any fetch
    with locked(path):  # another mark (or match) waits, then reads this one's section
        doc = load(path)
        quote = transcript_of(doc.model.video_id).quote(start, end).text
        section = new_section(title=title, start=start, end=end, summary=summary, quote=quote or None)
        number = doc.add_section(section) + 1
        doc.save()
    return number, quote


def create(path: str | os.PathLike, model: QuotesFile, *, force: bool = False, newline: str = "\n") -> None:
    """Write a new quotes file for ``model`` at ``path`` (``quotes new``, ``import-doc``);
    QuotesFileError when a file is there already, unless ``force``."""
    check_new(path, force)
    new_document(model, newline=newline).save(path)


def check_new(path: str | os.PathLike, force: bool = False) -> None:
    """QuotesFileError when a new quotes file may not be written at ``path``: a file is there
    already (unless ``force``); FileError when nothing can be (a folder, a device, under a file)."""
    from .files import check_target

    check_target(path)  # said before --force is
    if Path(path).exists() and not force:
        raise QuotesFileError(str(path), None, "already exists; use --force to replace it")
