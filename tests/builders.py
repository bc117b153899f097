"""Small invented transcripts shared by tests (imported by them and by conftest's fixtures;
no test module imports another)."""

from __future__ import annotations

from quotes.transcript import Segment, Transcript

FILLER = [
    "so yeah thanks for having me it's great to be here",
    "and you know we talked a little before the show",
    "about the weather and the traffic this morning",
    "which was honestly pretty terrible on the bridge",
    "my cousin says the new mall downtown is huge",
    "they put a cinema on the roof apparently",
    "anyway I have not been there myself yet",
    "the parking situation sounds like a nightmare",
    "maybe we should take the bus next weekend",
    "the station is close to that noodle place",
    "the one with the red lanterns in the window",
    "okay where were we let me check my notes",
]

TALK = {
    "bees": [
        "so tell me how did you get into keeping bees",
        "well my grandmother kept hives behind her barn",
        "and every summer I helped her with the honey harvest",
        "we would smoke the hives to calm the colony",
        "then lift the frames out and spin them in an extractor",
        "the honey from clover fields tasted completely different",
    ],
    "bikes": [
        "what about the bicycle shop you opened later",
        "right so after college I repaired old steel bicycles",
        "people brought in rusty frames from their garages",
        "and I would rebuild the wheels and replace the chains",
        "eventually the repair shop paid better than my day job",
    ],
    "rain": [
        "and the flood last spring how bad was it",
        "the river came up three feet in a single night",
        "water filled the basement and ruined the lumber we stored",
        "we spent weeks drying everything with fans and pumps",
    ],
}


def make_transcript(blocks: list[list[str]], step: float = 2.5) -> Transcript:
    """Captions of ``step`` seconds, one per line, blocks one after the other."""
    segments, t = [], 0.0
    for block in blocks:
        for line in block:
            # Captions stay on screen past the next one, as YouTube's do.
            segments.append(Segment(start=round(t, 2), duration=step * 2.2, text=line))
            t += step
    return Transcript(video_id="abcdefghijk", language_code="en", segments=segments)


def start_of(transcript: Transcript, line: str) -> float:
    """When the caption ``line`` starts."""
    return next(s.start for s in transcript.segments if s.text == line)
