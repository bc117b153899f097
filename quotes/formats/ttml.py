"""TTML and DFXP captions, timed as TTML2 times them (SMIL's time containers, frames, ticks,
SMPTE time code)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from fractions import Fraction

from ..errors import TranscriptFormatError
from .cues import LANG_CODE, Parsed, Skipped, make_segment
from .xmlparse import attribute, local_name

# TTML times (TTML2 §12.3.1): a clock time (00:00:01.230; with frames 00:00:01:15, and
# sub-frames 00:00:01:15.1) or an offset (1.23s, 1230ms, 2m, 0.5h, 45f in frames, 12300000t in
# ticks).
_TTML_CLOCK = re.compile(r"^\s*(\d+):(\d{2}):(\d{2})(?:(\.\d+)|:(\d+)(?:\.(\d+))?)?\s*$")
_TTML_OFFSET = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)(h|ms|m|s|f|t)\s*$")
# Apple's iTunes TTML writes clock times without hours ("3:58.640"), as players read them.
_TTML_SHORT_CLOCK = re.compile(r"^\s*(\d+):(\d{2})(\.\d+)?\s*$")
_TTML_EXAMPLE = "00:00:01.230, 1.23s or 1230ms"
# (Frame rates are whole numbers; "29.97", which some writers put, is read as meant.)
_TTML_RATE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*$")
_TTML_RATIO = re.compile(r"^\s*(\d+)\s+(\d+)\s*$")


@dataclass
class _Rates:
    """What a frame and a tick of a TTML file are: the ``ttp:`` parameters of its ``<tt>``."""

    frame: Fraction = Fraction(30)  # ttp:frameRate, frames a second (30 unless it says)
    multiplier: Fraction = Fraction(1)  # ttp:frameRateMultiplier: 1000/1001 makes 30 NTSC's 29.97
    sub_frame: Fraction = Fraction(1)  # ttp:subFrameRate, sub-frames a frame
    tick: Fraction = Fraction(1)  # ttp:tickRate, ticks a second
    smpte: bool = False  # ttp:timeBase="smpte": clock times are time code, counted in frames
    drop: str = "nonDrop"  # ttp:dropMode, how that time code skips frame numbers
    labels: bool = False  # smpte with discontinuous markers: each time names a frame of the video

    @property
    def effective(self) -> Fraction:
        """Frames a second of the video."""
        return self.frame * self.multiplier


def _ttml_rates(root: ET.Element, line: int | None, filename: str) -> _Rates:
    """The ``ttp:`` parameters of ``<tt>`` (TTML2 §7.2; only there do they count)."""
    rates = _Rates()

    def number(name: str) -> Fraction | None:
        value = attribute(root, name)
        if value is None:
            return None
        m = _TTML_RATE.match(value)
        if not m or Fraction(m.group(1)) == 0:
            raise TranscriptFormatError(filename, line, f'expected ttp:{name}="..." to be a number above 0, got {value!r}')
        return Fraction(m.group(1))

    def choice(name: str, allowed: tuple[str, ...]) -> str:
        value = attribute(root, name)
        if value is None:
            return allowed[0]
        if value.strip() not in allowed:
            expected = " or ".join(f'"{a}"' for a in allowed)
            raise TranscriptFormatError(filename, line, f"expected ttp:{name} to be {expected}, got {value!r}")
        return value.strip()

    frame, sub_frame, tick = number("frameRate"), number("subFrameRate"), number("tickRate")
    rates.frame, rates.sub_frame = frame or rates.frame, sub_frame or rates.sub_frame
    multiplier = attribute(root, "frameRateMultiplier")
    if multiplier is not None:
        m = _TTML_RATIO.match(multiplier)
        if not m or int(m.group(1)) == 0 or int(m.group(2)) == 0:
            raise TranscriptFormatError(
                filename, line, f'expected ttp:frameRateMultiplier="..." to be two numbers above 0 like "1000 1001", got {multiplier!r}'
            )
        rates.multiplier = Fraction(int(m.group(1)), int(m.group(2)))
    # Without a tick rate a tick is a sub-frame, if the file gives a frame rate; else a second.
    rates.tick = tick or (rates.effective * rates.sub_frame if frame else Fraction(1))
    # (A clock time base counts in the time of day, which no place in a video answers to.)
    rates.smpte = choice("timeBase", ("media", "smpte")) == "smpte"
    rates.drop = choice("dropMode", ("nonDrop", "dropNTSC", "dropPAL"))
    rates.labels = rates.smpte and choice("markerMode", ("discontinuous", "continuous")) == "discontinuous"
    return rates


def _ttml_ms(value: str, rates: _Rates) -> int:
    """Whole milliseconds of a TTML time expression (TTML2 Annex I), or ValueError saying
    what it should have been."""
    m = _TTML_CLOCK.match(value)
    if m:
        hours, minutes, seconds, fraction, frames, sub_frames = m.groups()
        if int(minutes) >= 60 or int(seconds) >= 60:
            raise ValueError(f"a time like {_TTML_EXAMPLE}")
        if frames is not None and int(frames) >= rates.frame:
            raise ValueError(f"a time whose frames count below the frame rate ({rates.frame})")
        if sub_frames is not None and int(sub_frames) >= rates.sub_frame:
            raise ValueError(f"a time whose sub-frames count below the sub-frame rate ({rates.sub_frame})")
        clock = (int(hours) * 60 + int(minutes)) * 60 + int(seconds) + Fraction(fraction or 0)
        frame_count = int(frames or 0) + Fraction(int(sub_frames or 0)) / rates.sub_frame
        if rates.smpte:
            # Time code: frames counted at the nominal rate (30 for NTSC's 29.97), less the
            # frame numbers drop-frame time code skips, then played at the true rate.
            h, mins = int(hours), int(minutes)
            dropped = {"dropNTSC": (h * 54 + mins - mins // 10) * 2, "dropPAL": (h * 27 + mins // 2 - mins // 20) * 4}
            seconds_total = (clock * rates.frame + frame_count - dropped.get(rates.drop, 0)) / rates.effective
        else:
            seconds_total = clock + frame_count / rates.effective
        return round(seconds_total * 1000)
    m = _TTML_SHORT_CLOCK.match(value)
    if m and int(m.group(2)) < 60:
        seconds_total = int(m.group(1)) * 60 + int(m.group(2)) + Fraction(m.group(3) or 0)
        if rates.smpte:
            seconds_total = seconds_total * rates.frame / rates.effective  # seconds of time code
        return round(seconds_total * 1000)
    m = _TTML_OFFSET.match(value)
    if m:
        number, unit = Fraction(m.group(1)), m.group(2)
        if unit == "t":
            return round(number / rates.tick * 1000)
        if unit == "f":
            return round(number / rates.effective * 1000)
        seconds_total = number * {"h": 3600, "m": 60, "s": 1, "ms": Fraction(1, 1000)}[unit]
        if rates.smpte:
            seconds_total = seconds_total * rates.frame / rates.effective  # seconds of time code
        return round(seconds_total * 1000)
    raise ValueError(f"a time like {_TTML_EXAMPLE}")




def _xml_id(element: ET.Element) -> str | None:
    """The ``xml:id`` of ``element`` (``id`` in some writers' files)."""
    return element.get("{http://www.w3.org/XML/1998/namespace}id") or attribute(element, "id")


def _is_seq(element: ET.Element) -> bool:
    """Whether ``element`` times its children one after another (``timeContainer="seq"``)."""
    return (attribute(element, "timeContainer") or "").strip() == "seq"


def _collapse(parts: list[str]) -> str:
    """Text of TTML content: ``<br/>`` (here \\0) breaks a line, other white space collapses
    (line ends in the file are white space), as TTML shows it."""
    lines = (" ".join(line.split()) for line in "".join(parts).split("\0"))
    return "\n".join(line for line in lines if line)


@dataclass
class _Run:
    """Text shown over one interval: a ``<p>``'s own, or a timed ``<span>``'s in it."""

    begin: int
    end: int | None  # None: not before the document ends
    parts: list[str]


class _TtmlReader:
    """TTML and DFXP (``<tt><body><div><p begin=".." end="..">``): each ``<p>`` a caption, timed
    as TTML times it (TTML2 §12.4, SMIL's time containers). A time counts from the begin of
    the ``<body>``, ``<div>`` or ``<span>`` around it, from the end of the element before it
    in a ``timeContainer="seq"``, and nothing is shown past the end of what contains it. In
    a ``par`` container (the default) what has no end lasts while its container does, to the
    end of the document if that never ends; in a ``seq`` it takes no time. A ``<span>`` with
    times of its own is shown at them, as a caption of its own (never, if they fall outside
    its ``<p>``). ``tts:display="none"`` (on the element or a style it names) hides text. A
    caption that cannot be read (a mistyped time, an end before its begin, no time at all)
    is skipped and noted."""

    def __init__(self, root: ET.Element, where: dict, filename: str) -> None:
        self.root, self.where, self.filename = root, where, filename
        self.rates = _ttml_rates(root, where.get(root), filename)
        self.styles = {_xml_id(e): e for e in root.iter() if local_name(e.tag) == "style" and _xml_id(e)}
        self.runs: list[_Run] = []
        self.skipped: list[Skipped] = []
        self.latest = 0  # the latest time the document names: where it ends
        self.count = 0  # the <p> elements met so far, numbering the captions in messages

    def read(self) -> Parsed:
        self.walk(self.root, 0, None, False, True)
        segments = []
        for run in self.runs:
            text = _collapse(run.parts)
            if not text:
                continue
            end = run.end
            if end is None:  # shown to the end of the document; the last for its words' time
                end = self.latest if self.latest > run.begin else run.begin + max(1000, 400 * len(text.split()))
            segments.append(make_segment(run.begin, end, text))
        lang = attribute(self.root, "lang")
        return Parsed(
            segments=segments, language_code=lang if lang and LANG_CODE.match(lang) else None, skipped=self.skipped
        ).readable(self.filename)

    def hidden(self, element: ET.Element, seen: frozenset = frozenset()) -> bool:
        """Whether ``tts:display="none"`` hides ``element``, itself or by a style it names."""
        display = attribute(element, "display")
        if display is not None:
            return display.strip() == "none"
        names = [n for n in (element.get("style") or "").split() if n in self.styles and n not in seen]
        return any(self.hidden(self.styles[n], seen | {n}) for n in names)

    def time_of(self, element: ET.Element, name: str, n: int) -> int | None:
        value = attribute(element, name)
        if value is None:
            return None
        try:
            return _ttml_ms(value, self.rates)
        except ValueError as exc:
            raise TranscriptFormatError(
                self.filename, self.where.get(element), f'expected {name}="..." to be {exc} in caption {n}, got {value!r}'
            ) from None

    def interval(self, element: ET.Element, n: int, ref: int, limit: int | None) -> tuple[int, int | None, bool]:
        """When ``element`` begins and ends (ms; None: not before its container does), counted
        from ``ref`` and cut at ``limit``; and whether it has times of its own."""
        begin_at, end_at, dur = (self.time_of(element, name, n) for name in ("begin", "end", "dur"))
        if self.rates.labels:
            ref, limit = 0, None  # time code names frames of the video, whatever contains it
        begin = ref + (begin_at or 0)
        if end_at is not None and ref + end_at < begin:
            raise TranscriptFormatError(
                self.filename,
                self.where.get(element),
                f"expected the end time after the begin time in caption {n}, "
                f'got begin="{attribute(element, "begin")}" end="{attribute(element, "end")}"',
            )
        ends = [t for t in (None if end_at is None else ref + end_at, None if dur is None else begin + dur, limit) if t is not None]
        end = min(ends) if ends else None
        self.latest = max(self.latest, begin if end is None else end)
        return begin, end, (begin_at, end_at, dur) != (None, None, None)

    def walk(self, node: ET.Element, begin: int, end: int | None, timed: bool, shown: bool) -> int:
        """The captions in the time container ``node``, shown from ``begin`` to ``end``
        (ms); whether anything above gave a time, and whether it is displayed; returns when
        the last of them ends."""
        seq = _is_seq(node)
        ref, last = begin, begin
        for child in node:
            name = local_name(child.tag)
            if name not in ("p", "body", "div"):
                continue
            try:
                if name == "p":
                    child_end = self.paragraph(child, ref, end, timed, seq, shown and not self.hidden(child))
                else:
                    div_begin, div_end, own = self.interval(child, self.count + 1, ref, end)
                    inner = self.walk(child, div_begin, div_end, timed or own, shown and not self.hidden(child))
                    child_end = div_end if div_end is not None else inner
            except TranscriptFormatError as exc:
                self.skipped.append(Skipped(exc.line or 1, exc.expected))
                continue
            if child_end is None:
                continue
            # In a seq each element begins when the one before ends (without an end: at once),
            # so one that has times gives the ones after it theirs.
            ref = child_end if seq else ref
            timed = timed or (seq and ref > begin)
            last = max(last, child_end)
        return last

    def paragraph(self, p: ET.Element, ref: int, end: int | None, timed: bool, seq: bool, shown: bool) -> int | None:
        """Read the caption ``<p>`` (counted from ``ref``, cut at ``end``); when it ends, or None
        when it takes no time in its container."""
        self.count += 1
        n = self.count
        p_begin, p_end, own = self.interval(p, n, ref, end)
        if p_end is None and seq:
            p_end = p_begin  # (in a seq, what has no end takes no time)
        own_run = _Run(p_begin, p_end, [])
        runs = [own_run]
        self.content(p, own_run, runs, n, seq=_is_seq(p))
        text = _collapse(own_run.parts)
        if not text and not seq and len(runs) == 1:
            return None  # (in a seq an empty one still takes its time)
        if text and not (own or timed or len(runs) > 1):  # (in a seq, timed once a sibling is)
            raise TranscriptFormatError(
                self.filename, self.where.get(p), f'expected begin="..." (a time like {_TTML_EXAMPLE}) in caption {n}'
            )
        if p_end is not None and p_end < p_begin:
            return None  # it begins after what contains it has ended: never shown
        if shown:
            self.runs += [run for run in runs if run.end is None or run.end >= run.begin]
        return p_end if p_end is not None else p_begin

    def content(self, node: ET.Element, run: _Run, runs: list[_Run], n: int, seq: bool) -> None:
        """Add the text in ``node`` to ``run``, and a run of its own for each ``<span>`` in it
        that has times of its own (to ``runs``); ``seq``: whether ``node`` times its children
        one after another."""
        run.parts.append(node.text or "")
        ref = run.begin
        for child in node:
            name = local_name(child.tag)
            if name == "br":
                run.parts.append("\0")
            elif name not in ("metadata", "set", "animate"):  # (set and animate time styles, not text)
                begin, end, own = self.interval(child, n, ref, run.end)
                inner = _Run(begin, end, []) if own else run
                if own:
                    runs.append(inner)
                if not self.hidden(child):
                    child_seq = _is_seq(child)
                    self.content(child, inner, runs, n, child_seq)
                if seq:
                    ref = end if end is not None else begin
            run.parts.append(child.tail or "")


def read_ttml(root: ET.Element, where: dict, filename: str) -> Parsed:
    """The captions of the TTML document ``root`` (see ``_TtmlReader``)."""
    return _TtmlReader(root, where, filename).read()
