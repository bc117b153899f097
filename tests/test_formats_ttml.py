"""Tests of TTML and DFXP (quotes.formats.ttml)."""
from __future__ import annotations

from datetime import timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.formats import (
    Skipped,
    parse_xml,
    read_caption_file,
    read_transcript_file,
)

DATA = Path(__file__).parent / "data"
VIDEO = "pdJQ8iVTwj8"
TTML = (DATA / "sample.ttml").read_text(encoding="utf-8")


def test_ttml(seg, tmp_path):
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


def test_dfxp_old_namespace_and_frame_rate(seg):
    text = (
        '<tt xmlns="http://www.w3.org/2006/10/ttaf1" xmlns:ttp="http://www.w3.org/2006/10/ttaf1#parameter" '
        'ttp:frameRate="25"><body><div><p begin="00:00:01:05" end="50f">Hi</p>'
        '<p begin="100t" end="125t">ticks are frames</p></div></body></tt>'
    )
    assert parse_xml(text, "x.dfxp") == [seg(1.2, 0.8, "Hi"), seg(4, 1, "ticks are frames")]




def test_ttml_frame_rate_multiplier_and_sub_frames(ttml, seg):
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


def test_ttml_smpte_time_code_drops_frame_numbers(ttml, seg):
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


def test_ttml_times_count_from_their_containers(ttml, seg):
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
        # timed spans are shown at their own times, each a caption (#15: as the IMSC tests expect)
        seg(30, 1, "timed"),
        seg(31, 1.5, "by its spans"),
        seg(40, 2, "time wins"),  # (no end, in containers without one: to the end of the document)
        seg(41, 1, "its own"),
    ]
    # the body's begin counts too; dur as well as end
    assert parse_xml(ttml('<div><p begin="1s" dur="2s">a</p></div>').replace("<body>", '<body begin="1m">')) == [seg(61, 2, "a")]


def test_ttml_seq_container_begins_each_after_the_one_before(ttml, seg):
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
        ("", '<div begin="2s">\n<p><span begin="1x">b</span></p></div>', 'expected begin="..." to be a time like 00:00:01.230, 1.23s or 1230ms in caption 1, got \'1x\''),
    ],
)
def test_ttml_parameter_and_timing_errors(ttml, error_of, params, body, message):
    assert error_of(parse_xml, ttml(body, params), "t.ttml").split(": ", 1)[1] == message


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 120), st.sampled_from([(1, 1), (1000, 1001), (1001, 1000), (3, 7)]),
    st.integers(0, 99), st.integers(0, 59), st.integers(0, 59), st.data(),
)
def test_ttml_frames_are_counted_at_the_effective_frame_rate(ttml, rate, multiplier, h, m, s, data):
    frames = data.draw(st.integers(0, rate - 1))
    effective = Fraction(rate) * Fraction(*multiplier)
    params = f'ttp:frameRate="{rate}" ttp:frameRateMultiplier="{multiplier[0]} {multiplier[1]}"'
    # (in media time a clock time's seconds are seconds, and only its frames are scaled)
    clock, count = f"{h:02d}:{m:02d}:{s:02d}:{frames:02d}", (h * 3600 + m * 60 + s) * rate + frames
    [caption] = parse_xml(ttml(f'<p begin="{clock}" dur="{count}f">a</p>', params))
    assert caption.start == round((h * 3600 + m * 60 + s + frames / effective) * 1000) / 1000
    assert caption.duration == round(count / effective * 1000) / 1000


# ---------------------------------------------------------------- read as players read them
# (each file in tests/data/players/ is ours, written after the cases the W3C IMSC tests check)

PLAYERS = Path(__file__).parent / "data" / "players"


def read_player_file(name: str):
    return read_caption_file(PLAYERS / name, video_id=VIDEO)


def timed(read) -> list[tuple[float, float, str]]:
    return [(s.start, s.duration, s.text) for s in read.transcript.segments]


def test_ttml_begin_without_end_lasts_to_the_end_of_the_document():
    assert timed(read_player_file("ttml-begin-without-end.ttml")) == [
        (1, 5, "Shown from one second, with no end of its own,"),
        (4, 2, "while this one comes and goes."),
    ]


def test_ttml_timed_spans_are_shown_at_their_own_times():
    # (the span timed after its paragraph has ended never shows)
    assert timed(read_player_file("ttml-timed-spans.ttml")) == [(2, 4, "Said by"), (3, 1, "word"), (4, 2, "word")]


def test_ttml_seq_containers_time_each_child_after_the_one_before():
    assert timed(read_player_file("ttml-seq.ttml")) == [
        (0, 2, "First two seconds."),
        (3, 1, "One second after them,"),
        (4.5, 1, "half a second after that."),
        (6.5, 1, "In turn:"),
        (7.5, 1, "one,"),
        (9, 0.5, "two."),
    ]


def test_ttml_display_none_hides_text():
    assert timed(read_player_file("ttml-display-none.ttml")) == [(1, 1, "Shown."), (5, 1, "Shown again.")]


def test_ttml_clock_times_without_hours_as_apple_writes_them():
    assert timed(read_player_file("ttml-apple-clock.ttml")) == [(1.5, 237.14, "A song's words, timed without hours.")]


def test_ttml_caption_that_cannot_be_read_is_skipped_and_noted():
    read = read_player_file("ttml-bad-caption.ttml")
    assert timed(read) == [(1, 1, "Fine."), (6, 1, "Fine again.")]
    assert read.skipped == [
        Skipped(6, "expected begin=\"...\" to be a time like 00:00:01.230, 1.23s or 1230ms in caption 2, got '00:00:0x.000'"),
        Skipped(7, 'expected the end time after the begin time in caption 3, got begin="00:00:05.000" end="00:00:04.000"'),
    ]


# ---------------------------------------------------------------- any input (#15)

ttml_pieces = st.sampled_from(
    ['<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling">', "</tt>", "<body>", "</body>",
     '<body timeContainer="seq">', "<div>", '<div begin="1s" end="3s">', "</div>", '<p begin="1s" end="2s">', '<p begin="3:58.640">',
     '<p dur="1x">', "<p>", "</p>", '<span begin="1s" end="9s">', '<span tts:display="none">', "</span>", "<br/>", "words", "\n"]
)
ttml_bytes = st.lists(st.one_of(ttml_pieces.map(str.encode), st.binary(max_size=3)), max_size=25).map(b"".join)


@settings(max_examples=150, deadline=timedelta(seconds=5))
@given(ttml_bytes)
def test_ttml_any_bytes_give_captions_or_an_error_naming_the_line(read_any, data):
    read_any("any.ttml", data)


def test_ttml_untimed_text_beside_timed_spans_is_shown_to_the_end(ttml, seg):
    body = '<div><p>Host: <span begin="1s" end="2s">hello</span><set begin="0s" end="9s"/></p><p begin="3s" end="4s">bye</p></div>'
    assert parse_xml(ttml(body)) == [seg(0, 4, "Host:"), seg(1, 1, "hello"), seg(3, 1, "bye")]
