"""Small invented transcripts shared by tests (imported by them and by conftest's fixtures;
no test module imports another)."""

from __future__ import annotations

import importlib.resources

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


# ---------------------------------------------------------------- captions and YouTube's answers

# The words of a rolling auto-caption file (tests/data/*.vtt), each once.
def SOURDOUGH_TALK() -> tuple[Transcript, float]:  # noqa: N802 - shared data, named as the others
    """A talk where the speaker names the topic ("sourdough"), tells an example, and only then
    says the words a summary condenses; and when the topic is named."""
    blocks = [
        FILLER,
        [
            "let me now talk about a different thing called sourdough",
            "at first I expected a hobby for weekends",
            "my neighbours kept asking for loaves though",
            "and my aunt gave me her old mixer",
            "the kitchen was tiny back then in the city",
            "we had one window facing a brick wall",
            "so the counter was always covered in jars",
            "the starter from my grandmother is forty years old",
            "it needs feeding twice a day with rye flour",
            "and the long cold proof gives the tangy crumb",
        ],
        FILLER,
        FILLER,
    ]
    transcript = make_transcript(blocks, step=4.0)
    return transcript, start_of(transcript, blocks[1][0])


SOURDOUGH_SUMMARY = (
    "A forty-year-old starter inherited from his grandmother, fed twice daily with rye, and a cold proof for tang."
)


ROLLING_WORDS = (
    "[Music] so today we're going to talk about compilers and why that that matters "
    "for the the people who build hardware uh you know it's really about making programming "
    "easier for everyone and Mojo is right our answer to that thank you"
).split()

# YouTube's answers recorded by youtube-transcript-api's authors (shipped in its wheel), for
# the video they are of, and the addresses they answer.
RECORDED_VID = "GJLlxj_dtq8"
WATCH = "https://www.youtube.com/watch"
PLAYER = "https://www.youtube.com/youtubei/v1/player"
TIMEDTEXT = "https://www.youtube.com/api/timedtext"


def _recorded_assets():
    try:
        path = importlib.resources.files("youtube_transcript_api.test") / "assets"
    except ModuleNotFoundError:
        return None
    return path if (path / "youtube.html.static").is_file() else None


ASSETS = _recorded_assets()  # None where the wheel ships without them
