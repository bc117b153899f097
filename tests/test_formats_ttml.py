"""Tests of TTML and DFXP (quotes.formats.ttml)."""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.formats import (
    parse_xml,
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
        seg(30, 2.5, "timed by its spans"),
        seg(40, 0, "its own time wins"),  # (no end: until the next caption)
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
        ("", '<div begin="2s"><p begin="1s" end="2s">a</p>\n<p><span begin="1x">b</span></p></div>', 'expected begin="..." to be a time like 00:00:01.230, 1.23s or 1230ms in caption 2, got \'1x\''),
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
