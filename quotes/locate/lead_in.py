"""Lead-in policy: how far before the summarised words a link goes, and where it may not. No I/O.

A link goes a little before the words a summary condenses: to the host's question, to where
the talk turns to the topic, to the start of the sentence. This module holds those rules:
questions and turns (``turn_floor``, ``lead_floor``, ``turn_end``), where talk about the topic
begins (``lead_in``, ``title_onset``), the start of a sentence (``sentence_start``) and the fixed
lead in captions without punctuation (``LINK_LEAD``).
"""

from __future__ import annotations

import re

import numpy as np

from ..words import AUXILIARIES, acronyms, ends_sentence, strip_links, words_of
from .index import TranscriptIndex
from .scoring import first_word

__all__ = [
    "QUESTION_SETUP",
    "UNASKED_LEAD_IN",
    "LINK_LEAD",
    "MAX_LEAD",
    "turn_floor",
    "lead_floor",
    "turn_end",
    "sentence_start",
    "lead_in",
    "title_times",
    "title_phrase_times",
    "title_onset",
    "QUESTION_REACH",
    "asked",
]

# In a punctuated transcript without speaker marks, how far back a link may lead in: from a
# question (the host's) up to this many seconds before it begins (the host's setup, "I want
# to go back to corrosion ... Isn't that just rust?")...
QUESTION_SETUP = 20.0
# ... and where nobody asks (a talk), this many seconds before the summarised words: further
# back is the topic before.
UNASKED_LEAD_IN = 60.0

# In captions that show no sentence ends (YouTube's automatic ones), where no lead-in is
# found the link goes this many seconds before the first summarised word: the words a summary
# names are seldom the first of their point (a speaker builds up, then says "this explosion of
# hardware"), and a viewer sent in mid-sentence misses the setup. Early costs a viewer a few
# seconds, late costs the point, and the place found for the words is often a few seconds late,
# seldom early: 8 s still leaves 2 s before the answer's first words within the usual 10 s of
# slack. (Punctuated transcripts go back to the start of the sentence instead.) Measured on the
# real newsletter (`make bench`): any lead from 7 to 10 s places the same links right; at 6 s
# one link lands late.
LINK_LEAD = 8.0

#: How far before the summarised words the lead-in may begin (seconds).
MAX_LEAD = 90.0
#: A title counts as said where all its words fall within this many seconds.
TITLE_SPAN = 10.0
#: In a punctuated transcript the link moves back to its sentence's start, at most this far (seconds).
MAX_SENTENCE_BACK = 15.0


def turn_floor(index: TranscriptIndex, core: float) -> float:
    """How far back a link to ``core`` may go where the captions mark changes of speaker:
    to the start of the turn before the one being said at ``core`` (the host's question),
    not into the turn before that (the previous answer). A turn before that runs longer
    than the answer itself is no question but another answer (a panel's speakers taking
    turns): then only to the answer's own start. -inf where nothing is marked."""
    turns = index.turn_times
    i = int(np.searchsorted(turns, core, side="right")) - 1
    if i < 1:
        return -np.inf
    before, begins = float(turns[i - 1]), float(turns[i])
    ends = float(turns[i + 1]) if i + 1 < len(turns) else index.video_end
    return before if begins - before <= ends - begins else begins


def lead_floor(index: TranscriptIndex, core: float, reach: float) -> float:
    """How far back a link to ``core`` may go: ``turn_floor`` where the captions mark
    changes of speaker; in a punctuated transcript without such marks, ``QUESTION_SETUP``
    before the last question asked up to ``reach`` seconds before (the host's), else
    ``UNASKED_LEAD_IN`` before (a talk); -inf in captions that say neither (YouTube's
    automatic ones)."""
    if len(index.turn_times):
        return turn_floor(index, core)
    if not index.punctuated:
        return -np.inf
    starts, texts, opens = index.seg_starts, index.seg_texts, index.opens
    k = int(np.searchsorted(starts, core, side="right")) - 1
    while k >= 0 and core - starts[k] <= reach:
        if "?" in texts[k] and starts[k] < core - 1:
            while k > 0 and "?" in texts[k - 1] and core - starts[k - 1] <= reach:
                k -= 1  # the host asks in several sentences: from the first
            while k > 0 and not opens[k] and core - starts[k - 1] <= reach:
                k -= 1  # back to where the question begins
            return float(starts[k]) - QUESTION_SETUP
        k -= 1
    return core - UNASKED_LEAD_IN


