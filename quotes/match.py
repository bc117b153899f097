"""Locate where a written summary is said in a transcript. No I/O.

How it works (see also the README's "How matching works"):

1. The transcript is indexed once: words are lowercased, stemmed and placed in time
   (spread over the speech time of their caption); two adjacent words are also indexed
   joined ("meta programming" -> "metaprogramming", "pie torch" -> "pietorch"), so compound
   words and split words meet. Each term's weight is its inverse document frequency over
   half-minute stretches of this transcript: words the speakers use everywhere count little.
2. A summary is split into its sentences. Each sentence's terms are looked up exactly, then
   by spelling (character trigrams + edit similarity, for misheard or cut-off words) and by
   sound (metaphone); number words are read as digits. At caption starts (at most one every
   3 s; inside a caption longer than a window, every 3 s), a sentence scores the weighted
   share of its terms said in the window starting there.
3. The sentences vote for a passage: the place where the most sentences find their words
   close together wins. Runner-ups are other places, at least a passage apart.
4. The link goes where the chain's first sentence begins to be said, moved back over the
   lead-in while the talk stays on topic (and, given a heading, while the heading's words
   keep being said), snapped to a caption start, and in a punctuated transcript moved back
   to the caption where that sentence begins. A lead-in begins at one of the summary's
   telling words (at least as rare in this video as its average word), not at an everyday
   one; where none leads in and the captions show no sentences, the link goes
   ``LINK_LEAD`` seconds before the words. ``end`` is where the last sentence's words
   are said.
5. ``score`` is the share of the summary's weighted vocabulary found in the passage (0..1).
   ``confident`` compares the winning passage with what the same summary scores at random
   places in this video: only a passage that stands far above that background is confident,
   so a summary of something never said in the video is never confidently placed.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from .stopwords import STOPWORDS, stopwords_for
from .transcript import Transcript, clean_text, new_caption_text, speaker_turns
from .video import deep_link

__all__ = [
    "Match",
    "Locator",
    "locate",
    "content_words",
    "placeable",
    "CONFIDENCE_THRESHOLD",
    "LINK_LEAD",
    "MIN_CONFIDENT_WORDS",
    "MIN_CHECK_WORDS",
]

try:  # snowball stemmers (C-accelerated by PyStemmer when installed); else no stemming
    import snowballstemmer

    _STEMMER = snowballstemmer.stemmer("english")
except ImportError:  # pragma: no cover
    snowballstemmer = None
    _STEMMER = None

# Snowball stemmers by language code; a transcript in another language is not stemmed.
_SNOWBALL = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german", "el": "greek",
    "en": "english", "es": "spanish", "et": "estonian", "eu": "basque", "fa": "persian",
    "fi": "finnish", "fr": "french", "ga": "irish", "hi": "hindi", "hu": "hungarian",
    "hy": "armenian", "id": "indonesian", "it": "italian", "lt": "lithuanian", "nb": "norwegian",
    "ne": "nepali", "nl": "dutch", "nn": "norwegian", "no": "norwegian", "pl": "polish",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish",
    "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}

try:
    import jellyfish

    def _sound(word: str) -> str:
        return jellyfish.metaphone(word)

except ImportError:  # pragma: no cover

    def _sound(word: str) -> str:
        return ""


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

# A word that ends a sentence: "said." "right?" "done!" "so…" (closing quotes/brackets allowed).
_SENTENCE_END_WORD = re.compile(r"[.?!…][\"'”’)\]]*$")
_SENTENCE_END_INSIDE = re.compile(r"[.?!…][\"'”’)\]]*\s")  # one that ends a sentence before the last word

# Who says it, in a summary ("Chris explains", "Lex Fridman asks"): the speaker's name is
# said in the introduction, not where the summarised words are.
_SPEECH_VERBS = (
    "says|said|explains|explained|argues|argued|thinks|believes|admits|admitted|describes|"
    "described|mentions|mentioned|recalls|recalled|claims|claimed|insists|insisted|warns|warned|"
    "asks|asked|tells|told|jokes|joked|points out|pointed out|reveals|revealed"
)
_ATTRIBUTION = re.compile(rf"\b(?:[A-Z][\w'\u2019-]*\s+){{1,2}}(?=(?:{_SPEECH_VERBS})\b)")

# Languages that write compound words as one ("Lawinenlagebericht"): a summary's word may be
# said as part of one.
_COMPOUNDING = frozenset({"de", "nl", "sv", "da", "nb", "nn", "no", "fi", "is", "af", "lb"})

# Confidence is a z-like score: how many background spreads the passage stands above
# what the summary scores elsewhere in the same video (see Locator.locate).
CONFIDENCE_THRESHOLD = 0.35
# ... and at least this many different words of the text (not everyday ones) said there.
MIN_CONFIDENT_WORDS = 3

# General English function words and spoken fillers: they carry no topic.

_WORD = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n\s*[-*+]\s+|\n{2,}")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BARE_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+")  # its pieces ("youtube", "watch") are no words said
_CLAUSE_END = re.compile(r"(?<=[,)])\s+|\s+(?:-|--|\u2013|\u2014)\s+")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """The English stem of a word (digits are left alone)."""
    if _STEMMER is None or word.isdigit():
        return word
    return _STEMMER.stemWord(word)


def _stemmer_for(language_code: str | None):
    """The stem function for a transcript's language: English's is shared and cached."""
    name = _SNOWBALL.get((language_code or "en").split("-")[0].lower())
    if name == "english" or snowballstemmer is None:
        return _stem if name == "english" else (lambda word: word)
    if name not in snowballstemmer.algorithms():  # pragma: no cover - older snowballstemmer
        return lambda word: word
    stemmer = snowballstemmer.stemmer(name)
    return lru_cache(maxsize=65536)(lambda word: word if word.isdigit() else stemmer.stemWord(word))


# Captions write numbers as digits where editors often spell them, and the other way
# round: both sides are read with number words as digits ("forty" -> "40").
_NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
} | {word: str(10 * tens) for tens, word in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), 3)}


def words_of(text: str) -> list[str]:
    """Lowercase words of letters and digits in any script, apostrophes removed (``it's`` ->
    ``its``), accents folded (``café`` -> ``cafe``), number words as digits."""
    text = text.lower().replace("'", "").replace("\u2019", "")
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return [_NUMBER_WORDS.get(w, w) for w in _WORD.findall(text)]


def content_words(text: str, language_code: str | None = None) -> list[str]:
    """The distinct words of ``text`` that can place it (not function words), in order.

    >>> content_words("Curly braces: the braces are gone")
    ['curly', 'braces', 'gone']
    >>> content_words("Oven https://www.youtube.com/watch?v=qUoTeSdEm01")
    ['oven']
    """
    stop = stopwords_for(language_code)
    text = _BARE_URL.sub(" ", _MD_LINK.sub(r"\1", text))
    return list(dict.fromkeys(w for w in words_of(text) if w not in stop and len(w) > 1))


# A text of fewer words than this (a chapter title: "Julia", "Code indentation") is said in
# too many places, or in words of its own, to say where it belongs: ``verify`` does not check
# its time and ``match`` does not place it.
MIN_CHECK_WORDS = 5


def placeable(text: str, language_code: str | None = None) -> bool:
    """Whether ``text`` has enough words that can place it (``MIN_CHECK_WORDS``) to judge
    where it is said; ``verify`` and ``match`` judge no shorter text."""
    return len(content_words(text, language_code)) >= MIN_CHECK_WORDS


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


class Locator:
    """An index over one transcript, built once and reused for many queries."""

    #: Length of the window a sentence's words must fall in (seconds).
    sentence_window = 30.0
    #: Length of the "documents" used to weight terms (seconds).
    document_length = 30.0
    #: Window used to find where talk about the topic begins (seconds).
    lead_window = 20.0
    #: How far before the summarised words the lead-in may begin (seconds).
    max_lead = 90.0
    #: A clause begins where two of its words are said at most this far apart (seconds).
    onset_gap = 5.0
    #: A title counts as said where all its words fall within this many seconds.
    title_span = 10.0
    #: A transcript is punctuated when at least this share of its captions end a sentence.
    punctuated_share = 0.2
    #: In a punctuated transcript the link moves back to its sentence's start, at most this far (seconds).
    max_sentence_back = 15.0
    #: Teasers: the opening (at most this long, or this share of the video) is checked for
    #: windows that replay a later part word for word (runs of ``shingle`` words); such a
    #: window's scores count ``copy_factor`` as much, so the original wins a tie.
    max_opening = 300.0
    opening_share = 0.1
    shingle = 5
    copy_factor = 0.95

    def __init__(self, transcript: Transcript):
        self.transcript = transcript
        self._stem = _stemmer_for(transcript.language_code)
        self._stopwords = stopwords_for(transcript.language_code)
        self._compounds = (transcript.language_code or "").split("-")[0].lower() in _COMPOUNDING
        self._read_captions(transcript)
        stream, stream_t = self._word_stream()
        self._index_words(stream, stream_t)
        self._copy_factor = self._previews(stream, stream_t)
        self._index_spellings()
        self._variant_cache: dict[str, list[tuple[str, float]]] = {}
        self._covers = {w: self._cover_arrays(w) for w in (self.sentence_window, self.lead_window)}
        # Scratch space for scoring, sized for a long summary and touched now, so that
        # queries do not pay for fresh memory pages.
        self._scratch = np.empty(64 * len(self.pos))
        self._scratch.fill(0.0)

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
        mark changes of speaker (``>>``): when they do, ``_turn_times`` are those captions."""
        ends = [_SENTENCE_END_WORD.search(text) is not None for text in texts]
        inner = [_SENTENCE_END_INSIDE.search(text) is not None for text in texts]
        said = sum(e or i for e, i in zip(ends, inner))
        self.punctuated = bool(texts) and said >= self.punctuated_share * len(texts)
        self._opens = [k == 0 or ends[k - 1] or turns[k][0] for k in range(len(texts))]
        self._turn_times = np.asarray([self.seg_starts[k] for k, turn in enumerate(turns) if turn[0] or turn[1]])
        self._inner = [i or turn[1] for i, turn in zip(inner, turns)]

    def turn_floor(self, core: float) -> float:
        """How far back a link to ``core`` may go where the captions mark changes of speaker:
        to the start of the turn before the one being said at ``core`` (the host's question),
        not into the turn before that (the previous answer). A turn before that runs longer
        than the answer itself is no question but another answer (a panel's speakers taking
        turns): then only to the answer's own start. -inf where nothing is marked."""
        i = int(np.searchsorted(self._turn_times, core, side="right")) - 1
        if i < 1:
            return -np.inf
        before, begins = float(self._turn_times[i - 1]), float(self._turn_times[i])
        ends = float(self._turn_times[i + 1]) if i + 1 < len(self._turn_times) else self.video_end
        return before if begins - before <= ends - begins else begins

    def lead_floor(self, core: float, reach: float) -> float:
        """How far back a link to ``core`` may go: ``turn_floor`` where the captions mark
        changes of speaker; in a punctuated transcript without such marks, ``QUESTION_SETUP``
        before the last question asked up to ``reach`` seconds before (the host's), else
        ``UNASKED_LEAD_IN`` before (a talk); -inf in captions that say neither (YouTube's
        automatic ones)."""
        if len(self._turn_times):
            return self.turn_floor(core)
        if not self.punctuated:
            return -np.inf
        k = int(np.searchsorted(self.seg_starts, core, side="right")) - 1
        while k >= 0 and core - self.seg_starts[k] <= reach:
            if "?" in self.seg_texts[k] and self.seg_starts[k] < core - 1:
                while k > 0 and "?" in self.seg_texts[k - 1] and core - self.seg_starts[k - 1] <= reach:
                    k -= 1  # the host asks in several sentences: from the first
                while k > 0 and not self._opens[k] and core - self.seg_starts[k - 1] <= reach:
                    k -= 1  # back to where the question begins
                return float(self.seg_starts[k]) - QUESTION_SETUP
            k -= 1
        return core - UNASKED_LEAD_IN

    def turn_end(self, core: float) -> float:
        """Where the turn being said at ``core`` ends, where the captions mark changes of
        speaker: the next change after it (the end of the answer). -inf where nothing is marked."""
        if not len(self._turn_times):
            return -np.inf
        i = int(np.searchsorted(self._turn_times, core, side="right"))
        return float(self._turn_times[i]) if i < len(self._turn_times) else self.video_end

    def _sentence_start(self, k: int, lead: float, floor: float) -> int:
        """The caption where the sentence being said at ``lead`` (in caption ``k``) begins,
        when the transcript is punctuated and that is at most ``max_sentence_back`` seconds
        back and not before ``floor``; else ``k``. Editors link to the start of a sentence."""
        if not self.punctuated:
            return k
        words = self.seg_texts[k].split()
        start, end = self.seg_starts[k], self.seg_ends[k]
        at = int((lead - start) / max(end - start, 1e-9) * len(words)) if end > start else 0
        if any(_SENTENCE_END_WORD.search(w) for w in words[: max(0, min(at, len(words)))]):
            return k  # the sentence begins inside this caption
        j = k
        while not self._opens[j]:
            if j == 0 or self.seg_starts[k] - self.seg_starts[j - 1] > self.max_sentence_back:
                return k  # no sentence start within reach: a run-on, or no punctuation here
            if self.seg_starts[j - 1] < floor:
                return k
            j -= 1
            if self._inner[j]:
                break  # the sentence begins inside caption j
        return j

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
        """Postings (when each stemmed term is said) and each term's weight (IDF)."""
        postings: dict[str, list[float]] = defaultdict(list)
        content = [w not in self._stopwords for w in stream]
        for w, t, keep in zip(stream, stream_t, content):
            if keep:
                postings[self._stem(w)].append(t)
        # Two adjacent content words are also indexed joined ("meta programming").
        for w1, w2, t, k1, k2 in zip(stream, stream[1:], stream_t, content, content[1:]):
            if k1 and k2 and len(w1) + len(w2) >= 6:
                postings[self._stem(w1 + w2)].append(t)
        for ts in postings.values():
            ts.sort()  # a term said both as one word and as two was appended in two passes
        # All postings in one array, term after term (each term's times ascending).
        self._all_times = np.fromiter((x for ts in postings.values() for x in ts), dtype=float)
        sizes = np.fromiter(map(len, postings.values()), dtype=np.int64, count=len(postings))
        ends_at = np.cumsum(sizes)
        self._span = dict(zip(postings, zip((ends_at - sizes).tolist(), ends_at.tolist())))
        self.postings = {term: self._all_times[a:b] for term, (a, b) in self._span.items()}
        # Inverse document frequency over fixed stretches of this transcript.
        self.n_docs = max(1, int(math.ceil(self.video_end / self.document_length)))
        term_ids = np.repeat(np.arange(len(sizes)), sizes)
        docs = (self._all_times // self.document_length).astype(np.int64)
        pairs = np.unique(term_ids * (self.n_docs + 1) + docs)  # (term, stretch) said at least once
        df = np.bincount(pairs // (self.n_docs + 1), minlength=len(sizes))
        idf = np.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))
        self.idf = dict(zip(postings, idf.tolist()))
        self.max_idf = math.log(1 + (self.n_docs - 0.5) / 1.5)
        # A word said in more than half of the stretches is an everyday word (a stopword in a
        # language without a list here, or a topic word of the whole video).
        half = self.n_docs / 2
        self.everyday_idf = math.log(1 + (self.n_docs - half + 0.5) / (half + 0.5))

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

    # ------------------------------------------------------------------ query terms
    def variants(self, word: str) -> list[tuple[str, float]]:
        """Index terms that stand for ``word`` (a lowercase word), with a similarity 0..1."""
        term = self._stem(word)
        cached = self._variant_cache.get(term)
        if cached is not None:
            return cached
        found: dict[str, float] = {}
        if term in self.postings:
            found[term] = 1.0
        if len(term) >= 5 and not term.isdigit():
            grams = _trigrams(term)
            # Terms sharing enough of the word's letter triples, then checked by edit similarity.
            shared = [self._trigrams[g] for g in grams if g in self._trigrams]
            need = max(2, len(grams) // 3)
            if len(shared) >= need:
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
            code = _sound(term)
            if len(code) >= 4:
                for cand in self._sounds.get(code, ()):
                    if cand != term:
                        found[cand] = max(found.get(cand, 0.0), 0.75)
        result = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[:6]
        self._variant_cache[term] = result
        return result

    def _term_weight(self, word: str, variants: list[tuple[str, float]]) -> float:
        if variants:
            # A word the speakers never say exactly weighs like a rare word.
            exact = self._stem(word)
            if exact in self.idf:
                return self.idf[exact]
            return max(self.idf[t] for t, _ in variants)
        return 0.0

    # ------------------------------------------------------------------ scoring
    def _cover(self, term: str, window: float) -> tuple[np.ndarray, np.ndarray]:
        """For each time ``term`` is said, the window starts (``pos``) whose window
        [start, start + window) holds it: as two arrays, the first such start and the one
        after the last."""
        covers = self._covers.get(window)
        if covers is None:
            covers = self._covers[window] = self._cover_arrays(window)
        a, b = self._span[term]
        return covers[0][a:b], covers[1][a:b]

    def _cover_arrays(self, window: float) -> tuple[np.ndarray, np.ndarray]:
        # Every term at once: one search over all postings.
        return (
            np.searchsorted(self.pos, self._all_times - window, side="right"),
            np.searchsorted(self.pos, self._all_times, side="right"),
        )

    def _clause_terms(self, words: list[str]) -> tuple[float, list]:
        """A clause's distinct terms as (stem, weight, variants), and its total weight."""
        seen = set()
        total = 0.0
        terms = []
        for w in words:
            if w in self._stopwords or len(w) < 2:
                continue
            stem = self._stem(w)
            if stem in seen:
                continue
            seen.add(stem)
            var = self.variants(w)
            # A word the transcript never says still counts in the total: it is missing.
            weight = self._term_weight(w, var) if var else self.max_idf * 0.5
            total += weight
            if var:
                terms.append((stem, weight, var))
        return total, terms

    def _coverage(self, clauses: list[tuple[float, list]], window: float) -> np.ndarray:
        """Share of each clause's weight said in the window at every window start (clauses x starts).

        Sparse: each time a term is said marks the few window starts whose window holds it, so a
        query costs in proportion to how often its words are said, not to the video's length.
        """
        n = len(self.pos)
        row_of: dict[str, int] = {}
        lo, hi, row, sim, count = [], [], [], [], []
        weights = np.zeros((len(clauses), sum(len(terms) for _, terms in clauses)))
        for c, (total, terms) in enumerate(clauses):
            for stem, weight, var in terms:
                r = row_of.get(stem)
                if r is None:
                    r = row_of[stem] = len(row_of)
                    for term, s in var:
                        a, b = self._cover(term, window)
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
        if len(self._scratch) < size:  # reused between queries: no fresh pages to fault in
            self._scratch = np.zeros(max(size, 2 * len(self._scratch)))
        present = self._scratch[:size]
        # A term's best spelling present in the window counts (max, not sum, over variants).
        flat = np.repeat(np.repeat(row, count), lengths) * n + cols
        np.maximum.at(present, flat, np.repeat(np.repeat(sim, count), lengths))
        scores = weights[:, : len(row_of)] @ present.reshape(len(row_of), n)
        present[flat] = 0.0  # the scratch buffer is all zeros between queries
        return scores

    def _sentence_scores(self, words: list[str], window: float):
        """Coverage of one sentence's terms by the window at every window start (0..1)."""
        total, terms = self._clause_terms(words)
        if total <= 0:
            return None, 0.0, terms
        return self._coverage([(total, terms)], window)[0], total, terms

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
        ``after`` (seconds) keeps passages and their links from starting before that time;
        ``before`` keeps the summarised words from starting after it (the lead-in may not).
        """
        text = _ATTRIBUTION.sub("", text)
        sentences = split_sentences(text, self._stopwords) or [text]
        window = self.sentence_window
        clauses = [ct for ct in map(self._clause_terms, map(words_of, sentences)) if ct[0] > 0 and ct[1]]
        n = len(self.pos)
        if not clauses or n == 0:
            return []
        weights = [total for total, _ in clauses]
        term_lists = [terms for _, terms in clauses]
        S = self._coverage(clauses, window) * self._copy_factor
        whole, _, whole_terms = self._sentence_scores(words_of(text), self.lead_window)
        # When the words are said, for placing the link; the same for every match.
        whole_times, whole_which = self._times_of(whole_terms)
        lead_times = self._telling(whole_times, whole_which, whole_terms)
        title_times = self._title_times(title) if title else None
        clause_times: dict[int, np.ndarray] = {}
        whole_base = float(_percentiles(whole[:: max(1, n // 1024)], (90,))[0])
        w = np.asarray(weights)
        w = w / w.sum()
        t = self.pos
        n_cl = len(clauses)
        # What each clause scores at an ordinary place in this video. In a short video a
        # topic can fill a tenth of it, so the background never exceeds the midpoint
        # between the typical and the best score.
        # (Estimated from an even sample of about a thousand places: as exact, much faster.)
        p50, p90 = _percentiles(S[:, :: max(1, n // 1024)], (50, 90))
        base = np.minimum(p90, (p50 + S.max(axis=1)) / 2)
        # Gap penalty: a minute of talk between two clauses costs a tenth of an average clause.
        lam = (1.0 / n_cl) * 0.1 / 60.0
        mu = 3 * lam  # going back in time (editors reorder a little) costs more
        gains = w[:, None] * (S - base[:, None])
        if after is not None:
            gains[:, t < after] = -np.inf
        if before is not None:
            gains[:, t > before] = -np.inf
        chains = _chain_search(gains, t, lam, mu)
        if chains is None:
            return []
        keep, V, choices, origin, far = chains
        bg = float(np.sum(w * base))
        matches = []
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
            path = [(c, int(keep[j])) for c, j in _backtrack(choices, int(i))]
            o = float(t[min(j for _, j in path)])
            e = float(t[max(j for _, j in path)]) + window
            if any(o < te and e > to for to, te in taken):
                continue
            taken.append((o, e))
            excluded |= (origin < e) & (far + window > o)
            # The summarised words begin where the first of the chain's clauses begins to be said.
            core = np.inf
            # A clause placed before one that comes earlier in the summary is said out of
            # order: the summary does not open with it, so it does not set the start.
            in_order = [(c, j) for c, j in path if not any(c2 < c and j2 > j for c2, j2 in path)]
            for c, j in sorted(in_order, key=lambda cj: cj[1]):
                if t[j] >= core:  # a clause's words are said after its window starts
                    break
                if c not in clause_times:
                    clause_times[c] = self._times_of(term_lists[c])
                core = min(core, self._clause_onset(*clause_times[c], float(t[j]), window))
            lead = self._lead_in(whole, whole_base, lead_times, core)
            if title_times:
                lead = min(lead, self._title_onset(title_times, core))
            # Nothing leads in, and no sentence start can be seen: a fixed lead before the words.
            fixed_lead = not self.punctuated and lead >= core
            if fixed_lead:
                lead = core - LINK_LEAD
            lead = max(lead, self.turn_floor(core))
            if after is not None:
                lead = max(lead, min(after, core))
            # The link: the caption being said at the lead-in.
            caps = self.seg_starts
            k = max(int(np.searchsorted(caps, lead, side="right")) - 1, 0)
            if fixed_lead and k + 1 < len(caps) and caps[k + 1] <= core and caps[k + 1] - lead < lead - caps[k]:
                k += 1  # a time, not a word, to link to: the nearer caption start (long captions)
            if after is not None and caps[k] < after and k + 1 < len(caps) and caps[k + 1] <= core:
                k += 1  # the caption being said at ``after`` began before it: take the next
            k = self._sentence_start(k, lead, -np.inf if after is None else after)
            link = float(caps[k])
            end = min(self.video_end, e)
            if any(link < m.end and end > m.start for m in matches):
                continue  # its lead-in reaches into a better place: the same talk, not another
            score = float(V[i]) + bg
            conf = float(V[i]) / max(1e-9, 1.0 - bg)
            # One or two words can be said anywhere: a place needs several to be sure of it.
            said = whole_which[(whole_times >= o) & (whole_times < e)]
            sure = conf >= CONFIDENCE_THRESHOLD and len(set(said.tolist())) >= MIN_CONFIDENT_WORDS
            matches.append(
                Match(
                    start=link,
                    end=float(end),
                    core_start=float(core),
                    lead_in=float(lead),
                    score=min(1.0, score),
                    confidence=conf,
                    confident=bool(sure),
                    text=" ".join(self.seg_texts[k : int(np.searchsorted(caps, end))]),
                    url=deep_link(self.transcript.video_id, link),
                )
            )
        return matches

    @staticmethod
    def _first_word(times: np.ndarray, t0: float, window: float) -> float:
        """The first of ``times`` (see ``_times_of``) in [t0, t0 + window), else t0 + window."""
        i = int(np.searchsorted(times, t0))
        return float(times[i]) if i < len(times) and times[i] < t0 + window else float(t0 + window)

    def _times_of(self, terms) -> tuple[np.ndarray, np.ndarray]:
        """Every time any spelling of ``terms`` is said, sorted, and which of ``terms`` each
        is (its index); not the everyday words (said in most of the video), which mark no
        start in any language."""
        arrays, owners = [], []
        for k, (_, _, var) in enumerate(terms):
            for term, _ in var:
                if self.idf[term] >= self.everyday_idf:
                    arrays.append(self.postings[term])
                    owners.append(k)
        if not arrays:
            return np.empty(0), np.empty(0, dtype=int)
        times = np.concatenate(arrays)
        which = np.repeat(np.asarray(owners), [len(a) for a in arrays])
        order = np.argsort(times, kind="stable")
        return times[order], which[order]

    @staticmethod
    def _telling(times: np.ndarray, which: np.ndarray, terms) -> np.ndarray:
        """Of ``_times_of(terms)``, the times of the terms at least as telling as the text's
        average term (by weight): where a lead-in may begin. The text's everyday words
        ("people", "python" in an interview about Python) are said every half-minute and
        mark no start."""
        if not terms:
            return times
        weights = np.asarray([weight for _, weight, _ in terms])
        return times[weights[which] >= weights.mean()]

    def _clause_onset(self, times: np.ndarray, which: np.ndarray, t0: float, window: float) -> float:
        """Where a clause begins to be said in the window [t0, t0 + window): its first word
        that a later word of the clause (in the clause's order) follows within ``onset_gap``
        seconds. A lone word before that is a passing mention (the previous answer's "door",
        a stray "running"). The first word at all when no two come that close."""
        lo, hi = int(np.searchsorted(times, t0)), int(np.searchsorted(times, t0 + window))
        if lo >= hi:
            return float(t0 + window)
        for a in range(lo, hi):
            b = a + 1
            while b < hi and times[b] <= times[a] + self.onset_gap:
                if which[b] > which[a]:
                    return float(times[a])
                b += 1
        return float(times[lo])

    def _title_times(self, title: str) -> list[np.ndarray] | None:
        """For each content word of the title, every time it is said (any spelling), sorted;
        None when some title word is never said: then the title is no evidence."""
        title = _MD_LINK.sub(r"\1", title)
        times = []
        for w in dict.fromkeys(words_of(title)):
            if w in self._stopwords or len(w) < 2:
                continue
            var = self.variants(w)
            if not var:
                return None
            times.append(np.sort(np.concatenate([self.postings[term] for term, _ in var])))
        return times or None

    def _title_onset(self, title_times: list[np.ndarray], core: float) -> float:
        """Where the title's words start being said together in the run of mentions leading to ``core``."""
        lo_t = core - self.max_lead
        # Times when each title word is said in [lo_t, core].
        said = [ts[(ts >= lo_t) & (ts <= core)] for ts in title_times]
        hits = [
            float(t0)
            for t0 in np.sort(np.concatenate(said))
            if all(np.any((ts >= t0) & (ts < t0 + self.title_span)) for ts in said)
        ]
        # Walk back from the summarised words over mentions of the title, while they are
        # less than a sentence window apart: an older mention is an earlier topic.
        onset = core
        for t0 in reversed(hits):
            if onset - t0 > self.sentence_window:
                break
            onset = t0
        return onset

    def _lead_in(self, R: np.ndarray, base: float, times: np.ndarray, core: float) -> float:
        """Where talk about the topic begins: walk back from ``core`` while it stays on topic.

        ``R`` is the whole summary's coverage at every window start, ``base`` what it scores
        at an ordinary place, and ``times`` when the summary's words are said.
        """
        t = self.pos
        j = max(int(np.searchsorted(t, core, side="right")) - 1, 0)
        lo = int(np.searchsorted(t, core - self.max_lead, side="left"))
        peak = float(R[j : int(np.searchsorted(t, core + self.sentence_window))].max(initial=R[j]))
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
        return min(core, self._first_word(times, float(t[k]), self.lead_window))


def _trigrams(term: str) -> list[str]:
    padded = f"^{term}$"
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


def split_sentences(text: str, stopwords: frozenset[str] = STOPWORDS) -> list[str]:
    """A summary's sentences (and list items), short ones merged with their neighbour."""
    text = _MD_LINK.sub(r"\1", text)  # markdown links -> their text
    text = re.sub(r"[`*_#>]", " ", text)
    parts = [c.strip() for p in _SENTENCE_END.split(text) if p for c in _CLAUSE_END.split(p) if c and c.strip()]
    merged: list[str] = []
    for p in parts:
        content = [w for w in words_of(p) if w not in stopwords]
        if merged and len(content) < 4:
            merged[-1] = merged[-1] + " " + p
        else:
            merged.append(p)
    if len(merged) > 1 and len([w for w in words_of(merged[0]) if w not in stopwords]) < 4:
        merged[1] = merged[0] + " " + merged[1]
        merged.pop(0)
    return merged


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


def _percentiles(values: np.ndarray, qs: tuple[float, ...]) -> list[np.ndarray]:
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


def _chain_search(gains: np.ndarray, t: np.ndarray, lam: float, mu: float):
    """The best ordered chain of clause hits ending at each place (dynamic programming).

    ``gains[c, i]`` is what clause ``c`` adds at window start ``t[i]``; moving forward in
    time costs ``lam`` per second between hits, going back ``mu``. Returns the places
    considered (indices into ``t``), each one's best chain value (-inf: none), the
    per-clause choices for ``_backtrack``, and where each chain begins and reaches; or
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


def _backtrack(choices: list[np.ndarray], i: int) -> list[tuple[int, int]]:
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
