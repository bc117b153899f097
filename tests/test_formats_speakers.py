"""Tests of speaker names in captions (quotes.formats.speakers)."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.formats import (
    parse_json,
    parse_srt,
    parse_vtt,
)
from quotes.transcript import clean_text, speaker_turns

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


def test_vtt_speaker_names_typed_on_every_cue_as_zoom_writes_them(seg):
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
