"""Markdown -> the YouTube links in it, each with its time, its label and its section.

No transcript knowledge: this module only reads the editor's document. Markdown is parsed
with markdown-it-py so that links inside code blocks, fenced code and inline code are left
alone; every link is then found again in the *original* source text, so that a fix can
rewrite exactly the characters of its URL and of the time in its label and keep every other
byte of the file (odd bytes included: files are decoded with ``surrogateescape``).

A link's *section* is what the link claims is said at its time:

- a link that opens its paragraph, list item or table row ("- [13:23](https://youtu.be/ID?t=803)
  what is said"): the prose after it there, up to the next timestamped link;
- a link that ends its paragraph or item (a newsletter's summary, then "[Talk 13:23](...)"): the
  prose from the previous heading or timestamped link down to it;
- a link inside a paragraph or item ("As Chris says [here](...), strings are ..."): the
  sentence around it;
- a link in a heading, or alone straight under it: the prose under the heading;
- a link on a line of a chapter list (every line opens with a time or a link): its line.
"""

from __future__ import annotations

import bisect
import html
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference, unescapeAll

from .errors import DocumentError, VideoURLError
from .match import placeable
from .timecode import find_timecodes
from .video import VideoLink, is_youtube_url, parse_video_url

__all__ = [
    "DocumentLink",
    "Document",
    "parse_document",
    "read_document",
    "decode_markdown",
    "encode_markdown",
    "markdown_files",
    "not_text",
    "read_markdown",
]


@dataclass
class DocumentLink:
    """One YouTube link in a markdown document.

    Offsets (``url_span``, ``label_span``) index the document's decoded source text; they
    are None when the link could not be found in the source (e.g. a reference-style link).
    """

    path: str
    line: int  # 1-based line of the URL in the source
    href: str  # the URL as markdown resolved it
    text: str  # the link text, plain
    video: VideoLink | None  # None when the URL names no video (see url_error)
    url_error: str | None = None
    source_url: str | None = None  # the URL exactly as written in the source
    url_span: tuple[int, int] | None = None
    label_seconds: float | None = None  # a time written in the label or right next to it
    label_time_text: str | None = None  # that time as written, e.g. "13:23"
    label_span: tuple[int, int] | None = None
    label_where: str | None = None  # "text", "before", "after" the link, or "line" (opens its line)
    heading: str | None = None  # title of the heading the link sits under
    section: str = ""  # the prose the link stands for (no markdown syntax)
    # Where a timestamped link sits, which decides its section: "opens", "ends" or is "inside"
    # its block, or is in a "heading" or on a "line" of a chapter list.
    place: str | None = None
    reference: str | None = None  # "errs" for [see][errs]: the URL is in the definition "[errs]: URL"
    reference_uses: int = 0  # how many links of the document use that reference
    cells: list[str] = field(default_factory=list)  # a table row's cells with prose, when in one
    # A time written without a link ("13:23 Curly braces"), read as a time in the video given
    # to parse_document(video=...): its label is the time itself, and a fix rewrites that.
    plain: bool = False

    @property
    def video_id(self) -> str | None:
        return self.video.video_id if self.video else None

    @property
    def t(self) -> float | None:
        """The time the link starts the video at (None: no time)."""
        return self.video.t if self.video else None

    @property
    def timestamped(self) -> bool:
        return self.video is not None and self.video.time_key is not None


@dataclass
class Document:
    """A markdown file's decoded text and the YouTube links found in it."""

    path: str
    text: str
    links: list[DocumentLink] = field(default_factory=list)
    unlinked_times: int = 0  # times written without a link, when no video was named to read them in


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
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise DocumentError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DocumentError(f"{path}: a folder, not a file") from None
    except OSError as exc:
        raise DocumentError(f"cannot read {path}: {exc.strerror or exc}") from None
    why = not_text(data)
    if why:
        raise DocumentError(f"{path} is {why}")
    if not strict:
        return decode_markdown(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{path} is not UTF-8 text ({exc.reason})") from None


def read_document(path: str | os.PathLike, *, video: str | None = None, count_unlinked: bool = False) -> Document:
    """Read and parse one markdown file; DocumentError when it cannot be read."""
    return parse_document(read_markdown(path), str(path), video=video, count_unlinked=count_unlinked)


def markdown_files(paths: list[str | os.PathLike]) -> list[Path]:
    """Files named in ``paths``: files as given, folders searched recursively for ``*.md``.

    Raises DocumentError for a path that does not exist, or a folder without markdown files
    (a mistyped path would otherwise pass as "0 links checked").
    """
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.md") if p.is_file())
            if not found:
                raise DocumentError(f"{raw}: no markdown files (*.md) in this folder")
        elif path.is_file():
            found = [path]
        else:
            raise DocumentError(f"{raw}: no such file or folder")
        for p in found:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                out.append(p)
    return out


# ------------------------------------------------------------------ parsing

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])

_NEWLINE = re.compile(r"\r\n|\r|\n")  # markdown-it counts lines the same way
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
# included), ending before whitespace or "<"; see _trim_bare for its end.
_BARE_YOUTUBE = re.compile(
    r"(?<![\w/<\[])(?:https?://)?(?:(?:www|m|music)\.)?(?:youtube\.com|youtu\.be|youtube-nocookie\.com)/[^\s<>\[\]`]*",
    re.I,
)
_TRAILING_PUNCT = ".,;:!?'\"*_~"


