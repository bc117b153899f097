"""Tests of JSON captions: raw list, json3, Whisper, podcast, stored (quotes.formats.json)."""
from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.errors import TranscriptFormatError
from quotes.formats import (
    parse_json,
    read_transcript_file,
)
from quotes.store import TranscriptStore
from quotes.transcript import clean_text, speaker_turns

DATA = Path(__file__).parent / "data"
VIDEO = "pdJQ8iVTwj8"


def test_raw_json_list(seg):
    t = read_transcript_file(DATA / "raw.en.json", video_id=VIDEO)
    assert t.language_code == "en"
    assert t.is_generated is False
    assert t.segments[0] == seg(0.0, 4.0, "on one axis you have more hardware")
    assert t.segments[3] == seg(9.25, 3.5, "explosion of innovation in AI")
    assert len(t.segments) == 4


def test_raw_json_missing_duration_is_zero(seg):
    assert parse_json('[{"text": "a", "start": 2}]') == [seg(2, 0, "a")]


def test_json_list_with_end_instead_of_duration(seg):
    assert parse_json('[{"text": "a", "start": 2, "end": 3.5}]') == [seg(2, 1.5, "a")]


def test_whisper_json(seg):
    t = read_transcript_file(DATA / "whisper.json", video_id=VIDEO)
    assert (t.language_code, t.is_generated) == ("de", True)
    assert t.segments == [
        seg(0.0, 3.52, "So today we're going to talk about compilers."),
        seg(3.52, 1.68, "And chips, of course."),
    ]


def test_language_guessed_from_the_words_when_nothing_says(tmp_path):
    path = tmp_path / "talk.srt"
    path.write_text(
        "1\n00:00:01,000 --> 00:00:04,000\nUnd dann haben wir die Hütte gebaut,\n\n"
        "2\n00:00:04,000 --> 00:00:07,000\naber es war nicht einfach, weil der Schnee kam.\n",
        encoding="utf-8",
    )
    assert read_transcript_file(path, video_id=VIDEO).language_code == "de"
    assert read_transcript_file(path, video_id=VIDEO, language_code="fr").language_code == "fr"


def test_whisper_json_language_name_is_not_a_code(seg, tmp_path):
    path = tmp_path / "talk.json"
    path.write_text('{"segments": [{"start": 0, "end": 1, "text": " Hi."}], "language": "english"}')
    t = read_transcript_file(path, video_id=VIDEO)
    assert (t.language_code, t.segments) == ("en", [seg(0, 1, "Hi.")])


def test_whisperx_diarized_speakers_become_speaker_marks(seg, tmp_path):
    path = tmp_path / "talk.json"
    path.write_text(json.dumps({"language": "en", "segments": [
        {"start": 0.0, "end": 2.5, "text": " So what brought you here?", "speaker": "SPEAKER_00",
         "words": [{"word": "So", "start": 0.0, "end": 0.2, "speaker": "SPEAKER_00"}]},
        {"start": 2.5, "end": 4.0, "text": " Well, the bees.", "speaker": "SPEAKER_01"},
        {"start": 4.0, "end": 5.0, "text": " Mostly the bees."},  # unassigned: no change
        {"start": 5.0, "end": 6.0, "text": " They are fine.", "speaker": "SPEAKER_01"},
        {"start": 6.0, "end": 7.5, "text": " Good.", "speaker": "SPEAKER_00"},
    ]}))
    t = read_transcript_file(path, video_id=VIDEO)
    assert t.segments == [
        seg(0, 2.5, "SPEAKER 00: So what brought you here?"),
        seg(2.5, 1.5, "SPEAKER 01: Well, the bees."),
        seg(4, 1, "Mostly the bees."),
        seg(5, 1, "They are fine."),
        seg(6, 1.5, "SPEAKER 00: Good."),
    ]
    assert [speaker_turns(s.text)[0] for s in t.segments] == [True, True, False, False, True]
    assert clean_text(t.segments[0].text) == "So what brought you here?"


def test_json3_asr_skips_window_and_append_events(seg):
    t = read_transcript_file(DATA / "asr.json3", video_id=VIDEO)
    assert t.is_generated is True
    assert t.segments == [
        seg(0.16, 4.72, "so today we're going"),
        seg(2.36, 5.0, "to talk about"),
        seg(4.88, 7.12, "compilers and chips"),
    ]


def test_json3_manual_is_not_generated(seg, tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"events": [{"tStartMs": 1000, "segs": [{"utf8": "Hi &amp; bye"}]}]}))
    t = read_transcript_file(path, video_id=VIDEO)
    assert t.is_generated is False
    assert t.segments == [seg(1.0, 0.0, "Hi & bye")]


def test_own_stored_transcript_json(tmp_path):
    original = read_transcript_file(DATA / "talk.de.srt", video_id=VIDEO).model_copy(
        update={"title": "A talk", "is_generated": True}
    )
    path = TranscriptStore(tmp_path).save(original)
    t = read_transcript_file(path, video_id=VIDEO)
    assert (t.language_code, t.title, t.is_generated) == ("de", "A talk", True)
    assert t.segments == original.segments
    assert t.source == "file:pdJQ8iVTwj8.de.json"


JSON_BAD_START = """[
  {"text": "a", "start": 1.0, "duration": 1.0},
  {"text": "b",
   "start": "two",
   "duration": 1.0}
]"""


