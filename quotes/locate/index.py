"""The index over one transcript: built once, then queried by ``scoring`` and ``lead_in``. No I/O.

A ``TranscriptIndex`` holds everything the locate engine knows about a transcript before it is
asked anything:

- the captions (rolling repeats and markup removed), when each is said, and the window starts
  (``pos``) where a summary's words are looked for;
- where sentences begin (in a punctuated transcript) and where speakers change (``>>``);
- postings (when each stemmed term is said) and each term's weight (IDF over half-minute
  stretches of this transcript);
- spellings and sounds, to find words the transcript spells differently;
- the initials of the words said, to find the phrases an acronym stands for;
- when each function word is said, to find where a heading is said whole;
- teaser factors: windows in the opening that replay a later part count a little less.

All of it is plain arrays and dicts built from the transcript alone, so a later version can
save it beside the transcript and load it instead of building it again.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict

import numpy as np
from rapidfuzz import fuzz, process

from ..transcript import Transcript, clean_text, new_caption_text, speaker_turns
from ..words import ends_sentence, ends_sentence_inside, stemmer_for, stopwords_for, words_of

__all__ = ["TranscriptIndex"]

try:
    import jellyfish

    def _sound(word: str) -> str:
        return jellyfish.metaphone(word)

except ImportError:  # pragma: no cover

    def _sound(word: str) -> str:
        return ""


#: A phrase stands for an acronym when it is said at least this often (``spelled_out``).
PHRASE_REPEATS = 2
#: A phrase said in at least half of the video's ``SUBJECT_PARTS`` parts (tenths) names what
#: the whole video is about (``spelled_out``).
SUBJECT_PARTS = 10

# Languages that write compound words as one ("Lawinenlagebericht"): a summary's word may be
# said as part of one.
_COMPOUNDING = frozenset({"de", "nl", "sv", "da", "nb", "nn", "no", "fi", "is", "af", "lb"})


def _trigrams(term: str) -> list[str]:
    padded = f"^{term}$"
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


class TranscriptIndex:
    """What the engine knows of one transcript: captions, sentences, postings, weights,
    spellings, sounds and teaser factors. Built once; queries never change it (but for caches)."""

    #: Length of the window a sentence's words must fall in (seconds).
    sentence_window = 30.0
    #: Length of the "documents" used to weight terms (seconds).
    document_length = 30.0
    #: Window used to find where talk about the topic begins (seconds).
    lead_window = 20.0
    #: A transcript is punctuated when at least this share of its captions end a sentence.
    punctuated_share = 0.2
    #: Teasers: the opening (at most this long, or this share of the video) is checked for
    #: windows that replay a later part word for word (runs of ``shingle`` words); such a
    #: window's scores count ``copy_factor`` as much, so the original wins a tie.
    max_opening = 300.0
    opening_share = 0.1
    shingle = 5
    copy_factor = 0.95

    def __init__(self, transcript: Transcript):
        self.transcript = transcript
        self.video_id = transcript.video_id
        self.language_code = transcript.language_code
        self.stem = stemmer_for(transcript.language_code)
        self.stopwords = stopwords_for(transcript.language_code)
        self._compounds = (transcript.language_code or "").split("-")[0].lower() in _COMPOUNDING
        self._read_captions(transcript)
        stream, stream_t = self._word_stream()
        self._index_words(stream, stream_t)
        self.teaser_factors = self._previews(stream, stream_t)
        self._index_spellings()
        self._variant_cache: dict[str, list[tuple[str, float]]] = {}
        # Phrases an acronym stands for (``spelled_out``), found when first asked: their
        # names by acronym, when each is said and its weight.
        self._spelled: dict[str, list[str]] = {}
        self._phrases: dict[str, np.ndarray] = {}
        self._phrase_idf: dict[str, float] = {}
        self._covers = {w: self._cover_arrays(w) for w in (self.sentence_window, self.lead_window)}
        # Scratch space for scoring, sized for a long summary and touched now, so that
        # queries do not pay for fresh memory pages (see ``scoring.coverage``).
        self.scratch = np.empty(64 * len(self.pos))
        self.scratch.fill(0.0)

    # ------------------------------------------------------------------ captions and sentences
    def _read_captions(self, transcript: Transcript) -> None:
        """Caption starts, texts (rolling repeats and markup removed) and speech ends."""
        segments = new_caption_text(transcript.segments)
        starts, texts, turns = [], [], []
        for seg, new in segments:
            text = clean_text(new)
            if text:
                starts.append(seg.start)
                texts.append(text)
                turns.append(speaker_turns(new))
        self.seg_starts = np.asarray(starts, dtype=float)
        self.seg_texts = texts
        n = len(starts)
        self._read_sentences(texts, turns)
        # Each caption's words are spread over its speech time: until the next caption starts.
        ends = np.empty(n)
        if n:
            ends[:-1] = self.seg_starts[1:]
            ends[-1] = self.seg_starts[-1] + max(segments[-1][0].duration, 1.0)
        self.seg_ends = np.maximum(ends, self.seg_starts)
        # Places where a window may start: caption starts, at least a tenth of a window
        # apart (rolling auto-captions start every second or two; finer adds cost, not accuracy).
        # A caption longer than a window (a paragraph of an Otter or Rev export) gets places
        # inside it too, or its later words would be in no window.
        step = self.sentence_window / 10
        keep, last = [], -np.inf
        for start, end in zip(starts, self.seg_ends.tolist()):
            if start - last >= step:
                keep.append(start)
                last = start
            if end - start > self.sentence_window:
                keep.extend(np.arange(last + step, end - step, step).tolist())
                last = keep[-1]
        self.pos = np.asarray(keep, dtype=float)
        self.video_end = float(max(transcript.end, self.seg_ends[-1] if n else 0.0))

    def _read_sentences(self, texts: list[str], turns: list[tuple[bool, bool]]) -> None:
        """Where sentences begin, in a punctuated transcript (Whisper's, or captions typed by a
        person): at a caption after one that ends a sentence (``opens``), or inside a caption
        that ends one before its last word (``inner``); a change of speaker begins one too.
        Unpunctuated captions (YouTube's automatic ones) say nothing about sentences, but may
        mark changes of speaker (``>>``): when they do, ``turn_times`` are those captions."""
        ends = [ends_sentence(text) for text in texts]
        inner = [ends_sentence_inside(text) for text in texts]
        said = sum(e or i for e, i in zip(ends, inner))
        self.punctuated = bool(texts) and said >= self.punctuated_share * len(texts)
        self.opens = [k == 0 or ends[k - 1] or turns[k][0] for k in range(len(texts))]
        self.turn_times = np.asarray([self.seg_starts[k] for k, turn in enumerate(turns) if turn[0] or turn[1]])
        self.inner = [i or turn[1] for i, turn in zip(inner, turns)]

    # ------------------------------------------------------------------ words
    def _word_stream(self) -> tuple[list[str], list[float]]:
        """Every word in order, with its time (a caption's words spread over its speech time)."""
        stream: list[str] = []
        stream_t: list[float] = []
        for start, end, text in zip(self.seg_starts.tolist(), self.seg_ends.tolist(), self.seg_texts):
            ws = words_of(text)
            step = (end - start) / max(len(ws), 1)
            stream.extend(ws)
            stream_t.extend([start + step * k for k in range(len(ws))])
        return stream, stream_t

    def _index_words(self, stream: list[str], stream_t: list[float]) -> None:
        """Postings (when each stemmed term is said) and each term's weight (IDF); the words
        said (but function words), stemmed, in order, with their times and their initials
        as one string: where a run of words spells an acronym (``spelled_out``)."""
        postings: dict[str, list[float]] = defaultdict(list)
        content = [w not in self.stopwords for w in stream]
        said_stems, said_times, initials = [], [], []
        function: dict[str, list[float]] = defaultdict(list)
        for w, t, keep in zip(stream, stream_t, content):
            if keep:
                stem = self.stem(w)
                postings[stem].append(t)
                said_stems.append(stem)
                said_times.append(t)
                initials.append(w[0])
            else:
                function[w].append(t)
        # When each function word is said: a heading that names only the video's subject
        # ("What an LLM is") is told by them (``lead_in.title_times``).
        self.function_times = {w: np.asarray(ts, dtype=float) for w, ts in function.items()}
        self.said_stems = said_stems
        self.said_times = np.asarray(said_times, dtype=float)
        self.said_initials = "".join(initials)
        # Two adjacent content words are also indexed joined ("meta programming").
        for w1, w2, t, k1, k2 in zip(stream, stream[1:], stream_t, content, content[1:]):
            if k1 and k2 and len(w1) + len(w2) >= 6:
                postings[self.stem(w1 + w2)].append(t)
        for ts in postings.values():
            ts.sort()  # a term said both as one word and as two was appended in two passes
        # All postings in one array, term after term (each term's times ascending).
        self.all_times = np.fromiter((x for ts in postings.values() for x in ts), dtype=float)
        sizes = np.fromiter(map(len, postings.values()), dtype=np.int64, count=len(postings))
        ends_at = np.cumsum(sizes)
        self.span = dict(zip(postings, zip((ends_at - sizes).tolist(), ends_at.tolist())))
        self.postings = {term: self.all_times[a:b] for term, (a, b) in self.span.items()}
        # Inverse document frequency over fixed stretches of this transcript.
        self.n_docs = max(1, int(math.ceil(self.video_end / self.document_length)))
        term_ids = np.repeat(np.arange(len(sizes)), sizes)
        docs = (self.all_times // self.document_length).astype(np.int64)
        pairs = np.unique(term_ids * (self.n_docs + 1) + docs)  # (term, stretch) said at least once
        df = np.bincount(pairs // (self.n_docs + 1), minlength=len(sizes))
        idf = self._idf(df)
        self.idf = dict(zip(postings, idf.tolist()))
        self.max_idf = math.log(1 + (self.n_docs - 0.5) / 1.5)
        # A word said in more than half of the stretches is an everyday word (a stopword in a
        # language without a list here, or a topic word of the whole video).
        half = self.n_docs / 2
        self.everyday_idf = math.log(1 + (self.n_docs - half + 0.5) / (half + 0.5))

    def _idf(self, df):
        """The weight of a term said in ``df`` of the ``n_docs`` stretches (inverse document frequency)."""
        return np.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))

    def _index_spellings(self) -> None:
        """Letter-triple and sound look-ups for words the transcript spells differently."""
        self._terms = list(self.postings)
        trigrams: dict[str, list[int]] = defaultdict(list)
        self._sounds: dict[str, list[str]] = defaultdict(list)
        for k, term in enumerate(self._terms):
            if len(term) >= 4 and not term.isdigit():
                for g in _trigrams(term):
                    trigrams[g].append(k)
                code = _sound(term)
                if len(code) >= 3:
                    self._sounds[code].append(term)
        self._trigrams = {g: np.asarray(ks) for g, ks in trigrams.items()}

    def _previews(self, words: list[str], times: list[float]) -> np.ndarray:
        """A factor per window start: 1, or slightly less where the window replays a later part.

        Podcasts and interviews often open with a teaser: clips of what is said later. A
        summary of such a clip matches the teaser and the original equally well; the link
        belongs to the original, so windows in the opening whose words are mostly said
        again, word for word, later in the video count a little less.
        """
        factor = np.ones(len(self.pos))
        n = self.shingle
        opening = min(self.max_opening, self.opening_share * self.video_end)
        end = min(bisect.bisect_left(times, opening), len(words) - n + 1)
        if end <= 0:
            return factor
        later_from = bisect.bisect_left(times, opening + self.sentence_window)
        later = set(zip(*(words[later_from + j :] for j in range(n))))
        repeated = np.array([tuple(words[k : k + n]) in later for k in range(end)], dtype=float)
        start_t = np.asarray(times[:end])
        for p, at in enumerate(self.pos):
            if at >= opening:
                break
            inside = (start_t >= at) & (start_t < at + self.sentence_window)
            if inside.any() and repeated[inside].mean() >= 0.5:
                factor[p] = self.copy_factor
        return factor

    # ------------------------------------------------------------------ look-ups
    def variants(self, word: str, spelled: str | None = None) -> list[tuple[str, float]]:
        """Index terms that stand for ``word`` (a lowercase word), with a similarity 0..1.
        ``spelled``: the letters ``word`` abbreviates, when the text writes it as an acronym
        ("LLMs": ``llm``). Then the acronym said as such, plural or not, stands for it, and
        so do the phrases its letters spell, which speakers often say instead
        (``spelled_out``: "RAG" is said "retrieval augmented generation"); it weighs as all
        those forms together (``term_weight``)."""
        if spelled:
            key = f"{word}\x00{spelled}"
            cached = self._variant_cache.get(key)
            if cached is None:
                forms = dict(self.variants(spelled))
                forms.update(self.variants(word))
                forms.update(dict.fromkeys(self.spelled_out(spelled), 1.0))
                cached = self._variant_cache[key] = sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))
            return cached
        term = self.stem(word)
        cached = self._variant_cache.get(term)
        if cached is not None:
            return cached
        found: dict[str, float] = {}
        if term in self.postings:
            found[term] = 1.0
        if len(term) >= 5 and not term.isdigit():
            self._similar_spellings(term, found)
            code = _sound(term)
            if len(code) >= 4:
                for cand in self._sounds.get(code, ()):
                    if cand != term:
                        found[cand] = max(found.get(cand, 0.0), 0.75)
        result = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[:6]
        self._variant_cache[term] = result
        return result

    def _similar_spellings(self, term: str, found: dict[str, float]) -> None:
        """Terms spelled like ``term`` (misheard, cut off; in compounding languages, compounds
        that hold it), added to ``found`` with their similarity."""
        grams = _trigrams(term)
        # Terms sharing enough of the word's letter triples, then checked by edit similarity.
        shared = [self._trigrams[g] for g in grams if g in self._trigrams]
        need = max(2, len(grams) // 3)
        if len(shared) < need:
            return
        counts = np.bincount(np.concatenate(shared))
        cands = [self._terms[k] for k in np.flatnonzero(counts >= need).tolist()]
        for cand, score, _ in process.extract(term, cands, scorer=fuzz.ratio, score_cutoff=80, limit=None):
            if cand != term:
                found[cand] = max(found.get(cand, 0.0), 0.9 * score / 100.0)
        if self._compounds:
            # German, Dutch, Nordic: "Bericht" is said inside "Lawinenlagebericht".
            for cand in cands:
                if cand != term and len(cand) > len(term) and (cand.endswith(term) or cand.startswith(term)):
                    found[cand] = max(found.get(cand, 0.0), 0.8)

    def spelled_out(self, letters: str) -> list[str]:
        """The phrases said here whose words' initials spell ``letters`` (an acronym, "llm":
        "large language models"), each named by its stems joined with spaces ("larg languag
        model"), which no word's stem holds. A run of words spells many a short string by
        chance; the phrase an acronym stands for is said again and again: a phrase counts
        when it is said at least ``PHRASE_REPEATS`` times (its plural and singular alike).
        A phrase said in at least half of the video's tenths (``SUBJECT_PARTS``) names what
        the whole video is about ("large language models" in a talk about them): it tells
        nothing of where a text is said, and weighs nothing (its weight is 0)."""
        cached = self._spelled.get(letters)
        if cached is not None:
            return cached
        n = len(letters)
        found: dict[str, list[float]] = defaultdict(list)
        k = self.said_initials.find(letters)
        while k >= 0:
            found[" ".join(self.said_stems[k : k + n])].append(float(self.said_times[k]))
            k = self.said_initials.find(letters, k + 1)
        phrases = [phrase for phrase, times in found.items() if len(times) >= PHRASE_REPEATS]
        subject = False
        for phrase in phrases:
            times = np.asarray(found[phrase])
            self._phrases[phrase] = times
            docs = len(np.unique((times // self.document_length).astype(np.int64)))
            self._phrase_idf[phrase] = float(self._idf(docs))
            parts = np.unique((times * SUBJECT_PARTS // max(self.video_end, 1e-9)).astype(np.int64))
            subject = subject or 2 * len(parts) >= SUBJECT_PARTS
        if subject:  # all its forms name the subject ("larger language models" too)
            self._phrase_idf.update(dict.fromkeys(phrases, 0.0))
        self._spelled[letters] = phrases
        return phrases

    def said(self, term: str) -> np.ndarray:
        """When ``term`` (a variant: an index term or a phrase of ``spelled_out``) is said, ascending."""
        found = self.postings.get(term)
        return found if found is not None else self._phrases[term]

    def weight(self, term: str) -> float:
        """The weight (IDF) of ``term``, an index term or a phrase of ``spelled_out``."""
        found = self.idf.get(term)
        return found if found is not None else self._phrase_idf[term]

    def term_weight(self, word: str, variants: list[tuple[str, float]]) -> float:
        """The weight of ``word`` found as ``variants`` (its IDF; 0 when never said). An
        acronym found as the phrases it stands for weighs as all its forms together: letters
        said rarely, in one part, do not make it rare where the phrase is said all along
        (weights by the stretches any form is said in); and one that names what the whole
        video is about (``spelled_out``) weighs nothing, however rarely its letters are said."""
        phrases = [term for term, _ in variants if term in self._phrases]
        if phrases:
            if any(self._phrase_idf[term] == 0.0 for term in phrases):
                return 0.0
            times = np.concatenate([self.said(term) for term, _ in variants])
            return float(self._idf(len(np.unique((times // self.document_length).astype(np.int64)))))
        if variants:
            # A word the speakers never say exactly weighs like a rare word.
            exact = self.stem(word)
            if exact in self.idf:
                return self.idf[exact]
            return max(self.idf[t] for t, _ in variants)
        return 0.0

    def cover(self, term: str, window: float) -> tuple[np.ndarray, np.ndarray]:
        """For each time ``term`` is said, the window starts (``pos``) whose window
        [start, start + window) holds it: as two arrays, the first such start and the one
        after the last."""
        if term not in self.span:  # a phrase (``spelled_out``): not among the postings
            said = self._phrases[term]
            return np.searchsorted(self.pos, said - window, side="right"), np.searchsorted(self.pos, said, side="right")
        a, b = self.span[term]
        covers = self._covers.get(window)
        if covers is None:  # another window (a chapter's span): this term's alone, not kept
            said = self.all_times[a:b]
            return np.searchsorted(self.pos, said - window, side="right"), np.searchsorted(self.pos, said, side="right")
        return covers[0][a:b], covers[1][a:b]

    def _cover_arrays(self, window: float) -> tuple[np.ndarray, np.ndarray]:
        # Every term at once: one search over all postings.
        return (
            np.searchsorted(self.pos, self.all_times - window, side="right"),
            np.searchsorted(self.pos, self.all_times, side="right"),
        )

    def times_of(self, terms) -> tuple[np.ndarray, np.ndarray]:
        """Every time any spelling of ``terms`` (``(stem, weight, variants)`` triples) is said,
        sorted, and which of ``terms`` each is (its index); not the everyday words (said in
        most of the video), which mark no start in any language."""
        arrays, owners = [], []
        for k, (_, _, var) in enumerate(terms):
            for term, _ in var:
                if self.weight(term) >= self.everyday_idf:
                    arrays.append(self.said(term))
                    owners.append(k)
        if not arrays:
            return np.empty(0), np.empty(0, dtype=int)
        times = np.concatenate(arrays)
        which = np.repeat(np.asarray(owners), [len(a) for a in arrays])
        order = np.argsort(times, kind="stable")
        return times[order], which[order]