def _trim_bare(url: str) -> str:
    """A bare URL without the punctuation that ends its sentence and an unbalanced ``)``.

    >>> _trim_bare("https://youtu.be/x?t=5).")
    'https://youtu.be/x?t=5'
    >>> _trim_bare("https://en.wikipedia.org/wiki/Mojo_(language))")
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


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _NEWLINE.finditer(text)]


def _blank_front_matter(text: str) -> str:
    """``text`` with its front matter replaced by blank lines (line numbers kept)."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return text
    block = m.group(0)
    return "".join(nl.group(0) for nl in _NEWLINE.finditer(block)) + text[m.end() :]


def _mask_code(text: str) -> str:
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
class _Candidate:
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


def _candidates(masked: str, base: int, references: dict | None = None, text: str = "") -> list[_Candidate]:
    """Every place a URL is written in ``masked`` (a block's source with code masked).

    ``references`` are markdown-it's link reference definitions and ``text`` the whole source,
    where their URLs are written.
    """
    out: list[_Candidate] = []
    for m in _ANCHOR.finditer(masked):
        close = _ANCHOR_CLOSE.search(masked, m.end())
        if close is None:
            continue
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        out.append(_Candidate(base + m.start(group), base + m.end(group), m.group(group), _anchor_href(m),
                              base + m.start(), base + close.end(), base + m.end() - 1, base + close.start(),
                              anchor=True))
    for m in _INLINE_DEST.finditer(masked):
        group = 1 if m.group(1) is not None else 2
        raw = m.group(group)
        href = _MD.normalizeLink(unescapeAll(raw))
        lo = _label_open(masked, m.start())
        close = masked.find(")", m.end(group))  # after a title, if any
        tail = close + 1 if close != -1 else m.end(group)
        out.append(_Candidate(base + m.start(group), base + m.end(group), raw, href,
                              base + (m.start() if lo is None else lo), base + tail,
                              None if lo is None else base + lo, base + m.start()))
    taken = [(c.start, c.end) for c in out]
    for m in _AUTOLINK.finditer(masked):
        raw = m.group(1)
        out.append(_Candidate(base + m.start(1), base + m.end(1), raw, _MD.normalizeLink(raw),
                              base + m.start(), base + m.end()))
        taken.append((base + m.start(1), base + m.end(1)))
    for m in _BARE_YOUTUBE.finditer(masked):
        raw = _trim_bare(m.group(0))
        start = base + m.start()
        if any(a <= start < b for a, b in taken):
            continue
        out.append(_Candidate(start, start + len(raw), raw, raw, start, start + len(raw)))
    for m in _REF_USE.finditer(masked) if references else ():
        label = m.group(2) or m.group(1)
        ref = references.get(normalizeReference(label))
        if ref is None or any(a <= base + m.start() < b for a, b in taken):
            continue
        url = _definition_url(text, ref.get("map"), label)
        out.append(_Candidate(base + m.start(), base + m.end(), url[2] if url else ref["href"], ref["href"],
                              base + m.start(), base + m.end(), base + m.start(), base + m.start(1) + len(m.group(1)),
                              url_span=url[:2] if url else None, reference=label))
    out.sort(key=lambda c: c.start)
    return out


# An HTML link: <a href="URL">words</a> (quoted with " or ', or not at all).
_ANCHOR = re.compile(r"""<a\s(?:[^>"']|"[^"]*"|'[^']*')*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))[^>]*>""", re.I)
_ANCHOR_CLOSE = re.compile(r"</a\s*>", re.I)
_CODE_TAG = re.compile(r"</?(?:code|pre|kbd|samp)(?:\s[^>]*)?>", re.I)
# Parts of an HTML block that are no prose: comments, code, scripts.
_HTML_NO_PROSE = re.compile(
    r"<!--.*?-->|<(pre|code|script|style|textarea)\b.*?</\1\s*>|<(?:pre|code|script|style|textarea)\b.*", re.I | re.S
)


def _anchor_href(m: re.Match) -> str:
    return _MD.normalizeLink(html.unescape(next(g for g in m.groups() if g is not None)))


def _mask_html(source: str) -> str:
    """``source`` with comments and code blanked out (offsets kept): links there are not read."""
    return _HTML_NO_PROSE.sub(lambda m: re.sub(r"[^\r\n]", " ", m.group(0)), source)


