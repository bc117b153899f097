"""JSON captions: youtube-transcript-api's raw list, YouTube's json3, Whisper's JSON (WhisperX
too), podcast JSON transcripts (Podcasting 2.0), and our own stored transcript."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from pydantic import ValidationError

from ..errors import TranscriptFormatError
from ..transcript import Segment, Transcript
from .cues import LANG_CODE, MAX_SECONDS, Parsed, make_segment, shorten, strip_markup
from .speakers import mark_speaker


def _members(text: str, pos: int):
    """(key or index, offset of value) of the JSON object or array starting at ``pos``."""
    decoder = json.JSONDecoder()
    ws = re.compile(r"\s*")
    opening = text[pos]
    pos += 1
    index = 0
    while True:
        pos = ws.match(text, pos).end()
        if text[pos] in "]}":
            return
        if opening == "{":
            key, pos = decoder.raw_decode(text, pos)
            pos = ws.match(text, pos).end() + 1  # the ':'
            pos = ws.match(text, pos).end()
        else:
            key = index
        yield key, pos
        _, pos = decoder.raw_decode(text, pos)
        pos = ws.match(text, pos).end()
        if text[pos] == ",":
            pos += 1
        index += 1


def _line_of(text: str, path: tuple) -> int:
    """1-based line where the value at ``path`` (keys and indexes) starts; best effort."""
    pos = re.compile(r"\s*").match(text).end()
    try:
        for step in path:
            for key, offset in _members(text, pos):
                if key == step:
                    pos = offset
                    break
            else:
                break
    except (ValueError, IndexError):
        pass
    return text.count("\n", 0, pos) + 1


def _seconds(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        value = float(value)
    except OverflowError:  # an integer of hundreds of digits
        return None
    if not math.isfinite(value) or value < 0 or value > MAX_SECONDS:
        return None
    return value


def read_json(text: str, filename: str) -> Parsed:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TranscriptFormatError(
            filename, exc.lineno, f"expected valid JSON: {exc.msg} (column {exc.colno})"
        ) from None
    except RecursionError:
        raise TranscriptFormatError(filename, 1, "expected caption JSON, got lists or objects nested too deeply") from None

    def fail(path: tuple, expected: str) -> TranscriptFormatError:
        return TranscriptFormatError(filename, _line_of(text, path), expected)

    if isinstance(data, list):
        return Parsed(segments=_raw_list(data, fail))
    if isinstance(data, dict) and "events" in data:
        return _json3(data, fail)
    if isinstance(data, dict) and _is_podcast_json(data):
        return _podcast(data, fail)
    if isinstance(data, dict) and "segments" in data and "video_id" not in data:
        return _whisper(data, fail)
    if isinstance(data, dict) and "segments" in data and "video_id" in data:
        try:
            transcript = Transcript.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = tuple(err["loc"])
            where = ".".join(str(p) for p in loc) or "top level"
            raise fail(loc, f"expected a valid stored transcript: {where}: {err['msg']}") from None
        return Parsed(
            segments=list(transcript.segments),
            language_code=transcript.language_code,
            is_generated=transcript.is_generated,
            transcript=transcript,
        )
    raise fail(
        (),
        "expected a list of captions like "
        '[{"text": "...", "start": 1.0, "duration": 2.5}], a json3 object with "events" '
        'or a Whisper object with "segments"',
    )


def _raw_list(data: list, fail, at: tuple = ()) -> list[Segment]:
    """youtube-transcript-api's raw list: ``[{"text", "start", "duration"}, ...]``; an
    ``end`` (seconds) may stand in for ``duration``, as in Whisper's segments."""
    return [segment for _, segment in _raw_items(data, fail, at)]


def _raw_items(data: list, fail, at: tuple = ()) -> list[tuple[int, Segment]]:
    """The captions of a raw list with the index of the item each comes from (empty ones
    are dropped, so a reader wanting more of an item's fields needs its index)."""
    segments = []
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            raise fail(at + (i,), f'expected a caption object like {{"text": "...", "start": 1.0, "duration": 2.5}}, got {shorten(json.dumps(item))}')
        if not isinstance(item.get("text"), str):
            raise fail(at + ((i, "text") if "text" in item else (i,)), f'expected "text" to be a string in caption {i + 1}')
        start = _seconds(item.get("start"))
        if start is None:
            raise fail(
                at + ((i, "start") if "start" in item else (i,)),
                f'expected "start" to be zero or more seconds in caption {i + 1}, got {json.dumps(item.get("start"))}',
            )
        if "duration" not in item and "end" in item:
            end = _seconds(item["end"])
            if end is None or end < start:
                raise fail(
                    at + (i, "end"),
                    f'expected "end" to be seconds at or after "start" ({start:g}) in caption {i + 1}, got {json.dumps(item["end"])}',
                )
            duration = (round(end * 1000) - round(start * 1000)) / 1000  # no float noise
        else:
            # duration: time on screen; missing in some exports, where the next start bounds it.
            duration = _seconds(item.get("duration", 0.0))
        if duration is None:
            raise fail(
                at + (i, "duration"),
                f'expected "duration" to be zero or more seconds in caption {i + 1}, got {json.dumps(item.get("duration"))}',
            )
        caption = strip_markup(item["text"])
        if caption.strip():
            segments.append((i, Segment(start=start, duration=duration, text=caption)))
    return segments


