"""`quotes search` through click's CliRunner."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.store import TranscriptStore


@pytest.fixture()
def store_dir(tmp_path, talk):
    FILLER, TALK = talk.FILLER, talk.TALK
    t = talk.make_transcript([FILLER, TALK["bees"], FILLER, TALK["bikes"], FILLER, TALK["rain"], FILLER])
    TranscriptStore(tmp_path).save(t)
    return tmp_path


SUMMARY = "A spring flood raised the river three feet overnight and soaked the stored lumber."


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_search_table(store_dir):
    result = run("search", "abcdefghijk", SUMMARY, "--top", "2", "--transcripts", str(store_dir))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == " #     start       end  score  confidence  confident  link"
    assert lines[1].startswith(" 1 ")
    assert "yes" in lines[1] and "https://youtu.be/abcdefghijk?t=" in lines[1]
    assert "river" in result.output


def test_search_json_from_stdin(store_dir):
    result = run("search", "https://youtu.be/abcdefghijk", "-", "--json", "--transcripts", str(store_dir), input=SUMMARY)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data and {"start", "end", "score", "url", "text", "confident"} <= set(data[0])
    assert data[0]["confident"] is True
    assert data == sorted(data, key=lambda d: -d["score"]) or data[0]["score"] >= data[-1]["score"]


def test_search_text_not_in_video(store_dir):
    result = run("search", "abcdefghijk", "Quarterly semiconductor tariffs and currency hedging strategies.",
                 "--transcripts", str(store_dir))
    assert result.exit_code == 0
    last = result.output.splitlines()[-1]
    assert last in (
        "Not found with confidence: this text may not be said in the video.",
        "Not found: none of the text's words are said in this video.",
    )


def test_search_missing_transcript(tmp_path):
    result = run("search", "abcdefghijk", SUMMARY, "--no-fetch", "--transcripts", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: no transcript of abcdefghijk in {tmp_path}; run `quotes fetch abcdefghijk` "
        "or `quotes import FILE --video abcdefghijk`.\n"
    )


def test_search_bad_video(tmp_path):
    result = run("search", "https://example.com/watch?v=abc", SUMMARY, "--transcripts", str(tmp_path))
    assert result.exit_code == 1
    assert result.output.startswith("Error: 'https://example.com/watch?v=abc' is not a YouTube video URL")


def test_search_empty_text_is_a_usage_error(store_dir):
    result = run("search", "abcdefghijk", "  ", "--transcripts", str(store_dir))
    assert result.exit_code == 2


def test_search_title_moves_the_link_to_where_the_topic_is_named(tmp_path, talk):
    FILLER = talk.FILLER
    blocks = [
        FILLER,
        [
            "so tell me about sourdough",
            "well it surprised me honestly",
            "at first I expected a hobby for weekends",
            "my neighbours kept asking for loaves though",
            "and my aunt gave me her old mixer",
            "the starter from my grandmother is forty years old",
            "it needs feeding twice a day with rye flour",
        ],
        FILLER,
        FILLER,
    ]
    TranscriptStore(tmp_path).save(talk.make_transcript(blocks, step=4.0))
    summary = "A forty-year-old starter from his grandmother, fed rye twice a day."
    plain = run("search", "abcdefghijk", summary, "--json", "--top", "1", "--transcripts", str(tmp_path))
    titled = run("search", "abcdefghijk", summary, "--json", "--top", "1", "--title", "Sourdough",
                 "--transcripts", str(tmp_path))
    assert plain.exit_code == titled.exit_code == 0
    question = 12 * 4.0  # the first line after the filler
    assert json.loads(plain.output)[0]["start"] > question + 10
    assert json.loads(titled.output)[0]["start"] == question
    assert json.loads(titled.output)[0]["url"] == "https://youtu.be/abcdefghijk?t=48"


@pytest.mark.parametrize(
    "text, why",
    [
        ("weather traffic morning", "Not found: the text's words are said all through this video, so they place "
         "nothing; give more of what is said."),
        ("the and about", 'Not found: the text has only words such as "the" and "about", which place nothing.'),
        ("zebra giraffe", "Not found: none of the text's words are said in this video."),
    ],
)
def test_search_says_why_nothing_is_found(store_dir, text, why):
    result = run("search", "abcdefghijk", text, "--transcripts", str(store_dir))
    assert result.exit_code == 0
    assert result.output.splitlines() == [why]


def test_the_command_line_asks_blas_for_one_thread_unless_the_user_set_it():
    """The engine never calls BLAS: the CLI's process does not start a BLAS thread per core.
    The user's own setting wins; the library alone leaves the process as it is."""
    import subprocess
    import sys

    probe = "import os, quotes.cli; print(os.environ.get('OPENBLAS_NUM_THREADS'), os.environ.get('MKL_NUM_THREADS'))"
    lib = "import os, quotes.locate; print(os.environ.get('OPENBLAS_NUM_THREADS'))"
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    run = lambda code, **extra: subprocess.run(  # noqa: E731
        [sys.executable, "-c", code], env={**env, **extra}, capture_output=True, text=True, check=True
    ).stdout.split()
    assert run(probe) == ["1", "1"]
    assert run(probe, OPENBLAS_NUM_THREADS="4") == ["4", "1"]
    assert run(lib) == ["None"]
