"""The catalogue of the transcript cache: one SQLite database beside the cached files.

``<transcripts>/library.sqlite`` holds one row per cache file (video, language, kind, title,
length, caption count, content hash, and the file's size and modification time) and, where this
Python's SQLite has FTS5, a full-text index of the transcripts' words. It answers ``quotes
transcripts`` without reading every transcript, and finds the videos that may say a text before
the locate engine places it in each.

The cache files are the truth; the catalogue is a summary that can always be rebuilt from them:

- a file whose size or modification time differs from its row (or that has no row) is read
  again, a row whose file is gone is dropped (``sync``);
- a database that is missing, of another schema, or damaged (SQLite cannot read it) is never
  trusted: it is rebuilt from the files, into a temporary file renamed into place, and a note
  says so (``notes``);
- where the folder cannot be written, the catalogue lives in memory for the run.

Only the standard library's ``sqlite3``; no I/O besides the database and the files it lists.
"""

from __future__ import annotations

import functools
import hashlib
import html
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .transcript import Transcript

__all__ = ["Catalogue", "Entry", "CATALOGUE_NAME", "has_fts5", "fts_query", "is_transcript_name"]

#: The database's file name in the transcript folder.
CATALOGUE_NAME = "library.sqlite"
#: Bumped whenever the tables change: a database of another version is rebuilt.
SCHEMA_VERSION = 2

_TABLES = """
CREATE TABLE transcripts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,      -- the cache file's name in the folder
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT,                    -- of the file's bytes
    problem TEXT,                   -- why the file cannot be read; NULL when it can
    video_id TEXT,
    language_code TEXT,
    is_generated INTEGER,
    translated_from TEXT,
    source TEXT,
    title TEXT,
    duration REAL,                  -- the video's length (Transcript.end)
    captions INTEGER
);
"""
# Full detail: with column or no detail, FTS5 re-reads every matching document to rank it (bm25), 200x slower.
_FTS = "CREATE VIRTUAL TABLE words USING fts5(text, tokenize='porter unicode61 remove_diacritics 2', detail=full)"

_FIELDS = (
    "name", "size", "mtime_ns", "sha256", "problem", "video_id", "language_code", "is_generated",
    "translated_from", "source", "title", "duration", "captions",
)


def is_transcript_name(name: str) -> bool:
    """Whether a file of the cache folder holds a transcript (``<id>.<lang>.json``), as the store
    sees it: not a hidden or temporary file, nor a video's facts (``<id>.info.json``, videoinfo).

    >>> [is_transcript_name(n) for n in ("ab.en.json", "ab.info.json", ".ab.en.json.x.tmp", "library.sqlite")]
    [True, False, False, False]
    """
    return name.endswith(".json") and not name.startswith(".") and not name.endswith(".info.json")


@functools.lru_cache(maxsize=None)
def has_fts5() -> bool:
    """Whether this Python's SQLite can build full-text indexes (FTS5)."""
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    except sqlite3.Error:
        return False
    return True


@dataclass(frozen=True)
class Entry:
    """One cache file as the catalogue knows it; ``problem`` says why it cannot be read."""

    name: str
    sha256: str | None
    problem: str | None
    video_id: str | None
    language_code: str | None
    is_generated: bool
    translated_from: str | None
    source: str | None
    title: str | None
    duration: float
    captions: int


_WORD = re.compile(r"\w+")


def fts_query(words: Iterable[str]) -> str:
    """An FTS5 query matching any of ``words`` (each quoted, so no word is read as an operator).

    >>> fts_query(["curly", "braces", "NOT"])
    '"curly" OR "braces" OR "NOT"'
    """
    seen: dict[str, None] = {}
    for word in words:
        for part in _WORD.findall(word):
            seen.setdefault(part, None)
    return " OR ".join(f'"{w}"' for w in seen)


def _text_of(transcript: Transcript) -> str:
    """What the full-text index holds of a transcript: its caption text, entities decoded.

    Not cleaned word by word as the engine reads it (``clean_text`` costs a tenth of a second
    for a long video): the index only picks candidate videos, and the odd ``[Music]`` or speaker
    name it keeps changes no ranking that matters.
    """
    return html.unescape(" ".join(s.text for s in transcript.segments))


