"""Tests of the writers, and reading back what they write (quotes.formats.writers)."""
from __future__ import annotations

import html
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.formats import (
    format_srt,
    format_srt_time,
    format_vtt,
    format_vtt_time,
    parse_json,
    parse_srt,
    parse_vtt,
    parse_xml,
)
from quotes.transcript import Segment

DATA = Path(__file__).parent / "data"
TTML = (DATA / "sample.ttml").read_text(encoding="utf-8")


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


def test_vtt_writer_escapes_markup(seg):
    assert format_vtt([seg(1, 1, "a < b & c")]) == (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\na &lt; b &amp; c\n\n"
    )


@settings(max_examples=60, deadline=None)
@given(segment_lists(), millis, st.sampled_from(["body", "div", "span"]))
def test_ttml_times_count_from_the_begin_of_their_container(ttml, seg, segments, offset, where):
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
