"""`quotes verify` through click's CliRunner: exit codes, exact report lines, --json, --fix."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import quotes.verify
import quotes.youtube
from quotes.cli import cli
from quotes.errors import TranscriptUnavailable
from quotes.formats import read_transcript_file
from quotes.store import TranscriptStore

VID = "pdJQ8iVTwj8"
FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"

NOTES = f"""\
# Notes

### Curly Braces
Curly braces are clutter the formatter makes redundant.

[Interview 13:23](https://youtu.be/{VID}?t=803)

### Speed
The speedup from moving Python code is big.

[Interview 22:21](https://youtu.be/{VID}?t=1521)

```
[in code 0:01](https://youtu.be/{VID}?t=99999)
```
"""


@pytest.fixture
def env(tmp_path, monkeypatch, stand_ins):
    monkeypatch.setattr(quotes.verify, "Locator", stand_ins.FakeLocator)

    def no_network(*args, **kwargs):
        raise AssertionError("verify tried to fetch")

    monkeypatch.setattr(quotes.youtube, "fetch_transcript", no_network)
    store = tmp_path / "transcripts"
    TranscriptStore(store).save(stand_ins.transcript())
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    return tmp_path


def run(*args):
    return CliRunner().invoke(cli, ["verify", *args, "--transcripts", "transcripts"])


def test_report_and_exit_3(env):
    result = run("notes.md")
    assert result.exit_code == 3, result.output
    assert result.output.splitlines() == [
        "notes.md",
        "  notes.md:11  Interview 22:21 -> label-mismatch: the label says 22:21 but the link starts at 25:21",
        "  notes.md:11  Interview 22:21 -> wrong-time: this section is said at 27:57, not at 25:21 "
        "(suggest 27:57, confidence 0.83)",
        "",
        "2 links checked in 1 file: 1 fine, 1 with problems (1 label mismatch, 1 wrong time), 0 warnings",
    ]


def test_all_fine_exit_0(env):
    (env / "notes.md").write_text(NOTES.replace("22:21", "27:57").replace("1521", "1677"))
    result = run(".")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "2 links checked in 1 file: 2 fine, 0 with problems, 0 warnings"
    ]


def test_json(env):
    result = run("notes.md", "--json")
    assert result.exit_code == 3
    rows = json.loads(result.output)
    assert [(r["line"], r["t"], r["label_seconds"], r["ok"], r["problems"], r["suggested_t"]) for r in rows] == [
        (6, 803.0, 803.0, True, [], None),
        (11, 1521.0, 1341.0, False, ["label-mismatch", "wrong-time"], 1677.0),
    ]
    assert rows[1]["file"] == "notes.md" and rows[1]["video_id"] == VID
    assert rows[1]["heading"] == "Speed" and rows[1]["confidence"] == 0.83
    assert rows[1]["text"] == "The speedup from moving Python code is big."


def test_fix_twice(env):
    result = run("notes.md", "--fix")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Fixed 1 link in 1 file."
    assert "(fixed)" in result.output
    expected = NOTES.replace("22:21", "27:57").replace("t=1521", "t=1677")
    assert (env / "notes.md").read_text() == expected
    again = run("notes.md", "--fix")
    assert again.exit_code == 0
    assert again.output.splitlines() == [
        "2 links checked in 1 file: 2 fine, 0 with problems, 0 warnings"
    ]
    assert (env / "notes.md").read_text() == expected
    assert sorted(p.name for p in env.iterdir()) == ["notes.md", "transcripts"]  # no temp files


def test_times_without_links_with_video(env):
    notes = (
        "## Chapters\n\n"
        "13:23 Curly braces are clutter the formatter makes redundant\n"
        "25:21 The speedup from moving Python code is big\n"
    )
    (env / "notes.md").write_text(notes)
    assert run("notes.md").output.splitlines() == [
        "0 links checked in 1 file: 0 fine, 0 with problems, 0 warnings",
        "2 times written without a link, not checked: name the video with --video URL_OR_ID to check them.",
    ]
    result = run("notes.md", "--video", f"https://youtu.be/{VID}", "--fix")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "notes.md",
        "  notes.md:4  25:21 -> wrong-time: this section is said at 27:57, not at 25:21 "
        "(suggest 27:57, confidence 0.83) (fixed)",
        "",
        "2 times checked in 1 file: 1 fine, 1 with problems (1 wrong time), 0 warnings",
        "Fixed 1 time in 1 file.",
    ]
    assert (env / "notes.md").read_text() == notes.replace("25:21", "27:57")


def test_diff_writes_nothing(env):
    result = run("notes.md", "--diff")
    assert result.exit_code == 3
    lines = result.output.splitlines()
    assert lines[:2] == ["--- a/notes.md", "+++ b/notes.md"]
    assert f"-[Interview 22:21](https://youtu.be/{VID}?t=1521)" in lines
    assert f"+[Interview 27:57](https://youtu.be/{VID}?t=1677)" in lines
    assert (env / "notes.md").read_text() == NOTES
    # Standard output is the diff alone, to save as a patch; the findings go to stderr.
    assert "checked in 1 file" not in result.stdout and result.stdout.startswith("--- a/notes.md\n")
    assert result.stderr.splitlines()[-1].startswith("2 links checked in 1 file")


def test_json_and_diff_together_is_a_usage_error(env):
    assert run("notes.md", "--json", "--diff").exit_code == 2


def test_fix_is_atomic_when_the_write_fails(env, monkeypatch):
    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = run("notes.md", "--fix")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "Error: cannot write notes.md: No space left on device."
    assert (env / "notes.md").read_text() == NOTES
    assert sorted(p.name for p in env.iterdir()) == ["notes.md", "transcripts"]


def test_offline_without_transcript(env):
    shutil.rmtree(env / "transcripts")
    result = run("notes.md", "--no-fetch")
    assert result.exit_code == 3
    lines = result.output.splitlines()
    assert lines[1] == (
        f"  notes.md:6  Interview 13:23 -> transcript-unavailable: no transcript of {VID} in "
        f"transcripts; run `quotes fetch {VID}` or `quotes import FILE --video {VID}` "
        "(skipped: past-end, wrong-time, not-in-video)"
    )
    assert lines[2] == (
        "  notes.md:11  Interview 22:21 -> label-mismatch: the label says 22:21 but the link starts at 25:21; "
        "not fixed: nothing tells whether the label or the URL is right"
    )
    assert lines[3] == (
        "  notes.md:11  Interview 22:21 -> transcript-unavailable: as above "
        "(skipped: past-end, wrong-time, not-in-video)"
    )
    assert lines[-1] == (
        "2 links checked in 1 file: 0 fine, 2 with problems "
        "(1 label mismatch, 2 transcripts unavailable), 0 warnings"
    )


def test_fetches_each_missing_video_once(env, monkeypatch):
    shutil.rmtree(env / "transcripts")
    calls = []

    def fake_fetch(video, languages=None, **kwargs):
        calls.append(video)
        raise TranscriptUnavailable(video, "the video is private")

    monkeypatch.setattr(quotes.youtube, "fetch_transcript", fake_fetch)
    (env / "more.md").write_text(NOTES)
    result = run(".")
    assert result.exit_code == 3
    assert calls == [VID]
    assert f"cannot get the transcript of {VID}: the video is private" in result.output


def test_missing_path_is_an_error(env):
    result = run("nope.md")
    assert result.exit_code == 1
    assert result.output.splitlines() == ["Error: nope.md: no such file or folder."]


def test_help_lists_every_problem_kind():
    result = CliRunner().invoke(cli, ["verify", "--help"])
    assert result.exit_code == 0
    for kind in quotes.verify.ProblemKind:
        assert kind.value in result.output


# ------------------------------------------------------------------ real data


def test_newsletter_json_and_fix(tmp_path, monkeypatch, stand_ins):
    source = FIXTURES / "this-week-in-mojo-2023-06-02.md"
    if not source.exists():
        pytest.skip("../shared/fixtures is not here")
    TranscriptStore(tmp_path / "transcripts").save(stand_ins.fixture_transcript())
    shutil.copy(source, tmp_path / "news.md")
    monkeypatch.chdir(tmp_path)
    result = run("news.md", "--json", "--no-fetch")
    assert result.exit_code == 3, result.output
    rows = json.loads(result.output)
    assert len(rows) == 27
    assert sorted(r["line"] for r in rows if not r["ok"]) == [98, 171, 176, 196, 201]
    assert run("news.md", "--fix", "--no-fetch").exit_code == 0
    before = source.read_bytes().split(b"\n")
    after = (tmp_path / "news.md").read_bytes().split(b"\n")
    assert [i + 1 for i, (a, b) in enumerate(zip(before, after)) if a != b] == [98, 171, 176, 196, 201]
    assert len(before) == len(after)
    assert run("news.md", "--no-fetch").exit_code == 0


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _demo_store(directory: Path) -> Path:
    """A transcript cache holding the bundled demo interview (qUoTeSdEm01)."""
    TranscriptStore(directory).save(read_transcript_file(EXAMPLES / "interview.en.json", video_id="qUoTeSdEm01"))
    return directory


def test_link_first_bullet_notes_are_checked_against_the_text_after_each_link(tmp_path):
    """Notes written "- [time](link) what is said" (the bundled demo interview, real engine)."""
    _demo_store(tmp_path / "tr")
    notes = tmp_path / "notes.md"
    notes.write_text(
        "# Episode notes\n\n"
        "- [1:16](https://youtu.be/qUoTeSdEm01?t=76) Marisol measured land for the county and "
        "baked only for fun until the old mill with its brick oven came up for sale.\n"
        "- [3:09](https://youtu.be/qUoTeSdEm01?t=189) Before any new brick went in, the hearth "
        "got a thick insulating layer underneath so the heat stays in the baking floor.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["verify", str(notes), "--no-fetch", "--transcripts", str(tmp_path / "tr")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "2 links checked in 1 file: 2 fine, 0 with problems, 0 warnings"


def test_bundled_show_notes_with_video(tmp_path, monkeypatch):
    """examples/show-notes.md: times without links, checked with --video (real engine)."""
    _demo_store(tmp_path / "tr")
    notes = tmp_path / "show-notes.md"
    shutil.copy(EXAMPLES / "show-notes.md", notes)
    args = ["verify", "show-notes.md", "--video", "qUoTeSdEm01", "--no-fetch", "--transcripts", str(tmp_path / "tr")]
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 3, result.output
    assert result.output.splitlines() == [
        "show-notes.md",
        "  show-notes.md:12  9:14 -> wrong-time: this section is said at 5:16, not at 9:14 "
        "(suggest 5:16, confidence 0.43)",
        "",
        "5 times checked in 1 file: 4 fine, 1 with problems (1 wrong time), 0 warnings",
    ]
    assert CliRunner().invoke(cli, [*args, "--fix"]).exit_code == 0
    assert notes.read_text() == (EXAMPLES / "show-notes.md").read_text().replace("- 9:14 ", "- 5:16 ")


def test_diff_of_a_file_without_a_final_line_end_is_a_patch(env):
    (env / "notes.md").write_text(f"The speedup from moving Python code is big. [25:21](https://youtu.be/{VID}?t=1521)")
    result = run("notes.md", "--diff")
    assert result.stdout.splitlines()[-4:] == [
        f"-The speedup from moving Python code is big. [25:21](https://youtu.be/{VID}?t=1521)",
        "\\ No newline at end of file",
        f"+The speedup from moving Python code is big. [27:57](https://youtu.be/{VID}?t=1677)",
        "\\ No newline at end of file",
    ]


def test_a_file_that_is_not_utf8_is_reported_and_its_bytes_kept(env):
    # Latin-1 notes: the report shows the odd byte as U+FFFD (a strict UTF-8 terminal cannot
    # print it as it is), and the fix writes the file's own bytes back.
    (env / "notes.md").write_bytes(
        f"### Caf\xe9\nThe speedup from moving Python code is big.\n\n[Caf\xe9 25:21](https://youtu.be/{VID}?t=1521)\n".encode("latin-1")
    )
    result = run("notes.md")
    assert result.exit_code == 3, result.output
    assert "  notes.md:4  Caf\ufffd 25:21 -> wrong-time:" in result.output
    rows = json.loads(run("notes.md", "--json").output)
    assert rows[0]["label"] == "Caf\ufffd 25:21" and rows[0]["heading"] == "Caf\ufffd"
    assert run("notes.md", "--fix").exit_code == 0
    assert (env / "notes.md").read_bytes() == (
        f"### Caf\xe9\nThe speedup from moving Python code is big.\n\n[Caf\xe9 27:57](https://youtu.be/{VID}?t=1677)\n".encode("latin-1")
    )


def test_an_unreadable_file_in_a_folder_is_reported_and_the_rest_checked(env):
    (env / "notes").mkdir()
    (env / "notes" / "a.md").write_text(NOTES.replace("22:21", "27:57").replace("1521", "1677"))
    (env / "notes" / "b.md").write_bytes("# Notes\n".encode("utf-16"))
    result = run("notes")
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        "2 links checked in 1 file: 2 fine, 0 with problems, 0 warnings",
        "Error: notes/b.md is UTF-16 text, not UTF-8: save it as UTF-8.",
    ]


def test_a_folder_of_only_unreadable_files_says_why_and_nothing_else(env):
    (env / "notes").mkdir()
    (env / "notes" / "b.md").write_bytes(b"\x00\x01binary")
    result = run("notes")
    assert result.exit_code == 1
    assert result.output.splitlines() == ["Error: notes/b.md is not text (it holds NUL bytes)."]


def test_links_too_short_to_place_are_counted_in_the_summary(env):
    (env / "short.md").write_text(f"- [13:23](https://youtu.be/{VID}?t=803) Braces.\n- [1:00](https://youtu.be/{VID}?t=60) Hm.\n")
    result = run("short.md")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "2 links checked in 1 file: 0 fine, 2 too short to place (under 5 words: time not checked), "
        "0 with problems, 0 warnings"
    ]


@pytest.mark.parametrize("kind", ["fifo", "stdin"])
def test_a_pipe_given_as_a_file_says_so(env, kind):
    if kind == "fifo":
        os.mkfifo(env / "pipe.md")
        name = "pipe.md"
    else:
        r, w = os.pipe()
        os.close(w)
        name = f"/dev/fd/{r}"
    result = run(name)
    assert result.exit_code == 1
    assert result.output == f"Error: {name}: a pipe (FIFO), not a markdown file; save the text to a file first.\n"


def test_fix_a_page_that_cannot_be_written_is_reported_and_the_others_fixed(env):
    (env / "notes").mkdir()
    for name in ("a.md", "b.md"):
        (env / "notes" / name).write_text(NOTES)
    os.link(env / "notes" / "b.md", env / "b-elsewhere.md")  # replacing b.md would split it from its other name
    result = run("notes", "--fix")
    assert result.exit_code == 1, result.output
    assert "27:57" in (env / "notes" / "a.md").read_text()
    assert (env / "notes" / "b.md").read_text() == NOTES
    assert result.output.splitlines()[-2:] == [
        "Fixed 1 link in 1 file.",
        "Error: cannot write notes/b.md: it has 2 hard links, and replacing it would split it from the others; "
        "write to another file, or copy it first so that it has one name.",
    ]
