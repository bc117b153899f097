"""Search across the library: which cached videos say a text, and where.

The catalogue's full-text index (SQLite FTS5, see ``catalogue``) ranks the cached transcripts
by the text's words; the locate engine then places the text precisely in each of the best few
(``videos``), one transcript in memory at a time. Places from different videos are compared by
their confidence: how far each stands above the rest of its own video.

    >>> from quotes.library import LibraryMatch
    >>> LibraryMatch.__dataclass_fields__.keys() >= {"video_id", "title", "match"}
    True
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from .catalogue import Catalogue
from .indexcache import IndexCache
from .locate import Locator, Match
from .store import TranscriptStore
from .words import content_words

__all__ = ["LibraryMatch", "LibrarySearch", "search_library", "CANDIDATE_VIDEOS"]

#: How many of the videos the full-text index ranks best the engine places the text in.
CANDIDATE_VIDEOS = 5


@dataclass(frozen=True)
class LibraryMatch:
    """One place in one cached video: the engine's ``match`` and the video it is in."""

    video_id: str
    language_code: str
    title: str | None
    match: Match

    def to_dict(self) -> dict:
        return {
            "video_id": self.video_id,
            "language_code": self.language_code,
            "title": self.title,
            **self.match.to_dict(),
        }


@dataclass
class LibrarySearch:
    """What a search across the library found: the places, best first, how many videos the
    engine looked in (``searched``) out of how many are cached (``cached``), and the
    catalogue's notes (rebuilt, no full-text index)."""

    matches: list[LibraryMatch]
    searched: int
    cached: int
    notes: list[str] = field(default_factory=list)


def search_library(
    text: str,
    store: TranscriptStore | str | os.PathLike | None = None,
    top: int = 5,
    *,
    title: str | None = None,
    languages: list[str] | None = None,
    videos: int = CANDIDATE_VIDEOS,
) -> LibrarySearch:
    """The best places across the cached videos where ``text`` is said, best first.

    ``store`` is a TranscriptStore or a transcript folder (default: the usual one).
    ``languages``: only transcripts in these languages (codes, or their regional variants).
    ``videos``: in how many of the videos whose words match best (full-text rank) the
    engine places the text; each gives its best place and, up to ``top``, its other confident
    ones. Confident places come first, then by confidence.
    """
    if not isinstance(store, TranscriptStore):
        store = TranscriptStore(store)
    if not store.directory.is_dir():
        return LibrarySearch([], 0, 0)
    catalogue = store.catalogue()
    try:
        entries = _candidates(catalogue, text, languages, videos)
        cached = catalogue.count()
    finally:
        catalogue.close()
    found: list[LibraryMatch] = []
    indexes = IndexCache(store.directory)  # saved indexes: loaded in milliseconds, not built
    for entry in entries:  # one at a time, each let go after
        source = store.directory / entry.name
        # A fresh saved index needs no transcript read; else it is read and indexed (and saved).
        index = indexes.of_file(source, entry.language_code, lambda: store.read(source))
        for k, m in enumerate(Locator(index).locate(text, top=top, title=title)):
            if k and not m.confident:
                break  # a video's runners-up only where they are confident too
            found.append(LibraryMatch(entry.video_id, entry.language_code, entry.title, m))
        del index
    found.sort(key=lambda f: (not f.match.confident, -f.match.confidence, -f.match.score, f.video_id, f.match.start))
    return LibrarySearch(found[:top], len(entries), cached, list(dict.fromkeys(catalogue.notes + indexes.notes)))


def _candidates(catalogue: Catalogue, text: str, languages: list[str] | None, videos: int):
    """The catalogue's best-ranked readable transcripts for ``text``: one per video (the first
    wanted language it is cached in, else its best-ranked), at most ``videos``."""
    words = content_words(text)
    ranked = catalogue.candidates(words, limit=max(videos * 4, 50))
    wanted = [code.lower() for code in languages or []]

    def rank(entry) -> int:
        code = (entry.language_code or "").lower()
        for k, want in enumerate(wanted):
            if code == want or ("-" not in want and code.split("-")[0] == want):
                return k
        return len(wanted)

    best: dict[str, object] = {}
    for entry in ranked:
        if wanted and rank(entry) == len(wanted):
            continue
        held = best.get(entry.video_id)
        if held is None or rank(entry) < rank(held):
            best[entry.video_id] = entry
    chosen = list(best.values())
    return chosen[:videos] if catalogue.fts else chosen  # without FTS5 nothing tells which to skip
