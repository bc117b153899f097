"""The quotes file: validation with line and field, round-trip YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.errors import QuotesFileError
from quotes.quotesfile import QuotesFile, Section, load, loads, new_document, new_section

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
        ("- a\n- b\n", "q.yaml:1: expected keys (video, label, link_style, sections), found a list"),
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


def test_a_section_is_looked_for_by_its_summary_else_its_quote_else_its_title():
    # A section `quotes mark` made has its verbatim quote and maybe no summary: match checks
    # its start by those words, not by a title such as "Blunder check quote".
    quote = "look at every check, capture and threat before you move"
    assert Section(title="Blunder check quote", quote=quote).query == quote
    assert Section(title="Blunder check", summary="Check *every* move.", quote=quote).query == "Check every move."
    assert Section(title="Blunder check").query == "Blunder check"


# ---------------------------------------------------------------- hostile files (issue 15)


def test_a_file_nested_500_levels_deep_is_refused_at_its_line():
    deep = HEAD + "  - title: " + "[" * 500 + "]" * 500 + "\n"
    assert error_of(deep) == "q.yaml:4: nested more than 20 levels deep: a quotes file holds its sections, each a few keys"
    deep_map = "video: https://youtu.be/tEsTvIdeo01\nlabel: " + "{a: " * 500 + "1" + "}" * 500 + "\n"
    assert error_of(deep_map).startswith("q.yaml:2: nested more than 20 levels deep")


def test_an_alias_bomb_is_refused_at_its_first_alias():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
    ) + "video: https://youtu.be/tEsTvIdeo01\n"
    assert error_of(bomb) == "q.yaml:2: an alias (*a): quotes files use no anchors or aliases; write the value out"


def test_blank_lines_before_is_bounded():
    text = HEAD + "  - title: A\n    blank_lines_before: 100000000000\n"
    assert error_of(text) == "q.yaml:5: sections[1].blank_lines_before: Input should be less than or equal to 1000"
    assert loads(HEAD + "  - title: A\n    blank_lines_before: 1000\n").sections[0].blank_lines_before == 1000


def test_a_top_level_value_that_is_not_keys_is_named_in_plain_words():
    assert error_of("just words\n") == "q.yaml:1: expected keys (video, label, link_style, sections), found text"
    assert error_of("42\n") == "q.yaml:1: expected keys (video, label, link_style, sections), found a number"


def test_a_new_section_without_a_title_is_an_error_not_a_traceback():
    with pytest.raises(QuotesFileError) as info:
        new_section(title="", start=840.0)
    assert str(info.value) == "the new section: title must not be empty"


def test_add_section_inserts_in_time_order():
    doc = loads(HEAD + "  - title: A\n    start: '1:00'\n  - title: C\n    start: '3:00'\n  - title: D\n")
    assert doc.add_section(Section(title="B", start=120.0)) == 1
    assert doc.add_section(Section(title="E", start=600.0)) == 4  # after the last that starts
    assert doc.add_section(Section(title="F")) == 5  # no start: at the end
    assert [s.title for s in doc.sections] == ["A", "B", "C", "D", "E", "F"]
    assert [s.title for s in loads(doc.dumps()).sections] == ["A", "B", "C", "D", "E", "F"]


def test_a_section_shorter_than_a_second_is_written_to_the_millisecond_and_reads_back():
    """Times are written in whole seconds, as editors write them, except where that would
    empty a section (0.2 s to 0.7 s: '0:00' to '0:00'): then to the millisecond."""
    model = QuotesFile(video="https://youtu.be/qUoTeSdEm01", sections=[
        Section(title="short", start=0.2, end=0.7), Section(title="long", start=12.25, end=80.5)])
    doc = new_document(model)
    text = doc.dumps()
    assert "start: '0:00.200'\n    end: '0:00.700'" in text and "start: '0:12'\n    end: '1:20'" in text
    assert [(s.start, s.end) for s in loads(text).model.sections] == [(0.2, 0.7), (12.0, 80.0)]
    doc.set_time(1, "end", 12.5)  # now 12.25 to 12.5: both written exactly
    assert "start: '0:12.250'\n    end: '0:12.500'" in doc.dumps()
    assert [(s.start, s.end) for s in loads(doc.dumps()).model.sections][1] == (12.25, 12.5)
