"""Files on disk: read with errors that say what went wrong, written atomically, locked.

Every file ``quotes`` writes goes through ``atomic_write_text``:

- the text goes to a temporary file beside the real target, is flushed to disk, and is
  renamed over it, so readers see the old file or the new, never half of one;
- a symlink is written through: the file it points at is replaced (next to itself), the
  link stays;
- nothing that is not a regular file is ever replaced (a folder, a device such as
  /dev/full, a FIFO), and a file with several hard links is refused rather than split
  from its other names;
- an ``OSError`` becomes a ``FileError`` (a QuotesError naming the path) here and nowhere else.

Every file ``quotes`` reads whole goes through ``read_bytes``, whose ``FileError`` says why not
(no such file, a folder, the system's words); modules wrap it in their own error class.

``locked(path)`` holds a quotes file for a read-modify-write (``mark``, the studio's save):
another ``quotes`` changing it waits, then reads what the first wrote. ``Snapshot`` refuses a
write over a change made meanwhile, for a read-modify-write too long to hold the lock for
(``match``).
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

from .errors import CacheCorrupted, FileBusy, FileError, FileMissing, FileTooLarge

M = TypeVar("M")

__all__ = ["atomic_write_bytes", "atomic_write_text", "check_target", "locked", "read_bytes", "Snapshot", "reason", "what_is"]

# How long ``locked`` waits for another quotes to finish with a file (seconds).
LOCK_WAIT = 30.0


def reason(exc: OSError) -> str:
    """The system's words for ``exc``: ``No space left on device``."""
    return exc.strerror or str(exc)


def what_is(mode: int) -> str:
    """What a file of ``mode`` (``os.stat``'s ``st_mode``) is, for a message: ``a folder``."""
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a pipe (FIFO)"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "a file" if stat.S_ISREG(mode) else "not a file"


