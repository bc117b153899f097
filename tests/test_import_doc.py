"""quotes.import_doc: a timestamped markdown page -> a quotes file."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotes.errors import DocumentError
from quotes.import_doc import import_markdown
from quotes.quotesfile import loads, new_document
from quotes.render import render

DATA = Path(__file__).parent / "data" / "workflow"


def test_import_page_with_quirks_renders_back_exactly():
    text = (DATA / "page.md").read_text()
    result = import_markdown(text)
    q = result.quotes
    assert q.video == "https://youtu.be/tEsTvIdeo01"
    assert q.label == "2024-01-05 Test Talk"
    assert [s.start for s in q.sections] == [0, 83, 3723]
    assert [s.blank_lines_before for s in q.sections] == [0, 0, 1]
    assert q.sections[1].summary == "\nBrick ovens hold heat. \n\n- insulation first \n- then the brick"
    assert result.skipped == ["Page", "Interview", "Elsewhere", "Other video", "Forum"]
    part = text[text.index("### Intro") : text.index("t=3723)\n") + len("t=3723)\n")]
    assert render(q, "newsletter") == part
    # ... and through the YAML file too
    assert render(loads(new_document(q).dumps()).model, "newsletter") == part


def test_import_golden_quotes_file():
    q = import_markdown((DATA / "page.md").read_text()).quotes
    assert new_document(q).dumps() == (DATA / "page.quotes.yaml").read_text()


def test_import_long_links_and_label_time_only():
    text = "## A\nx\n\n[Talk 1:05](https://www.youtube.com/watch?v=tEsTvIdeo01)\n"
    q = import_markdown(text).quotes
    assert (q.link_style, q.sections[0].start, q.label) == ("long", 65.0, "Talk")


@pytest.mark.parametrize("time, seconds", [("1h 2m", 3720.0), ("1h2m5s", 3725.0), ("27m57s", 1677.0)])
def test_import_labels_written_in_units(time, seconds):
    text = f"## A\nx\n\n[Talk {time}](https://www.youtube.com/watch?v=tEsTvIdeo01)\n"
    q = import_markdown(text).quotes
    assert (q.sections[0].start, q.label) == (seconds, "Talk")


def test_import_ignores_headings_in_code_fences():
    text = "```\n# not a heading\n```\n### A\nx\n\n[T 0:01](https://youtu.be/tEsTvIdeo01?t=1)\n"
    assert [s.title for s in import_markdown(text).quotes.sections] == ["A"]


def test_import_nothing_found():
    with pytest.raises(DocumentError, match="found no sections"):
        import_markdown("# Title\n\nJust prose.\n")


def test_import_other_layouts_best_effort():
    text = (
        "# Episode 12\n\n"
        "- [0:30](https://youtu.be/qUoTeSdEm01?t=30) Intro and the bridge closure\n"
        "- [1:16](https://youtu.be/qUoTeSdEm01?t=76) Marisol was a land surveyor who baked for fun "
        "until the old mill and its brick oven came up for sale. She went to look.\n\n"
        "## [3:09](https://youtu.be/qUoTeSdEm01?t=189) Insulation first\n\n"
        "A layer of perlite under the hearth.\n\n"
        "## Money\n\nShe pays the mason in bread. [8:13](https://www.youtube.com/watch?v=qUoTeSdEm01&t=493s)\n\n"
        "Another video: [0:05](https://youtu.be/OtHeRvIdeo1?t=5) elsewhere\n"
    )
    result = import_markdown(text)
    q = result.quotes
    assert (q.video_id, q.label, q.link_style) == ("qUoTeSdEm01", "", "short")
    assert [(s.title, s.start, s.summary) for s in q.sections] == [
        ("Intro and the bridge closure", 30.0, ""),  # a chapter title: no summary
        ("Marisol was a land surveyor who baked for fun until the old…", 76.0,
         "Marisol was a land surveyor who baked for fun until the old mill and its brick oven "
         "came up for sale. She went to look."),
        ("Insulation first", 189.0, "A layer of perlite under the hearth."),
        ("Money", 493.0, "She pays the mason in bread."),
    ]
    assert result.skipped == []  # every heading has a section
    assert result.other_videos == ["Another video: elsewhere"]  # another video: left out, and said so


def test_import_keeps_whole_chapter_titles():
    # A chapter list's lines are titles as the editor wrote them: render --template chapters
    # gives them back, not cut at 60 characters or at a colon.
    lines = [
        "0:00 Intro: Irina Halloran, international master and coach of two thousand students",
        "0:49 Why adults should study pawn structures instead of memorizing opening lines",
        "4:09 Endgames",
    ]
    q = import_markdown("## Chapters\n\n" + "\n".join(lines) + "\n", video="tEsTvIdeo01").quotes
    assert [(s.start, s.title) for s in q.sections] == [(0.0, lines[0][5:]), (49.0, lines[1][5:]), (249.0, "Endgames")]


def test_import_links_inside_paragraphs_get_their_sentence():
    text = (
        "# Notes\n\n"
        "Types are clear. As Chris says [here](https://youtu.be/qUoTeSdEm01?t=30), strings only "
        "exist at runtime. He is careful.\n\n"
        "Swift's launch was hard: it was stressful ([2:22](https://youtu.be/qUoTeSdEm01?t=142)). "
        "That is why.\n"
    )
    assert [(s.title, s.summary) for s in import_markdown(text).quotes.sections] == [
        ("As Chris says here, strings only exist at runtime", "As Chris says here, strings only exist at runtime."),
        ("Swift's launch was hard", "Swift's launch was hard: it was stressful."),
    ]


def test_import_a_page_that_mixes_layouts_reads_every_section():
    text = (
        "# Videos this week\n\n"
        "Watch [the interview](https://www.youtube.com/watch?v=qUoTeSdEm01) in full.\n\n"
        "## [Packaging](https://youtu.be/qUoTeSdEm01?t=9107)\n\n"
        "Packaging hurts where Python meets C.\n\n"
        "## Package manager [2:31:47](https://youtu.be/qUoTeSdEm01?t=9107)\n\n"
        "Mojo solves that part.\n\n"
        "## Tech With Tim\n\n"
        "An introduction [at 2:00](https://www.youtube.com/watch?v=OtHeRvIdeo1&t=120s).\n\n"
        "## Ownership\n\n"
        "Chris explains ownership at 53:40 ([link](https://youtu.be/qUoTeSdEm01?t=3213)): Rust's power.\n\n"
        "## Error handling\n\n"
        "Variants under the hood.\n\n"
        "[Talk 2:44:41](https://youtu.be/qUoTeSdEm01?t=9881)\n"
    )
    result = import_markdown(text)
    q = result.quotes
    assert [(s.title, s.start, s.summary) for s in q.sections] == [
        ("Packaging", 9107.0, "Packaging hurts where Python meets C."),
        ("Package manager", 9107.0, "Mojo solves that part."),
        ("Ownership", 3213.0, "Chris explains ownership at 53:40 (link): Rust's power."),
        ("Error handling", 9881.0, "\nVariants under the hood."),  # kept as written
    ]
    assert q.label == "Talk"
    assert result.skipped == ["Videos this week", "Tech With Tim"]
    assert result.other_videos == []  # under a skipped heading: said once


def test_import_table_topic_column_is_the_title():
    text = (
        "| Time | Topic | What is said |\n|---|---|---|\n"
        "| [13:23](https://youtu.be/qUoTeSdEm01?t=803) | Curly braces | Formatters indent code anyway. |\n"
        "| [21:02](https://youtu.be/qUoTeSdEm01?t=1262) | Autotune | The compiler tries parameters. |\n"
    )
    assert [(s.title, s.summary) for s in import_markdown(text).quotes.sections] == [
        ("Curly braces", "Formatters indent code anyway."),
        ("Autotune", "The compiler tries parameters."),
    ]


def test_import_range_labels_give_start_and_end_and_no_disagreement():
    page = (
        "# Notes\n\n- [01:39\u201303:25](https://www.youtube.com/watch?v=pdJQ8iVTwj8&t=99s) The oven holds its heat all day.\n"
        "- [03:25\u201305:00](https://www.youtube.com/watch?v=pdJQ8iVTwj8&t=205s) Bricks under the floor.\n"
    )
    result = import_markdown(page)
    assert [(s.start, s.end) for s in result.quotes.sections] == [(99.0, 205.0), (205.0, 300.0)]
    assert result.disagreeing == []
