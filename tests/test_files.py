"""Tests of quotes.files: atomic writes (through symlinks, never over what is no regular
file), reading with clear errors, the lock and the snapshot of a read-modify-write."""

from __future__ import annotations

import os
import stat
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import quotes.files as files_module
from quotes.errors import FileBusy, FileError, FileMissing, FileTooLarge, QuotesError
from quotes.files import Snapshot, atomic_write_text, check_target, locked, read_bytes

# ---------------------------------------------------------------- atomic_write_text


def test_atomic_write_creates_dirs_and_file(tmp_path, leftovers):
    path = tmp_path / "a" / "b" / "out.txt"
    atomic_write_text(path, "héllo\nworld\r\n")
    assert path.read_bytes() == "héllo\nworld\r\n".encode()  # no newline translation
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert leftovers(path.parent) == []


def test_atomic_write_replace_fails_old_file_kept(tmp_path, monkeypatch, leftovers):
    path = tmp_path / "t.json"
    path.write_bytes(b'{"old": true}\n')

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(files_module.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_text(path, "new text")
    assert path.read_bytes() == b'{"old": true}\n'
    assert leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.json"]


def test_atomic_write_fails_mid_write_old_file_kept(tmp_path):
    path = tmp_path / "t.json"
    path.write_bytes(b"old bytes")
    # A lone surrogate cannot be encoded: the write raises after the temp file was opened.
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(path, "new start \udcff and more")
    assert path.read_bytes() == b"old bytes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.json"]


def test_atomic_write_interrupted(tmp_path, monkeypatch):
    path = tmp_path / "t.json"
    path.write_bytes(b"old bytes")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(files_module.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(path, "new")
    assert path.read_bytes() == b"old bytes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.json"]


def test_atomic_write_surrogateescape(tmp_path):
    path = tmp_path / "odd.md"
    raw = b"caf\xe9 ok\n"
    atomic_write_text(path, raw.decode("utf-8", errors="surrogateescape"), errors="surrogateescape")
    assert path.read_bytes() == raw


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_atomic_write_keeps_permissions(tmp_path):
    path = tmp_path / "script.sh"
    path.write_text("old")
    path.chmod(0o751)
    atomic_write_text(path, "new")
    assert path.read_text() == "new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o751


@settings(max_examples=50, deadline=None)
@given(text=st.text())
def test_atomic_write_gives_back_any_text(tmp_path_factory, text, leftovers):
    path = tmp_path_factory.mktemp("any") / "t.txt"
    atomic_write_text(path, text, errors="surrogatepass")
    assert path.read_bytes() == text.encode("utf-8", "surrogatepass")
    assert leftovers(path.parent) == []


# ---------------------------------------------------------------- what a write replaces


def test_a_symlink_is_written_through_and_kept(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("old")
    (tmp_path / "link.md").symlink_to(real)
    atomic_write_text(tmp_path / "link.md", "new")
    assert (tmp_path / "link.md").is_symlink()
    assert real.read_text() == "new"


def test_a_dangling_symlink_creates_the_file_it_names(tmp_path):
    (tmp_path / "link.md").symlink_to(tmp_path / "sub" / "real.md")
    atomic_write_text(tmp_path / "link.md", "new")
    assert (tmp_path / "sub" / "real.md").read_text() == "new"


@pytest.mark.parametrize("kind", ["folder", "fifo", "hard link", "under a file"])
def test_what_is_never_replaced(tmp_path, kind, leftovers):
    target = tmp_path / "t"
    if kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "hard link":
        target.write_text("keep")
        os.link(target, tmp_path / "other")
    else:
        target.write_text("keep")
        target = target / "x"
    with pytest.raises(FileError) as caught:
        atomic_write_text(target, "new")
    assert isinstance(caught.value, QuotesError) and isinstance(caught.value, OSError)
    assert str(caught.value).startswith(f"cannot write {target}: ")
    assert leftovers(tmp_path) == []


def test_check_target_gives_the_file_a_symlink_points_at(tmp_path):
    real = tmp_path / "real"
    real.write_text("x")
    (tmp_path / "link").symlink_to(real)
    assert check_target(tmp_path / "link") == real
    assert check_target(tmp_path / "new") == tmp_path / "new"


# ---------------------------------------------------------------- reading


def test_read_bytes_says_why_not(tmp_path):
    with pytest.raises(FileMissing, match=r": no such file$"):
        read_bytes(tmp_path / "nope")
    with pytest.raises(FileError, match=r": a folder, not a file$"):
        read_bytes(tmp_path)
    (tmp_path / "big").write_bytes(b"x" * 11)
    with pytest.raises(FileTooLarge, match="larger than 10 bytes"):
        read_bytes(tmp_path / "big", limit=10)
    assert read_bytes(tmp_path / "big", limit=11) == b"x" * 11


def test_read_bytes_reads_a_pipe(tmp_path):
    r, w = os.pipe()
    os.write(w, b"captions")
    os.close(w)
    assert read_bytes(f"/dev/fd/{r}") == b"captions"
    os.close(r)


# ---------------------------------------------------------------- the lock and the snapshot


def test_locked_makes_the_second_writer_wait_and_read_the_first_ones_file(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text("0")
    order = []

    def add(n):
        with locked(path):
            value = int(path.read_text())
            time.sleep(0.05)
            atomic_write_text(path, str(value + 1))  # (replaces the file: the next holder takes the new one)
            order.append(n)

    threads = [threading.Thread(target=add, args=(n,)) for n in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert path.read_text() == "5" and sorted(order) == list(range(5))


def test_locked_gives_up_after_its_wait(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text("x")
    with locked(path):
        done = []
        other = threading.Thread(target=lambda: done.append(_try_lock(path)))
        other.start()
        other.join()
    assert isinstance(done[0], FileBusy)
    assert str(done[0]) == f"cannot change {path}: another quotes command is changing it; try again"


def _try_lock(path):
    try:
        with locked(path, wait=0.2):
            return None
    except FileBusy as exc:
        return exc


def test_a_snapshot_refuses_a_change_made_since(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text("a")
    before = Snapshot(path)
    before.check()  # unchanged: fine
    path.write_text("b")
    with pytest.raises(FileBusy, match="changed it meanwhile"):
        before.check()
