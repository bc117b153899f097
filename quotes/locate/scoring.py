"""Scoring a summary against a ``TranscriptIndex``: clause coverage and the chain. No I/O.

A summary is split into clauses (``words.split_sentences``). A clause scores, at every window
start, the weighted share of its terms said in the window (``coverage``). The clauses then vote
for a passage: the best ordered chain of clause hits, with a cost per second between them
(``chain_search``, ``backtrack``). ``clause_onset`` says where a clause begins to be said;
``stretch_start`` and ``said_again`` where a chain's first clause is first said.
"""

from __future__ import annotations

import numpy as np

from .index import TranscriptIndex

__all__ = [
    "Terms",
    "clause_terms",
    "coverage",
    "sentence_scores",
    "percentiles",
    "chain_search",
    "backtrack",
    "telling",
    "clause_onset",
    "first_word",
    "stretch_start",
    "said_again",
]

#: A clause's distinct terms, each ``(stem, weight, variants)``.
Terms = list


def clause_terms(
    index: TranscriptIndex, words: list[str], spelled: dict[str, str] | None = None, compounds: frozenset[str] = frozenset()
) -> tuple[float, Terms]:
    """A clause's distinct terms as (stem, weight, variants), and its total weight.
    ``spelled``: the words its text writes as acronyms (``words.acronyms``), each with the
    letters it abbreviates (see ``TranscriptIndex.variants``). ``compounds``: the words its
    text writes with hyphens, joined (``words.hyphenated``): each part of one also meets the
    whole said as one word ("role-play": "roleplay")."""
    spelled = spelled or {}
    seen = set()
    total = 0.0
    terms = []
    joined = _joined(index, words, compounds)
    for k, w in enumerate(words):
        if w in index.stopwords or len(w) < 2:
            continue
        stem = index.stem(w)
        if stem in seen:
            continue
        seen.add(stem)
        var = index.variants(w, spelled.get(w))
        extra = [j for j in (joined.get(k - 1), joined.get(k)) if j and all(j != v for v, _ in var)]
        if extra:
            var = var + [(j, 1.0) for j in extra]
        # A word the transcript never says still counts in the total: it is missing.
        weight = index.term_weight(w, var) if var else index.max_idf * 0.5
        total += weight
        if var:
            terms.append((stem, weight, var))
    return total, terms


def _joined(index: TranscriptIndex, words: list[str], compounds: frozenset[str]) -> dict[int, str]:
    """Two adjacent words that a text writes as one hyphenated word (``compounds``), by the
    first one's position: the index term they make joined, when the transcript says it.
    (The index joins two words said one after the other, so that term holds the places
    where they are said apart too.)"""
    found = {}
    for k in range(len(words) - 1):
        if words[k] + words[k + 1] in compounds:
            term = index.stem(words[k] + words[k + 1])
            if term in index.postings:
                found[k] = term
    return found


def coverage(index: TranscriptIndex, clauses: list[tuple[float, Terms]], window: float) -> np.ndarray:
    """Share of each clause's weight said in the window at every window start (clauses x starts).

    Sparse: each time a term is said marks the few window starts whose window holds it, so a
    query costs in proportion to how often its words are said, not to the video's length.
    """
    n = len(index.pos)
    row_of: dict[str, int] = {}
    lo, hi, row, sim, count = [], [], [], [], []
    weights = np.zeros((len(clauses), sum(len(terms) for _, terms in clauses)))
    for c, (total, terms) in enumerate(clauses):
        for stem, weight, var in terms:
            r = row_of.get(stem)
            if r is None:
                r = row_of[stem] = len(row_of)
                for term, s in var:
                    a, b = index.cover(term, window)
                    lo.append(a)
                    hi.append(b)
                    row.append(r)
                    sim.append(s)
                    count.append(len(a))
            weights[c, r] = weight / total
    if not row_of:
        return np.zeros((len(clauses), n))
    lo_a, hi_a = np.concatenate(lo), np.concatenate(hi)
    lengths = hi_a - lo_a
    starts = np.cumsum(lengths) - lengths
    cols = np.arange(int(lengths.sum())) - np.repeat(starts - lo_a, lengths)
    size = len(row_of) * n
    if len(index.scratch) < size:  # reused between queries: no fresh pages to fault in
        index.scratch = np.zeros(max(size, 2 * len(index.scratch)))
    present = index.scratch[:size]
    # A term's best spelling present in the window counts (max, not sum, over variants).
    flat = np.repeat(np.repeat(row, count), lengths) * n + cols
    np.maximum.at(present, flat, np.repeat(np.repeat(sim, count), lengths))
    # weights @ present, by numpy's own loop (einsum), not BLAS: for a product this small,
    # multithreaded BLAS spends more starting its threads than multiplying (27 queries took
    # twice as long with the default threads as with one).
    scores = np.einsum("cr,rn->cn", weights[:, : len(row_of)], present.reshape(len(row_of), n))
    present[flat] = 0.0  # the scratch buffer is all zeros between queries
    return scores


