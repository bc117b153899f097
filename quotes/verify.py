"""Findings about the timestamped YouTube links of markdown documents, and their fixes.

For every link with a time: is the URL well formed, does the time written in its label
agree with its ``t``, is ``t`` inside the video, and is the link's section actually said
at ``t`` (using the locate engine, quotes.locate)? Transcripts come from a function (or
mapping) the caller passes in, so ``Verifier`` never touches the network or the disk;
``verify_paths`` is the loop ``quotes verify`` runs over files: read, check, then write the
fixes (atomically) or give them as a diff.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import numpy as np

from .document import Document, DocumentLink, encode_markdown, markdown_files, read_document
from .document.sections import names_video
from .errors import FileError, QuotesError, TranscriptNotCached
from .locate import Locator, Match
from .locate.lead_in import LINK_LEAD, UNASKED_LEAD_IN, sentence_start
from .locate.placement import LEAD_IN, TURN_SLACK, Placement, fits, place_link, reaches, telling_times
from .timecode import format_timecode, timecode_like
from .transcript import Transcript
from .video import with_time
from .words import MIN_CHECK_WORDS, other_language, placeable

__all__ = [
    "ProblemKind",
    "Problem",
    "LinkReport",
    "Verifier",
    "verify_document",
    "apply_fixes",
    "LEAD_IN",
    "MIN_CHECK_WORDS",
    "Placement",
    "fits",
    "place_link",
    "placeable",
    "TRANSCRIPT_CHECKS",
    "summary_counts",
    "timecode_like",
    "chapter_spans",
    "verify_paths",
    "VerifyRun",
    "Patient",
    "unavailable",
]

# A chapter's time is in the middle of the previous topic when that topic's words are still
# said this many seconds after it (and the chapter's own only a minute later or more).
STILL_TALKING = 30.0
# The last half-minute of a passage the engine finds (at most its second half) may run into
# the next host's question.
OTHER_TAIL = 30.0


class ProblemKind(str, Enum):
    """What can be wrong with a timestamped link (names are stable: JSON, --help, README)."""

    MALFORMED_URL = "malformed-url"
    LABEL_MISMATCH = "label-mismatch"
    PAST_END = "past-end"
    WRONG_TIME = "wrong-time"
    NOT_IN_VIDEO = "not-in-video"
    TRANSCRIPT_UNAVAILABLE = "transcript-unavailable"
    CHAPTER_MISMATCH = "chapter-mismatch"  # (quotes.chapters: against the video's own chapters)

    @property
    def warning(self) -> bool:
        """A warning does not make the link fail: the link may be a general reference."""
        return self is ProblemKind.NOT_IN_VIDEO

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]

    def __str__(self) -> str:
        return self.value


_DESCRIPTIONS = {
    ProblemKind.MALFORMED_URL: "the URL is broken so YouTube ignores its time (watch?v=ID?t=483)",
    ProblemKind.LABEL_MISMATCH: "the time written in the label or next to the link differs from its t",
    ProblemKind.PAST_END: "t is past the end of the video",
    ProblemKind.WRONG_TIME: "the section is said elsewhere in the video (a time is suggested)",
    ProblemKind.NOT_IN_VIDEO: "warning: the section is not said anywhere in the video",
    ProblemKind.TRANSCRIPT_UNAVAILABLE: "no transcript, so the checks that need one were skipped",
    ProblemKind.CHAPTER_MISMATCH: "a chapter line's time is not where the video's own chapter of that title starts",
}

# Checks that need the transcript, skipped when it is unavailable.
TRANSCRIPT_CHECKS = (ProblemKind.PAST_END, ProblemKind.WRONG_TIME, ProblemKind.NOT_IN_VIDEO)


@dataclass
class Problem:
    """One finding about a link."""

    kind: ProblemKind
    message: str


@dataclass
class LinkReport:
    """Everything found about one YouTube link, and the confident fix if there is one."""

    link: DocumentLink
    problems: list[Problem] = field(default_factory=list)
    suggested_t: float | None = None
    confidence: float | None = None
    skipped: list[ProblemKind] = field(default_factory=list)
    new_t: float | None = None  # fix: the link's new time (None: keep)
    new_url: str | None = None  # fix: the URL to write (None: keep)
    new_label: str | None = None  # fix: the label time to write (None: keep)
    fixed: bool = False  # set by apply_fixes
    too_short: bool = False  # its section has too few words to place (see MIN_CHECK_WORDS)
    other_language: str | None = None  # its section is written in this other language: not checked
    trust_label: bool = False  # URL and label disagree, and the label points nearer the passage
    url_fits: bool = False  # the URL's time points at a confidently found passage
    passage: Match | None = None  # that passage
    suggested: Match | None = None  # where its section is said, when it points elsewhere (wrong-time)
    not_fixed: str | None = None  # why a needed fix cannot be made ("not fixed: ...")

    @property
    def kinds(self) -> list[ProblemKind]:
        return [p.kind for p in self.problems]

    @property
    def ok(self) -> bool:
        """No problems other than warnings."""
        return not any(not p.kind.warning for p in self.problems)

    @property
    def fixable(self) -> bool:
        return self.new_url is not None or self.new_label is not None

    def to_json(self) -> dict:
        link = self.link
        return {
            "file": link.path,
            "line": link.line,
            "video_id": link.video_id,
            "url": link.source_url or link.href or None,  # None: a time written without a link
            "label": link.text,
            "t": link.t,
            "label_seconds": link.label_seconds,
            "ok": self.ok,
            "problems": [p.kind.value for p in self.problems],
            "suggested_t": self.suggested_t,
            "confidence": None if self.confidence is None else round(self.confidence, 3),
            "messages": [p.message for p in self.problems],
            "skipped": [k.value for k in self.skipped],
            "too_short": self.too_short,
            "other_language": self.other_language,
            "heading": link.heading,
            "text": link.section,  # what the link stands for: the text its time is checked against
            "fix": (
                {"url": self.new_url, "label": self.new_label} if self.fixable else None
            ),
            "fixed": self.fixed,
            "not_fixed": self.not_fixed,
        }


TranscriptSource = Callable[[str], Transcript] | Mapping[str, Transcript]


def _label_meant(locator: Locator | None, label: float, t: float, m: Match, lead_in: float = LEAD_IN) -> bool:
    """Where URL and label disagree: the label's time is the one the editor meant for ``m`` when
    it is nearer where the engine starts ``m`` and points at it as a link may (``fits``).
    (``Verifier`` also refuses a label inside what another section of the page summarises.)"""
    return abs(label - m.start) < abs(t - m.start) and reaches(locator, label, m, lead_in)


def _confidence(m: Match) -> float:
    """How sure the engine is."""
    return float(m.confidence)


def _tc(seconds: float | None) -> str:
    return "?" if seconds is None else format_timecode(seconds)


def _checked(link: DocumentLink) -> bool:
    """Whether ``verify`` reports on ``link``: it has a time, or a broken URL."""
    return bool(link.timestamped or link.url_error or (link.video and link.video.problems))


class Verifier:
    """Checks links against transcripts, fetching each transcript and building each index once.

    ``transcripts`` is a function ``video_id -> Transcript`` that raises a QuotesError
    (TranscriptUnavailable, TranscriptNotCached, ...) when there is none, or a mapping.
    ``locator`` builds the index of one transcript (quotes.locate.Locator by default).
    """

    def __init__(
        self,
        transcripts: TranscriptSource,
        *,
        locator: Callable[[Transcript], Locator] | None = None,
        indexes: Callable[[Transcript], object] | None = None,
        lead_in: float = LEAD_IN,
    ):
        self._source = transcripts
        # ``indexes`` gives a transcript's saved index (quotes.indexcache), so none is built twice.
        self._make_locator = locator or (lambda transcript: Locator(indexes(transcript) if indexes else transcript))
        self.lead_in = lead_in
        self._transcripts: dict[str, Transcript | QuotesError] = {}
        self._locators: dict[str, Locator] = {}

    def transcript(self, video_id: str) -> Transcript | QuotesError:
        """The transcript of ``video_id``, or the error that says why there is none (memoised)."""
        if video_id not in self._transcripts:
            try:
                if isinstance(self._source, Mapping):
                    if video_id not in self._source:
                        raise TranscriptNotCached(video_id, "the transcripts given")
                    found = self._source[video_id]
                else:
                    found = self._source(video_id)
            except QuotesError as exc:
                found = exc
            self._transcripts[video_id] = found
        return self._transcripts[video_id]

    def locator(self, video_id: str, transcript: Transcript) -> Locator:
        if video_id not in self._locators:
            self._locators[video_id] = self._make_locator(transcript)
        return self._locators[video_id]

    def verify(self, document: Document) -> list[LinkReport]:
        """A report for every timestamped YouTube link of ``document`` (and every broken one)."""
        spans = chapter_spans(document.links)
        reports = [self.check(link, span=spans.get(id(link))) for link in document.links if _checked(link)]
        self._check_other_topics(reports)
        self._check_chapter_starts(reports, spans)
        return reports

    def _check_chapter_starts(self, reports: list[LinkReport], spans: dict[int, float]) -> None:
        """A chapter's time that lands in the middle of the previous chapter's topic: its own
        words are first said more than ``UNASKED_LEAD_IN`` seconds later, inside its span,
        none of them before, and the previous chapter's words are still being said in the
        ``STILL_TALKING`` seconds after the time. The chapter begins where its words do."""
        chapters = [r for r in reports if r.link.place == "line" and r.link.t is not None and r.link.video_id]
        for before, report in zip(chapters, chapters[1:]):
            link = report.link
            span = spans.get(id(link))
            if span is None or before.link.video_id != link.video_id or report.other_language:
                continue
            if any(k in (ProblemKind.WRONG_TIME, ProblemKind.PAST_END) for k in report.kinds):
                continue
            transcript = self.transcript(link.video_id)
            if isinstance(transcript, QuotesError):
                continue
            locator = self.locator(link.video_id, transcript)
            t = float(link.t)
            mine = telling_times(locator, link.section or link.text)
            mine = mine[(mine >= t) & (mine < t + span)]
            if not len(mine) or mine[0] - t <= UNASKED_LEAD_IN:
                continue
            theirs = telling_times(locator, before.link.section or before.link.text)
            if not np.any((theirs > t) & (theirs < min(mine[0], t + STILL_TALKING))):
                continue  # the previous topic is not still being talked about at the time
            start = chapter_start(locator, float(mine[0]))
            here = Match(
                start=start, end=t + span, core_start=float(mine[0]), lead_in=start, score=1.0,
                confidence=1.0, confident=True, text="", url=with_time(link.href or "", start) if link.href else "",
            )
            why = f"; {_tc(t)} is still the topic of line {before.link.line}"
            self._report_wrong_time(report, here, why)
            report.new_t = report.new_url = report.new_label = report.not_fixed = None
            self._plan_fix(report)

    def release(self, video_id: str) -> None:
        """Let go of the transcript and index of ``video_id`` (asked again if needed again)."""
        self._transcripts.pop(video_id, None)
        self._locators.pop(video_id, None)

    def verify_all(self, documents: list[Document], progress: Callable[[list], Iterable] | None = None) -> list[list[LinkReport]]:
        """``verify`` of each document, done video by video: each video's transcript is got and
        its index built once, and both are let go when the video's links in every document are
        checked, so a run over many pages into many videos holds one video at a time.

        The findings are those ``verify`` gives document by document: a page's sections are
        compared with each other only within one video. ``progress`` wraps the list of videos
        (a progress bar)."""
        wanted = [[link for link in d.links if _checked(link)] for d in documents]
        spans = [chapter_spans(d.links) for d in documents]
        reports: list[list[LinkReport | None]] = [[None] * len(links) for links in wanted]
        groups: dict[str | None, list[tuple[int, int]]] = {}
        for i, links in enumerate(wanted):
            for j, link in enumerate(links):
                groups.setdefault(link.video_id, []).append((i, j))
        videos = list(groups)
        for video_id in progress(videos) if progress else videos:
            places = groups.pop(video_id)
            for i, j in places:
                reports[i][j] = self.check(wanted[i][j], span=spans[i].get(id(wanted[i][j])))
            for i in dict.fromkeys(i for i, _ in places):  # each page's sections into this video
                page = [reports[i][j] for i2, j in places if i2 == i]
                self._check_other_topics(page)
                self._check_chapter_starts(page, spans[i])
            if video_id is not None:
                self.release(video_id)
        return reports  # type: ignore[return-value]  (every slot is filled)

    def _check_other_topics(self, reports: list[LinkReport]) -> None:
        """A link that fits its passage only as a lead-in (up to two minutes before it) but
        points inside what another section of the page summarises points at that other topic:
        the host's question cannot be in the middle of another answer. Nor is a label there the
        time the editor meant, where it disagrees with its URL."""
        placed = [r for r in reports if r.passage is not None]

        def inside_other(r: LinkReport, m: Match, t: float) -> LinkReport | None:
            if t >= min(m.start, m.lead_in) - TURN_SLACK:
                return None  # at the passage, or just before it
            for other in placed:
                om = other.passage
                if other is r or other.link.video_id != r.link.video_id or om.start <= m.start <= om.end:
                    continue
                # Inside the other's summarised words: not its lead-in, not its passage's tail
                # (which may run into the next question).
                tail = min(OTHER_TAIL, (om.end - om.core_start) / 2)
                if om.core_start <= t < om.end - tail:
                    return other
            return None

        def replan(r: LinkReport) -> None:
            r.new_t = r.new_url = r.new_label = r.not_fixed = None
            self._plan_fix(r)

        for r in reports:
            t, label = r.link.t, r.link.label_seconds
            if r.passage is not None and t is not None and (other := inside_other(r, r.passage, t)):
                r.url_fits = False
                r.trust_label = False
                self._report_wrong_time(r, r.passage, f"; {_tc(t)} is inside what line {other.link.line} summarises")
                replan(r)
            if label is None:
                continue
            m = r.passage if r.trust_label else r.suggested if r.suggested_t == float(int(label)) else None
            if m is not None and (other := inside_other(r, m, label)):
                why = f"; the label's {_tc(label)} is inside what line {other.link.line} summarises"
                if r.trust_label:
                    r.trust_label = False  # the URL points at the passage: the label is the copy to mend
                else:
                    self._report_wrong_time(r, m, why, label_ok=False)
                replan(r)

    def check(self, link: DocumentLink, span: float | None = None) -> LinkReport:
        """Everything found about ``link``; ``span``: how long the stretch it stands for runs
        (a chapter's, up to the next chapter's time), when the page says so."""
        report = LinkReport(link=link)
        video = link.video
        if video is None:
            report.problems.append(Problem(ProblemKind.MALFORMED_URL, link.url_error or "not a video URL"))
            return report
        if video.problems:
            report.problems.append(Problem(ProblemKind.MALFORMED_URL, "; ".join(video.problems)))
        t = video.t
        if t is None:
            return report
        label = link.label_seconds
        if label is not None and abs(int(label) - int(t)) >= 1:
            report.problems.append(
                Problem(
                    ProblemKind.LABEL_MISMATCH,
                    f"the label says {link.label_time_text} but the link starts at {_tc(t)}",
                )
            )

        transcript = self.transcript(video.video_id)
        if isinstance(transcript, QuotesError):
            report.skipped = list(TRANSCRIPT_CHECKS)
            reason = str(transcript)
            report.problems.append(
                Problem(
                    ProblemKind.TRANSCRIPT_UNAVAILABLE,
                    f"{reason} (skipped: {', '.join(k.value for k in TRANSCRIPT_CHECKS)})",
                )
            )
            self._plan_fix(report)
            return report

        if t >= transcript.end:
            report.problems.append(
                Problem(
                    ProblemKind.PAST_END,
                    f"{_tc(t)} is past the end of the video ({_tc(transcript.end)})",
                )
            )
        self._check_content(report, transcript, span)
        self._plan_fix(report)
        return report

    def _check_content(self, report: LinkReport, transcript: Transcript, span: float | None = None) -> None:
        link = report.link
        t = link.t
        text = link.section.strip()
        language = transcript.language_code
        if not link.checkable:  # its words are a URL or the video's name, and it stands for no prose
            report.skipped = [ProblemKind.WRONG_TIME, ProblemKind.NOT_IN_VIDEO]
            return
        other = other_language(text or link.text, language)
        if other is not None:
            # Written in another language than the transcript: its words cannot be found there.
            report.skipped = [ProblemKind.WRONG_TIME, ProblemKind.NOT_IN_VIDEO]
            report.other_language = other
            return
        if not placeable(text, language):
            # A link whose own words are the summary: "[Fakes look right from outside ...](...)".
            text = link.text.replace(link.label_time_text or "\0", " ")
            if not placeable(text, language) or names_video(text, transcript.title):
                report.skipped = [ProblemKind.WRONG_TIME, ProblemKind.NOT_IN_VIDEO]
                report.too_short = True
                return
        locator = self.locator(link.video_id, transcript)
        placed = place_link(locator, text, t, title=link.heading, lead_in=self.lead_in, span=span)
        label = link.label_seconds
        if placed.fitting is not None and label is not None and int(label) != int(t):
            # URL and label disagree and both may point at the passage: the one nearer where
            # the engine starts it is the one the editor meant.
            m = placed.fitting
            if _label_meant(locator, label, t, m, self.lead_in):
                report.trust_label = True
        report.url_fits = placed.fitting is not None
        # (Where the link's place only talks about the section, no passage is known there.)
        report.passage = None if placed.talked else placed.fitting
        if placed.weak_fit or placed.fitting is not None:
            return  # at the passage (or the question leading into it), or a repeat of it
        best = placed.suggestion
        if best is None:
            guess = placed.matches[0] if placed.matches else None
            score = f" (best guess {_tc(guess.start)}, confidence {_confidence(guess):.2f})" if guess else ""
            report.problems.append(
                Problem(
                    ProblemKind.NOT_IN_VIDEO,
                    "this section is not said anywhere in the video; "
                    f"the link may be a general reference{score}",
                )
            )
            return
        self._report_wrong_time(report, best)

    def _report_wrong_time(self, report: LinkReport, best: Match, why: str = "", label_ok: bool = True) -> None:
        """``report``'s link points away from ``best``, where its section is said."""
        link = report.link
        suggested = best.start
        # The editor may have typed the right time in the label and a wrong one in the URL.
        label = link.label_seconds
        if label_ok and label is not None and _label_meant(self._locators.get(link.video_id), label, link.t, best, self.lead_in):
            suggested = label
        report.suggested = best
        report.suggested_t = float(int(suggested))
        report.confidence = _confidence(best)
        report.problems = [p for p in report.problems if p.kind is not ProblemKind.WRONG_TIME]
        report.problems.append(
            Problem(
                ProblemKind.WRONG_TIME,
                f"this section is said at {_tc(suggested)}, not at {_tc(link.t)} "
                f"(suggest {_tc(suggested)}, confidence {report.confidence:.2f}){why}",
            )
        )

    def _plan_fix(self, report: LinkReport) -> None:
        """Decide the confident rewrite: which time the URL and the label should both show."""
        link = report.link
        kinds = report.kinds
        if report.suggested_t is not None:
            target = report.suggested_t
        elif ProblemKind.PAST_END in kinds:
            # Nowhere confident to point at: the section is too short to place, or not found.
            why = "its section is too short to place" if report.too_short else "nothing says where its section is said"
            report.not_fixed = f"not fixed: {why}"
            for problem in report.problems:
                if problem.kind is ProblemKind.PAST_END:
                    problem.message += f"; {report.not_fixed}"
            return
        elif ProblemKind.LABEL_MISMATCH in kinds and report.trust_label:
            target = link.label_seconds  # the label points nearer the passage than the URL
        elif ProblemKind.LABEL_MISMATCH in kinds and report.url_fits:
            target = link.t  # the URL points at the passage: the label is the copy to mend
        elif ProblemKind.LABEL_MISMATCH in kinds:
            # Nothing says which of the two the editor meant (no transcript, a section too
            # short to place, or not found): a guess could break the right one.
            report.not_fixed = "not fixed: nothing tells whether the label or the URL is right"
            for problem in report.problems:
                if problem.kind is ProblemKind.LABEL_MISMATCH:
                    problem.message += f"; {report.not_fixed}"
            return
        elif ProblemKind.MALFORMED_URL in kinds:
            target = link.t  # mend the URL's form; its time stays
        else:
            return
        if target is None:
            return
        if link.plain:  # a time written without a link: the time is all there is to mend
            label = timecode_like(link.label_time_text, target)
            if label != link.label_time_text:
                report.new_label = label
                report.new_t = target
            return
        written = link.source_url or link.href
        url = with_time(written, target)
        if url != written and link.url_span is None:
            # The URL cannot be rewritten, so the label is not either: they would disagree.
            if link.reference and link.reference_uses > 1:
                why = f"the reference [{link.reference}] is used by {link.reference_uses} links"
            else:
                why = "where its URL is written could not be found"
            report.not_fixed = f"not fixed: {why}"
            for problem in report.problems:
                if problem.kind in (ProblemKind.WRONG_TIME, ProblemKind.MALFORMED_URL, ProblemKind.PAST_END):
                    problem.message += f"; {report.not_fixed}"
            return
        if url != written:
            report.new_url = url
            report.new_t = target
        if link.label_span is not None and link.label_time_text:
            label = timecode_like(link.label_time_text, target)
            if label != link.label_time_text:
                report.new_label = label