def _html_text(source: str) -> str:
    """The words of some HTML: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>", " ", source))


# A reference link as written in text: [text][label], [label][] or [label].
_REF_USE = re.compile(r"\[((?:[^\[\]\\\n]|\\.)*)\](?:\[((?:[^\[\]\\\n]|\\.)*)\])?(?![(\[:])")
_DEFINITION = re.compile(
    r"^[ ]{0,3}\[((?:[^\[\]\\]|\\.)+)\]:[ \t]*(?:\r\n|\r|\n)?[ \t]*(?:<([^<>\n]*)>|(\S+))", re.M
)


def _definition_url(text: str, lines, label: str) -> tuple[int, int, str] | None:
    """Where the URL of the definition of ``label`` is written: (start, end, URL as written)."""
    if not lines:
        return None
    starts = _line_starts(text)
    lo = starts[lines[0]] if lines[0] < len(starts) else len(text)
    hi = starts[lines[1]] if lines[1] < len(starts) else len(text)
    for m in _DEFINITION.finditer(text, lo, hi):
        if normalizeReference(m.group(1)) == normalizeReference(label):
            group = 2 if m.group(2) is not None else 3
            return m.start(group), m.end(group), m.group(group)
    return None


def _plain(children, skip_links: bool = False) -> str:
    """Plain text of inline tokens."""
    parts = []
    for tok in children or []:
        if tok.type in ("text", "code_inline"):
            parts.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif tok.type == "image":
            parts.append(_plain(tok.children))
    return "".join(parts)


def _video_of(url: str) -> tuple[VideoLink | None, str | None] | None:
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


def parse_document(
    text: str, path: str = "<document>", *, video: str | None = None, count_unlinked: bool = False
) -> Document:
    """Find the YouTube links of a markdown text, each with its label time and section.

    With ``video`` (a video id), the times written without a link are read as times in that
    video too (see ``_plain_times``): show notes and chapter lists often have no links.
    Without it, ``count_unlinked`` counts them (``Document.unlinked_times``).

    >>> doc = parse_document("# Speed\\n\\nIt is fast.\\n\\n[Talk 1:05](https://youtu.be/pdJQ8iVTwj8?t=65)\\n")
    >>> link = doc.links[0]
    >>> link.line, link.video_id, link.t, link.label_seconds, link.heading, link.section
    (5, 'pdJQ8iVTwj8', 65.0, 65.0, 'Speed', 'It is fast.')
    """
    starts = _line_starts(text)
    parse_text = _blank_front_matter(text)
    if parse_text.startswith("\ufeff"):
        parse_text = " " + parse_text[1:]  # a byte-order mark is not text: "## Title" stays a heading
    env: dict = {}
    tokens = _MD.parse(parse_text, env)
    references = env.get("references", {})
    doc = Document(path=path, text=text)

    heading: str | None = None
    section_parts: list[str] = []  # prose since the last heading / timestamped link, unclaimed
    pieces: list = []  # the current block: text, _BREAK, _CELL and _LinkPiece
    # A timestamped link in a heading ("## [13:23](...) Curly braces") stands for the prose
    # under the heading, up to the next heading or timestamped link.
    heading_link: list[DocumentLink] = []
    fresh_heading = [False]  # nothing read yet under the last heading

    def take_prose(before: str = "") -> str:
        """The unclaimed prose (and ``before``): the heading's link takes it, else it is returned."""
        if before:
            section_parts.append(before)
        taken = "\n".join(p for p in section_parts if p)
        section_parts.clear()
        if heading_link:
            heading_link.pop().section = taken
            return ""
        return taken

    def end_block():
        if pieces:
            lines = _chapter_lines(pieces)
            for part in lines or [list(pieces)]:
                settle(part, isolated=lines is not None)
            pieces.clear()

    def settle(block: list, isolated: bool) -> None:
        """Give each timestamped link of one block (or one chapter line) the prose it stands for."""
        under_heading = fresh_heading[0]  # the first block under a heading
        fresh_heading[0] = False
        links = [p.link for p in block if isinstance(p, _LinkPiece)]
        if _CELL in block:
            # The other cells of the row: the link's own cell is its time or label column.
            cells, cell = [], []
            for p in block + [_CELL]:
                if p is not _CELL:
                    cell.append(p)
                    continue
                if not any(isinstance(q, _LinkPiece) for q in cell) and _is_prose(_tidy(_texts(cell)[0])):
                    cells.append(_tidy(_texts(cell)[0]))
                cell = []
            for link in links:
                link.cells = cells
        texts = _texts(block)  # before, between and after the links
        if not links:
            if not isolated and _tidy(texts[0]):
                section_parts.append(_tidy(texts[0]))
            return
        if not _is_prose(texts[0]):
            # The link opens its block ("- [13:23](...) what is said"): each link stands for
            # the prose after it, up to the next; before it is at most a time, its label.
            prior = take_prose()
            prior = "" if isolated else prior
            following = ""
            for i in range(len(links) - 1, -1, -1):
                after = _tidy(texts[i + 1])
                if _is_prose(after) and not _CONNECTIVE.fullmatch(after):
                    following = after
                elif i == len(links) - 1:
                    following = ""  # nothing after it: the prose before, as a newsletter has it
                # else "[42:02](...) and [42:42](...) what is said": both stand for it
                links[i].section = following or (prior if i == 0 else "")
                links[i].place = "line" if isolated else "opens"
            if len(links) == 1 and not links[0].section and not isolated and under_heading:
                # A link alone, straight under its heading ("### Title", the link, then the
                # quote): it stands for the prose that follows, as a link in the heading would.
                heading_link.append(links[0])
            return
        # Prose comes first. A link inside its block stands for the sentence around it; the
        # link that ends its block, for the prose before it (the newsletter's layout).
        joined, spans = _joined(block)
        ends = _sentence_ends(joined)
        start = 0  # where the prose no link has claimed begins
        for i, (link, (a, b)) in enumerate(zip(links, spans)):
            if i == len(links) - 1 and not _is_prose(texts[-1]):
                before = _tidy(joined[start:a])
                if not isolated and placeable(before):
                    take_prose()  # the paragraph says enough: the prose before it is another matter
                    link.section = before
                else:
                    link.section = before if isolated else take_prose(before)
                link.place = "line" if isolated else "ends"
                return
            s0 = max([0] + [e for e in ends if e <= a])
            s1 = min([e for e in ends if e > b] + [len(joined)])
            take_prose("" if isolated else _tidy(joined[start:s0]))
            link.section = _tidy(joined[s0:s1])
            link.place = "line" if isolated else "inside"
            following = spans[i + 1][0] if i + 1 < len(spans) else len(joined)
            start = s1 if s1 <= following else b
        if not isolated and _tidy(joined[start:]):
            section_parts.append(_tidy(joined[start:]))

    def line_of(offset: int) -> int:
        return bisect.bisect_right(starts, offset)

    def add_link(tok, cand, href, label, found, words) -> None:
        link = _make_link(doc, text, starts, line_of, tok, cand, href, label, found)
        link.heading = heading
        doc.links.append(link)
        if not link.timestamped:
            pieces.append(words)
            link.section = "\n".join([p for p in section_parts if p] + [_tidy(_texts(pieces)[-1])]).strip()
        elif in_heading:
            link.place = "heading"
            heading_link.append(link)
        else:
            # A label such as "here" or "this one" is part of its sentence; a time is not.
            pieces.append(_LinkPiece(link, words if _is_prose(words) else ""))

    def read_html_block(tok) -> None:
        """The <a href> links of an HTML block, read as one block of prose."""
        l0, l1 = tok.map if tok.map else (0, len(starts))
        lo = starts[l0]
        hi = starts[l1] if l1 < len(starts) else len(text)
        source = _mask_html(text[lo:hi])
        pos = lo
        for cand in _candidates(source, lo):
            if not cand.anchor:
                continue
            pieces.append(_html_text(source[pos - lo : cand.head - lo]))
            words = _html_text(source[cand.label_open + 1 - lo : cand.label_close - lo])
            found = _video_of(cand.href)
            if found is None:
                pieces.append(words)
            else:
                add_link(tok, cand, cand.href, words.strip(), found, words)
            pos = cand.tail
        pieces.append(_html_text(source[pos - lo :]))

    in_heading = in_thead = False
    for tok in tokens:
        if tok.type == "html_block":
            end_block()
            read_html_block(tok)
            end_block()
            continue
        if tok.type == "heading_open":
            end_block()
            take_prose()
            in_heading = True
            continue
        if tok.type == "heading_close":
            in_heading = False
            fresh_heading[0] = True
            pieces.clear()  # the heading's words are its title, not prose
            continue
        if tok.type != "inline":
            if tok.type in ("td_close", "th_close"):
                pieces.append(_CELL)  # a table row is one block: "| 13:23 | [link] | what |"
            elif tok.type in ("thead_open", "thead_close"):
                in_thead = tok.type == "thead_open"
            elif tok.type == "tr_close" and in_thead and not any(isinstance(p, _LinkPiece) for p in pieces):
                pieces.clear()  # column names ("| time | topic |") are not what a link stands for
            elif tok.type.endswith("_close") or tok.type in ("hr",):
                end_block()
            continue  # code_block, fence, html_block: left alone
        if in_heading:
            heading = _heading_title(tok.children)
            # Links in the heading are read below, like any other.

        # Source region of this block, code spans masked.
        l0, l1 = tok.map if tok.map else (0, len(starts))
        lo = starts[l0]
        hi = starts[l1] if l1 < len(starts) else len(text)
        candidates = _candidates(_mask_code(text[lo:hi]), lo, references, parse_text)
        cursor = lo

        children = tok.children or []
        i = 0
        code_depth = 0  # inside inline <code>, <pre>, <kbd> or <samp>: shown as code, left alone
        while i < len(children):
            child = children[i]
            if child.type == "html_inline" and _CODE_TAG.match(child.content):
                code_depth += -1 if child.content.startswith("</") else 1
                code_depth = max(code_depth, 0)
                i += 1
                continue
            if code_depth:
                if child.type == "text":
                    pieces.append(child.content)
                i += 1
                continue
            if child.type == "link_open":
                # Collect the link's children up to its close.
                depth, j = 1, i + 1
                while j < len(children) and depth:
                    if children[j].type == "link_open":
                        depth += 1
                    elif children[j].type == "link_close":
                        depth -= 1
                    j += 1
                inner = children[i + 1 : j - 1]
                href = child.attrGet("href") or ""
                label = re.sub(r"\s+", " ", _plain(inner)).strip()
                found = _video_of(href)
                if found is None:
                    pieces.append(_plain(inner))
                else:
                    cand = next((c for c in candidates if c.start >= cursor and c.href == href), None)
                    if cand is not None:
                        cursor = cand.end
                    add_link(tok, cand, href, label, found, "" if child.markup == "autolink" else _plain(inner))
                i = j
                continue
            if child.type == "html_inline" and _ANCHOR.match(child.content):
                # <a href="...">words</a> in a paragraph: its words are the tokens up to </a>.
                j = i + 1
                while j < len(children) and not (
                    children[j].type == "html_inline" and _ANCHOR_CLOSE.match(children[j].content)
                ):
                    j += 1
                inner = children[i + 1 : j]
                href = _anchor_href(_ANCHOR.match(child.content))
                found = _video_of(href)
                if found is None:
                    pieces.append(_plain(inner))
                else:
                    cand = next((c for c in candidates if c.start >= cursor and c.anchor and c.href == href), None)
                    if cand is not None:
                        cursor = cand.end
                    label = re.sub(r"\s+", " ", _plain(inner)).strip()
                    add_link(tok, cand, href, label, found, _plain(inner))
                i = j + 1
                continue
            if child.type == "text":
                # Bare YouTube URLs in prose (markdown-it without linkify leaves them as text).
                pos = 0
                for m in _BARE_YOUTUBE.finditer(child.content):
                    raw = _trim_bare(m.group(0))
                    found = _video_of(raw)
                    if found is None:
                        continue
                    pieces.append(child.content[pos : m.start()])
                    pos = m.start() + len(raw)
                    cand = next((c for c in candidates if c.start >= cursor and c.raw == raw), None)
                    if cand is not None:
                        cursor = cand.end
                    add_link(tok, cand, raw, raw, found, "")
                pieces.append(child.content[pos:])
            elif child.type == "code_inline":
                pieces.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                pieces.append(_BREAK)
            elif child.type == "image":
                pieces.append(_plain(child.children))
            i += 1
    end_block()
    take_prose()
    # A reference's URL is rewritten only for the one link that uses it: fixing it for one of
    # several would move the others too.
    uses = Counter(normalizeReference(link.reference) for link in doc.links if link.reference)
    for link in doc.links:
        if link.reference:
            link.reference_uses = uses[normalizeReference(link.reference)]
            if link.reference_uses > 1:
                link.url_span = None
    if not video and count_unlinked:
        doc.unlinked_times = len(_plain_times(doc, tokens, starts, ""))  # in no video: only counted
    elif video:
        doc.links.extend(_plain_times(doc, tokens, starts, video))
        # (By line, stably: links keep their order; a plain time never shares a line with a
        # timestamped link, and follows any other link on its line.)
        doc.links.sort(key=lambda link: link.line)
    return doc


