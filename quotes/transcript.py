"""The transcript model (one video, one language) and the cleaning of caption text.

A caption's ``duration`` is how long it stays on screen, not how long its words take to say:
YouTube's auto-captions overlap the next caption by seconds. So the end of what a caption
says is the start of the next caption, never ``start + duration`` (except for the last one).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable

from pydantic import BaseModel, ConfigDict, Field

from .errors import TimeOutOfRange
from .words import SENTENCE_END

__all__ = ["Segment", "Transcript", "Quote", "clean_text", "remove_rolling_repeats", "speaker_turns", "QUOTE_LENGTH"]


class Segment(BaseModel):
    """One caption: when it appears (seconds), how long it stays on screen, its text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: float = Field(ge=0)
    duration: float = Field(ge=0)
    text: str


@dataclass(frozen=True)
class Quote:
    """Words said in a time range of a video (``Transcript.quote``)."""

    start: float
    end: float
    text: str


class Transcript(BaseModel):
    """The captions of one video in one language, and where they came from."""

    model_config = ConfigDict(extra="forbid")

    video_id: str
    language_code: str
    language: str | None = None
    is_generated: bool = False
    source: str = "youtube"
    fetched_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    title: str | None = None
    duration: float | None = None  # length of the video, when known
    translated_from: str | None = None
    segments: list[Segment]

    @property
    def end(self) -> float:
        """Length of the video: its known duration, else the end of the last caption."""
        last = self.segments[-1].start + self.segments[-1].duration if self.segments else 0.0
        return max(self.duration or 0.0, last)

    def segment_end(self, index: int) -> float:
        """When the words of segment ``index`` end: the next caption's start."""
        seg = self.segments[index]
        if index + 1 < len(self.segments):
            nxt = self.segments[index + 1].start
            if nxt > seg.start:
                return min(nxt, seg.start + seg.duration) if seg.duration else nxt
        return seg.start + seg.duration

    def index_at(self, t: float) -> int:
        """Index of the caption on screen at ``t`` (the last one starting at or before it)."""
        lo, hi = 0, len(self.segments)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.segments[mid].start <= t:
                lo = mid + 1
            else:
                hi = mid
        return max(lo - 1, 0)

    def check_range(self, start: float, end: float | None = None) -> None:
        """Raise TimeOutOfRange unless ``start``..``end`` lies inside the video."""
        from .timecode import format_timecode  # local: timecode is a leaf module

        length = self.end
        if start < 0:
            # Not format_timecode(start): it refuses negative times and would raise instead.
            raise TimeOutOfRange(f"start {start:g} s is before the video starts")
        if start >= length:
            raise TimeOutOfRange(
                f"start {format_timecode(start)} is past the end of the video "
                f"({format_timecode(length)})"
            )
        if end is not None and end <= start:
            raise TimeOutOfRange(
                f"end {format_timecode(end)} is not after start {format_timecode(start)}"
            )
        if end is not None and end > length + 1:  # (a second's grace: times are typed whole)
            raise TimeOutOfRange(
                f"end {format_timecode(end)} is past the end of the video ({format_timecode(length)})"
            )

    def _indexes_between(self, start: float, end: float) -> range:
        if not self.segments:
            return range(0)
        first = self.index_at(start)
        # The caption on screen at `start` began earlier: include it only while most of its
        # words are still to be said (a time typed in whole seconds falls a little after the
        # caption it means begins). A long caption is kept for its sentences to be judged.
        seg_start, seg_end = self.segments[first].start, self.segment_end(first)
        if seg_start < start and (
            seg_end <= start
            or (seg_end - seg_start <= LONG_CAPTION and _mostly_said(seg_start, seg_end, start) and self._said_after(first, end))
        ):
            first += 1
        last = first
        while last < len(self.segments) and self.segments[last].start < end:
            last += 1
        return range(first, last)

    def _said_after(self, i: int, end: float) -> bool:
        """More is said before ``end`` after caption ``i``."""
        return i + 1 < len(self.segments) and self.segments[i + 1].start < end

    def segments_between(self, start: float, end: float) -> list[Segment]:
        """Captions whose start lies in [start, end), plus the one on screen at ``start`` while
        most of it is still to be said (or while it is all there is in the range)."""
        return [self.segments[i] for i in self._indexes_between(start, end)]

    def text_between(self, start: float, end: float) -> str:
        """The cleaned verbatim text said from ``start`` to ``end``: whole captions, except that
        of a long punctuated caption (Whisper's run to 30 s) only the sentences said in the range
        are kept, their times estimated from their words' place in the caption."""
        parts = []
        for i in self._indexes_between(start, end):
            text = clean_text(self.segments[i].text)
            seg_start, seg_end = self.segments[i].start, self.segment_end(i)
            if seg_end - seg_start > LONG_CAPTION:
                text = _sentences_between(text, seg_start, seg_end, start, end, more=self._said_after(i, end))
            parts.append(text)
        return clean_text(" ".join(parts))

    def quote(self, start: float, end: float | None = None, *, cut_at_end: bool = False) -> "Quote":
        """The words said from ``start`` to ``end`` (cleaned; default ``QUOTE_LENGTH`` seconds,
        up to the video's end); TimeOutOfRange unless the range lies inside the video. With
        ``cut_at_end``, an ``end`` past the video's end is cut there, as the default one is."""
        if cut_at_end and end is not None and start < self.end < end:
            end = self.end
        self.check_range(start, end)
        stop = end if end is not None else min(start + QUOTE_LENGTH, self.end)
        return Quote(start=start, end=stop, text=self.cleaned().text_between(start, stop))

    def cleaned(self) -> "Transcript":
        """A copy with clean caption text, rolling repeats removed and empty captions dropped."""
        segs = remove_rolling_repeats(self.segments)
        segs = [s.model_copy(update={"text": clean_text(s.text)}) for s in segs]
        return self.model_copy(update={"segments": [s for s in segs if s.text]})