def chapter_start(locator: Locator, first: float) -> float:
    """Where a chapter whose words are first said at ``first`` begins: the caption where that
    sentence begins in a punctuated transcript, else the caption ``LINK_LEAD`` before."""
    index = locator.index
    lead = first if index.punctuated else first - LINK_LEAD
    k = max(int(np.searchsorted(index.seg_starts, lead, side="right")) - 1, 0)
    return float(index.seg_starts[sentence_start(index, k, first, float("-inf"))])


def chapter_spans(links: Iterable[DocumentLink]) -> dict[int, float]:
    """How long each line of a chapter list stands for (by ``id`` of the link): up to the next
    chapter's time of the same video. The last chapter's span is not known (the page does
    not say where the video ends). A link labelled with a range stands for up to its end."""
    spans: dict[int, float] = {}
    chapters = [link for link in links if link.place == "line" and link.t is not None]
    for link, after in zip(chapters, chapters[1:]):
        if after.video_id == link.video_id and after.t > link.t:
            spans[id(link)] = after.t - link.t
    for link in links:  # a range label ("[01:39–03:25](...)") says where its stretch ends
        if link.range_end is not None and link.t is not None and link.range_end > link.t:
            spans[id(link)] = link.range_end - link.t
    return spans


def verify_document(
    document: Document,
    transcripts: TranscriptSource,
    *,
    locator: Callable[[Transcript], Locator] | None = None,
) -> list[LinkReport]:
    """Check one document's links (a one-off Verifier; reuse a Verifier for many documents)."""
    return Verifier(transcripts, locator=locator).verify(document)


