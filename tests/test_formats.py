"""Tests of quotes.formats (SRT, WebVTT, JSON, json3, YouTube XML, TTML and timestamped text
readers, and the writers) and `quotes import`."""

from __future__ import annotations

import html
import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.cli import cli
from quotes.errors import TranscriptFormatError
from quotes.formats import (
    detect_format,
    format_srt,
    format_srt_time,
    format_vtt,
    format_vtt_time,
    language_from_filename,
    parse_json,
    parse_sbv,
    parse_srt,
    parse_text,
    parse_vtt,
    parse_xml,
    read_transcript_file,
)
from quotes.store import TranscriptStore
from quotes.transcript import Segment, clean_text, speaker_turns

DATA = Path(__file__).parent / "data"
FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
VIDEO = "pdJQ8iVTwj8"

ROLLING_WORDS = (
    "[Music] so today we're going to talk about compilers and why that that matters "
    "for the the people who build hardware uh you know it's really about making programming "
    "easier for everyone and Mojo is right our answer to that thank you"
).split()


def seg(start, duration, text):
    return Segment(start=start, duration=duration, text=text)


def error_of(func, *args) -> str:
    with pytest.raises(TranscriptFormatError) as info:
        func(*args)
    return str(info.value)


# ---------------------------------------------------------------- SRT


def test_srt_sample_with_bom_crlf_markup_and_overlap():
    t = read_transcript_file(DATA / "talk.de.srt", video_id=VIDEO)
    assert t.language_code == "de"
    assert t.source == "file:talk.de.srt"
    assert t.is_generated is False
    assert t.segments == [
        seg(1.0, 2.2, "Welcome back to the show."),
        seg(3.2, 2.8, "Today we talk about\ncompilers & chips."),
        seg(5.5, 2.75, "Overlapping captions are fine."),
    ]


def test_srt_lenient_forms():
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


def test_srt_without_final_newline_and_cr_only():
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
def test_srt_errors(text, message):
    assert error_of(parse_srt, text, "talk.srt") == message


# ---------------------------------------------------------------- WebVTT


def test_vtt_sample_blocks_ids_settings_hourless_and_missing_blank_line():
    t = read_transcript_file(DATA / "lecture.vtt", video_id=VIDEO)
    assert t.language_code == "fr"  # from the Language: header
    assert t.is_generated is False
    assert t.segments == [
        seg(1.0, 2.5, "Bonjour à tous."),
        seg(3.5, 2.5, "Aujourd'hui on parle\nde compilateurs <3"),
        seg(60.0, 3542.0, "Une heure plus tard."),
    ]


def test_vtt_timing_right_under_header():
    text = "\ufeffWEBVTT\r\n00:00:01.000 --> 00:00:02.000\r\nHi\r\n"
    assert parse_vtt(text, "x.vtt") == [seg(1, 1, "Hi")]
    text = "WEBVTT\nKind: captions\n00:01.000 --> 00:02.000\nHi\n00:02.000 --> 00:03.000\nyou"
    assert parse_vtt(text, "x.vtt") == [seg(1, 1, "Hi"), seg(2, 1, "you")]


def rolling_text(segments) -> list[str]:
    return " ".join(s.text for s in segments).split()


def test_rolling_auto_captions_read_each_word_once():
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
            "WEBVTT\n\ncue-1\n00:01.000 --> 00:02.000\nok\n\njust text\n",
            "talk.vtt:7: expected a time range like 00:01:02.500 --> 00:01:04.000, got 'just text'",
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
def test_vtt_errors(text, message):
    assert error_of(parse_vtt, text, "talk.vtt") == message


# ---------------------------------------------------------------- JSON


def test_raw_json_list():
    t = read_transcript_file(DATA / "raw.en.json", video_id=VIDEO)
    assert t.language_code == "en"
    assert t.is_generated is False
    assert t.segments[0] == seg(0.0, 4.0, "on one axis you have more hardware")
    assert t.segments[3] == seg(9.25, 3.5, "explosion of innovation in AI")
    assert len(t.segments) == 4


def test_raw_json_missing_duration_is_zero():
    assert parse_json('[{"text": "a", "start": 2}]') == [seg(2, 0, "a")]


def test_json_list_with_end_instead_of_duration():
    assert parse_json('[{"text": "a", "start": 2, "end": 3.5}]') == [seg(2, 1.5, "a")]


def test_whisper_json():
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


def test_whisper_json_language_name_is_not_a_code(tmp_path):
    path = tmp_path / "talk.json"
    path.write_text('{"segments": [{"start": 0, "end": 1, "text": " Hi."}], "language": "english"}')
    t = read_transcript_file(path, video_id=VIDEO)
    assert (t.language_code, t.segments) == ("en", [seg(0, 1, "Hi.")])


def test_whisperx_diarized_speakers_become_speaker_marks(tmp_path):
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


words = st.lists(st.text(alphabet="abcdefgh", min_size=1, max_size=6), min_size=1, max_size=5).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([None, "SPEAKER_00", "SPEAKER_01", "Dana Smith"]), words), min_size=1, max_size=8))
def test_whisperx_marks_exactly_the_changes_of_speaker(said):
    doc = {"language": "en", "segments": [
        {"start": k, "end": k + 1, "text": " " + text, **({"speaker": name} if name else {})}
        for k, (name, text) in enumerate(said)
    ]}
    segments = parse_json(json.dumps(doc))
    last = None
    for (name, text), segment in zip(said, segments, strict=True):
        assert speaker_turns(segment.text) == (name is not None and name != last, False)
        assert clean_text(segment.text) == text
        last = name or last


def test_json3_asr_skips_window_and_append_events():
    t = read_transcript_file(DATA / "asr.json3", video_id=VIDEO)
    assert t.is_generated is True
    assert t.segments == [
        seg(0.16, 4.72, "so today we're going"),
        seg(2.36, 5.0, "to talk about"),
        seg(4.88, 7.12, "compilers and chips"),
    ]


def test_json3_manual_is_not_generated(tmp_path):
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
def test_json_errors(text, message):
    assert error_of(parse_json, text, "t.json") == message


