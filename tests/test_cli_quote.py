"""CLI tests of `quotes transcripts` and `quotes quote` (exact output, exit codes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.store import TranscriptStore
from quotes.transcript import Segment, Transcript

VIDEO = "pdJQ8iVTwj8"
DASH = "-abcDEF_123"
FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"


def small(video_id=VIDEO, lang="en", **kw):
    captions = [
        (0.0, 4.0, "[Music]"),
        (2.0, 5.0, "&gt;&gt; welcome back to the show"),
        (5.0, 6.0, "today we talk about  curly braces"),
        (9.0, 5.0, "and why indentation matters"),
        (40.0, 5.0, "thank you"),
    ]
    return Transcript(
        video_id=video_id,
        language_code=lang,
        segments=[Segment(start=s, duration=d, text=t) for s, d, t in captions],
        duration=50.0,
        **kw,
    )


@pytest.fixture
def store_dir(tmp_path):
    TranscriptStore(tmp_path).save(small())
    return tmp_path


def run(*args):
    return CliRunner().invoke(cli, list(args))


# ---------------------------------------------------------------- quotes transcripts


def test_transcripts_empty(tmp_path):
    result = run("transcripts", "--transcripts", str(tmp_path))
    assert result.exit_code == 0
    assert result.output == f"No transcripts in {tmp_path}.\n"
    missing = tmp_path / "missing"
    result = run("transcripts", "--transcripts", str(missing))
    assert (result.exit_code, result.output) == (0, f"No transcripts in {missing}.\n")


def test_transcripts_empty_json(tmp_path):
    result = run("transcripts", "--json", "--transcripts", str(tmp_path))
    assert (result.exit_code, result.output) == (0, "[]\n")


def test_transcripts_env_var(tmp_path, monkeypatch):
    TranscriptStore(tmp_path).save(small())
    monkeypatch.setenv("QUOTES_TRANSCRIPTS", str(tmp_path))
    result = run("transcripts")
    assert result.exit_code == 0
    assert result.output.splitlines()[1].startswith(VIDEO)


def test_transcripts_table(tmp_path):
    store = TranscriptStore(tmp_path)
    store.save(small())
    store.save(small(DASH, "de", is_generated=True, source="file:talk.de.srt"))
    result = run("transcripts", "--transcripts", str(tmp_path))
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "video        lang   kind         length  captions  source",
        f"{DASH}  de     generated      0:50         5  file:talk.de.srt",
        f"{VIDEO}  en     manual         0:50         5  youtube",
    ]


def test_transcripts_json(tmp_path):
    TranscriptStore(tmp_path).save(small(title="An interview"))
    result = run("transcripts", "--json", "--transcripts", str(tmp_path))
    assert result.exit_code == 0
    assert json.loads(result.output) == [
        {
            "video_id": VIDEO,
            "language_code": "en",
            "is_generated": False,
            "duration": 50.0,
            "segments": 5,
            "source": "youtube",
            "title": "An interview",
        }
    ]


# ---------------------------------------------------------------- quotes quote


def test_quote_text(store_dir):
    result = run("quote", VIDEO, "0:05", "0:09", "--transcripts", str(store_dir))
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "today we talk about curly braces",
        f"0:05-0:09 https://youtu.be/{VIDEO}?t=5",
    ]


def test_quote_cleans_text(store_dir):
    result = run("quote", VIDEO, "0", "0:09", "--transcripts", str(store_dir))
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "welcome back to the show today we talk about curly braces",
        f"0:00-0:09 https://youtu.be/{VIDEO}?t=0",
    ]


def test_quote_markdown(store_dir):
    result = run("quote", VIDEO, "5", "14", "--format", "markdown", "--transcripts", str(store_dir))
    assert result.exit_code == 0
    assert result.output == (
        "> today we talk about curly braces and why indentation matters\n"
        "\n"
        f"[0:05](https://youtu.be/{VIDEO}?t=5)\n"
    )


def test_quote_json(store_dir):
    result = run("quote", VIDEO, "5s", "0:14", "--format", "json", "--transcripts", str(store_dir))
    assert result.exit_code == 0
    assert json.loads(result.output) == {
        "video_id": VIDEO,
        "start": 5.0,
        "end": 14.0,
        "url": f"https://youtu.be/{VIDEO}?t=5",
        "text": "today we talk about curly braces and why indentation matters",
    }


def test_quote_default_end_is_start_plus_30(store_dir):
    result = run("quote", VIDEO, "0:05", "--transcripts", str(store_dir))
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "today we talk about curly braces and why indentation matters",
        f"0:05-0:35 https://youtu.be/{VIDEO}?t=5",
    ]


def test_quote_default_end_stops_at_video_end(store_dir):
    result = run("quote", VIDEO, "0:39", "--transcripts", str(store_dir))
    assert result.exit_code == 0
    assert result.output.splitlines() == ["thank you", f"0:39-0:50 https://youtu.be/{VIDEO}?t=39"]


@pytest.mark.parametrize(
    "video",
    [f"https://youtu.be/{VIDEO}?t=90", f"https://www.youtube.com/watch?v={VIDEO}&si=x", f"youtu.be/{VIDEO}"],
)
def test_quote_accepts_urls(store_dir, video):
    result = run("quote", video, "13s", "--transcripts", str(store_dir))
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == f"0:13-0:43 https://youtu.be/{VIDEO}?t=13"


def test_quote_id_starting_with_dash(tmp_path):
    TranscriptStore(tmp_path).save(small(DASH))
    result = run("quote", "--transcripts", str(tmp_path), "--", DASH, "0:05", "0:09")
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == f"0:05-0:09 https://youtu.be/{DASH}?t=5"


def test_quote_lang(tmp_path):
    store = TranscriptStore(tmp_path)
    store.save(small())
    de = small(lang="de")
    store.save(de.model_copy(update={"segments": [Segment(start=0, duration=50, text="hallo")]}))
    result = run("quote", VIDEO, "0", "--lang", "de", "--transcripts", str(tmp_path))
    assert (result.exit_code, result.output.splitlines()[0]) == (0, "hallo")


@pytest.mark.parametrize(
    "args, message",
    [
        (["0:50"], "Error: start 0:50 is past the end of the video (0:50)."),
        (["1:00:00", "1:00:10"], "Error: start 1:00:00 is past the end of the video (0:50)."),
        (["0:20", "0:10"], "Error: end 0:10 is not after start 0:20."),
        (["0:20", "0:20"], "Error: end 0:20 is not after start 0:20."),
        (["abc"], "Error: cannot read time 'abc'; write it as 13:23, 1:26:50, 803 or 1h2m3s."),
        (["0:10", "1:60"], "Error: cannot read time '1:60': seconds must be below 60; write it as 13:23, 1:26:50, 803 or 1h2m3s."),
    ],
)
def test_quote_bad_times(store_dir, args, message):
    result = run("quote", VIDEO, *args, "--transcripts", str(store_dir))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [message]


def test_quote_not_cached(tmp_path):
    result = run("quote", VIDEO, "0:05", "--no-fetch", "--transcripts", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: no transcript of {VIDEO} in {tmp_path}; "
        f"run `quotes fetch {VIDEO}` or `quotes import FILE --video {VIDEO}`."
    ]
    result = run("quote", VIDEO, "0:05", "--lang", "de,fr", "--no-fetch", "--transcripts", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: no transcript of {VIDEO} in de, fr in {tmp_path}; ")


def test_quote_bad_video(store_dir):
    result = run("quote", "https://vimeo.com/1", "0:05", "--transcripts", str(store_dir))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: 'https://vimeo.com/1' is not a YouTube video URL or 11-character video id "
        "(not a youtube.com or youtu.be address)."
    ]


def test_quote_bad_format(store_dir):
    result = run("quote", VIDEO, "0:05", "--format", "html", "--transcripts", str(store_dir))
    assert result.exit_code == 2


# ---------------------------------------------------------------- the "Done when"


def test_done_when_fixture(tmp_path):
    source = FIXTURES / f"{VIDEO}.en.json"
    if not source.is_file():
        pytest.skip(f"{source} is absent")
    result = run("import", str(source), "--video", f"https://youtu.be/{VIDEO}", "--transcripts", str(tmp_path))
    assert result.exit_code == 0, result.output
    result = run("quote", VIDEO, "13:23", "13:40", "--transcripts", str(tmp_path))
    assert result.exit_code == 0
    text, link = result.output.splitlines()
    assert text.startswith("Swift curly brace languages also run through formatting tools")
    assert text.endswith("the indentation was wrong or misleading and it wasn't formatted right")
    assert link == f"13:23-13:40 https://youtu.be/{VIDEO}?t=803"
    result = run("transcripts", "--transcripts", str(tmp_path))
    assert result.output.splitlines()[1].split()[:5] == [VIDEO, "en", "manual", "3:33:57", "6,156"]


def test_quote_says_each_word_once_as_mark_does(tmp_path):
    # Rolling auto-captions as some tools save them: each line shown again at the top of the next.
    rolling = [(0.0, 3.0, "so the braces"), (3.0, 3.0, "so the braces are gone now"), (6.0, 3.0, "are gone now thanks")]
    TranscriptStore(tmp_path).save(
        Transcript(
            video_id=VIDEO,
            language_code="en",
            segments=[Segment(start=s, duration=d, text=t) for s, d, t in rolling],
            duration=20.0,
        )
    )
    result = run("quote", VIDEO, "0", "9", "--transcripts", str(tmp_path))
    assert (result.exit_code, result.output.splitlines()[0]) == (0, "so the braces are gone now thanks")


def test_quote_past_the_end_with_an_end_is_cut_as_without_one(store_dir):
    # With or without END, a quote that runs past the video's end stops there, and says where.
    without = run("quote", VIDEO, "0:39", "--transcripts", str(store_dir))
    with_end = run("quote", VIDEO, "0:39", "2:00", "--transcripts", str(store_dir))
    assert with_end.exit_code == without.exit_code == 0, with_end.output
    assert with_end.output == without.output
    assert with_end.output.splitlines() == ["thank you", f"0:39-0:50 https://youtu.be/{VIDEO}?t=39"]