@dataclass
class _LinkPiece:
    """A timestamped link in a block, with its own words when they are part of the prose."""

    link: DocumentLink
    words: str


class _Mark:
    """A marker in a block's pieces."""

    def __init__(self, name: str):
        self.name = name


_BREAK = _Mark("line break")
_CELL = _Mark("end of a table cell")


def _texts(block: list) -> list[str]:
    """The text of ``block`` before, between and after its links."""
    out = [""]
    for p in block:
        if isinstance(p, _LinkPiece):
            out.append("")
        elif isinstance(p, _Mark):
            out[-1] += " "
        elif isinstance(p, _LinkPiece):
            out[-1] += p.words
        else:
            out[-1] += p
    return out


def _joined(block: list) -> tuple[str, list[tuple[int, int]]]:
    """The text of ``block`` with its links' own words, and where each link's words sit."""
    out, spans = "", []
    for p in block:
        if isinstance(p, _LinkPiece):
            spans.append((len(out), len(out) + len(p.words)))
            out += p.words
        else:
            out += " " if isinstance(p, _Mark) else p
    return out, spans


def _chapter_lines(block: list) -> list[list] | None:
    """The lines of a paragraph that is a list of chapters, else None.

    Each line opens with a time or a timestamped link ("2:31:47 Packaging - https://...");
    such a line is a section of its own, however its neighbours end.
    """
    lines: list[list] = [[]]
    for p in block:
        if p is _BREAK:
            lines.append([])
        else:
            lines[-1].append(p)
    if len(lines) < 2 or not any(isinstance(p, _LinkPiece) for p in block):
        return None
    for line in lines:
        first = next((p for p in line if not (isinstance(p, str) and not p.strip())), None)
        if not isinstance(first, _LinkPiece) and not (isinstance(first, str) and _OPENING_TIME.match(first)):
            return None
    return lines


