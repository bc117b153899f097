"""What the studio does, over the library: every call the web layer makes into ``quotes`` is here.

The web layer (``app.py``) turns requests into these calls and their results into JSON; this
module knows nothing of HTTP. It reads and writes only the quotes file it was opened on (and the
transcript it was given, from the cache). A write goes through the same document code as
``quotes mark`` and ``quotes match`` (``QuotesDocument.save``: atomic, comments, order and layout
kept), and only when the file on disk is still the one the page was loaded from, under the file's lock
(``files.locked``) as ``mark`` and ``match`` take it.

(The library is being reorganised: keeping every import from it in this one module lets its
new layout be followed by editing this module alone.)
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from ..errors import BadRequest, FileChanged, QuotesError
from ..files import locked, read_bytes
from ..indexcache import IndexCache
from ..locate import Locator, why_not_found, why_unsure
from ..quotesfile import (
    SECTION_KEYS,
    QuotesDocument,
    QuotesFile,
    Section,
    as_written,
    load,
    loads,
    new_document,
    past_the_end,
)
from ..render import BUILTIN_TEMPLATES, QUOTELESS_TEMPLATES, chapter_problems, quotes_from, render
from ..sections import match_sections
from ..timecode import format_timecode
from ..transcript import Transcript, clean_text, remove_rolling_repeats, speaker_turns
from ..video import deep_link
from ..words import placeable

__all__ = ["Studio", "paragraphs", "QuotesError", "BadRequest", "FileChanged"]

# A transcript paragraph: a change of speaker starts one; without marks of who speaks, one
# closes at the end of a sentence after PARAGRAPH_SECONDS, and in any case after PARAGRAPH_MAX.
PARAGRAPH_SECONDS = 45.0
PARAGRAPH_MAX = 90.0
# How many places a search or a suggestion shows (the best and its runner-ups).
TOP = 4
# How long the index waits for the page to be shown before it is built anyway (seconds).
WARM_WAIT = 5.0


def paragraphs(transcript: Transcript) -> list[dict[str, Any]]:
    """The transcript as readable paragraphs: ``{"start", "turn", "lines": [[start, end, text]]}``.

    Each line is one caption, cleaned for reading (as quotes are), with the time its words begin
    and end; rolling repeats of auto-captions are dropped. A caption that opens with a change of
    speaker (``>>``, ``DANA:``) begins a paragraph (``turn`` is true), and so does the caption
    after one in which the speaker changes.

    >>> from quotes.transcript import Segment
    >>> t = Transcript(video_id="qUoTeSdEm01", language_code="en", segments=[
    ...     Segment(start=0, duration=2, text=">> Hi there."), Segment(start=2, duration=2, text="Welcome."),
    ...     Segment(start=4, duration=2, text=">> Thanks.")])
    >>> [[line[2] for line in p["lines"]] for p in paragraphs(t)]
    [['Hi there.', 'Welcome.'], ['Thanks.']]
    """
    segments = remove_rolling_repeats(transcript.segments)
    timed = transcript.model_copy(update={"segments": segments})
    out: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    turn_pending = False
    for i, seg in enumerate(segments):
        opens_turn, turn_later = speaker_turns(seg.text)
        text = clean_text(seg.text)
        if not text:
            turn_pending = turn_pending or opens_turn or turn_later
            continue
        turn = opens_turn or turn_pending
        if current is None or turn or _long_enough(current, seg.start):
            current = {"start": seg.start, "turn": bool(turn), "lines": []}
            out.append(current)
        current["lines"].append([round(seg.start, 3), round(timed.segment_end(i), 3), text])
        turn_pending = turn_later
    return out


def _long_enough(paragraph: dict[str, Any], start: float) -> bool:
    length = start - paragraph["start"]
    last = paragraph["lines"][-1][2]
    return length >= PARAGRAPH_MAX or (length >= PARAGRAPH_SECONDS and last.endswith((".", "?", "!")))


class _CleanedOnce(Transcript):
    """The transcript with its cleaned copy made once: the library cleans it on every call
    (``quotes_from``, quoting), which takes half a second on a three-hour video."""

    _clean: Transcript | None = PrivateAttr(default=None)

    @classmethod
    def of(cls, transcript: Transcript) -> _CleanedOnce:
        return cls.model_construct(**{name: getattr(transcript, name) for name in Transcript.model_fields})

    def cleaned(self) -> Transcript:
        if self._clean is None:
            self._clean = Transcript.cleaned(self)
        return self._clean


def _version(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


# ---------------------------------------------------------------- requests


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SectionIn(_Strict):
    """A section as the page sends it: ``key`` is its place in the file as loaded (None: new)."""

    key: int | None = Field(default=None, ge=0)
    title: str = ""
    start: float | str | None = None
    end: float | str | None = None
    summary: str = ""
    quote: str | None = None
    notes: str | None = None
    blank_lines_before: int = Field(default=0, ge=0)


class DocumentIn(_Strict):
    """The page's quotes file: the top keys it may change and its sections."""

    label: str | None = None
    link_style: Literal["short", "long"] | None = None
    sections: list[SectionIn] = Field(default_factory=list, max_length=10_000)


