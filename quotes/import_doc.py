"""A timestamped markdown page -> a quotes file (``quotes import-doc``)."""

from __future__ import annotations

import bisect
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .document import parse_document
from .errors import DocumentError
from .quotesfile import BLANK_LINES_MAX, QuotesFile, Section, markdown_to_text
from .timecode import LABEL_TIME, TIME_IN_TEXT, format_timecode, parse_timecode
from .video import deep_link, parse_video_url
from .words import SENTENCE_MARK, ends_sentence, placeable

__all__ = ["ImportedDoc", "import_file", "import_markdown"]


# A link alone on its line: [LABEL 13:23](https://youtu.be/ID?t=803)
_LINK_LINE = re.compile(r"^\[(?P<text>(?:[^\]\\]|\\.)*)\]\((?P<url>[^)\s]+)\)[ \t]*$")

def _title_and_summary(link, alone_under_heading: bool) -> tuple[str, str]:
    """A section's title and summary from a link of any layout (see quotes.document)."""
    summary = link.section.replace("\n", "\n\n")
    words = re.sub(r"\s+", " ", TIME_IN_TEXT.sub(" ", link.text)).strip(" -–—:|()[]")
    if link.heading and (link.place == "heading" or alone_under_heading):
        return link.heading, summary
    if len(link.cells) >= 2 and len(link.cells[0].split()) <= 6 and not ends_sentence(link.cells[0]):
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


def _short_title(text: str, limit: int = 60) -> str:
    """The first sentence of ``text`` (or the few words before its colon), cut at a word to at
    most ``limit`` characters.

    >>> _short_title("Types: in Python they only exist at runtime.")
    'Types'
    >>> _short_title("As Chris says here, strings exist at runtime. More.")
    'As Chris says here, strings exist at runtime'
    """
    first = re.split(rf"(?<={SENTENCE_MARK})\s", text.strip(), maxsplit=1)[0].rstrip(".!?\u2026")
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
    newline: str = "\n"  # the page's line ends, for the quotes file (and the page rendered from it)


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
    doc = parse_document(text, video=video)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # (0-based line, heading text as written): the headings opened with #, as the newsletter
    # template writes them (an underlined one is no section's title).
    headings = [(h.line - 1, h.text) for h in doc.headings if not h.setext]
    newsletter = _newsletter_sections(lines, headings)
    claimed = {n for n, *_ in newsletter}
    heading_lines = [line_no + 1 for line_no, _ in headings]  # 1-based, ascending

    def heading_of(line: int) -> int | None:
        """The number of the heading a 1-based ``line`` lies under (or is)."""
        n = bisect.bisect_right(heading_lines, line) - 1
        return n if n >= 0 else None

    # Every other timestamped link: read best effort.
    others = [link for link in doc.links if link.timestamped and heading_of(link.line) not in claimed]
    if not newsletter and not others:
        raise DocumentError(
            "found no sections: a section is a heading whose last line is a link to a YouTube "
            "video at a time, like [Interview 13:23](https://youtu.be/ID?t=803), or a list item, "
            "paragraph, table row or heading with such a link"
            + ("" if video else " (for times written without links, name the video with --video)")
        )
    votes = Counter([c[2].video_id for c in newsletter] + [link.video_id for link in others])
    video_id = video or votes.most_common(1)[0][0]
    labels: Counter = Counter()
    disagreeing: list[tuple[int, str, float]] = []
    placed = _newsletter_placed(newsletter, headings, video_id, labels, disagreeing)
    placed += _others_placed([link for link in others if link.video_id == video_id], disagreeing)
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
        newline="\r\n" if "\r\n" in text else "\r" if "\r" in text else "\n",
    )


def _newsletter_sections(lines: list[str], headings: list[tuple[int, str]]) -> list[tuple]:
    """The sections in the newsletter's layout: (heading number, summary, link, link text,
    blank lines after the link, the link's 1-based line)."""
    ends = [h[0] for h in headings[1:]] + [len(lines)]
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
    return newsletter


def _newsletter_placed(newsletter, headings, video_id: str, labels: Counter, disagreeing: list) -> list:
    """(1-based line, section, short links) of each newsletter section of ``video_id``; counts
    the labels before the links' times, and notes labels that say another time."""
    placed = []
    previous_trailing = None
    for n, summary, link, link_text, trailing, link_line in newsletter:
        if link.video_id != video_id:
            continue
        lm = LABEL_TIME.match(link_text)
        if lm:
            labels[lm.group("label")] += 1
        start = link.t
        if lm and start is not None and int(parse_timecode(lm.group("time"))) != int(start):
            disagreeing.append((link_line, lm.group("time"), start))
        if start is None and lm:
            start = parse_timecode(lm.group("time"))
        gap = min(max(previous_trailing - 1, 0), BLANK_LINES_MAX) if previous_trailing is not None else 0
        previous_trailing = trailing
        section = Section(title=headings[n][1], start=start, summary=summary, blank_lines_before=gap)
        placed.append((headings[n][0] + 1, section, link.short))
    return placed


def _others_placed(ours: list, disagreeing: list) -> list:
    """(1-based line, section, short links) of each link of another layout."""
    placed = []
    per_heading = Counter(link.heading for link in ours)
    for link in ours:
        if link.label_seconds is not None and link.t is not None and int(link.label_seconds) != int(link.t):
            disagreeing.append((link.line, link.label_time_text or "", link.t))
        title, summary = _title_and_summary(link, per_heading[link.heading] == 1)
        if summary.strip() == title and not placeable(summary):
            summary = ""  # a chapter line that is only a title: "### Introduction" then "Introduction"
        end = link.range_end if link.range_end is not None and link.range_end > link.t else None
        placed.append((link.line, Section(title=title, start=link.t, end=end, summary=summary), link.video.short))
    return placed


def import_file(
    page: str | os.PathLike,
    output: str | os.PathLike | None = None,
    *,
    video: str | None = None,
    no_times: bool = False,
    force: bool = False,
) -> tuple[ImportedDoc, Path]:
    """``quotes import-doc``: the markdown page at ``page`` made a quotes file at ``output``
    (default: the page's name with ``.quotes.yaml``), without starts with ``no_times``; an
    existing file is replaced only with ``force``. ``video`` is a URL or id."""
    from .document import read_markdown
    from .quotesfile import create

    page = Path(page)
    text = read_markdown(page, strict=True)
    result = import_markdown(text, video=parse_video_url(video).video_id if video is not None else None)
    if no_times:
        sections = [s.model_copy(update={"start": None, "end": None}) for s in result.quotes.sections]
        result.quotes = result.quotes.model_copy(update={"sections": sections})
    name = page.name[: -len(page.suffix)] if page.suffix else page.name
    path = Path(output) if output else page.with_name(f"{name}.quotes.yaml")
    create(path, result.quotes, force=force, newline=result.newline)
    return result, path
