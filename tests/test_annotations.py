"""The quotes file: validation with line and field, round-trip YAML, match logic, markdown import."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.annotations import (
    QuotesFile,
    Section,
    import_markdown,
    load,
    loads,
    match_sections,
    new_document,
)
from quotes.errors import DocumentError, QuotesFileError
from quotes.locate import Match
from quotes.render import render
from quotes.transcript import Segment, Transcript

DATA = Path(__file__).parent / "data" / "workflow"

HEAD = "video: https://youtu.be/tEsTvIdeo01\nlabel: Talk\nsections:\n"


def error_of(text: str) -> str:
    with pytest.raises(QuotesFileError) as info:
        loads(text, "q.yaml")
    return str(info.value)


# ---------------------------------------------------------------- reading


def test_times_in_every_form_editors_type():
    doc = loads(
        HEAD
        + "  - {title: A, start: '13:23'}\n"
        + "  - {title: B, start: 13:23}\n"  # YAML 1.2: a string
        + "  - {title: C, start: 803}\n"
        + "  - {title: D, start: '803', end: 1:26:50}\n"
        + "  - {title: E, start: 1m30s, end: ~}\n"
        + "  - {title: F}\n"
    )
    starts = [s.start for s in doc.sections]
    assert starts == [803.0, 803.0, 803.0, 803.0, 90.0, None]
    assert doc.sections[3].end == 5210.0
    assert doc.model.video_id == "tEsTvIdeo01"
    assert doc.model.link_style == "short"


def test_yaml_1_1_sexagesimal_reads_as_the_same_seconds():
    doc = loads("%YAML 1.1\n---\n" + HEAD + "  - title: A\n    start: 13:23\n")
    assert doc.sections[0].start == 803.0


def test_bundled_example_loads():
    doc = load(Path(__file__).resolve().parents[1] / "examples" / "notes.quotes.yaml")
    assert len(doc.sections) == 7
    assert all(s.start is None for s in doc.sections)


def test_golden_file_loads():
    doc = load(DATA / "talk.quotes.yaml")
    assert [s.start for s in doc.sections] == [0.0, 83.0, 3723.0]
    assert doc.sections[1].end == 130.0
    assert doc.model.label == "2024-01-05 Test Talk"


@pytest.mark.parametrize(
    "text, expected",
    [
        (HEAD + "  - title: A\n    summery: x\n",
         ("q.yaml:5: sections[1].summery: unknown key 'summery' (allowed: title, start, end, "
         "summary, quote, notes, blank_lines_before)")),
        ("video: x\n", None),
        (HEAD + "  - title: A\n  - title: B\n    start: 1:2:3:4\n",
         "q.yaml:6: sections[2].start: cannot read time '1:2:3:4'; write it as 13:23, 1:26:50, 803 or 1h2m3s"),
        (HEAD + "  - title: A\n    start: '2:00'\n    end: '1:00'\n",
         "q.yaml:6: sections[1].end: end 1:00 is not after start 2:00"),
        (HEAD + "  - summary: no title\n", "q.yaml:4: sections[1].title: is required"),
        ("label: x\nsections: []\n", "q.yaml:1: video: is required"),
        ("video: https://youtu.be/tEsTvIdeo01\nlink_style: tiny\n",
         "q.yaml:2: link_style: must be short or long, not 'tiny'"),
        ("video: https://youtu.be/tEsTvIdeo01\ncolour: red\n",
         "q.yaml:2: colour: unknown key 'colour' (allowed: video, label, link_style, sections)"),
        (HEAD + "  - title: A\n    start: -5\n",
         ("q.yaml:5: sections[1].start: cannot read time '-5': times must be zero or more seconds; "
         "write it as 13:23, 1:26:50, 803 or 1h2m3s")),
        ("video: [unclosed\n", None),
        ("", "q.yaml: the file is empty; it needs at least `video:`"),
        ("- a\n- b\n", "q.yaml:1: expected keys (video, label, link_style, sections), found a CommentedSeq"),
        ("video: a\nvideo: b\n", None),
    ],
)
def test_malformed_files_say_line_and_field(text, expected):
    message = error_of(text)
    if expected is not None:
        assert message == expected
    assert message.startswith("q.yaml")


def test_bad_video_and_yaml_syntax_messages():
    assert error_of("video: x\n").startswith("q.yaml:1: video: 'x' is not a YouTube video URL")
    assert error_of("video: [unclosed\n").startswith("q.yaml:2: not valid YAML")
    assert "duplicate key" in error_of("video: a\nvideo: b\n")


def test_more_problems_are_listed_by_where_they_are():
    message = error_of(HEAD + "  - title: A\n    start: x\n  - title: B\n    end: y\n  - titel: C\n")
    assert message.endswith("(and 3 more: line 7 sections[2].end, line 8 sections[3].title, line 8 sections[3].titel)")


def test_load_missing_file(tmp_path):
    with pytest.raises(QuotesFileError, match="no such file"):
        load(tmp_path / "nope.yaml")


# ---------------------------------------------------------------- writing back


COMMENTED = """\
# My notes -- keep this comment
video: https://youtu.be/tEsTvIdeo01
label: Talk  # the label
sections:
- title: First   # about the start
  summary: >-
    folded text
    over lines
  # a comment between keys
  notes: keep