def sentence_scores(
    index: TranscriptIndex, words: list[str], window: float, spelled: dict[str, str] | None = None,
    compounds: frozenset[str] = frozenset(),
):
    """Coverage of one sentence's terms by the window at every window start (0..1), its
    total weight and its terms; (None, 0, terms) when it has no weight. (``spelled``,
    ``compounds``: see ``clause_terms``.)"""
    total, terms = clause_terms(index, words, spelled, compounds)
    if total <= 0:
        return None, 0.0, terms
    return coverage(index, [(total, terms)], window)[0], total, terms


def percentiles(values: np.ndarray, qs: tuple[float, ...]) -> list[np.ndarray]:
    """``np.percentile(values, q, axis=-1)`` (linear interpolation) for each q, by one partition:
    numpy's general routine costs more than the work on these small arrays."""
    count = values.shape[-1]
    spots = [q / 100 * (count - 1) for q in qs]
    kth = sorted({int(np.floor(x)) for x in spots} | {int(np.ceil(x)) for x in spots})
    part = np.partition(values, kth, axis=-1)
    out = []
    for x in spots:
        lo, hi = int(np.floor(x)), int(np.ceil(x))
        out.append(part[..., lo] + (x - lo) * (part[..., hi] - part[..., lo]))
    return out


def chain_search(gains: np.ndarray, t: np.ndarray, lam: float, mu: float):
    """The best ordered chain of clause hits ending at each place (dynamic programming).

    ``gains[c, i]`` is what clause ``c`` adds at window start ``t[i]``; moving forward in
    time costs ``lam`` per second between hits, going back ``mu``. Returns the places
    considered (indices into ``t``), each one's best chain value (-inf: none), the
    per-clause choices for ``backtrack``, and where each chain begins and reaches; or
    None when no clause scores above its background anywhere.
    """
    # Only places where some clause scores above its background can be in a chain: the
    # search runs on those alone (a third of them, typically).
    keep = np.flatnonzero((gains > 0).any(axis=0))
    if len(keep) == 0:
        return None
    tk = t[keep]
    m = len(keep)
    gk = gains[:, keep]
    ahead, back = lam * tk, mu * tk
    steps = np.arange(m)
    V = np.full(m, -np.inf)  # best chain ending here so far; -inf: none
    origin = tk.copy()  # where the chain begins
    far = tk.copy()  # the latest place the chain visits (clauses may go back in time)
    choices = []  # per clause: -2 skipped, -1 chain starts here, else predecessor index
    for gain in gk:
        # Best predecessor at or before each place (forward, gap penalty lam per second)
        # and after it (backward, mu per second), by running maxima.
        x = V + ahead
        fv = np.maximum.accumulate(x)
        fi = np.maximum.accumulate(np.where(x >= fv, steps, 0))
        y = (V - back)[::-1]
        bv = np.maximum.accumulate(y)
        bi = (m - 1 - np.maximum.accumulate(np.where(y >= bv, steps, 0)))[::-1]
        fv -= ahead
        bv = bv[::-1] + back
        use_b = bv > fv
        pv = np.where(use_b, bv, fv)
        pj = np.where(use_b, bi, fi)
        fresh = ~(pv > 0)
        take = gain + np.where(fresh, 0.0, pv)
        better = (gain > 0) & (take > np.maximum(V, 0.0))
        choices.append(np.where(better, np.where(fresh, -1, pj), -2))
        origin = np.where(better, np.where(fresh, tk, np.minimum(tk, origin[pj])), origin)
        far = np.where(better, np.where(fresh, tk, np.maximum(tk, far[pj])), far)
        V = np.where(better, take, V)
    if not (V > -np.inf).any():
        return None
    return keep, V, choices, origin, far


