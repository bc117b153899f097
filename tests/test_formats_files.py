"""Tests of reading caption files: detection, decoding, language (quotes.formats)."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes import formats
from quotes.cli import cli
from quotes.errors import TranscriptFileTooLarge, TranscriptFormatError
from quotes.formats import (
    detect_format,
    language_from_filename,
    read_transcript_file,
)

DATA = Path(__file__).parent / "data"
VIDEO = "pdJQ8iVTwj8"
TTML = (DATA / "sample.ttml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name, lang",
    [
        ("pdJQ8iVTwj8.en.json", "en"),
        ("ID.de.json", "de"),
        ("Talk [abc].pt-BR.vtt", "pt-BR"),
        ("talk.srt", None),
        ("notes.old.srt", None),
        ("en.srt", None),
    ],
)
def test_language_from_filename(name, lang):
    assert language_from_filename(name) == lang


def test_lang_argument_wins_over_name_and_header():
    t = read_transcript_file(DATA / "talk.de.srt", video_id=VIDEO, language_code="es", is_generated=True)
    assert (t.language_code, t.is_generated) == ("es", True)


def test_detect_by_content_over_extension(seg, tmp_path):
    path = tmp_path / "captions.txt"
    path.write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n")
    assert read_transcript_file(path, video_id=VIDEO).segments == [seg(1, 1, "hi")]
    assert detect_format("1\n00:00:01,000 --> 00:00:02,000\nx") == "srt"
    assert detect_format('  [{"text": "a"}]', "x.srt") == "json"


def test_undetectable_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("\nDear editor,\n")
    with pytest.raises(TranscriptFormatError) as info:
        read_transcript_file(path, video_id=VIDEO)
    assert str(info.value) == (
        f"{path}:1: expected an SRT, WebVTT, SBV, JSON, XML (YouTube, TTML) or timestamped text caption file, "
        "got 'Dear editor,'"
    )


def test_empty_and_non_utf8_files(tmp_path):
    empty = tmp_path / "e.srt"
    empty.write_text("\n\n")
    with pytest.raises(TranscriptFormatError, match=r"e\.srt: expected at least one caption, found none$"):
        read_transcript_file(empty, video_id=VIDEO)
    latin = tmp_path / "l.srt"
    latin.write_bytes("1\n00:00:01,000 --> 00:00:02,000\nCaf\u00e9\n".encode("latin-1"))
    with pytest.raises(TranscriptFormatError) as info:
        read_transcript_file(latin, video_id=VIDEO)
    assert str(info.value) == f"{latin}:3: expected UTF-8 text, got byte 0xe9; save the file as UTF-8"


def test_utf16_with_bom(seg, tmp_path):
    path = tmp_path / "w.srt"
    path.write_bytes("1\r\n00:00:01,000 --> 00:00:02,000\r\nCafé\r\n".encode("utf-16"))
    assert read_transcript_file(path, video_id=VIDEO).segments == [seg(1, 1, "Café")]


def test_segments_sorted_by_start(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('[{"text": "b", "start": 5, "duration": 1}, {"text": "a", "start": 1, "duration": 1}]')
    assert [s.text for s in read_transcript_file(path, video_id=VIDEO).segments] == ["a", "b"]


@pytest.mark.parametrize(
    "name, text",
    [
        ("big.srt", "1\n" + "9" * 400 + ":00:00,000 --> " + "9" * 400 + ":00:01,000\nhi\n"),
        ("big.xml", '<transcript><text start="' + "9" * 400 + '" dur="1">hi</text></transcript>'),
        ("big.sbv", "99999999:00:00.000,99999999:00:01.000\nhi\n"),
        ("big.json", '{"events": [{"tStartMs": 1e308, "dDurationMs": 1, "segs": [{"utf8": "hi"}]}]}'),
    ],
)
def test_times_too_large_for_a_video_are_an_error(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TranscriptFormatError, match="expected times under 168 hours"):
        read_transcript_file(path, video_id=VIDEO)


def test_reading_stops_at_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(formats, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\n" + "words " * 200, encoding="utf-8")
    with pytest.raises(TranscriptFileTooLarge) as err:
        read_transcript_file(path, video_id=VIDEO)
    assert str(err.value) == f"{path}: expected a caption file of at most 1,000 bytes, got more (reading stopped there)"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\nsmall enough\n", encoding="utf-8")
    assert read_transcript_file(path, video_id=VIDEO).segments[0].text == "small enough"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_cli_import_of_an_endless_input_ends(tmp_path, monkeypatch):
    monkeypatch.setattr(formats, "MAX_FILE_BYTES", 100_000)
    result = CliRunner().invoke(cli, ["import", "/dev/zero", "--video", VIDEO, "--transcripts", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == "Error: /dev/zero: expected a caption file of at most 100,000 bytes, got more (reading stopped there).\n"
