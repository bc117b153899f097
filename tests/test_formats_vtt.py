"""Tests of WebVTT, YouTube's rolling auto-captions among them (quotes.formats.vtt)."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from builders import ROLLING_WORDS  # noqa: E402
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.cli import cli
from quotes.formats import (
    Skipped,
    parse_srt,
    parse_vtt,
    read_caption_file,
    read_transcript_file,
)
from quotes.store import TranscriptStore

DATA = Path(__file__).parent / "data"
VIDEO = "pdJQ8iVTwj8"


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_vtt_sample_blocks_ids_settings_hourless_and_missing_blank_line(seg):
    t = read_transcript_file(DATA / "lecture.vtt", video_id=VIDEO)
    assert t.language_code == "fr"  # from the Language: header
    assert t.is_generated is False
    assert t.segments == [
        seg(1.0, 2.5, "Bonjour à tous."),
        seg(3.5, 2.5, "Aujourd'hui on parle\nde compilateurs <3"),
        seg(60.0, 3542.0, "Une heure plus tard."),
    ]


def test_vtt_timing_right_under_header(seg):
    text = "\ufeffWEBVTT\r\n00:00:01.000 --> 00:00:02.000\r\nHi\r\n"
    assert parse_vtt(text, "x.vtt") == [seg(1, 1, "Hi")]
    text = "WEBVTT\nKind: captions\n00:01.000 --> 00:02.000\nHi\n00:02.000 --> 00:03.000\nyou"
    assert parse_vtt(text, "x.vtt") == [seg(1, 1, "Hi"), seg(2, 1, "you")]


def rolling_text(segments) -> list[str]:
    return " ".join(s.text for s in segments).split()


def test_rolling_auto_captions_read_each_word_once(seg):
    t = read_transcript_file(DATA / "rolling-auto.en.vtt", video_id=VIDEO)
    assert t.is_generated is True
    assert t.language_code == "en"
    assert rolling_text(t.segments) == ROLLING_WORDS
    # One segment per spoken line, timed by the cue that introduces it.
    assert len(t.segments) == 12
    assert t.segments[1] == seg(1.23, 3.14, "so today we're going to talk about")
    # The speaker's own repetitions survive.
    assert "that that" in t.segments[2].text
    assert [s.text for s in t.segments[3:5]] == ["for the", "the people who build hardware"]


def test_rolling_auto_captions_with_crlf_and_bom():
    raw = (DATA / "rolling-auto.en.vtt").read_text(encoding="utf-8")
    segments = parse_vtt("\ufeff" + raw.replace("\n", "\r\n"), "x.vtt")
    assert rolling_text(segments) == ROLLING_WORDS


def test_rolling_file_stays_clean_through_transcript_cleaned():
    t = read_transcript_file(DATA / "rolling-auto.en.vtt", video_id=VIDEO).cleaned()
    assert rolling_text(t.segments) == [w for w in ROLLING_WORDS if w != "[Music]"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("1\n00:00:01.000 --> 00:00:02.000\nx\n", "talk.vtt:1: expected 'WEBVTT' on the first line, got '1'"),
        ("", "talk.vtt:1: expected 'WEBVTT' on the first line, got ''"),
        (
            "WEBVTT\n\nNOTE fine\n\n00:01.000 -> 00:02.000\nx\n",
            "talk.vtt:5: expected a time range like 00:01:02.500 --> 00:01:04.000, "
            "got '00:01.000 -> 00:02.000'",
        ),
        (
            "WEBVTT\n\ncue-1\n00:01.000 -> 00:02.000\nok\n\njust text\n",  # (nothing readable)
            "talk.vtt:4: expected a time range like 00:01:02.500 --> 00:01:04.000, got '00:01.000 -> 00:02.000'",
        ),
        (
            "WEBVTT\n\ncue-2\nHello\n",
            "talk.vtt:4: expected a time range like 00:01:02.500 --> 00:01:04.000, got 'Hello'",
        ),
        (
            "WEBVTT\n\n00:03.000 --> 00:02.000\nx\n",
            "talk.vtt:3: expected the end time after the start time, got '00:03.000 --> 00:02.000'",
        ),
        (
            "WEBVTT\n\n00:00:75.000 --> 00:01:00.000\nx\n",
            "talk.vtt:3: expected minutes and seconds below 60, got '00:00:75.000 --> 00:01:00.000'",
        ),
    ],
)
def test_vtt_errors(error_of, text, message):
    assert error_of(parse_vtt, text, "talk.vtt") == message


WHISPER_HIGHLIGHT = """WEBVTT

