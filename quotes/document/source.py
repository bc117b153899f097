"""The source of a markdown file: its bytes and text, its lines, and where each link, URL and
label time is written in it, so that a fix rewrites exactly those characters and keeps every
other byte (odd bytes included: files are decoded with ``surrogateescape``)."""

from __future__ import annotations

import bisect
import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt, rules_inline
from markdown_it.common.utils import normalizeReference, unescapeAll

from ..errors import DocumentError, FileError, VideoURLError
from ..files import read_bytes, reason, what_is
from ..timecode import RANGE_END, find_timecodes
from ..video import VideoLink, is_youtube_url, parse_video_url
from .model import DocumentLink

__all__ = [
    "decode_markdown",
    "encode_markdown",
    "markdown_files",
    "not_text",
    "read_markdown",
    "Lines",
]

# ------------------------------------------------------------------ reading and writing


def decode_markdown(data: bytes) -> str:
    """Bytes of a markdown file -> text; undecodable bytes survive as lone surrogates.

    >>> encode_markdown(decode_markdown(b"caf\\xe9\\r\\n")) == b"caf\\xe9\\r\\n"
    True
    """
    return data.decode("utf-8", errors="surrogateescape")


def encode_markdown(text: str) -> bytes:
    """The inverse of ``decode_markdown``: the original bytes back."""
    return text.encode("utf-8", errors="surrogateescape")


def not_text(data: bytes) -> str | None:
    """Why ``data`` is no markdown to read as UTF-8 (UTF-16 or UTF-32 text, or binary), or None.
    (A file in another 8-bit encoding is read: its odd bytes are kept, see ``decode_markdown``.)"""
    for bom, name in ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16")):
        if data.startswith(bom):
            return f"{name} text, not UTF-8: save it as UTF-8"
    if b"\x00" in data:
        return "not text (it holds NUL bytes)"
    return None


