"""`quotes verify` as a CI gate: GitHub workflow annotations (exact lines), the pre-commit hook
(pre-commit's own `validate-manifest` and `try-repo` on a temporary repository), and no
progress bar when stderr is not a terminal."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.formats import read_transcript_file
from quotes.store import TranscriptStore

ROOT = Path(__file__).resolve().parents[1]
DEMO = "qUoTeSdEm01"
LABEL = "2024-10-12 Field Notes Interview"
ANNOTATIONS = [
    f"::error file=notes.md,line=21,title=quotes malformed-url::{LABEL} 4:05 -> the second '?' hides the time "
    f"from YouTube (write https://www.youtube.com/watch?v={DEMO}&t=245)",
    f"::error file=notes.md,line=28,title=quotes label-mismatch::{LABEL} 6:14 -> the label says 6:14 but the "
    "link starts at 6:12",
    f"::error file=notes.md,line=35,title=quotes wrong-time::{LABEL} 2:51 -> this section is said at 7:05, not "
    "at 2:51 (suggest 7:05, confidence 0.48)",
]
SUMMARY = "6 links checked in 1 file: 3 fine, 3 with problems (1 malformed URL, 1 label mismatch, 1 wrong time), 0 warnings"


@pytest.fixture
def notes(tmp_path, monkeypatch):
    """The demo's notes page (three wrong links) and its transcript cached in ./transcripts."""
    shutil.copy(ROOT / "examples" / "notes.md", tmp_path / "notes.md")
    demo = read_transcript_file(ROOT / "examples" / "interview.en.json", video_id=DEMO, is_generated=True)
    TranscriptStore(tmp_path / "transcripts").save(demo)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QUOTES_TRANSCRIPTS", raising=False)
    return tmp_path


def verify(*args):
    return CliRunner().invoke(cli, ["verify", *args, "--no-fetch"])


def test_github_annotations_exactly(notes):
    result = verify("notes.md", "--format", "github")
    assert result.exit_code == 3
    assert result.stdout == "\n".join([*ANNOTATIONS, SUMMARY]) + "\n"
    assert result.stderr == ""  # not a terminal: no progress bar


def test_github_warning_and_escaping(notes):
    (notes / "odd, name: 100%.md").write_text(
        f"### Elsewhere\nThey discuss quantum chromodynamics, lattice gauge theory and hadron spectroscopy.\n\n"
        f"[Talk 1:10](https://youtu.be/{DEMO}?t=70)\n",
        encoding="utf-8",
    )
    result = verify("odd, name: 100%.md", "--format", "github")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "::warning file=odd%2C name%3A 100%25.md,line=4,title=quotes not-in-video::Talk 1:10 -> this section is "
        "not said anywhere in the video; the link may be a general reference",
        "1 link checked in 1 file: 0 fine, 0 with problems, 1 warning",
    ]


def test_format_conflicts(notes):
    for args, message in [
        (["--json", "--format", "github"], "use --json or --format github, not both"),
        (["--format", "github", "--diff"], "use --format github or --diff, not both"),
        (["--format", "json", "--diff"], "use --json or --diff, not both"),
    ]:
        result = verify("notes.md", *args)
        assert result.exit_code == 2 and result.output.endswith(f"Error: {message}\n"), result.output


def test_format_json_is_json(notes):
    assert verify("notes.md", "--format", "json").stdout == verify("notes.md", "--json").stdout


def test_no_progress_bar_when_piped(notes):
    (notes / "more.md").write_text("Nothing timestamped here.\n", encoding="utf-8")
    for quiet in ([], ["--quiet"]):
        result = verify("notes.md", "more.md", *quiet)
        assert result.exit_code == 3 and result.stderr == ""  # CliRunner's stderr is no terminal


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_on_a_terminal_unless_quiet(monkeypatch):
    from quotes import cli as cli_module

    for quiet, items, shown in [(False, [1, 2, 3], True), (True, [1, 2, 3], False), (False, [1], False)]:
        terminal = Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        assert list(cli_module._progress(items, "Verifying", quiet)) == items
        assert ("Verifying" in terminal.getvalue() and "3/3" in terminal.getvalue()) is shown, terminal.getvalue()


# ---------------------------------------------------------------- pre-commit

PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
needs_pre_commit = pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (pip install pre-commit)")
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, check=True, capture_output=True,
    )


@needs_pre_commit
def test_hook_manifest_is_valid():
    result = subprocess.run([PRE_COMMIT, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@needs_pre_commit
@needs_git
def test_pre_commit_try_repo_on_a_temporary_repository(notes, tmp_path_factory):
    """pre-commit runs the hook, as the manifest defines it, on a temporary repository's notes.

    The manifest's ``language: python`` makes pre-commit pip-install quotes from PyPI into a
    fresh environment; tests use no network, so the hook repository here is a copy of the
    manifest with ``language: system``: the same entry, file types and arguments, run by the
    quotes installed for these tests."""
    hooks = tmp_path_factory.mktemp("hooks")
    manifest = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "language: python" in manifest
    (hooks / ".pre-commit-hooks.yaml").write_text(manifest.replace("language: python", "language: system"), encoding="utf-8")
    _git(hooks, "init", "-q")
    _git(hooks, "add", ".")
    _git(hooks, "commit", "-qm", "hooks")
    (notes / "README.txt").write_text("not markdown: not checked\n", encoding="utf-8")
    _git(notes, "init", "-q")
    _git(notes, "add", "notes.md", "README.txt")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
        "QUOTES_TRANSCRIPTS": str(notes / "transcripts"),
        "NO_COLOR": "1",
    }
    result = subprocess.run(
        [PRE_COMMIT, "try-repo", str(hooks), "quotes-verify", "--all-files", "--color", "never"],
        cwd=notes, env=env, capture_output=True, text=True, timeout=300,
    )
    out = result.stdout
    assert result.returncode == 1, out + result.stderr  # the hook failed: the notes have wrong links
    assert "quotes verify" in out and "Failed" in out and "exit code: 3" in out
    assert "notes.md:35  2024-10-12 Field Notes Interview 2:51 -> wrong-time" in out
    assert SUMMARY in out
