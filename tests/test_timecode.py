"""Tests of quotes.timecode: parse_timecode, format_timecode, find_timecodes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quotes.errors import QuotesError, TimecodeError
from quotes.timecode import (
    find_timecodes,
    format_seconds_param,
    format_timecode,
    parse_timecode,
)


@pytest.mark.parametrize(
    "text, seconds",
    [
        ("1:26:50", 5210.0),
        ("01:26:50", 5210.0),
        ("13:23", 803.0),
        ("0:05", 5.0),
        ("00:00", 0.0),
        ("90:00", 5400.0),  # minutes without hours may pass 59
        ("803", 803.0),
        ("0", 0.0),
        ("803.5", 803.5),
        ("0:05.5", 5.5),
        ("1:02:03,25", 3723.25),  # SRT-style comma
        ("1h2m3s", 3723.0),
        ("1H2M3S", 3723.0),
        ("1m30s", 90.0),
        ("1m30.5s", 90.5),
        ("90s", 90.0),
        ("2m", 120.0),
        ("1h", 3600.0),
        ("1h 2m 3s", 3723.0),
        ("  13:23 ", 803.0),
    ],
)
def test_parse_timecode(text, seconds):
    assert parse_timecode(text) == seconds


@pytest.mark.parametrize("value, seconds", [(0, 0.0), (803, 803.0), (12.5, 12.5)])
def test_parse_timecode_numbers(value, seconds):
    assert parse_timecode(value) == seconds
    assert isinstance(parse_timecode(value), float)


@pytest.mark.parametrize(
    "text, why",
    [
        ("", "empty"),
        ("abc", None),
        ("1:2:3:4", None),
        ("-5", None),
        ("5s3", None),
        ("1:60", "seconds must be below 60"),
        ("1:60:00", "minutes must be below 60"),
        ("1:00:60", "seconds must be below 60"),
    ],
)
def test_parse_timecode_rejects(text, why):
    with pytest.raises(TimecodeError) as info:
        parse_timecode(text)
    message = str(info.value)
    assert message.startswith(f"cannot read time {text.strip()!r}")
    assert message.endswith("write it as 13:23, 1:26:50, 803 or 1h2m3s")
    if why:
        assert f": {why};" in message


@pytest.mark.parametrize("value", [-1, -0.5, float("nan"), float("inf"), True])
def test_parse_timecode_rejects_numbers(value):
    with pytest.raises(TimecodeError):
        parse_timecode(value)


def test_timecode_error_is_a_value_error_and_quotes_error():
    with pytest.raises(ValueError):
        parse_timecode("nope")
    with pytest.raises(QuotesError):
        parse_timecode("nope")


@pytest.mark.parametrize(
    "seconds, text",
    [
        (0, "0:00"),
        (5, "0:05"),
        (59.999, "0:59"),  # rounded down, like the t= of a link
        (60, "1:00"),
        (803, "13:23"),
        (803.9, "13:23"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (5210, "1:26:50"),
        (86400, "24:00:00"),
        (2.9999999999, "0:03"),  # float noise is not rounded down a whole second
    ],
)
def test_format_timecode(seconds, text):
    assert format_timecode(seconds) == text


def test_format_timecode_always_hours():
    assert format_timecode(803, always_hours=True) == "0:13:23"
    assert format_timecode(5210, always_hours=True) == "1:26:50"


@pytest.mark.parametrize(
    "seconds, text",
    [
        (5.25, "0:05.250"),
        (803.9, "13:23.900"),
        (0.001, "0:00.001"),
        (12, "0:12"),
        (59.999, "0:59.999"),
        # Regression: 999.99 ms was rounded to 1000 and cut to ".100".
        (3599.99999, "59:59.999"),
    ],
)
def test_format_timecode_fraction(seconds, text):
    assert format_timecode(seconds, fraction=True) == text


@pytest.mark.parametrize("value", [-1, float("nan"), float("inf")])
def test_format_timecode_rejects(value):
    with pytest.raises(TimecodeError):
        format_timecode(value)


def test_format_seconds_param():
    assert format_seconds_param(803.9) == "803"
    assert format_seconds_param(0) == "0"


@given(st.integers(min_value=0, max_value=86400))
def test_format_then_parse_gives_whole_seconds(seconds):
    assert parse_timecode(format_timecode(seconds)) == seconds
    assert parse_timecode(format_timecode(seconds, always_hours=True)) == seconds


@given(st.floats(min_value=0, max_value=86400, allow_nan=False))
def test_format_then_parse_floors_fractions(seconds):
    back = parse_timecode(format_timecode(seconds))
    assert back == int(seconds + 1e-9)


@given(st.integers(0, 86400 * 1000))
def test_fraction_round_trip(millis):
    seconds = millis / 1000
    assert abs(parse_timecode(format_timecode(seconds, fraction=True)) - seconds) < 1e-6


@given(st.integers(0, 23), st.integers(0, 59), st.integers(0, 59))
def test_parse_unit_forms(h, m, s):
    total = h * 3600 + m * 60 + s
    assert parse_timecode(f"{h}h{m}m{s}s") == total
    assert parse_timecode(f"{h}:{m:02d}:{s:02d}") == total
    assert parse_timecode(str(total)) == total


# ---------------------------------------------------------------- find_timecodes


def test_find_timecodes_positions():
    text = "Interview 1:26:50 and 13:23"
    found = find_timecodes(text)
    assert found == [(10, 17, 5210.0), (22, 27, 803.0)]
    assert [text[a:b] for a, b, _ in found] == ["1:26:50", "13:23"]


@pytest.mark.parametrize(
    "text, seconds",
    [
        ("(13:23)", [803.0]),
        ("at 0:05, then 59:59.", [5.0, 3599.0]),
        ("[1:02:03] intro", [3723.0]),
        ("ratio 16:9:1", []),  # not a time
        ("99:99 and 1:60", []),  # seconds >= 60
        ("1:60:00", []),  # minutes >= 60 with hours
        ("version 1.2:30", []),
        ("123:45", []),  # part of a longer number
        ("1:2", []),  # seconds need two digits in prose
        ("no times here", []),
        ("Interview 1h40m", [6000.0]),  # units, as YouTube's t=1h40m writes them
        ("(1h 2m 3s) then 40m12s and 2h", [3723.0, 2412.0, 7200.0]),
        ("a 40m fall, 12s later, 5m users", []),  # a lone minute or second count is not a time
        ("1h60m, 10m75s", []),
        ("v1h40m, 1h40mx", []),  # inside a word
    ],
)
def test_find_timecodes(text, seconds):
    assert [s for _, _, s in find_timecodes(text)] == seconds


@given(st.integers(0, 86399))
def test_find_timecodes_finds_units(seconds):
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    text = f"see {h}h{m}m{s}s for details" if h else f"see {m}m{s}s for details"
    assert [t for _, _, t in find_timecodes(text)] == [seconds]


@given(st.integers(0, 86399))
def test_find_timecodes_finds_formatted(seconds):
    text = f"see {format_timecode(seconds)} for details"
    assert [s for _, _, s in find_timecodes(text)] == [seconds]


@pytest.mark.parametrize("text", ["9" * 400, "9" * 400 + "s", "9" * 400 + ":00", "1:" + "9" * 400, "9" * 5000, "99999999999"])
def test_a_time_of_hundreds_of_digits_is_a_timecode_error(text):
    with pytest.raises(TimecodeError):
        parse_timecode(text)