def test_stored_transcript_json_error(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{\n "video_id": "x",\n "language_code": "en",\n "segments": [\n  {"start": -1, "duration": 1, "text": "a"}\n ]\n}')
    with pytest.raises(TranscriptFormatError) as info:
        read_transcript_file(path, video_id=VIDEO)
    assert str(info.value).startswith(f"{path}:5: expected a valid stored transcript: segments.0.start:")


# ---------------------------------------------------------------- timestamped text

YOUTUBE_PANEL = """Transcript
0:00
welcome back to the show
0:04
today we talk about bees
and why they matter
1:02:04.5
thank you all for watching
"""


def test_text_youtube_panel_copy():
    # A title before the first time is skipped; each caption runs to the next time, the last
    # one for as long as its words take (2.5 words a second, at least a second).
    assert parse_text(YOUTUBE_PANEL, "t.txt") == [
        seg(0, 4, "welcome back to the show"),
        seg(4, 3720.5, "today we talk about bees\nand why they matter"),
        seg(3724.5, 2, "thank you all for watching"),
    ]


def test_text_youtube_panel_chapter_titles_are_not_caption_text():
    lines = ["Transcript", "", "Intro"]
    for k in range(12):
        lines += [f"0:{k * 5:02d}", f"caption number {k}"] + (["Mites and winter losses"] if k == 3 else [])
    segments = parse_text("\n".join(lines) + "\n")
    assert [s.text for s in segments] == [f"caption number {k}" for k in range(12)]
    assert segments[3].duration == 5


def test_text_time_opening_each_line():
    text = "0:00 welcome back to the show\n1:02:04 today we talk about bees\n"
    assert parse_text(text) == [seg(0, 3724, "welcome back to the show"), seg(3724, 2, "today we talk about bees")]
    # brackets, parentheses, a dash after the time, a line carried on, fractions, blank lines
    text = "[00:00:12] welcome back\n\n(00:15) - and what about\nthe bees?\n[00:00:21,250] | gone.\n0:25: back\n"
    assert parse_text(text) == [
        seg(12, 3, "welcome back"),
        seg(15, 6.25, "and what about\nthe bees?"),
        seg(21.25, 3.75, "gone."),
        seg(25, 1, "back"),
    ]


def test_text_speaker_names_become_speaker_marks():
    text = (
        "[00:00:12] Speaker 1: welcome back\n"
        "(00:15) Host: and what about...\n"
        "(00:18) Host: the bees?\n"  # the same speaker again: no change of speaker
        "[00:00:20] Dr. Ana Lima: they are fine\n"
    )
    segments = parse_text(text)
    assert [s.text for s in segments] == [
        "SPEAKER 1: welcome back",
        "HOST: and what about...",
        "the bees?",
        "DR. ANA LIMA: they are fine",
    ]
    # in the form quotes.transcript reads as a change of speaker, and cleans away
    assert [speaker_turns(s.text) for s in segments] == [(True, False), (True, False), (False, False), (True, False)]
    assert [clean_text(s.text) for s in segments] == ["welcome back", "and what about...", "the bees?", "they are fine"]


def test_text_speaker_names_capitals_cannot_say_are_marked_as_a_change():
    text = "0:01 主持人: 你好\n0:03 嘉宾: 你好\n0:05 B: yes\n"
    assert [s.text for s in parse_text(text)] == [">> 你好", ">> 你好", ">> yes"]


def test_text_sentences_with_colons_are_no_speakers():
    text = "0:01 so here is the thing: bees\n0:03 The Real Thing Is This Big Thing Here: no\n0:05 2 things: one\n"
    assert [s.text for s in parse_text(text)] == [
        "so here is the thing: bees",
        "The Real Thing Is This Big Thing Here: no",
        "2 things: one",
    ]


OTTER = """Bee keeping interview
Tue, 5/14 10:02AM \u2022 3:12

SPEAKERS
Jane Doe, Bob

Jane Doe  0:05
Hello and welcome. We met at 10:30 today,
and see you at 11:00

Bob  0:20
Thanks, Jane.

Jane Doe  0:24
So, bees.

Transcribed by https://otter.ai
"""


def test_text_otter_export(tmp_path):
    path = tmp_path / "interview.txt"
    path.write_text(OTTER, encoding="utf-8")
    t = read_transcript_file(path, video_id=VIDEO)
    assert t.is_generated is True  # Otter's footer says so (and is not a caption)
    assert t.language_code == "en"
    assert t.segments == [
        seg(5, 15, "JANE DOE: Hello and welcome. We met at 10:30 today,\nand see you at 11:00"),
        seg(20, 4, "BOB: Thanks, Jane."),
        seg(24, 1, "JANE DOE: So, bees."),
    ]


def test_text_otter_names_with_particles_and_a_short_portuguese_text(tmp_path):
    path = tmp_path / "entrevista.txt"
    path.write_text(
        "Ana de Souza  0:00\nOlá a todos, hoje vamos falar de café.\n\n"
        "João Araújo  0:07\nObrigado pelo convite, é um prazer.\n\n"
        "Ana de Souza  0:12\nComo foi a colheita este ano?\n\n"
        "João Araújo  0:16\nFoi boa, mas a seca atrasou tudo e não choveu em setembro.\n",
        encoding="utf-8",
    )
    t = read_transcript_file(path, video_id=VIDEO)
    assert t.language_code == "pt"  # not Spanish, though they share many function words
    assert [s.start for s in t.segments] == [0, 7, 12, 16]
    assert t.segments[0].text == "ANA DE SOUZA: Olá a todos, hoje vamos falar de café."


def test_text_short_youtube_panel_copy_drops_chapter_titles_too():
    # Few captions, but the spoken times show it is YouTube's panel: every caption is one line.
    text = "Transcript\n0:00\nso today we talk about boats\nEarly Life\n0:09\n9 seconds\nwhere did you grow up\n"
    assert [s.text for s in parse_text(text)] == ["so today we talk about boats", "where did you grow up"]


def test_text_youtube_panel_with_spoken_times():
    # YouTube's transcript panel, copied: each time is followed by its words for screen readers.
    text = "Transcript\n\n0:01\n1 second\nwelcome back\n1:15\n1 minute, 15 seconds\nthe zoning rule\n"
    assert parse_text(text) == [seg(1, 74, "welcome back"), seg(75, 1.2, "the zoning rule")]


def test_srv3_append_paragraph_with_words_keeps_them():
    xml = (
        '<timedtext format="3"><body><p t="1000" d="2000">Hello</p>'
        '<p t="3000" d="2000" a="1">\n</p><p t="3000" d="2000" a="1">more words</p></body></timedtext>'
    )
    assert parse_xml(xml) == [seg(1, 2, "Hello"), seg(3, 2, "more words")]


def test_text_rev_headers_and_whisper_console_ranges():
    text = "Speaker 1 (00:05):\nHello there.\n\nSpeaker 2 [01:09]: Hi.\n"
    assert parse_text(text) == [seg(5, 64, "SPEAKER 1: Hello there."), seg(69, 1, "SPEAKER 2: Hi.")]
    # Whisper prints "[start --> end]  text"; ranges give each caption its end
    text = "[00:00.000 --> 00:04.000]  So today\n[00:04.500 --> 00:06.500]  we talk\n0:07 - 0:08 about\n"
    assert parse_text(text) == [seg(0, 4, "So today"), seg(4.5, 2, "we talk"), seg(7, 1, "about")]


def test_text_lenient_forms():
    # minutes past 59 without hours (podcast pages), equal times, an empty caption, CRLF
    text = "\ufeff75:12\r\nlate\r\n75:12\r\nsame time\r\n75:20\r\n\r\n75:30 end\r\n"
    assert parse_text(text) == [seg(4512, 0, "late"), seg(4512, 8, "same time"), seg(4530, 1, "end")]
    assert parse_text("") == []


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "0:05 a\n0:09 b\n\n0:03 c\n",
            "t.txt:4: expected a time at or after 0:09 (line 2), got '0:03 c'",
        ),
        ("0:05\na\n1:75:00\nb\n", "t.txt:3: expected minutes and seconds below 60, got '1:75:00'"),
        ("0:05 a\n0:61 b\n", "t.txt:2: expected minutes and seconds below 60, got '0:61 b'"),
        ("[00:09 --> 00:05] a\n", "t.txt:1: expected the end time after the start time, got '[00:09 --> 00:05] a'"),
        (
            "\n" + "".join(f"line {n}\n" for n in range(11)) + "0:05 text\n",
            "t.txt:2: expected a time like 0:05, 1:02:03 or [00:01:02] in the first 10 lines, got 'line 0'",
        ),
        ("Dear editor,\n", "t.txt:1: expected a time like 0:05, 1:02:03 or [00:01:02] in the first 10 lines, got 'Dear editor,'"),
    ],
)
def test_text_errors(text, message):
    assert error_of(parse_text, text, "t.txt") == message