# Sound descriptions YouTube and other captioners put in brackets: [Music], [Applause],
# [Laughter], (laughs), ♪ lyrics markers.
_NOISE = re.compile(r"\[[^\]]{0,40}\]|\((?:laughs?|laughter|applause|music|inaudible|crosstalk)\)|♪+", re.I)
# ">>" marks a change of speaker in YouTube captions; "&gt;&gt;" when still escaped.
# A dash opening a line marks one too, as captioners type it, or opening a sentence ("Hi. -
# Hello."); inside a sentence it is punctuation ("safe to eat - I mean").
# Captions typed by a person may name the speaker instead: "DANA:", "MARCUS (laughing):".
_CAPITAL = "A-Z\u00c0-\u00d6\u00d8-\u00de"  # capitals, accented too ("ÉLODIE:")
_NAME_LABEL = (
    rf"^[ \t]*(?:[{_CAPITAL}][{_CAPITAL}0-9.'\u2019 -]{{1,30}}|Q|A)(?:[ \t]*\([^)\n]{{0,30}}\))?:[ \t]+"
)
# A dash opening a line or a sentence, before a word ("- Yes", "-So it's": subtitle style).
_DASH_TURN = rf"(?:^|(?<=[.?!\u2026]))[ \t]*[-\u2013\u2014](?:[ \t]+(?=\w)|(?=[{_CAPITAL}]))"
_SPEAKER = re.compile(r"(?:^|\s)>>+\s*|" + _DASH_TURN + "|" + _NAME_LABEL, re.M)
# A change of speaker as a caption marks it: ">>" anywhere, a dash opening a line or a
# sentence, or the speaker's name.
_TURN = re.compile(r">>|" + _DASH_TURN + "|" + _NAME_LABEL, re.M)
_TAGS = re.compile(r"</?(?:c|i|b|u|v|font|span)(?:[.\s][^>]*)?>", re.I)
_SPACES = re.compile(r"\s+")
_BROKEN_WORD = re.compile(r"(?<=[^\W\d_])-[ \t]*\n[ \t]*(?=[^\W\d_])")


def clean_text(text: str) -> str:
    """Caption text as a reader wants it: no markup, sound tags, speaker marks or double spaces.

    >>> clean_text("[Music] &gt;&gt; so  what's   the &amp; deal")
    "so what's the & deal"
    >>> clean_text("twenty-\\nfour hours")
    'twenty-four hours'
    """
    # Entities may be escaped twice (&amp;gt;): unescape until stable.
    for _ in range(3):
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    text = _TAGS.sub("", text)
    text = _NOISE.sub(" ", text)
    text = _SPEAKER.sub(" ", text)
    text = text.replace("\u200b", "").replace("\xa0", " ")
    text = _BROKEN_WORD.sub("-", text)  # "twenty-" ending a line and "four" opening the next
    return _SPACES.sub(" ", text).strip()


# A caption longer than this (seconds) is quoted by the sentence, not whole.
LONG_CAPTION = 8.0
# A quote given only its start runs this long (seconds): `quotes quote`, `quotes mark` and
# the quotes rendered for sections without an end.
QUOTE_LENGTH = 30.0
_SENTENCE = re.compile(rf"\S.*?(?:{SENTENCE_END}(?=\s|$)|$)", re.S)


