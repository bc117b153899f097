"""The transcript cache: ``<dir>/<video_id>.<lang>.json``, written atomically.

The directory comes from ``--transcripts DIR``, else ``$QUOTES_TRANSCRIPTS``, else
``./transcripts``.
"""

from __future__ import annotations

import os
from pathlib import Path

from .catalogue import Catalogue, is_transcript_name
from .errors import AlreadyCached, CacheCorrupted, FileMissing, QuotesError, StoreError, TranscriptNotCached
from .files import atomic_write_text, read_cached, reason  # (atomic_write_text re-exported: it lived here)
from .timecode import format_timecode
from .transcript import Transcript

__all__ = ["TranscriptStore", "atomic_write_text", "default_directory", "language_tag"]


def language_tag(code: str) -> str:
    """A language code as BCP 47 writes it, so that one language is one cache entry:
    ``EN`` -> ``en``, ``en_us`` -> ``en-US``, ``zh_hans`` -> ``zh-Hans``.

    >>> [language_tag(c) for c in ("EN", "en_US", "en-us", "pt-br", "zh-hant-tw", "es-419")]
    ['en', 'en-US', 'en-US', 'pt-BR', 'zh-Hant-TW', 'es-419']
    """
    first, *rest = code.strip().replace("_", "-").split("-")
    out = [first.lower()]
    for sub in rest:
        if len(sub) == 4 and sub.isalpha():
            out.append(sub.title())  # a script: Hans, Latn
        elif (len(sub) == 2 and sub.isalpha()) or (len(sub) == 3 and sub.isdigit()):
            out.append(sub.upper())  # a region: US, BR, 419
        else:
            out.append(sub.lower())
    return "-".join(out)


def default_directory() -> Path:
    """Where transcripts are cached unless told otherwise."""
    return Path(os.environ.get("QUOTES_TRANSCRIPTS") or "transcripts")


class TranscriptStore:
    """Cached transcripts in one directory."""

    def __init__(self, directory: str | os.PathLike | None = None):
        self.directory = Path(directory) if directory is not None else default_directory()

    def has_folder(self) -> bool:
        """Whether the cache folder exists; StoreError when a file stands where it belongs."""
        try:
            self.directory.stat()
        except (FileNotFoundError, NotADirectoryError):
            pass  # (a file in the way: said below)
        except OSError as exc:  # a name too long, a loop of symlinks, no permission
            raise StoreError(f"{self.directory}: {reason(exc)}; give --transcripts a folder") from None
        if self.directory.is_dir():
            return True
        blocker = next((p for p in [self.directory, *self.directory.parents] if p.exists()), None)
        if blocker is not None and not blocker.is_dir():
            raise StoreError(f"{blocker} is a file, not a folder of transcripts: give --transcripts a folder")
        return False

    def path_for(self, video_id: str, language_code: str) -> Path:
        return self.directory / f"{video_id}.{language_code}.json"

    def save(self, transcript: Transcript, *, replace: bool = True) -> Path:
        """Store ``transcript``, replacing any cached one of that video and language; without
        ``replace``, AlreadyCached says what is cached instead."""
        self.has_folder()
        tag = language_tag(transcript.language_code)
        if tag != transcript.language_code:
            transcript = transcript.model_copy(update={"language_code": tag})
        path = self.path_for(transcript.video_id, tag)
        if not replace and (cached := self.find(transcript.video_id, [tag])) is not None and language_tag(
            cached.language_code
        ) == tag:
            raise AlreadyCached(
                cached, str(self.path_for(cached.video_id, cached.language_code)), format_timecode(cached.end)
            )
        text = transcript.model_dump_json(indent=1) + "\n"
        atomic_write_text(path, text)
        # The one place the catalogue learns of a new file (fetch, import, ... all save here).
        Catalogue(self.directory, self.read).record(path, transcript, text.encode("utf-8"))
        return path

    def catalogue(self) -> Catalogue:
        """The folder's catalogue (``library.sqlite``): one row per cache file and a full-text
        index of their words, brought up to date with the files when first read."""
        return Catalogue(self.directory, self.read)

    def read(self, path: str | os.PathLike) -> Transcript:
        """Read one cache file; CacheCorrupted when it cannot be read back."""
        path = Path(path)
        try:
            return read_cached(path, Transcript)
        except FileMissing as exc:
            raise CacheCorrupted(str(path), f"cannot be read ({exc.why})") from None

    def languages(self, video_id: str) -> list[str]:
        """Language codes cached for ``video_id``."""
        if not self.has_folder():
            return []
        prefix = f"{video_id}."
        return sorted(
            p.name[len(prefix) : -len(".json")]
            for p in self.directory.glob(f"{video_id}.*.json")
            if p.name.startswith(prefix) and is_transcript_name(p.name)
        )

    def find(self, video_id: str, languages: list[str] | None = None) -> Transcript | None:
        """The cached transcript in the first of ``languages`` that is cached, or None.

        A code also finds its regional variants (``pt`` finds ``pt-BR``) when it is not cached
        itself. Without ``languages``: English (or a variant) if cached, else the first cached.
        """
        path = self.find_path(video_id, languages)
        return None if path is None else self.read(path)

    def find_path(self, video_id: str, languages: list[str] | None = None) -> Path | None:
        """The cache file ``find`` reads (None when nothing fits), without reading it."""
        cached = self.languages(video_id)
        if not cached:
            return None

        def cached_as(code: str) -> str | None:
            tag = language_tag(code)  # (en_US, EN-us: tags ignore case and the separator)
            exact = next((c for c in cached if language_tag(c) == tag), None)
            if exact or "-" in tag:
                return exact
            return next((c for c in cached if language_tag(c).split("-")[0] == tag), None)

        if languages:
            wanted = [found for c in languages if (found := cached_as(c))]
            if not wanted:
                return None
            code = wanted[0]
        else:
            code = cached_as("en") or cached[0]
        return self.path_for(video_id, code)

    def load(self, video_id: str, languages: list[str] | None = None) -> Transcript:
        """Like ``find`` but raise TranscriptNotCached when nothing is cached."""
        found = self.find(video_id, languages)
        if found is None:
            raise TranscriptNotCached(video_id, str(self.directory), languages)
        return found

    def list(self) -> list[Transcript]:
        """Every cached transcript, sorted by video id and language (raises on a damaged one;
        ``scan`` lists the others and says which are damaged)."""
        found, damaged = self.scan()
        if damaged:
            raise damaged[0]
        return found

    def scan(self) -> tuple[list[Transcript], list[QuotesError]]:
        """Every readable cached transcript, and the error of each file that cannot be read."""
        if not self.has_folder():
            return [], []
        found, damaged = [], []
        for path in sorted(self.directory.glob("*.json")):
            if not is_transcript_name(path.name):  # a video's facts (quotes.videoinfo), say
                continue
            try:
                found.append(self.read(path))
            except QuotesError as exc:
                damaged.append(exc)
        return found, damaged