def test_text_detection_leaves_the_other_formats_alone():
    assert detect_format(YOUTUBE_PANEL, "t.txt") == "text"
    assert detect_format("[00:00:12] Speaker 1: hi\n") == "text"  # not JSON
    assert detect_format("[00:00.000 --> 00:04.000]  So today\n") == "text"  # not SRT
    assert detect_format(OTTER) == "text"
    assert detect_format("1\n00:00:01,000 --> 00:00:02,000\nx", "t.txt") == "srt"
    assert detect_format("00:00:01,000 --> 00:00:02,000\nx", "t.txt") == "srt"
    assert detect_format("WEBVTT\n\n00:01.000 --> 00:02.000\nx", "t.txt") == "vtt"
    assert detect_format('[{"text": "a", "start": 1}]', "t.txt") == "json"
    assert detect_format("0:05 hi", "t.srt") == "srt"  # an extension that names a format wins
    # a time far down a page of text does not make it a transcript
    with pytest.raises(TranscriptFormatError, match="timestamped text caption file, got 'Agenda'"):
        detect_format("Agenda\n" + "item\n" * 10 + "10:30 coffee\n", "notes.txt")


# Text as a transcript's captions say it: words that neither open with a time nor name a speaker.
text_line = st.lists(st.sampled_from(["bees", "and", "honey", "Why", "so,", "it's", "10", "a:", "(yes)"]), min_size=1, max_size=6).map(" ".join)


def clock(ms: int, hours: bool) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    fraction = f".{ms:03d}" if ms else ""
    return f"{h}:{m:02d}:{s:02d}{fraction}" if hours or h else f"{m}:{s:02d}{fraction}"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 10 * 60 * 1000), st.lists(text_line, min_size=1, max_size=3)), min_size=1, max_size=8),
    st.sampled_from(["alone", "opening", "brackets", "parens"]),
    st.booleans(),
)
def test_text_round_trip(captions, layout, hours):
    captions = sorted(captions, key=lambda c: c[0])
    out = ["Transcript"]
    for ms, lines in captions:
        time = clock(ms, hours)
        if layout == "alone":
            out += [time, *lines]
        else:
            time = {"opening": time, "brackets": f"[{time}]", "parens": f"({time})"}[layout]
            out += [f"{time} {lines[0]}", *lines[1:]]
    segments = parse_text("\n".join(out))
    assert [s.start for s in segments] == [ms / 1000 for ms, _ in captions]
    assert [s.text for s in segments] == ["\n".join(lines) for _, lines in captions]
    ends = [ms for ms, _ in captions[1:]]
    last_ms, last_lines = captions[-1]
    ends.append(last_ms + max(1000, 400 * len(" ".join(last_lines).split())))
    assert [round(s.duration * 1000) for s in segments] == [end - ms for (ms, _), end in zip(captions, ends)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["0:05", "[00:01:02]", "(1:00)", "9:99", "1:00:00", " ", "Host:", "Jane Doe", "hi", "\n", "-->", "[", "]", "0:01 - 0:00"]), max_size=20).map("".join))
def test_text_reader_fails_only_with_a_format_error(text):
    try:
        segments = parse_text(text, "t.txt")
    except TranscriptFormatError as exc:
        assert exc.line is not None and exc.expected.startswith("expected ")
        return
    assert all(s.duration >= 0 for s in segments)
    try:
        detect_format(text, "t.txt")
    except TranscriptFormatError as exc:
        assert exc.expected.startswith("expected ")


# ---------------------------------------------------------------- XML: YouTube timedtext, TTML

SRV1 = """<?xml version="1.0" encoding="utf-8" ?><transcript>
<text start="0.16" dur="4.72">so today we&amp;#39;re going</text>
<text start="2.36" dur="5">to talk about\ncompilers &amp;amp; chips</text>
<text start="4.88" dur="1.5">   </text>
<text start="6.5">&amp;lt;i&amp;gt;no duration&amp;lt;/i&amp;gt;</text>
</transcript>
"""


def test_srv1_double_escaped_entities(tmp_path):
    path = tmp_path / "talk.en.srv1"
    path.write_text(SRV1, encoding="utf-8")
    t = read_transcript_file(path, video_id=VIDEO)
    assert (t.language_code, t.is_generated, t.source) == ("en", False, "file:talk.en.srv1")
    assert t.segments == [
        seg(0.16, 4.72, "so today we're going"),
        seg(2.36, 5, "to talk about\ncompilers & chips"),
        seg(6.5, 1, "no duration"),  # the last caption without a duration: a second
    ]


def test_srv1_caption_without_duration_lasts_until_the_next():
    text = '<transcript><text start="1">a</text><text start="4.5" dur="2">b</text></transcript>'
    assert parse_xml(text) == [seg(1, 3.5, "a"), seg(4.5, 2, "b")]


def test_srv2_times_in_milliseconds():
    text = '<timedtext><text t="1230" d="2500">Hello</text><text t="4000" d="1000" append="1"> </text></timedtext>'
    assert parse_xml(text) == [seg(1.23, 2.5, "Hello")]


