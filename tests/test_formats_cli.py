"""Tests of `quotes import` and `quotes export`."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.store import TranscriptStore

DATA = Path(__file__).parent / "data"
FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
VIDEO = "pdJQ8iVTwj8"
TTML = (DATA / "sample.ttml").read_text(encoding="utf-8")


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_cli_import_fixture(tmp_path):
    source = FIXTURES / f"{VIDEO}.en.json"
    if not source.exists():
        pytest.skip("../shared/fixtures is absent")
    store = tmp_path / "transcripts"
    result = run("import", str(source), "--video", f"https://youtu.be/{VIDEO}", "--transcripts", str(store))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Imported {VIDEO} (en) from {VIDEO}.en.json: 6,156 captions, 3:33:57 -> {store / (VIDEO + '.en.json')}"
    ]
    t = TranscriptStore(store).load(VIDEO)
    assert (t.source, t.is_generated, len(t.segments)) == (f"file:{VIDEO}.en.json", False, 6156)


def test_cli_import_whisper_json(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("import", str(DATA / "whisper.json"), "--video", VIDEO, "--transcripts", "t")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Imported {VIDEO} (de) from whisper.json: 2 captions, 0:05 -> t/{VIDEO}.de.json\n"
    t = TranscriptStore("t").load(VIDEO, ["de"])
    assert (t.is_generated, t.source) == (True, "file:whisper.json")


def test_cli_import_bad_xml_stores_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("x.xml").write_text('<transcript>\n<text start="soon">a</text>\n</transcript>', encoding="utf-8")
    result = run("import", "x.xml", "--video", VIDEO, "--transcripts", "t")
    assert result.exit_code == 1
    assert result.stderr == "Error: x.xml:2: expected start=\"...\" to be zero or more seconds in caption 1, got 'soon'.\n"
    assert not Path("t").exists()


def test_cli_import_bad_video_and_lang(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("import", str(DATA / "talk.de.srt"), "--video", "https://vimeo.com/1", "--transcripts", "s")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 'https://vimeo.com/1' is not a YouTube video URL or 11-character video id "
        "(not a youtube.com or youtu.be address).\n"
    )
    result = run("import", str(DATA / "talk.de.srt"), "--video", VIDEO, "--lang", "../x", "--transcripts", "s")
    assert result.exit_code == 2
    assert "'../x' is not a language code such as en, de or pt-BR" in result.stderr
    assert not Path("s").exists()


def test_cli_import_help():
    result = run("import", "--help")
    assert result.exit_code == 0
    assert "Import a caption FILE as the transcript of a video." in result.stdout
    assert "--video" in result.stdout and "--lang" in result.stdout
    help_text = " ".join(result.stdout.split())
    assert "YouTube's XML (srv1, srv2, srv3), TTML/DFXP, and timestamped text" in help_text


@pytest.mark.parametrize("fmt", ["srt", "vtt", "json"])
def test_cli_export_then_import_gives_the_same_captions(tmp_path, monkeypatch, fmt):
    monkeypatch.chdir(tmp_path)
    assert run("import", str(DATA / "talk.de.srt"), "--video", VIDEO, "--transcripts", "a").exit_code == 0
    out = f"talk.de.{fmt}"
    result = run("export", VIDEO, "--format", fmt, "-o", out, "--transcripts", "a")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Exported {VIDEO} (de) as {fmt}: 3 captions -> {out}\n"
    result = run("import", out, "--video", VIDEO, "--transcripts", "b")
    assert result.exit_code == 0, result.output
    before = TranscriptStore("a").load(VIDEO, ["de"])
    after = TranscriptStore("b").load(VIDEO, ["de"])
    assert after.segments == before.segments


def test_cli_export_text_to_stdout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QUOTES_TRANSCRIPTS", raising=False)
    run("import", str(DATA / "rolling-auto.en.vtt"), "--video", VIDEO)
    result = run("export", f"https://youtu.be/{VIDEO}", "--format", "text")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        "so today we're going to talk about",
        "compilers and why that that matters",
    ]


def test_cli_export_not_cached(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("export", VIDEO, "--transcripts", "none")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: no transcript of {VIDEO} in none; run `quotes fetch {VIDEO}` "
        f"or `quotes import FILE --video {VIDEO}`.\n"
    )


def test_cli_import_generated_flag_marks_the_transcript(tmp_path):
    from click.testing import CliRunner

    from quotes.cli import cli
    from quotes.store import TranscriptStore

    src = tmp_path / "talk.json"
    src.write_text('[{"text": "hello there", "start": 0.0, "duration": 2.0}]', encoding="utf-8")
    store = tmp_path / "store"
    result = CliRunner().invoke(
        cli, ["import", str(src), "--video", "abcdefghijk", "--generated", "--transcripts", str(store)]
    )
    assert result.exit_code == 0, result.output
    assert TranscriptStore(store).load("abcdefghijk").is_generated is True