def _whisper(data: dict, fail) -> Parsed:
    """Whisper's JSON (openai-whisper ``--output_format json``, WhisperX): ``segments`` with
    ``start``, ``end`` and ``text``, and the detected ``language``. Machine transcription.
    WhisperX after diarization names each segment's ``speaker`` (``SPEAKER_00``): a change
    of speaker is marked as in podcast JSON; a segment without one (diarization left it
    unassigned) continues the speaker before."""
    if not isinstance(data["segments"], list):
        raise fail(("segments",), 'expected "segments" to be a list of {"start": 1.0, "end": 3.5, "text": "..."}')
    for i, item in enumerate(data["segments"]):
        # Whisper always writes when a segment ends; without it the caption has no length.
        if isinstance(item, dict) and "end" not in item and "duration" not in item:
            raise fail(("segments", i), f'expected "end" (seconds) in caption {i + 1}')
    language = data.get("language")
    if not (isinstance(language, str) and LANG_CODE.match(language)):
        language = None  # absent, or a name ("english") rather than a code
    segments = []
    speaker = None
    for i, segment in _raw_items(data["segments"], fail, ("segments",)):
        text = segment.text.strip()
        # (Speakers of single words, WhisperX's "words", are not read: a segment is one speaker's.)
        name = data["segments"][i].get("speaker")
        if isinstance(name, str) and name.strip():
            text, speaker = mark_speaker(text, name, speaker)
        segments.append(segment.model_copy(update={"text": text}))
    return Parsed(segments=segments, language_code=language, is_generated=True)


def _is_podcast_json(data: dict) -> bool:
    segments = data.get("segments")
    return isinstance(segments, list) and any(
        isinstance(x, dict) and ("startTime" in x or "body" in x) for x in segments[:5]
    )


def _podcast(data: dict, fail) -> Parsed:
    """A podcast's JSON transcript (the Podcasting 2.0 ``podcast:transcript`` format):
    ``segments`` with ``startTime``, ``endTime``, ``body`` and perhaps ``speaker``; a change
    of speaker is marked ``NAME: `` as in timestamped text."""
    out: list[Segment] = []
    speaker = None
    for i, item in enumerate(data["segments"]):
        at = ("segments", i)
        if not isinstance(item, dict):
            raise fail(at, f'expected caption {i + 1} to be an object like {{"startTime": 1.0, "endTime": 2.5, "body": "..."}}')
        body = item.get("body")
        if not isinstance(body, str):
            raise fail(at, f'expected "body" (the words) in caption {i + 1}')
        times = []
        for key in ("startTime", "endTime"):
            value = _seconds(item.get(key))
            if value is None or value < 0:
                raise fail(at, f'expected "{key}" (seconds, zero or more) in caption {i + 1}')
            times.append(round(value * 1000))
        if times[1] < times[0]:
            raise fail(at, f'expected "endTime" at or after "startTime" in caption {i + 1}')
        text = body.strip()
        name = item.get("speaker")
        if text and isinstance(name, str) and name.strip():
            text, speaker = mark_speaker(text, name, speaker)
        if text:
            out.append(make_segment(times[0], times[1], text))
    return Parsed(segments=out)


def _json3(data: dict, fail) -> Parsed:
    """YouTube's json3 (``fmt=json3``): events with ``tStartMs``, ``dDurationMs``, ``segs``."""
    events = data["events"]
    if not isinstance(events, list):
        raise fail(("events",), 'expected "events" to be a list')
    segments = []
    generated = data.get("kind") == "asr"
    for i, event in enumerate(events):
        if not isinstance(event, dict):
            raise fail(("events", i), f"expected an event object, got {shorten(json.dumps(event))}")
        segs = event.get("segs")
        # Events without segs set windows and styles; aAppend events only add a line break.
        if not segs or event.get("aAppend"):
            continue
        if not isinstance(segs, list) or not all(
            isinstance(s, dict) and isinstance(s.get("utf8", ""), str) for s in segs
        ):
            raise fail(("events", i, "segs"), f'expected "segs" to be a list of {{"utf8": "..."}} in event {i + 1}')
        # Auto-captions put each line in a window (wWinId) and time its words (tOffsetMs).
        if "wWinId" in event or any("tOffsetMs" in s or "acAsrConf" in s for s in segs):
            generated = True
        start = event.get("tStartMs")
        if isinstance(start, bool) or not isinstance(start, (int, float)) or not math.isfinite(start) or start < 0:
            raise fail(
                ("events", i, "tStartMs") if "tStartMs" in event else ("events", i),
                f'expected "tStartMs" to be zero or more milliseconds in event {i + 1}, got {json.dumps(start)}',
            )
        duration = event.get("dDurationMs", 0)
        if isinstance(duration, bool) or not isinstance(duration, (int, float)) or not math.isfinite(duration) or duration < 0:
            raise fail(
                ("events", i, "dDurationMs"),
                f'expected "dDurationMs" to be zero or more milliseconds in event {i + 1}, got {json.dumps(duration)}',
            )
        caption = strip_markup("".join(s.get("utf8", "") for s in segs))
        if caption.strip():
            segments.append(Segment(start=start / 1000, duration=duration / 1000, text=caption))
    return Parsed(segments=segments, is_generated=True if generated else None)


def parse_json(text: str, filename: str = "<json>") -> list[Segment]:
    """Captions of youtube-transcript-api's raw JSON, YouTube json3, Whisper's JSON, or our
    stored transcript.

    >>> parse_json('[{"text": "hi", "start": 1.5, "duration": 2.0}]')
    [Segment(start=1.5, duration=2.0, text='hi')]
    >>> parse_json('{"events": [{"tStartMs": 1500, "dDurationMs": 2000, "segs": [{"utf8": "hi"}]}]}')
    [Segment(start=1.5, duration=2.0, text='hi')]
    """
    return read_json(text, filename).segments
