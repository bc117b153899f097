"""Tests of SRT and SBV (quotes.formats.srt)."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.errors import TranscriptFormatError
from quotes.formats import (
    detect_format,
    parse_sbv,
    parse_srt,
    read_transcript_file,
)

DATA = Path(__file__).parent / "data"
VIDEO = "pdJQ8iVTwj8"


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_srt_sample_with_bom_crlf_markup_and_overlap(seg):
    t = read_transcript_file(DATA / "talk.de.srt", video_id=VIDEO)
    assert t.language_code == "de"
    assert t.source == "file:talk.de.srt"
    assert t.is_generated is False
    assert t.segments == [
        seg(1.0, 2.2, "Welcome back to the show."),
        seg(3.2, 2.8, "Today we talk about\ncompilers & chips."),
        seg(5.5, 2.75, "Overlapping captions are fine."),
    ]


def test_srt_lenient_forms(seg):
    text = (
        "1\n00:00:01.5 --> 00:00:02,000\nno blank line follows\n"
        "2\n00:00:03,000 --> 00:00:04,000\n42\n\n\n"
        "00:00:05,000 --> 00:00:06,000\nno caption number\n"
        "\n4\n00:00:07,000 --> 00:00:07,000\n<b></b>\n"  # empty text: dropped
    )
    assert parse_srt(text, "x.srt") == [
        seg(1.5, 0.5, "no blank line follows"),
        seg(3.0, 1.0, "42"),
        seg(5.0, 1.0, "no caption number"),
    ]


def test_srt_without_final_newline_and_cr_only(seg):
    assert parse_srt("1\r00:00:01,000 --> 00:00:02,000\rHi", "x.srt") == [seg(1, 1, "Hi")]


SRT_14 = "".join(
    f"{n}\n00:00:0{n},000 --> 00:00:0{n},900\nline {n}\n\n" for n in range(1, 4)
) + "4\n00:01:02 -> 00:01:04\nbroken\n"


@pytest.mark.parametrize(
    "text, message",
    [
        (
            SRT_14,
            "talk.srt:14: expected a time range like 00:01:02,500 --> 00:01:04,000, "
            "got '00:01:02 -> 00:01:04'",
        ),
        ("hello\n", "talk.srt:1: expected a caption number, got 'hello'"),
        ("1\n", "talk.srt:2: expected a time range like 00:01:02,500 --> 00:01:04,000, got end of file"),
        (
            "1\n\n00:00:01,000 --> 00:00:02,000\nx\n",
            "talk.srt:2: expected a time range like 00:01:02,500 --> 00:01:04,000, got a blank line",
        ),
        (
            "1\n00:00:05,000 --> 00:00:04,000\nx\n",
            "talk.srt:2: expected the end time after the start time, "
            "got '00:00:05,000 --> 00:00:04,000'",
        ),
        (
            "1\n00:61:00,000 --> 01:02:00,000\nx\n",
            "talk.srt:2: expected minutes and seconds below 60, got '00:61:00,000 --> 01:02:00,000'",
        ),
        (
            "1\n-00:00:01,000 --> 00:00:02,000\nx\n",
            "talk.srt:2: expected a time range like 00:01:02,500 --> 00:01:04,000, "
            "got '-00:00:01,000 --> 00:00:02,000'",
        ),
    ],
)
def test_srt_errors(error_of, text, message):
    assert error_of(parse_srt, text, "talk.srt") == message


SBV = """0:00:00.599,0:00:04.160
>> ALICE: Hi, my name is Alice Miller and this is John Brown

0:00:04.160,0:00:06.770
>> JOHN: and we're the owners
of Miller Bakery.
"""


def test_sbv_youtube_studio_download(seg, tmp_path):
    path = tmp_path / "captions.sbv"
    path.write_text(SBV, encoding="utf-8")
    t = read_transcript_file(path, video_id=VIDEO)
    assert t.segments == [
        seg(0.599, 3.561, ">> ALICE: Hi, my name is Alice Miller and this is John Brown"),
        seg(4.16, 2.61, ">> JOHN: and we're the owners\nof Miller Bakery."),
    ]
    assert detect_format(SBV) == "sbv"  # by its content, whatever the file is called


@pytest.mark.parametrize(
    "text, line, expected",
    [
        ("0:00:05.000,0:00:01.000\nhi\n", 1, "expected the end time after the start time"),
        ("0:00:01.000,0:00:02.000\nhi\n\nnot a time\n", 4, "expected a time range like 0:01:02.500,0:01:04.000"),
        ("0:00:61.000,0:01:02.000\nhi\n", 1, "expected minutes and seconds below 60"),
    ],
)
def test_sbv_errors_name_the_line(text, line, expected):
    with pytest.raises(TranscriptFormatError) as err:
        parse_sbv(text, "c.sbv")
    assert err.value.line == line and expected in str(err.value)


def test_cli_import_bad_file_stores_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("talk.srt").write_text(SRT_14, encoding="utf-8")
    result = run("import", "talk.srt", "--video", VIDEO, "--transcripts", "store")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: talk.srt:14: expected a time range like 00:01:02,500 --> 00:01:04,000, "
        "got '00:01:02 -> 00:01:04'.\n"
    )
    assert not Path("store").exists()
