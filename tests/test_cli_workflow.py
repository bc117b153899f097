"""The editor's workflow through the CLI: new, mark, match, render, import-doc."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.locate import Match
from quotes.quotesfile import load
from quotes.routes import Fetched
from quotes.store import TranscriptStore
from quotes.timecode import parse_timecode
from quotes.transcript import Segment, Transcript

DATA = Path(__file__).parent / "data" / "workflow"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
COMMANDS = ["new", "mark", "match", "render", "import-doc"]

VID = "tEsTvIdeo01"


def run(runner, *args, **kwargs):
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(runner, command):
    result = run(runner, command, "--help")
    assert result.exit_code == 0
    assert result.output.startswith(f"Usage: cli {command} ")
    assert len(result.output.splitlines()) > 8


# ---------------------------------------------------------------- new


def test_new_without_fetch(runner, tmp_path):
    out = tmp_path / "x.quotes.yaml"
    result = run(runner, "new", f"https://www.youtube.com/watch?v={VID}&t=5", "--label", "L",
                 "-o", out, "--no-fetch")
    assert result.exit_code == 0, result.output
    assert result.output == f"Created {out} for {VID}\n"
    text = out.read_text()
    assert f"video: https://youtu.be/{VID}\nlabel: L\nlink_style: short\nsections: []\n" in text
    again = run(runner, "new", VID, "-o", out, "--no-fetch")
    assert again.exit_code == 1
    assert again.output == f"Error: {out}: already exists; use --force to replace it.\n"


def test_new_fetches_through_youtube_module(runner, tmp_path, store, monkeypatch):
    monkeypatch.chdir(tmp_path)
    calls = []

    def fake_transcript_for(video, store, *, fetch=True, languages=None, translate=None, refresh=False,
                            access=None):
        calls.append((video, languages, access.proxy))
        return Fetched(store.load(video), store.path_for(video, "en"), True)

    monkeypatch.setattr("quotes.routes.transcript_for", fake_transcript_for)
    result = run(runner, "new", VID, "--label", "L", "--transcripts", store, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Created {VID}.quotes.yaml for {VID}",
        f"Transcript {VID} (en): 120 captions, 10:01",
    ]
    assert (tmp_path / f"{VID}.quotes.yaml").exists()
    assert calls == [(VID, ["en"], None)]


def test_new_bad_url(runner, tmp_path):
    result = run(runner, "new", "https://vimeo.com/1", "--no-fetch", "-o", tmp_path / "q.yaml")
    assert result.exit_code == 1
    assert result.output.startswith("Error: 'https://vimeo.com/1' is not a YouTube video URL")


# ---------------------------------------------------------------- mark


def test_mark_adds_section_with_quote(runner, qfile, store):
    result = run(runner, "mark", qfile, "0:10", "0:20", "--title", "Oven", "--summary", "s",
                 "--transcripts", store)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Added section 2 'Oven' at 0:10-0:20 to {qfile}",
        "  > oven 2 holds 3",
    ]
    text = qfile.read_text()
    assert text.startswith("# my notes\n")
    assert "  - title: Heat  # keep\n" in text
    assert text.endswith(
        "  - title: Oven\n    start: '0:10'\n    end: '0:20'\n    summary: s\n"
        "    quote: oven 2 holds 3\n"
    )


def test_mark_default_end_is_30_seconds(runner, qfile, store):
    result = run(runner, "mark", qfile, "590", "--title", "End", "--transcripts", store)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"Added section 2 'End' at 9:50 to {qfile}"
    assert "    start: '9:50'\n    quote:" in qfile.read_text()


@pytest.mark.parametrize(
    "args, message",
    [
        (["11:00"], "Error: start 11:00 is past the end of the video (10:01)."),
        (["1:00", "0:30"], "Error: end 0:30 is not after start 1:00."),
        (["1:00", "1:00"], "Error: end 1:00 is not after start 1:00."),
        (["1:00", "20:00"], "Error: end 20:00 is past the end of the video (10:01)."),
        (["1:2:3:4"], "Error: cannot read time '1:2:3:4'; write it as 13:23, 1:26:50, 803 or 1h2m3s."),
    ],
)
def test_mark_bad_times(runner, qfile, store, args, message):
    before = qfile.read_text()
    result = run(runner, "mark", qfile, *args, "--title", "T", "--transcripts", store)
    assert result.exit_code == 1
    assert result.output == message + "\n"
    assert qfile.read_text() == before


def test_mark_missing_transcript(runner, qfile, tmp_path):
    result = run(runner, "mark", qfile, "0:10", "--title", "T", "--no-fetch", "--transcripts", tmp_path / "none")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: no transcript of {VID} in {tmp_path / 'none'}; run `quotes fetch {VID}` "
        f"or `quotes import FILE --video {VID}`.\n"
    )


def test_mark_malformed_quotes_file(runner, tmp_path, store):
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"video: {VID}\nsections:\n  - title: A\n    start: soon\n")
    result = run(runner, "mark", bad, "0:10", "--title", "T", "--transcripts", store)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {bad}:4: sections[1].start: cannot read time 'soon'; "
        "write it as 13:23, 1:26:50, 803 or 1h2m3s.\n"
    )


# ---------------------------------------------------------------- match


class FakeLocator:
    answers: ClassVar[dict] = {}
    index = None  # no index of words: no stretch is judged to talk about a section

    def __init__(self, transcript):
        self.transcript = transcript

    def lead_floor(self, core, reach):  # captions that mark no turns
        return float("-inf")

    def turn_end(self, core):
        return float("-inf")

    def locate(self, text, top=5, title=None, after=None, before=None):
        # Keyed by the summary's first words (the rest pads it to the five words placing needs).
        found = next((v for k, v in self.answers.items() if text.startswith(k)), [])
        if before is not None:  # the places near a given time
            found = [m for m in found if (after is None or m.start >= after) and m.start <= before]
        return found[:top]


def m(start, end, confidence, confident):
    return Match(start=start, end=end, core_start=start, lead_in=start, score=confidence,
                 confidence=confidence, confident=confident, text="", url="")


def test_match_sets_starts_and_reports(runner, tmp_path, store, monkeypatch):
    path = tmp_path / "q.yaml"
    path.write_text(
        f"video: {VID}\nsections:\n"
        "  - title: A\n    summary: found where brick ovens keep their heat all day\n"
        "  - title: B  # mine\n    start: '5:00'\n    summary: checked where brick ovens keep their heat all day\n"
    )
    FakeLocator.answers = {"found": [m(61.5, 90, 0.93, True)], "checked": [m(290, 320, 0.8, True)]}
    monkeypatch.setattr("quotes.sections.Locator", FakeLocator)
    result = run(runner, "match", path, "--transcripts", store)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "#  section  start  proposed  confidence  status",
        "1  A        -      1:01      0.93        set",
        "2  B        5:00   4:50      0.80        kept",
        f"1 set, 1 kept; wrote 1 start to {path}",
    ]
    assert path.read_text() == (
        f"video: {VID}\nsections:\n"
        "  - title: A\n    start: '1:01'\n    summary: found where brick ovens keep their heat all day\n"
        "  - title: B  # mine\n    start: '5:00'\n    summary: checked where brick ovens keep their heat all day\n"
    )


def test_match_leaves_doubtful_sections_to_the_editor(runner, tmp_path, store, monkeypatch):
    path = tmp_path / "q.yaml"
    original = (
        f"video: {VID}\nsections:\n"
        "  - title: Unsure\n    summary: weak where brick ovens keep their heat all day\n"
        "  - title: Missing\n    summary: nowhere where brick ovens keep their heat all day\n"
        "  - title: Wrong\n    start: '9:00'\n    summary: elsewhere where brick ovens keep their heat all day\n"
    )
    path.write_text(original)
    FakeLocator.answers = {"weak": [m(10, 20, 0.2, False)], "elsewhere": [m(100, 130, 0.9, True)]}
    monkeypatch.setattr("quotes.sections.Locator", FakeLocator)
    result = run(runner, "match", path, "--transcripts", store)
    assert result.exit_code == 3
    assert result.output.splitlines() == [
        "#  section  start  proposed  confidence  status",
        "1  Unsure   -      0:10      0.20        unsure",
        "2  Missing  -      -         -           not found",
        "3  Wrong    9:00   1:40      0.90        looks wrong",
        f"1 looks wrong, 1 unsure, 1 not found; {path} unchanged",
    ]
    assert path.read_text() == original


def test_match_shows_no_confidence_for_sections_too_short_to_place(runner, tmp_path, store, monkeypatch):
    path = tmp_path / "q.yaml"
    path.write_text(f"video: {VID}\nsections:\n  - title: Ovens\n  - title: Bread\n    start: '5:00'\n")
    FakeLocator.answers = {"Ovens": [m(10, 20, 1.0, True)], "Bread": [m(100, 130, 1.0, True)]}
    monkeypatch.setattr("quotes.sections.Locator", FakeLocator)
    result = run(runner, "match", path, "--transcripts", store, "--dry-run")
    assert result.output.splitlines()[:3] == [
        "#  section  start  proposed  confidence  status",
        "1  Ovens    -      0:10      -           unsure",
        "2  Bread    5:00   1:40      -           unchecked",
    ]


def test_match_says_a_start_past_the_end_of_the_video(runner, tmp_path, store, monkeypatch):
    path = tmp_path / "q.yaml"
    path.write_text(f"video: {VID}\nsections:\n  - title: Bread baked in the brick oven late at night\n    start: '26:10'\n")
    FakeLocator.answers = {"Bread": [m(100, 130, 0.9, True)]}
    monkeypatch.setattr("quotes.sections.Locator", FakeLocator)
    result = run(runner, "match", path, "--transcripts", store, "--dry-run")
    assert result.exit_code == 3
    assert result.output.splitlines()[1:] == [
        "1  Bread baked in the brick oven late at n…  26:10  1:40      0.90        looks wrong",
        "Section 1 ('Bread baked in the brick oven late at night') starts at 26:10, past the end of the video (10:01).",
        f"1 looks wrong; dry run: {path} not changed",
    ]


def test_match_dry_run(runner, qfile, store, monkeypatch):
    before = qfile.read_text()
    FakeLocator.answers = {"holds heat": [m(5, 20, 0.9, True)]}
    monkeypatch.setattr("quotes.sections.Locator", FakeLocator)
    result = run(runner, "match", qfile, "--dry-run", "--transcripts", store)
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == f"1 set; dry run: {qfile} not changed"
    assert qfile.read_text() == before


def test_match_errors(runner, tmp_path, qfile):
    result = run(runner, "match", qfile, "--no-fetch", "--transcripts", tmp_path / "none")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: no transcript of {VID} in ")
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"video: {VID}\nsections:\n  - title: A\n    start: '2:00'\n    end: '1:00'\n")
    result = run(runner, "match", bad, "--transcripts", tmp_path)
    assert result.exit_code == 1
    assert result.output == f"Error: {bad}:5: sections[1].end: end 1:00 is not after start 2:00.\n"
    missing = run(runner, "match", tmp_path / "nope.yaml")
    assert missing.exit_code == 1
    assert missing.output == f"Error: {tmp_path / 'nope.yaml'}: no such file.\n"


# ---------------------------------------------------------------- render


def test_render_default_output_dir(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(DATA / "talk.quotes.yaml", "talk.quotes.yaml")
    result = run(runner, "render", "talk.quotes.yaml")
    assert result.exit_code == 0, result.output
    assert result.output == "Rendered 3 sections of talk.quotes.yaml with newsletter -> output/talk.md\n"
    assert Path("output/talk.md").read_text() == (DATA / "talk.newsletter.md").read_text()
    result = run(runner, "render", "talk.quotes.yaml", "-t", "quotes")
    assert result.exit_code == 0
    assert Path("output/talk.quotes.md").read_text() == (DATA / "talk.quotes.md").read_text()


def test_render_stdout_and_custom_template(runner, tmp_path):
    tpl = tmp_path / "t.j2"
    tpl.write_text("{% for s in sections %}{{ s.title }} {{ s.start | timecode }}\n{% endfor %}")
    result = run(runner, "render", DATA / "talk.quotes.yaml", "-t", tpl, "-o", "-")
    assert result.exit_code == 0
    assert result.output == "Intro 0:00\nOvens 1:23\nBread `money` 1:02:03\n"


def test_render_chapters_explains_broken_rules(runner, tmp_path):
    q = tmp_path / "q.yaml"
    q.write_text(f"video: {VID}\nsections:\n  - {{title: A, start: 5}}\n  - {{title: B, start: 9}}\n")
    out = tmp_path / "ch.md"
    result = run(runner, "render", q, "-t", "chapters", "-o", out, "--transcripts", tmp_path)
    assert result.exit_code == 3
    assert result.stdout == f"Rendered 2 sections of {q} with chapters -> {out}\n"
    assert result.stderr.splitlines() == [
        "Warning: YouTube needs at least 3 chapters; there are 2",
        ("Warning: the first chapter must start at 0:00, but section 1 ('A') starts at 0:05; "
        "add a first section such as `title: Intro` with `start: '0:00'`"),
        "Warning: each chapter must last at least 10 s: section 1 ('A') lasts 4 s (0:05 to 0:09)",
        "YouTube will not show these chapters until that is fixed.",
    ]
    assert out.read_text() == "0:05 A\n0:09 B\n"


def test_render_chapters_names_the_file_to_match(runner, tmp_path):
    q = tmp_path / "q.yaml"
    q.write_text(f"video: {VID}\nsections:\n  - {{title: A, start: 0}}\n  - {{title: B}}\n")
    result = run(runner, "render", q, "-t", "chapters", "-o", "-", "--transcripts", tmp_path)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == (
        f"Warning: sections without a start cannot be chapters: 2 ('B'); run `quotes match {q}` first"
        " (a section it leaves unsure or not found needs a `start:` written by hand: `quotes search` shows where words are said)"
    )


def test_render_chapters_uses_cached_video_length(runner, tmp_path, store):
    q = tmp_path / "q.yaml"
    q.write_text(f"video: {VID}\nsections:\n  - {{title: A, start: 0}}\n  - {{title: B, start: 60}}\n"
                 "  - {title: C, start: '9:55'}\n")
    result = run(runner, "render", q, "-t", "chapters", "-o", "-", "--transcripts", store)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == (
        "Warning: each chapter must last at least 10 s: the last, section 3 ('C') at 9:55, "
        "ends with the video at 10:01"
    )


@pytest.mark.parametrize("template", ["chapters", "newsletter", "quotes"])
def test_render_says_a_start_past_the_end_of_the_cached_video(runner, tmp_path, store, template):
    q = tmp_path / "q.yaml"
    q.write_text(f"video: {VID}\nsections:\n  - {{title: A, start: 0}}\n  - {{title: B, start: 60}}\n"
                 "  - {title: C, start: '26:10', summary: The end.}\n")
    result = run(runner, "render", q, "-t", template, "-o", tmp_path / "out.md", "--transcripts", store)
    assert result.exit_code == 3
    assert "Warning: section 3 ('C') starts at 26:10, past the end of the video (10:01)" in result.stderr.splitlines()
    assert (tmp_path / "out.md").exists()  # still written, for the editor to see


def test_render_quotes_the_transcript_for_sections_without_a_quote(runner, tmp_path, store):
    q = tmp_path / "q.yaml"
    q.write_text(f"video: {VID}\nsections:\n  - {{title: Heat, start: 10, end: 20, summary: It holds heat.}}\n"
                 "  - {title: Floor, start: 50, summary: The floor.}\n  - {title: Kept, start: 65, quote: as said}\n")
    result = run(runner, "render", q, "-t", "quotes", "-o", "-", "--transcripts", store)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"### Heat\n\n[0:10](https://youtu.be/{VID}?t=10)\n\n> oven 2 holds 3\n\n"
        f"### Floor\n\n[0:50](https://youtu.be/{VID}?t=50)\n\n> the 10 insulation 11 under 12\n\n"
        f"### Kept\n\n[1:05](https://youtu.be/{VID}?t=65)\n\n> as said\n"
    )
    assert result.stderr == "Quoted 2 sections without a `quote` from the cached transcript.\n"
    # Without a cached transcript the summary is shown, and the editor is told why.
    result = run(runner, "render", q, "-t", "quotes", "-o", "-", "--transcripts", tmp_path / "none")
    assert "> It holds heat." not in result.stdout and "It holds heat." in result.stdout
    assert result.stderr.splitlines()[0] == (
        "Warning: section 1 ('Heat') has no quote and no cached transcript to quote from, so its "
        f"summary is shown; run `quotes fetch {VID}`"
    )


def test_render_warns_about_sections_without_start(runner, tmp_path, qfile):
    result = run(runner, "render", qfile, "-o", tmp_path / "o.md")
    assert result.exit_code == 0
    assert result.stderr == (
        f"Warning: section 1 ('Heat') has no start, so it has no link; run `quotes match {qfile}`"
        " (a section it leaves unsure or not found needs a `start:` written by hand: `quotes search` shows where words are said)\n"
    )


def test_render_errors(runner, tmp_path, qfile):
    result = run(runner, "render", qfile, "-t", "fancy")
    assert result.exit_code == 1
    assert result.output == (
        "Error: no template 'fancy': use one of newsletter, chapters, quotes or the path of a .j2 file.\n"
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"video: {VID}\nsections:\n  - title: A\n    start: '2:00'\n    colour: red\n")
    result = run(runner, "render", bad)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {bad}:5: sections[1].colour: unknown key 'colour' (allowed: title, start, end, "
        "summary, quote, notes, blank_lines_before).\n"
    )


# ---------------------------------------------------------------- import-doc


def test_import_doc(runner, tmp_path):
    doc = tmp_path / "page.md"
    shutil.copy(DATA / "page.md", doc)
    result = run(runner, "import-doc", doc)
    assert result.exit_code == 0, result.output
    out = tmp_path / "page.quotes.yaml"
    assert result.output.splitlines() == [
        f"Imported 3 sections of {VID} from {doc} -> {out}",
        ("Skipped 5 headings without a timestamped link to the video: 'Page', 'Interview', 'Elsewhere', "
        "'Other video', 'Forum'"),
        "The page also links aaaaaaaaaaa (1 link): --video aaaaaaaaaaa imports those instead.",
    ]
    assert out.read_text() == (DATA / "page.quotes.yaml").read_text()
    again = run(runner, "import-doc", doc)
    assert again.exit_code == 1
    assert again.output == f"Error: {out}: already exists; use --force to replace it.\n"
    notimes = run(runner, "import-doc", doc, "--no-times", "--force")
    assert notimes.exit_code == 0
    assert "start:" not in out.read_text()


@pytest.mark.parametrize("command", ["import-doc", "verify"])
def test_utf16_markdown_is_an_error(runner, tmp_path, command):
    # Read as UTF-8 it would hold no links at all, and "0 links checked" would pass it.
    doc = tmp_path / "notes.md"
    doc.write_bytes(f"### Heat\n[1:00](https://youtu.be/{VID}?t=60)\n".encode("utf-16"))
    result = run(runner, command, doc)
    assert (result.exit_code, result.output) == (1, f"Error: {doc} is UTF-16 text, not UTF-8: save it as UTF-8.\n")


def test_import_doc_reads_crlf_lines(runner, tmp_path):
    doc = tmp_path / "page.md"
    doc.write_bytes(b"### Heat\r\nThe oven holds heat all day long.\r\n\r\n[1:00](https://youtu.be/" + VID.encode() + b"?t=60)\r\n")
    assert run(runner, "import-doc", doc).exit_code == 0
    assert "title: Heat\n" in (tmp_path / "page.quotes.yaml").read_text()


def test_import_doc_says_where_a_label_and_its_link_disagree(runner, tmp_path):
    doc = tmp_path / "page.md"
    doc.write_text(
        f"### Heat\nThe oven holds heat all day long.\n\n[Talk 8:00](https://youtu.be/{VID}?t=300)\n\n"
        f"### Floor\nThe brick floor.\n\n[Talk 9:00](https://youtu.be/{VID}?t=540)\n"
    )
    result = run(runner, "import-doc", doc)
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == (
        f"Took the link's time where the label says another: line 4 (label 8:00, link 5:00); "
        f"`quotes verify {doc}` tells which is right."
    )
    assert "start: '5:00'" in (tmp_path / "page.quotes.yaml").read_text()


def test_import_doc_counts_in_words(runner, tmp_path):
    doc = tmp_path / "one.md"
    doc.write_text(
        "# Notes\n\n## Aside\n\nNothing here.\n\n## Julia\n\nSaid. [1:00](https://youtu.be/qUoTeSdEm01?t=60)\n\n"
        "Other: [0:05](https://youtu.be/OtHeRvIdeo1?t=5) elsewhere.\n"
    )
    result = run(runner, "import-doc", doc)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Imported 1 section of qUoTeSdEm01 from {doc} -> {tmp_path / 'one.quotes.yaml'}",
        "Skipped 2 headings without a timestamped link to the video: 'Notes', 'Aside'",
        "Left out 1 link to other videos: 'Other: elsewhere.'",
        "The page also links OtHeRvIdeo1 (1 link): --video OtHeRvIdeo1 imports those instead.",
    ]


def test_import_doc_without_sections(runner, tmp_path):
    doc = tmp_path / "plain.md"
    doc.write_text("# Hello\n\nNo links.\n")
    result = run(runner, "import-doc", doc)
    assert result.exit_code == 1
    assert result.output.startswith("Error: found no sections: a section is a heading")


def test_import_doc_show_notes_without_links(runner, tmp_path):
    doc = tmp_path / "notes.md"
    doc.write_text("# Show notes\n\n- 0:05 Curly braces: the formatter indents them.\n- 1:40 Types at runtime.\n")
    result = run(runner, "import-doc", doc)
    assert result.exit_code == 1
    assert result.output.rstrip().endswith("(for times written without links, name the video with --video).")
    result = run(runner, "import-doc", doc, "--video", f"https://youtu.be/{VID}")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Imported 2 sections of {VID} from {doc} -> {tmp_path / 'notes.quotes.yaml'}",
    ]
    q = load(tmp_path / "notes.quotes.yaml").model
    assert [(s.title, s.start, s.summary) for s in q.sections] == [
        ("Curly braces", 5.0, "Curly braces: the formatter indents them."),
        ("Types at runtime", 100.0, "Types at runtime."),
    ]


def test_import_doc_video_with_only_links_to_other_videos(runner, tmp_path):
    doc = tmp_path / "other.md"
    doc.write_text("- [2:14](https://youtu.be/OtHeRvIdeo1?t=134) Honey money: forty pounds a year\n")
    result = run(runner, "import-doc", doc, "--video", VID)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: found no sections of {VID}: the page's link points at other videos, "
        "and it has no times written without a link.\n"
    )


# ---------------------------------------------------------------- the real newsletter


def _lex_part(text: str) -> str:
    start = text.index("### Curly Braces")
    last = "(https://youtu.be/pdJQ8iVTwj8?t=11068)\n"
    return text[start : text.index(last) + len(last)]


LINK_TIME = re.compile(r"(\[2023-06-02 Lex Fridman Interview )((?:\d+:)?\d+:\d\d)\]\(https://youtu\.be/pdJQ8iVTwj8\?t=(\d+)\)")


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    """Import the Lex Fridman part, drop its times, match, render: (original part, rendered)."""
    news = SHARED / "this-week-in-mojo-2023-06-02.md"
    if not news.exists():
        pytest.skip("../shared/fixtures is not present")
    tmp_path = tmp_path_factory.mktemp("round_trip")
    runner = CliRunner()
    raw = json.loads((SHARED / "pdJQ8iVTwj8.en.json").read_text())
    transcript = Transcript(
        video_id="pdJQ8iVTwj8", language_code="en", is_generated=True,
        segments=[Segment(start=c["start"], duration=c["duration"], text=c["text"]) for c in raw],
    )
    from quotes.locate import Locator

    try:
        Locator(transcript).locate("curly braces", top=1)
    except NotImplementedError:
        pytest.skip("the locate engine is not written yet")
    TranscriptStore(tmp_path / "tr").save(transcript)
    page = tmp_path / "mojo.md"
    part = _lex_part(news.read_text(encoding="utf-8"))
    page.write_text("## Lex Fridman Interview\n\n" + part, encoding="utf-8")
    qfile = tmp_path / "mojo.quotes.yaml"

    result = run(runner, "import-doc", page, "--no-times", "-o", qfile)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Imported 27 sections of pdJQ8iVTwj8")
    result = run(runner, "match", qfile, "--transcripts", tmp_path / "tr")
    match_output = result.output
    assert result.exit_code in (0, 3), match_output
    out = tmp_path / "mojo.md.out"
    result = run(runner, "render", qfile, "--template", "newsletter", "-o", out)
    assert result.exit_code == 0, result.output
    return part, out.read_text(encoding="utf-8"), match_output


def test_newsletter_round_trip_bytes(round_trip):
    """The rendered part equals the newsletter's byte for byte, link times masked."""
    part, rendered, match_output = round_trip
    assert match_output.splitlines()[-1].startswith("27 set; wrote 27 starts to ")
    def mask(text):
        return LINK_TIME.sub(r"\1T](https://youtu.be/pdJQ8iVTwj8?t=N)", text)
    assert mask(rendered) == mask(part)
    for _, label, t in LINK_TIME.findall(rendered):
        assert parse_timecode(label) == int(t)  # label and t agree