- title: Second
  start: '0:10'
  summary: two
"""


def test_set_time_keeps_comments_order_and_layout():
    doc = loads(COMMENTED)
    doc.set_time(0, "start", 1677.4)
    doc.set_time(1, "start", 20)
    doc.set_time(1, "end", 35)
    out = doc.dumps()
    assert out == COMMENTED.replace(
        "- title: First   # about the start\n",
        "- title: First   # about the start\n  start: '27:57'\n",
    ).replace("  start: '0:10'\n", "  start: '0:20'\n  end: '0:35'\n")
    again = loads(out)
    assert [s.start for s in again.sections] == [1677.0, 20.0]
    assert doc.sections[0].start == 1677.4  # the model keeps the exact time


@pytest.mark.parametrize("bom, newline", [(b"", "\n"), (b"\xef\xbb\xbf", "\r\n"), (b"", "\r\n"), (b"\xef\xbb\xbf", "\n")])
def test_save_keeps_the_files_line_ends_and_byte_order_mark(tmp_path, bom, newline):
    path = tmp_path / "q.yaml"
    path.write_bytes(bom + COMMENTED.replace("\n", newline).encode())
    doc = load(path)
    doc.set_time(1, "start", 20)
    doc.save()
    expected = COMMENTED.replace("  start: '0:10'\n", "  start: '0:20'\n")
    assert path.read_bytes() == bom + expected.replace("\n", newline).encode()
    # (loads, given the text, keeps them too)
    doc = loads(bom.decode() + COMMENTED.replace("\n", newline))
    doc.set_time(1, "start", 20)
    assert doc.dumps() == expected and (doc.newline, doc.bom) == (newline, bool(bom))


def test_set_time_none_removes_key():
    doc = loads(COMMENTED)
    doc.set_time(1, "start", None)
    assert "start: '0:10'" not in doc.dumps()
    assert doc.sections[1].start is None


def test_indented_sequence_layout_is_kept():
    text = HEAD + "  - title: A\n    summary: x\n"
    doc = loads(text)
    doc.set_time(0, "start", 5)
    assert doc.dumps() == HEAD + "  - title: A\n    start: '0:05'\n    summary: x\n"


def test_add_section_and_save_atomically(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text(HEAD.replace("sections:\n", "sections:   # none yet\n"))
    doc = load(path)
    assert doc.sections == []
    doc.add_section(Section(title="New", start=803, end=833, quote="said\nthis"))
    doc.save()
    text = path.read_text()
    assert text.endswith(
        "sections:   # none yet\n  - title: New\n    start: '13:23'\n    end: '13:53'\n"
        "    quote: |-\n      said\n      this\n"
    )
    assert load(path).sections[0].quote == "said\nthis"
    assert [p.name for p in tmp_path.iterdir()] == ["q.yaml"]  # no temporary left over


def test_new_document_round_trips():
    model = QuotesFile(
        video="https://youtu.be/tEsTvIdeo01",
        label="L",
        link_style="long",
        sections=[Section(title="A", start=1, summary="\nlead blank\n\n- list  \n", blank_lines_before=2)],
    )
    text = new_document(model).dumps()
    assert text.startswith("# Quotes file for `quotes`")
    assert loads(text).model == model


@settings(max_examples=150, deadline=None)
@given(
    title=st.text(min_size=1).filter(lambda t: t.strip()),
    summary=st.text(),
    quote=st.none() | st.text(min_size=1),
)
def test_any_text_survives_the_yaml(title, summary, quote):
    model = QuotesFile(video="tEsTvIdeo01", sections=[Section(title=title, summary=summary, quote=quote)])
    assert loads(new_document(model).dumps()).model == model


# ---------------------------------------------------------------- match


# Summaries need five words or more to be placed (a title is said everywhere): the tests'
# one-word keys are padded with this.
PAD = " where the brick oven holds heat all day"


class FakeLocator:
    """Answers from a table: query text -> matches."""

    def __init__(self, answers):
        self.answers = answers

    def __call__(self, transcript):
        return self

    def lead_floor(self, core, reach):  # captions that mark no turns
        return float("-inf")

    def turn_end(self, core):
        return float("-inf")

    def locate(self, text, top=5, title=None, after=None, before=None):
        found = self.answers.get(text.removesuffix(PAD), [])
        if before is not None:  # the places near a given time
            found = [m for m in found if (after is None or m.start >= after) and m.start <= before]
        return found[:top]


def m(start, end, score, confident):
    return Match(start=start, end=end, core_start=start, lead_in=start - 5, score=score,
                 confidence=score, confident=confident, text="", url="")


TRANSCRIPT = Transcript(
    video_id="tEsTvIdeo01",
    language_code="en",
    segments=[Segment(start=i * 5.0, duration=5.0, text=f"words {i}") for i in range(100)],
)


def test_match_statuses():
    quotes = QuotesFile(
        video="tEsTvIdeo01",
        sections=[
            Section(title="a", summary="set me" + PAD),
            Section(title="b", summary="unsure" + PAD),
            Section(title="c", summary="nothing" + PAD),
            Section(title="d", summary="check" + PAD, start=82),  # within two minutes before the passage
            Section(title="e", summary="wrong" + PAD, start=300),
            Section(title="f", summary="uncheckable" + PAD, start=10),
            Section(title="Only a `title`"),
        ],
    )
    answers = {
        "set me": [m(40, 60, 0.9, True)],
        "unsure": [m(40, 60, 0.3, False)],
        "check": [m(100, 130, 0.8, True)],
        "wrong": [m(100, 130, 0.8, True), m(200, 230, 0.7, True)],
        "uncheckable": [m(100, 130, 0.2, False)],
        "Only a title": [m(7, 9, 0.99, True)],
    }
    results = match_sections(quotes, TRANSCRIPT, locator_factory=FakeLocator(answers))
    assert [r.status for r in results] == [
        "set", "unsure", "not found", "kept", "looks wrong", "unchecked", "unsure"
    ]
    assert [r.proposed for r in results] == [40, 40, None, 100, 100, 100, 7]
    # A bare title is said in too many places to trust: its best guess is shown, not written.
    assert [r.needs_editor for r in results] == [False, True, True, False, True, False, True]


def test_a_tie_is_broken_in_page_order():
    # The second topic is talked about twice, equally well: the page's order picks the place
    # between its neighbours; a much weaker runner-up would not be taken.
    quotes = QuotesFile(
        video="tEsTvIdeo01",
        sections=[
            Section(title="a", summary="first" + PAD),
            Section(title="b", summary="twice" + PAD),
            Section(title="c", summary="third" + PAD),
            Section(title="d", summary="weak" + PAD),
        ],
    )
    answers = {
        "first": [m(100, 130, 0.8, True)],
        "twice": [m(400, 430, 0.5, True), m(200, 230, 0.47, True)],
        "third": [m(300, 330, 0.7, True)],
        "weak": [m(150, 180, 0.9, True), m(350, 380, 0.4, True)],
    }
    results = match_sections(quotes, TRANSCRIPT, locator_factory=FakeLocator(answers))
    assert [r.proposed for r in results] == [100, 200, 300, 150]


# ---------------------------------------------------------------- import


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


def test_sections_in_order_do_not_start_inside_the_previous_passage():
    """Section B's first sentence is also said at the end of A's passage; B's talk comes later."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: tests are not a package
    from test_locate import FILLER, make_transcript, start_of

    from quotes.locate import Locator

    a_block = ["so tell me about the bees", "my grandmother kept hives behind her barn",
               "every summer I helped her with the honey harvest", "she also taught me to repair old steel bicycles"]
    b_block = ["and what about the shop you opened", "well I fixed bikes for years in a garage",
               "people brought rusty frames from their sheds", "I rebuilt the wheels and replaced the chains",
               "and the repair shop paid better than my day job"]
    t = make_transcript([FILLER, a_block, FILLER[:4], b_block, FILLER])
    a_text = "Her grandmother kept hives behind the barn and every summer she helped with the honey harvest."
    b_text = ("She learned to repair old steel bicycles. People brought rusty frames, she rebuilt wheels "
              "and replaced chains, and the repair shop paid better than her day job.")
    alone = Locator(t).locate(b_text, title="The Bike Shop")[0]
    assert alone.start < start_of(t, b_block[0])  # on its own, B starts in A's passage
    q = QuotesFile(video="https://youtu.be/abcdefghijk", label="", link_style="short",
                   sections=[Section(title="Bees", summary=a_text), Section(title="The Bike Shop", summary=b_text)])
    a, b = match_sections(q, t)
    assert (a.status, b.status) == ("set", "set")
    assert a.proposed == start_of(t, a_block[0])
    assert b.proposed == start_of(t, b_block[0])  # in order, at its own question


def test_after_keeps_passages_and_links_from_starting_earlier():
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from test_locate import FILLER, TALK, make_transcript

    from quotes.locate import locate

    t = make_transcript([FILLER, TALK["bees"], FILLER, TALK["bees"], FILLER])
    text = "Smoking the hives calms the colony before the frames go into the extractor."
    second = 2.5 * (2 * len(FILLER) + len(TALK["bees"]))  # where the second telling begins
    assert t.segments[int(second / 2.5)].text == TALK["bees"][0]
    assert locate(t, text)[0].start < second - 30  # the first telling wins a tie
    later = locate(t, text, after=second - 5)
    assert later and later[0].confident
    assert all(m.start >= second - 5 for m in later)


def test_a_section_is_looked_for_by_its_summary_else_its_quote_else_its_title():
    # A section `quotes mark` made has its verbatim quote and maybe no summary: match checks
    # its start by those words, not by a title such as "Blunder check quote".
    quote = "look at every check, capture and threat before you move"
    assert Section(title="Blunder check quote", quote=quote).query == quote
    assert Section(title="Blunder check", summary="Check *every* move.", quote=quote).query == "Check every move."
    assert Section(title="Blunder check").query == "Blunder check"