SRV3_ASR = """<?xml version="1.0" encoding="utf-8" ?><timedtext format="3">
<head><ws id="0"/><wp id="0"/><wp id="1" ap="6" ah="20" av="100"/></head>
<body>
<w t="0" id="1" wp="1" ws="1"/>
<p t="160" d="4720" w="1"><s ac="0">so</s><s t="199" ac="0"> today</s><s t="400" ac="0"> we&#39;re</s><s t="880" ac="0"> going</s></p>
<p t="2350" d="2530" w="1" a="1">
</p>
<p t="2360" d="5000" w="1"><s ac="0">to</s><s t="240" ac="0"> talk</s><s t="520" ac="0"> about</s></p>
<p t="4870" d="10" w="1">
</p>
</body>
</timedtext>
"""


def test_srv3_auto_captions_are_generated():
    path_text = SRV3_ASR
    assert parse_xml(path_text) == [seg(0.16, 4.72, "so today we're going"), seg(2.36, 5, "to talk about")]
    manual = '<timedtext format="3"><body><p t="1000" d="2000">Hi &amp;amp; bye\nthere</p></body></timedtext>'
    assert parse_xml(manual) == [seg(1, 2, "Hi & bye\nthere")]


def test_srv3_file_and_generated_flag(tmp_path):
    path = tmp_path / "x.srv3"
    path.write_text(SRV3_ASR, encoding="utf-8")
    assert read_transcript_file(path, video_id=VIDEO).is_generated is True
    path.write_text('<timedtext format="3"><body><p t="1000" d="2000"><s>Hi</s></p></body></timedtext>')
    assert read_transcript_file(path, video_id=VIDEO).is_generated is False  # <s> without word times


TTML = """<?xml version="1.0" encoding="utf-8"?>
<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling"
    xmlns:ttp="http://www.w3.org/ns/ttml#parameter" xml:lang="fr" ttp:tickRate="10000000">
  <head><styling><style xml:id="s1" tts:color="white"/></styling></head>
  <body>
    <div>
      <p begin="00:00:01.230" end="00:00:03.730" style="s1">Bonjour <span tts:fontStyle="italic">à</span>
         tous<br/>et bienvenue</p>
      <p begin="4s" dur="1500ms">Offset times.</p>
      <p begin="60000000t" end="65000000t">Ticks.</p>
      <p begin="00:00:07:15" end="8s">Frames (30 a second).</p>
      <p begin="9s" end="9s"> </p>
    </div>
    <div begin="1m"><p begin="1s" end="2s">A minute later.</p></div>
  </body>
</tt>
"""


def test_ttml(tmp_path):
    path = tmp_path / "talk.ttml"
    path.write_text(TTML, encoding="utf-8")
    t = read_transcript_file(path, video_id=VIDEO)
    assert (t.language_code, t.is_generated) == ("fr", False)  # from xml:lang
    assert t.segments == [
        seg(1.23, 2.5, "Bonjour à tous\net bienvenue"),
        seg(4, 1.5, "Offset times."),
        seg(6, 0.5, "Ticks."),
        seg(7.5, 0.5, "Frames (30 a second)."),
        seg(61, 1, "A minute later."),
    ]


def test_dfxp_old_namespace_and_frame_rate():
    text = (
        '<tt xmlns="http://www.w3.org/2006/10/ttaf1" xmlns:ttp="http://www.w3.org/2006/10/ttaf1#parameter" '
        'ttp:frameRate="25"><body><div><p begin="00:00:01:05" end="50f">Hi</p>'
        '<p begin="100t" end="125t">ticks are frames</p></div></body></tt>'
    )
    assert parse_xml(text, "x.dfxp") == [seg(1.2, 0.8, "Hi"), seg(4, 1, "ticks are frames")]


def ttml(body: str, params: str = "") -> str:
    return (
        '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" '
        f"{params}><body>{body}</body></tt>"
    )


def test_ttml_frame_rate_multiplier_and_sub_frames():
    ntsc = 'ttp:frameRate="30" ttp:frameRateMultiplier="1000 1001"'
    # media time: a clock time's seconds are seconds; its frames, and "f", are 1001/30000 s
    assert parse_xml(ttml('<p begin="00:00:10:00" end="00:00:10:20">a</p><p begin="300f" end="600f">b</p>', ntsc)) == [
        seg(10, 0.667, "a"),
        seg(10.01, 10.01, "b"),
    ]
    # without a tick rate, a tick is a sub-frame (here a frame) at that rate
    assert parse_xml(ttml('<p begin="300t" end="330t">a</p>', ntsc)) == [seg(10.01, 1.001, "a")]
    assert parse_xml(ttml('<p begin="300t" end="330t">a</p>', ntsc + ' ttp:tickRate="100"')) == [seg(3, 0.3, "a")]
    # sub-frames count at ttp:subFrameRate a frame, and ticks are sub-frames then
    halves = 'ttp:frameRate="25" ttp:subFrameRate="2"'
    assert parse_xml(ttml('<p begin="00:00:01:12.1" end="101t">a</p>', halves)) == [seg(1.5, 0.52, "a")]


def test_ttml_smpte_time_code_drops_frame_numbers():
    smpte = 'ttp:timeBase="smpte" ttp:frameRate="30" ttp:frameRateMultiplier="1000 1001"'
    body = '<p begin="00:01:00:02" end="01:00:00:00">a</p>'
    # drop-frame time code skips frame numbers 00 and 01 each minute but every tenth, so its
    # hour is an hour of the video (to 3.6 ms); counted without dropping, frames run slow
    assert parse_xml(ttml(body, smpte + ' ttp:dropMode="dropNTSC"')) == [seg(60.06, 3539.936, "a")]
    assert parse_xml(ttml(body, smpte)) == [seg(60.127, 3543.473, "a")]
    # dropPAL skips four at each even minute but every twentieth
    pal = smpte + ' ttp:dropMode="dropPAL"'
    assert parse_xml(ttml('<p begin="00:02:00:04" end="00:02:00:05">a</p>', pal)) == [seg(120.12, 0.033, "a")]
    # time code names frames of the video: a container's begin moves nothing, unless the
    # markers are said to be continuous
    timed = '<div begin="00:00:10:00"><p begin="00:00:01:00" end="00:00:02:00">a</p></div>'
    assert parse_xml(ttml(timed, 'ttp:timeBase="smpte"')) == [seg(1, 1, "a")]
    assert parse_xml(ttml(timed, 'ttp:timeBase="smpte" ttp:markerMode="continuous"')) == [seg(11, 1, "a")]