def apply_fixes(document: Document, reports: Iterable[LinkReport]) -> str:
    """``document.text`` with every planned fix applied; marks those reports ``fixed``.

    Only the characters of each fixed URL and label time change.
    """
    edits: list[tuple[int, int, str, LinkReport]] = []
    for report in reports:
        if report.link.path != document.path:
            continue
        link = report.link
        if report.new_url is not None and link.url_span is not None:
            edits.append((*link.url_span, report.new_url, report))
        if report.new_label is not None and link.label_span is not None:
            edits.append((*link.label_span, report.new_label, report))
    edits.sort(key=lambda e: e[0])
    out: list[str] = []
    pos = 0
    text = document.text
    for start, end, new, report in edits:
        if start < pos:
            continue  # overlapping edits: keep the first
        if text[start:end] == new:
            continue
        out.append(text[pos:start])
        out.append(new)
        pos = end
        report.fixed = True
    out.append(text[pos:])
    return "".join(out)


def summary_counts(reports: list[LinkReport]) -> dict[ProblemKind, int]:
    """How many findings of each kind, in the order of ProblemKind (kinds found only)."""
    found = [kind for report in reports for kind in report.kinds]
    return {kind: found.count(kind) for kind in ProblemKind if kind in found}



@dataclass
class VerifyRun:
    """What ``verify_paths`` found and did: the CLI prints it."""

    files: list[Path]
    reports: list[LinkReport] = field(default_factory=list)
    unlinked: int = 0  # times written without a link, left unchecked for want of a video
    warnings: list[str] = field(default_factory=list)  # what the pages hold that could not be read
    diffs: list[bytes] = field(default_factory=list)  # with diff=True: one unified diff per changed file
    unreadable: list[QuotesError] = field(default_factory=list)  # files that could not be read (the rest were checked)
    unwritable: list[QuotesError] = field(default_factory=list)  # fixes that could not be written (the rest were)

    @property
    def checked(self) -> list[Path]:
        """The files that were read and checked."""
        skipped = {e.path for e in self.unreadable if isinstance(e, UnreadableFile)}
        return [f for f in self.files if str(f) not in skipped]

    @property
    def fixed(self) -> list[LinkReport]:
        return [r for r in self.reports if r.fixed]

    @property
    def left(self) -> list[LinkReport]:
        """Links with problems that were not fixed."""
        return [r for r in self.reports if not r.ok and not r.fixed]