class Catalogue:
    """The catalogue database of one transcript folder.

    ``read`` reads one cache file into a Transcript or raises a QuotesError (the store's
    reader); it is called only for files the catalogue does not know as they are now.
    """

    def __init__(self, directory: str | os.PathLike, read: Callable[[Path], Transcript]):
        self.directory = Path(directory)
        self.path = self.directory / CATALOGUE_NAME
        self._read = read
        self.fts = has_fts5()
        #: What a user should know: the catalogue was rebuilt, or has no full-text index.
        self.notes: list[str] = []
        self._db: sqlite3.Connection | None = None

    # ------------------------------------------------------------------ opening
    def connect(self) -> sqlite3.Connection:
        """The open database, checked; rebuilt (with a note) when missing, of another schema or damaged."""
        if self._db is not None:
            return self._db
        if not self.fts:
            self.notes.append("this Python's SQLite has no FTS5: every cached video is searched, none is skipped")
        why = self._unusable()
        if why is None:
            self._db = self._open(self.path)
        else:
            if why != "missing":
                self.notes.append(f"the catalogue {self.path} was {why}; rebuilt from the cached transcripts")
            self._db = self._rebuild()
        return self._db

    def _open(self, path) -> sqlite3.Connection:
        db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        db.execute("PRAGMA synchronous=NORMAL")
        return db

    def _unusable(self) -> str | None:
        """Why the database on disk cannot be used as it is (None when it can)."""
        if not self.path.exists():
            return "missing"
        if not self.path.is_file():
            return "not a file"
        try:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
            try:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version != SCHEMA_VERSION:
                    return f"of another version ({version}, not {SCHEMA_VERSION})"
                columns = [row[1] for row in db.execute("PRAGMA table_info(transcripts)")]
                if tuple(c for c in columns if c != "id") != _FIELDS:
                    return "not a quotes catalogue"
                db.execute("SELECT count(*), sum(size) FROM transcripts").fetchone()
                if self.fts:
                    db.execute("SELECT count(*) FROM words").fetchone()
            finally:
                db.close()
        except sqlite3.DatabaseError as exc:
            return f"damaged ({exc})"
        return None

    def _rebuild(self) -> sqlite3.Connection:
        """A fresh database filled from the cache files: built in a temporary file beside the
        old one and renamed over it; in memory when the folder cannot be written."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{CATALOGUE_NAME}.", suffix=".tmp", dir=self.directory)
            os.close(fd)
            os.chmod(tmp, 0o644)  # as the cache files are
        except OSError as exc:
            self.notes.append(f"cannot write the catalogue in {self.directory} ({exc.strerror}); kept in memory")
            db = self._open(":memory:")
            self._create(db)
            self._sync(db)
            return db
        try:
            db = self._open(tmp)
            self._create(db)
            self._sync(db)
            db.close()
            if self.path.is_symlink() or not self.path.exists() or self.path.is_file():
                os.replace(tmp, self.path)
                for extra in ("-journal", "-wal", "-shm"):  # a damaged database's leftovers
                    Path(f"{self.path}{extra}").unlink(missing_ok=True)
                return self._open(self.path)
            self.notes.append(f"{self.path} is not a file; the catalogue is kept in memory")
            Path(tmp).unlink(missing_ok=True)
            db = self._open(":memory:")
            self._create(db)
            self._sync(db)
            return db
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _create(self, db: sqlite3.Connection) -> None:
        db.executescript(_TABLES)
        if self.fts:
            db.execute(_FTS)
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    # ------------------------------------------------------------------ keeping up to date
    def sync(self) -> None:
        """Bring the catalogue up to date with the files in the folder."""
        try:
            self._sync(self.connect())
        except sqlite3.DatabaseError as exc:  # damaged past what opening checks
            self._recover(exc)

    def _recover(self, exc: sqlite3.DatabaseError) -> None:
        self.notes.append(f"the catalogue {self.path} was damaged ({exc}); rebuilt from the cached transcripts")
        self.close()
        self._db = self._rebuild()

    def _files(self) -> dict[str, tuple[int, int]]:
        """Each cache file's name, size and modification time (as ``TranscriptStore.scan`` sees them)."""
        found = {}
        try:
            entries = list(os.scandir(self.directory))
        except OSError:
            return {}
        for entry in entries:
            if is_transcript_name(entry.name):
                try:
                    st = entry.stat()
                except OSError:
                    continue
                found[entry.name] = (st.st_size, st.st_mtime_ns)
        return found

    def _sync(self, db: sqlite3.Connection) -> None:
        files = self._files()
        known = {name: (size, mtime) for name, size, mtime in db.execute("SELECT name, size, mtime_ns FROM transcripts")}
        gone = [name for name in known if name not in files]
        changed = [name for name, stamp in files.items() if known.get(name) != stamp]
        if not gone and not changed:
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            for name in gone:
                self._forget(db, name)
            for name in sorted(changed):
                self._record_file(db, name)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _record_file(self, db: sqlite3.Connection, name: str) -> None:
        from .errors import QuotesError

        path = self.directory / name
        try:
            st = path.stat()
            data = path.read_bytes() if path.is_file() else b""
        except OSError:
            st, data = None, b""
        stamp = (st.st_size, st.st_mtime_ns) if st else (0, 0)
        try:
            # pydantic's own JSON reader: twice as fast as the store's, and never more lenient
            # (a file it refuses is read by the store's reader, whose error says why).
            transcript = Transcript.model_validate_json(data)
        except ValueError:
            try:
                transcript = self._read(path)
            except QuotesError as exc:
                self._write_row(db, name, stamp, None, getattr(exc, "why", str(exc)), None)
                return
        self._write_row(db, name, stamp, hashlib.sha256(data).hexdigest(), None, transcript)

    def record(self, path: Path, transcript: Transcript, data: bytes) -> None:
        """Note a cache file just written (``data`` is what it holds). Only when the catalogue
        exists and is sound: a missing or damaged one is rebuilt from the files when next read. Never fails the write:
        a catalogue that cannot be updated is seen as stale next time and brought up to date."""
        if self._unusable() is not None:  # missing or damaged: rebuilt, with a note, when next read
            return
        try:
            db = self._db = self._open(self.path)
            st = path.stat()
            db.execute("BEGIN IMMEDIATE")
            try:
                self._write_row(db, path.name, (st.st_size, st.st_mtime_ns), hashlib.sha256(data).hexdigest(), None, transcript)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except (sqlite3.Error, OSError):
            pass
        finally:
            self.close()

    def _forget(self, db: sqlite3.Connection, name: str) -> None:
        row = db.execute("SELECT id FROM transcripts WHERE name = ?", (name,)).fetchone()
        if row is None:
            return
        db.execute("DELETE FROM transcripts WHERE id = ?", row)
        if self.fts:
            db.execute("DELETE FROM words WHERE rowid = ?", row)

    def _write_row(self, db, name, stamp, sha256, problem, transcript: Transcript | None) -> None:
        self._forget(db, name)
        t = transcript
        values = (
            name, stamp[0], stamp[1], sha256, problem,
            t.video_id if t else None, t.language_code if t else None, int(t.is_generated) if t else 0,
            t.translated_from if t else None, t.source if t else None, t.title if t else None,
            t.end if t else 0.0, len(t.segments) if t else 0,
        )
        cur = db.execute(
            f"INSERT INTO transcripts ({', '.join(_FIELDS)}) VALUES ({', '.join('?' * len(_FIELDS))})", values
        )
        if self.fts and t is not None:
            db.execute("INSERT INTO words (rowid, text) VALUES (?, ?)", (cur.lastrowid, _text_of(t)))

    # ------------------------------------------------------------------ reading
    def entries(self) -> list[Entry]:
        """Every cache file, in file-name order (readable or not), after bringing the catalogue up to date."""
        self.sync()
        try:
            return self._entries(self.connect(), "")
        except sqlite3.DatabaseError as exc:
            self._recover(exc)
            return self._entries(self.connect(), "")

    def _entries(self, db: sqlite3.Connection, where: str, args: tuple = ()) -> list[Entry]:
        rows = db.execute(
            f"SELECT name, sha256, problem, video_id, language_code, is_generated, translated_from, source, "
            f"title, duration, captions FROM transcripts {where} ORDER BY name",
            args,
        ).fetchall()
        return [Entry(*row[:5], bool(row[5]), *row[6:]) for row in rows]

    def candidates(self, words: Iterable[str], limit: int) -> list[Entry]:
        """The readable transcripts most likely to say ``words``, best first (FTS5's bm25 rank);
        without FTS5, every readable transcript."""
        self.sync()
        query = fts_query(words)
        try:
            return self._candidates(self.connect(), query, limit)
        except sqlite3.DatabaseError as exc:
            self._recover(exc)
            return self._candidates(self.connect(), query, limit)

    def _candidates(self, db: sqlite3.Connection, query: str, limit: int) -> list[Entry]:
        if not self.fts:
            return self._entries(db, "WHERE problem IS NULL")
        if not query:
            return []
        ids = [row[0] for row in db.execute(
            "SELECT rowid FROM words WHERE words MATCH ? ORDER BY bm25(words) LIMIT ?", (query, limit)
        )]
        if not ids:
            return []
        order = {i: k for k, i in enumerate(ids)}
        marks = ", ".join("?" * len(ids))
        rows = db.execute(
            f"SELECT id, name, sha256, problem, video_id, language_code, is_generated, translated_from, "
            f"source, title, duration, captions FROM transcripts WHERE id IN ({marks}) AND problem IS NULL",
            ids,
        ).fetchall()
        rows.sort(key=lambda row: order[row[0]])
        return [Entry(*row[1:6], bool(row[6]), *row[7:]) for row in rows]

    def count(self) -> int:
        """How many videos have a readable cached transcript (as of the last ``sync``)."""
        try:
            return self.connect().execute(
                "SELECT count(DISTINCT video_id) FROM transcripts WHERE problem IS NULL"
            ).fetchone()[0]
        except sqlite3.DatabaseError as exc:
            self._recover(exc)
            return self.connect().execute(
                "SELECT count(DISTINCT video_id) FROM transcripts WHERE problem IS NULL"
            ).fetchone()[0]

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
