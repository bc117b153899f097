"""Writing where it cannot, standard output that fails, symlinks, hard links, devices, locks:
one `Error:` line and exit 1, never a traceback, never a lost edit."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from quotes.cli import cli

VID = "tEsTvIdeo01"
SRT = "1\n00:00:01,000 --> 00:00:04,000\nHello there.\n\n2\n00:00:05,000 --> 00:00:09,000\nGeneral Kenobi.\n"


def run(runner, *args):
    return runner.invoke(cli, [str(a) for a in args])


def only_error(result, message: str) -> None:
    """Exit 1, and the output is that one Error: line (no traceback)."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.output.splitlines()[-1] == f"Error: {message}"
    assert sum(line.startswith("Error:") for line in result.output.splitlines()) == 1


@pytest.fixture
def read_only(monkeypatch):
    """Folders that refuse new files, as a read-only folder does (tests run as root, which
    may write anywhere): creating the temporary file of an atomic write fails."""

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)


@pytest.fixture
def srt(tmp_path) -> Path:
    path = tmp_path / "talk.srt"
    path.write_text(SRT)
    return path


# ---------------------------------------------------------------- --transcripts that cannot hold files


def test_transcripts_read_only(runner, srt, tmp_path, read_only):
    result = run(runner, "import", srt, "--video", VID, "--transcripts", tmp_path / "tr")
    only_error(result, f"cannot write {tmp_path / 'tr' / (VID + '.en.json')}: Permission denied.")


@pytest.mark.parametrize("where", ["afile", "afile/sub"])
def test_transcripts_is_or_is_under_a_file(runner, srt, tmp_path, where):
    (tmp_path / "afile").write_text("x")
    for args in (["import", srt, "--video", VID], ["quote", VID, "0:01", "--no-fetch"], ["transcripts"]):
        result = run(runner, *args, "--transcripts", tmp_path / where)
        only_error(result, f"{tmp_path / 'afile'} is a file, not a folder of transcripts: give --transcripts a folder.")


# ---------------------------------------------------------------- -o where it cannot write


def outputs(store, qfile, srt, tmp_path):
    """Each command that writes -o, with the arguments before it."""
    page = tmp_path / "page.md"
    page.write_text(f"## Heat\n\nThe oven holds heat all day.\n\n[0:10](https://youtu.be/{VID}?t=10)\n")
    return {
        "render": ["render", qfile, "--transcripts", store],
        "export": ["export", VID, "--transcripts", store],
        "new": ["new", VID, "--no-fetch", "--force"],
        "import-doc": ["import-doc", page, "--force"],
    }


