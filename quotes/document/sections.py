"""THE rule for what prose a link or a time written without a link stands for.

One rule serves ``verify``, ``verify --video`` and ``import-doc``:

- a link that opens its paragraph, list item or table row ("- [13:23](https://youtu.be/ID?t=803)
  what is said"): the prose after it there, up to the next timestamped link;
- a link that ends its paragraph or item (a newsletter's summary, then "[Talk 13:23](...)"): the
  prose from the previous heading or timestamped link down to it;
- a link inside a paragraph or item ("As Chris says [here](...), strings are ..."): the
  sentence around it;
- a link in a heading, or alone straight under it: the prose under the heading;
- a link on a line of a chapter list (every line opens with a time or a link): its line.

Times written without a link follow the same rule (``PlainTimes``). What prose nothing has
claimed yet, and which link waits for the prose that follows it, is kept by ``Claims``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..timecode import CLOCK, CLOCK_ANY_HOURS, DASH, OPENING_TIME, RANGE_END, TIME_LIKE, find_timecodes
from ..video import VideoLink
from ..words import CLOSING, SENTENCE_MARK, placeable
from .model import Document, DocumentLink
from .source import Lines, mask_code, set_label

__all__ = ["Claims", "PlainTimes", "settle", "chapter_lines", "LinkPiece", "BREAK", "CELL", "tidy", "is_prose", "names_video"]


class Claims:
    """Prose since the last heading or section that no link stands for yet, and the link
    that stands for the prose to come (a heading's link, or one alone under its heading)."""

    def __init__(self) -> None:
        self.unclaimed: list[str] = []
        self.pending: list[DocumentLink] = []
        self.fresh = False  # nothing read yet under the last heading
        # A linked heading directly followed by a subheading stands for everything under it,
        # up to the next heading of its level: [link, level, prose so far] while it is open.
        self.collectors: list[list] = []
        self.levels: dict[int, int] = {}  # the heading level of each heading's link (by id)

    def add(self, prose: str) -> None:
        self.unclaimed.append(prose)

    def take(self, before: str = "") -> str:
        """The unclaimed prose (and ``before``): the pending link takes it, else it is returned."""
        if before:
            self.unclaimed.append(before)
        taken = "\n".join(p for p in self.unclaimed if p)
        self.unclaimed.clear()
        if self.pending:
            self.pending.pop().section = taken
            return ""
        return taken

    def flush(self) -> None:
        """The pending time takes the unclaimed prose as it is (a time's section keeps the
        blank entries of rows without prose); the rest is no one's."""
        if self.pending:
            self.pending.pop().section = "\n".join(self.unclaimed)
        self.unclaimed.clear()

    def collect_subheadings(self, level: int) -> None:
        """A heading of ``level`` opens: a heading link above it with nothing under it yet, and
        a higher level, goes on collecting the prose under this subheading too."""
        if not self.pending or any(self.unclaimed):
            return
        link = self.pending[-1]
        if link.place == "heading" and self.levels.get(id(link), 7) < level:
            self.pending.pop()
            self.collectors.append([link, self.levels[id(link)], []])

    def collect(self, prose: str) -> None:
        """Prose read: every open collector holds it too."""
        if prose:
            for collector in self.collectors:
                collector[2].append(prose)

    def close_collectors(self, level: int) -> None:
        """A heading of ``level`` (0: the end) ends the collectors of its level and deeper."""
        for collector in [c for c in self.collectors if c[1] >= level]:
            collector[0].section = "\n".join(collector[2])
            self.collectors.remove(collector)

    def first_under_heading(self) -> bool:
        """Whether this block is the first under its heading (and no later one is)."""
        fresh, self.fresh = self.fresh, False
        return fresh


# ---------------------------------------------------------------- the blocks of a page

@dataclass
class LinkPiece:
    """A timestamped link in a block, with its own words when they are part of the prose."""

    link: DocumentLink
    words: str
    quote: bool = False  # its words are a quotation (in quotation marks, or in a > quote)


class _Mark:
    """A marker in a block's pieces."""

    def __init__(self, name: str):
        self.name = name


BREAK = _Mark("line break")
CELL = _Mark("end of a table cell")


def block_texts(block: list) -> list[str]:
    """The text of ``block`` before, between and after its links."""
    out = [""]
    for p in block:
        if isinstance(p, LinkPiece):
            out.append("")
        elif isinstance(p, _Mark):
            out[-1] += " "
        elif isinstance(p, LinkPiece):
            out[-1] += p.words
        else:
            out[-1] += p
    return out


def _joined(block: list) -> tuple[str, list[tuple[int, int]]]:
    """The text of ``block`` with its links' own words, and where each link's words sit."""
    out, spans = "", []
    for p in block:
        if isinstance(p, LinkPiece):
            spans.append((len(out), len(out) + len(p.words)))
            out += p.words
        else:
            out += " " if isinstance(p, _Mark) else p
    return out, spans


def chapter_lines(block: list) -> list[list] | None:
    """The lines of a paragraph that is a list of chapters, else None.

    Each line opens with a time or a timestamped link ("2:31:47 Packaging - https://...");
    such a line is a section of its own, however its neighbours end.
    """
    lines: list[list] = [[]]
    for p in block:
        if p is BREAK:
            lines.append([])
        else:
            lines[-1].append(p)
    if len(lines) < 2 or not any(isinstance(p, LinkPiece) for p in block):
        return None
    for line in lines:
        first = next((p for p in line if not (isinstance(p, str) and not p.strip())), None)
        if not isinstance(first, LinkPiece) and not (isinstance(first, str) and OPENING_TIME.match(first)):
            return None
    return lines



# Words two links that open a block may have between them and still share the prose after both.
_CONNECTIVE = re.compile(r"(?:and|or|to|then|&|\+)", re.I)
# Where a sentence in prose ends (words.SENTENCE_END, marks repeated: "?!"), then space and no
# lowercase letter ("e.g. the" goes on).
_SENTENCE_END = re.compile(rf"{SENTENCE_MARK}+{CLOSING}\s+(?![\sa-z])")


def _sentence_ends(text: str) -> list[int]:
    return [m.end() for m in _SENTENCE_END.finditer(text)]


def tidy(text: str) -> str:
    """Prose without what a link left around it: brackets emptied or holding its time, a time
    that opens it, punctuation dangling at either end.

    >>> tidy("2:31:47 Packaging - ")
    'Packaging'
    >>> tidy(", and it was stressful (). ")
    'and it was stressful.'
    >>> tidy("Her rule, , says")  # a URL written between commas
    'Her rule, says'
    """
    text = re.sub(r"\s+", " ", text)
    text = re.sub(rf"\(\s*{CLOCK}\s*\)|\[\s*{CLOCK}\s*\]", "", text)
    text = re.sub(r"\(\s*[,;:]?\s*\)|\[\s*\]", "", text)
    text = re.sub(r"\s+([,.;:!?)\]])", r"\1", text)
    text = re.sub(r"([,;:])[,;:]+", r"\1", text)
    text = re.sub(r"^[\s,;:.)\]|\-\u2013\u2014]+", "", text)
    text = _rstrip(text, ",;:([|-\u2013\u2014")  # (not a regex ending in "+$": quadratic on "((((x")
    m = re.match(rf"{CLOCK}(?!\d)[\s\-\u2013\u2014:|)]*", text)
    if m and is_prose(text[m.end() :]):
        text = text[m.end() :]
    return text.strip()



def _rstrip(text: str, chars: str) -> str:
    """``text`` without the white space and ``chars`` that end it."""
    end = len(text)
    while end and (text[end - 1] in chars or text[end - 1].isspace()):
        end -= 1
    return text[:end]


def names_video(words: str, title: str | None) -> bool:
    """Whether a link's ``words`` name the video: they hold every word of its ``title`` (but
    for bracketed tags such as "[1hr Talk]"). Such words are no text to check.

    >>> names_video("Andrej Karpathy: Intro to Large Language Models (60 min)", "[1hr Talk] Intro to Large Language Models")
    True
    >>> names_video("Intro to large models", "[1hr Talk] Intro to Large Language Models")
    False
    """
    if not title:
        return False
    wanted = set(re.findall(r"\w+", re.sub(r"\[[^\]]*\]|\([^)]*\)", " ", title).casefold()))
    return bool(wanted) and wanted <= set(re.findall(r"\w+", words.casefold()))


def is_prose(text: str) -> bool:
    """Words, not just a time, a bullet or punctuation ("13:23 -", "•", "(")."""
    return bool(re.search(r"[^\W\d_]", TIME_LIKE.sub(" ", text)))





# ---------------------------------------------------------------- what a link stands for


def settle(block: list, isolated: bool, claims: Claims, nested: bool = False) -> None:
    """Give each timestamped link of one block (or one chapter line) the prose it stands for.
    A block ``nested`` in a list item inside another stands for its own prose only."""
    under_heading = claims.first_under_heading()
    links = [p.link for p in block if isinstance(p, LinkPiece)]
    if nested and links:
        claims.take()  # the parent item's words are the parent's, not this item's link's
    if CELL in block:
        _give_cells(block, links)
    texts = block_texts(block)  # before, between and after the links
    if not links:
        if not isolated and tidy(texts[0]):
            claims.add(tidy(texts[0]))
        return
    if not is_prose(texts[0]):
        pieces = [p for p in block if isinstance(p, LinkPiece)]
        if len(links) == 1 and not is_prose(texts[1]):
            links[0].alone = True
            if pieces[0].quote and placeable(pieces[0].words):
                # A link whose words are the quote itself: "> [Braces are clutter ...](...)".
                claims.take()
                links[0].section, links[0].place = tidy(pieces[0].words), "opens"
                return
        _links_open_block(links, texts, isolated, under_heading, claims)
    else:
        _prose_comes_first(block, links, texts, isolated, claims)


def _give_cells(block: list, links: list[DocumentLink]) -> None:
    """The other cells of a table row: the link's own cell is its time or label column."""
    cells, cell = [], []
    for p in block + [CELL]:
        if p is not CELL:
            cell.append(p)
            continue
        if not any(isinstance(q, LinkPiece) for q in cell) and is_prose(tidy(block_texts(cell)[0])):
            cells.append(tidy(block_texts(cell)[0]))
        cell = []
    for link in links:
        link.cells = cells


def _links_open_block(links, texts, isolated: bool, under_heading: bool, claims: Claims) -> None:
    """The link opens its block ("- [13:23](...) what is said"): each link stands for the prose
    after it, up to the next; before it is at most a time, its label."""
    prior = claims.take()
    prior = "" if isolated else prior
    following = ""
    for i in range(len(links) - 1, -1, -1):
        after = tidy(texts[i + 1])
        if is_prose(after) and not _CONNECTIVE.fullmatch(after):
            following = after
        elif i == len(links) - 1:
            following = ""  # nothing after it: the prose before, as a newsletter has it
        # else "[42:02](...) and [42:42](...) what is said": both stand for it
        links[i].section = following or (prior if i == 0 else "")
        links[i].place = "line" if isolated else "opens"
    if len(links) == 1 and not links[0].section and not isolated and under_heading:
        # A link alone, straight under its heading ("### Title", the link, then the
        # quote): it stands for the prose that follows, as a link in the heading would.
        claims.pending.append(links[0])


def _prose_comes_first(block, links, texts, isolated: bool, claims: Claims) -> None:
    """A link inside its block stands for the sentence around it; the link that ends its
    block, for the prose before it (the newsletter's layout)."""
    joined, spans = _joined(block)
    ends = _sentence_ends(joined)
    start = 0  # where the prose no link has claimed begins
    for i, (link, (a, b)) in enumerate(zip(links, spans)):
        if i == len(links) - 1 and not is_prose(texts[-1]):
            before = tidy(joined[start:a])
            if not isolated and placeable(before):
                claims.take()  # the paragraph says enough: the prose before it is another matter
                link.section = before
            else:
                link.section = before if isolated else claims.take(before)
            link.place = "line" if isolated else "ends"
            return
        s0 = max([0] + [e for e in ends if e <= a])
        s1 = min([e for e in ends if e > b] + [len(joined)])
        claims.take("" if isolated else tidy(joined[start:s0]))
        link.section = tidy(joined[s0:s1])
        link.place = "line" if isolated else "inside"
        following = spans[i + 1][0] if i + 1 < len(spans) else len(joined)
        start = s1 if s1 <= following else b
    if not isolated and tidy(joined[start:]):
        claims.add(tidy(joined[start:]))


# Where a time opens its line: after a list marker, a quote mark, emphasis or a bracket.
_OPENS_LINE = re.compile(
    r"\ufeff?[ \t>]*(?:#{1,6}[ \t]+)?(?:[-*+\u2022][ \t]+(?:\[[ xX]\][ \t]+)?|\d{1,3}[.)][ \t]+)?[ \t*_(\[|@~]*"
)
# What may follow a time that ends its block: a closing bracket, emphasis, punctuation.
_ENDS_BLOCK = re.compile(r"[ \t*_)\].,;:!?]*")
# What may come right before a time that ends its block: the line's start, an opening bracket,
# a dash or bar, or the end of a sentence; not a word ("we met at 10:30.", "Runtime: 4:33").
_SET_APART = re.compile(r"(?:^|[(\[|\-\u2013\u2014.!?])[ \t*_]*$")
# A time in brackets inside a sentence: "(13:23)", "(at 13:23)", "[13:23-14:10]".
_BRACKET_BEFORE = re.compile(r"[(\[][ \t]*(?:(?:at|from|around|see|~)[ \t]+)?$", re.I)
_BRACKET_AFTER = re.compile(rf"(?:[ \t]*(?:{DASH}|to)[ \t]*{CLOCK_ANY_HOURS})?[ \t]*[)\]]", re.I)
# What a link, an image, an autolink, a URL or HTML occupies: no time in it is a plain time.
# A markdown link as written: its words hold no "[" and its URL at most one level of brackets
# ("[Mojo](https://en.wikipedia.org/wiki/Mojo_(language))"). (Allowing "[" in the words, or
# any character up to the next ")" in the URL, made "[" or "[a](" repeated take minutes.)
_LINK_SOURCE = r"!?\[((?:[^\[\]\\\n]|\\.)*)\]\((?:[^()\n]|\([^()\n]*\))*\)"
_NOT_PROSE = re.compile(rf"{_LINK_SOURCE}|<[^<>\n]*>|\bhttps?://\S+|\bwww\.\S+")
_SETEXT_UNDERLINE = re.compile(r"[ \t]*(?:=+|-+)[ \t]*")
_TABLE_BAR = re.compile(r"(?<!\\)\|")


def _prose_of(raw: str) -> str:
    """The words of a bit of markdown source: no heading marks, list markers, emphasis or
    link syntax (a link's words are kept)."""
    text = re.sub(_LINK_SOURCE, r"\1", raw.replace("\ufeff", ""))
    text = re.sub(r"(?m)^[ \t>]*(?:#{1,6}[ \t]+|[-*+\u2022][ \t]+|\d{1,3}[.)][ \t]+)?", "", text)
    text = re.sub(r"<[^<>\n]*>|[*_`|]|#+[ \t]*$", " ", text)
    # What held a time that is blanked out: "(at )", "( - )", "[ to ]".
    text = re.sub(r"[(\[][\s~@]*(?:(?:at|from|around|see|to|until|-|\u2013|\u2014)\s*)*[)\]]", " ", text, flags=re.I)
    return re.sub(r"\s{2,}", " ", tidy(text))




# ---------------------------------------------------------------- times written without a link


@dataclass
class _Block:
    """A heading, paragraph or table row's source, and the plain times written in it."""

    lo: int
    hi: int
    raw: str
    masked: str  # code, links, URLs and HTML blanked out
    times: list[tuple[int, int, float]]
    linked: set[int]  # its lines that hold a timestamped link


class PlainTimes:
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

    def __init__(self, doc: Document, lines: Lines, video_id: str):
        self.doc, self.text, self.lines, self.video_id = doc, doc.text, lines, video_id
        self.taken_lines = {link.line for link in doc.links if link.timestamped}
        self.labels = [link.label_span for link in doc.links if link.label_span]
        self.found: list[DocumentLink] = []
        self.heading: str | None = None
        self.claims = Claims()  # a time that stands for the prose that follows it waits there

    def read(self, tokens) -> list[DocumentLink]:
        in_head = False  # in a table's header row: column names, not a section
        for tok in tokens:
            if tok.type in ("thead_open", "thead_close"):
                in_head = tok.type == "thead_open"
            kind = {"heading_open": "heading", "paragraph_open": "para", "tr_open": "row"}.get(tok.type)
            if kind is None or not tok.map or (kind == "row" and in_head):
                continue
            block = self._block(kind, *tok.map)
            if kind == "heading":
                self._heading(block, int(tok.tag[1:]))
                continue
            self.claims.collect(_prose_of(_time_free(block.raw, block.lo, block.times)))
            was_fresh = self.claims.first_under_heading()
            if kind == "row":
                self._row(block)
            else:
                self._paragraph(block, was_fresh)
        self.claims.flush()
        self.claims.close_collectors(0)
        return self.found

    # -- steps

    def _block(self, kind: str, l0: int, l1: int) -> _Block:
        text, lines = self.text, self.lines
        if kind == "heading" and l1 - l0 > 1 and _SETEXT_UNDERLINE.fullmatch(
            text[lines.offset(l1 - 1) : lines.offset(l1)].rstrip("\r\n")
        ):
            l1 -= 1  # a setext heading: its words, not the underline
        lo = lines.offset(l0)
        hi = lines.end_of(lines.offset(l1 - 1)) if l1 - 1 < len(lines) else len(text)
        raw = text[lo:hi]
        masked = _NOT_PROSE.sub(lambda m: " " * len(m.group(0)), mask_code(raw))
        times = [
            (lo + a, lo + b, secs)
            for a, b, secs in find_timecodes(masked)
            if ":" in raw[a:b] and not any(s0 < lo + b and lo + a < s1 for s0, s1 in self.labels)
        ]
        linked = {line for line in range(l0 + 1, l1 + 1) if line in self.taken_lines}
        return _Block(lo, hi, raw, masked, times, linked)

    def _new(self, a: int, b: int, secs: float, section: str, place: str) -> DocumentLink:
        text = self.text
        link = DocumentLink(
            path=self.doc.path,
            line=self.lines.line_of(a),
            href="",
            text=text[a:b],
            video=VideoLink(url="", video_id=self.video_id, t=secs, time_key="t", time_text=text[a:b], short=True),
            heading=self.heading,
            section=section,
            place=place,
            plain=True,
        )
        set_label(link, text, a, b, secs, "plain")
        self.found.append(link)
        return link

    def _opener_end(self, b: int) -> int:
        """The end of a time that opens its line, with the range it may start ("0:44 to 1:27")."""
        m = RANGE_END.match(self.text, b)
        return m.end() if m else b

    def _heading(self, blk: _Block, level: int) -> None:
        text = self.text
        self.claims.close_collectors(level)
        self.claims.collect_subheadings(level)
        self.claims.flush()
        opening = [x for x in blk.times if _OPENS_LINE.fullmatch(text[blk.lo : x[0]])]
        closing = [x for x in blk.times if re.fullmatch(r"[ \t*_)\]#]*", text[x[1] : blk.hi])]
        self.heading = _prose_of(_time_free(blk.raw, blk.lo, blk.times))
        self.claims.fresh = True
        if (opening or closing) and not blk.linked:
            a, b, secs = (opening or closing)[0]
            self.claims.pending.append(self._new(a, b, secs, "", "heading"))
            self.claims.levels[id(self.claims.pending[-1])] = level

    def _row(self, blk: _Block) -> None:
        text, lo, hi = self.text, blk.lo, blk.hi
        if blk.linked:
            self.claims.flush()  # a timestamped link stands for this row
            return
        if not blk.times:
            self.claims.add(_prose_of(blk.raw))
            return
        cells, pos = [], lo
        for m in list(_TABLE_BAR.finditer(blk.raw)) + [None]:
            end = lo + m.start() if m else hi
            cells.append((pos, end))
            pos = lo + m.end() if m else hi
        timed = [
            (x, c) for x in blk.times for c in cells
            if c[0] <= x[0] and x[1] <= c[1] and re.fullmatch(r"[ \t*_(\[]*", text[c[0] : x[0]])
            and re.fullmatch(r"[ \t*_)\]]*", text[self._opener_end(x[1]) : c[1]])
        ]
        if not timed:
            self.claims.add(_prose_of(blk.raw))
            return
        self.claims.flush()
        (a, b, secs), own = timed[0]
        prose = [_prose_of(_time_free(text[c0:c1], c0, blk.times)) for c0, c1 in cells if (c0, c1) != own]
        prose = [p for p in prose if is_prose(p)]
        self._new(a, b, secs, " ".join(prose), "opens").cells = prose

    def _paragraph(self, blk: _Block, was_fresh: bool) -> None:
        text, lines = self.text, self.lines
        opening = [x for x in blk.times if _OPENS_LINE.fullmatch(text[lines.start_of(x[0]) : x[0]])]
        opening = [x for x in opening if lines.line_of(x[0]) not in blk.linked]
        if opening and len(opening) + len(blk.linked) >= 2:
            self._chapter_list(blk, opening)
        elif blk.linked:
            self.claims.flush()  # a timestamped link stands for this block's prose
        elif not blk.times:
            if _prose_of(blk.raw):
                self.claims.add(_prose_of(blk.raw))
        elif opening and opening[0][0] < lines.end_of(blk.lo):
            self._opening_time(blk, opening[0], was_fresh)
        elif not self._ending_time(blk):
            self._times_inside(blk)

    def _chapter_list(self, blk: _Block, opening) -> None:
        """Each line that opens with a time (or holds a link) is a section of its own; a line
        with neither ("Chapters:", "Music by ...") is no chapter's."""
        self.claims.flush()
        for a, b, secs in opening:
            rest = self.text[self._opener_end(b) : self.lines.end_of(a)]
            self._new(a, b, secs, _prose_of(_time_free(rest, self._opener_end(b), blk.times)), "line")

    def _opening_time(self, blk: _Block, time, was_fresh: bool) -> None:
        a, b, secs = time
        claims = self.claims
        after = _prose_of(_time_free(self.text[self._opener_end(b) : blk.hi], self._opener_end(b), blk.times))
        if after:
            claims.flush()
            self._new(a, b, secs, after, "opens")
        elif claims.unclaimed and not claims.pending:
            self._new(a, b, secs, "\n".join(claims.unclaimed), "ends")
            claims.unclaimed.clear()
        else:
            claims.flush()
            link = self._new(a, b, secs, "", "opens")
            if was_fresh:
                claims.pending.append(link)

    def _ending_time(self, blk: _Block) -> bool:
        """A time that ends its block, set apart from its words: True when there is one."""
        text, lo, claims = self.text, blk.lo, self.claims
        a, b, secs = blk.times[-1]
        if not (_ENDS_BLOCK.fullmatch(blk.masked[b - lo :].rstrip()) and _SET_APART.search(text[self.lines.start_of(a) : a])):
            return False
        own = _prose_of(_time_free(text[lo:a], lo, blk.times))
        if placeable(own):
            claims.flush()  # the paragraph says enough: the prose before it is another matter
            prose = own
        else:
            claims.add(own)
            prose = "\n".join(p for p in claims.unclaimed if p)
            claims.unclaimed.clear()
            if claims.pending:
                claims.pending.pop().section = prose
        self._new(a, b, secs, prose, "ends")
        return True

    def _times_inside(self, blk: _Block) -> None:
        """Times in brackets inside the paragraph: each stands for its sentence."""
        text, lo, hi = self.text, blk.lo, blk.hi
        inside = [
            x for x in blk.times if _BRACKET_BEFORE.search(text[lo : x[0]]) and _BRACKET_AFTER.match(text, x[1])
        ]
        inside = [x for k, x in enumerate(inside) if not (k and RANGE_END.match(text, inside[k - 1][1]))]
        if not inside:
            self.claims.add(_prose_of(blk.raw))
            return
        self.claims.flush()
        ends = [lo + m.end() for m in _SENTENCE_END.finditer(blk.raw)]
        for a, b, secs in inside:
            s0 = max([lo] + [e for e in ends if e <= a])
            s1 = min([e for e in ends if e > b] + [hi])
            self._new(a, b, secs, _prose_of(_time_free(text[s0:s1], s0, blk.times)), "inside")


def _time_free(raw: str, at: int, times: list[tuple[int, int, float]]) -> str:
    """``raw`` (which starts at offset ``at``) with the given times blanked out."""
    chars = list(raw)
    for a, b, _ in times:
        for i in range(max(a - at, 0), min(b - at, len(chars))):
            chars[i] = " "
    return "".join(chars)
