"""Tests of quotes.transcript: the model, caption ends, ranges and text cleaning."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from quotes.errors import TimeOutOfRange
from quotes.transcript import Segment, Transcript, clean_text, remove_rolling_repeats


def seg(start, duration, text):
    return Segment(start=start, duration=duration, text=text)


def transcript(*segments, duration=None):
    return Transcript(
        video_id="pdJQ8iVTwj8", language_code="en", segments=list(segments), duration=duration
    )


# Auto-caption style: each caption stays on screen well past the next one's start.
OVERLAPPING = transcript(
    seg(0.0, 4.0, "on one access you have more Hardware"),
    seg(1.0, 6.0, "coming in on the other hand you have an"),
    seg(3.0, 5.0, "explosion of innovation and AI"),
    seg(6.0, 4.0, "what happened with both"),
)


# ---------------------------------------------------------------- model


def test_models_forbid_unknown_fields():
    with pytest.raises(ValidationError):
        Segment(start=0, duration=1, text="x", speaker="A")
    with pytest.raises(ValidationError):
        Transcript(video_id="x", language_code="en", segments=[], extra=1)


def test_segment_times_not_negative():
    with pytest.raises(ValidationError):
        seg(-1, 1, "x")
    with pytest.raises(ValidationError):
        seg(0, -1, "x")


def test_end_is_duration_or_last_caption():
    assert OVERLAPPING.end == 10.0
    assert transcript(seg(0, 2, "a"), duration=600).end == 600
    assert transcript(seg(0, 2, "a"), seg(700, 5, "b"), duration=600).end == 705
    assert transcript().end == 0.0


# ---------------------------------------------------------------- segment_end


def test_segment_end_is_next_start_not_start_plus_duration():
    # 0 + 4 would be 4, but the next caption's words start at 1.
    assert OVERLAPPING.segment_end(0) == 1.0
    assert OVERLAPPING.segment_end(1) == 3.0
    assert OVERLAPPING.segment_end(2) == 6.0
    for i in range(len(OVERLAPPING.segments) - 1):
        s = OVERLAPPING.segments[i]
        assert OVERLAPPING.segment_end(i) != s.start + s.duration


def test_segment_end_last_caption_and_silence():
    t = transcript(seg(0, 2, "hello"), seg(10, 3, "after a pause"))
    assert t.segment_end(0) == 2.0  # left the screen before the next caption: a pause
    assert t.segment_end(1) == 13.0  # the last caption: its duration is all we know


def test_segment_end_zero_duration():
    t = transcript(seg(0, 0, "a"), seg(5, 0, "b"))
    assert t.segment_end(0) == 5.0


@given(
    st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(1, 10)), min_size=2, max_size=30, unique_by=lambda x: x[0]
    )
)
def test_segment_end_never_past_next_start(pairs):
    pairs.sort()
    t = transcript(*(seg(s, d, "w") for s, d in pairs))
    for i in range(len(pairs) - 1):
        assert t.segments[i].start < t.segment_end(i) <= t.segments[i + 1].start


def test_index_at():
    assert OVERLAPPING.index_at(0) == 0
    assert OVERLAPPING.index_at(0.5) == 0
    assert OVERLAPPING.index_at(1) == 1
    assert OVERLAPPING.index_at(5.9) == 2
    assert OVERLAPPING.index_at(1000) == 3


# ---------------------------------------------------------------- text_between


def test_text_between_boundaries():
    t = OVERLAPPING
    # start on a caption's start: that caption and the ones starting before end
    assert t.text_between(1, 6) == "coming in on the other hand you have an explosion of innovation and AI"
    # end is exclusive: a caption starting exactly at end is not included
    assert t.text_between(0, 3) == (
        "on one access you have more Hardware coming in on the other hand you have an"
    )
    # start inside a caption whose words are still being said: included
    assert t.text_between(3.5, 6) == "explosion of innovation and AI"
    # a caption still on screen at start but whose words ended (the next one began): left out
    assert t.text_between(6.5, 20) == "what happened with both"
    assert t.text_between(0, 100).startswith("on one access")
    assert t.text_between(100, 200) == ""  # past the last caption
    assert t.text_between(9, 200) == "what happened with both"
    assert transcript().text_between(0, 10) == ""


def test_text_between_leaves_out_words_mostly_said_before_start():
    # A time typed in whole seconds: 0:11 means the caption said from 11.7, not the last
    # words of the one before (nor its whole last sentence, in a long punctuated caption).
    long = transcript(
        seg(1.4, 9.8, "It's still hard to talk about. Thirteen people died, and a lot of us knew people who worked there."),
        seg(11.7, 9.0, "What happened was a design error."),
    )
    assert long.text_between(11, 20) == "What happened was a design error."
    assert long.text_between(5, 20).startswith("Thirteen people died")
    short = transcript(seg(0, 3, "so the braces"), seg(3, 3, "are gone now"))
    assert short.text_between(2.5, 6) == "are gone now"
    assert short.text_between(1, 6) == "so the braces are gone now"
    # ... unless nothing else is said in the range.
    assert short.text_between(5, 6) == "are gone now"
    assert long.text_between(10, 11) == "Thirteen people died, and a lot of us knew people who worked there."


def test_text_between_takes_the_words_of_a_long_unpunctuated_caption_said_in_the_range():
    # Ten minutes in one caption without a sentence end: a 10 s quote is about 10 s of words.
    words = [f"w{i}" for i in range(600)]
    t = transcript(seg(0, 600, " ".join(words)))
    assert t.text_between(100, 110) == " ".join(words[100:110])
    # One punctuated sentence is quoted whole.
    one = transcript(seg(0, 12, "So the thing I always tell people about compilers is that they are just programs."))
    assert one.text_between(6, 30) == "So the thing I always tell people about compilers is that they are just programs."


def test_a_word_broken_at_its_hyphen_over_two_caption_lines_is_quoted_whole():
    t = transcript(seg(0, 3, "for maybe ten hours out of twenty-\nfour."), seg(3, 3, "On top of that"))
    assert t.cleaned().text_between(0, 6) == "for maybe ten hours out of twenty-four. On top of that"


def test_text_between_after_a_pause():
    t = transcript(seg(0, 2, "hello"), seg(10, 3, "after a pause"))
    assert t.text_between(5, 12) == "after a pause"
    assert t.text_between(1, 12) == "hello after a pause"


def test_text_between_is_cleaned():
    t = transcript(seg(0, 2, "[Music]"), seg(2, 2, "&gt;&gt; so  what&#39;s"), seg(4, 2, "[Applause] next"))
    assert t.text_between(0, 6) == "so what's next"


WHISPER_LIKE = transcript(
    seg(0, 16, "We started in March. The permits took weeks. Then the oven arrived! It was huge, honestly"),
    seg(16, 4, "and heavy."),
)


def test_text_between_keeps_the_sentences_of_a_long_caption_said_in_the_range():
    # A 16 s caption of four sentences (15 words, about 1.07 s each): 5-9 s is the second
    # and third sentence, not the whole caption.
    assert WHISPER_LIKE.text_between(5, 9) == "The permits took weeks. Then the oven arrived!"
    assert WHISPER_LIKE.text_between(12, 18) == "It was huge, honestly and heavy."
    assert WHISPER_LIKE.text_between(0, 20).startswith("We started in March.")


def test_text_between_does_not_cut_sentences_at_abbreviations():
    t = transcript(seg(0, 20, "Dr. Okafor said the U.S. market grew fast. Then, e.g. joints and bearings wore out. That is a lot."))
    assert t.text_between(0, 2) == "Dr. Okafor said the U.S. market grew fast."
    assert t.text_between(9, 12) == "Then, e.g. joints and bearings wore out."


@given(st.floats(0, 19.9), st.floats(0.01, 20))
def test_text_between_is_a_stretch_of_the_whole_text(start, length):
    whole = WHISPER_LIKE.text_between(0, 20).split()
    part = WHISPER_LIKE.text_between(start, start + length).split()
    assert part, "something is said at any time inside the captions"
    assert any(whole[i : i + len(part)] == part for i in range(len(whole) - len(part) + 1))


# ---------------------------------------------------------------- check_range


def test_check_range_accepts_inside():
    OVERLAPPING.check_range(0)
    OVERLAPPING.check_range(0, 10)
    OVERLAPPING.check_range(9.5, 11)  # a second's grace: times are typed in whole seconds


@pytest.mark.parametrize(
    "start, end, message",
    [
        (10, None, "start 0:10 is past the end of the video (0:10)"),
        (803, 820, "start 13:23 is past the end of the video (0:10)"),
        (5, 5, "end 0:05 is not after start 0:05"),
        (5, 3, "end 0:03 is not after start 0:05"),
        (9.5, 100, "end 1:40 is past the end of the video (0:10)"),
    ],
)
def test_check_range_errors(start, end, message):
    with pytest.raises(TimeOutOfRange) as info:
        OVERLAPPING.check_range(start, end)
    assert str(info.value) == message
    assert isinstance(info.value, ValueError)


def test_check_range_negative_start():
    # Regression: the message used format_timecode, which raised TimecodeError instead.
    with pytest.raises(TimeOutOfRange) as info:
        OVERLAPPING.check_range(-1.5)
    assert str(info.value) == "start -1.5 s is before the video starts"


def test_check_range_uses_hours():
    t = transcript(seg(0, 5, "a"), duration=5210)
    with pytest.raises(TimeOutOfRange, match=r"^start 2:00:00 is past the end of the video \(1:26:50\)$"):
        t.check_range(7200)


# ---------------------------------------------------------------- clean_text


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("[Music]", ""),
        ("[Music] so today", "so today"),
        ("[Applause] thanks everyone [Laughter]", "thanks everyone"),
        ("[ __ ] word", "word"),
        ("(laughs) okay (applause)", "okay"),
        ("♪ la la ♪", "la la"),
        (">> hello", "hello"),
        ("yes >> no", "yes no"),
        (">>> hello", "hello"),
        ("&gt;&gt; hi there", "hi there"),
        ("it&#39;s &quot;fine&quot;", 'it\'s "fine"'),
        ("R&amp;D", "R&D"),
        ("R&amp;amp;D", "R&D"),  # escaped twice
        ("a&nbsp;b", "a b"),
        ("so  what's   the deal", "so what's the deal"),
        ("  padded\n\tline  ", "padded line"),
        ("<i>italic</i> and <b>bold</b>", "italic and bold"),
        ("<c.colorE5E5E5>word</c>", "word"),
        ("<font color=\"#fff\">x</font>", "x"),
        ("zero\u200bwidth", "zerowidth"),
        ("- Hi. - Hello.", "Hi. Hello."),
        ("- Yes.\n- No, it was", "Yes. No, it was"),
        ("safe to eat - I mean", "safe to eat - I mean"),  # a dash inside a sentence stays
        ("DANA: Let's talk money.\nMARCUS (laughing): Sure.", "Let's talk money. Sure."),
        ("it is 10:30 now", "it is 10:30 now"),
        ("\u00c9LODIE: Bonjour.\nQ: Why?\nA: Because.", "Bonjour. Why? Because."),
        ("-So it's cleaner?\n-Yes.", "So it's cleaner? Yes."),
        ("it is -5 degrees", "it is -5 degrees"),
        ("well-known", "well-known"),
        ("A > B", "A > B"),
        ("that that matters", "that that matters"),
        ("", ""),
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


@given(st.text(max_size=200))
def test_clean_text_is_idempotent_on_plain_words(text):
    once = clean_text(text)
    assert "  " not in once
    assert once == once.strip()


# ---------------------------------------------------------------- remove_rolling_repeats


def texts(*captions):
    segs = [seg(float(i), 3.0, c) for i, c in enumerate(captions)]
    return [s.text for s in remove_rolling_repeats(segs)]


def test_rolling_captions_drop_repeated_lines():
    # YouTube's rolling auto-captions: each line shown twice, as bottom then as top line.
    assert texts(
        "so today we're going to",
        "so today we're going to talk about compilers",
        "talk about compilers",
        "talk about compilers and why they matter",
    ) == ["so today we're going to", "talk about compilers", "and why they matter"]


def test_rolling_repeat_of_a_whole_caption_is_dropped():
    assert texts("we went to the store", "we went to the store", "and bought milk") == [
        "we went to the store",
        "and bought milk",
    ]


def test_short_rolling_line():
    assert texts("one two", "one two three") == ["one two", "three"]


def test_real_repetition_is_kept():
    assert texts("so that that matters", "that that is why") == [
        "so that that matters",
        "that that is why",
    ]
    assert texts("I said that", "that that is") == ["I said that", "that that is"]
    assert texts("yes", "yes", "yes") == ["yes", "yes", "yes"]


def test_rolling_keeps_times_and_skips_empty():
    out = remove_rolling_repeats([seg(0, 3, "a b c d"), seg(2, 3, ""), seg(4, 3, "b c d e f")])
    assert [(s.start, s.text) for s in out] == [(0, "a b c d"), (4, "e f")]


def test_cleaned_drops_noise_and_repeats():
    t = transcript(
        seg(0, 2, "[Music]"),
        seg(2, 3, "so today we're going to"),
        seg(4, 3, "so today we're going to talk about"),
        seg(6, 3, "&gt;&gt; right"),
    ).cleaned()
    assert [(s.start, s.text) for s in t.segments] == [
        (2, "so today we're going to"),
        (4, "talk about"),
        (6, "right"),
    ]