def test_ttml_times_count_from_their_containers():
    body = (
        '<div begin="10s">'
        '<p begin="1s" end="2s">offset by the div</p>'
        '<div begin="5s" end="8s"><p begin="1s" end="9s">cut at the end of its div</p>'
        "<p>untimed, shown while its div is</p>"
        '<p begin="4s" end="5s">after its div has ended</p></div>'
        '<p><span begin="20s" end="21s">timed</span> <span begin="21s" end="22.5s">by its spans</span></p>'
        '<p begin="30s"><span begin="1s" end="2s">its own</span> time wins</p>'
        "</div>"
    )
    assert parse_xml(ttml(body)) == [
        seg(11, 1, "offset by the div"),
        seg(16, 2, "cut at the end of its div"),
        seg(15, 3, "untimed, shown while its div is"),
        seg(30, 2.5, "timed by its spans"),
        seg(40, 0, "its own time wins"),  # (no end: until the next caption)
    ]
    # the body's begin counts too; dur as well as end
    assert parse_xml(ttml('<div><p begin="1s" dur="2s">a</p></div>').replace("<body>", '<body begin="1m">')) == [seg(61, 2, "a")]


def test_ttml_seq_container_begins_each_after_the_one_before():
    body = (
        '<div timeContainer="seq"><p dur="2s">one</p><p begin="1s" dur="3s">two</p><p dur="1s"> </p>'
        '<p end="1s">three</p><div dur="5s"><p>four</p></div><p dur="1s">five</p></div>'
    )
    assert parse_xml(ttml(body)) == [seg(0, 2, "one"), seg(3, 3, "two"), seg(7, 1, "three"), seg(8, 5, "four"), seg(13, 1, "five")]
    # an untimed caption after a timed one begins where that one ends
    body = '<div timeContainer="seq"><p dur="2s">one</p><p>two</p><p dur="3s">three</p></div>'
    assert parse_xml(ttml(body)) == [seg(0, 2, "one"), seg(2, 0, "two"), seg(2, 3, "three")]


@pytest.mark.parametrize(
    "params, body, message",
    [
        ('ttp:frameRate="25"', '<p begin="00:00:01:25" end="2s">a</p>', 'expected begin="..." to be a time whose frames count below the frame rate (25) in caption 1, got \'00:00:01:25\''),
        ('ttp:frameRate="0"', '<p begin="1s" end="2s">a</p>', 'expected ttp:frameRate="..." to be a number above 0, got \'0\''),
        ('ttp:frameRateMultiplier="1000/1001"', '<p begin="1s" end="2s">a</p>', 'expected ttp:frameRateMultiplier="..." to be two numbers above 0 like "1000 1001", got \'1000/1001\''),
        ('ttp:timeBase="clock"', '<p begin="1s" end="2s">a</p>', "expected ttp:timeBase to be \"media\" or \"smpte\", got 'clock'"),
        ("", '<div begin="2s"><p begin="1s" end="2s">a</p>\n<p><span begin="1x">b</span></p></div>', 'expected begin="..." to be a time like 00:00:01.230, 1.23s or 1230ms in caption 2, got \'1x\''),
    ],
)
def test_ttml_parameter_and_timing_errors(params, body, message):
    assert error_of(parse_xml, ttml(body, params), "t.ttml").split(": ", 1)[1] == message


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 120), st.sampled_from([(1, 1), (1000, 1001), (1001, 1000), (3, 7)]),
    st.integers(0, 99), st.integers(0, 59), st.integers(0, 59), st.data(),
)
def test_ttml_frames_are_counted_at_the_effective_frame_rate(rate, multiplier, h, m, s, data):
    frames = data.draw(st.integers(0, rate - 1))
    effective = Fraction(rate) * Fraction(*multiplier)
    params = f'ttp:frameRate="{rate}" ttp:frameRateMultiplier="{multiplier[0]} {multiplier[1]}"'
    # (in media time a clock time's seconds are seconds, and only its frames are scaled)
    clock, count = f"{h:02d}:{m:02d}:{s:02d}:{frames:02d}", (h * 3600 + m * 60 + s) * rate + frames
    [caption] = parse_xml(ttml(f'<p begin="{clock}" dur="{count}f">a</p>', params))
    assert caption.start == round((h * 3600 + m * 60 + s + frames / effective) * 1000) / 1000
    assert caption.duration == round(count / effective * 1000) / 1000


@pytest.mark.parametrize(
    "text, message",
    [
        ('<transcript>\n<text start="1">a</text>\n<text start="2">b</text\n</transcript>', "t.xml:4: expected valid XML: not well-formed (invalid token) (column 1)"),
        ("<transcript>\n<text start='1'>caf&eacute;</text></transcript>", "t.xml:2: expected valid XML: undefined entity (column 20)"),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n <!ENTITY lol2 "&lol;&lol;">\n]>\n'
            "<transcript><text start='1'>&lol2;</text></transcript>",
            "t.xml:3: expected XML without <!ENTITY> declarations (refused for safety)",
        ),
        (
            '<!DOCTYPE tt [\n <!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n<tt><body><p begin="1s">&secret;</p></body></tt>',
            "t.xml:2: expected XML without <!ENTITY> declarations (refused for safety)",
        ),
        ('<transcript>\n<text start="1">a</text>\n<text dur="2">b</text>\n</transcript>', 't.xml:3: expected start="..." (seconds) in caption 2'),
        ('<transcript><text start="-1">a</text></transcript>', "t.xml:1: expected start=\"...\" to be zero or more seconds in caption 1, got '-1'"),
        ('<transcript><text start="1" dur="NaN">a</text></transcript>', "t.xml:1: expected dur=\"...\" to be zero or more seconds in caption 1, got 'NaN'"),
        (
            '<timedtext format="3"><body>\n<p t="1.5e3" d="10">a</p></body></timedtext>',
            "t.xml:2: expected t=\"...\" to be zero or more milliseconds in caption 1, got '1.5e3'",
        ),
        (
            '<tt><body><div>\n<p begin="1s" end="2s">a</p>\n<p begin="00:00:61.000">b</p></div></body></tt>',
            "t.xml:3: expected begin=\"...\" to be a time like 00:00:01.230, 1.23s or 1230ms in caption 2, got '00:00:61.000'",
        ),
        ('<tt><body>\n<p>a</p></body></tt>', 't.xml:2: expected begin="..." (a time like 00:00:01.230, 1.23s or 1230ms) in caption 1'),
        (
            '<tt><body>\n<p begin="5s" end="4s">a</p></body></tt>',
            't.xml:2: expected the end time after the begin time in caption 1, got begin="5s" end="4s"',
        ),
        (
            "<!DOCTYPE html>\n<html><body>hi</body></html>",
            "t.xml:2: expected a YouTube timedtext document (<transcript>, <timedtext>) or TTML (<tt>), got <html>",
        ),
    ],
)
def test_xml_errors(text, message):
    assert error_of(parse_xml, text, "t.xml") == message


def test_xml_detection():
    assert detect_format(SRV1) == detect_format(SRV3_ASR) == detect_format(TTML) == "xml"
    assert detect_format('<transcript><text start="1">a</text></transcript>') == "xml"
    assert detect_format("\n<!-- saved by hand -->\n<timedtext/>", "a.srv3") == "xml"
    for suffix in (".xml", ".srv1", ".srv2", ".srv3", ".ttml", ".dfxp"):
        assert detect_format("  garbled", f"x{suffix}") == "xml"