class SaveIn(DocumentIn):
    version: str = Field(min_length=1, max_length=64)


class PreviewIn(DocumentIn):
    template: str = "newsletter"


class SearchIn(_Strict):
    text: str = Field(max_length=20_000)
    title: str | None = Field(default=None, max_length=2_000)


class QuoteIn(_Strict):
    start: float = Field(ge=0)
    end: float = Field(gt=0)


def parse(model: type[BaseModel], data: Any) -> Any:
    """``data`` (the request's JSON) as ``model``; BadRequest naming the field otherwise."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "the request"
        raise BadRequest(f"{where}: {err['msg']}") from None


# ---------------------------------------------------------------- the studio


class Studio:
    """One quotes file and its video's transcript, as the studio's page works on them."""

    def __init__(
        self, path: str | Path, transcript: Transcript, templates: tuple[str, ...] = (), indexes: IndexCache | None = None
    ):
        self.path = Path(path)
        self.transcript = _CleanedOnce.of(transcript)
        # Where the transcript's index is saved (the cache it came from): loaded, not built,
        # when it is fresh. Without one the index is built.
        self.indexes = indexes
        # Templates the page may render with: the built-in ones and the files named when the
        # studio was started (no other path is read).
        self.templates = {name: name for name in BUILTIN_TEMPLATES} | {Path(t).name: str(t) for t in templates}
        self._locator: Locator | None = None
        self._lock = threading.Lock()  # one writer at a time; one index build
        self._paragraphs: list[dict[str, Any]] | None = None
        self._shown = threading.Event()  # the page has been given its first state
        self._closing = False
        self._paragraphs_lock = threading.Lock()
        self.read()  # a file that cannot be read is an error now, not on the first request

    # -- reading

    def read(self) -> tuple[QuotesDocument, str]:
        """The quotes file as it is on disk, and its version (a hash of its bytes)."""
        try:
            data = read_bytes(self.path)
        except QuotesError:
            return load(self.path), ""  # load says what is wrong, as the CLI does
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return load(self.path), ""
        return loads(text, self.path), _version(data)

    @property
    def locator(self) -> Locator:
        """The transcript's index, loaded (or built) on first use (``warm`` does it ahead)."""
        with self._lock:
            if self._locator is None:
                self._locator = Locator(self.indexes.index(self.transcript) if self.indexes else self.transcript)
            return self._locator

    def warm(self) -> None:
        """Build what the first requests need ahead of them: the paragraphs for the page, then,
        once the page has them (or after a few seconds), the index for searches."""
        self.paragraphs()
        self._shown.wait(WARM_WAIT)  # (the index takes the processor for a second: not meanwhile)
        if self._closing:
            return
        self.transcript.cleaned()
        self.locator  # noqa: B018 - built for its side effect

    def close(self) -> None:
        """The studio stops: ``warm`` builds nothing more."""
        self._closing = True
        self._shown.set()

    def shown(self) -> None:
        """The page has its state (the web layer calls this once the answer is sent)."""
        self._shown.set()

    def paragraphs(self) -> list[dict[str, Any]]:
        with self._paragraphs_lock:
            if self._paragraphs is None:
                self._paragraphs = paragraphs(self.transcript)
            return self._paragraphs

    def state(self) -> dict[str, Any]:
        """All the page needs to show: the file, its version, the video, the transcript."""
        doc, version = self.read()
        t = self.transcript
        return {
            "file": str(self.path),
            "version": version,
            "video_id": doc.model.video_id,
            "video": doc.model.video,
            "label": doc.model.label,
            "link_style": doc.model.link_style,
            "sections": [_section_out(i, s) for i, s in enumerate(doc.model.sections)],
            "templates": list(self.templates),
            "transcript": {
                "language": t.language_code,
                "generated": t.is_generated,
                "length": t.end,
                "paragraphs": self.paragraphs(),
            },
        }

    # -- the engine

    def search(self, data: Any) -> dict[str, Any]:
        """Where a text (a summary being typed, the search box's words) is said: the best
        places with their confidence, best first, and a note when none is confident."""
        req = parse(SearchIn, data)
        text = req.text.strip()
        if not text:
            return {"matches": [], "note": ""}
        found = self.locator.locate(text, top=TOP, title=req.title or None)
        # As `match` does: a text of a few words is said in too many places to trust.
        short = not placeable(text, self.transcript.language_code)
        if short:
            found = [replace(m, confident=False) for m in found]
        note = ""
        if short:
            note = "Too short to place: give five words or more that say what is said."
        elif not found:
            note = why_not_found(self.locator, text)
        elif not found[0].confident:
            note = why_unsure(self.locator, text)
        matches = [m.to_dict() | {"timecode": format_timecode(m.start)} for m in found]
        return {"matches": matches, "note": note}

    def quote(self, data: Any) -> dict[str, Any]:
        """The words said from ``start`` to ``end``, as ``quotes mark`` quotes them."""
        req = parse(QuoteIn, data)
        self.transcript.check_range(req.start, req.end)
        return {"text": self.transcript.cleaned().text_between(req.start, req.end)}

    def check(self, data: Any) -> dict[str, Any]:
        """Each section judged as ``quotes match`` judges it (status, confidence, proposal)."""
        model = self._model(parse(DocumentIn, data), self.read()[0].model)
        results = match_sections(model, self.transcript)
        return {
            "results": [
                {
                    "status": r.status,
                    "confidence": None if r.score is None else round(r.score, 3),
                    "proposed": r.proposed,
                    "timecode": format_timecode(r.proposed) if r.proposed is not None else None,
                }
                for r in results
            ]
        }

    def preview(self, data: Any) -> dict[str, Any]:
        """The page's sections rendered with a template (as ``quotes render`` makes it), what
        ``render`` would warn of, and each section's link and label."""
        req = parse(PreviewIn, data)
        template = self.templates.get(req.template)
        if template is None:
            raise BadRequest(f"template: no template {req.template!r}; use one of {', '.join(self.templates)}")
        model = self._model(req, self.read()[0].model)
        said = quotes_from(model, self.transcript) if template not in QUOTELESS_TEMPLATES else {}
        # What `quotes render` warns of for this template (chapters YouTube would not show,
        # sections starting past the end of the video).
        if template == "chapters":
            problems = [str(p) for p in chapter_problems(model, self.transcript.end, str(self.path))]
        else:
            problems = past_the_end(model, self.transcript.end)
        return {"markdown": render(model, template, said), "links": _links(model), "problems": problems}

    # -- writing

    def save(self, data: Any) -> dict[str, Any]:
        """Write the page's sections to the file, unless it changed on disk since ``version``.

        Sections keep their YAML nodes (comments and key order) by ``key``; only the values that
        changed are written; new sections are written as ``quotes mark`` writes them; sections
        left out are deleted. The text written is read back before it replaces the file.
        """
        req = parse(SaveIn, data)
        # As `mark` and `match` do: another quotes changing the file waits for this write (or
        # this one for it, then finds the file changed).
        with self._lock, locked(self.path):
            doc, version = self.read()
            if req.version != version:
                raise FileChanged(
                    f"{self.path} changed on disk since the page loaded it; reload to see the "
                    "changes (your unsaved edits are not written)"
                )
            model = _as_written(self._model(req, doc.model))
            _apply(doc, req, model)
            text = doc.dumps()
            if loads(text, self.path).model != model:  # pragma: no cover - a bug, not an input
                raise BadRequest("the edited file would not read back as sent; nothing was written")
            doc.save()
        doc, version = self.read()
        return {"version": version, "sections": [_section_out(i, s) for i, s in enumerate(doc.model.sections)]}

    def _model(self, req: DocumentIn, base: QuotesFile) -> QuotesFile:
        """The quotes file the page describes (validated as the file is)."""
        sections = []
        for n, item in enumerate(req.sections):
            fields = item.model_dump(exclude={"key"})
            try:
                sections.append(Section.model_validate(fields))
            except ValueError as exc:  # (pydantic's ValidationError, a TimecodeError: both ValueErrors)
                name = repr(item.title) if item.title else "untitled"
                raise BadRequest(f"sections.{n} ({name}): {_first_error(exc)}") from None
        keys = [s.key for s in req.sections if s.key is not None]
        if len(keys) != len(set(keys)):
            raise BadRequest("sections: the same key is given twice")
        if any(k >= len(base.sections) for k in keys):
            raise BadRequest("sections: a key names no section of the file")
        update: dict[str, Any] = {"sections": sections}
        if req.label is not None:
            update["label"] = req.label
        if req.link_style is not None:
            update["link_style"] = req.link_style
        return base.model_copy(update=update)


