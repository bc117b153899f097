"""The markdown walk: markdown-it's tokens -> the document's links, each found again in the
source (``source``) and given the prose it stands for (``sections``).

Markdown is parsed with markdown-it-py so that links inside code blocks, fenced code and
inline code are left alone; every link is then found again in the *original* source text.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter

from markdown_it.common.utils import normalizeReference

from ..timecode import HEADING_TIME
from .model import Document, DocumentLink, Heading
from .sections import (
    BREAK,
    CELL,
    Claims,
    LinkPiece,
    PlainTimes,
    block_texts,
    chapter_lines,
    is_prose,
    settle,
    tidy,
)
from .source import (
    ANCHOR,
    ANCHOR_CLOSE,
    BARE_YOUTUBE,
    BLOCK_NESTING,
    CODE_TAG,
    MARKDOWN,
    Candidate,
    Lines,
    anchor_href,
    blank_front_matter,
    candidates,
    html_text,
    mask_code,
    mask_html,
    new_link,
    too_deep,
    trim_bare,
    video_of,
)

__all__ = ["MarkdownReader"]


class MarkdownReader:
    """Reads one markdown text: ``MarkdownReader(text, path).read()`` -> its Document.

    The walk goes token by token; a block's pieces (its text, line breaks, table cells and
    timestamped links) are gathered, then ``sections.settle`` gives each link its prose.
    With ``video`` (a video id), times written without a link are read as times in it too.
    """

    def __init__(self, text: str, path: str = "<document>", *, video: str | None = None):
        self.text, self.path, self.video = text, path, video
        self.lines = Lines(text)
        parse_text = blank_front_matter(text)
        if parse_text.startswith("\ufeff"):
            parse_text = " " + parse_text[1:]  # a byte-order mark is not text: "## Title" stays a heading
        self.parse_text = parse_text
        env: dict = {}
        self.tokens = MARKDOWN.parse(parse_text, env)
        self.references = env.get("references", {})
        self.doc = Document(path=path, text=text)
        self.heading: str | None = None  # the title of the heading read last
        self.claims = Claims()
        self.pieces: list = []  # the current block: text, BREAK, CELL and LinkPiece
        self.in_heading = self.in_thead = False
        self.heading_open = None  # the heading_open token of the heading being read
        # The URLs written in the current inline block, and how far they are taken.
        self.candidates: list[Candidate] = []
        self.candidate_starts: list[int] = []
        self.cursor = 0
        self.anchor_closes: list[int] = []
        self.index = 0  # of the token being read
        self.items = self.quotes = 0  # how deep in list items and quotes
        self.block_map = None  # the lines of the block being read
        self.above_heading: DocumentLink | None = None  # a bare URL on the line above a heading
        self.url_worded: set[int] = set()  # the links whose words are only a URL (by id)

    def read(self) -> Document:
        for self.index, tok in enumerate(self.tokens):
            self._token(tok)
        self._end_block()
        self.claims.take()
        self.claims.close_collectors(0)
        _names_stand_for_nothing(self.doc.links, self.url_worded)
        self._count_reference_uses()
        deep = too_deep(self.tokens)
        if deep:
            self.doc.warnings.append(
                f"{self.path}:{deep[0]}: lists or quotes nested too deep ({BLOCK_NESTING} levels of lists, items and quotes): "
                "the links inside are not read"
            )
        plain = PlainTimes(self.doc, self.lines, self.video or "").read(self.tokens)
        if not self.video:
            self.doc.unlinked_times = len(plain)  # read as times in no video: only counted
        else:
            self.doc.links.extend(plain)
            # (By line, stably: links keep their order; a plain time never shares a line with a
            # timestamped link, and follows any other link on its line.)
            self.doc.links.sort(key=lambda link: link.line)
        return self.doc

    @functools.cached_property
    def parse_lines(self) -> Lines:
        """The lines of the text markdown-it read (where reference definitions are written)."""
        return Lines(self.parse_text)

    # -- steps

    def _token(self, tok) -> None:
        if tok.type == "html_block":
            self._end_block()
            self._read_html_block(tok)
            self._end_block()
        elif tok.type == "heading_open":
            self.heading_open = tok
            self._end_block()
            level = int(tok.tag[1:])
            self.claims.close_collectors(level)
            self.claims.collect_subheadings(level)
            self.claims.take()
            self.in_heading = True
        elif tok.type == "heading_close":
            self.in_heading = False
            self.claims.fresh = True
            self.pieces.clear()  # the heading's words are its title, not prose
            if self.above_heading is not None:
                # A bare URL alone on the line above a heading belongs to that heading.
                link, self.above_heading = self.above_heading, None
                link.place, link.heading = "heading", self.heading
                self.claims.pending.append(link)
        elif tok.type != "inline":
            self._structure(tok)
        else:
            if self.in_heading:
                self.heading = heading_title(tok.children)
                self._heading_as_written(tok)
                # Links in the heading are read below, like any other.
            self._read_inline(tok)

    def _heading_as_written(self, tok) -> None:
        opening = self.heading_open
        line = (opening.map[0] + 1) if opening.map else 1
        setext = not opening.markup.startswith("#")
        self.doc.headings.append(Heading(line=line, level=int(opening.tag[1:]), text=tok.content, setext=setext))

    def _structure(self, tok) -> None:
        """A token that opens or closes a block (code_block, fence and the like are left alone)."""
        if tok.type in ("td_close", "th_close"):
            self.pieces.append(CELL)  # a table row is one block: "| 13:23 | [link] | what |"
        elif tok.type in ("thead_open", "thead_close"):
            self.in_thead = tok.type == "thead_open"
        elif tok.type == "tr_close" and self.in_thead and not any(isinstance(p, LinkPiece) for p in self.pieces):
            self.pieces.clear()  # column names ("| time | topic |") are not what a link stands for
        elif tok.type == "paragraph_close" and self._lone_url_above_heading():
            self.pieces.clear()
        elif tok.type.endswith("_close") or tok.type in ("hr",):
            self._end_block()
        if tok.type in ("list_item_open", "list_item_close"):
            self.items += 1 if tok.type == "list_item_open" else -1
        elif tok.type in ("blockquote_open", "blockquote_close"):
            self.quotes += 1 if tok.type == "blockquote_open" else -1

    def _end_block(self) -> None:
        if self.pieces:
            lines = chapter_lines(self.pieces)
            for part in lines or [list(self.pieces)]:
                self.claims.collect(tidy(" ".join(block_texts(part))))
                settle(part, lines is not None, self.claims, nested=self.items >= 2)
            self.pieces.clear()

    def _lone_url_above_heading(self) -> bool:
        """Whether the block read is a bare URL alone on the line above a heading; if so, it is
        kept for that heading (``above_heading``)."""
        links = [p for p in self.pieces if isinstance(p, LinkPiece)]
        if len(links) != 1 or any(isinstance(p, str) and p.strip() for p in self.pieces):
            return False
        link = links[0].link
        nxt = self.tokens[self.index + 1] if self.index + 1 < len(self.tokens) else None
        if nxt is None or nxt.type != "heading_open" or not nxt.map or not self.block_map:
            return False
        if link.text not in (link.href, link.source_url):
            return False
        # Right above the heading; or with blank lines between, when nothing before it under
        # the last heading is prose it could stand for (a page that opens with the URL).
        if nxt.map[0] != self.block_map[1] and (any(self.claims.unclaimed) or self.claims.pending):
            return False
        self.above_heading = link
        return True

    def _read_html_block(self, tok) -> None:
        """The <a href> links of an HTML block, read as one block of prose."""
        l0, l1 = tok.map if tok.map else (0, len(self.lines))
        lo, hi = self.lines.offset(l0), self.lines.offset(l1)
        source = mask_html(self.text[lo:hi])
        pos = lo
        for cand in candidates(source, lo):
            if not cand.anchor:
                continue
            self.pieces.append(html_text(source[pos - lo : cand.head - lo]))
            words = html_text(source[cand.label_open + 1 - lo : cand.label_close - lo])
            found = video_of(cand.href)
            if found is None:
                self.pieces.append(words)
            else:
                self._add_link(tok, cand, cand.href, words.strip(), found, words)
            pos = cand.tail
        self.pieces.append(html_text(source[pos - lo :]))

    def _read_inline(self, tok) -> None:
        """The links, text, code and line breaks of one paragraph, item, cell or heading."""
        self.block_map = tok.map
        l0, l1 = tok.map if tok.map else (0, len(self.lines))
        lo, hi = self.lines.offset(l0), self.lines.offset(l1)
        lines = self.parse_lines if self.references else None
        self.candidates = candidates(mask_code(self.text[lo:hi]), lo, self.references, lines)
        self.candidate_starts = [c.start for c in self.candidates]
        self.cursor = lo
        children = tok.children or []
        # Where each </a> is among the children, found once (not looked for from every <a>).
        self.anchor_closes = [
            j for j, c in enumerate(children) if c.type == "html_inline" and ANCHOR_CLOSE.match(c.content)
        ]
        i = 0
        code_depth = 0  # inside inline <code>, <pre>, <kbd> or <samp>: shown as code, left alone
        while i < len(children):
            child = children[i]
            if child.type == "html_inline" and CODE_TAG.match(child.content):
                code_depth += -1 if child.content.startswith("</") else 1
                code_depth = max(code_depth, 0)
            elif code_depth:
                if child.type == "text":
                    self.pieces.append(child.content)
            elif child.type == "link_open":
                i = self._read_link(tok, children, i)
                continue
            elif child.type == "html_inline" and ANCHOR.match(child.content):
                i = self._read_anchor(tok, children, i)
                continue
            elif child.type == "text":
                self._read_text(tok, child.content)
            elif child.type == "code_inline":
                self.pieces.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                self.pieces.append(BREAK)
            elif child.type == "image":
                self.pieces.append(plain(child.children))
            i += 1

    def _read_link(self, tok, children, i: int) -> int:
        """A markdown link (or autolink) opening at ``children[i]``; returns where it ends."""
        child = children[i]
        depth, j = 1, i + 1  # its children, up to its close
        while j < len(children) and depth:
            if children[j].type == "link_open":
                depth += 1
            elif children[j].type == "link_close":
                depth -= 1
            j += 1
        inner = children[i + 1 : j - 1]
        href = child.attrGet("href") or ""
        label = re.sub(r"\s+", " ", plain(inner)).strip()
        found = video_of(href)
        if found is None:
            self.pieces.append(plain(inner))
        else:
            cand = self._candidate(lambda c: c.href == href)
            self._add_link(tok, cand, href, label, found, "" if child.markup == "autolink" else plain(inner))
        return j

    def _read_anchor(self, tok, children, i: int) -> int:
        """<a href="...">words</a> in a paragraph: its words are the tokens up to </a>."""
        k = bisect.bisect_right(self.anchor_closes, i)
        j = self.anchor_closes[k] if k < len(self.anchor_closes) else len(children)
        inner = children[i + 1 : j]
        href = anchor_href(ANCHOR.match(children[i].content))
        found = video_of(href)
        if found is None:
            self.pieces.append(plain(inner))
        else:
            cand = self._candidate(lambda c: c.anchor and c.href == href)
            label = re.sub(r"\s+", " ", plain(inner)).strip()
            self._add_link(tok, cand, href, label, found, plain(inner))
        return j + 1

    def _read_text(self, tok, content: str) -> None:
        """Text, with the bare YouTube URLs in it (markdown-it without linkify leaves them as text)."""
        pos = 0
        for m in BARE_YOUTUBE.finditer(content):
            raw = trim_bare(m.group(0))
            found = video_of(raw)
            if found is None:
                continue
            self.pieces.append(content[pos : m.start()])
            pos = m.start() + len(raw)
            cand = self._candidate(lambda c: c.raw == raw)
            self._add_link(tok, cand, raw, raw, found, "")
        self.pieces.append(content[pos:])

    def _candidate(self, fits) -> Candidate | None:
        """The first URL written at or after the cursor that ``fits``; the cursor moves past it."""
        k = bisect.bisect_left(self.candidate_starts, self.cursor)
        cands = self.candidates
        cand = next((cands[i] for i in range(k, len(cands)) if fits(cands[i])), None)
        if cand is not None:
            self.cursor = cand.end
        return cand

    def _add_link(self, tok, cand, href: str, label: str, found, words: str) -> None:
        link = new_link(self.path, self.text, self.lines, tok, cand, href, label, found)
        link.heading = self.heading
        self.doc.links.append(link)
        if not link.timestamped:
            self.pieces.append(words)
            unclaimed = [p for p in self.claims.unclaimed if p]
            link.section = "\n".join(unclaimed + [tidy(block_texts(self.pieces)[-1])]).strip()
        elif self.in_heading:
            link.place = "heading"
            self.claims.pending.append(link)
            self.claims.levels[id(link)] = int(self.heading_open.tag[1:])
        else:
            if _URL_ONLY.fullmatch(words.strip()):
                words = ""  # "[https://youtu.be/ID?t=803](...)": no words of its own
                self.url_worded.add(id(link))
            # A label such as "here" or "this one" is part of its sentence; a time is not.
            quote = bool(self.quotes) or bool(_QUOTED.match(words.strip()))
            self.pieces.append(LinkPiece(link, words if is_prose(words) else "", quote=quote))

    def _count_reference_uses(self) -> None:
        """A reference's URL is rewritten only for the one link that uses it: fixing it for one
        of several would move the others too."""
        links = self.doc.links
        uses = Counter(normalizeReference(link.reference) for link in links if link.reference)
        for link in links:
            if link.reference:
                link.reference_uses = uses[normalizeReference(link.reference)]
                if link.reference_uses > 1:
                    link.url_span = None


# A link's words that are only a URL, and words written in quotation marks.
_URL_ONLY = re.compile(r"(?:https?://|www\.)\S+|(?:(?:www|m)\.)?(?:youtube\.com|youtu\.be)/\S*", re.I)
_QUOTED = re.compile(r"[\"\u201c\u201e\u00ab\u2018'].*[\"\u201d\u201c\u00bb\u2019']$", re.S)


def _names_stand_for_nothing(links: list[DocumentLink], url_worded: set[int]) -> None:
    """A link alone in its block whose words are only a URL (``url_worded``, by id) or the
    video's name (the words of another link to that video at another time, or with none, and
    no time in them) stands for nothing to check."""
    names: dict[tuple, set] = {}
    for link in links:
        if link.video_id and link.text and link.label_where != "text":
            names.setdefault((link.video_id, link.text.casefold()), set()).add(link.t)
    for link in links:
        if not link.timestamped or not link.alone:
            continue
        named = link.label_where != "text" and len(names.get((link.video_id, (link.text or "").casefold()), ())) >= 2
        if id(link) in url_worded or (named and link.text not in (link.href, link.source_url)):
            link.section, link.checkable = "", False


def plain(children) -> str:
    """Plain text of inline tokens."""
    parts = []
    for tok in children or []:
        if tok.type in ("text", "code_inline"):
            parts.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif tok.type == "image":
            parts.append(plain(tok.children))
    return "".join(parts)


def heading_title(children) -> str:
    """A heading's words without the label of a timestamped link or a time in it; the label's
    words when they are all there is ("## [Packaging](https://youtu.be/ID?t=9107)")."""
    parts, labels, skip = [], [], 0
    for child in children or []:
        if child.type == "link_open":
            found = video_of(child.attrGet("href") or "")
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

    def tidy_title(words: list[str]) -> str:
        title = HEADING_TIME.sub(" ", "".join(words))
        title = re.sub(r"^[\s\-\u2013\u2014:|()\[\]]+|[\s\-\u2013\u2014:|()\[\]]+$", "", re.sub(r"\s+", " ", title))
        return title.strip()

    return tidy_title(parts) or tidy_title(labels)