def test_xml_in_utf16_with_its_declaration(tmp_path):
    path = tmp_path / "w.xml"
    path.write_bytes('<?xml version="1.0" encoding="UTF-16"?>\r\n<transcript><text start="1" dur="1">Café</text></transcript>'.encode("utf-16"))
    assert read_transcript_file(path, video_id=VIDEO).segments == [seg(1, 1, "Café")]

# ---------------------------------------------------------------- files, detection, language


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


def test_detect_by_content_over_extension(tmp_path):
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


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "w.srt"
    path.write_bytes("1\r\n00:00:01,000 --> 00:00:02,000\r\nCafé\r\n".encode("utf-16"))
    assert read_transcript_file(path, video_id=VIDEO).segments == [seg(1, 1, "Café")]


def test_segments_sorted_by_start(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('[{"text": "b", "start": 5, "duration": 1}, {"text": "a", "start": 1, "duration": 1}]')
    assert [s.text for s in read_transcript_file(path, video_id=VIDEO).segments] == ["a", "b"]


# ---------------------------------------------------------------- writers and round trips

millis = st.integers(min_value=0, max_value=100 * 3600 * 1000 - 1)
line = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="<>&{}"),
    min_size=1,
    max_size=20,
).map(str.strip).filter(lambda s: s and "-->" not in s)
caption_text = st.lists(line, min_size=1, max_size=3).map("\n".join)


@st.composite
def segment_lists(draw):
    out = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(millis)
        length = draw(st.integers(0, 10 * 60 * 1000))
        out.append(Segment(start=start / 1000, duration=length / 1000, text=draw(caption_text)))
    return out


@given(millis)
def test_timestamp_round_trip(ms):
    seconds = ms / 1000
    assert parse_srt(f"1\n{format_srt_time(seconds)} --> {format_srt_time(seconds)}\nx\n")[0].start == seconds
    assert parse_vtt(f"WEBVTT\n\n{format_vtt_time(seconds)} --> {format_vtt_time(seconds)}\nx\n")[0].start == seconds


@settings(max_examples=60, deadline=None)
@given(segment_lists())
def test_srt_round_trip(segments):
    assert parse_srt(format_srt(segments), "x.srt") == segments


@settings(max_examples=60, deadline=None)
@given(segment_lists(), st.sampled_from([None, "en"]))
def test_vtt_round_trip(segments, lang):
    escaped = [s.model_copy(update={"text": s.text + " & <b>"}) for s in segments]
    assert parse_vtt(format_vtt(escaped, lang), "x.vtt") == escaped


@settings(max_examples=60, deadline=None)
@given(segment_lists())
def test_whisper_json_reads_start_and_end_exactly(segments):
    doc = {"segments": [{"start": s.start, "end": (round(s.start * 1000) + round(s.duration * 1000)) / 1000,
                         "text": " " + s.text} for s in segments], "language": "en"}
    assert parse_json(json.dumps(doc)) == [s.model_copy(update={"text": s.text.strip()}) for s in segments]


@settings(max_examples=60, deadline=None)
@given(segment_lists(), st.sampled_from(["srv1", "srv3", "ttml"]))
def test_xml_reads_times_exactly(segments, kind):
    # Texts escaped as YouTube does (twice) for srv1; lines as <br/> in TTML.
    escape = html.escape
    if kind == "srv1":
        body = "".join(
            f'<text start="{s.start:.3f}" dur="{s.duration:.3f}">{escape(escape(s.text))}</text>' for s in segments
        )
        doc = f"<transcript>{body}</transcript>"
    elif kind == "srv3":
        body = "".join(
            f'<p t="{round(s.start * 1000)}" d="{round(s.duration * 1000)}">{escape(s.text)}</p>' for s in segments
        )
        doc = f'<timedtext format="3"><body>{body}</body></timedtext>'
    else:
        body = "".join(
            f'<p begin="{format_vtt_time(s.start)}" end="{format_vtt_time(s.start + s.duration)}">'
            + "<br/>".join(escape(line) for line in s.text.split("\n"))
            + "</p>"
            for s in segments
        )
        doc = f'<tt xmlns="http://www.w3.org/ns/ttml"><body><div>{body}</div></body></tt>'
    # (in TTML white space collapses, as it shows)
    expected = segments if kind != "ttml" else [
        s.model_copy(update={"text": "\n".join(" ".join(line.split()) for line in s.text.split("\n"))}) for s in segments
    ]
    assert parse_xml(doc) == expected


@settings(max_examples=60, deadline=None)
@given(segment_lists(), millis, st.sampled_from(["body", "div", "span"]))
def test_ttml_times_count_from_the_begin_of_their_container(segments, offset, where):
    # (par, TTML's default); with "span", each p has no time but its span's
    def times(s):
        return f'begin="{format_vtt_time(s.start)}" end="{format_vtt_time(s.start + s.duration)}"'

    at = f'begin="{format_vtt_time(offset / 1000)}"'
    if where == "span":
        captions = "".join(f"<p><span {times(s)}>x</span></p>" for s in segments)
    else:
        captions = "".join(f"<p {times(s)}>x</p>" for s in segments)
    doc = ttml(f"<div {at if where != 'body' else ''}>{captions}</div>")
    if where == "body":
        doc = doc.replace("<body>", f"<body {at}>")
    assert parse_xml(doc) == [seg((round(s.start * 1000) + offset) / 1000, s.duration, "x") for s in segments]


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


def test_whisper_highlighted_words_are_one_caption():
    # Whisper --highlight_words repeats the text for every word, that word underlined.
    assert parse_vtt(WHISPER_HIGHLIGHT) == [seg(1.2, 1.3, "Hi everyone, welcome."), seg(3.0, 1.0, "Thanks.")]
    srt = "1\n00:00:01,000 --> 00:00:01,500\n<u>No</u> way.\n\n2\n00:00:01,500 --> 00:00:02,000\nNo <u>way.</u>\n"
    assert parse_srt(srt) == [seg(1.0, 1.0, "No way.")]


def test_identical_typed_captions_are_kept():
    srt = "1\n00:00:01,000 --> 00:00:02,000\nNo.\n\n2\n00:00:02,000 --> 00:00:03,000\nNo.\n"
    assert parse_srt(srt) == [seg(1.0, 1.0, "No."), seg(2.0, 1.0, "No.")]


def test_a_few_timed_words_do_not_make_a_typed_file_rolling():
    vtt = "WEBVTT\n\n00:01.000 --> 00:04.000\nRind pickles.\n<00:00:02.000>Timed <00:00:03.000>words.\n"
    assert parse_vtt(vtt) == [seg(1.0, 3.0, "Rind pickles.\nTimed words.")]


