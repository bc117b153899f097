"""Files on disk: written atomically, read with errors that say what went wrong.

Every file ``quotes`` writes goes through ``atomic_write_text``; an ``OSError`` becomes a
QuotesError (with the path and the system's reason) in ``os_error`` and nowhere else.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write_text", "reason"]


def reason(exc: OSError) -> str:
    """The system's words for ``exc``: ``No space left on device``."""
    return exc.strerror or str(exc)


def atomic_write_text(path: str | os.PathLike, text: str, *, errors: str = "strict") -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new, never half.

    The text goes to a temporary file in the same directory, is flushed to disk, then
    renamed over ``path``; on any failure the temporary file is removed and ``path`` is
    untouched. An existing file keeps its permission bits. ``errors`` is the encoder's
    error handler: ``surrogateescape`` writes back the odd bytes of a file read that way.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors=errors, newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