def _as_written(model: QuotesFile) -> QuotesFile:
    """``model`` with its times as the file holds them (``quotesfile.as_written``)."""
    return model.model_copy(update={"sections": [as_written(s) for s in model.sections]})


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        message = err["msg"].removeprefix("Value error, ")
        return f"{where}: {message}" if where else message
    return str(exc)


def _section_out(key: int, s: Section) -> dict[str, Any]:
    return {"key": key} | s.model_dump()


def _links(model: QuotesFile) -> list[dict[str, Any] | None]:
    """Each section's deep link and its label (the label, then the time: as the newsletter)."""
    out: list[dict[str, Any] | None] = []
    for s in model.sections:
        if s.start is None:
            out.append(None)
            continue
        timecode = format_timecode(s.start)
        label = f"{model.label} {timecode}" if model.label else timecode
        out.append({"url": deep_link(model.video_id, s.start, model.link_style), "label": label, "timecode": timecode})
    return out


def _apply(doc: QuotesDocument, req: DocumentIn, model: QuotesFile) -> None:
    """Make ``doc``'s YAML say ``model``, touching only what changed (see ``Studio.save``)."""
    seq = doc.data["sections"]
    old_nodes, old_comments = list(seq), dict(seq.ca.items)
    old_sections = doc.model.sections
    fresh = new_document(model, header=False).data["sections"]  # each section as `mark` writes it
    nodes, comments = [], {}
    for i, (item, section) in enumerate(zip(req.sections, model.sections)):
        if item.key is None:
            nodes.append(fresh[i])
            continue
        node = old_nodes[item.key]
        _update_node(node, old_sections[item.key], section, fresh[i])
        nodes.append(node)
        if item.key in old_comments:
            comments[i] = old_comments[item.key]
    del seq[:]
    seq.extend(nodes)
    seq.ca.items.clear()
    seq.ca.items.update(comments)
    for key in ("label", "link_style"):
        if getattr(model, key) != getattr(doc.model, key):
            doc.data[key] = getattr(model, key)
    doc.model = model


def _update_node(node: Any, old: Section, new: Section, fresh: Any) -> None:
    """Write into a section's YAML node the values that changed, in the file's key order."""
    for key in SECTION_KEYS:
        if getattr(old, key) == getattr(new, key):
            continue
        if key not in fresh:  # cleared (an empty text, no time, no blank lines)
            node.pop(key, None)
        elif key in node:
            node[key] = fresh[key]
        else:
            # Before the first key that comes after it in a section as written.
            later = SECTION_KEYS[SECTION_KEYS.index(key) + 1 :]
            keys = list(node.keys())
            pos = next((keys.index(k) for k in later if k in keys), len(keys))
            node.insert(pos, key, fresh[key])