def turn_end(index: TranscriptIndex, core: float) -> float:
    """Where the turn being said at ``core`` ends, where the captions mark changes of
    speaker: the next change after it (the end of the answer). -inf where nothing is marked."""
    turns = index.turn_times
    if not len(turns):
        return -np.inf
    i = int(np.searchsorted(turns, core, side="right"))
    return float(turns[i]) if i < len(turns) else index.video_end


def sentence_start(index: TranscriptIndex, k: int, lead: float, floor: float) -> int:
    """The caption where the sentence being said at ``lead`` (in caption ``k``) begins,
    when the transcript is punctuated and that is at most ``MAX_SENTENCE_BACK`` seconds
    back and not before ``floor``; else ``k``. Editors link to the start of a sentence."""
    if not index.punctuated:
        return k
    starts = index.seg_starts
    words = index.seg_texts[k].split()
    start, end = starts[k], index.seg_ends[k]
    at = int((lead - start) / max(end - start, 1e-9) * len(words)) if end > start else 0
    if any(ends_sentence(w) for w in words[: max(0, min(at, len(words)))]):
        return k  # the sentence begins inside this caption
    j = k
    while not index.opens[j]:
        if j == 0 or starts[k] - starts[j - 1] > MAX_SENTENCE_BACK:
            return k  # no sentence start within reach: a run-on, or no punctuation here
        if starts[j - 1] < floor:
            return k
        j -= 1
        if index.inner[j]:
            break  # the sentence begins inside caption j
    return j


def lead_in(index: TranscriptIndex, R: np.ndarray, base: float, times: np.ndarray, core: float) -> float:
    """Where talk about the topic begins: walk back from ``core`` while it stays on topic.

    ``R`` is the coverage of the summary's opening (the first half of its clauses) at every
    window start, ``base`` what it scores at an ordinary place, and ``times`` when the
    summary's words are said. The opening, not the whole summary: the talk before a passage
    often says the summary's later words (a lecture's previous point builds up to this
    one: "predict the next word" before "now how do we use these networks"), and what
    leads in to a passage is its own first topic. Its words may be said just before
    ``core``: the peak is looked for from a window before it.
    """
    t = index.pos
    j = max(int(np.searchsorted(t, core, side="right")) - 1, 0)
    lo = int(np.searchsorted(t, core - MAX_LEAD, side="left"))
    near = int(np.searchsorted(t, core - index.sentence_window))
    peak = float(R[near : int(np.searchsorted(t, core + index.sentence_window))].max(initial=R[j]))
    if peak <= base:
        return core
    threshold = base + 0.3 * (peak - base)
    # Walk back from j while one of the three captions before is still on topic: stop
    # at the latest place preceded by three captions off topic (or at the limit).
    if j <= lo:
        return core
    off = np.concatenate(([True, True], R[lo:j] < threshold))
    stops = np.flatnonzero(off[2:] & off[1:-1] & off[:-2])
    k = lo + int(stops[-1]) + 1 if len(stops) else lo
    if k == j:
        return core
    return min(core, first_word(times, float(t[k]), index.lead_window))


def title_times(index: TranscriptIndex, title: str) -> list[np.ndarray] | None:
    """For each content word of the title, every time it is said (any spelling), sorted;
    None when some title word is never said, or when all of them name what the whole video
    is about (words said everywhere, ``everyday_idf``: "LLM" in a talk on large language
    models): then the title's words are no evidence (but see ``title_phrase_times``)."""
    found = _title_words(index, title)
    if found is None:
        return None
    times, weights, _ = found
    return times if max(weights) >= index.everyday_idf else None


def title_phrase_times(index: TranscriptIndex, title: str) -> list[np.ndarray] | None:
    """When a title whose content words all name what the whole video is about ("What an
    LLM is", in a talk on large language models) is said as a phrase (``_said_as_phrase``:
    "first of all, what is a large language model?"), as one time array for ``title_onset``;
    None for any other title, or one never said so. Such a title tells where its topic
    begins only by its other words, and said whole, it is the speaker asking or naming it."""
    found = _title_words(index, title)
    if found is None:
        return None
    times, weights, function = found
    return None if max(weights) >= index.everyday_idf else _said_as_phrase(times, function)


