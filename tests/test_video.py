"""Tests of quotes.video: every URL form editors paste, broken links, deep links, with_time."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quotes.errors import QuotesError, TimecodeError, VideoURLError
from quotes.video import (
    deep_link,
    embed_link,
    is_youtube_url,
    parse_url_time,
    parse_video_url,
    video_id_of,
    with_time,
)

I = "pdJQ8iVTwj8"  # noqa: E741 (short: it is in every URL below)
D = "-abcDEF_123"  # ids may start with '-'


# ---------------------------------------------------------------- forms that work

FORMS = [
    # (url, id, seconds, time key, youtu.be form)
    (I, I, None, None, False),
    (f"  {I}\n", I, None, None, False),
    (D, D, None, None, False),
    (f"https://www.youtube.com/watch?v={I}", I, None, None, False),
    (f"http://www.youtube.com/watch?v={I}", I, None, None, False),
    (f"https://youtube.com/watch?v={I}&t=90", I, 90, "t", False),
    (f"youtube.com/watch?v={I}&t=90s", I, 90, "t", False),
    (f"www.youtube.com/watch?v={I}&t=1m30s", I, 90, "t", False),
    (f"https://m.youtube.com/watch?v={I}&t=1h2m3s", I, 3723, "t", False),
    (f"m.youtube.com/watch?v={I}", I, None, None, False),
    (f"https://music.youtube.com/watch?v={I}&si=abc&t=90", I, 90, "t", False),
    (f"HTTPS://WWW.YOUTUBE.COM/watch?v={I}&t=90", I, 90, "t", False),
    (f"https://www.youtube.com/watch?feature=share&v={I}&t=90", I, 90, "t", False),
    (f"https://www.youtube.com/watch?t=90&v={I}", I, 90, "t", False),
    (f"https://www.youtube.com/watch?v={I}&list=PL123&index=3&pp=ygU&t=90", I, 90, "t", False),
    (f"https://www.youtube.com/watch?v={I}&feature=youtu.be", I, None, None, False),
    (f"https://www.youtube.com/watch?v={I}&t=1:30", I, 90, "t", False),
    (f"https://www.youtube.com/watch?v={I}&t=1:02:03", I, 3723, "t", False),
    (f"https://www.youtube.com/watch?v={I}&start=90", I, 90, "start", False),
    (f"https://www.youtube.com/watch?v={I}#t=90", I, 90, "t", False),
    (f"https://www.youtube.com/watch?v={I}#t=1m30s", I, 90, "t", False),
    (f"https://www.youtube.com/watch?v={I}&t=90#t=5", I, 90, "t", False),  # query wins
    (f"https://www.youtube.com/watch?v={D}&t=90", D, 90, "t", False),
    (f"https://youtu.be/{I}", I, None, None, True),
    (f"https://youtu.be/{I}/", I, None, None, True),
    (f"youtu.be/{I}?t=803", I, 803, "t", True),
    (f"https://youtu.be/{I}?t=803s", I, 803, "t", True),
    (f"https://youtu.be/{I}?t=13m23s", I, 803, "t", True),
    (f"https://youtu.be/{I}?t=1h", I, 3600, "t", True),
    (f"https://youtu.be/{I}?t=2m", I, 120, "t", True),
    (f"https://youtu.be/{I}?t=13:23", I, 803, "t", True),
    (f"https://youtu.be/{I}?si=XyZ-123&t=90", I, 90, "t", True),
    (f"https://youtu.be/{I}?feature=shared&t=12", I, 12, "t", True),
    (f"https://youtu.be/{I}#t=90", I, 90, "t", True),
    (f"https://youtu.be/{D}?t=90", D, 90, "t", True),
    (f"https://www.youtube.com/shorts/{I}", I, None, None, False),
    (f"https://youtube.com/shorts/{I}?feature=share", I, None, None, False),
    (f"https://www.youtube.com/live/{I}?si=abc&t=90", I, 90, "t", False),
    (f"https://www.youtube.com/live/{D}", D, None, None, False),
    (f"https://www.youtube.com/embed/{I}?start=90", I, 90, "start", False),
    (f"https://www.youtube.com/embed/{I}", I, None, None, False),
    (f"https://www.youtube-nocookie.com/embed/{I}?start=90", I, 90, "start", False),
    (f"youtube-nocookie.com/embed/{D}?start=5", D, 5, "start", False),
    (f"https://www.youtube.com/v/{I}?start=90", I, 90, "start", False),
    (f"https://www.youtube.com/v/{I}", I, None, None, False),
]


@pytest.mark.parametrize("url, video_id, seconds, key, short", FORMS)
def test_parse_video_url_forms(url, video_id, seconds, key, short):
    link = parse_video_url(url)
    assert link.video_id == video_id
    assert link.t == seconds
    assert link.time_key == key
    assert link.short is short
    assert link.problems == []
    assert link.ok
    assert video_id_of(url) == video_id


@pytest.mark.parametrize("notation", ["90", "90s", "1m30s", "0h1m30s", "1:30", "01:30"])
@pytest.mark.parametrize("key", ["t", "start"])
@pytest.mark.parametrize("where", ["?", "#"])
@pytest.mark.parametrize(
    "base", [f"https://www.youtube.com/watch?v={I}", f"https://youtu.be/{D}"]
)
def test_time_notations_in_query_and_fragment(notation, key, where, base):
    sep = "&" if where == "?" and "?" in base else where
    link = parse_video_url(f"{base}{sep}{key}={notation}")
    assert link.t == 90
    assert link.time_key == key
    assert link.time_text == notation
    assert link.ok


def test_time_text_kept_as_written():
    link = parse_video_url(f"https://youtu.be/{I}?t=13m23s")
    assert (link.time_key, link.time_text, link.t) == ("t", "13m23s", 803.0)
    assert link.url == f"https://youtu.be/{I}?t=13m23s"


# ---------------------------------------------------------------- broken links


@pytest.mark.parametrize(
    "url, seconds, problem",
    [
        (
            f"https://www.youtube.com/watch?v={I}?t=483",
            483,
            f"the second '?' hides the time from YouTube (write https://www.youtube.com/watch?v={I}&t=483)",
        ),
        (
            f"https://www.youtube.com/watch?v={I}?si=abc",
            None,
            f"the second '?' belongs to no parameter (write https://www.youtube.com/watch?v={I}&si=abc)",
        ),
        (
            f"https://youtu.be/{I}?si=abc?t=90",
            90,
            f"the second '?' hides the time from YouTube (write https://youtu.be/{I}?si=abc&t=90)",
        ),
        (
            f"https://www.youtube.com/watch?v={I}&si=X?t=90",
            90,
            f"the second '?' hides the time from YouTube (write https://www.youtube.com/watch?v={I}&si=X&t=90)",
        ),
        (
            f"https://youtu.be/{I}&t=483",
            483,
            f"'&' after the id where '?' belongs: YouTube ignores what follows (write https://youtu.be/{I}?t=483)",
        ),
        (
            f"https://youtu.be/{D}&t=5",
            5,
            f"'&' after the id where '?' belongs: YouTube ignores what follows (write https://youtu.be/{D}?t=5)",
        ),
        (f"https://youtu.be/{I}?t=abc", None, "t='abc' is not a time YouTube understands"),
        (f"https://youtu.be/{I}?t=", None, "t='' is not a time YouTube understands"),
        (f"https://youtu.be/{I}?t=1.5m", None, "t='1.5m' is not a time YouTube understands"),
        (
            f"https://www.youtube.com/embed/{I}?start=1h2m3",
            None,
            "start='1h2m3' is not a time YouTube understands",
        ),
        (f"https://youtu.be/{I}#t=soon", None, "t='soon' is not a time YouTube understands"),
        (f"https://youtu.be/{I}?T=803", 803, "YouTube ignores T=803: time keys are lowercase (write t=803)"),
        (
            f"https://www.youtube.com/embed/{I}?Start=13m",
            780,
            "YouTube ignores Start=13m: time keys are lowercase (write start=13m)",
        ),
    ],
)
def test_broken_links_say_why(url, seconds, problem):
    link = parse_video_url(url)
    assert link.problems == [problem]
    assert not link.ok
    assert link.t == seconds


@pytest.mark.parametrize(
    "url, why",
    [
        ("https://vimeo.com/123456", "not a youtube.com or youtu.be address"),
        (f"https://example.com/watch?v={I}", "not a youtube.com or youtu.be address"),
        (f"https://notyoutube.com/watch?v={I}", "not a youtube.com or youtu.be address"),
        (f"https://youtube.com.evil.example/watch?v={I}", "not a youtube.com or youtu.be address"),
        ("hello", "not a youtube.com or youtu.be address"),
        ("", "not a youtube.com or youtu.be address"),
        (I + "x", "not a youtube.com or youtu.be address"),  # 12 characters
        (I[:10], "not a youtube.com or youtu.be address"),
        ("https://www.youtube.com/", "no video id in it"),
        ("https://www.youtube.com/channel/UCabcdefghijk", "no video id in it"),
        ("https://www.youtube.com/watch?v=short", "no video id in it"),
        (f"https://www.youtube.com/watch?v={I}x", "no video id in it"),
        ("https://youtu.be/", "no video id in it"),
        (f"https://youtu.be/{I}x", "unexpected 'x' after the video id"),
    ],
)
def test_not_a_video_url(url, why):
    with pytest.raises(VideoURLError) as info:
        parse_video_url(url)
    assert str(info.value) == (
        f"{url.strip()!r} is not a YouTube video URL or 11-character video id ({why})"
    )
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, QuotesError)


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"https://youtu.be/{I}", True),
        (f"youtu.be/{I}", True),
        ("https://www.youtube.com/channel/x", True),  # a YouTube URL, though no video
        (f"https://www.youtube-nocookie.com/embed/{I}", True),
        ("https://vimeo.com/1", False),
        ("not a url", False),
        ("http://[::1", False),  # urlsplit raises ValueError
    ],
)
def test_is_youtube_url(text, expected):
    assert is_youtube_url(text) is expected


# ---------------------------------------------------------------- URL times


@pytest.mark.parametrize(
    "text, seconds",
    [("90", 90), ("90s", 90), ("1m30s", 90), ("1h2m3s", 3723), ("1:30", 90), ("1h", 3600), ("90.5", 90.5)],
)
def test_parse_url_time(text, seconds):
    assert parse_url_time(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "1.5m", "1h2m3", "-5", "1:2:3:4"])
def test_parse_url_time_rejects(text):
    with pytest.raises(TimecodeError):
        parse_url_time(text)


@given(
    st.integers(0, 99), st.integers(0, 59), st.integers(0, 59), st.booleans(), st.booleans()
)
def test_parse_url_time_generated_units(h, m, s, with_h, with_m):
    text = (f"{h}h" if with_h else "") + (f"{m}m" if with_m else "") + f"{s}s"
    assert parse_url_time(text) == (h * 3600 if with_h else 0) + (m * 60 if with_m else 0) + s


# ---------------------------------------------------------------- deep links


def test_deep_link_forms():
    assert deep_link(I, 803) == f"https://youtu.be/{I}?t=803"
    assert deep_link(I, 803.9) == f"https://youtu.be/{I}?t=803"
    assert deep_link(I, 803, "long") == f"https://www.youtube.com/watch?v={I}&t=803s"
    assert deep_link(I, 803, "embed") == f"https://www.youtube.com/embed/{I}?start=803"
    assert embed_link(I, 803) == f"https://www.youtube.com/embed/{I}?start=803"
    assert deep_link(I) == f"https://youtu.be/{I}"
    assert deep_link(I, None, "long") == f"https://www.youtube.com/watch?v={I}"
    assert embed_link(I) == f"https://www.youtube.com/embed/{I}"
    assert deep_link(I, 0) == f"https://youtu.be/{I}?t=0"


def test_deep_link_unknown_style():
    with pytest.raises(ValueError, match="unknown link style 'tiny'"):
        deep_link(I, 5, "tiny")


video_ids = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-",
    min_size=11,
    max_size=11,
)


@given(video_ids, st.integers(0, 86400), st.sampled_from(["short", "long", "embed"]))
def test_deep_link_round_trip(video_id, seconds, style):
    link = parse_video_url(deep_link(video_id, seconds, style))
    assert (link.video_id, link.t, link.problems) == (video_id, seconds, [])


@given(video_ids, st.floats(0, 86400, allow_nan=False))
def test_deep_link_round_trip_floors(video_id, seconds):
    assert parse_video_url(deep_link(video_id, seconds)).t == int(seconds + 1e-9)


# ---------------------------------------------------------------- with_time


@pytest.mark.parametrize(
    "url, seconds, expected",
    [
        # keeps the time's style
        (f"https://youtu.be/{I}?t=1521", 803, f"https://youtu.be/{I}?t=803"),
        (f"https://youtu.be/{I}?t=1521s", 803, f"https://youtu.be/{I}?t=803s"),
        (f"https://youtu.be/{I}?t=25m21s", 803, f"https://youtu.be/{I}?t=13m23s"),
        (f"https://youtu.be/{I}?t=25m21s", 5, f"https://youtu.be/{I}?t=5s"),
        (f"https://youtu.be/{I}?t=25m21s", 3723.7, f"https://youtu.be/{I}?t=1h2m3s"),
        (f"https://youtu.be/{I}?t=1h", 3600, f"https://youtu.be/{I}?t=1h0m0s"),
        (f"https://youtu.be/{I}?t=1521", 803.9, f"https://youtu.be/{I}?t=803"),
        # keeps the host and path form and the other parameters
        (
            f"https://www.youtube.com/watch?v={I}&t=483",
            803,
            f"https://www.youtube.com/watch?v={I}&t=803",
        ),
        (
            f"https://www.youtube.com/watch?v={I}&t=483s",
            803,
            f"https://www.youtube.com/watch?v={I}&t=803s",
        ),
        (
            f"https://www.youtube.com/watch?v={I}&list=PL&t=90&index=2",
            803,
            f"https://www.youtube.com/watch?v={I}&list=PL&t=803&index=2",
        ),
        (
            f"https://youtu.be/{I}?feature=shared&t=12",
            803,
            f"https://youtu.be/{I}?feature=shared&t=803",
        ),
        (
            f"https://www.youtube.com/embed/{I}?start=10",
            803,
            f"https://www.youtube.com/embed/{I}?start=803",
        ),
        (
            f"https://www.youtube.com/watch?v={I}&start=90",
            803,
            f"https://www.youtube.com/watch?v={I}&start=803",
        ),
        (f"https://www.youtube.com/watch?v={I}#t=90", 803, f"https://www.youtube.com/watch?v={I}#t=803"),
        (f"https://youtu.be/{I}#t=1m30s", 803, f"https://youtu.be/{I}#t=13m23s"),
        (f"youtu.be/{I}?t=5", 803, f"youtu.be/{I}?t=803"),
        # repairs separators and bad times
        (
            f"https://www.youtube.com/watch?v={I}?t=483",
            490,
            f"https://www.youtube.com/watch?v={I}&t=490",
        ),
        (
            f"https://www.youtube.com/watch?v={I}?t=483s&si=x",
            490,
            f"https://www.youtube.com/watch?v={I}&t=490s&si=x",
        ),
        (f"https://youtu.be/{I}&t=483", 490, f"https://youtu.be/{I}?t=490"),
        (f"https://youtu.be/{I}&t=483&si=abc", 490, f"https://youtu.be/{I}?t=490&si=abc"),
        (f"https://youtu.be/{D}&t=5", 490, f"https://youtu.be/{D}?t=490"),
        (f"https://youtu.be/{I}?si=abc?t=90", 490, f"https://youtu.be/{I}?si=abc&t=490"),
        (f"https://youtu.be/{I}?t=483?si=abc", 490, f"https://youtu.be/{I}?t=490&si=abc"),
        (f"https://youtu.be/{I}?t=abc", 490, f"https://youtu.be/{I}?t=490"),
        (f"https://youtu.be/{I}?T=803", 490, f"https://youtu.be/{I}?t=490"),  # YouTube reads only lowercase keys
        (f"https://youtu.be/{I}?t=", 490, f"https://youtu.be/{I}?t=490"),
        (f"https://youtu.be/{I}?t=1%3A30", 490, f"https://youtu.be/{I}?t=490"),
        (f"https://www.youtube.com/watch?v={I}&t=1:30", 490, f"https://www.youtube.com/watch?v={I}&t=490"),
        # adds a time to a link without one
        (f"https://youtu.be/{I}", 803, f"https://youtu.be/{I}?t=803"),
        (f"https://youtu.be/{I}?si=abc", 803, f"https://youtu.be/{I}?si=abc&t=803"),
        (f"https://www.youtube.com/watch?v={I}", 803, f"https://www.youtube.com/watch?v={I}&t=803s"),
        (
            f"https://www.youtube.com/watch?v={I}#foo",
            803,
            f"https://www.youtube.com/watch?v={I}&t=803s#foo",
        ),
        (
            f"https://www.youtube.com/watch?v={I}?si=abc",
            803,
            f"https://www.youtube.com/watch?v={I}&si=abc&t=803s",
        ),
        (f"https://www.youtube.com/embed/{I}", 803, f"https://www.youtube.com/embed/{I}?start=803"),
        (f"https://www.youtube.com/shorts/{I}", 803, f"https://www.youtube.com/shorts/{I}?t=803"),
        (f"https://www.youtube.com/live/{I}?si=a", 803, f"https://www.youtube.com/live/{I}?si=a&t=803"),
        # a bare id becomes the short deep link
        (I, 803, f"https://youtu.be/{I}?t=803"),
        (D, 5, f"https://youtu.be/{D}?t=5"),
    ],
)
def test_with_time(url, seconds, expected):
    assert with_time(url, seconds) == expected
    link = parse_video_url(expected)
    assert link.ok and link.t == int(seconds)


def test_with_time_rejects_non_youtube():
    with pytest.raises(VideoURLError):
        with_time("https://vimeo.com/123", 5)


@given(
    video_ids,
    st.integers(0, 86400),
    st.integers(0, 86400),
    st.sampled_from(
        [
            "https://youtu.be/{id}?t={t}",
            "https://youtu.be/{id}?t={t}s",
            "https://www.youtube.com/watch?v={id}&t={t}s",
            "https://www.youtube.com/watch?v={id}?t={t}",
            "https://youtu.be/{id}&t={t}",
            "https://www.youtube.com/embed/{id}?start={t}",
            "https://youtu.be/{id}?si=abc?t={t}",
            "https://youtu.be/{id}?T={t}",
        ]
    ),
)
def test_with_time_always_gives_a_working_link(video_id, old, new, template):
    out = with_time(template.format(id=video_id, t=old), new)
    link = parse_video_url(out)
    assert (link.video_id, link.t, link.problems) == (video_id, new, [])
