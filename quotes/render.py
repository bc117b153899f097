"""Render a quotes file through a jinja2 template into markdown.

Built-in templates live in ``quotes/templates/<name>.j2`` (package data): ``newsletter``,
``chapters`` and ``quotes``. A custom template (any file path) gets the same data and filters.
Undefined variables are errors (StrictUndefined), never silently empty.

Template data:
    video_id, video_url, label, link_style, sections,
    video (the video's facts when cached: title, channel, upload_date, duration, chapters)
    each section: title, start, end, summary, quote, notes, blank_lines_before,
                  url (deep link to start), timecode (start as 13:23), number (1-based)
Filters:
    ``seconds | timecode`` -> "13:23";  ``seconds | deep_link`` -> "https://youtu.be/ID?t=803"
    (``deep_link("long")`` for the long style).
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from .errors import QuotesError, TemplateProblem
from .quotesfile import QuotesFile, Section, load, past_the_end
from .store import TranscriptStore
from .timecode import format_timecode
from .transcript import QUOTE_LENGTH, Transcript
from .video import deep_link as _deep_link
from .videoinfo import VideoInfo, chapter_warnings, load_info

__all__ = [
    "BUILTIN_TEMPLATES",
    "ChapterProblem",
    "chapter_problems",
    "default_output_path",
    "environment",
    "render",
    "render_file",
    "Rendered",
    "template_context",
]

BUILTIN_TEMPLATES = ("newsletter", "chapters", "quotes")
TEMPLATE_DIR = Path(__file__).parent / "templates"


class _Missing(TemplateProblem):
    pass


@dataclass
class RenderSection:
    """A section as templates see it."""

    number: int
    title: str
    start: float | None
    end: float | None
    summary: str
    quote: str | None
    notes: str | None
    blank_lines_before: int
    video_id: str
    link_style: str

    def _need_start(self, what: str) -> float:
        if self.start is None:
            raise _Missing(
                f"section {self.number} ({self.title!r}) has no start, which the template's "
                f"{what} needs; run `quotes match FILE` or add `start:` to it"
            )
        return self.start

    @property
    def url(self) -> str:
        return _deep_link(self.video_id, self._need_start("link"), self.link_style)

    @property
    def timecode(self) -> str:
        return format_timecode(self._need_start("timecode"))


def _section(number: int, s: Section, video_id: str, style: str, said: str | None = None) -> RenderSection:
    return RenderSection(
        number=number,
        title=s.title,
        start=s.start,
        end=s.end,
        # An editor's `summary: |` ends with a newline the page must not show.
        summary=s.summary.rstrip("\n"),
        quote=s.quote.strip() if s.quote else (said or s.quote),
        notes=s.notes,
        blank_lines_before=s.blank_lines_before,
        video_id=video_id,
        link_style=style,
    )


# Built-in templates that show no quote: rendering them needs no words from the transcript.
QUOTELESS_TEMPLATES = ("newsletter", "chapters")

def quotes_from(quotes: QuotesFile, transcript: Transcript) -> dict[int, str]:
    """The verbatim words of each section that has a start but no `quote` (by index): from its
    start to its end, else ``QUOTE_LENGTH`` seconds or up to the next section's start."""
    cleaned = transcript.cleaned()
    starts = [s.start for s in quotes.sections]
    out = {}
    for i, s in enumerate(quotes.sections):
        if s.quote or s.start is None or s.start >= transcript.end:
            continue
        end = s.end
        if end is None:
            later = [t for t in starts[i + 1 :] if t is not None and t > s.start]
            end = min([s.start + QUOTE_LENGTH] + later[:1])
        text = cleaned.text_between(s.start, end)
        if text:
            out[i] = text
    return out