def _title_words(index: TranscriptIndex, title: str):
    """The title's content words' times (sorted) and weights, and its function words' times;
    None when it has no content word or some content word is never said."""
    times, weights, function = [], [], []
    spelled = acronyms(title)
    for w in dict.fromkeys(words_of(strip_links(title))):
        if len(w) < 2:
            continue
        if w in index.stopwords:
            function.append((w, index.function_times.get(w, np.empty(0))))
            continue
        var = index.variants(w, spelled.get(w))
        if not var:
            return None
        times.append(np.sort(np.concatenate([index.said(term) for term, _ in var])))
        weights.append(index.term_weight(w, var))
    return (times, weights, function) if times else None


#: A function word of a heading of fewer letters than this ("a", "an", "is", "of") is said
#: everywhere and changes as the heading is said ("What an LLM is": "what is a large
#: language model"); the longer ones ("what", "how", "why", "when") carry its question.
PHRASE_WORD = 3


def _said_as_phrase(times: list[np.ndarray], function: list[tuple[str, np.ndarray]]) -> list[np.ndarray] | None:
    """Where a title is said as a phrase (as one time array, for ``title_onset``): each time
    its first content word is said with all its other content words and its function words
    of at least ``PHRASE_WORD`` letters within ``TITLE_SPAN`` (half of it either side: a
    heading is written, not said, and its word order changes when said); None when it has
    no such function word or is never said so."""
    telling = [ts for w, ts in function if len(w) >= PHRASE_WORD]
    if not telling:
        return None
    half = TITLE_SPAN / 2

    def near(ts: np.ndarray, x: float) -> bool:
        k = int(np.searchsorted(ts, x - half))
        return k < len(ts) and ts[k] <= x + half

    hits = [x for x in times[0].tolist() if all(near(ts, x) for ts in times[1:] + telling)]
    return [np.asarray(hits)] if hits else None


def title_onset(index: TranscriptIndex, said_times: list[np.ndarray], core: float, topic: float | None = None) -> float:
    """Where the title's words (``title_times``) start being said together in the run of
    mentions leading to ``core``. ``topic``: where the talk leading to ``core`` turned to the
    summary's points (it stays on them from there): a mention after it is part of the run,
    however long the example or the aside before the next mention."""
    lo_t = core - MAX_LEAD
    topic = core if topic is None else topic
    # Times when each title word is said in [lo_t, core].
    said = [ts[(ts >= lo_t) & (ts <= core)] for ts in said_times]
    hits = [
        float(t0)
        for t0 in np.sort(np.concatenate(said))
        if all(np.any((ts >= t0) & (ts < t0 + TITLE_SPAN)) for ts in said)
    ]
    # Walk back from the summarised words over mentions of the title, while they are
    # less than a sentence window apart or the talk between stays on topic: an older
    # mention is an earlier topic.
    onset = core
    for t0 in reversed(hits):
        if onset - t0 > index.sentence_window and t0 < topic:
            break
        onset = t0
    return onset


#: A question is asked where its words follow its question word within this many words.
QUESTION_REACH = 8


def asked(index: TranscriptIndex, question: list[str]) -> np.ndarray:
    """When the speakers ask ``question`` (``words.title_question``: a question word, then the
    words that place it) as a direct question: the question word, an auxiliary right after
    it ("how does", "what is": a direct question inverts, "we don't know how they work" does
    not), then the other words in order, all within ``QUESTION_REACH`` words. The times of
    the question words (a caption's words spread over its speech time), sorted; none when it
    is never asked so."""
    wh, wanted = question[0], [index.stem(w) for w in question[1:]]
    texts, found = index.seg_texts, []
    # (Most captions have no question word and an auxiliary after it: no need to read their words.)
    inverted = re.compile(rf"\b{re.escape(wh)}\W+(?:{'|'.join(sorted(AUXILIARIES))})\b", re.IGNORECASE)
    for k, text in enumerate(texts):
        if wh not in text.lower() or not inverted.search(" ".join(texts[k : k + 2])):
            continue
        own = words_of(text)
        after = own + words_of(" ".join(texts[k + 1 : k + 3]))  # a question may run on into the next captions
        start, end = float(index.seg_starts[k]), float(index.seg_ends[k])
        for i, word in enumerate(own):
            if word != wh or i + 1 >= len(after) or after[i + 1] not in AUXILIARIES:
                continue
            rest = iter(index.stem(w) for w in after[i + 2 : i + 1 + QUESTION_REACH])
            if all(any(w == stem for w in rest) for stem in wanted):  # in order: ``rest`` is consumed
                found.append(start + (end - start) * i / len(own))
    return np.asarray(found, dtype=float)
