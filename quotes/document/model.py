"""What the document reader finds: a markdown file's YouTube links, each with where it is
written, its time, its label and the prose it stands for."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..video import VideoLink

__all__ = ["Document", "DocumentLink", "Heading"]


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
    # A label that is a range ("[01:39–03:25](...&t=99s)"): its start is the label's time, and
    # its end, here, where the section ends.
    range_end: float | None = None
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
    alone: bool = False  # the only thing in its paragraph, item or line: no prose beside it
    # False for a link whose words are only a URL or the video's name and that stands for no
    # prose: there is nothing to check it against.
    checkable: bool = True

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
class Heading:
    """A heading of the document, as written."""

    line: int  # 1-based
    level: int  # 1 for "#", 6 for "######"
    text: str  # its words as written, markdown kept ("Curly *braces*"), without the # marks
    setext: bool = False  # underlined with === or --- rather than opened with #


@dataclass
class Document:
    """A markdown file's decoded text, its headings and the YouTube links found in it."""

    path: str
    text: str
    links: list[DocumentLink] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    # What could not be read, as "path:line: why" (lists or quotes nested too deep).
    warnings: list[str] = field(default_factory=list)
    unlinked_times: int = 0  # times written without a link, when no video was named to read them in