def template_context(
    quotes: QuotesFile, said: dict[int, str] | None = None, video: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The variables every template gets. ``said`` (see ``quotes_from``) gives the words of
    sections that have a start but no `quote`; ``video`` the video's facts
    (``VideoInfo.variables()``: title, channel, upload_date, duration, chapters), empty when unknown."""
    vid = quotes.video_id
    said = said or {}
    return {
        "video": video or {"title": "", "channel": "", "upload_date": "", "duration": None, "chapters": []},
        "video_id": vid,
        "video_url": _deep_link(vid, None, quotes.link_style),
        "label": quotes.label,
        "link_style": quotes.link_style,
        "sections": [
            _section(i, s, vid, quotes.link_style, said.get(i - 1)) for i, s in enumerate(quotes.sections, 1)
        ],
    }


_LINK_STYLES = ("short", "long", "embed")


def _seconds_for(name: str, value: Any) -> float:
    """A filter's time argument as seconds, or TemplateProblem saying what it was given."""
    if value is None:
        raise TemplateProblem(f"{name} filter given no time (a section without start?)")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TemplateProblem(
            f"{name} filter expects seconds (a number such as section.start), got {value!r}"
        )
    if value < 0:
        raise TemplateProblem(f"{name} filter expects zero or more seconds, got {value!r}")
    return float(value)


def _timecode_filter(seconds: float | None) -> str:
    return format_timecode(_seconds_for("timecode", seconds))


@jinja2.pass_context
def _deep_link_filter(context, seconds: float | None, style: str | None = None) -> str:
    style = style or context["link_style"]
    if style not in _LINK_STYLES:
        raise TemplateProblem(
            f"deep_link filter: style {style!r} is not one of {', '.join(_LINK_STYLES)} "
            "(use it as section.start | deep_link or section.start | deep_link('long'))"
        )
    return _deep_link(context["video_id"], _seconds_for("deep_link", seconds), style)


def _blockquote(text: str) -> str:
    """Each line prefixed with ``> `` (blank lines with ``>``)."""
    if not isinstance(text, str):
        raise TemplateProblem(f"blockquote filter expects text, got {text!r}")
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.split("\n"))


def environment(extra_dir: str | os.PathLike | None = None) -> jinja2.Environment:
    """The jinja2 environment: built-in templates (and ``extra_dir``, a user template's own
    folder: what it may include), strict undefined, sandboxed.

    A template is code someone else may have written: it renders in jinja2's sandbox, where
    Python's internals (``cycler.__init__.__globals__``, ``lipsum.__globals__``) are out of
    reach, and it reads no file outside those folders."""
    search = [str(extra_dir)] if extra_dir is not None else []
    search.append(str(TEMPLATE_DIR))
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(search),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["timecode"] = _timecode_filter
    env.filters["deep_link"] = _deep_link_filter
    env.filters["blockquote"] = _blockquote
    return env


def _load_template(template: str) -> jinja2.Template:
    if template in BUILTIN_TEMPLATES:
        env = environment()
        name = f"{template}.j2"
    else:
        path = Path(template)
        try:
            found = path.is_file()
        except OSError:  # (a name too long, a loop of symlinks: no template there either)
            found = False
        if not found:
            raise TemplateProblem(
                f"no template {template!r}: use one of {', '.join(BUILTIN_TEMPLATES)} "
                "or the path of a .j2 file"
            )
        env = environment(path.parent)
        name = path.name
    try:
        return env.get_template(name)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(
            f"{exc.filename or template}:{exc.lineno}: template syntax error: {exc.message}"
        ) from None
    except jinja2.TemplateNotFound:  # pragma: no cover - checked above
        raise TemplateProblem(f"no template {template!r}") from None
    except RecursionError:
        raise TemplateProblem(f"{template}: nested too deeply to read") from None
    except UnicodeDecodeError as exc:
        raise TemplateProblem(
            f"{template}: expected UTF-8 text, got byte 0x{exc.object[exc.start]:02x}; save the template as UTF-8"
        ) from None


def render(
    quotes: QuotesFile, template: str = "newsletter", said: dict[int, str] | None = None, video: dict[str, Any] | None = None
) -> str:
    """``quotes`` rendered with a built-in template name or a template file path; ``said``
    (``quotes_from(quotes, transcript)``) quotes the sections that have no `quote`; ``video``
    gives the video's facts (see ``template_context``)."""
    tpl = _load_template(template)
    try:
        return tpl.render(**template_context(quotes, said, video))
    except SecurityError as exc:
        raise TemplateProblem(
            f"{_where(template, tpl, exc)}: refused, templates render sandboxed and may not reach "
            f"Python's internals ({str(exc).rstrip('.')})"
        ) from None
    except jinja2.UndefinedError as exc:
        raise TemplateProblem(f"{_where(template, tpl, exc)}: {_undefined(exc.message or '')}") from None
    except RecursionError:
        raise TemplateProblem(
            f"template {template!r}: a macro (or include) calls itself without end; give it a way to stop"
        ) from None
    except TemplateProblem as exc:
        raise TemplateProblem(f"{_where(template, tpl, exc)}: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(
            f"{_where(template, tpl, exc)}: no template {exc.name!r} to include; a template includes only "
            "templates in its own folder and the built-in ones"
        ) from None
    except jinja2.TemplateError as exc:
        raise TemplateProblem(f"{_where(template, tpl, exc)}: {exc}") from None
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as exc:
        # A template's own mistake ({{ s.title + 1 }}): the template's line, not a traceback.
        raise TemplateProblem(f"{_where(template, tpl, exc)}: {type(exc).__name__}: {exc}") from None