def test_vtt_voice_changes_become_speaker_marks():
    vtt = (
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Sam>Hello there.</v>\n\n"
        "00:02.000 --> 00:03.000\n<v Sam>How are you?</v>\n\n"
        "00:03.000 --> 00:04.000\n<v.loud Lucia Ferro>Fine, thanks.</v>\n"
    )
    assert [s.text for s in parse_vtt(vtt)] == ["Hello there.", "How are you?", ">> Fine, thanks."]


ZOOM_VTT = """WEBVTT

1
00:00:00.000 --> 00:00:03.510
Dana Smith: So what brought you here?

2
00:00:04.020 --> 00:00:09.150
Marcus: Well, my grandmother kept bees,
3
00:00:09.150 --> 00:00:12.000
Marcus: and I wanted to know why.

4
00:00:12.300 --> 00:00:14.000
Dana Smith: Note: that was 1998?
"""


def test_vtt_speaker_names_typed_on_every_cue_as_zoom_writes_them():
    # Zoom numbers its cues and names the speaker on each (cue 3 lacks its blank line)
    segments = parse_vtt(ZOOM_VTT, "zoom.vtt")
    assert segments == [
        seg(0, 3.51, "DANA SMITH: So what brought you here?"),
        seg(4.02, 5.13, "MARCUS: Well, my grandmother kept bees,"),
        seg(9.15, 2.85, "and I wanted to know why."),  # the same speaker: no mark
        seg(12.3, 1.7, "DANA SMITH: Note: that was 1998?"),
    ]
    assert [speaker_turns(s.text)[0] for s in segments] == [True, True, False, True]
    assert [clean_text(s.text) for s in segments][::3] == ["So what brought you here?", "Note: that was 1998?"]


def test_srt_speaker_names_typed_where_the_speaker_changes():
    captions = [
        "Dana: So what brought you here?", "Marcus: Well, my grandmother", "kept bees.",
        "Dana: And then?", "Marcus: Then I", "started my own.", "Audience Member: Why?",
    ]
    srt = "".join(f"{k + 1}\n00:00:{k:02d},000 --> 00:00:{k + 1:02d},000\n{c}\n\n" for k, c in enumerate(captions))
    assert [s.text for s in parse_srt(srt)] == [
        "DANA: So what brought you here?", "MARCUS: Well, my grandmother", "kept bees.",
        "DANA: And then?", "MARCUS: Then I", "started my own.", "AUDIENCE MEMBER: Why?",
    ]
    # a name alone on its line names the speaker of the line after it
    srt = "1\n00:00:01,000 --> 00:00:02,000\nDana:\nHello.\n\n2\n00:00:02,000 --> 00:00:03,000\nLee: Hi.\n\n" \
          "3\n00:00:03,000 --> 00:00:04,000\nDana: Bees?\n\n4\n00:00:04,000 --> 00:00:05,000\nLee: Bees.\n"
    assert [s.text for s in parse_srt(srt)] == ["DANA: Hello.", "LEE: Hi.", "DANA: Bees?", "LEE: Bees."]


def test_words_before_a_colon_are_no_speakers_unless_the_file_labels_its_speakers():
    def srt(captions):
        return "".join(
            f"{k + 1}\n00:{k // 60:02d}:{k % 60:02d},000 --> 00:{(k + 1) // 60:02d}:{(k + 1) % 60:02d},000\n{c}\n\n"
            for k, c in enumerate(captions)
        )

    once = ["Welcome back.", "Note: this was recorded in May.", "So, bees."]
    assert [s.text for s in parse_srt(srt(once))] == once
    # two words that recur before a colon, here and there, without a labelling habit
    prose = [f"line {k}" for k in range(40)]
    for k, opener in [(3, "Note"), (9, "Note"), (15, "Tip"), (21, "Tip"), (27, "Tip"), (33, "Note")]:
        prose[k] = f"{opener}: keep the smoker lit"
    assert [s.text for s in parse_srt(srt(prose))] == prose
    # names of one speaker only: no change of speaker to mark
    solo = ["Dana: Hello.", "Dana: Bees.", "Dana: Bye."]
    assert [s.text for s in parse_srt(srt(solo))] == solo
    # two words taking turns before a colon, four times in 200 captions: no conversation
    talk = [f"line {k}" for k in range(200)]
    for k, opener in [(20, "Note"), (70, "Tip"), (120, "Note"), (170, "Tip")]:
        talk[k] = f"{opener}: preheat the oven"
    assert [s.text for s in parse_srt(srt(talk))] == talk


def test_one_speaker_named_on_every_caption_is_read_as_a_speaker():
    # Zoom names the speaker on every caption, also when only one person talks.
    captions = [f"Lee Wong: part {k} of the talk." for k in range(12)]
    srt = "".join(f"{k + 1}\n00:00:{k:02d},000 --> 00:00:{k + 1:02d},000\n{c}\n\n" for k, c in enumerate(captions))
    assert [clean_text(s.text) for s in parse_srt(srt)] == [f"part {k} of the talk." for k in range(12)]


speaker_names = st.sampled_from(["Dana Smith", "Marcus", "Ana de Souza", "Speaker 2"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(speaker_names, min_size=2, max_size=2, unique=True),
    st.lists(st.lists(words, min_size=1, max_size=3), min_size=6, max_size=10),  # six turns: a conversation
    st.booleans(),
)
def test_typed_speaker_names_mark_exactly_the_changes_of_speaker(names, turns, every_cue):
    # Two people take turns, a turn of one to three captions; Zoom names the speaker on every
    # cue, a captioner only where the speaker changes.
    said = [(names[k % 2], text, n == 0) for k, turn in enumerate(turns) for n, text in enumerate(turn)]
    cues = [
        f"00:{k:02d}.000 --> 00:{k + 1:02d}.000\n{name + ': ' if every_cue or first else ''}{text}"
        for k, (name, text, first) in enumerate(said)
    ]
    segments = parse_vtt("WEBVTT\n\n" + "\n\n".join(cues) + "\n")
    assert [clean_text(s.text) for s in segments] == [text for _, text, _ in said]
    assert [speaker_turns(s.text) for s in segments] == [(first, False) for _, _, first in said]


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=1, max_size=20), st.data())
def test_one_name_before_a_colon_leaves_the_captions_as_written(captions, data):
    k = data.draw(st.integers(0, len(captions) - 1))
    captions[k] = data.draw(speaker_names) + ": " + captions[k]
    srt = "".join(f"{k + 1}\n00:00:{k:02d},000 --> 00:00:{k + 1:02d},000\n{c}\n\n" for k, c in enumerate(captions))
    assert [s.text for s in parse_srt(srt)] == captions