def backtrack(choices: list[np.ndarray], i: int) -> list[tuple[int, int]]:
    """The (clause, caption) pairs of the chain that ends at caption ``i``."""
    path = []
    for c in range(len(choices) - 1, -1, -1):
        ch = int(choices[c][i])
        if ch == -2:
            continue
        path.append((c, i))
        if ch == -1:
            break
        i = ch
    return path[::-1]


def telling(times: np.ndarray, which: np.ndarray, terms: Terms) -> np.ndarray:
    """Of ``index.times_of(terms)``, the times of the terms at least as telling as the text's
    average term (by weight): where a lead-in may begin. The text's everyday words
    ("people", "python" in an interview about Python) are said every half-minute and
    mark no start."""
    if not terms:
        return times
    weights = np.asarray([weight for _, weight, _ in terms])
    return times[weights[which] >= weights.mean()]


def first_word(times: np.ndarray, t0: float, window: float) -> float:
    """The first of ``times`` (see ``TranscriptIndex.times_of``) in [t0, t0 + window), else t0 + window."""
    i = int(np.searchsorted(times, t0))
    return float(times[i]) if i < len(times) and times[i] < t0 + window else float(t0 + window)


#: A clause begins where two of its words are said at most this far apart (seconds).
ONSET_GAP = 5.0


def clause_onset(times: np.ndarray, which: np.ndarray, t0: float, window: float) -> float:
    """Where a clause begins to be said in the window [t0, t0 + window): its first word
    that a later word of the clause (in the clause's order) follows within ``ONSET_GAP``
    seconds. A lone word before that is a passing mention (the previous answer's "door",
    a stray "running"). The first word at all when no two come that close."""
    lo, hi = int(np.searchsorted(times, t0)), int(np.searchsorted(times, t0 + window))
    if lo >= hi:
        return float(t0 + window)
    for a in range(lo, hi):
        b = a + 1
        while b < hi and times[b] <= times[a] + ONSET_GAP:
            if which[b] > which[a]:
                return float(times[a])
            b += 1
    return float(times[lo])


def stretch_start(on: np.ndarray, t: np.ndarray, j: int, gap: float) -> int:
    """The first window start of the stretch that stays on topic up to window start ``j``:
    back from ``j`` over the window starts where ``on`` holds, until more than ``gap``
    seconds pass without one. ``j`` when none holds within ``gap`` before it."""
    held = np.flatnonzero(on[: j + 1])
    if not len(held) or t[j] - t[held[-1]] > gap:
        return j
    breaks = np.flatnonzero(np.diff(t[held]) > gap)
    return int(held[breaks[-1] + 1]) if len(breaks) else int(held[0])


def said_again(times: np.ndarray, which: np.ndarray, weights: np.ndarray, t: np.ndarray, lo: int, j: int, window: float) -> int:
    """The earliest window start in ``t[lo:j]`` where a clause is said before, as fully as in
    the window at ``t[j]``: the most telling of the clause's words said there (by ``weights``),
    and as many of its words, all before that word is said at ``t[j]`` (the windows just
    before ``t[j]`` hold the same mentions). ``j`` when none is.

    ``times`` and ``which`` say when the clause's words are said (``TranscriptIndex.times_of``).
    Words, not weights: another word of the clause that weighs the same ("know" for
    "mathematics") is not the same point said again."""
    inside = (times >= t[j]) & (times < t[j] + window)
    here = np.zeros(len(weights), dtype=bool)
    here[which[inside]] = True
    if not here.any() or lo >= j:
        return j
    key = int(np.flatnonzero(here)[np.argmax(weights[here])])
    until = float(times[inside & (which == key)][0])  # where the hit says its telling word
    starts = t[lo:j]
    ends = np.minimum(starts + window, until)
    said = np.zeros((len(weights), len(starts)), dtype=bool)  # (words x earlier window starts)
    for k in range(len(weights)):
        ts = times[which == k]
        said[k] = np.searchsorted(ts, ends) > np.searchsorted(ts, starts)
    fully = said[key] & (said.sum(axis=0) >= here.sum())
    return lo + int(np.argmax(fully)) if fully.any() else j
