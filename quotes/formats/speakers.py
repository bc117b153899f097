"""Speakers' names in captions: whether words read as a name, and a change of speaker written
as captioners type it (``NAME: ``), which is how ``quotes.transcript`` recognises one. Shared by
the SRT, SBV, WebVTT, JSON and timestamped-text readers."""

from __future__ import annotations

import re
from collections import Counter

from ..transcript import Segment, clean_text, speaker_turns

_TEXT_LABEL = re.compile(r"^([^:\n]{1,40}?)[ \t]*:(?:[ \t]+|$)")
_NAME_WORD = re.compile(r"[\w.'\u2019-]+")
# Lowercase words inside names: "Ana de Souza", "Vincent van Gogh", "Abu al Hassan".
_NAME_PARTICLES = frozenset("de da do dos das di del della der den van von ter ten zu la le du bin ibn al y e".split())

def is_name(name: str) -> bool:
    """Whether ``name`` reads as a speaker's name: one to four words, each capitalised (or a
    number after the first: "Speaker 1"), as people write names, not as sentences start."""
    words = name.split()
    if not 1 <= len(words) <= 5 or len(name) > 40:
        return False
    for k, word in enumerate(words):
        if not _NAME_WORD.fullmatch(word) or len(word) > 20:
            return False
        if word.isdigit() and k > 0:
            continue
        if 0 < k < len(words) - 1 and word in _NAME_PARTICLES:
            continue  # "Ana de Souza", "Ludwig van Beethoven"
        if not word[0].isalpha() or word[0].islower():  # capitals, or letters without case
            return False
    return True


def speaker_mark(name: str) -> str:
    """``name`` as a change of speaker that quotes.transcript recognises: ``NAME: `` in
    capitals, as captioners type it; ``>> `` (the name dropped) where capitals cannot say it."""
    # (An underscore is no part of a typed name: WhisperX's SPEAKER_00 is written SPEAKER 00.)
    label = f"{' '.join(name.replace('_', ' ').split()).upper()}: "
    if speaker_turns(label + "x") == (True, False) and clean_text(label + "x") == "x":
        return label
    return ">> "


def speaker_key(name: str) -> str:
    """``name`` as compared: "Dana  smith" and "Dana Smith" are one speaker."""
    return " ".join(name.split()).casefold()


def mark_speaker(text: str, name: str, speaker: str | None) -> tuple[str, str]:
    """``text`` said by ``name``, marked as a change of speaker when the one before
    (``speaker``, as returned last time) was someone else; and who speaks now."""
    key = speaker_key(name)
    return (text if key == speaker else speaker_mark(name) + text), key


def speaker_label(line: str) -> tuple[str, str] | None:
    """(name, the rest) of a line opening with a speaker's name and a colon ("Speaker 1:
    welcome back", "Dana Smith: So"), or None."""
    m = _TEXT_LABEL.match(line)
    if m and is_name(m.group(1)):
        return m.group(1), line[m.end() :].strip()
    return None


def typed_speakers(segments: list[Segment]) -> list[Segment]:
    """Captions typed with their speaker's name opening them (``Dana Smith: So what brought
    you here?``, as Zoom, Teams and many captioners write them): the name is written as a
    change of speaker (``DANA SMITH: ``) where the speaker changes and left out where the
    same one goes on, as in timestamped text. Files without that convention are left as
    they are."""
    names = [speaker_key(label[0]) for label in (speaker_label(s.text.split("\n", 1)[0]) for s in segments) if label]
    # A name and a colon opening a caption may as well open a sentence ("Note: the hives"),
    # so names are read as speakers only where the file is labelled that way throughout,
    # which shows twice. A few names recur: at least two names open two captions or more
    # each (a change of speaker takes two people), and such names open three in four of the
    # captions that open with a name at all (not a scatter of words before a colon). And
    # they are written by habit: on at least half the captions (Zoom and Teams name the
    # speaker on every one), or where the speaker changes, consecutive names differing
    # three times in four (a captioner names whoever starts to speak), often enough for a
    # conversation (a change every 20 captions, six at least: "Note:" and "Tip:" taking
    # turns a few times in a talk are no speakers). One name on nine captions in ten, ten
    # at least, is a one-speaker file labelled by habit: the name is no part of the words.
    counts = Counter(names)
    if len(counts) == 1 and len(names) >= max(10, 0.9 * len(segments)):
        return named_speakers(segments)
    recurring = [n for name, n in counts.items() if n >= 2]
    if len(recurring) < 2 or sum(recurring) < 0.75 * len(names):
        return segments
    changes = sum(a != b for a, b in zip(names, names[1:]))
    habit = len(names) >= 0.5 * len(segments) or (
        changes >= 0.75 * (len(names) - 1) and len(names) >= max(6, 0.05 * len(segments))
    )
    if not habit:
        return segments
    return named_speakers(segments)


def named_speakers(segments: list[Segment]) -> list[Segment]:
    """``segments`` with the names opening their lines written as changes of speaker."""
    out = []
    speaker = None
    named = None  # a name alone on its line names the speaker of the words after it
    for segment in segments:
        lines = []
        for line in segment.text.split("\n"):
            label = speaker_label(line)
            if label:
                named, line = label
            if line and named:
                line, speaker = mark_speaker(line, named, speaker)
                named = None
            if line:
                lines.append(line)
        if lines:
            out.append(segment.model_copy(update={"text": "\n".join(lines)}))
    return out