_OPENING_TIME = re.compile(r"\s*(?:[-*+\u2022]\s+)?[(\[]?\d{1,2}(?::\d{2}){1,2}(?!\d)")
# Words two links that open a block may have between them and still share the prose after both.
_CONNECTIVE = re.compile(r"(?:and|or|to|then|&|\+)", re.I)
# Where a sentence ends: . ! ? (and closing quotes or brackets), then space and no lowercase
# letter ("e.g. the" goes on).
_SENTENCE_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*\s+(?![\sa-z])")


def _sentence_ends(text: str) -> list[int]:
    return [m.end() for m in _SENTENCE_END.finditer(text)]


def _tidy(text: str) -> str:
    """Prose without what a link left around it: brackets emptied or holding its time, a time
    that opens it, punctuation dangling at either end.

    >>> _tidy("2:31:47 Packaging - ")
    'Packaging'
    >>> _tidy(", and it was stressful (). ")
    'and it was stressful.'
    >>> _tidy("Her rule, , says")  # a URL written between commas
    'Her rule, says'
    """
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\(\s*\d{1,2}(?::\d{2}){1,2}\s*\)|\[\s*\d{1,2}(?::\d{2}){1,2}\s*\]", "", text)
    text = re.sub(r"\(\s*[,;:]?\s*\)|\[\s*\]", "", text)
    text = re.sub(r"\s+([,.;:!?)\]])", r"\1", text)
    text = re.sub(r"([,;:])[,;:]+", r"\1", text)
    text = re.sub(r"^[\s,;:.)\]|\-\u2013\u2014]+", "", text)
    text = re.sub(r"[\s,;:(\[|\-\u2013\u2014]+$", "", text)
    m = re.match(r"\d{1,2}(?::\d{2}){1,2}(?!\d)[\s\-\u2013\u2014:|)]*", text)
    if m and _is_prose(text[m.end() :]):
        text = text[m.end() :]
    return text.strip()