class UnreadableFile(QuotesError):
    """A file of a ``verify_paths`` run that could not be read (the others were checked)."""

    def __init__(self, path: str, message: str):
        self.path = path
        super().__init__(message)


class Patient:
    """A transcript source that waits and asks again when YouTube refuses for too many
    requests (``RequestBlocked``, which HTTP 429 raises too), after each of ``waits`` seconds.
    Refused still, it asks no more: later videos get the same refusal without a request, so a
    long run does not hammer a server that has said no. ``blocked`` is that refusal."""

    def __init__(self, source: Callable[[str], Transcript], waits: Iterable[float] = (5.0, 20.0, 60.0), sleep=None):
        import time

        self._source = source
        self.waits = tuple(waits)
        self._sleep = sleep or time.sleep
        self.blocked: QuotesError | None = None

    def __call__(self, video_id: str) -> Transcript:
        from .errors import RequestBlocked, RoutesFailed

        if self.blocked is not None:
            raise self.blocked.for_video(video_id)
        for wait in (*self.waits, None):
            try:
                return self._source(video_id)
            except (RequestBlocked, RoutesFailed) as exc:  # (RoutesFailed: both routes, see quotes.routes)
                if isinstance(exc, RoutesFailed) and not exc.blocked:
                    raise  # both routes failed, but not for a rate limit: waiting will not help
                if wait is None:
                    self.blocked = exc
                    raise
                self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover


