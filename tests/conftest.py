"""Shared test builders (tests import no other test module: they ask for these fixtures)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from quotes.errors import QuotesError, TranscriptFormatError
from quotes.formats import read_caption_file
from quotes.store import TranscriptStore
from quotes.transcript import Segment, Transcript

# ---------------------------------------------------------------- verify's stand-ins
# (the engine stood in for by keywords: tests/test_verify.py and tests/test_cli_verify.py)

VID = "pdJQ8iVTwj8"
FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"


def transcript(length: float = 3600.0, video_id: str = VID) -> Transcript:
    return Transcript(
        video_id=video_id,
        language_code="en",
        segments=[Segment(start=0, duration=5, text="hello"), Segment(start=length - 5, duration=5, text="bye")],
    )


@dataclass(frozen=True)
class FakeMatch:
    start: float
    end: float
    score: float = 0.9
    confident: bool = True
    question: float | None = None  # where the host's question leading in begins, if before start

    @property
    def core_start(self):
        return self.start

    @property
    def lead_in(self):
        return self.start if self.question is None else self.question

    @property
    def confidence(self):
        return self.score


class FakeLocator:
    """Places each section by a keyword in it: ``PLACES[word] = [FakeMatch, ...]``."""

    built = 0
    PLACES: dict[str, list[FakeMatch]] = {
        "braces": [FakeMatch(797, 855)],
        "speedup": [FakeMatch(1677, 1854, 0.83, question=1655)],
        "repeated": [FakeMatch(3000, 3100), FakeMatch(600, 700, 0.7)],
        "weather": [FakeMatch(100, 130, 0.2, confident=False)],
        "ovens": [FakeMatch(3000, 3030), FakeMatch(2000, 2030), FakeMatch(1000, 1030), FakeMatch(600, 630)],
        "pocket": [FakeMatch(1000, 1100)],
        "service": [FakeMatch(1120, 1200)],
        "types": [FakeMatch(1540, 1650)],
    }
    index = None  # no index of words: no stretch is judged to talk about a section

    def __init__(self, transcript):
        type(self).built += 1
        self.transcript = transcript

    def lead_floor(self, core, reach):  # captions that mark no turns
        return float("-inf")

    def turn_end(self, core):
        return float("-inf")

    def locate(self, text, top=5, title=None, after=None, before=None):
        for word, matches in self.PLACES.items():
            if word in text.lower():
                return [
                    m for m in matches if (after is None or m.start >= after) and (before is None or m.start <= before)
                ][:top]
        return []


def fixture_transcript() -> Transcript:
    raw = json.loads((FIXTURES / "pdJQ8iVTwj8.en.json").read_text(encoding="utf-8"))
    return Transcript(
        video_id=VID,
        language_code="en",
        is_generated=True,
        segments=[Segment(**row) for row in raw],
    )



@pytest.fixture(scope="session")
def stand_ins() -> SimpleNamespace:
    """A short transcript, the keyword engine (FakeLocator, FakeMatch) and the real-data transcript."""
    return SimpleNamespace(
        VID=VID, FIXTURES=FIXTURES, transcript=transcript, FakeMatch=FakeMatch, FakeLocator=FakeLocator,
        fixture_transcript=fixture_transcript,
    )


# ---------------------------------------------------------------- the editor's workflow
# (a quotes file and a cached transcript of its video: tests/test_cli_workflow.py, test_cli_safety.py)

WORKFLOW_VID = "tEsTvIdeo01"
WORDS = ["so", "the", "oven", "holds", "heat", "all", "day", "long", "because", "of", "the", "insulation", "under", "the", "brick", "floor"]


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def store(tmp_path) -> Path:
    """A transcript cache holding a 10-minute transcript of VID, one caption every 5 s."""
    segments = [
        Segment(start=i * 5.0, duration=6.0, text=f"{WORDS[i % len(WORDS)]} {i}")
        for i in range(120)
    ]
    TranscriptStore(tmp_path / "tr").save(
        Transcript(video_id=WORKFLOW_VID, language_code="en", segments=segments)
    )
    return tmp_path / "tr"


@pytest.fixture
def qfile(tmp_path) -> Path:
    path = tmp_path / "talk.quotes.yaml"
    path.write_text(
        f"# my notes\nvideo: https://youtu.be/{WORKFLOW_VID}\nlabel: Talk\nsections:\n"
        "  - title: Heat  # keep\n    summary: holds heat in the brick floor all day\n"
    )
    return path


# ---------------------------------------------------------------- document helper's builders
# (owned by the `document` helper: the quotes file, sections, import-doc and document tests)

from builders import FILLER, TALK, make_transcript, start_of  # noqa: E402  (tests/builders.py)


@pytest.fixture
def talk() -> SimpleNamespace:
    """An invented interview's filler and topics, and the builders over them."""
    return SimpleNamespace(FILLER=FILLER, TALK=TALK, make_transcript=make_transcript, start_of=start_of)


# ---------------------------------------------------------------- end of the document helper's builders


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


# ---------------------------------------------------------------- yt-dlp offline


@pytest.fixture(autouse=True)
def _yt_dlp_never_reaches_youtube(monkeypatch):
    """Tests never reach the network: yt-dlp gets recorded answers (tests/test_ytdlp.py) or fails
    the test that let it try."""
    try:
        from yt_dlp import YoutubeDL
    except Exception:  # noqa: BLE001 - not installed or broken: nothing can reach YouTube through it
        return

    def refuse(self, *args, **kwargs):
        pytest.fail("yt-dlp tried to reach YouTube; give it a recorded answer")

    monkeypatch.setattr(YoutubeDL, "extract_info", refuse)
    monkeypatch.setattr(YoutubeDL, "urlopen", refuse)


# ---------------------------------------------------------------- atomic writes
# (tests/test_files.py, tests/test_store.py)


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture(scope="session")
def leftovers():
    """``leftovers(folder)``: the temporary files an atomic write left in it (none, ever)."""
    return _leftovers
