"""Tests of SRT and SBV (quotes.formats.srt)."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.cli import cli
from quotes.errors import TranscriptFormatError
from quotes.formats import (
    Skipped,
    detect_format,
    parse_sbv,
    parse_srt,
    read_transcript_file,
)
from quotes.formats.srt import read_sbv, read_srt

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
        ("hello\n", "talk.srt:1: expected a caption number, got 'hello'"),
        ("1\n", "talk.srt:2: expected a time range like 00:01:02,500 --> 00:01:04,000, got end of file"),
        (
            "1\n\nhello\n",  # (nothing readable: the first part skipped is the error)
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
        ("not a time\nhi\n", 1, "expected a time range like 0:01:02.500,0:01:04.000"),
        ("0:00:61.000,0:01:02.000\nhi\n", 1, "expected minutes and seconds below 60"),
    ],
)
def test_sbv_errors_name_the_line(text, line, expected):
    with pytest.raises(TranscriptFormatError) as err:
        parse_sbv(text, "c.sbv")
    assert err.value.line == line and expected in str(err.value)


def test_cli_import_bad_file_stores_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("talk.srt").write_text("\n" * 12 + "4\n00:01:02 -> 00:01:04\nbroken\n", encoding="utf-8")
    result = run("import", "talk.srt", "--video", VIDEO, "--transcripts", "store")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: talk.srt:14: expected a time range like 00:01:02,500 --> 00:01:04,000, "
        "got '00:01:02 -> 00:01:04'.\n"
    )
    assert not Path("store").exists()


def test_cli_import_reports_what_it_skipped_and_imports_the_rest(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("talk.srt").write_text(SRT_14, encoding="utf-8")
    result = run("import", "talk.srt", "--video", VIDEO, "--transcripts", "store")
    assert result.exit_code == 0
    assert result.stdout == f"Imported {VIDEO} (en) from talk.srt: 3 captions, 0:03 -> store/{VIDEO}.en.json\n"
    assert result.stderr == (
        "talk.srt:14: skipped: expected a time range like 00:01:02,500 --> 00:01:04,000, "
        "got '00:01:02 -> 00:01:04'\n"
        "Skipped 1 part of talk.srt that could not be read (above).\n"
    )


# ---------------------------------------------------------------- read as players read them
# (each file in tests/data/players/ is ours, written after the cases peer libraries test)

PLAYERS = DATA / "players"


def test_srt_skips_the_captions_it_cannot_read_and_says_where(seg):
    parsed = read_srt((PLAYERS / "srt-bad-blocks.srt").read_text(), "b.srt")
    # (a word where the number goes is skipped, and the caption under it read)
    assert parsed.segments == [seg(1, 1, "First."), seg(6, 1, "A word where the number goes."), seg(8, 1, "Last.")]
    assert parsed.skipped == [
        Skipped(6, "expected the end time after the start time, got '00:00:05,000 --> 00:00:03,000'"),
        Skipped(9, "expected a caption number, got 'three'"),
    ]
    parsed = read_srt(SRT_14, "talk.srt")
    assert [s.text for s in parsed.segments] == ["line 1", "line 2", "line 3"]
    assert parsed.skipped == [
        Skipped(14, "expected a time range like 00:01:02,500 --> 00:01:04,000, got '00:01:02 -> 00:01:04'")
    ]


def test_srt_times_without_milliseconds_or_with_fewer_digits(seg):
    assert parse_srt((PLAYERS / "srt-short-times.srt").read_text()) == [
        seg(99, 2.04, "No milliseconds, then two digits."),
        seg(102.5, 1.5, "One digit, then none."),
    ]


@pytest.mark.parametrize("name", ["srt-utf32.srt", "srt-utf32be.srt"])
def test_srt_in_utf32_with_its_byte_order_mark(name):
    [caption] = read_transcript_file(PLAYERS / name, video_id=VIDEO).segments
    assert caption.text in ("UTF-32, with its mark.", "Big-endian.")


def test_srt_text_in_angle_brackets_that_is_no_tag_is_kept(seg):
    assert parse_srt((PLAYERS / "srt-angle-text.srt").read_text()) == [
        seg(1, 1, "<LAUGHING & WHOOPS!>"),
        seg(2.5, 1.5, "Then we left <3 it."),
    ]


def test_srt_ass_codes_are_markup(seg):
    assert parse_srt((PLAYERS / "srt-ass-codes.srt").read_text()) == [
        seg(1, 2, "Top of the screen\nsecond line"),
        seg(3.5, 1.5, "hard space styled"),
    ]


def test_sbv_caption_ending_before_it_starts_is_skipped(seg):
    parsed = read_sbv((PLAYERS / "sbv-end-before-start.sbv").read_text(), "c.sbv")
    assert parsed.segments == [seg(1, 1, "First."), seg(6, 1, "Last.")]
    assert parsed.skipped == [Skipped(4, "expected the end time after the start time, got '0:00:05.000,0:00:03.000'")]


# ---------------------------------------------------------------- any input (#15)

# Any bytes, but mostly the pieces of SubRip files, so the reader is driven past its first line.
srt_pieces = st.sampled_from(
    ["1\n", "2\n", "\n", "00:00:01,000 --> 00:00:02,000\n", "00:01:39 --> 00:01:41,04\n", "00:61:00,000 --> 0:0:1,0\n",
     "99999999999:00:00,000 --> 1:00:00,000\n", "-->", "<i>", "</i>", "{\\an8}", "\\N", "hello ", "\r", "\ufeff", "\x00"]
)
srt_bytes = st.lists(st.one_of(srt_pieces.map(str.encode), st.binary(max_size=4)), max_size=25).map(b"".join)


@settings(max_examples=150, deadline=timedelta(seconds=5))
@given(srt_bytes)
def test_srt_any_bytes_give_captions_or_an_error_naming_the_line(read_any, data):
    read_any("any.srt", data)


@settings(max_examples=100, deadline=timedelta(seconds=5))
@given(st.lists(st.one_of(st.sampled_from(["0:00:01.000,0:00:02.000\n", "0:00:05.000,0:00:01.000\n", "0:00:61.000,0:01:00.000\n", "\n", "text\n", ">> A: "]).map(str.encode), st.binary(max_size=4)), max_size=25).map(b"".join))
def test_sbv_any_bytes_give_captions_or_an_error_naming_the_line(read_any, data):
    read_any("any.sbv", data)