def unavailable(reports: Iterable[LinkReport]) -> dict[str, str]:
    """The videos whose transcript could not be had, each with the reason (first seen)."""
    found: dict[str, str] = {}
    for r in reports:
        for p in r.problems:
            if p.kind is ProblemKind.TRANSCRIPT_UNAVAILABLE and r.link.video_id not in found:
                found[r.link.video_id] = p.message.rsplit(" (skipped: ", 1)[0]
    return found


def verify_paths(
    paths: Iterable[str | os.PathLike],
    transcripts: TranscriptSource,
    *,
    video: str | None = None,
    fix: bool = False,
    diff: bool = False,
    locator: Callable[[Transcript], Locator] | None = None,
    indexes: Callable[[Transcript], object] | None = None,
    progress: Callable[[list], Iterable] | None = None,
) -> VerifyRun:
    """Check every markdown file of ``paths`` (folders searched for ``*.md``).

    ``video`` (an id) also checks the times written without a link as times in it; without
    it they are counted (``VerifyRun.unlinked``). ``fix`` writes the confident fixes back
    (atomically, every other byte kept); ``diff`` gives them as unified diffs instead.
    The files are read first, then their links checked video by video (``Verifier.verify_all``:
    one video's transcript and index in memory at a time); ``indexes`` gives a transcript's
    saved index, ``progress`` wraps the list of videos.
    """
    files = markdown_files(list(paths))
    verifier = Verifier(transcripts, locator=locator, indexes=indexes)
    run = VerifyRun(files=files)
    documents, read = [], []
    for path in files:
        try:
            document = read_document(path, video=video)
        except QuotesError as exc:  # not text, not UTF-8, unreadable: said, and the others checked
            run.unreadable.append(UnreadableFile(str(path), str(exc)))
            continue
        run.unlinked += document.unlinked_times
        run.warnings.extend(document.warnings)
        document.links.sort(key=lambda link: link.line)  # reported in the page's order
        documents.append(document)
        read.append(path)
    for path, document, found in zip(read, documents, verifier.verify_all(documents, progress)):
        run.reports.extend(found)
        if not (fix or diff) or not any(r.fixable for r in found):
            continue
        new_text = apply_fixes(document, found)
        if new_text == document.text:
            continue
        if diff:
            for r in found:
                r.fixed = False  # shown, not written
            run.diffs.append(_unified_diff(path, document.text, new_text))
        else:
            try:
                _write_fixed(path, new_text)
            except FileError as exc:  # (a hard link, a full disk: said, and the other files fixed)
                for r in found:
                    r.fixed = False
                run.unwritable.append(exc)
    return run


def _unified_diff(path: Path, old: str, new: str) -> bytes:
    name = str(path)
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=name if path.is_absolute() else f"a/{name}",
        tofile=name if path.is_absolute() else f"b/{name}",
    )
    # A last line without a line end is marked so, as diff and patch expect.
    marked = (line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
    return encode_markdown("".join(marked))


def _write_fixed(path: Path, text: str) -> None:
    from .files import atomic_write_text

    atomic_write_text(path, text, errors="surrogateescape")  # (through a symlink: the file it points at)