@pytest.mark.parametrize(
    "text, message",
    [
        (
            '[\n {"text": "a", "start": 1, "duration": 1}\n {"text": "b", "start": 2}]\n',
            "t.json:3: expected valid JSON: Expecting ',' delimiter (column 2)",
        ),
        (JSON_BAD_START, 't.json:4: expected "start" to be zero or more seconds in caption 2, got "two"'),
        (
            '[{"text": "a", "start": 1},\n {"text": "b"}]',
            't.json:2: expected "start" to be zero or more seconds in caption 2, got null',
        ),
        (
            '[\n{"text": "a", "start": 1,\n "duration": -1}]',
            't.json:3: expected "duration" to be zero or more seconds in caption 1, got -1',
        ),
        ('[{"start": 1, "duration": 1}]', 't.json:1: expected "text" to be a string in caption 1'),
        (
            '[\n  "just text"\n]',
            't.json:2: expected a caption object like {"text": "...", "start": 1.0, "duration": 2.5}, '
            'got "just text"',
        ),
        (
            '{"captions": []}',
            't.json:1: expected a list of captions like [{"text": "...", "start": 1.0, '
            '"duration": 2.5}], a json3 object with "events" or a Whisper object with "segments"',
        ),
        (
            '{"segments": [\n {"start": 0, "end": 2, "text": "a"},\n {"start": 5, "end": 4, "text": "b"}\n]}',
            't.json:3: expected "end" to be seconds at or after "start" (5) in caption 2, got 4',
        ),
        ('{"segments": [\n {"start": 0, "text": "a"}]}', 't.json:2: expected "end" (seconds) in caption 1'),
        ('{"segments": {"start": 0}}', 't.json:1: expected "segments" to be a list of {"start": 1.0, "end": 3.5, "text": "..."}'),
        (
            '{"events": [\n {"tStartMs": 0},\n {"tStartMs": -5, "segs": [{"utf8": "x"}]}\n]}',
            't.json:3: expected "tStartMs" to be zero or more milliseconds in event 2, got -5',
        ),
        (
            '{"events": [{"tStartMs": 5, "segs": "x"}]}',
            't.json:1: expected "segs" to be a list of {"utf8": "..."} in event 1',
        ),
    ],
)
def test_json_errors(error_of, text, message):
    assert error_of(parse_json, text, "t.json") == message


def test_stored_transcript_json_error(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{\n "video_id": "x",\n "language_code": "en",\n "segments": [\n  {"start": -1, "duration": 1, "text": "a"}\n ]\n}')
    with pytest.raises(TranscriptFormatError) as info:
        read_transcript_file(path, video_id=VIDEO)
    assert str(info.value).startswith(f"{path}:5: expected a valid stored transcript: segments.0.start:")


def test_json_nested_too_deeply_is_an_error(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000)
    with pytest.raises(TranscriptFormatError, match="nested too deeply"):
        read_transcript_file(path, video_id="tEsTvIdeo01")


def test_podcast_json_transcript(seg, tmp_path):
    """The Podcasting 2.0 JSON transcript: startTime, endTime, body and speaker."""
    path = tmp_path / "episode.json"
    path.write_text(json.dumps({"version": "1.0.0", "segments": [
        {"speaker": "Alice", "startTime": 0.5, "endTime": 1.25, "body": "Welcome back."},
        {"speaker": "Alice", "startTime": 1.25, "endTime": 3, "body": "Today, bees."},
        {"speaker": "Bob", "startTime": 3, "endTime": 4.5, "body": "Thanks for having me."},
    ]}))
    t = read_transcript_file(path, video_id=VIDEO)
    assert t.segments == [seg(0.5, 0.75, "ALICE: Welcome back."), seg(1.25, 1.75, "Today, bees."),
                          seg(3, 1.5, "BOB: Thanks for having me.")]


def test_podcast_json_errors_name_the_line():
    text = '{"segments": [\n {"startTime": 1, "endTime": 2, "body": "ok"},\n {"startTime": 3, "body": "no end"}\n]}'
    with pytest.raises(TranscriptFormatError) as err:
        parse_json(text, "e.json")
    assert err.value.line == 3 and 'expected "endTime" (seconds, zero or more) in caption 2' in str(err.value)


def test_podcast_json_with_a_huge_time_names_the_caption():
    with pytest.raises(TranscriptFormatError, match='"startTime" .* in caption 1'):
        parse_json('{"segments": [{"startTime": 1e308, "endTime": 1e309, "body": "x"}]}')


# ---------------------------------------------------------------- any input (#15)

json_pieces = st.sampled_from(
    ['[', ']', '{', '}', ',', ':', '"text"', '"start"', '"duration"', '"end"', '"segments"', '"events"', '"tStartMs"', '"segs"',
     '"utf8"', '"startTime"', '"endTime"', '"body"', '"speaker"', '"video_id"', '1.5', '-1', '1e309', 'null', 'true', '"hi"', '\n']
)
json_bytes = st.lists(st.one_of(json_pieces.map(str.encode), st.binary(max_size=3)), max_size=30).map(b"".join)


@settings(max_examples=150, deadline=timedelta(seconds=5))
@given(json_bytes)
def test_json_any_bytes_give_captions_or_an_error_naming_the_line(read_any, data):
    read_any("any.json", data)