def _outside_truth_windows(rendered: str) -> list[str]:
    truth = json.loads((SHARED / "pdJQ8iVTwj8.truth.json").read_text())["sections"]
    links = LINK_TIME.findall(rendered)
    assert len(links) == len(truth) == 27
    wrong = []
    for (_, _, t), sec in zip(links, truth):
        t = int(t)
        q = sec["question_start"] if sec["question_start"] is not None else sec["answer_start"]
        lo = min(q, sec["answer_start"]) - 10
        hi = max(sec["answer_start"], sec["core_start"]) + 10
        if not lo <= t <= hi:
            wrong.append(f"{sec['heading']}: {t} not in [{lo}, {hi}]")
    return wrong


def test_newsletter_round_trip_times_in_truth_windows(round_trip):
    """Each new link time lies in its truth window from pdJQ8iVTwj8.truth.json."""
    _, rendered, _ = round_trip
    wrong = _outside_truth_windows(rendered)
    assert not wrong, wrong


# ---------------------------------------------------------------- every command that reads a file


@pytest.mark.parametrize(
    "args",
    [
        ["import", "{path}", "--video", VID, "--transcripts", "tr"],
        ["import-doc", "{path}"],
        ["mark", "{path}", "1:00", "--title", "T"],
        ["match", "{path}"],
        ["render", "{path}"],
    ],
    ids=lambda args: args[0],
)
@pytest.mark.parametrize("what, problem", [("missing", "no such file"), ("folder", "a folder, not a file")])
def test_a_missing_file_or_a_folder_is_one_error_line_and_exit_1(runner, tmp_path, monkeypatch, args, what, problem):
    monkeypatch.chdir(tmp_path)
    path = "nope.md"
    if what == "folder":
        (tmp_path / path).mkdir()
    result = runner.invoke(cli, [a.format(path=path) for a in args])
    assert result.exit_code == 1
    assert result.output == f"Error: {path}: {problem}.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ([path] if what == "folder" else [])