def read_markdown(path: str | os.PathLike, *, strict: bool = False) -> str:
    """The text of a markdown file; DocumentError when it cannot be read, or is no 8-bit text.
    Bytes that are not UTF-8 are kept as ``decode_markdown`` keeps them, or with ``strict``
    (for text that is to be copied elsewhere, as ``import-doc`` does) refused."""
    try:
        data = read_bytes(path)
    except FileError as exc:  # missing, a folder, unreadable
        raise DocumentError(str(exc)) from None
    why = not_text(data)
    if why:
        raise DocumentError(f"{path} is {why}")
    if not strict:
        return decode_markdown(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{path} is not UTF-8 text ({exc.reason})") from None


def markdown_files(paths: list[str | os.PathLike]) -> list[Path]:
    """Files named in ``paths``: files as given, folders searched recursively for ``*.md``.

    Raises DocumentError for a path that does not exist, or a folder without markdown files
    (a mistyped path would otherwise pass as "0 links checked").
    """
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        try:
            path.stat()
        except FileNotFoundError:
            pass  # (said below)
        except OSError as exc:  # a name too long, a loop of symlinks, no permission
            raise DocumentError(f"{raw}: {reason(exc)}") from None
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.md") if p.is_file())
            if not found:
                raise DocumentError(f"{raw}: no markdown files (*.md) in this folder")
        elif path.is_file():
            found = [path]
        elif path.exists():  # a FIFO, /dev/stdin on a pipe, a device: no page to check and fix
            raise DocumentError(f"{raw}: {what_is(path.stat().st_mode)}, not a markdown file; save the text to a file first")
        else:
            raise DocumentError(f"{raw}: no such file or folder")
        for p in found:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                out.append(p)
    return out


# ------------------------------------------------------------------ parsing


# ---------------------------------------------------------------- lines and links in the source

# Lists and quotes are read BLOCK_NESTING levels deep (markdown-it's commonmark preset stops at
# 20, silently); a reader reports what lies deeper (``too_deep``). Inline markup keeps the
# preset's 20 levels: "[" nested deeper only costs time.
BLOCK_NESTING = 100
MARKDOWN = MarkdownIt("commonmark", {"maxNesting": BLOCK_NESTING}).enable(["table", "strikethrough"])
_INLINE_MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _inline(state) -> None:
    """markdown-it's core "inline" rule, with the inline nesting of ``_INLINE_MARKDOWN``."""
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            state.md.inline.parse(token.content, _INLINE_MARKDOWN, state.env, token.children)


MARKDOWN.core.ruler.at("inline", _inline)


def _needs_label_end(rule):
    """markdown-it's inline ``rule`` (link, image), tried only where a ``]`` follows: a label has
    to close, and looking for the close from every ``[`` of a long run that never closes took
    time growing with the square of the run (``[`` x 1 MB)."""
    last: list = [(None, -1)]  # (the inline text, where its last "]" is), swapped whole: thread-safe

    def tried(state, silent: bool) -> bool:
        src, close = last[0]
        if src is not state.src:
            close = state.src.rfind("]")
            last[0] = (state.src, close)
        return close >= state.pos and rule(state, silent)

    return tried


for _md in (MARKDOWN, _INLINE_MARKDOWN):
    for _name, _rule in (("link", rules_inline.link), ("image", rules_inline.image)):
        _md.inline.ruler.at(_name, _needs_label_end(_rule))


def too_deep(tokens) -> list[int]:
    """The 1-based lines of the lists and quotes nested too deep to be read (their text is no
    token: markdown-it skips it)."""
    return [
        tok.map[0] + 1 for tok in tokens
        if tok.type in ("blockquote_open", "list_item_open") and tok.level >= BLOCK_NESTING - 1 and tok.map
    ]


NEWLINE = re.compile(r"\r\n|\r|\n")  # markdown-it counts lines the same way
# Front matter (YAML between --- lines at the very top) is not markdown: markdown-it would
# turn its closing --- into a setext heading.
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*(?:\r\n|\r|\n).*?(?:\r\n|\r|\n)(?:---|\.\.\.)[ \t]*(?=\r\n|\r|\n|\Z)", re.S)
# Code spans in a source line: masked before searching for links, so that a URL quoted in
# `code` is never mistaken for the link.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)", re.S)
# Where a URL sits in source: [text](URL ...), <URL>, or bare.
_INLINE_DEST = re.compile(r"\]\(\s*(?:<([^<>\n]*)>|([^\s()<>]+(?:\([^\s()<>]*\)[^\s()<>]*)*))")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^<>\s]*)>")
# A bare URL, as GitHub's autolink extension reads one: anywhere in text ("(https://...)"
# included), ending before whitespace or "<"; see trim_bare for its end.
BARE_YOUTUBE = re.compile(
    r"(?<![\w/<\[])(?:https?://)?(?:(?:www|m|music)\.)?(?:youtube\.com|youtu\.be|youtube-nocookie\.com)/[^\s<>\[\]`]*",
    re.I,
)
_TRAILING_PUNCT = ".,;:!?'\"*_~"


def trim_bare(url: str) -> str:
    """A bare URL without the punctuation that ends its sentence and an unbalanced ``)``.

    >>> trim_bare("https://youtu.be/x?t=5).")
    'https://youtu.be/x?t=5'
    >>> trim_bare("https://en.wikipedia.org/wiki/Mojo_(language))")
    'https://en.wikipedia.org/wiki/Mojo_(language)'
    """
    while True:
        trimmed = url.rstrip(_TRAILING_PUNCT)
        if trimmed.endswith(")") and trimmed.count(")") > trimmed.count("("):
            trimmed = trimmed[:-1]
        if trimmed == url:
            return url
        url = trimmed

# Text allowed between a time and the link it labels: "starting at 8:08 [here](...)",
# "13:23 - [clip](...)", "**13:23** [clip](...)".
_GAP_BEFORE = re.compile(r"^[\s*_\-\u2013\u2014:,(|]*$")  # "|": the next cell of a table row
_GAP_AFTER = re.compile(r"^[\s*_]*(?:\(|-|\u2013|\u2014|@|at\s)?[\s*_]*$", re.I)
# A chapter line: a time opens it (after list or quote marks), a short title without a
# sentence's punctuation follows, and the link ends it.
_LINE_OPEN = re.compile(r"[\s>]*(?:[-*+\u2022]\s+|\d{1,3}[.)]\s+)?[\s|*_(\[]*")
_CHAPTER_TITLE = re.compile(r"[^\s.!?;\n]*(?:\s+[^\s.!?;\n]+){0,15}\s*")  # a title, up to 16 words
_LINE_END = re.compile(r"[\s)\]|*_.,;:!?]*")


