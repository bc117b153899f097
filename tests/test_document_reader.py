"""quotes.document.reader: the markdown walk finds YouTube links (markdown, autolinks, bare URLs, HTML) and no others."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quotes.document import (
    parse_document,
)
from quotes.timecode import format_timecode

VID = "pdJQ8iVTwj8"


DOC = f"""\
---
title: 'A [fake](https://youtu.be/{VID}?t=1) link in front matter'
---

# Notes

Intro paragraph with the [whole interview](https://www.youtube.com/watch?v={VID}) and
the [channel](https://www.youtube.com/@lexfridman) and [GitHub](https://github.com/x/y).

### Curly Braces
Curly brace languages are run through formatting tools.
Why not get rid of the clutter?

[Interview 13:23](https://youtu.be/{VID}?t=803)

### Speed
It is `fast` and *very* fast.

```
[in a fence](https://youtu.be/{VID}?t=1)
```

    [indented code](https://youtu.be/{VID}?t=2)

Not a link: `[inline](https://youtu.be/{VID}?t=3)`. But the speed story starts at 8:08 [here](https://www.youtube.com/watch?v={VID}&t=488s).
"""


def test_finds_youtube_links_with_line_label_and_section():
    doc = parse_document(DOC, "notes.md")
    assert [(link.line, link.t) for link in doc.links] == [
        (7, None),
        (14, 803.0),
        (25, 488.0),
    ]
    whole, curly, speed = doc.links
    assert whole.text == "whole interview" and whole.heading == "Notes"
    assert curly.path == "notes.md"
    assert curly.video_id == VID
    assert curly.text == "Interview 13:23"
    assert curly.label_seconds == 803.0 and curly.label_where == "text"
    assert curly.heading == "Curly Braces"
    assert curly.section == (
        "Curly brace languages are run through formatting tools. Why not get rid of the clutter?"
    )
    assert speed.heading == "Speed"
    assert speed.label_seconds == 488.0 and speed.label_where == "before"
    assert speed.label_time_text == "8:08"
    # Code is left out of the links, but inline code is part of the prose. The link ends a
    # paragraph that says enough on its own (a URL is no words): it stands for that paragraph,
    # not the one before.
    assert speed.section == f"Not a link: [inline](https://youtu.be/{VID}?t=3). But the speed story starts at 8:08"


def test_spans_index_the_original_source():
    doc = parse_document(DOC)
    for link in doc.links:
        start, end = link.url_span
        assert doc.text[start:end] == link.source_url
    curly = doc.links[1]
    start, end = curly.label_span
    assert doc.text[start:end] == "13:23"


def test_code_blocks_and_inline_code_are_ignored():
    doc = parse_document(DOC)
    assert all(link.t not in (1.0, 2.0, 3.0) for link in doc.links)


def test_url_in_inline_code_before_the_real_link_is_not_taken_for_it():
    url = f"https://youtu.be/{VID}?t=60"
    doc = parse_document(f"See `[x]({url})` then [1:00]({url}).\n")
    (link,) = doc.links
    start, end = link.url_span
    assert doc.text[start - 7 : start] == "[1:00]("
    assert link.label_seconds == 60.0


def test_autolinks_and_bare_urls():
    text = f"Watch <https://youtu.be/{VID}?t=90> or https://youtu.be/{VID}?t=120.\n"
    doc = parse_document(text)
    assert [link.t for link in doc.links] == [90.0, 120.0]
    assert [doc.text[slice(*link.url_span)] for link in doc.links] == [
        f"https://youtu.be/{VID}?t=90",
        f"https://youtu.be/{VID}?t=120",
    ]


def test_bare_urls_in_parentheses_are_links():
    text = (
        f"3:04:28 Syntactic sugar (https://youtu.be/{VID}?t=11068)\n\n"
        f"Said twice (see https://youtu.be/{VID}?t=90).\n\n"
        "Not ours (https://en.wikipedia.org/wiki/Mojo_(language)).\n"
    )
    doc = parse_document(text)
    assert [(link.t, text[slice(*link.url_span)]) for link in doc.links] == [
        (11068.0, f"https://youtu.be/{VID}?t=11068"),
        (90.0, f"https://youtu.be/{VID}?t=90"),
    ]


def test_html_links_are_links_with_their_words_as_label():
    text = (
        f'<p>Sugar: <a href="https://youtu.be/{VID}?t=11068">syntactic sugar at 3:04:28</a> is avoided.</p>\n\n'
        f"<!-- <a href='https://youtu.be/{VID}?t=5'>old</a> -->\n\n"
        f"<pre><a href='https://youtu.be/{VID}?t=7'>code</a></pre>\n\n"
        f"In a paragraph <a href='https://youtu.be/{VID}?t=60&amp;si=x'>at 1:00</a> he said it.\n"
    )
    block, inline = parse_document(text).links
    assert (block.t, block.text, block.label_seconds, block.section) == (
        11068.0, "syntactic sugar at 3:04:28", 11068.0, "Sugar: syntactic sugar at 3:04:28 is avoided."
    )
    assert text[slice(*block.url_span)] == f"https://youtu.be/{VID}?t=11068"
    assert text[slice(*block.label_span)] == "3:04:28"
    assert (inline.t, inline.line, inline.label_seconds, inline.section) == (60.0, 7, 60.0, "In a paragraph at 1:00 he said it.")
    assert text[slice(*inline.url_span)] == f"https://youtu.be/{VID}?t=60&amp;si=x"


def test_links_inside_inline_html_code_are_left_alone():
    doc = parse_document(
        "Write <code>https://youtu.be/pdJQ8iVTwj8?T=100</code> or "
        '<kbd><a href="https://youtu.be/pdJQ8iVTwj8?T=5">x</a></kbd>, then '
        "[13:24](https://youtu.be/pdJQ8iVTwj8?t=803).\n"
    )
    assert [link.t for link in doc.links] == [803.0]


_PROSE = st.text(
    alphabet=st.characters(whitelist_categories=("L", "Zs"), max_codepoint=0x2FF), max_size=40
)


@given(prose=_PROSE, seconds=st.integers(min_value=0, max_value=5 * 3600))
def test_any_prose_any_time(prose, seconds):
    label = format_timecode(seconds)
    url = f"https://youtu.be/{VID}?t={seconds}"
    text = f"# H\n\n{prose}\n\n[Talk {label}]({url})\n"
    (link,) = parse_document(text).links
    assert link.t == seconds and link.label_seconds == seconds
    assert text[slice(*link.url_span)] == url
    assert text[slice(*link.label_span)] == label
    assert link.section == " ".join(prose.split())


# ---------------------------------------------------------------- hostile input (issue 15)
# (Their times are in `make bench`; these check what is read.)


def test_hostile_repetitions_read_as_no_links():
    for text in ('<a href="' * 2000, "[" * 5000, "[a](" * 5000, "((((x" * 1000, "](" * 1000):
        assert parse_document(text, video=VID).links == []


def test_many_bare_urls_in_one_paragraph_each_keep_their_time():
    text = "Links: " + " ".join(f"https://youtu.be/{VID}?t={i}" for i in range(1500))
    links = parse_document(text).links
    assert [link.t for link in links] == [float(i) for i in range(1500)]
    assert all(link.label_seconds is None for link in links)
    assert text[slice(*links[-1].url_span)] == f"https://youtu.be/{VID}?t=1499"


def test_many_reference_links_each_find_their_definition():
    n = 2000
    text = "".join(f"[r{i}] " for i in range(n)) + "\n\n" + "".join(f"[r{i}]: https://youtu.be/{VID}?t={i}\n" for i in range(n))
    links = parse_document(text).links
    assert [link.t for link in links] == [float(i) for i in range(n)]
    assert text[slice(*links[1234].url_span)] == f"https://youtu.be/{VID}?t=1234"


def test_a_time_far_from_its_link_on_a_long_line_is_no_label():
    near = parse_document(f"13:23 [clip](https://youtu.be/{VID}?t=803)").links[0]
    assert near.label_time_text == "13:23"
    far = parse_document("13:23" + " " * 1200 + f"[clip](https://youtu.be/{VID}?t=803)").links[0]
    assert far.label_time_text is None


def test_links_nested_past_the_reach_of_the_reader_are_named_not_silently_dropped():
    link = f"[Talk 1:05](https://youtu.be/{VID}?t=65)\n"
    read = parse_document("> " * 98 + link, "a.md")  # 98 quotes deep: read (it was 19)
    assert [x.t for x in read.links] == [65.0] and read.warnings == []
    lists = "".join("  " * i + "- a\n" for i in range(30)) + "  " * 30 + "- " + link  # 30 lists deep
    assert [x.t for x in parse_document(lists).links] == [65.0]
    deep = parse_document("# Notes\n\n" + "> " * 150 + link, "a.md")
    assert deep.links == []
    assert deep.warnings == [
        "a.md:3: lists or quotes nested too deep (100 levels of lists, items and quotes): the links inside are not read"
    ]


def test_a_long_run_of_unclosed_brackets_hides_no_link():
    # '[' is tried as a link only where a ']' follows (a run that never closes is read once).
    url = "https://youtu.be/pdJQ8iVTwj8"
    doc = parse_document(f"[a]({url}?t=3) " + "[" * 5000 + f" [b]({url}?t=9) " + "[" * 5000, "x.md")
    assert [(link.text, link.t) for link in doc.links] == [("a", 3.0), ("b", 9.0)]