def read_bytes(path: str | os.PathLike, *, limit: int | None = None) -> bytes:
    """The bytes of the file at ``path`` (``limit`` at most); FileError saying why not:
    ``no such file``, ``a folder, not a file``, larger than ``limit``, or the system's words.

    A pipe is read (``quotes import /dev/stdin``, ``<(...)``); ``limit`` bounds what an endless
    one (``/dev/zero``) could make us hold.
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise FileError(path, "read", "a folder, not a file")
        with open(path, "rb") as handle:
            data = handle.read() if limit is None else handle.read(limit + 1)
    except FileError:
        raise
    except FileNotFoundError:
        raise FileMissing(path, "read", "no such file") from None
    except IsADirectoryError:
        raise FileError(path, "read", "a folder, not a file") from None
    except OSError as exc:
        raise FileError(path, "read", f"cannot be read ({reason(exc)})") from None
    if limit is not None and len(data) > limit:
        raise FileTooLarge(path, "read", f"larger than {limit:,} bytes, more than any file quotes reads")
    return data


def read_cached(path: str | os.PathLike, model: type[M]) -> M:
    """A cache file (JSON) read back as ``model`` (a pydantic model); CacheCorrupted says what is
    wrong when it cannot be: unreadable (FileMissing passes through), not UTF-8, not JSON, or
    not what ``model`` expects (the first field at fault)."""
    from pydantic import ValidationError  # (not for every command: only those reading the cache)

    try:
        data = json.loads(read_bytes(path).decode("utf-8"))
    except FileMissing:
        raise
    except FileError as exc:  # a folder or an unreadable file where a cache file belongs
        raise CacheCorrupted(str(path), f"cannot be read ({exc.why})") from None
    except UnicodeDecodeError as exc:
        raise CacheCorrupted(str(path), f"not UTF-8 text ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise CacheCorrupted(str(path), f"invalid JSON at line {exc.lineno}: {exc.msg.rstrip(': ')}") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "top level"
        raise CacheCorrupted(str(path), f"{where}: {err['msg']}") from None


def _blocker(folder: Path) -> Path | None:
    """The first of ``folder`` and its parents that exists but is not a folder."""
    for p in [folder, *folder.parents][::-1]:
        if p.exists() and not p.is_dir():
            return p
    return None


def check_target(path: str | os.PathLike) -> Path:
    """The file a write to ``path`` replaces: ``path``, or the file its symlink points at.
    FileError when that is no regular file (a folder, a device, a FIFO), has other hard
    links that replacing it would split from it, or sits under something that is no folder."""
    given = Path(path)
    try:
        target = Path(os.path.realpath(given)) if given.is_symlink() else given
        st = os.stat(target)
    except (FileNotFoundError, NotADirectoryError):
        try:
            blocker = _blocker(target.parent)
        except OSError:
            blocker = None
        if blocker is not None:
            raise FileError(given, "write", f"{blocker} is a file, not a folder") from None
        return target
    except OSError as exc:  # a name too long, a loop of symlinks, no permission
        raise FileError(given, "write", reason(exc)) from None
    if not stat.S_ISREG(st.st_mode):
        raise FileError(given, "write", f"it is {what_is(st.st_mode)}, not a file; name a file to write")
    if st.st_nlink > 1:
        raise FileError(
            given,
            "write",
            f"it has {st.st_nlink} hard links, and replacing it would split it from the others; "
            "write to another file, or copy it first so that it has one name",
        )
    return target


def atomic_write_text(path: str | os.PathLike, text: str, *, errors: str = "strict") -> None:
    """Write ``text`` to ``path`` as UTF-8, as ``atomic_write_bytes`` does. ``errors`` is the
    encoder's error handler: ``surrogateescape`` writes back the odd bytes of a file read that
    way."""
    atomic_write_bytes(path, text.encode("utf-8", errors))


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new, never half.

    The bytes go to a temporary file in the target's folder, are flushed to disk, then
    renamed over the target (through a symlink: the file it points at); on any failure the
    temporary file is removed and the target is untouched. An existing file keeps its
    permission bits. FileError (an OSError too) says what failed.
    """
    given = Path(path)
    target = check_target(given)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise FileError(given, "write", reason(exc)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, FileError):
            raise FileError(given, "write", reason(exc)) from None
        raise


@contextlib.contextmanager
def locked(path: str | os.PathLike, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the existing file at ``path`` (through a symlink: the file it points at) for a
    read-modify-write: every ``quotes`` that changes it takes this lock first, so the second
    of two waits and then reads what the first wrote. FileBusy after ``wait`` seconds.

    The lock is the file's own (``flock``); as the writer replaces the file, a waiter that
    gets the lock of a file since replaced takes the new one's instead. A missing file is
    not locked (reading it says it is missing)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no locks, writes stay atomic
        yield
        return
    real = Path(os.path.realpath(path))
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(real, os.O_RDONLY)
        except OSError:
            yield  # missing or unreadable: the read that follows says so
            return
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise FileBusy(path, "change", "another quotes command is changing it; try again") from None
                    time.sleep(0.05)
            try:
                same = os.fstat(fd).st_ino == os.stat(real).st_ino
            except FileNotFoundError:
                same = False
            if same:
                yield
                return
        finally:
            os.close(fd)


class Snapshot:
    """What the file at ``path`` holds now, to refuse a write over changes made since: ``before = Snapshot(path)``
    (``check``): for a read-modify-write too long to hold ``locked`` for (``match``)."""

    def __init__(self, path: str | os.PathLike):
        self.path = path
        self.data = self._read()

    def _read(self) -> bytes | None:
        try:
            with open(os.path.realpath(self.path), "rb") as handle:
                return handle.read()
        except OSError:
            return None

    def check(self) -> None:
        """FileBusy when the file changed since."""
        if self._read() != self.data:
            raise FileBusy(
                self.path, "change", "another command changed it meanwhile; nothing was written, run this again"
            )