def _undefined(message: str) -> str:
    """jinja2's "'quotes.render.RenderSection object' has no attribute 'x'" as a template's
    author would put it, with what a section has."""
    m = re.match(r"'[\w.]*RenderSection object' has no attribute '(.*)'$", message)
    if m:
        has = [f.name for f in dataclasses.fields(RenderSection)] + [
            name for name, value in vars(RenderSection).items() if isinstance(value, property)
        ]
        return f"a section has no {m.group(1)!r} (it has {', '.join(has)})"
    return message


def _where(template: str, tpl: jinja2.Template, exc: BaseException) -> str:
    """``template 'NAME', line N``: the template line being rendered when ``exc`` was raised."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tpl.filename and tb.tb_frame.f_code.co_filename == tpl.filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return f"template {template!r}" + (f", line {line}" if line else "")


@dataclass(frozen=True)
class ChapterProblem:
    """One of YouTube's chapter rules that the sections break, explained."""

    rule: str
    explanation: str

    def __str__(self) -> str:
        return self.explanation


MIN_CHAPTERS = 3
MIN_CHAPTER_SECONDS = 10.0


def find_starts(file: str, first: bool = False) -> str:
    """What to do about sections without a start, without going in a circle: ``match`` finds
    them, but one it leaves unsure or not found needs its time from the editor."""
    return (
        f"run `quotes match {shlex.quote(file)}`{' first' if first else ''} (a section it leaves unsure or "
        "not found needs a "
        "`start:` written by hand: `quotes search` shows where words are said)"
    )


def chapter_problems(
    quotes: QuotesFile, video_length: float | None = None, file: str = "FILE"
) -> list[ChapterProblem]:
    """Why YouTube would not show these sections as chapters (empty when it would).

    YouTube's rules for chapters in a description: the first starts at 0:00, there are at
    least three, they are in ascending order, and each lasts at least 10 seconds. ``file``
    names the quotes file in the commands suggested.
    """
    out: list[ChapterProblem] = []
    timed = [(i, s) for i, s in enumerate(quotes.sections, 1) if s.start is not None]
    untimed = [f"{i} ({s.title!r})" for i, s in enumerate(quotes.sections, 1) if s.start is None]
    if untimed:
        out.append(
            ChapterProblem(
                "times",
                f"sections without a start cannot be chapters: {', '.join(untimed)}; "
                + find_starts(file, first=True),
            )
        )
    if len(timed) < MIN_CHAPTERS:
        out.append(
            ChapterProblem(
                "count",
                f"YouTube needs at least {MIN_CHAPTERS} chapters; there are {len(timed)}",
            )
        )
    if timed and timed[0][1].start != 0:
        i, s = timed[0]
        out.append(
            ChapterProblem(
                "first",
                f"the first chapter must start at 0:00, but section {i} ({s.title!r}) starts at "
                f"{format_timecode(s.start)}; add a first section such as `title: Intro` with "
                "`start: '0:00'`",
            )
        )
    for (i, a), (j, b) in itertools.pairwise(timed):
        if b.start <= a.start:
            out.append(
                ChapterProblem(
                    "order",
                    f"chapters must be in ascending order: section {j} ({b.title!r}) at "
                    f"{format_timecode(b.start)} does not come after section {i} ({a.title!r}) "
                    f"at {format_timecode(a.start)}",
                )
            )
        elif b.start - a.start < MIN_CHAPTER_SECONDS:
            out.append(
                ChapterProblem(
                    "length",
                    f"each chapter must last at least {MIN_CHAPTER_SECONDS:.0f} s: section {i} "
                    f"({a.title!r}) lasts {b.start - a.start:.0f} s "
                    f"({format_timecode(a.start)} to {format_timecode(b.start)})",
                )
            )
    if video_length is not None:
        out += [ChapterProblem("past-end", message) for message in past_the_end(quotes, video_length)]
    if timed and video_length is not None:
        i, last = timed[-1]
        if 0 < video_length - last.start < MIN_CHAPTER_SECONDS:
            out.append(
                ChapterProblem(
                    "length",
                    f"each chapter must last at least {MIN_CHAPTER_SECONDS:.0f} s: the last, section "
                    f"{i} ({last.title!r}) at {format_timecode(last.start)}, ends with the video "
                    f"at {format_timecode(video_length)}",
                )
            )
    return out