def _heading_title(children) -> str:
    """A heading's words without the label of a timestamped link or a time in it; the label's
    words when they are all there is ("## [Packaging](https://youtu.be/ID?t=9107)")."""
    parts, labels, skip = [], [], 0
    for child in children or []:
        if child.type == "link_open":
            href = child.attrGet("href") or ""
            found = _video_of(href)
            if found is not None and found[0] is not None and found[0].time_key is not None:
                skip += 1
                continue
        if child.type == "link_close" and skip:
            skip -= 1
            continue
        words = labels if skip else parts
        if child.type in ("text", "code_inline"):
            words.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            words.append(" ")

    def tidy(words: list[str]) -> str:
        title = _HEADING_TIME.sub(" ", "".join(words))
        title = re.sub(r"^[\s\-\u2013\u2014:|()\[\]]+|[\s\-\u2013\u2014:|()\[\]]+$", "", re.sub(r"\s+", " ", title))
        return title.strip()

    return tidy(parts) or tidy(labels)


def _is_prose(text: str) -> bool:
    """Words, not just a time, a bullet or punctuation ("13:23 -", "•", "(")."""
    return bool(re.search(r"[^\W\d_]", _TIME_LIKE.sub(" ", text)))


_HEADING_TIME = re.compile(r"\b\d{1,2}(?::\d{2}){1,2}\b|\b\d+h\d+m(?:\d+s)?\b|\b\d+m\d+s\b")
_TIME_LIKE = re.compile(r"\b\d{1,2}(?::\d{2}){1,2}\b|\b\d+h\d+m\d+s\b|\b\d+m\d+s\b|\b\d+s\b", re.I)


def _make_link(doc, text, starts, line_of, tok, cand, href, label, found) -> DocumentLink:
    video, why = found
    if cand is not None:
        line = line_of(cand.start)
    else:
        line = (tok.map[0] + 1) if tok.map else 1
    link = DocumentLink(
        path=doc.path,
        line=line,
        href=href,
        text=label,
        video=video,
        url_error=why,
        source_url=cand.raw if cand else None,
        url_span=cand.url_span if cand else None,
        reference=cand.reference if cand else None,
    )
    if cand is None:
        return link
    # 1. A time written in the link's own text: the last one ("Interview 2023 ... 13:23").
    if cand.label_open is not None and cand.label_close is not None:
        raw_label = _mask_code(text[cand.label_open + 1 : cand.label_close])
        times = find_timecodes(raw_label)
        if times:
            s, e, secs = times[-1]
            base = cand.label_open + 1
            _set_label(link, text, base + s, base + e, secs, "text")
            return link
    # 2. A time right before the link in the same line: "starting at 8:08 [here](...)".
    begin = cand.head
    line_start = starts[line_of(begin) - 1]
    before = _mask_code(text[line_start:begin])
    times = find_timecodes(before)
    if times:
        s, e, secs = times[-1]
        gap = before[e:]
        # "Curly braces (13:30): https://...": the bracket around the time is no text between.
        if gap[:1] in (")", "]") and before[:s].rstrip(" *_").endswith("(" if gap[:1] == ")" else "["):
            gap = gap[1:]
        if _GAP_BEFORE.match(gap) and not gap.count("\n"):
            _set_label(link, text, line_start + s, line_start + e, secs, "before")
            return link
    # 3. Right after it: "[clip](...) (13:23)".
    end = cand.tail
    m = _NEWLINE.search(text, end)
    after = _mask_code(text[end : m.start() if m else len(text)])
    times = find_timecodes(after)
    if times:
        s, e, secs = times[0]
        if _GAP_AFTER.match(after[:s]):
            _set_label(link, text, end + s, end + e, secs, "after")
            return link
    # 4. The time that opens a chapter line: "2:31:47 Packaging - https://youtu.be/ID?t=9107".
    if times := find_timecodes(before):
        s, e, secs = times[0]
        title = before[e:]
        if (
            _LINE_OPEN.fullmatch(before[:s])
            and len(times) == 1
            and _CHAPTER_TITLE.fullmatch(title)
            and "](" not in title
            and _LINE_END.fullmatch(after)
        ):
            _set_label(link, text, line_start + s, line_start + e, secs, "line")
    return link


def _set_label(link: DocumentLink, text: str, start: int, end: int, secs: float, where: str):
    link.label_seconds = secs
    link.label_time_text = text[start:end]
    link.label_span = (start, end)
    link.label_where = where


# ------------------------------------------------------------------ times without links