class Lines:
    """Where each line of a text starts: a line's number, start and end from an offset.

    (Each look-up is a bisection; nothing copies the text, so a long file is read in time
    that grows with its length, not its square.)

    >>> lines = Lines("ab\\r\\ncd\\n\\nef")
    >>> lines.line_of(5), lines.start_of(5), lines.end_of(5), lines.end_of(7)
    (2, 4, 6, 6)
    """

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in NEWLINE.finditer(text)]

    def __len__(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        """The 1-based line of ``offset``."""
        return bisect.bisect_right(self.starts, offset)

    def start_of(self, offset: int) -> int:
        """Where the line of ``offset`` starts."""
        return self.starts[bisect.bisect_right(self.starts, offset) - 1]

    def end_of(self, offset: int) -> int:
        """Where the line of ``offset`` ends (before its newline; on a blank line, where the
        last line with text before it ends)."""
        k = bisect.bisect_right(self.starts, offset)
        end = self.starts[k] if k < len(self.starts) else len(self.text)
        while end > 0 and self.text[end - 1] in "\r\n":
            end -= 1
        return end

    def offset(self, line: int) -> int:
        """Where 0-based ``line`` starts (the text's end past its last line)."""
        return self.starts[line] if line < len(self.starts) else len(self.text)


def blank_front_matter(text: str) -> str:
    """``text`` with its front matter replaced by blank lines (line numbers kept)."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return text
    block = m.group(0)
    return "".join(nl.group(0) for nl in NEWLINE.finditer(block)) + text[m.end() :]


def mask_code(text: str) -> str:
    return _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text)


def _label_open(text: str, close: int) -> int | None:
    """Index of the ``[`` that matches the ``]`` at ``close``."""
    depth = 0
    i = close
    while i >= 0:
        ch = text[i]
        escaped = i > 0 and text[i - 1] == "\\"
        if not escaped:
            if ch == "]":
                depth += 1
            elif ch == "[":
                depth -= 1
                if depth == 0:
                    return i
        i -= 1
    return None


@dataclass
class Candidate:
    """Where one link is written in the source."""

    start: int  # where the link's URL is written (for a reference link: where the reference is)
    end: int
    raw: str  # the URL as written
    href: str  # the URL as markdown resolves it
    head: int  # where the link's markup begins and ends
    tail: int
    label_open: int | None = None  # the character before the link's own words, and the one after
    label_close: int | None = None
    url_span: tuple[int, int] | None = None  # the URL's characters (None: found nowhere)
    reference: str | None = None  # "errs" in [see][errs]
    anchor: bool = False  # an HTML <a href="...">

    def __post_init__(self):
        if self.url_span is None and self.reference is None:
            self.url_span = (self.start, self.end)


def candidates(masked: str, base: int, references: dict | None = None, lines: Lines | None = None) -> list[Candidate]:
    """Every place a URL is written in ``masked`` (a block's source with code masked).

    ``references`` are markdown-it's link reference definitions and ``lines`` the lines of
    the whole source, where their URLs are written.
    """
    out: list[Candidate] = []
    # Where each </a> and each ")" is, found once: looking for the next one from every link
    # took time growing with the square of a block with many links and none of those.
    anchor_closes = list(ANCHOR_CLOSE.finditer(masked))
    close_starts = [m.start() for m in anchor_closes]
    parens = [m.start() for m in re.finditer(r"\)", masked)]
    for m in ANCHOR.finditer(masked):
        k = bisect.bisect_left(close_starts, m.end())
        if k == len(close_starts):
            continue
        close = anchor_closes[k]
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        out.append(Candidate(base + m.start(group), base + m.end(group), m.group(group), anchor_href(m),
                              base + m.start(), base + close.end(), base + m.end() - 1, base + close.start(),
                              anchor=True))
    for m in _INLINE_DEST.finditer(masked):
        group = 1 if m.group(1) is not None else 2
        raw = m.group(group)
        href = MARKDOWN.normalizeLink(unescapeAll(raw))
        lo = _label_open(masked, m.start())
        k = bisect.bisect_left(parens, m.end(group))  # the ")" after a title, if any
        tail = parens[k] + 1 if k < len(parens) else m.end(group)
        out.append(Candidate(base + m.start(group), base + m.end(group), raw, href,
                              base + (m.start() if lo is None else lo), base + tail,
                              None if lo is None else base + lo, base + m.start()))
    taken = [(c.start, c.end) for c in out]
    for m in _AUTOLINK.finditer(masked):
        raw = m.group(1)
        out.append(Candidate(base + m.start(1), base + m.end(1), raw, MARKDOWN.normalizeLink(raw),
                              base + m.start(), base + m.end()))
        taken.append((base + m.start(1), base + m.end(1)))
    for m in BARE_YOUTUBE.finditer(masked):
        raw = trim_bare(m.group(0))
        start = base + m.start()
        if any(a <= start < b for a, b in taken):
            continue
        out.append(Candidate(start, start + len(raw), raw, raw, start, start + len(raw)))
    for m in _REF_USE.finditer(masked) if references else ():
        label = m.group(2) or m.group(1)
        ref = references.get(normalizeReference(label))
        if ref is None or any(a <= base + m.start() < b for a, b in taken):
            continue
        url = _definition_url(lines, ref.get("map"), label)
        out.append(Candidate(base + m.start(), base + m.end(), url[2] if url else ref["href"], ref["href"],
                              base + m.start(), base + m.end(), base + m.start(), base + m.start(1) + len(m.group(1)),
                              url_span=url[:2] if url else None, reference=label))
    out.sort(key=lambda c: c.start)
    return out


# An HTML link: <a href="URL">words</a> (quoted with " or ', or not at all). No "<" inside the
# tag, not even in a quoted value (HTML would allow one): else '<a href="' repeated makes every
# start try every end, and a 45 KB line took minutes.
ANCHOR = re.compile(r"""<a\s(?:[^<>"']|"[^"<]*"|'[^'<]*')*?\bhref\s*=\s*(?:"([^"<]*)"|'([^'<]*)'|([^\s"'=<>`]+))[^<>]*>""", re.I)
ANCHOR_CLOSE = re.compile(r"</a\s*>", re.I)
CODE_TAG = re.compile(r"</?(?:code|pre|kbd|samp)(?:\s[^>]*)?>", re.I)
# Parts of an HTML block that are no prose: comments, code, scripts.
_HTML_NO_PROSE = re.compile(
    r"<!--.*?-->|<(pre|code|script|style|textarea)\b.*?</\1\s*>|<(?:pre|code|script|style|textarea)\b.*", re.I | re.S
)


def anchor_href(m: re.Match) -> str:
    return MARKDOWN.normalizeLink(html.unescape(next(g for g in m.groups() if g is not None)))


def mask_html(source: str) -> str:
    """``source`` with comments and code blanked out (offsets kept): links there are not read."""
    return _HTML_NO_PROSE.sub(lambda m: re.sub(r"[^\r\n]", " ", m.group(0)), source)


def html_text(source: str) -> str:
    """The words of some HTML: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>", " ", source))


# A reference link as written in text: [text][label], [label][] or [label].
_REF_USE = re.compile(r"\[((?:[^\[\]\\\n]|\\.)*)\](?:\[((?:[^\[\]\\\n]|\\.)*)\])?(?![(\[:])")
_DEFINITION = re.compile(
    r"^[ ]{0,3}\[((?:[^\[\]\\]|\\.)+)\]:[ \t]*(?:\r\n|\r|\n)?[ \t]*(?:<([^<>\n]*)>|(\S+))", re.M
)


def _definition_url(lines: Lines, span, label: str) -> tuple[int, int, str] | None:
    """Where the URL of the definition of ``label`` (on the lines ``span``) is written:
    (start, end, URL as written)."""
    if not span:
        return None
    for m in _DEFINITION.finditer(lines.text, lines.offset(span[0]), lines.offset(span[1])):
        if normalizeReference(m.group(1)) == normalizeReference(label):
            group = 2 if m.group(2) is not None else 3
            return m.start(group), m.end(group), m.group(group)
    return None


def video_of(url: str) -> tuple[VideoLink | None, str | None] | None:
    """(VideoLink, None), (None, why) for a broken video URL, or None: not a video link."""
    if not is_youtube_url(url):
        return None
    try:
        return parse_video_url(url), None
    except VideoURLError as exc:
        # Channel pages, playlists and the like are YouTube links but not video links;
        # only a URL that tries to name a video and fails is a broken video link.
        if re.search(r"youtu\.be/|/watch\b|/(?:shorts|live|embed|v)/", url, re.I):
            return None, str(exc)
        return None


# ---------------------------------------------------------------- the time a link's label says

def new_link(path: str, text: str, lines: Lines, tok, cand: Candidate | None, href: str, label: str, found) -> DocumentLink:
    """The link markdown-it read from ``tok`` and ``cand`` (where it is written), with the time
    its label says, if any."""
    video, why = found
    if cand is not None:
        line = lines.line_of(cand.start)
    else:
        line = (tok.map[0] + 1) if tok.map else 1
    link = DocumentLink(
        path=path,
        line=line,
        href=href,
        text=label,
        video=video,
        url_error=why,
        source_url=cand.raw if cand else None,
        url_span=cand.url_span if cand else None,
        reference=cand.reference if cand else None,
    )
    if cand is not None:
        _find_label_time(link, text, lines, cand)
    return link


def _find_label_time(link: DocumentLink, text: str, lines: Lines, cand: Candidate) -> None:
    """The time a link's label says: in its text, right before or after it, or opening its line."""
    # 1. A time written in the link's own text: the last one ("Interview 2023 ... 13:23").
    if cand.label_open is not None and cand.label_close is not None:
        raw_label = mask_code(text[cand.label_open + 1 : cand.label_close])
        times = find_timecodes(raw_label)
        if times:
            s, e, secs = _range_start(times, raw_label, link)
            base = cand.label_open + 1
            set_label(link, text, base + s, base + e, secs, "text")
            return
    # 2. A time right before the link in the same line: "starting at 8:08 [here](...)".
    # (What is read around the link is at most LABEL_REACH characters each way: a line of
    # thousands of links was read whole for each of them.)
    begin = cand.head
    line_start = lines.start_of(begin)
    window = max(line_start, begin - LABEL_REACH)
    before = mask_code(text[window:begin])
    times = find_timecodes(before)
    if times:
        s, e, secs = times[-1]
        gap = before[e:]
        s, e, secs = _range_start(times, before, link)
        # "Curly braces (13:30): https://...": the bracket around the time is no text between.
        if gap[:1] in (")", "]") and before[:s].rstrip(" *_").endswith("(" if gap[:1] == ")" else "["):
            gap = gap[1:]
        if _GAP_BEFORE.match(gap) and not gap.count("\n"):
            set_label(link, text, window + s, window + e, secs, "before")
            return
    # 3. Right after it: "[clip](...) (13:23)".
    end = cand.tail
    line_end = lines.end_of(end)
    after = mask_code(text[end : min(line_end, end + LABEL_REACH)])
    times = find_timecodes(after)
    if times:
        s, e, secs = times[0]
        if _GAP_AFTER.match(after[:s]):
            set_label(link, text, end + s, end + e, secs, "after")
            return
    # 4. The time that opens a chapter line: "2:31:47 Packaging - https://youtu.be/ID?t=9107".
    if window == line_start and line_end <= end + LABEL_REACH and (times := find_timecodes(before)):
        s, e, secs = times[0]
        title = before[e:]
        if (
            _LINE_OPEN.fullmatch(before[:s])
            and len(times) == 1
            and _CHAPTER_TITLE.fullmatch(title)
            and "](" not in title
            and _LINE_END.fullmatch(after)
        ):
            set_label(link, text, line_start + s, line_start + e, secs, "line")


def _range_start(times: list[tuple[int, int, float]], text: str, link: DocumentLink) -> tuple[int, int, float]:
    """The last of ``times``; or, when it ends a range ("01:39–03:25"), the range's start,
    whose time the link's is (the range's end goes to ``link.range_end``)."""
    last = times[-1]
    if len(times) >= 2:
        first = times[-2]
        m = RANGE_END.match(text, first[1])
        if m and m.end() == last[1] and last[2] > first[2]:
            link.range_end = last[2]
            return first
    return last


# How far from a link its label's time may be written (a chapter line's title is shorter).
LABEL_REACH = 1000


def set_label(link: DocumentLink, text: str, start: int, end: int, secs: float, where: str):
    link.label_seconds = secs
    link.label_time_text = text[start:end]
    link.label_span = (start, end)
    link.label_where = where
