"""Rendering: built-in templates against golden files, custom templates, chapter rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotes.errors import TemplateProblem
from quotes.quotesfile import QuotesFile, Section, load
from quotes.render import (
    BUILTIN_TEMPLATES,
    TEMPLATE_DIR,
    chapter_problems,
    default_output_path,
    render,
    template_context,
)

DATA = Path(__file__).parent / "data" / "workflow"


@pytest.fixture
def talk() -> QuotesFile:
    return load(DATA / "talk.quotes.yaml").model


@pytest.mark.parametrize("name", BUILTIN_TEMPLATES)
def test_builtin_templates_match_golden_files(talk, name):
    assert render(talk, name) == (DATA / f"talk.{name}.md").read_text()


def test_templates_are_package_files():
    assert sorted(p.name for p in TEMPLATE_DIR.glob("*.j2")) == [
        "chapters.j2", "newsletter.j2", "quotes.j2"
    ]


def test_long_link_style(talk):
    out = render(talk.model_copy(update={"link_style": "long"}), "newsletter")
    assert "[2024-01-05 Test Talk 1:23](https://www.youtube.com/watch?v=tEsTvIdeo01&t=83s)" in out


def test_newsletter_section_without_start_has_no_link():
    q = QuotesFile(video="tEsTvIdeo01", label="", sections=[
        Section(title="A", start=5, summary="a"), Section(title="B", summary="b")
    ])
    assert render(q, "newsletter") == "### A\na\n\n[0:05](https://youtu.be/tEsTvIdeo01?t=5)\n\n### B\nb\n"


def test_summary_from_a_literal_block_keeps_no_trailing_newline():
    q = QuotesFile(video="tEsTvIdeo01", label="L", sections=[Section(title="A", start=1, summary="x\n")])
    assert render(q, "newsletter") == "### A\nx\n\n[L 0:01](https://youtu.be/tEsTvIdeo01?t=1)\n"


def test_custom_template_gets_data_and_filters(tmp_path, talk):
    tpl = tmp_path / "mine.md.j2"
    tpl.write_text(
        "{{ video_id }} {{ video_url }} {{ link_style }}\n"
        "{% for s in sections %}{{ s.number }}. {{ s.start | timecode }} "
        "{{ s.start | deep_link }} {{ s.start | deep_link('long') }} {{ s.notes or '' }}\n{% endfor %}"
    )
    assert render(talk, str(tpl)) == (
        "tEsTvIdeo01 https://youtu.be/tEsTvIdeo01 short\n"
        "1. 0:00 https://youtu.be/tEsTvIdeo01?t=0 https://www.youtube.com/watch?v=tEsTvIdeo01&t=0s \n"
        "2. 1:23 https://youtu.be/tEsTvIdeo01?t=83 https://www.youtube.com/watch?v=tEsTvIdeo01&t=83s "
        "check the spelling of Kaowool\n"
        "3. 1:02:03 https://youtu.be/tEsTvIdeo01?t=3723 "
        "https://www.youtube.com/watch?v=tEsTvIdeo01&t=3723s \n"
    )


def test_custom_template_can_include_builtins(tmp_path, talk):
    tpl = tmp_path / "wrap.j2"
    tpl.write_text("# Notes\n\n{% include 'chapters.j2' %}")
    assert render(talk, str(tpl)) == "# Notes\n\n" + (DATA / "talk.chapters.md").read_text()


def test_undefined_variable_is_an_error(tmp_path, talk):
    tpl = tmp_path / "bad.j2"
    tpl.write_text("{{ sections[0].speaker }}")
    with pytest.raises(TemplateProblem, match=r"line 1: a section has no 'speaker' \(it has number, title, start, end, "):
        render(talk, str(tpl))
    tpl.write_text("{{ nope }}")
    with pytest.raises(TemplateProblem, match="'nope' is undefined"):
        render(talk, str(tpl))


@pytest.mark.parametrize(
    "source, message",
    [
        ("{% for s in sections %}\n{{ video_id | deep_link(s.start) }}{% endfor %}",
         r"line 2: deep_link filter expects seconds .* got 'tEsTvIdeo01'"),
        ("{{ sections[1].start | deep_link('wide') }}", r"line 1: deep_link filter: style 'wide' is not one of short, long, embed"),
        ('{{ "soon" | timecode }}', r"line 1: timecode filter expects seconds \(a number such as section.start\), got 'soon'"),
        ("{{ sections[1].timecode | deep_link }}", r"line 1: deep_link filter expects seconds .* got '\d+:\d\d'"),
        ("x\n\n{{ sections[0].title + 1 }}", r"line 3: TypeError: can only concatenate str"),
    ],
)
def test_a_misused_filter_or_expression_names_the_template_line(tmp_path, talk, source, message):
    (tmp_path / "t.j2").write_text(source)
    with pytest.raises(TemplateProblem, match=r"template '.*t\.j2', " + message):
        render(talk, str(tmp_path / "t.j2"))


def test_template_syntax_error_names_line(tmp_path, talk):
    tpl = tmp_path / "broken.j2"
    tpl.write_text("ok\n{% for s in sections %}\n")
    with pytest.raises(TemplateProblem, match=r"broken.j2:\d: template syntax error"):
        render(talk, str(tpl))


def test_unknown_template(talk):
    with pytest.raises(TemplateProblem, match="no template 'fancy': use one of newsletter, chapters, quotes"):
        render(talk, "fancy")


def test_missing_start_in_custom_template_is_explained(tmp_path):
    q = QuotesFile(video="tEsTvIdeo01", sections=[Section(title="A")])
    tpl = tmp_path / "t.j2"
    tpl.write_text("{% for s in sections %}{{ s.url }}{% endfor %}")
    with pytest.raises(TemplateProblem, match=r"section 1 \('A'\) has no start"):
        render(q, str(tpl))


def test_context_sections():
    ctx = template_context(QuotesFile(video="https://www.youtube.com/watch?v=tEsTvIdeo01&t=5",
                                      label="L", sections=[Section(title="A", start=803.9)]))
    s = ctx["sections"][0]
    assert (ctx["video_id"], s.timecode, s.url) == ("tEsTvIdeo01", "13:23", "https://youtu.be/tEsTvIdeo01?t=803")


# ---------------------------------------------------------------- chapters


def q_at(*starts):
    return QuotesFile(video="tEsTvIdeo01",
                      sections=[Section(title=f"S{i}", start=t) for i, t in enumerate(starts, 1)])


def test_valid_chapters_have_no_problems():
    assert chapter_problems(q_at(0, 30, 90), video_length=200) == []


def test_each_broken_rule_is_explained():
    rules = [(p.rule, str(p)) for p in chapter_problems(q_at(5, 12), video_length=20)]
    assert rules == [
        ("count", "YouTube needs at least 3 chapters; there are 2"),
        ("first", ("the first chapter must start at 0:00, but section 1 ('S1') starts at 0:05; "
         "add a first section such as `title: Intro` with `start: '0:00'`")),
        ("length", "each chapter must last at least 10 s: section 1 ('S1') lasts 7 s (0:05 to 0:12)"),
        ("length", ("each chapter must last at least 10 s: the last, section 2 ('S2') at 0:12, "
         "ends with the video at 0:20")),
    ]
    problems = [str(p) for p in chapter_problems(q_at(0, 60, 30, 100), video_length=105)]
    assert problems == [
        ("chapters must be in ascending order: section 3 ('S3') at 0:30 does not come after "
        "section 2 ('S2') at 1:00"),
        ("each chapter must last at least 10 s: the last, section 4 ('S4') at 1:40, ends with "
        "the video at 1:45"),
    ]


def test_sections_without_start_are_chapter_problems():
    q = q_at(0, 30, 90)
    q.sections.append(Section(title="Late"))
    assert [p.rule for p in chapter_problems(q)] == ["times"]
    assert render(q, "chapters") == "0:00 S1\n0:30 S2\n1:30 S3\n"


def test_default_output_path():
    assert default_output_path("a/b/talk.quotes.yaml") == Path("output/talk.md")
    assert default_output_path("talk.yml", "quotes") == Path("output/talk.quotes.md")
    assert default_output_path("talk.yaml", "/x/mine.md.j2") == Path("output/talk.mine.md")


# ---------------------------------------------------------------- templates are sandboxed


@pytest.mark.parametrize(
    "source, refused",
    [
        ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "'__init__' of 'type'"),
        ("{{ lipsum.__globals__['os'].system('touch pwned') }}", "'__globals__' of 'function'"),
        ("{{ joiner.__init__.__globals__ }}", "'__init__' of 'type'"),
        ("{{ sections[0].__class__.__init__.__globals__ }}", "'__init__' of 'StrictUndefined'"),
    ],
)
def test_a_template_cannot_reach_python(talk, tmp_path, monkeypatch, source, refused):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "evil.j2").write_text(source + "\n")
    with pytest.raises(TemplateProblem) as caught:
        render(talk, str(tmp_path / "evil.j2"))
    assert str(caught.value).startswith(
        f"template '{tmp_path / 'evil.j2'}', line 1: refused, templates render sandboxed and may not reach "
        f"Python's internals (access to attribute {refused} object is unsafe)"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evil.j2"]


def test_every_documented_variable_and_filter_works_in_the_sandbox(talk, tmp_path):
    (tmp_path / "all.j2").write_text(
        "{{ video_id }} {{ video_url }} {{ label }} {{ link_style }}\n"
        "{% for s in sections %}{{ s.number }} {{ s.title }} {{ s.start }} {{ s.end }} {{ s.summary | length > 0 }} "
        "{{ s.quote is none }} {{ s.notes is none }} {{ s.url }} {{ s.timecode }} {{ s.start | timecode }} "
        "{{ s.start | deep_link }} {{ s.start | deep_link('long') }} {{ s.start | deep_link('embed') }}\n"
        "{{ s.summary | blockquote }}\n{% endfor %}"
    )
    out = render(talk, str(tmp_path / "all.j2"))
    assert out.splitlines()[0] == "tEsTvIdeo01 https://youtu.be/tEsTvIdeo01 2024-01-05 Test Talk short"
    assert (
        "2 Ovens 83.0 130.0 True False False https://youtu.be/tEsTvIdeo01?t=83 1:23 1:23 https://youtu.be/tEsTvIdeo01?t=83 "
        "https://www.youtube.com/watch?v=tEsTvIdeo01&t=83s https://www.youtube.com/embed/tEsTvIdeo01?start=83\n"
        "> Brick ovens hold heat for a whole day.\n>\n> - insulation first\n"
    ) in out


def test_a_template_includes_only_from_its_own_folder(talk, tmp_path):
    (tmp_path / "part.j2").write_text("part of {{ video_id }}")
    (tmp_path / "ok.j2").write_text("{% include 'part.j2' %}")
    assert render(talk, str(tmp_path / "ok.j2")) == "part of tEsTvIdeo01"
    (tmp_path / "out.j2").write_text("{% include '../../../etc/passwd' %}")
    with pytest.raises(TemplateProblem, match=r"no template '../../../etc/passwd' to include; a template includes only"):
        render(talk, str(tmp_path / "out.j2"))


def test_a_recursive_macro_is_a_template_problem(talk, tmp_path):
    (tmp_path / "rec.j2").write_text("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}\n")
    with pytest.raises(TemplateProblem) as caught:
        render(talk, str(tmp_path / "rec.j2"))
    assert str(caught.value) == (
        f"template '{tmp_path / 'rec.j2'}': a macro (or include) calls itself without end; give it a way to stop"
    )
