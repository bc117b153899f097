"""Shared test builders."""

from __future__ import annotations

import re

import pytest

from quotes.errors import QuotesError, TranscriptFormatError
from quotes.formats import read_caption_file
from quotes.transcript import Segment

# ---------------------------------------------------------------- formats (tests/test_formats_*.py)
# Builders for the caption-file tests. Session-scoped: they are plain functions, and hypothesis
# tests may take them.


@pytest.fixture(scope="session")
def seg():
    """``seg(start, duration, text)``: a Segment, positionally."""

    def seg(start, duration, text):
        return Segment(start=start, duration=duration, text=text)

    return seg


@pytest.fixture(scope="session")
def error_of():
    """``error_of(func, *args)``: the message of the TranscriptFormatError ``func(*args)`` raises."""

    def error_of(func, *args) -> str:
        with pytest.raises(TranscriptFormatError) as info:
            func(*args)
        return str(info.value)

    return error_of


@pytest.fixture(scope="session")
def ttml():
    """``ttml(body, params="")``: a TTML document of ``body``, ``params`` on its ``<tt>``."""

    def ttml(body: str, params: str = "") -> str:
        return (
            '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" '
            f"{params}><body>{body}</body></tt>"
        )

    return ttml


@pytest.fixture(scope="session")
def read_any(tmp_path_factory):
    """``read_any(name, data)``: read the bytes ``data`` as the caption file ``name`` and check
    what any input must give (#15): a transcript, or a QuotesError whose message opens with
    the file and (where it points at one) a line of the file; never another exception."""
    folder = tmp_path_factory.mktemp("any")

    def read_any(name: str, data: bytes):
        path = folder / name
        path.write_bytes(data)
        lines = data.count(b"\n") + data.count(b"\r") + 1  # (CR alone ends a line too)
        try:
            read = read_caption_file(path, video_id="abcdefghijk")
        except QuotesError as exc:
            m = re.match(rf"{re.escape(str(path))}(?::(\d+))?: expected ", str(exc))
            assert m, str(exc)
            if m.group(1) is not None:
                assert 1 <= int(m.group(1)) <= lines + 1, str(exc)  # (+1: "got end of file")
            return None
        assert read.transcript.segments
        assert all(s.duration >= 0 for s in read.transcript.segments)
        assert all(1 <= s.line <= lines for s in read.skipped), read.skipped
        return read

    return read_any


# ---------------------------------------------------------------- end of formats builders
