"""Placing a quotes file's sections in a transcript: where each section's summary is said,
and whether a start the editor gave fits it (``quotes match``)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from .locate import Locator, Match
from .locate.placement import place_link
from .quotesfile import QuotesFile, load, past_the_end
from .transcript import Transcript
from .words import placeable

__all__ = ["MatchRun", "MatchStatus", "SectionMatch", "TIE", "match_file", "match_sections"]


MatchStatus = Literal["set", "kept", "looks wrong", "unsure", "not found", "unchecked"]


@dataclass
class SectionMatch:
    """What ``match`` found for one section and what it did about it."""

    index: int
    title: str
    start: float | None  # the start the editor gave, if any
    proposed: float | None  # where the engine places it
    score: float | None  # the best match's confidence (0..1)
    confident: bool
    status: MatchStatus
    matches: list[Match] = field(default_factory=list)

    @property
    def needs_editor(self) -> bool:
        return self.status in ("looks wrong", "unsure", "not found")


def match_sections(
    quotes: QuotesFile,
    transcript: Transcript,
    *,
    locator_factory: Callable[[Transcript], Locator] | None = None,
    top: int = 3,
) -> list[SectionMatch]:
    """Locate every section's summary (else title) in ``transcript``. No I/O, no writes.

    Sections without a start get ``status="set"`` and ``proposed`` when the best match is
    confident, else ``unsure`` or ``not found``; a query too short to place (``match.placeable``)
    is never confident. A given start past the video's end
    ``looks wrong``. A given start is judged as ``quotes verify``
    judges a link (``verify.place_link``): ``kept`` when it points at a confident place (from
    up to two minutes before it, the host's question, to its end), ``looks wrong`` when the
    summary is confidently said elsewhere, and ``unchecked`` when nothing confident was found. Sections are
    taken in order: a match that starts inside the previous section's passage and runs on past
    it is looked for again after that passage, and a section placed out of order takes a place
    nearly as good (``TIE``) that lies between its neighbours', if there is one.
    """
    locator = (locator_factory or Locator)(transcript)
    results: list[SectionMatch] = []
    previous: Match | None = None  # where the section before is said
    for index, section in enumerate(quotes.sections):
        found = locator.locate(section.query, top=top, title=section.title) if section.query else []
        # A title or summary of a few words is said in too many places to trust (as `verify`
        # does not judge such a link): its best guess is shown, never written.
        short = not placeable(section.query or "", transcript.language_code)
        if short:
            found = [replace(m, confident=False) for m in found]
        best = found[0] if found else None
        if (
            section.start is None
            and best is not None
            and best.confident
            and previous is not None
            and previous.start <= best.start < previous.end < best.end
        ):
            # A page's sections cover distinct stretches, in order: a passage that starts
            # inside the previous section's and runs on past it is looked for after it.
            later = locator.locate(section.query, top=top, title=section.title, after=previous.end)
            if later and later[0].confident:
                found, best = later, later[0]
        proposed = best.start if best else None
        if section.start is None:
            if best is None:
                status: MatchStatus = "not found"
            elif best.confident:
                status = "set"
            else:
                status = "unsure"
            if best is not None and best.confident:
                previous = best
        elif section.start >= transcript.end:
            status = "looks wrong"  # past the end of the video
        elif short:
            status = "unchecked"
        else:
            # A given start is judged as `quotes verify` judges a link, so the two agree.
            placed = place_link(locator, section.query, section.start, title=section.title, top=top)
            if placed.fitting is not None:
                status = "kept"
            elif not placed.confident:
                status = "unchecked"
            else:
                status = "looks wrong"
            previous = placed.fitting or previous
        results.append(
            SectionMatch(
                index=index,
                title=section.title,
                start=section.start,
                proposed=proposed,
                # A best guess for a text too short to place has no confidence to show.
                score=best.confidence if best and not short else None,
                confident=bool(best and best.confident),
                status=status,
                matches=found,
            )
        )
    _break_ties_in_page_order(results)
    return results


# A runner-up this close to the best (share of its confidence) is as good a reading of the text.
TIE = 0.9


def _break_ties_in_page_order(results: list[SectionMatch]) -> None:
    """A section placed out of the page's order, when a place nearly as good lies between its
    neighbours' (a topic talked about twice), takes that place: pages follow the video."""
    def at(r: SectionMatch) -> float | None:
        return r.start if r.start is not None else (r.proposed if r.status == "set" else None)

    for i, r in enumerate(results):
        if r.status != "set" or r.proposed is None:
            continue
        # The nearest placed sections before and after it on the page.
        before = next((at(q) for q in reversed(results[:i]) if at(q) is not None), float("-inf"))
        after = next((at(q) for q in results[i + 1 :] if at(q) is not None), float("inf"))
        if before < r.proposed < after:
            continue
        best = r.matches[0]
        for m in r.matches[1:]:
            if m.confident and before < m.start < after and m.confidence >= TIE * best.confidence:
                r.proposed, r.score = m.start, m.confidence
                r.matches = [m] + [x for x in r.matches if x is not m]
                break


@dataclass
class MatchRun:
    """What ``match_file`` found and did."""

    results: list[SectionMatch]
    past_end: list[str]  # sections starting past the end of the video, explained
    written: int  # starts written to the file (0 for a dry run)

    @property
    def needs_editor(self) -> bool:
        return any(r.needs_editor for r in self.results)


def match_file(
    path: str | os.PathLike,
    transcript_of: Callable[[str], Transcript],
    *,
    dry_run: bool = False,
) -> MatchRun:
    """``quotes match``: place the sections of the quotes file at ``path`` in the transcript of
    its video (``transcript_of(video_id)``) and write the confident starts back (not with
    ``dry_run``), keeping comments and order. Matching takes a while, so the file is not held
    locked meanwhile: a change made to it in that time is refused (FileBusy), not overwritten."""
    from .files import Snapshot, locked

    with locked(path):
        doc = load(path)
        before = Snapshot(path)
    transcript = transcript_of(doc.model.video_id)
    results = match_sections(doc.model, transcript)
    past_end = past_the_end(doc.model, transcript.end)
    changed = [r for r in results if r.status == "set"]
    if changed and not dry_run:
        for r in changed:
            doc.set_time(r.index, "start", r.proposed)
        with locked(path):
            before.check()  # changed meanwhile (a mark): refused, not overwritten
            doc.save()
    return MatchRun(results, past_end, 0 if dry_run else len(changed))
