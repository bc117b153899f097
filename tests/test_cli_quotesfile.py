"""The CLI on quotes files: `sections`, `mark`'s order and titles, CRLF pages through import-doc and render."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.store import TranscriptStore
from quotes.transcript import Segment, Transcript

VID = "tEsTvIdeo01"


@pytest.fixture
def store(tmp_path) -> Path:
    """A transcript cache holding a 10-minute transcript of VID, one caption every 5 s."""
    segments = [Segment(start=i * 5.0, duration=6.0, text=f"word {i}") for i in range(120)]
    TranscriptStore(tmp_path / "tr").save(Transcript(video_id=VID, language_code="en", segments=segments))
    return tmp_path / "tr"


@pytest.fixture
def qfile(tmp_path) -> Path:
    path = tmp_path / "talk.quotes.yaml"
    path.write_text(
        f"video: https://youtu.be/{VID}\nlabel: Talk\nsections:\n"
        "  - title: Intro\n    start: '0:00'\n"
        "  - title: Bricks and their heat\n    start: '5:00'\n    end: '6:30'\n"
        "  - title: Later\n"
    )
    return path


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_sections_lists_number_start_end_and_title(qfile):
    result = run("sections", qfile)
    assert result.exit_code == 0
    assert result.output == (
        "#  start  end   title\n"
        "1  0:00   -     Intro\n"
        "2  5:00   6:30  Bricks and their heat\n"
        "3  -      -     Later\n"
    )


def test_sections_json(qfile):
    result = run("sections", qfile, "--json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert [(r["number"], r["title"], r["start"], r["end"]) for r in rows] == [
        (1, "Intro", 0.0, None), (2, "Bricks and their heat", 300.0, 390.0), (3, "Later", None, None)
    ]
    assert set(rows[0]) == {"number", "title", "start", "end", "summary", "quote", "notes", "blank_lines_before"}


def test_sections_of_an_empty_file_and_of_a_bad_one(tmp_path):
    empty = tmp_path / "e.yaml"
    empty.write_text(f"video: {VID}\n")
    assert (run("sections", empty).exit_code, run("sections", empty).output) == (0, f"No sections in {empty}.\n")
    bad = tmp_path / "b.yaml"
    bad.write_text("- a\n")
    result = run("sections", bad)
    assert (result.exit_code, result.output) == (
        1, f"Error: {bad}:1: expected keys (video, label, link_style, sections), found a list.\n"
    )


def test_mark_with_an_empty_title_is_one_error_line(qfile, store):
    before = qfile.read_text()
    result = run("mark", qfile, "14:00", "--title", "", "--transcripts", store)
    assert result.exit_code == 1
    assert result.output == "Error: the new section: title must not be empty.\n"
    assert qfile.read_text() == before


def test_mark_inserts_the_section_in_time_order(qfile, store):
    result = run("mark", qfile, "2:00", "2:10", "--title", "Middle", "--transcripts", store)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"Added section 2 'Middle' at 2:00-2:10 to {qfile}"
    assert run("sections", qfile).output == (
        "#  start  end   title\n"
        "1  0:00   -     Intro\n"
        "2  2:00   2:10  Middle\n"
        "3  5:00   6:30  Bricks and their heat\n"
        "4  -      -     Later\n"
    )


def test_a_crlf_page_comes_back_byte_for_byte(tmp_path):
    page = (
        "### Intro\r\nThe oven holds heat.\r\n\r\n[Talk 0:10](https://youtu.be/tEsTvIdeo01?t=10)\r\n\r\n"
        "### Bricks\r\nBricks under the floor.\r\n- one\r\n- two\r\n\r\n[Talk 1:05](https://youtu.be/tEsTvIdeo01?t=65)\r\n"
    )
    source = tmp_path / "page.md"
    source.write_bytes(page.encode())
    assert run("import-doc", source).exit_code == 0
    quotes_file = tmp_path / "page.quotes.yaml"
    assert b"\r\n" in quotes_file.read_bytes() and b"\n" not in quotes_file.read_bytes().replace(b"\r\n", b"")
    out = tmp_path / "back.md"
    result = run("render", quotes_file, "-o", out, "--transcripts", tmp_path / "none")
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == page.encode()


def test_verify_says_which_links_are_nested_too_deep_to_read(tmp_path):
    page = tmp_path / "deep.md"
    page.write_text("# Notes\n\n" + "> " * 120 + "[Talk 1:05](https://youtu.be/pdJQ8iVTwj8?t=65)\n")
    result = CliRunner().invoke(cli, ["verify", str(page), "--no-fetch", "--transcripts", str(tmp_path / "tr")])
    assert result.exit_code == 0
    assert result.stderr == (
        f"Warning: {page}:3: lists or quotes nested too deep (100 levels of lists, items and quotes): "
        "the links inside are not read.\n"
    )
    assert result.stdout == "0 links checked in 1 file: 0 fine, 0 with problems, 0 warnings\n"