@pytest.mark.parametrize("command", ["render", "export", "new", "import-doc"])
def test_output_into_read_only_folder(runner, store, qfile, srt, tmp_path, command, monkeypatch):
    args = outputs(store, qfile, srt, tmp_path)[command]

    def refuse(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out = tmp_path / "ro" / "out.md"
    (tmp_path / "ro").mkdir()
    result = run(runner, *args, "-o", out)
    only_error(result, f"cannot write {out}: Permission denied.")


@pytest.mark.parametrize("command", ["render", "export", "new", "import-doc"])
def test_output_under_a_file(runner, store, qfile, srt, tmp_path, command):
    args = outputs(store, qfile, srt, tmp_path)[command]
    (tmp_path / "afile").write_text("keep")
    result = run(runner, *args, "-o", tmp_path / "afile" / "out.md")
    only_error(result, f"cannot write {tmp_path / 'afile' / 'out.md'}: {tmp_path / 'afile'} is a file, not a folder.")
    assert (tmp_path / "afile").read_text() == "keep"


@pytest.mark.parametrize("command", ["render", "export", "new", "import-doc"])
def test_output_naming_a_folder(runner, store, qfile, srt, tmp_path, command):
    args = outputs(store, qfile, srt, tmp_path)[command]
    (tmp_path / "folder").mkdir()
    result = run(runner, *args, "-o", tmp_path / "folder")
    only_error(result, f"cannot write {tmp_path / 'folder'}: it is a folder, not a file; name a file to write.")


def test_render_when_output_is_a_file(runner, store, qfile, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "output").write_text("mine")
    result = run(runner, "render", qfile, "--transcripts", store)
    only_error(result, "cannot write output/talk.md: output is a file, not a folder.")
    assert (tmp_path / "output").read_text() == "mine"


@pytest.mark.parametrize("kind", ["device", "fifo"])
@pytest.mark.parametrize("command", ["render", "export"])
def test_output_onto_a_device_or_fifo_is_refused_and_kept(runner, store, qfile, srt, tmp_path, command, kind):
    # (Our own node, never the real /dev/full: code without this fix replaces it with a file.)
    node = tmp_path / kind
    if kind == "fifo":
        os.mkfifo(node)
    else:
        try:
            os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # what /dev/full is
        except PermissionError:
            pytest.skip("cannot make a device node here")
    args = outputs(store, qfile, srt, tmp_path)[command]
    result = run(runner, *args, "-o", node)
    what = "a device" if kind == "device" else "a pipe (FIFO)"
    only_error(result, f"cannot write {node}: it is {what}, not a file; name a file to write.")
    assert node.is_char_device() if kind == "device" else node.is_fifo()


@pytest.mark.parametrize("command", ["mark", "match"])
def test_read_only_quotes_file(runner, store, qfile, tmp_path, command, monkeypatch, read_only):
    before = qfile.read_text()
    args = ["mark", qfile, "0:10", "--title", "T"] if command == "mark" else ["match", qfile]
    monkeypatch.setattr("quotes.sections.Locator", _Found)
    result = run(runner, *args, "--transcripts", store, "--no-fetch")
    only_error(result, f"cannot write {qfile}: Permission denied.")
    assert qfile.read_text() == before


class _Found:
    """Every summary is said, confidently, at 1:40."""

    def __init__(self, transcript):
        pass

    def locate(self, text, top=5, title=None, after=None, before=None):
        from quotes.locate import Match

        if after is not None and after > 100:
            return []
        return [Match(start=100, end=120, core_start=100, lead_in=100, score=0.9, confidence=0.9, confident=True,
                      text="", url="")]

    def lead_floor(self, core, reach):
        return float("-inf")

    def turn_end(self, core):
        return float("-inf")


# ---------------------------------------------------------------- symlinks and hard links


def test_output_onto_a_symlink_writes_the_real_file(runner, store, qfile, tmp_path):
    real = tmp_path / "real" / "page.md"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    result = run(runner, "render", qfile, "--transcripts", store, "-o", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text().startswith("### Heat")
    assert sorted(p.name for p in real.parent.iterdir()) == ["page.md"]  # no temporary file left


def test_mark_on_a_symlinked_quotes_file_changes_the_real_file(runner, store, qfile, tmp_path):
    link = tmp_path / "link.yaml"
    link.symlink_to(qfile)
    result = run(runner, "mark", link, "0:10", "--title", "Later", "--transcripts", store, "--no-fetch")
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert "title: Later" in qfile.read_text()


def test_verify_fix_on_a_symlinked_page_fixes_the_real_file(runner, store, tmp_path):
    real = tmp_path / "real.md"
    real.write_text(f"See [1:00](https://www.youtube.com/watch?v={VID}?t=60).\n")
    link = tmp_path / "notes.md"
    link.symlink_to(real)
    result = run(runner, "verify", link, "--fix", "--no-fetch", "--transcripts", store)
    assert "malformed-url" in result.output
    assert link.is_symlink()
    assert real.read_text() == f"See [1:00](https://www.youtube.com/watch?v={VID}&t=60).\n"


def test_a_file_with_hard_links_is_refused_not_split(runner, store, qfile, tmp_path):
    out = tmp_path / "page.md"
    out.write_text("old")
    os.link(out, tmp_path / "other-name.md")
    result = run(runner, "render", qfile, "--transcripts", store, "-o", out)
    only_error(
        result,
        f"cannot write {out}: it has 2 hard links, and replacing it would split it from the others; "
        "write to another file, or copy it first so that it has one name.",
    )
    assert (tmp_path / "other-name.md").read_text() == "old"


# ---------------------------------------------------------------- standard output that fails


def quotes(*args, stdout, cwd):
    return subprocess.run(
        [sys.executable, "-m", "quotes", *map(str, args)], stdout=stdout, stderr=subprocess.PIPE, cwd=cwd, text=True
    )


@pytest.mark.parametrize(
    "args",
    [
        ["export", VID],
        ["quote", VID, "0:10", "--no-fetch"],
        ["render", "QFILE", "-o", "-"],
        ["verify", "page.md", "--no-fetch"],
    ],
    ids=["export", "quote", "render", "verify"],
)
def test_standard_output_that_fails(store, qfile, tmp_path, args):
    (tmp_path / "page.md").write_text(f"[0:10](https://youtu.be/{VID}?t=10)\n")
    args = [str(qfile) if a == "QFILE" else a for a in args]
    with open("/dev/full", "w") as full:
        done = quotes(*args, "--transcripts", store, stdout=full, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == "Error: cannot write to standard output: No space left on device.\n"


# ---------------------------------------------------------------- several writers at once


def test_marks_at_once_keep_every_section(store, qfile, tmp_path):
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "quotes", "mark", str(qfile), f"{n}:00", "--title", f"Section {n}",
             "--transcripts", str(store), "--no-fetch"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for n in range(1, 7)
    ]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
    assert [rc for _, _, rc in results] == [0] * 6, results
    text = qfile.read_text()
    assert all(f"title: Section {n}" in text for n in range(1, 7)), text


def test_match_refuses_to_write_over_a_change_made_meanwhile(runner, store, qfile, monkeypatch):
    import quotes.cli

    real_cached = quotes.cli._cached

    def cached_then_someone_edits(*args, **kwargs):
        found = real_cached(*args, **kwargs)
        qfile.write_text(qfile.read_text() + "  - title: Added meanwhile\n")
        return found

    monkeypatch.setattr(quotes.cli, "_cached", cached_then_someone_edits)
    monkeypatch.setattr("quotes.sections.Locator", _Found)
    result = run(runner, "match", qfile, "--transcripts", store, "--no-fetch")
    only_error(result, f"cannot change {qfile}: another command changed it meanwhile; nothing was written, run this again.")
    assert "Added meanwhile" in qfile.read_text()


# ---------------------------------------------------------------- times of hundreds of digits


@pytest.mark.parametrize("t", ["9" * 400, "9" * 400 + "s", "9" * 400 + ":00", "9" * 5000])
def test_a_link_time_of_hundreds_of_digits(runner, store, tmp_path, t):
    page = tmp_path / "big.md"
    page.write_text(f"## A\n\nSome words here to check.\n\n[x](https://youtu.be/{VID}?t={t})\n")
    result = run(runner, "verify", page, "--no-fetch", "--transcripts", store)
    assert result.exit_code == 3, result.output
    assert result.output.splitlines()[1] == (
        f"  {page}:5  x -> malformed-url: t='{t[:20]}...' is not a time YouTube understands"
    )
    result = run(runner, "import-doc", page, "-o", tmp_path / "big.yaml")
    assert result.exit_code == 0, result.output
    assert "    start:" not in (tmp_path / "big.yaml").read_text()


# ---------------------------------------------------------------- --lang written any way


def test_lang_en_us_written_three_ways_is_one_cache_entry(runner, srt, tmp_path):
    outputs = [run(runner, "import", srt, "--video", VID, "--lang", lang, "--transcripts", tmp_path / "tr", "--force")
               for lang in ("en_US", "en-us", "EN-US")]
    assert [r.exit_code for r in outputs] == [0, 0, 0], outputs[0].output
    assert outputs[0].output.startswith(f"Imported {VID} (en-US) from talk.srt")
    assert sorted(p.name for p in (tmp_path / "tr").iterdir()) == [f"{VID}.en-US.json"]
    result = run(runner, "quote", VID, "0:01", "0:04", "--lang", "EN_us", "--no-fetch", "--transcripts", tmp_path / "tr")
    assert result.exit_code == 0 and result.output.startswith("Hello there.")


# ---------------------------------------------------------------- import does not replace a cached transcript


def test_import_keeps_a_cached_transcript_of_the_video_unless_forced(runner, srt, tmp_path):
    tr = tmp_path / "tr"
    first = run(runner, "import", srt, "--video", VID, "--transcripts", tr)
    assert first.exit_code == 0, first.output
    cached = (tr / f"{VID}.en.json").read_bytes()
    other = tmp_path / "other.srt"
    other.write_text("1\n00:00:01,000 --> 00:00:02,000\nSomething else.\n")
    result = run(runner, "import", other, "--video", VID, "--transcripts", tr)
    only_error(
        result,
        f"a transcript of {VID} (en) is cached already: 2 captions, 0:09, imported from talk.srt "
        f"({tr / (VID + '.en.json')}); use --force to replace it.",
    )
    assert (tr / f"{VID}.en.json").read_bytes() == cached
    forced = run(runner, "import", other, "--video", VID, "--transcripts", tr, "--force")
    assert forced.exit_code == 0, forced.output
    assert forced.output.startswith(f"Imported {VID} (en) from other.srt: 1 caption, 0:02 -> ")
    # Another language of the same video is another cache entry: no --force needed.
    assert run(runner, "import", other, "--video", VID, "--lang", "de", "--transcripts", tr).exit_code == 0


# ---------------------------------------------------------------- advice that leads somewhere


def test_render_advice_after_match_left_a_section_unsure_does_not_go_in_a_circle(runner, store, tmp_path, monkeypatch):
    q = tmp_path / "my notes.quotes.yaml"
    q.write_text(f"video: {VID}\nsections:\n  - title: Heat\n    summary: heat\n")
    matched = run(runner, "match", q, "--transcripts", store, "--no-fetch")
    assert matched.exit_code == 3 and "unsure" in matched.output or "not found" in matched.output
    result = run(runner, "render", q, "--transcripts", store, "-o", tmp_path / "out.md")
    assert result.stderr == (
        "Warning: section 1 ('Heat') has no start, so it has no link; run `quotes match "
        f"'{q}'` (a section it leaves unsure or not found needs a `start:` written by hand: "
        "`quotes search` shows where words are said)\n"
    )


def test_the_studio_saves_under_the_same_lock_as_mark(tmp_path):
    """A change made under the lock while the studio saves (as `quotes mark` makes one) is seen
    by the studio, which then refuses (FileChanged), instead of being overwritten."""
    import shutil
    import threading
    import time

    pytest.importorskip("starlette")
    from quotes.errors import FileChanged
    from quotes.files import locked
    from quotes.formats import read_transcript_file
    from quotes.studio.service import Studio

    examples = Path(__file__).resolve().parents[1] / "examples"
    path = tmp_path / "notes.quotes.yaml"
    shutil.copy(examples / "notes.quotes.yaml", path)
    studio = Studio(path, read_transcript_file(examples / "interview.en.json", video_id="qUoTeSdEm01"))
    doc, version = studio.read()
    sections = [{"key": i, "title": s.title} for i, s in enumerate(doc.model.sections)]
    held = threading.Event()

    def mark_meanwhile():
        with locked(path):
            held.set()
            time.sleep(0.5)
            path.write_text(path.read_text() + "  - title: Marked meanwhile\n")

    other = threading.Thread(target=mark_meanwhile)
    other.start()
    held.wait()
    with pytest.raises(FileChanged):
        studio.save({"version": version, "sections": sections[:1]})
    other.join()
    assert "Marked meanwhile" in path.read_text()


def test_match_on_a_symlinked_quotes_file_changes_the_real_file(runner, store, qfile, tmp_path, monkeypatch):
    link = tmp_path / "link.yaml"
    link.symlink_to(qfile)
    monkeypatch.setattr("quotes.sections.Locator", _Found)
    result = run(runner, "match", link, "--transcripts", store, "--no-fetch")
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert "start: '1:40'" in qfile.read_text()


# ---------------------------------------------------------------- paths the system refuses to look at


@pytest.mark.parametrize("kind", ["too-long", "loop"])
@pytest.mark.parametrize(
    "args",
    [
        ["verify", "PATH", "--no-fetch"],
        ["render", "QFILE", "-o", "PATH"],
        ["render", "QFILE", "-t", "PATH"],
        ["export", VID, "-o", "PATH"],
        ["new", VID, "--no-fetch", "-o", "PATH"],
        ["sections", "PATH"],
        ["mark", "PATH", "0:01", "--title", "T", "--no-fetch"],
        ["transcripts", "--transcripts", "PATH"],
        ["quote", VID, "0:01", "--no-fetch", "--transcripts", "PATH"],
        ["render", "QFILE", "-o", "-", "--transcripts", "PATH"],
    ],
    ids=lambda args: " ".join(a for a in args if a.startswith(("-", "P", "Q")) or a.isalpha())[:40],
)
def test_a_path_too_long_or_a_loop_of_symlinks_is_one_error_line(runner, store, qfile, tmp_path, monkeypatch, args, kind):
    monkeypatch.chdir(tmp_path)
    if kind == "loop":
        os.symlink("loop-b", "loop-a")
        os.symlink("loop-a", "loop-b")
        path = "loop-a"
    else:
        path = "x" * 300
    full = [path if a == "PATH" else str(qfile) if a == "QFILE" else a for a in args]
    if "--transcripts" not in full and full[0] != "sections":
        full += ["--transcripts", str(store)]
    result = runner.invoke(cli, full)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    if result.exit_code != 0:
        assert result.exit_code == 1, result.output
        assert result.output.splitlines()[-1].startswith("Error: ")


def test_a_reader_that_stops_early_ends_the_command_quietly(store, tmp_path):
    # `quotes export ID | head -1`: the pipe closes, quotes stops, nothing is said about it.
    proc = subprocess.Popen(
        [sys.executable, "-m", "quotes", "export", VID, "--format", "json", "--transcripts", str(store)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
    )
    proc.stdout.close()  # before quotes writes anything
    stderr = proc.stderr.read()
    assert proc.wait(timeout=60) == 1
    assert stderr == b""
