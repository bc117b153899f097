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

import bisect
import functools
import io
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

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

from .errors import DocumentError, QuotesFileError
from .locate import Locator, Match
from .locate.placement import place_link
from .store import atomic_write_text
from .timecode import format_timecode, parse_timecode
from .transcript import Transcript
from .video import deep_link, parse_video_url
from .words import placeable

__all__ = [
    "SECTION_KEYS",
    "TOP_KEYS",
    "ImportedDoc",
    "QuotesDocument",
    "QuotesFile",
    "Section",
    "SectionMatch",
    "import_markdown",
    "load",
    "loads",
    "markdown_to_text",
    "match_sections",
    "past_the_end",
    "new_document",
]

TOP_KEYS = ("video", "label", "link_style", "sections")
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
    blank_lines_before: int = Field(default=0, ge=0)

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


def _time_value(seconds: float) -> SingleQuotedScalarString:
    return SingleQuotedScalarString(format_timecode(seconds))


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
            node["start"] = _time_value(section.start)
        if section.end is not None:
            node["end"] = _time_value(section.end)
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
        value = _time_value(seconds)
        if key in node:
            node[key] = value
            return
        # Put start right after title (end after start), where an editor would look for it.
        after = "start" if key == "end" and "start" in node else "title"
        keys = list(node.keys())
        pos = keys.index(after) + 1 if after in keys else 0
        node.insert(pos, key, value)

    def add_section(self, section: Section) -> int:
        """Append a section; returns its index."""
        if "sections" not in self.data or self.data["sections"] is None:
            self.data["sections"] = CommentedSeq()
        self.data["sections"].append(_section_maps([section])[0])
        self.model = self.model.model_copy(update={"sections": [*self.model.sections, section]})
        return len(self.model.sections) - 1

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
    try:
        data = _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = " ".join(p for p in (exc.context, exc.problem) if p) or "not valid YAML"
        raise QuotesFileError(name, line, f"not valid YAML: {problem}") from None
    except YAMLError as exc:
        raise QuotesFileError(name, None, f"not valid YAML: {exc}") from None
    if data is None:
        raise QuotesFileError(name, None, "the file is empty; it needs at least `video:`")
    if not isinstance(data, CommentedMap):
        raise QuotesFileError(
            name, 1, f"expected keys ({', '.join(TOP_KEYS)}), found a {type(data).__name__}"
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


def load(path: str | os.PathLike) -> QuotesDocument:
    """Read a quotes file from disk."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise QuotesFileError(str(path), None, "no such file") from None
    except IsADirectoryError:
        raise QuotesFileError(str(path), None, "a folder, not a file") from None
    except UnicodeDecodeError as exc:
        raise QuotesFileError(str(path), None, f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise QuotesFileError(str(path), None, exc.strerror or str(exc)) from None
    return loads(text, path)


_HEADER = """\
Quotes file for `quotes` (edit freely; comments and order are kept).
  video: the YouTube URL; label: text before the time in each link;
  link_style: short (youtu.be/ID?t=803) or long (youtube.com/watch?v=ID&t=803s)
  sections: title, start, end (13:23, 1:26:50 or 803), summary, quote, notes"""


def new_document(model: QuotesFile, *, header: bool = True) -> QuotesDocument:
    """A document for a new quotes file holding ``model``."""
    data = CommentedMap()
    data["video"] = model.video
    data["label"] = model.label
    data["link_style"] = model.link_style
    data["sections"] = CommentedSeq(_section_maps(model.sections))
    if header:
        data.yaml_set_start_comment(_HEADER)
    return QuotesDocument(model=model, data=data)


# ---------------------------------------------------------------- match


MatchStatus = Literal["set", "kept", "looks wrong", "unsure", "not found", "unchecked"]


@dataclass
class SectionMatch:
    """What ``match`` found for one section and what it did about it."""

    index: int
    title: str
    start: float | None  # the start the editor gave, if any
    proposed: float | None  # where the engine places it
    score: float | None  # the best match's confidence (0..1)
    confident: bool
    status: MatchStatus
    matches: list[Match] = field(default_factory=list)

    @property
    def needs_editor(self) -> bool:
        return self.status in ("looks wrong", "unsure", "not found")


def past_the_end(quotes: QuotesFile, video_length: float) -> list[str]:
    """A line for each section that starts at or past the end of the video."""
    return [
        f"section {i} ({s.title!r}) starts at {format_timecode(s.start)}, past the end of the video "
        f"({format_timecode(video_length)})"
        for i, s in enumerate(quotes.sections, 1)
        if s.start is not None and s.start >= video_length
    ]


def match_sections(
    quotes: QuotesFile,
    transcript: Transcript,
    *,
    locator_factory: Callable[[Transcript], Locator] | None = None,
    top: int = 3,
) -> list[SectionMatch]:
    """Locate every section's summary (else title) in ``transcript``. No I/O, no writes.

    Sections without a start get ``status="set"`` and ``proposed`` when the best match is
    confident, else ``unsure`` or ``not found``; a query too short to place (``words.placeable``)
    is never confident. A given start past the video's end
    ``looks wrong``. A given start is judged as ``quotes verify``
    judges a link (``verify.place_link``): ``kept`` when it points at a confident place (from
    up to two minutes before it, the host's question, to its end), ``looks wrong`` when the
    summary is confidently said elsewhere, and ``unchecked`` when nothing confident was found. Sections are
    taken in order: a match that starts inside the previous section's passage and runs on past
    it is looked for again after that passage, and a section placed out of order takes a place
    nearly as good (``TIE``) that lies between its neighbours', if there is one.
    """
    locator = (locator_factory or Locator)(transcript)
    results: list[SectionMatch] = []
    previous: Match | None = None  # where the section before is said
    for index, section in enumerate(quotes.sections):
        found = locator.locate(section.query, top=top, title=section.title) if section.query else []
        # A title or summary of a few words is said in too many places to trust (as `verify`
        # does not judge such a link): its best guess is shown, never written.
        short = not placeable(section.query or "", transcript.language_code)
        if short:
            found = [replace(m, confident=False) for m in found]
        best = found[0] if found else None
        if (
            section.start is None
            and best is not None
            and best.confident
            and previous is not None
            and previous.start <= best.start < previous.end < best.end
        ):
            # A page's sections cover distinct stretches, in order: a passage that starts
            # inside the previous section's and runs on past it is looked for after it.
            later = locator.locate(section.query, top=top, title=section.title, after=previous.end)
            if later and later[0].confident:
                found, best = later, later[0]
        proposed = best.start if best else None
        if section.start is None:
            if best is None:
                status: MatchStatus = "not found"
            elif best.confident:
                status = "set"
            else:
                status = "unsure"
            if best is not None and best.confident:
                previous = best
        elif section.start >= transcript.end:
            status = "looks wrong"  # past the end of the video
        elif short:
            status = "unchecked"
        else:
            # A given start is judged as `quotes verify` judges a link, so the two agree.
            placed = place_link(locator, section.query, section.start, title=section.title, top=top)
            if placed.fitting is not None:
                status = "kept"
            elif not placed.confident:
                status = "unchecked"
            else:
                status = "looks wrong"
            previous = placed.fitting or previous
        results.append(
            SectionMatch(
                index=index,
                title=section.title,
                start=section.start,
                proposed=proposed,
                # A best guess for a text too short to place has no confidence to show.
                score=best.confidence if best and not short else None,
                confident=bool(best and best.confident),
                status=status,
                matches=found,
            )
        )
    _break_ties_in_page_order(results)
    return results


# A runner-up this close to the best (share of its confidence) is as good a reading of the text.
TIE = 0.9


def _break_ties_in_page_order(results: list[SectionMatch]) -> None:
    """A section placed out of the page's order, when a place nearly as good lies between its
    neighbours' (a topic talked about twice), takes that place: pages follow the video."""
    def at(r: SectionMatch) -> float | None:
        return r.start if r.start is not None else (r.proposed if r.status == "set" else None)

    for i, r in enumerate(results):
        if r.status != "set" or r.proposed is None:
            continue
        # The nearest placed sections before and after it on the page.
        before = next((at(q) for q in reversed(results[:i]) if at(q) is not None), float("-inf"))
        after = next((at(q) for q in results[i + 1 :] if at(q) is not None), float("inf"))
        if before < r.proposed < after:
            continue
        best = r.matches[0]
        for m in r.matches[1:]:
            if m.confident and before < m.start < after and m.confidence >= TIE * best.confidence:
                r.proposed, r.score = m.start, m.confidence
                r.matches = [m] + [x for x in r.matches if x is not m]
                break


# ---------------------------------------------------------------- markdown import

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
# A link alone on its line: [LABEL 13:23](https://youtu.be/ID?t=803)
_LINK_LINE = re.compile(r"^\[(?P<text>(?:[^\]\\]|\\.)*)\]\((?P<url>[^)\s]+)\)[ \t]*$")
_LABEL_TIME = re.compile(
    r"^(?P<label>.*?)[ \t]*(?P<time>(?:\d+:)?\d{1,2}:\d{2}|\d{1,2}h(?:\s?\d{1,2}m(?:\s?\d{1,2}s)?)?|\d{1,3}m\s?\d{1,2}s)$"
)


def _title_and_summary(link, alone_under_heading: bool) -> tuple[str, str]:
    """A section's title and summary from a link of any layout (see quotes.document)."""
    summary = link.section.replace("\n", "\n\n")
    words = re.sub(r"\s+", " ", _TIME_IN_TEXT.sub(" ", link.text)).strip(" -–—:|()[]")
    if link.heading and (link.place == "heading" or alone_under_heading):
        return link.heading, summary
    if len(link.cells) >= 2 and len(link.cells[0].split()) <= 6 and not re.search(r"[.!?]$", link.cells[0]):
        # A table's topic column: "| 13:23 | Curly braces | what is said |".
        return link.cells[0], "\n\n".join(link.cells[1:])
    line = link.section.strip()
    if link.place == "line" and line and "\n" not in line:
        return line, summary  # a chapter line: its title is all of it, as the editor wrote it
    is_url = "/" in words or link.text == link.href
    if link.place == "opens" and not is_url and re.search(r"[^\W\d_]", words) and len(words.split()) <= 8:
        return words, summary  # "- [Autotuning 21:02](...) The compiler tries ..."
    title = _short_title(link.section) or link.heading or f"At {format_timecode(link.t)}"
    return title[:1].upper() + title[1:], summary


_TIME_IN_TEXT = re.compile(
    r"\b\d{1,2}(?::\d{2}){1,2}\b|\b\d{1,2}h(?:\s?\d{1,2}m(?:\s?\d{1,2}s)?)?\b|\b\d{1,3}m\s?\d{1,2}s\b"
)


def _short_title(text: str, limit: int = 60) -> str:
    """The first sentence of ``text`` (or the few words before its colon), cut at a word to at
    most ``limit`` characters.

    >>> _short_title("Types: in Python they only exist at runtime.")
    'Types'
    >>> _short_title("As Chris says here, strings exist at runtime. More.")
    'As Chris says here, strings exist at runtime'
    """
    first = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0].rstrip(".!?")
    head, colon, _ = first.partition(": ")
    if colon and len(head.split()) <= 6:
        first = head  # "Curly braces: formatters indent ..." is titled by its words before the colon
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


@dataclass
class ImportedDoc:
    """What ``import_markdown`` made of a page, and what it had to leave out."""

    quotes: QuotesFile
    skipped: list[str] = field(default_factory=list)  # headings without a section, in page order
    other_videos: list[str] = field(default_factory=list)  # links to other videos under kept headings
    links_elsewhere: dict[str, int] = field(default_factory=dict)  # timestamped links per other video, most first
    # Links whose label says another time than their URL: (line, label's time, URL's seconds);
    # the URL's time is the one imported.
    disagreeing: list[tuple[int, str, float]] = field(default_factory=list)


def import_markdown(text: str, *, video: str | None = None) -> ImportedDoc:
    """Turn a timestamped markdown page into a quotes file.

    With ``video`` (a video id), times written without a link ("- 13:23 what is said",
    chapter lines, timestamped headings) are read as times in that video, and it is the
    video of the quotes file.

    A section in the newsletter's layout is a heading followed by its text and, as the last
    non-blank line before the next heading, a link to a YouTube video at a time
    (``[LABEL 13:23](https://youtu.be/ID?t=803)``). Its text is kept exactly (leading blank
    lines, lists, trailing spaces), so ``render --template newsletter`` gives such a page back.
    Every other timestamped link becomes a section too, best effort, with the text it stands
    for (see quotes.document), so a page may mix layouts. The video is the one most links
    point at; headings with no section of it are listed in ``skipped``, and the links to
    each other video counted in ``links_elsewhere``.

    >>> doc = import_markdown("### A\\nSaid.\\n\\n[Talk 1:05](https://youtu.be/pdJQ8iVTwj8?t=65)\\n")
    >>> doc.quotes.label, doc.quotes.sections[0].start, doc.quotes.sections[0].summary
    ('Talk', 65.0, 'Said.')
    """
    from .document import parse_document

    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    headings: list[tuple[int, str]] = []  # (0-based line, heading text as written)
    in_fence = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            m = _HEADING.match(line)
            if m:
                headings.append((i, m.group(2)))
    ends = [h[0] for h in headings[1:]] + [len(lines)]
    # Newsletter sections: (heading number, summary, link, link text, blank lines after the link).
    newsletter = []
    for n, ((line_no, _title), stop) in enumerate(zip(headings, ends)):
        body = lines[line_no + 1 : stop]
        last = len(body) - 1
        while last >= 0 and not body[last].strip():
            last -= 1
        m = _LINK_LINE.match(body[last]) if last >= 0 else None
        link = None
        if m:
            try:
                link = parse_video_url(m.group("url"))
            except ValueError:
                link = None
        if link is None:
            continue
        summary = "\n".join(body[:last])
        summary = summary.removesuffix("\n")  # the blank line the template puts before the link
        newsletter.append((n, summary, link, m.group("text"), len(body) - 1 - last, line_no + last + 2))
    claimed = {n for n, *_ in newsletter}

    heading_lines = [line_no + 1 for line_no, _ in headings]  # 1-based, ascending

    def heading_of(line: int) -> int | None:
        """The number of the heading a 1-based ``line`` lies under (or is)."""
        n = bisect.bisect_right(heading_lines, line) - 1
        return n if n >= 0 else None

    # Every other timestamped link: read best effort.
    others = [
        link for link in parse_document(text, video=video).links
        if link.timestamped and heading_of(link.line) not in claimed
    ]
    if not newsletter and not others:
        raise DocumentError(
            "found no sections: a section is a heading whose last line is a link to a YouTube "
            "video at a time, like [Interview 13:23](https://youtu.be/ID?t=803), or a list item, "
            "paragraph, table row or heading with such a link"
            + ("" if video else " (for times written without links, name the video with --video)")
        )
    votes = Counter([c[2].video_id for c in newsletter] + [link.video_id for link in others])
    video_id = video or votes.most_common(1)[0][0]

    placed: list[tuple[int, Section, bool]] = []  # (1-based line, section, short links)
    labels: Counter = Counter()
    previous_trailing = None
    disagreeing: list[tuple[int, str, float]] = []
    for n, summary, link, link_text, trailing, link_line in newsletter:
        if link.video_id != video_id:
            continue
        lm = _LABEL_TIME.match(link_text)
        if lm:
            labels[lm.group("label")] += 1
        start = link.t
        if lm and start is not None and int(parse_timecode(lm.group("time"))) != int(start):
            disagreeing.append((link_line, lm.group("time"), start))
        if start is None and lm:
            start = parse_timecode(lm.group("time"))
        gap = max(previous_trailing - 1, 0) if previous_trailing is not None else 0
        previous_trailing = trailing
        section = Section(title=headings[n][1], start=start, summary=summary, blank_lines_before=gap)
        placed.append((headings[n][0] + 1, section, link.short))
    ours = [link for link in others if link.video_id == video_id]
    per_heading = Counter(link.heading for link in ours)
    for link in ours:
        if link.label_seconds is not None and link.t is not None and int(link.label_seconds) != int(link.t):
            disagreeing.append((link.line, link.label_time_text or "", link.t))
        title, summary = _title_and_summary(link, per_heading[link.heading] == 1)
        if summary.strip() == title and not placeable(summary):
            summary = ""  # a chapter line that is only a title: "### Introduction" then "Introduction"
        placed.append((link.line, Section(title=title, start=link.t, summary=summary), link.video.short))
    placed.sort(key=lambda x: x[0])
    if not placed:
        other = len(others) + len(newsletter)
        raise DocumentError(
            f"found no sections of {video_id}: the page's {'link points' if other == 1 else f'{other} links point'} "
            "at other videos, and it has no times written without a link"
        )

    kept = {heading_of(line) for line, _, _ in placed}
    skipped = [markdown_to_text(title) for n, (_, title) in enumerate(headings) if n not in kept]
    other_videos = [
        link.section or link.text for link in others
        if link.video_id != video_id and heading_of(link.line) in kept | {None}
    ]
    label = labels.most_common(1)[0][0] if labels else ""
    style = "short" if placed[0][2] else "long"
    return ImportedDoc(
        quotes=QuotesFile(
            video=deep_link(video_id, style=style), label=label, link_style=style,
            sections=[section for _, section, _ in placed],
        ),
        skipped=skipped,
        other_videos=other_videos,
        links_elsewhere={v: n for v, n in votes.most_common() if v != video_id},
        disagreeing=sorted(disagreeing),
    )
