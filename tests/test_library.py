"""Tests of quotes.library (search across the cached videos) and `quotes search --all`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.formats import read_transcript_file
from quotes.library import search_library
from quotes.locate import Locator
from quotes.store import TranscriptStore

ROOT = Path(__file__).resolve().parents[1]
DEMO = "qUoTeSdEm01"
INSULATION = (
    "The hearth was rebuilt from the foundation in layers: concrete, a perlite insulating mix, fibre board "
    "and then firebrick, with the dome wrapped in Kaowool blanket under a vermiculite shell."
)
CURING = (
    "Fresh masonry is saturated, and heating it too quickly turns that water to steam and cracks it. "
    "They lit a slightly larger fire each day for a week and watched steam escape from the seams."
)


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """The demo interview (titled) and three other transcripts, in one cache folder."""
    folder = tmp_path_factory.mktemp("library")
    store = TranscriptStore(folder)
    demo = read_transcript_file(ROOT / "examples" / "interview.en.json", video_id=DEMO, is_generated=True)
    store.save(demo.model_copy(update={"title": "Field Notes #12"}))
    store.save(read_transcript_file(ROOT / "tests" / "data" / "lecture.vtt", video_id="lecture0001"))
    store.save(read_transcript_file(ROOT / "tests" / "data" / "talk.de.srt", video_id="talkDE00001"))
    store.save(read_transcript_file(ROOT / "tests" / "data" / "whisper.json", video_id="whisper0001"))
    return folder


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_search_library_finds_the_video_and_the_place(library):
    found = search_library(INSULATION, library)
    assert (found.searched, found.cached, found.notes) == (1, 4, [])
    assert [(m.video_id, m.title, m.match.confident) for m in found.matches] == [(DEMO, "Field Notes #12", True)]


@pytest.mark.parametrize("text", [INSULATION, CURING])
def test_same_place_and_confidence_as_searching_the_one_video(library, text):
    """The old path (one video, `quotes search VIDEO TEXT`) and the new one agree to the last digit."""
    store = TranscriptStore(library)
    old = Locator(store.load(DEMO)).locate(text, top=5)
    new = search_library(text, store).matches
    assert new[0].match == old[0]
    by_cli = json.loads(run("search", DEMO, text, "--json", "--transcripts", str(library)).output)
    across = json.loads(run("search", "--all", text, "--json", "--transcripts", str(library)).output)
    assert {k: v for k, v in across[0].items() if k not in ("video_id", "language_code", "title")} == by_cli[0]
    assert across[0]["video_id"] == DEMO and across[0]["title"] == "Field Notes #12"


def test_search_all_prints_the_best_places_across_videos(library):
    result = run("search", "--all", INSULATION, "--transcripts", str(library))
    assert result.exit_code == 0
    m = search_library(INSULATION, library).matches[0].match
    assert result.output == (
        " #  video           start  score  confidence  confident  link\n"
        f" 1  {DEMO}      3:09   {m.score:.2f}        {m.confidence:.2f}  yes        "
        f"https://youtu.be/{DEMO}?t=189  Field Notes #12\n"
        "Placed in the 1 video whose words match best, of 4 cached videos.\n"
        f"\nField Notes #12: {m.text[:300]}\n"
    )
    assert run("search", INSULATION, "--transcripts", str(library)).output == result.output  # no VIDEO: all


def test_search_all_not_found(library, tmp_path):
    result = run("search", "--all", "zebras quarrel over xylophones", "--transcripts", str(library))
    assert (result.exit_code, result.output) == (0, "Not found: no cached video says the text's words (4 videos cached).\n")
    result = run("search", "--all", "zebras", "--transcripts", str(tmp_path / "none"))
    assert (result.exit_code, result.output) == (0, f"No transcripts in {tmp_path / 'none'}.\n")
    result = run("search", "--all", "zebras", "--json", "--transcripts", str(library))
    assert (result.exit_code, result.output) == (0, "[]\n")


def test_search_all_command_line_mistakes(library):
    result = run("search", DEMO, INSULATION, "--all", "--transcripts", str(library))
    assert result.exit_code == 2 and result.output.endswith("Error: give VIDEO or --all, not both\n")
    result = run("search", DEMO, "curly", "braces", "--transcripts", str(library))
    assert result.exit_code == 2
    assert result.output.endswith("Error: give VIDEO and TEXT, not 3 arguments (quote a TEXT of several words)\n")
    result = run("search", "--transcripts", str(library))
    assert result.exit_code == 2 and "Missing argument '[VIDEO] TEXT'" in result.output


def test_search_library_keeps_to_the_languages_asked_for(library):
    assert search_library(INSULATION, library, languages=["de"]).matches == []
    assert [m.video_id for m in search_library(INSULATION, library, languages=["en-US", "en"]).matches] == [DEMO]