def test_vtt_writer_escapes_markup():
    assert format_vtt([seg(1, 1, "a < b & c")]) == (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\na &lt; b &amp; c\n\n"
    )


# ---------------------------------------------------------------- CLI


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_cli_import_fixture(tmp_path):
    source = FIXTURES / f"{VIDEO}.en.json"
    if not source.exists():
        pytest.skip("../shared/fixtures is absent")
    store = tmp_path / "transcripts"
    result = run("import", str(source), "--video", f"https://youtu.be/{VIDEO}", "--transcripts", str(store))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Imported {VIDEO} (en) from {VIDEO}.en.json: 6,156 captions, 3:33:57 -> {store / (VIDEO + '.en.json')}"
    ]
    t = TranscriptStore(store).load(VIDEO)
    assert (t.source, t.is_generated, len(t.segments)) == (f"file:{VIDEO}.en.json", False, 6156)


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


def test_cli_import_whisper_json(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("import", str(DATA / "whisper.json"), "--video", VIDEO, "--transcripts", "t")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Imported {VIDEO} (de) from whisper.json: 2 captions, 0:05 -> t/{VIDEO}.de.json\n"
    t = TranscriptStore("t").load(VIDEO, ["de"])
    assert (t.is_generated, t.source) == (True, "file:whisper.json")


def test_cli_import_timestamped_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("interview.txt").write_text(OTTER, encoding="utf-8")
    result = run("import", "interview.txt", "--video", VIDEO, "--transcripts", "t")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Imported {VIDEO} (en) from interview.txt: 3 captions, 0:25 -> t/{VIDEO}.en.json\n"
    t = TranscriptStore("t").load(VIDEO, ["en"])
    assert (t.is_generated, t.source, t.segments[1].text) == (True, "file:interview.txt", "BOB: Thanks, Jane.")


@pytest.mark.parametrize(
    "name, content, line",
    [
        ("auto.en.srv3", SRV3_ASR, f"Imported {VIDEO} (en) from auto.en.srv3: 2 captions, 0:07 -> t/{VIDEO}.en.json"),
        ("talk.ttml", TTML, f"Imported {VIDEO} (fr) from talk.ttml: 5 captions, 1:02 -> t/{VIDEO}.fr.json"),
    ],
)
def test_cli_import_youtube_xml_and_ttml(tmp_path, monkeypatch, name, content, line):
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(content, encoding="utf-8")
    result = run("import", name, "--video", VIDEO, "--transcripts", "t")
    assert result.exit_code == 0, result.output
    assert result.stdout == line + "\n"


def test_cli_import_bad_xml_stores_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("x.xml").write_text('<transcript>\n<text start="soon">a</text>\n</transcript>', encoding="utf-8")
    result = run("import", "x.xml", "--video", VIDEO, "--transcripts", "t")
    assert result.exit_code == 1
    assert result.stderr == "Error: x.xml:2: expected start=\"...\" to be zero or more seconds in caption 1, got 'soon'.\n"
    assert not Path("t").exists()


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


def test_cli_import_bad_video_and_lang(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("import", str(DATA / "talk.de.srt"), "--video", "https://vimeo.com/1", "--transcripts", "s")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 'https://vimeo.com/1' is not a YouTube video URL or 11-character video id "
        "(not a youtube.com or youtu.be address).\n"
    )
    result = run("import", str(DATA / "talk.de.srt"), "--video", VIDEO, "--lang", "../x", "--transcripts", "s")
    assert result.exit_code == 2
    assert "'../x' is not a language code such as en, de or pt-BR" in result.stderr
    assert not Path("s").exists()


def test_cli_import_help():
    result = run("import", "--help")
    assert result.exit_code == 0
    assert "Import a caption FILE as the transcript of a video." in result.stdout
    assert "--video" in result.stdout and "--lang" in result.stdout
    help_text = " ".join(result.stdout.split())
    assert "YouTube's XML (srv1, srv2, srv3), TTML/DFXP, and timestamped text" in help_text


@pytest.mark.parametrize("fmt", ["srt", "vtt", "json"])
def test_cli_export_then_import_gives_the_same_captions(tmp_path, monkeypatch, fmt):
    monkeypatch.chdir(tmp_path)
    assert run("import", str(DATA / "talk.de.srt"), "--video", VIDEO, "--transcripts", "a").exit_code == 0
    out = f"talk.de.{fmt}"
    result = run("export", VIDEO, "--format", fmt, "-o", out, "--transcripts", "a")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Exported {VIDEO} (de) as {fmt}: 3 captions -> {out}\n"
    result = run("import", out, "--video", VIDEO, "--transcripts", "b")
    assert result.exit_code == 0, result.output
    before = TranscriptStore("a").load(VIDEO, ["de"])
    after = TranscriptStore("b").load(VIDEO, ["de"])
    assert after.segments == before.segments


def test_cli_export_text_to_stdout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QUOTES_TRANSCRIPTS", raising=False)
    run("import", str(DATA / "rolling-auto.en.vtt"), "--video", VIDEO)
    result = run("export", f"https://youtu.be/{VIDEO}", "--format", "text")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        "so today we're going to talk about",
        "compilers and why that that matters",
    ]


def test_cli_export_not_cached(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("export", VIDEO, "--transcripts", "none")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: no transcript of {VIDEO} in none; run `quotes fetch {VIDEO}` "
        f"or `quotes import FILE --video {VIDEO}`.\n"
    )


def test_cli_import_generated_flag_marks_the_transcript(tmp_path):
    from click.testing import CliRunner

    from quotes.cli import cli
    from quotes.store import TranscriptStore

    src = tmp_path / "talk.json"
    src.write_text('[{"text": "hello there", "start": 0.0, "duration": 2.0}]', encoding="utf-8")
    store = tmp_path / "store"
    result = CliRunner().invoke(
        cli, ["import", str(src), "--video", "abcdefghijk", "--generated", "--transcripts", str(store)]
    )
    assert result.exit_code == 0, result.output
    assert TranscriptStore(store).load("abcdefghijk").is_generated is True


def test_json_nested_too_deeply_is_an_error(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000)
    with pytest.raises(TranscriptFormatError, match="nested too deeply"):
        read_transcript_file(path, video_id="tEsTvIdeo01")


SBV = """0:00:00.599,0:00:04.160
>> ALICE: Hi, my name is Alice Miller and this is John Brown

0:00:04.160,0:00:06.770
>> JOHN: and we're the owners
of Miller Bakery.
"""


def test_sbv_youtube_studio_download(tmp_path):
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


def test_podcast_json_transcript(tmp_path):
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


def test_podcast_json_with_a_huge_time_names_the_caption():
    with pytest.raises(TranscriptFormatError, match='"startTime" .* in caption 1'):
        parse_json('{"segments": [{"startTime": 1e308, "endTime": 1e309, "body": "x"}]}')