# Words whose full stop ends no sentence: "Dr. Okafor", "the U.S. market", "e.g. joints".
_ABBREVIATION = re.compile(
    r"(?:\b(?:Dr|Mr|Mrs|Ms|Prof|St|Mt|Jr|Sr|vs|etc|approx|Vol|Fig|Inc|Ltd|Co)|\b(?:[A-Za-z]\.){1,3}[A-Za-z]?)\.?$"
)


def _sentences(text: str) -> list[str]:
    """``text``'s sentences; a full stop after an abbreviation ends none."""
    out: list[str] = []
    for piece in _SENTENCE.findall(text):
        if out and _ABBREVIATION.search(out[-1].rstrip("\"'\u201d\u2019)]")):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def _mostly_said(begins: float, ends: float, start: float) -> bool:
    """Most of what is said from ``begins`` to ``ends`` is said before ``start``."""
    return (begins + ends) / 2 < start


def _sentences_between(text: str, t0: float, t1: float, start: float, end: float, more: bool = False) -> str:
    """The sentences of ``text`` (said from ``t0`` to ``t1``, words evenly spread) that are
    said in [start, end), or its words said then when it has no sentence ends at all (one
    sentence is kept whole). A sentence under way at ``start`` and mostly said by then is left
    out when more is said in the range (``more``: later captions are)."""
    sentences = _sentences(text)
    if len(sentences) < 2 and re.search(r"[.!?\u2026]", text):
        return text  # one sentence, whole
    if len(sentences) < 2:
        # No sentence ends to go by (an unpunctuated caption): the words said in the range.
        words = text.split()
        per_word = (t1 - t0) / max(len(words), 1)
        return " ".join(w for i, w in enumerate(words) if t0 + (i + 1) * per_word > start and t0 + i * per_word < end)
    total = sum(len(s.split()) for s in sentences)
    per_word = (t1 - t0) / total
    kept, said = [], 0
    for sentence in sentences:
        n = len(sentence.split())
        begins, ends = t0 + said * per_word, t0 + (said + n) * per_word
        if ends > start and begins < end:
            kept.append((sentence, _mostly_said(begins, ends, start)))
        said += n
    if kept and kept[0][1] and (len(kept) > 1 or more):
        kept = kept[1:]
    return " ".join(sentence for sentence, _ in kept)


def speaker_turns(text: str) -> tuple[bool, bool]:
    """Whether a caption's raw text starts with a change of speaker, and whether one comes
    later in it: ``>>`` anywhere, a dash (``- ``) that opens a line or a sentence, or a
    speaker's name in capitals opening a line (``DANA:``), as captioners type them. (A dash
    inside a sentence is punctuation.)

    >>> speaker_turns(">> so what"), speaker_turns("right &gt;&gt; so what"), speaker_turns("a - b")
    ((True, False), (False, True), (False, False))
    >>> speaker_turns("Yes.\\n- No, it was")
    (False, True)
    """
    if ">" not in text and "-" not in text and "&" not in text and ":" not in text:
        return False, False
    text = html.unescape(html.unescape(text)).strip()
    marks = [m.start() for m in _TURN.finditer(text)]
    return bool(marks) and marks[0] == 0, any(m > 0 for m in marks)


def _words(text: str) -> list[str]:
    return text.split()


def remove_rolling_repeats(segments: Iterable[Segment]) -> list[Segment]:
    """Drop words a caption repeats from the end of the one before it.

    YouTube's rolling auto-captions show each line twice: first as the bottom line, then as
    the top line of the next caption. A caption that only repeats what is already on screen
    is dropped; one that starts with the previous caption's last words keeps only the new words.
    Overlaps must be at least three words (or the whole caption) so that a speaker's real
    repetition ("that that") is kept.
    """
    return [
        seg if text == seg.text else seg.model_copy(update={"text": text})
        for seg, text in new_caption_text(segments)
    ]


def new_caption_text(segments: Iterable[Segment]) -> list[tuple[Segment, str]]:
    """Each caption that shows something new, with only its new words (see remove_rolling_repeats)."""
    out: list[tuple[Segment, str]] = []
    prev_norm: list[str] = []
    for seg in segments:
        words = _words(seg.text)
        if not words:
            continue
        norm = [w.lower() for w in words]
        overlap = 0
        for k in range(min(len(norm), len(prev_norm)), 0, -1):
            if prev_norm[-k:] == norm[:k]:
                overlap = k
                break
        if overlap == len(norm) and overlap >= 1 and len(norm) >= 2:
            continue  # nothing new on screen
        new = words
        if overlap >= 3 or (overlap >= 2 and overlap == len(prev_norm)):
            new = words[overlap:]
        prev_norm = norm
        # (A caption kept whole keeps its line breaks: they mark a turn, or join a broken word.)
        out.append((seg, seg.text if new is words else " ".join(new)))
    return out