# Where a time opens its line: after a list marker, a quote mark, emphasis or a bracket.
_OPENS_LINE = re.compile(
    r"\ufeff?[ \t>]*(?:#{1,6}[ \t]+)?(?:[-*+\u2022][ \t]+(?:\[[ xX]\][ \t]+)?|\d{1,3}[.)][ \t]+)?[ \t*_(\[|@~]*"
)
# The second time of a range after the first: "12:34-13:10", "0:44 to 1:27".
_RANGE_END = re.compile(r"[ \t]*(?:-|\u2013|\u2014|to|until)[ \t]*(?:\d+:)?\d{1,2}:\d{2}(?![\d])", re.I)
# What may follow a time that ends its block: a closing bracket, emphasis, punctuation.
_ENDS_BLOCK = re.compile(r"[ \t*_)\].,;:!?]*")
# What may come right before a time that ends its block: the line's start, an opening bracket,
# a dash or bar, or the end of a sentence; not a word ("we met at 10:30.", "Runtime: 4:33").
_SET_APART = re.compile(r"(?:^|[(\[|\-\u2013\u2014.!?])[ \t*_]*$")
# A time in brackets inside a sentence: "(13:23)", "(at 13:23)", "[13:23-14:10]".
_BRACKET_BEFORE = re.compile(r"[(\[][ \t]*(?:(?:at|from|around|see|~)[ \t]+)?$", re.I)
_BRACKET_AFTER = re.compile(r"(?:[ \t]*(?:-|\u2013|\u2014|to)[ \t]*(?:\d+:)?\d{1,2}:\d{2})?[ \t]*[)\]]", re.I)
# What a link, an image, an autolink, a URL or HTML occupies: no time in it is a plain time.
_NOT_PROSE = re.compile(r"!?\[(?:[^\]\\\n]|\\.)*\]\([^)\n]*\)|<[^<>\n]*>|\bhttps?://\S+|\bwww\.\S+")
_SETEXT_UNDERLINE = re.compile(r"[ \t]*(?:=+|-+)[ \t]*")
_TABLE_BAR = re.compile(r"(?<!\\)\|")


def _prose_of(raw: str) -> str:
    """The words of a bit of markdown source: no heading marks, list markers, emphasis or
    link syntax (a link's words are kept)."""
    text = re.sub(r"!?\[((?:[^\]\\\n]|\\.)*)\]\([^)\n]*\)", r"\1", raw.replace("\ufeff", ""))
    text = re.sub(r"(?m)^[ \t>]*(?:#{1,6}[ \t]+|[-*+\u2022][ \t]+|\d{1,3}[.)][ \t]+)?", "", text)
    text = re.sub(r"<[^<>\n]*>|[*_`|]|#+[ \t]*$", " ", text)
    # What held a time that is blanked out: "(at )", "( - )", "[ to ]".
    text = re.sub(r"[(\[][\s~@]*(?:(?:at|from|around|see|to|until|-|\u2013|\u2014)\s*)*[)\]]", " ", text, flags=re.I)
    return re.sub(r"\s{2,}", " ", _tidy(text))


