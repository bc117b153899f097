"""Tests of timestamped text (quotes.formats.text)."""
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
    detect_format,
    parse_text,
    read_transcript_file,
)
from quotes.store import TranscriptStore
from quotes.transcript import clean_text, speaker_turns

VIDEO = "pdJQ8iVTwj8"


YOUTUBE_PANEL = """Transcript
0:00
welcome back to the show
0:04
today we talk about bees
and why they matter
1:02:04.5
thank you all for watching
"""


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_text_youtube_panel_copy(seg):
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


def test_text_time_opening_each_line(seg):
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


def test_text_otter_export(seg, tmp_path):
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


def test_text_youtube_panel_with_spoken_times(seg):
    # YouTube's transcript panel, copied: each time is followed by its words for screen readers.
    text = "Transcript\n\n0:01\n1 second\nwelcome back\n1:15\n1 minute, 15 seconds\nthe zoning rule\n"
    assert parse_text(text) == [seg(1, 74, "welcome back"), seg(75, 1.2, "the zoning rule")]


def test_text_rev_headers_and_whisper_console_ranges(seg):
    text = "Speaker 1 (00:05):\nHello there.\n\nSpeaker 2 [01:09]: Hi.\n"
    assert parse_text(text) == [seg(5, 64, "SPEAKER 1: Hello there."), seg(69, 1, "SPEAKER 2: Hi.")]
    # Whisper prints "[start --> end]  text"; ranges give each caption its end
    text = "[00:00.000 --> 00:04.000]  So today\n[00:04.500 --> 00:06.500]  we talk\n0:07 - 0:08 about\n"
    assert parse_text(text) == [seg(0, 4, "So today"), seg(4.5, 2, "we talk"), seg(7, 1, "about")]


def test_text_lenient_forms(seg):
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
def test_text_errors(error_of, text, message):
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


def test_cli_import_timestamped_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("interview.txt").write_text(OTTER, encoding="utf-8")
    result = run("import", "interview.txt", "--video", VIDEO, "--transcripts", "t")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Imported {VIDEO} (en) from interview.txt: 3 captions, 0:25 -> t/{VIDEO}.en.json\n"
    t = TranscriptStore("t").load(VIDEO, ["en"])
    assert (t.is_generated, t.source, t.segments[1].text) == (True, "file:interview.txt", "BOB: Thanks, Jane.")


def test_text_whisper_timestamped_single_arrow_ranges(seg):
    # (tests/data/players/: written by us after whisper-timestamped's console output)
    path = Path(__file__).parent / "data" / "players" / "text-whisper-single-arrow.txt"
    assert read_transcript_file(path, video_id=VIDEO).segments == [
        seg(0, 1.2, "So this is"),
        seg(1.2, 1.3, "whisper-timestamped."),
        seg(74.5, 1, "Okay."),
    ]


# ---------------------------------------------------------------- any input (#15)

@settings(max_examples=150, deadline=timedelta(seconds=5))
@given(st.lists(st.one_of(st.sampled_from(["0:05 ", "[00:01:02] ", "[01:14.500 -> 01:15.500] ", "(1:00)", "9:99", "Host: ", "Jane Doe  0:05\n", "hi", "\n", "-->", "Transcript\n", "1 minute, 5 seconds\n"]).map(str.encode), st.binary(max_size=4)), max_size=25).map(b"".join))
def test_text_any_bytes_give_captions_or_an_error_naming_the_line(read_any, data):
    read_any("any.txt", data)