00:01.200 --> 00:01.450
<u>Hi</u> everyone, welcome.

00:01.450 --> 00:01.480
Hi everyone, welcome.

00:01.480 --> 00:02.000
Hi <u>everyone,</u> welcome.

00:02.000 --> 00:02.500
Hi everyone, <u>welcome.</u>

00:03.000 --> 00:04.000
<u>Thanks.</u>
"""


def test_whisper_highlighted_words_are_one_caption(seg):
    # Whisper --highlight_words repeats the text for every word, that word underlined.
    assert parse_vtt(WHISPER_HIGHLIGHT) == [seg(1.2, 1.3, "Hi everyone, welcome."), seg(3.0, 1.0, "Thanks.")]
    srt = "1\n00:00:01,000 --> 00:00:01,500\n<u>No</u> way.\n\n2\n00:00:01,500 --> 00:00:02,000\nNo <u>way.</u>\n"
    assert parse_srt(srt) == [seg(1.0, 1.0, "No way.")]


def test_identical_typed_captions_are_kept(seg):
    srt = "1\n00:00:01,000 --> 00:00:02,000\nNo.\n\n2\n00:00:02,000 --> 00:00:03,000\nNo.\n"
    assert parse_srt(srt) == [seg(1.0, 1.0, "No."), seg(2.0, 1.0, "No.")]


def test_a_few_timed_words_do_not_make_a_typed_file_rolling(seg):
    vtt = "WEBVTT\n\n00:01.000 --> 00:04.000\nRind pickles.\n<00:00:02.000>Timed <00:00:03.000>words.\n"
    assert parse_vtt(vtt) == [seg(1.0, 3.0, "Rind pickles.\nTimed words.")]


def test_cli_import_rolling_vtt_relative_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QUOTES_TRANSCRIPTS", raising=False)
    result = run("import", str(DATA / "rolling-auto.en.vtt"), "--video", VIDEO, "--lang", "en-GB")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Imported {VIDEO} (en-GB) from rolling-auto.en.vtt: 12 captions, 0:24 "
        f"-> transcripts/{VIDEO}.en-GB.json\n"
    )
    t = TranscriptStore("transcripts").load(VIDEO, ["en-GB"])
    assert rolling_text(t.segments) == ROLLING_WORDS


# ---------------------------------------------------------------- read as players read them
# (each file in tests/data/players/ is ours, written after the cases peer libraries test)

PLAYERS = Path(__file__).parent / "data" / "players"


def read_player_file(name: str):
    return read_caption_file(PLAYERS / name, video_id=VIDEO)


def texts(read) -> list[str]:
    return [s.text for s in read.transcript.segments]


def test_vtt_lines_of_spaces_between_cues_end_them():
    read = read_player_file("vtt-spaces-between-cues.vtt")
    assert texts(read) == ["The hives were quiet that spring.", "Nobody knew why.", "So we opened one."]
    assert read.skipped == []


def test_vtt_blank_line_inside_a_style_block_skips_only_its_rest():
    read = read_player_file("vtt-blank-line-in-style.vtt")
    assert texts(read) == ["Styled, and read all the same.", "Second cue."]
    assert read.skipped == [Skipped(8, "expected a time range like 00:01:02.500 --> 00:01:04.000, got '}'")]


def test_vtt_old_region_header_lines_are_no_cues():
    read = read_player_file("vtt-old-region-header.vtt")
    assert texts(read) == ["An old region header.", "Still read."]
    assert read.skipped == []


def test_vtt_second_header_is_passed_over():
    read = read_player_file("vtt-second-header.vtt")
    assert [(s.start, s.text) for s in read.transcript.segments] == [(0, "Words timed"), (1.2, "by a second writer.")]
    assert read.skipped == []


def test_vtt_arrow_in_an_identifier_or_a_block_skips_that_block():
    read = read_player_file("vtt-arrow-in-id.vtt")
    assert texts(read) == ["An id that holds an arrow.", "The next cue is fine.", "And so is this one."]
    assert [s.line for s in read.skipped] == [3, 10]
    assert read.skipped[1].message == "expected a time range like 00:01:02.500 --> 00:01:04.000, got '--> stray arrow'"


def test_vtt_cue_settings_straight_after_the_end_time():
    read = read_player_file("vtt-settings-after-time.vtt")
    assert [(s.start, s.duration, s.text) for s in read.transcript.segments] == [
        (1, 1, "Settings straight after the time."),
        (2.5, 1.5, "Again."),
    ]


def test_vtt_blank_line_inside_cue_text_ends_the_cue_and_the_rest_is_skipped():
    read = read_player_file("vtt-blank-line-in-cue.vtt")
    assert texts(read) == ["A cue whose text", "The next cue."]
    assert read.skipped == [
        Skipped(6, "expected a time range like 00:01:02.500 --> 00:01:04.000, got 'has a blank line in it.'")
    ]


def test_vtt_cues_timed_out_of_range_or_ending_before_they_start_are_skipped():
    read = read_player_file("vtt-bad-timings.vtt")
    assert texts(read) == ["Fine.", "Fine again."]
    assert read.skipped == [
        Skipped(6, "expected the end time after the start time, got '00:00:05.000 --> 00:00:03.000'"),
        Skipped(9, "expected minutes and seconds below 60, got '00:00:61.000 --> 00:01:02.000'"),
    ]


def test_vtt_nul_is_the_replacement_character():
    assert texts(read_player_file("vtt-nul.vtt")) == ["A nul\ufffdhere."]


def test_vtt_timestamp_tag_with_spaces_is_markup():
    assert texts(read_player_file("vtt-spaced-timestamp-tag.vtt")) == ["One two three"]


def test_vtt_of_which_nothing_can_be_read_is_refused_at_its_first_bad_block(error_of):
    text = "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nbackwards\n\n00:00:61.000 --> 00:01:02.000\nout of range\n"
    assert error_of(parse_vtt, text, "x.vtt") == (
        "x.vtt:3: expected the end time after the start time, got '00:00:05.000 --> 00:00:01.000'"
    )


# ---------------------------------------------------------------- any input (#15)

vtt_pieces = st.sampled_from(
    ["WEBVTT\n", "\n", "   \n", "1\n", "00:01.000 --> 00:02.000\n", "00:00:01.000 --> 00:00:02.000align:start\n", "00:05.000 --> 00:01.000\n",
     "NOTE x\n", "STYLE\n", "Region: id=a\n", "-->", "<v Bob>", "<c>", "<00:00:01.500>", "< 00:01.000>", "<u>", "word ", "\x00", "\r"]
)
vtt_bytes = st.lists(st.one_of(vtt_pieces.map(str.encode), st.binary(max_size=4)), max_size=25).map(lambda parts: b"WEBVTT\n\n" + b"".join(parts))


@settings(max_examples=150, deadline=timedelta(seconds=5))
@given(vtt_bytes)
def test_vtt_any_bytes_give_captions_or_an_error_naming_the_line(read_any, data):
    read_any("any.vtt", data)