def _plain_times(doc: Document, tokens, starts: list[int], video_id: str) -> list[DocumentLink]:
    """The times written without a link, as links into ``video_id``, each with its section:

    - a time opening a heading or ending it ("## 13:23 Curly braces", "## Curly braces (13:23)")
      stands for the prose under the heading;
    - the lines of a chapter list ("0:00 Intro" / "3:42 Curly braces", where some lines may
      have links instead) each stand for their own line;
    - a time opening a paragraph, list item or table row ("- 13:23 Braces are clutter ...",
      "| 13:23 | Braces | ... |") stands for the text after it; a time alone, for the prose
      before it (or, straight under a heading, after it); in a table, a time that fills its
      cell stands for the row's other cells;
    - a time ending a paragraph, set apart from its words ("... they are gone. (13:23)"),
      stands for that paragraph, and for the prose before it when the paragraph alone is short;
    - a time in brackets inside a paragraph ("braces (13:23) are gone", "(at 13:23)") for its
      sentence.

    Only clock times (13:23, 1:26:50) are read. Other times in prose ("we met at 10:30.") are
    not; nor are times in code, in links or in blocks that hold a timestamped link (that
    link's own time is its label), except on the other lines of a chapter list.
    """
    text = doc.text
    n_lines = len(starts)
    taken_lines = {link.line for link in doc.links if link.timestamped}
    labels = [link.label_span for link in doc.links if link.label_span]
    found: list[DocumentLink] = []
    heading: str | None = None
    unclaimed: list[str] = []  # prose since the last heading or time, that no time stands for
    pending: list[DocumentLink] = []  # a time that stands for the prose that follows it
    fresh = False  # the next block is the first under a heading

    def flush() -> None:
        if pending:
            pending.pop().section = "\n".join(unclaimed)
        unclaimed.clear()

    def line_start(offset: int) -> int:
        return starts[bisect.bisect_right(starts, offset) - 1]

    def line_end(offset: int) -> int:
        k = bisect.bisect_right(starts, offset)
        end = starts[k] if k < n_lines else len(text)
        return len(text[:end].rstrip("\r\n"))

    def opener_end(b: int) -> int:
        """The end of a time that opens its line, with the range it may start ("0:44 to 1:27")."""
        m = _RANGE_END.match(text, b)
        return m.end() if m else b

    def new(a: int, b: int, secs: float, section: str, place: str) -> DocumentLink:
        link = DocumentLink(
            path=doc.path,
            line=bisect.bisect_right(starts, a),
            href="",
            text=text[a:b],
            video=VideoLink(url="", video_id=video_id, t=secs, time_key="t", time_text=text[a:b], short=True),
            heading=heading,
            section=section,
            place=place,
            plain=True,
        )
        _set_label(link, text, a, b, secs, "plain")
        found.append(link)
        return link

    in_head = False  # in a table's header row: column names, not a section
    for tok in tokens:
        if tok.type in ("thead_open", "thead_close"):
            in_head = tok.type == "thead_open"
        kind = {"heading_open": "heading", "paragraph_open": "para", "tr_open": "row"}.get(tok.type)
        if kind is None or not tok.map or (kind == "row" and in_head):
            continue
        l0, l1 = tok.map
        if kind == "heading" and l1 - l0 > 1 and _SETEXT_UNDERLINE.fullmatch(
            text[starts[l1 - 1] : starts[l1] if l1 < n_lines else len(text)].rstrip("\r\n")
        ):
            l1 -= 1  # a setext heading: its words, not the underline
        lo = starts[l0]
        hi = line_end(starts[l1 - 1]) if l1 - 1 < n_lines else len(text)
        raw = text[lo:hi]
        masked = _NOT_PROSE.sub(lambda m: " " * len(m.group(0)), _mask_code(raw))
        times = [
            (lo + a, lo + b, secs)
            for a, b, secs in find_timecodes(masked)
            if ":" in raw[a:b] and not any(s0 < lo + b and lo + a < s1 for s0, s1 in labels)
        ]
        linked = {line for line in range(l0 + 1, l1 + 1) if line in taken_lines}
        if kind == "heading":
            flush()
            opening = [x for x in times if _OPENS_LINE.fullmatch(text[lo : x[0]])]
            closing = [x for x in times if re.fullmatch(r"[ \t*_)\]#]*", text[x[1] : hi])]
            heading = _prose_of(_time_free(raw, lo, times))
            fresh = True
            if (opening or closing) and not linked:
                a, b, secs = (opening or closing)[0]
                pending.append(new(a, b, secs, "", "heading"))
            continue
        was_fresh, fresh = fresh, False
        if kind == "row":
            if linked:
                flush()  # a timestamped link stands for this row
                continue
            if not times:
                unclaimed.append(_prose_of(raw))
                continue
            cells, pos = [], lo
            for m in list(_TABLE_BAR.finditer(raw)) + [None]:
                end = lo + m.start() if m else hi
                cells.append((pos, end))
                pos = lo + m.end() if m else hi
            timed = [
                (x, c) for x in times for c in cells
                if c[0] <= x[0] and x[1] <= c[1] and re.fullmatch(r"[ \t*_(\[]*", text[c[0] : x[0]])
                and re.fullmatch(r"[ \t*_)\]]*", text[opener_end(x[1]) : c[1]])
            ]
            if not timed:
                unclaimed.append(_prose_of(raw))
                continue
            flush()
            (a, b, secs), own = timed[0]
            prose = [_prose_of(_time_free(text[c0:c1], c0, times)) for c0, c1 in cells if (c0, c1) != own]
            prose = [p for p in prose if _is_prose(p)]
            new(a, b, secs, " ".join(prose), "opens").cells = prose
            continue
        opening = [x for x in times if _OPENS_LINE.fullmatch(text[line_start(x[0]) : x[0]])]
        opening = [x for x in opening if bisect.bisect_right(starts, x[0]) not in linked]
        if opening and len(opening) + len(linked) >= 2:
            # A chapter list: each line that opens with a time (or holds a link) is a section
            # of its own; a line with neither ("Chapters:", "Music by ...") is no chapter's.
            flush()
            for a, b, secs in opening:
                rest = text[opener_end(b) : line_end(a)]
                new(a, b, secs, _prose_of(_time_free(rest, opener_end(b), times)), "line")
            continue
        if linked:
            flush()  # a timestamped link stands for this block's prose
            continue
        if not times:
            if _prose_of(raw):
                unclaimed.append(_prose_of(raw))
            continue
        first_line_end = line_end(lo)
        if opening and opening[0][0] < first_line_end:
            a, b, secs = opening[0]
            after = _prose_of(_time_free(text[opener_end(b) : hi], opener_end(b), times))
            if after:
                flush()
                new(a, b, secs, after, "opens")
            elif unclaimed and not pending:
                new(a, b, secs, "\n".join(unclaimed), "ends")
                unclaimed.clear()
            else:
                flush()
                link = new(a, b, secs, "", "opens")
                if was_fresh:
                    pending.append(link)
            continue
        a, b, secs = times[-1]
        if _ENDS_BLOCK.fullmatch(masked[b - lo :].rstrip()) and _SET_APART.search(text[line_start(a) : a]):
            own = _prose_of(_time_free(text[lo:a], lo, times))
            if placeable(own):
                flush()  # the paragraph says enough: the prose before it is another matter
                prose = own
            else:
                unclaimed.append(own)
                prose = "\n".join(p for p in unclaimed if p)
                unclaimed.clear()
                if pending:
                    pending.pop().section = prose
            new(a, b, secs, prose, "ends")
            continue
        # Times in brackets inside the paragraph: each stands for its sentence.
        inside = [
            x for x in times if _BRACKET_BEFORE.search(text[lo : x[0]]) and _BRACKET_AFTER.match(text, x[1])
        ]
        inside = [x for k, x in enumerate(inside) if not (k and _RANGE_END.match(text, inside[k - 1][1]))]
        if not inside:
            unclaimed.append(_prose_of(raw))
            continue
        flush()
        ends = [lo + m.end() for m in _SENTENCE_END.finditer(raw)]
        for a, b, secs in inside:
            s0 = max([lo] + [e for e in ends if e <= a])
            s1 = min([e for e in ends if e > b] + [hi])
            new(a, b, secs, _prose_of(_time_free(text[s0:s1], s0, times)), "inside")
    flush()
    return found


def _time_free(raw: str, at: int, times: list[tuple[int, int, float]]) -> str:
    """``raw`` (which starts at offset ``at``) with the given times blanked out."""
    chars = list(raw)
    for a, b, _ in times:
        for i in range(max(a - at, 0), min(b - at, len(chars))):
            chars[i] = " "
    return "".join(chars)
