"""verify at scale: links checked video by video (same findings as page by page, each
transcript asked for once and let go), back-off when YouTube refuses, the summary of videos
without a transcript."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.document import read_document
from quotes.errors import IpBlocked, TranscriptsDisabled
from quotes.formats import read_transcript_file
from quotes.verify import Patient, Verifier, unavailable, verify_paths

ROOT = Path(__file__).resolve().parents[1]
DEMO = "qUoTeSdEm01"
OTHER = "whisper0001"


@pytest.fixture(scope="module")
def transcripts():
    return {
        DEMO: read_transcript_file(ROOT / "examples" / "interview.en.json", video_id=DEMO, is_generated=True),
        OTHER: read_transcript_file(ROOT / "tests" / "data" / "whisper.json", video_id=OTHER),
    }


@pytest.fixture
def pages(tmp_path):
    """The demo's notes page, the same page with every other link into a second video, and a
    page of links into a video without a transcript."""
    notes = (ROOT / "examples" / "notes.md").read_text(encoding="utf-8")
    shutil.copy(ROOT / "examples" / "notes.md", tmp_path / "a.md")
    mixed = notes.split(f"youtu.be/{DEMO}")
    (tmp_path / "b.md").write_text(
        "".join(part + (f"youtu.be/{OTHER if k % 2 else DEMO}" if k < len(mixed) - 1 else "") for k, part in enumerate(mixed)),
        encoding="utf-8",
    )
    (tmp_path / "c.md").write_text("### Gone\nA talk about things.\n\n[Talk 1:00](https://youtu.be/zzzzzzzzzzz?t=60)\n", encoding="utf-8")
    return tmp_path


def test_video_by_video_finds_what_page_by_page_finds(pages, transcripts):
    asked: list[str] = []

    def source(video_id):
        asked.append(video_id)
        if video_id not in transcripts:
            raise TranscriptsDisabled(video_id)
        return transcripts[video_id]

    documents = [read_document(p) for p in sorted(pages.glob("*.md"))]
    one_by_one = [Verifier(source).verify(d) for d in documents]
    asked.clear()
    verifier = Verifier(source)
    together = verifier.verify_all(documents)
    assert [[r.to_json() for r in rs] for rs in together] == [[r.to_json() for r in rs] for rs in one_by_one]
    assert sorted(asked) == sorted([DEMO, OTHER, "zzzzzzzzzzz"])  # each video asked once
    assert verifier._transcripts == {} and verifier._locators == {}  # and let go


def test_verify_paths_progress_over_videos(pages, transcripts):
    seen = []

    def progress(videos):
        seen.extend(videos)
        return videos

    def source(video_id):
        if video_id not in transcripts:
            raise TranscriptsDisabled(video_id)
        return transcripts[video_id]

    run = verify_paths([pages], source, progress=progress)
    assert seen == [DEMO, OTHER, "zzzzzzzzzzz"]
    assert unavailable(run.reports) == {"zzzzzzzzzzz": str(TranscriptsDisabled("zzzzzzzzzzz"))}


def test_patient_waits_and_asks_again_then_no_more():
    calls, waits = [], []

    def source(video_id):
        calls.append(video_id)
        if video_id == "aaaaaaaaaaa" and calls.count(video_id) < 3:
            raise IpBlocked(video_id)
        if video_id == "bbbbbbbbbbb":
            raise IpBlocked(video_id)
        return video_id

    patient = Patient(source, waits=(5, 20, 60), sleep=waits.append)
    assert patient("aaaaaaaaaaa") == "aaaaaaaaaaa" and waits == [5, 20]
    with pytest.raises(IpBlocked):
        patient("bbbbbbbbbbb")
    assert waits == [5, 20, 5, 20, 60] and calls.count("bbbbbbbbbbb") == 4
    with pytest.raises(IpBlocked) as refused:
        patient("ccccccccccc")  # not asked: YouTube said no
    assert "ccccccccccc" not in calls and refused.value.video_id == "ccccccccccc"


def test_patient_passes_other_errors_at_once():
    def source(video_id):
        raise TranscriptsDisabled(video_id)

    waits = []
    with pytest.raises(TranscriptsDisabled):
        Patient(source, sleep=waits.append)("aaaaaaaaaaa")
    assert waits == []


def test_cli_sums_up_the_videos_without_a_transcript(tmp_path):
    (tmp_path / "n.md").write_text(
        "### One\nWe talk about ovens and bread and heat.\n\n[Talk 1:00](https://youtu.be/aaaaaaaaaaa?t=60)\n\n"
        "### Two\nWe talk about rivers and floods and rain.\n\n[Talk 2:00](https://youtu.be/bbbbbbbbbbb?t=120)\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["verify", str(tmp_path / "n.md"), "--no-fetch", "--transcripts", str(tmp_path / "t")])
    assert result.exit_code == 3
    assert result.stdout.splitlines()[-1] == (
        "No transcript for 2 videos: aaaaaaaaaaa, bbbbbbbbbbb; their links' times were not checked against the videos."
    )
