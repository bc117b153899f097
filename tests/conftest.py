"""Shared test builders."""

from __future__ import annotations

import pytest

from quotes.errors import TranscriptFormatError
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


# ---------------------------------------------------------------- end of formats builders
