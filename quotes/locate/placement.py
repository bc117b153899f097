"""A link's place: whether a link at a given time points at where a text is said. No I/O.

``verify`` (a page's links), ``match`` (a quotes file's starts) and ``sections`` judge given
times this one way, so they agree (``place_link``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..words import acronyms, hyphenated, words_of
from . import scoring
from .locator import Locator, Match

__all__ = [
    "LEAD_IN", "TURN_SLACK", "CEILING_SLACK", "NEARBY", "Placement", "fits", "reaches", "place_link", "talks_about",
    "telling_times",
]

# A link may start this many seconds before the place the engine gives for the passage
# (Match.start / Match.lead_in): at the host's question that leads into it, or where the
# answer begins before the part the summary condenses. Hosts' questions and those
# preambles run long in interviews: in the hand-checked fixture the question starts up to
# 110 s before the summarised words, and the engine's start often sits at those words.
# A link further back than this points at something else.
LEAD_IN = 120.0
# A link may come this many seconds before the turn that leads into the answer (the end of
# the sentence before the host's question): editors link there too.
TURN_SLACK = 10.0
# A link in the last seconds of an answer's turn points at the next turn (times are whole seconds).
CEILING_SLACK = 2.0
# How far back from a link a passage under way there may have begun (seconds).
NEARBY = 300.0


@dataclass
class Placement:
    """Where a section's text is said, judged for a link at time ``t`` (see ``place_link``)."""

    matches: list[Match]  # best first, as located
    fitting: Match | None  # the confident place ``t`` points at, if any (see ``talked``)
    weak_fit: bool = False  # nothing is confident, but ``t`` fits the best guess
    # ``t`` points at no confident place, but the talk there is about the text (``talks_about``):
    # a link there is not wrong, even where another place says the text better (a recap, a
    # later return to the topic). ``fitting`` is then where ``t`` points, not confident.
    talked: bool = False

    @property
    def confident(self) -> list[Match]:
        return [m for m in self.matches if m.confident]

    @property
    def suggestion(self) -> Match | None:
        """Where the link should go instead: the best confident place, unless ``t`` fits one."""
        if self.fitting is not None or not self.confident:
            return None
        return self.confident[0]


def fits(
    t: float, m: Match, lead_in: float = LEAD_IN, floor: float = float("-inf"), ceiling: float = float("-inf")
) -> bool:
    """``t`` points at the passage of ``m``: from up to ``lead_in`` seconds before where the
    engine starts it (the host's question, a preamble), but not before ``floor`` (where the
    captions show the turn before the answer's begins), to the passage's end, or to
    ``ceiling`` (where the captions show the answer's turn ends) when that is later."""
    begin = min(m.start, m.lead_in)
    # (A link's t is a whole second: 3:42 points at a passage the engine starts at 222.4 s.)
    lower = max(begin - lead_in, min(floor, begin) - TURN_SLACK)
    return lower - 1 < t <= max(m.end, m.start, ceiling)


def _floor(locator: Locator | None, m: Match, lead_in: float = LEAD_IN) -> float:
    """How far back a link to ``m`` may lead in (``Locator.lead_floor``): the turn before the
    answer where captions mark speakers; a question's setup, or a minute, where they are
    punctuated; -inf otherwise."""
    return locator.lead_floor(m.core_start, reach=lead_in) if locator is not None else float("-inf")


def _ceiling(locator: Locator | None, m: Match) -> float:
    """Where the answer ``m`` is part of ends, when the captions mark speakers: a link later in
    the same answer points at it too."""
    # (Not its last seconds: a link there, cut to a whole second, was meant for the next turn.)
    return locator.turn_end(m.core_start) - CEILING_SLACK if locator is not None else float("-inf")


def reaches(locator: Locator | None, t: float, m: Match, lead_in: float = LEAD_IN) -> bool:
    """``t`` points at ``m``, as far as the captions' turns let a link reach (see ``fits``)."""
    return fits(t, m, lead_in, _floor(locator, m, lead_in), _ceiling(locator, m))


