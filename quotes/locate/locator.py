"""The locate engine's facade: ``Locator`` (an index and its queries) and its result, ``Match``.

How a summary is placed (see also the README's "How matching works"):

1. The transcript is indexed once (``index.TranscriptIndex``): words are lowercased, stemmed
   and placed in time (spread over the speech time of their caption); two adjacent words are
   also indexed joined ("meta programming" -> "metaprogramming", "pie torch" -> "pietorch"),
   so compound words and split words meet. Each term's weight is its inverse document
   frequency over half-minute stretches of this transcript: words the speakers use
   everywhere count little.
2. A summary is split into its sentences. Each sentence's terms are looked up exactly, then
   by spelling (character trigrams + edit similarity, for misheard or cut-off words) and by
   sound (metaphone); number words are read as digits; an acronym written in capitals
   also as itself in the singular or plural and as the phrase its letters spell
   (``TranscriptIndex.spelled_out``), weighing as those forms together. At caption starts (at most one every
   3 s; inside a caption longer than a window, every 3 s), a sentence scores the weighted
   share of its terms said in the window starting there (``scoring.coverage``).
3. The sentences vote for a passage: the place where the most sentences find their words
   close together wins (``scoring.chain_search``). Runner-ups are other places, at least a
   passage apart.
4. The link goes where the chain's first sentence begins to be said (where that point is first
   said as fully, before the chain's hit for it, over talk that stays on the chain's points:
   the gap cost pulls the hit towards the next point), moved back over the lead-in while the talk
   stays on topic (and, given a heading, while the heading's words
   keep being said; a heading naming only the video's subject, to where it is said whole,
   ``lead_in.title_phrase_times``), snapped to a caption start, and in a punctuated transcript moved back
   to the caption where that sentence begins (``lead_in``). A lead-in begins at one of the
   summary's telling words (at least as rare in this video as its average word), not at an
   everyday one; where none leads in and the captions show no sentences, the link goes
   ``LINK_LEAD`` seconds before the words. ``end`` is where the last sentence's words
   are said.
5. ``score`` is the share of the summary's weighted vocabulary found in the passage (0..1).
   ``confident`` compares the winning passage with what the same summary scores at random
   places in this video: only a passage that stands far above that background is confident,
   so a summary of something never said in the video is never confidently placed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np

from ..transcript import Transcript
from ..video import deep_link
from ..words import (
    acronyms,
    content_words,
    hyphenated,
    opening_heading,
    other_language,
    split_sentences,
    title_part,
    title_question,
    words_of,
)
from . import lead_in as lead
from . import scoring
from .index import TranscriptIndex

__all__ = [
    "Match",
    "Locator",
    "locate",
    "why_not_found",
    "why_unsure",
    "CONFIDENCE_THRESHOLD",
    "MIN_CONFIDENT_WORDS",
]

# Who says it, in a summary ("Chris explains", "Lex Fridman asks"): the speaker's name is
# said in the introduction, not where the summarised words are.
_SPEECH_VERBS = (
    "says|said|explains|explained|argues|argued|thinks|believes|admits|admitted|describes|"
    "described|mentions|mentioned|recalls|recalled|claims|claimed|insists|insisted|warns|warned|"
    "asks|asked|tells|told|jokes|joked|points out|pointed out|reveals|revealed"
)
_ATTRIBUTION = re.compile(rf"\b(?:[A-Z][\w'\u2019-]*\s+){{1,2}}(?=(?:{_SPEECH_VERBS})\b)")

# Confidence is a z-like score: how many background spreads the passage stands above
# what the summary scores elsewhere in the same video (see Locator.locate).
CONFIDENCE_THRESHOLD = 0.35
# ... and at least this many different words of the text (not everyday ones) said there.
MIN_CONFIDENT_WORDS = 3
# A chapter title that names the opening or close of its topic ("LLM Security Intro"), or asks a
# question, chooses among at most this many places where it is said (``Locator._part_first``,
# ``Locator._asked_first``).
PART_CANDIDATES = 10
# A title asked as a question is where a place's passage or lead-in is under way, or begins this
# many seconds after (``Locator._asked_first``).
LEAD_SLACK = 10.0


@dataclass(frozen=True)
class Match:
    """One place where the text is said.

    ``start`` is where an editor would link (a caption start just before the summarised
    content begins); ``lead_in`` is where the stretch about this topic begins (often the
    host's question), never after ``start``; ``core_start`` is where the summarised words
    begin; ``end`` estimates where the passage ends. ``score`` is 0..1 (the share of the
    summary's weighted vocabulary found here); ``confidence`` is how far the passage stands
    above the rest of the video, and ``confident`` is ``confidence >= CONFIDENCE_THRESHOLD``
    with at least ``MIN_CONFIDENT_WORDS`` different words of the text said here.
    """

    start: float
    end: float
    core_start: float
    lead_in: float
    score: float
    confidence: float
    confident: bool
    text: str
    url: str

    def to_dict(self) -> dict:
        return {
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "core_start": round(self.core_start, 3),
            "lead_in": round(self.lead_in, 3),
            "score": round(self.score, 3),
            "confidence": round(self.confidence, 3),
            "confident": self.confident,
            "url": self.url,
            "text": self.text,
        }


@dataclass
class _Query:
    """A summary read against one index: its clauses' scores everywhere and what places a link."""

    clauses: list[tuple[float, list]]
    S: np.ndarray  # each clause's coverage at every window start (clauses x starts)
    w: np.ndarray  # each clause's share of the summary's weight
    base: np.ndarray  # what each clause scores at an ordinary place
    opening: np.ndarray  # the coverage of the summary's opening (its first half) over the lead window
    opening_base: float  # ... and what it scores at an ordinary place
    whole_times: np.ndarray  # when the summary's words are said ...
    whole_which: np.ndarray  # ... and which word each is
    whole_weights: np.ndarray  # ... and each word's weight
    lead_times: np.ndarray  # when its telling words are said: where a lead-in may begin
    title_times: list[np.ndarray] | None
    title_phrase: list[np.ndarray] | None  # where a heading naming only the subject is said whole
    own_heading: bool  # the heading is the summary's own opening phrase, not an editor's ``title``
    above: np.ndarray | None = None  # where each clause scores above its background (clauses x starts)
    clause_times: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    @property
    def background(self) -> float:
        """What the whole summary scores at an ordinary place."""
        return float(np.sum(self.w * self.base))


class Locator:
    """The locate engine over one transcript: its ``TranscriptIndex`` (built once) and the
    queries on it. Pass a ready index to skip building one."""

    def __init__(self, transcript: Transcript | TranscriptIndex):
        self.index = transcript if isinstance(transcript, TranscriptIndex) else TranscriptIndex(transcript)
        self.transcript = self.index.transcript

    # What verify, search and tests ask of the index, through the engine.
    @property
    def postings(self) -> dict[str, np.ndarray]:
        return self.index.postings

    def variants(self, word: str) -> list[tuple[str, float]]:
        return self.index.variants(word)

    def turn_floor(self, core: float) -> float:
        return lead.turn_floor(self.index, core)

    def lead_floor(self, core: float, reach: float) -> float:
        return lead.lead_floor(self.index, core, reach)

    def turn_end(self, core: float) -> float:
        return lead.turn_end(self.index, core)

    # ------------------------------------------------------------------ locate, step by step
    def locate(
        self,
        text: str,
        top: int = 5,
        *,
        title: str | None = None,
        after: float | None = None,
        before: float | None = None,
    ) -> list[Match]:
        """Best-first places where ``text`` is said (distinct, non-overlapping passages).

        ``title`` (the section's heading, optional) never chooses the passage; it helps
        find where the topic is introduced, since a heading names what the host asked about.
        Without one, a summary that opens with its own heading ("Prompt injection. Prompt
        injection occurs when ...": ``words.opening_heading``) gives it: a speaker names a
        topic as it begins ("a different type of attack called prompt injection"), and the
        words a summary condenses often come later, with an example in between.
        ``after`` (seconds) keeps passages and their links from starting before that time;
        ``before`` keeps the summarised words from starting after it (the lead-in may not).
        A chapter title's words that name a part of its topic ("LLM Security Intro") place
        nothing; the part chooses among the places the topic is said (``_part_first``). A title
        asked as a question with one word to place it goes where the speaker asks it
        (``_asked_first``).
        """
        found = _title_topic(text, self.index.language_code)
        if found is None:
            return []  # a title that names only a part of the talk ("Summary so far"): nothing to place
        topic, part = found
        heading = title if title is not None else opening_heading(text)
        query = self._query(topic, (title_part(heading)[0] or None) if heading else None, own=title is None)
        chains = None if query is None else self._chains(query, after, before)
        if chains is None:
            return []
        question = title_question(text, self.index.stopwords)
        ordered = part in ("opening", "closing") or question is not None
        matches = self._candidates(query, chains, max(top, PART_CANDIDATES) if ordered else top, after)
        if part in ("opening", "closing"):
            matches = self._part_first(query, matches, part)
        if question is not None:
            matches = self._asked_first(query, matches, lead.asked(self.index, question), after, before)
        matches = matches[:top]
        if other_language(text, self.index.language_code):
            # Written in another language: only the words it borrows (names, terms) can be
            # found, which is no evidence of where it is said.
            matches = [replace(m, confident=False) for m in matches]
        return matches

    def _part_first(self, query: _Query, matches: list[Match], part: str) -> list[Match]:
        """``matches`` with the one a chapter title's part names first (``words.title_part``).

        Of the places that say the topic as fully as any (as many of its telling words, those
        at least as rare as its average word, in the half-minute from where its words begin),
        the opening is the first once every telling word has been said (before that, one of
        its words is said about something else: "LLM" in the part about an LLM OS, before "LLM
        security" begins), and the close the last: where the topic is talked about last.
        Places where its words are said only once there (a passing mention) count only where
        none says them twice."""
        if len(matches) < 2 or not len(query.whole_times):
            return matches
        times, which, weights = query.whole_times, query.whole_which, query.whole_weights
        telling = weights >= weights.mean()
        window = self.index.sentence_window
        said = [which[(times >= m.core_start) & (times < m.core_start + window)] for m in matches]
        places = [k for k, ws in enumerate(said) if len(ws) >= 2] or list(range(len(matches)))
        told = {k: len({w for w in said[k].tolist() if telling[w]}) for k in places}
        most = max(told.values())
        places = [k for k in places if told[k] == most]
        if part == "opening":
            begins = max((float(times[which == w][0]) for w in set(which.tolist()) if telling[w]), default=-np.inf)
            after = [k for k in places if matches[k].core_start + window > begins] or places
            chosen = min(after, key=lambda k: matches[k].start)
        else:
            chosen = max(places, key=lambda k: matches[k].start)
        return [matches[chosen], *matches[:chosen], *matches[chosen + 1 :]]

    def _asked_first(
        self, query: _Query, matches: list[Match], asked: np.ndarray, after: float | None, before: float | None
    ) -> list[Match]:
        """``matches`` with the place where the speaker first asks a title's question
        (``words.title_question``) first: that question opens its chapter. The place is the
        one whose passage (or lead-in) is under way there, or begins up to ``LEAD_SLACK`` seconds
        after; where none of ``matches`` is, the best passage there."""
        asked = asked[(asked >= (after if after is not None else -np.inf)) & (asked <= (before if before is not None else np.inf))]
        if not len(asked):
            return matches
        at = float(asked[0])

        def there(m: Match) -> bool:
            return min(m.start, m.core_start) - LEAD_SLACK <= at < m.end

        chosen = next((m for m in matches if there(m)), None)
        if chosen is None:
            window = self.index.sentence_window
            chains = self._chains(query, max(at - window, after or 0.0), at + window)
            chosen = next((m for m in (self._candidates(query, chains, 1, after) if chains else []) if there(m)), None)
        if chosen is None:
            return matches
        return [chosen, *(m for m in matches if m is not chosen and not (m.start < chosen.end and m.end > chosen.start))]

    def _candidates(self, query: _Query, chains, top: int, after: float | None) -> list[Match]:
        """Step 3: the best chains, best first, each placed (``_place``) unless it overlaps a better one."""
        keep, V, choices, origin, far = chains
        t, window = self.index.pos, self.index.sentence_window
        matches: list[Match] = []
        taken: list[tuple[float, float]] = []
        order = np.argsort(-V, kind="stable")
        order = order[V[order] > -np.inf]
        # Candidates whose chain overlaps a place already taken are excluded: runner-ups
        # are other places, not neighbours of the winner.
        excluded = np.zeros(len(keep), dtype=bool)
        for i in order:
            if len(matches) >= top:
                break
            if excluded[i]:
                continue
            path = [(c, int(keep[j])) for c, j in scoring.backtrack(choices, int(i))]
            o = float(t[min(j for _, j in path)])
            e = float(t[max(j for _, j in path)]) + window
            if any(o < te and e > to for to, te in taken):
                continue
            taken.append((o, e))
            excluded |= (origin < e) & (far + window > o)
            m = self._place(query, path, float(V[i]), (o, e), after)
            if any(m.start < x.end and m.end > x.start for x in matches):
                continue  # its lead-in reaches into a better place: the same talk, not another
            matches.append(m)
        return matches

    def _query(self, text: str, title: str | None, own: bool = False) -> _Query | None:
        """Step 1: the summary's clauses scored at every window start, with their backgrounds
        (``own``: ``title`` is the summary's own opening heading)."""
        index = self.index
        text = _ATTRIBUTION.sub("", text)
        sentences = split_sentences(text, index.stopwords) or [text]
        spelled, compounds = acronyms(text), hyphenated(text)
        scored = [
            (s, ct)
            for s, ct in ((s, scoring.clause_terms(index, words_of(s), spelled, compounds)) for s in sentences)
            if ct[0] > 0 and ct[1]
        ]
        clauses = [ct for _, ct in scored]
        n = len(index.pos)
        if not clauses or n == 0:
            return None
        S = scoring.coverage(index, clauses, index.sentence_window) * index.teaser_factors
        _, _, whole_terms = scoring.sentence_scores(index, words_of(text), index.lead_window, spelled, compounds)
        # The lead-in follows the topic the summary opens with: the first half of its clauses.
        opening_words = words_of(" ".join(s for s, _ in scored[: (len(scored) + 1) // 2]))
        opening, _, _ = scoring.sentence_scores(index, opening_words, index.lead_window, spelled, compounds)
        # When the words are said, for placing the link; the same for every match.
        whole_times, whole_which = index.times_of(whole_terms)
        sample = max(1, n // 1024)
        w = np.asarray([total for total, _ in clauses])
        # What each clause scores at an ordinary place in this video. In a short video a
        # topic can fill a tenth of it, so the background never exceeds the midpoint
        # between the typical and the best score.
        # (Estimated from an even sample of about a thousand places: as exact, much faster.)
        p50, p90 = scoring.percentiles(S[:, ::sample], (50, 90))
        return _Query(
            clauses=clauses,
            S=S,
            w=w / w.sum(),
            base=np.minimum(p90, (p50 + S.max(axis=1)) / 2),
            opening=opening,
            opening_base=float(scoring.percentiles(opening[::sample], (90,))[0]),
            whole_times=whole_times,
            whole_which=whole_which,
            whole_weights=np.asarray([weight for _, weight, _ in whole_terms]),
            lead_times=scoring.telling(whole_times, whole_which, whole_terms),
            title_times=lead.title_times(index, title) if title else None,
            title_phrase=lead.title_phrase_times(index, title) if title else None,
            own_heading=own,
        )

    def _chains(self, query: _Query, after: float | None, before: float | None):
        """Step 2: the best chain of clause hits ending at each place (``scoring.chain_search``)."""
        t = self.index.pos
        # Gap penalty: a minute of talk between two clauses costs a tenth of an average clause.
        lam = (1.0 / len(query.clauses)) * 0.1 / 60.0
        mu = 3 * lam  # going back in time (editors reorder a little) costs more
        gains = query.w[:, None] * (query.S - query.base[:, None])
        if after is not None:
            gains[:, t < after] = -np.inf
        if before is not None:
            gains[:, t > before] = -np.inf
        query.above = gains > 0
        return scoring.chain_search(gains, t, lam, mu)

    def _place(
        self, query: _Query, path: list[tuple[int, int]], value: float, reach: tuple[float, float], after: float | None
    ) -> Match:
        """Step 4: a chain (``path`` of (clause, window start) pairs, worth ``value``, spanning
        ``reach``) as a ``Match``: where its words begin, where the link goes, how sure it is."""
        index = self.index
        o, e = reach
        core = self._core_start(query, path)
        lead_at, fixed_lead = self._lead(query, core, after)
        k = self._link_caption(lead_at, core, fixed_lead, after)
        caps = index.seg_starts
        link = float(caps[k])
        end = min(index.video_end, e)
        bg = query.background
        conf = value / max(1e-9, 1.0 - bg)
        # One or two words can be said anywhere: a place needs several to be sure of it.
        said = query.whole_which[(query.whole_times >= o) & (query.whole_times < e)]
        sure = conf >= CONFIDENCE_THRESHOLD and len(set(said.tolist())) >= MIN_CONFIDENT_WORDS
        return Match(
            start=link,
            end=float(end),
            core_start=float(core),
            lead_in=float(lead_at),
            score=min(1.0, value + bg),
            confidence=conf,
            confident=bool(sure),
            text=" ".join(index.seg_texts[k : int(np.searchsorted(caps, end))]),
            url=deep_link(index.video_id, link),
        )

    def _core_start(self, query: _Query, path: list[tuple[int, int]]) -> float:
        """Where the summarised words begin: where the first of the chain's clauses begins to be said."""
        t, window = self.index.pos, self.index.sentence_window
        core = np.inf
        # A clause placed before one that comes earlier in the summary is said out of
        # order: the summary does not open with it, so it does not set the start.
        in_order = [(c, j) for c, j in path if not any(c2 < c and j2 > j for c2, j2 in path)]
        c, j = path[0]  # the summary's first clause in the chain (always in order)
        if all(j2 >= j for _, j2 in path):  # ... and said first: the first point
            in_order[0] = (c, self._first_said(query, c, j, [c2 for c2, _ in path]))
        for c, j in sorted(in_order, key=lambda cj: cj[1]):
            if t[j] >= core:  # a clause's words are said after its window starts
                break
            core = min(core, scoring.clause_onset(*self._clause_times(query, c), float(t[j]), window))
        return float(core)

    def _clause_times(self, query: _Query, c: int) -> tuple[np.ndarray, np.ndarray]:
        """When clause ``c``'s words are said, and which word each is (cached on the query)."""
        if c not in query.clause_times:
            query.clause_times[c] = self.index.times_of(query.clauses[c][1])
        return query.clause_times[c]

    def _first_said(self, query: _Query, c: int, j: int, points: list[int]) -> int:
        """Where the chain's first point (clause ``c``, hit at window start ``j``) is first said;
        ``points`` are the clauses of the chain.

        The chain meets each clause once, and the cost of the gap to the next clause pulls
        the first one's hit to its last mention before the second: a list of points said
        one after the other over minutes ("see how in stage two I'm saying comparisons ...",
        then RLHF, labeling docs, a leaderboard) would be linked where the first point is
        mentioned last. A summary's points begin where its first point is first said: the
        earliest window before the hit that says the point again as fully
        (``scoring.said_again``), back over talk that stays on the chain's points (one of
        them above its background at least once a window, ``scoring.stretch_start``).
        """
        t, window = self.index.pos, self.index.sentence_window
        lo = scoring.stretch_start(query.above[points].any(axis=0), t, j, window)
        weights = np.asarray([weight for _, weight, _ in query.clauses[c][1]])
        return scoring.said_again(*self._clause_times(query, c), weights, t, lo, j, window)

    def _lead(self, query: _Query, core: float, after: float | None) -> tuple[float, bool]:
        """Where the link's lead-in begins, and whether it is the fixed ``LINK_LEAD``."""
        index = self.index
        at = lead.lead_in(index, query.opening, query.opening_base, query.lead_times, core)
        if query.title_times or query.title_phrase:
            # Where the talk leading to the summarised words turned to the summary's points
            # (one of its clauses above its ordinary at least once every half-minute).
            t = index.pos
            j = max(int(np.searchsorted(t, core, side="right")) - 1, 0)
            topic = float(t[scoring.stretch_start(query.above.any(axis=0), t, j, index.sentence_window)])
            if query.title_times:
                # A summary's own heading names its topic as the speaker did ("the first example
                # is jailbreak attacks"), often with an example of a minute before the words it
                # condenses: its mentions lead back over talk on the summary's points. An
                # editor's heading may be said in passing in the answer before the host asks:
                # only mentions less than a window apart lead back.
                at = min(at, lead.title_onset(index, query.title_times, core, topic if query.own_heading else None))
            if query.title_phrase:
                # A heading said whole is where its topic is named, up to MAX_LEAD before the
                # summarised words, while the talk between stays on the summary's points.
                at = min(at, lead.title_onset(index, query.title_phrase, core, topic))
        # Nothing leads in, and no sentence start can be seen: a fixed lead before the words.
        fixed_lead = not index.punctuated and at >= core
        if fixed_lead:
            at = core - lead.LINK_LEAD
        at = max(at, lead.turn_floor(index, core))
        if after is not None:
            at = max(at, min(after, core))
        return at, fixed_lead

    def _link_caption(self, at: float, core: float, fixed_lead: bool, after: float | None) -> int:
        """The caption to link: the one being said at the lead-in ``at``, moved back to the
        start of its sentence in a punctuated transcript."""
        caps = self.index.seg_starts
        k = max(int(np.searchsorted(caps, at, side="right")) - 1, 0)
        if fixed_lead and k + 1 < len(caps) and caps[k + 1] <= core and caps[k + 1] - at < at - caps[k]:
            k += 1  # a time, not a word, to link to: the nearer caption start (long captions)
        if after is not None and caps[k] < after and k + 1 < len(caps) and caps[k + 1] <= core:
            k += 1  # the caption being said at ``after`` began before it: take the next
        return lead.sentence_start(self.index, k, at, -np.inf if after is None else after)


def locate(
    transcript: Transcript,
    text: str,
    top: int = 5,
    *,
    title: str | None = None,
    after: float | None = None,
    before: float | None = None,
) -> list[Match]:
    """Best-first places where ``text`` is said in ``transcript`` (see ``Locator.locate``)."""
    return Locator(transcript).locate(text, top=top, title=title, after=after, before=before)


def _title_topic(text: str, language: str | None) -> tuple[str, str | None] | None:
    """``text``'s topic and the part of it a chapter title names (``words.title_part``); None
    when the title names only a part ("Summary so far"), which places nothing."""
    topic, part = title_part(text)
    if part is not None and not content_words(topic, language):
        return None
    return topic, part


def why_not_found(locator: Locator, text: str) -> str:
    """Why ``text`` is placed nowhere in the locator's video (``locate`` found nothing): one line."""
    if _title_topic(text, locator.index.language_code) is None:
        return (
            "Not found: the text names only a part of the talk (an introduction, a summary, an appendix), "
            "not what is said there; give some of the words said there."
        )
    words = content_words(text, locator.index.language_code)
    if not words:
        return "Not found: the text has only words such as \"the\" and \"about\", which place nothing."
    if any(locator.variants(w) for w in words):
        return (
            "Not found: the text's words are said all through this video, so they place nothing; "
            "give more of what is said."
        )
    return "Not found: none of the text's words are said in this video."


def why_unsure(locator: Locator, text: str) -> str:
    """Why no place found for ``text`` is confident: one line."""
    other = other_language(text, locator.index.language_code)
    if other:
        return (
            f"Not found with confidence: this text is written in another language ({other}) than the "
            "video; only the words it borrows were looked for."
        )
    return "Not found with confidence: this text may not be said in the video."
