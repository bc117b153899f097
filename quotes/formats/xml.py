"""XML captions: YouTube's timedtext (srv1, srv2, srv3) here, TTML/DFXP in ``ttml``."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from fractions import Fraction

from ..errors import TranscriptFormatError
from ..transcript import Segment
from .cues import Parsed, Skipped, join_lines, make_segment
from .ttml import read_ttml
from .xmlparse import local_name, parse_xml_tree

_XML_DECIMAL = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*$")


def _decimal_ms(value: str, unit_ms: int) -> int | None:
    """Whole milliseconds of a decimal ``value`` counted in units of ``unit_ms``; None when it
    is no plain number of zero or more ("-1", "1e3", "nan")."""
    m = _XML_DECIMAL.match(value)
    return None if not m else round(Fraction(m.group(1)) * unit_ms)


def _xml_text(element: ET.Element) -> str:
    """The caption text of a YouTube timedtext element: its words (``<s>`` children too),
    entities YouTube escaped twice (``&amp;#39;``) decoded, markup removed, lines kept."""
    raw = html.unescape("".join(element.itertext()))
    return join_lines(raw.split("\n"))


def read_xml(text: str, filename: str) -> Parsed:
    root, where = parse_xml_tree(text, filename)
    kind = local_name(root.tag)
    if kind == "transcript":
        return _timedtext(root, where, filename, "text", "start", "dur", "seconds", 1000)
    if kind == "timedtext":
        if root.get("format") == "3" or any(local_name(e.tag) == "body" for e in root):
            return _timedtext(root, where, filename, "p", "t", "d", "milliseconds", 1)
        return _timedtext(root, where, filename, "text", "t", "d", "milliseconds", 1)  # srv2
    if kind == "tt":
        return read_ttml(root, where, filename)
    raise TranscriptFormatError(
        filename,
        where.get(root, 1),
        f"expected a YouTube timedtext document (<transcript>, <timedtext>) or TTML (<tt>), got <{root.tag}>",
    )


def _caption_times(
    element: ET.Element, n: int, start_attr: str, dur_attr: str, unit: str, unit_ms: int
) -> tuple[int, int | None] | str:
    """(start ms, duration ms or None) of timedtext caption ``n``, or what was expected instead."""
    value = element.get(start_attr)
    if value is None:
        return f'expected {start_attr}="..." ({unit}) in caption {n}'
    start = _decimal_ms(value, unit_ms)
    if start is None:
        return f'expected {start_attr}="..." to be zero or more {unit} in caption {n}, got {value!r}'
    value = element.get(dur_attr)
    duration = None if value is None else _decimal_ms(value, unit_ms)
    if value is not None and duration is None:
        return f'expected {dur_attr}="..." to be zero or more {unit} in caption {n}, got {value!r}'
    return start, duration


def _timedtext(
    root: ET.Element, where: dict, filename: str, tag: str, start_attr: str, dur_attr: str, unit: str, unit_ms: int
) -> Parsed:
    """YouTube's timedtext XML: srv1 (``<transcript><text start="1.23" dur="2.5">``, seconds),
    srv2 (``<timedtext><text t="1230" d="2500">``) and srv3 (``<timedtext format="3"><body><p
    t="1230" d="2500">``, milliseconds; automatic captions time each word in ``<s t="..">``).
    A caption whose times cannot be read is skipped and noted."""
    timed: list[tuple[int, int | None, str]] = []  # (start ms, duration ms or None, text)
    skipped: list[Skipped] = []
    generated = False
    captions = [e for e in root.iter() if local_name(e.tag) == tag]
    for n, element in enumerate(captions, 1):
        # (srv3's a="1" paragraphs usually hold only a line break for the one on screen, and
        # are skipped below as empty; one with words keeps them.)
        words = [e for e in element.iter() if local_name(e.tag) == "s"]
        if any("t" in s.attrib or "ac" in s.attrib for s in words):
            generated = True
        caption = _xml_text(element)
        if not caption:
            continue
        times = _caption_times(element, n, start_attr, dur_attr, unit, unit_ms)
        if isinstance(times, str):
            skipped.append(Skipped(where.get(element) or 1, times))
        else:
            timed.append((*times, caption))
    # A caption without a duration lasts until the next one starts (the last: a second).
    segments = [
        make_segment(start, start + (duration if duration is not None else max(following - start, 0)), caption)
        for (start, duration, caption), following in zip(
            timed, [t[0] for t in timed[1:]] + [timed[-1][0] + 1000 if timed else 0]
        )
    ]
    return Parsed(segments=segments, is_generated=True if generated else None, skipped=skipped).readable(filename)


def parse_xml(text: str, filename: str = "<xml>") -> list[Segment]:
    """Captions of YouTube's timedtext XML (srv1, srv2, srv3) or a TTML/DFXP file.

    >>> parse_xml('<transcript><text start="1.5" dur="2">it&amp;amp;#39;s</text></transcript>')
    [Segment(start=1.5, duration=2.0, text="it's")]
    >>> parse_xml('<tt xmlns="http://www.w3.org/ns/ttml"><body><div><p begin="00:00:01.000" end="1500ms">a<br/>b</p></div></body></tt>')
    [Segment(start=1.0, duration=0.5, text='a\\nb')]
    """
    return read_xml(text, filename).segments