def place_link(
    locator: Locator,
    text: str,
    t: float,
    *,
    title: str | None = None,
    lead_in: float = LEAD_IN,
    top: int = 3,
    span: float | None = None,
) -> Placement:
    """Whether a link at ``t`` points at where ``text`` is said. ``verify`` and ``match`` both judge
    given times this way, so they agree. Text said in many places (a topic the guest keeps
    returning to) fits a link at any of them, listed among the best or not; and a link whose
    place talks about the text (``talks_about``, over ``lead_in`` seconds or the ``span`` the
    link stands for, such as a chapter's up to the next chapter) is never moved elsewhere."""
    def at(m: Match) -> bool:
        return reaches(locator, t, m, lead_in)

    matches = locator.locate(text, top=top, title=title)
    confident = [m for m in matches if m.confident]
    fitting = next((m for m in confident if at(m)), None)
    if fitting is None and confident:
        # The best few places may not include the one the link points at: look there, for
        # a passage under way at t or beginning up to ``lead_in`` after it.
        # (The best few there: the talk near t may hold two confident places, a minute apart.)
        here = locator.locate(text, top=top, title=title, after=max(0.0, t - NEARBY), before=t + lead_in)
        fitting = next((m for m in here if m.confident and at(m)), None)
    weak = not confident and bool(matches) and at(matches[0])
    reach = max(lead_in, span or 0.0)
    if fitting is None and confident and not any(t - 1 <= m.start < t + reach for m in confident):
        # The precision rule: a link is wrong only where the talk it points at is not about
        # its text at all; a better-scoring place elsewhere is not enough. (A confident place
        # just after the link is the same talk: how far a link may lead in decides there.)
        if talks_about(locator, text, t, reach):
            there = confident[0]
            fitting = replace(there, start=float(t), lead_in=float(t), core_start=float(t), end=t + reach, confident=False)
            return Placement(matches=matches, fitting=fitting, weak_fit=weak, talked=True)
    return Placement(matches=matches, fitting=fitting, weak_fit=weak)


# Stretches a link may stand for are measured in steps this long (seconds): each length
# measured keeps a look-up table in the index.
_REACH_STEP = 30.0


def talk_share(locator: Locator, text: str, t: float, reach: float = LEAD_IN) -> tuple[float, float, float]:
    """How much of ``text`` is talked about in the ``reach`` seconds from ``t``: the weighted
    share of its words said there, what an ordinary stretch that long holds (90th
    percentile), and the most any stretch holds."""
    index = locator.index
    if index is None or not len(index.pos):
        return 0.0, 0.0, 0.0
    total, terms = scoring.clause_terms(index, words_of(text), acronyms(text), hyphenated(text))
    if total <= 0 or not terms:
        return 0.0, 0.0, 0.0
    reach = max(_REACH_STEP, round(reach / _REACH_STEP) * _REACH_STEP)
    R = scoring.coverage(index, [(total, terms)], reach)[0]
    k = min(int(np.searchsorted(index.pos, t - 1.0)), len(R) - 1)
    p90 = float(scoring.percentiles(R[:: max(1, len(R) // 1024)], (90,))[0])
    return float(R[k]), p90, float(R.max())


def talks_about(locator: Locator, text: str, t: float, reach: float = LEAD_IN) -> bool:
    """Whether the ``reach`` seconds from ``t`` talk about ``text`` at all: they hold more of
    its words (by weight) than an ordinary stretch as long, or half of what the best holds
    (a text whose words this video says everywhere)."""
    here, ordinary, best = talk_share(locator, text, t, reach)
    return here > 0 and (here > ordinary or here >= 0.5 * best)


def telling_times(locator: Locator, text: str) -> np.ndarray:
    """When the words of ``text`` that tell where it is are said (not this video's everyday
    words; spelled as written or nearly), sorted."""
    index = locator.index
    _, terms = scoring.clause_terms(index, words_of(text), acronyms(text), hyphenated(text))
    close = [(stem, weight, [v for v in var if v[1] >= 0.9]) for stem, weight, var in terms]
    return index.times_of(close)[0]