def default_output_path(quotes_path: str | os.PathLike, template: str = "newsletter",
                        directory: str | os.PathLike = "output") -> Path:
    """``output/<stem>.md`` for the newsletter, ``output/<stem>.<template>.md`` otherwise.

    The stem drops ``.yaml``/``.yml`` and a ``.quotes`` before it:

    >>> str(default_output_path("notes/pdJQ8iVTwj8.quotes.yaml"))
    'output/pdJQ8iVTwj8.md'
    >>> str(default_output_path("talk.yaml", "chapters"))
    'output/talk.chapters.md'
    """
    name = Path(quotes_path).name
    for suffix in (".yaml", ".yml", ".quotes"):
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    if template != "newsletter":
        name += "." + Path(template).name.removesuffix(".j2").removesuffix(".md")
    return Path(directory) / f"{name}.md"


@dataclass
class Rendered:
    """A quotes file rendered, and what the editor should know about it (``render_file``)."""

    text: str
    sections: int
    notes: list[str]  # what was done for the editor (said before the output)
    warnings: list[str]  # what the output lacks and why
    problems: list[str]  # what is wrong in the quotes file for this template (exit 3)
    chapters: bool  # rendered as YouTube chapters (then problems hide them)


def render_file(
    path: str | os.PathLike, template: str = "newsletter", store: TranscriptStore | None = None
) -> Rendered:
    """Render the quotes file at ``path``, quoting sections that have no `quote` from the cached
    transcript in ``store`` (never fetched), with the warnings and problems to tell."""
    file = str(path)
    doc = load(path)
    model = doc.model
    # The cached transcript, if any: it gives the video's length for chapters and the words of
    # sections that have no `quote` yet.
    transcript = None
    try:
        transcript = (store or TranscriptStore()).find(model.video_id)
    except QuotesError:
        pass
    # The words of sections without a `quote`, worked out once, for templates that show them.
    quoted = quotes_from(model, transcript) if transcript and template not in QUOTELESS_TEMPLATES else {}
    facts, facts_warning = _cached_facts(store or TranscriptStore(), model.video_id)
    text = render(model, template, quoted, facts.variables() if facts else None).replace("\n", doc.newline)  # the file's line ends
    out = Rendered(text, len(model.sections), [], [], [], template == "chapters")
    if template == "quotes":
        _unquoted_warnings(out, model, transcript, quoted)
    if template == "chapters":
        length = transcript.end if transcript else None
        out.problems = [str(p) for p in chapter_problems(model, length, file)]
    elif template == "newsletter":
        out.warnings = [
            f"section {i} ({s.title!r}) has no start, so it has no link; {find_starts(file)}"
            for i, s in enumerate(model.sections, 1)
            if s.start is None
        ]
    if template != "chapters" and transcript is not None:
        out.problems = past_the_end(model, transcript.end)
    if template == "chapters":
        out.warnings += chapter_warnings([(s.title, s.start) for s in model.sections if s.start is not None], facts)
    out.warnings += facts_warning
    return out


def _cached_facts(store: TranscriptStore, video_id: str) -> tuple[VideoInfo | None, list[str]]:
    """The video's cached facts (never fetched), and a warning when their file is damaged."""
    try:
        return load_info(store.directory, video_id), []
    except QuotesError as exc:
        return None, [str(exc)]


def _unquoted_warnings(out: Rendered, model: QuotesFile, transcript: Transcript | None, quoted: dict) -> None:
    """The sections the quotes template shows without their words, and why."""
    unquoted = [(i, s) for i, s in enumerate(model.sections, 1) if not s.quote and s.start is not None]
    if not unquoted:
        return
    if transcript is None:
        out.warnings = [
            f"section {i} ({s.title!r}) has no quote and no cached transcript to quote from, "
            f"so its summary is shown; run `quotes fetch {model.video_id}`"
            for i, s in unquoted
        ]
        return
    n = len(quoted)
    out.notes.append(f"Quoted {n:,} section{'' if n == 1 else 's'} without a `quote` from the cached transcript.")
    out.warnings = [
        f"section {i} ({s.title!r}) starts at {s.start:g} s, where nothing is said "
        "in the transcript, so its summary is shown"
        for i, s in unquoted
        if i - 1 not in quoted and s.start < transcript.end  # (past it: said below)
    ]
