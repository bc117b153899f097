"""quotes.document.sections: what prose a link, or a time written without a link, stands for."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quotes.document import (
    parse_document,
)
from quotes.timecode import format_timecode, parse_timecode

VID = "pdJQ8iVTwj8"


def test_section_runs_from_previous_timestamped_link():
    text = (
        "## Part\n\nFirst idea here.\n\n"
        f"[1:00](https://youtu.be/{VID}?t=60)\n\n"
        "Second idea here.\n\n"
        f"[2:00](https://youtu.be/{VID}?t=120)\n"
    )
    first, second = parse_document(text).links
    assert first.section == "First idea here."
    assert second.section == "Second idea here."
    assert second.heading == "Part"


def test_link_first_lists_and_paragraphs_stand_for_the_prose_after_the_link():
    doc = parse_document(
        "# Notes\n\n"
        "- [0:30](https://youtu.be/qUoTeSdEm01?t=30) Intro and the bridge closure\n"
        "- 1:16 [watch](https://youtu.be/qUoTeSdEm01?t=76) Marisol was a land surveyor.\n"
        "- [3:09](https://youtu.be/qUoTeSdEm01?t=189)\n\n"
        "Insulation comes first.\n\n"
        "[Interview 4:00](https://youtu.be/qUoTeSdEm01?t=240)\n\n"
        "[5:00](https://youtu.be/qUoTeSdEm01?t=300) Walt the mason, and "
        "[6:00](https://youtu.be/qUoTeSdEm01?t=360) the curing fires.\n\n"
        "Money talk [8:13](https://youtu.be/qUoTeSdEm01?t=493)\n"
    )
    assert [(link.t, link.section) for link in doc.links] == [
        (30.0, "Intro and the bridge closure"),
        (76.0, "Marisol was a land surveyor."),
        (189.0, ""),  # nothing after it, and the prose before belongs to the item above
        (240.0, "Insulation comes first."),  # a link alone under its summary, as newsletters do
        (300.0, "Walt the mason, and"),
        (360.0, "the curing fires."),
        (493.0, "Money talk"),
    ]


def test_a_link_alone_under_its_heading_stands_for_what_follows():
    # The layout of `quotes render --template quotes`: heading, link, then the quote.
    doc = parse_document(
        "# Notes\n\n### Curly braces\n\n[Talk 13:23](https://youtu.be/pdJQ8iVTwj8?t=803)\n\n"
        "> Curly brace languages are run\n> through formatting tools.\n\n"
        "### Speed\nIt is fast.\n\n[Talk 28:03](https://youtu.be/pdJQ8iVTwj8?t=1683)\n"
    )
    assert [(link.t, link.section) for link in doc.links] == [
        (803.0, "Curly brace languages are run through formatting tools."),
        (1683.0, "It is fast."),
    ]


def test_a_link_inside_a_paragraph_stands_for_its_sentence():
    doc = parse_document(
        "# Types\n\n"
        "The part on types is clear. As Chris says [here](https://youtu.be/qUoTeSdEm01?t=30), "
        "strings only exist at runtime.\nHe is careful.\n\n"
        "Swift's launch was hard. It was extremely stressful ([2:22](https://youtu.be/qUoTeSdEm01?t=142)). "
        "That is why Mojo is open.\n\n"
        "- Guido's thoughts: <https://youtu.be/qUoTeSdEm01?t=60> He worries about a split. More later.\n"
        "- Sugar https://youtu.be/qUoTeSdEm01?t=90 is avoided, e.g. for now. Really.\n\n"
        "Money talk [8:13](https://youtu.be/qUoTeSdEm01?t=493).\n"
    )
    assert [(link.t, link.section) for link in doc.links] == [
        (30.0, "As Chris says here, strings only exist at runtime."),
        (142.0, "It was extremely stressful."),
        (60.0, "Guido's thoughts: He worries about a split."),
        (90.0, "Sugar is avoided, e.g. for now."),
        # the link that ends its paragraph: the prose before it, from the previous link on
        (493.0, "Really.\nMoney talk"),
    ]


def test_the_time_opening_a_long_chapter_line_is_its_label():
    doc = parse_document(
        "0:00 Intro\n"
        "6:50 Only three watchmaking schools are left in the whole country - https://youtu.be/qUoTeSdEm01?t=356\n"
    )
    (link,) = doc.links
    assert (link.label_seconds, link.label_where) == (410.0, "line")


def test_a_chapter_list_gives_each_line_its_own_section():
    doc = parse_document(
        "Timestamps:\n\n"
        "0:00 Introduction\n"
        "[12:36](https://youtu.be/qUoTeSdEm01?t=756) Code indentation\n"
        "27:38 Speedup over Python\n"
        "https://youtu.be/qUoTeSdEm01?t=7569 Julia\n"
        "2:31:47 Packaging - https://youtu.be/qUoTeSdEm01?t=9107\n"
        "3:04:28 Syntactic sugar (https://youtu.be/qUoTeSdEm01?t=11068)\n"
    )
    assert [(link.t, link.section) for link in doc.links] == [
        (756.0, "Code indentation"),
        (7569.0, "Julia"),
        (9107.0, "Packaging"),
        (11068.0, "Syntactic sugar"),
    ]


def test_links_that_open_an_item_together_share_the_prose_after_them():
    (a, b) = parse_document(
        "1. [42:02](https://youtu.be/qUoTeSdEm01?t=2522) and [42:42](https://youtu.be/qUoTeSdEm01?t=2562) "
        "The library has ints.\n"
    ).links
    assert a.section == b.section == "The library has ints."


def test_a_timestamped_link_in_a_heading_stands_for_the_prose_under_it():
    doc = parse_document(
        "# Notes\n\n"
        "## [1:16](https://youtu.be/qUoTeSdEm01?t=76) Surveyor turned baker\n\n"
        "Marisol was a land surveyor.\n\nShe baked for fun.\n\n"
        "## 3:09 Insulation [watch](https://youtu.be/qUoTeSdEm01?t=189)\n\n"
        "The hearth got insulation first.\n\n"
        "### The 90s\n\nSummary here.\n\n[Interview 4:00](https://youtu.be/qUoTeSdEm01?t=240)\n"
    )
    assert [(link.line, link.t, link.heading, link.section) for link in doc.links] == [
        (3, 76.0, "Surveyor turned baker", "Marisol was a land surveyor.\nShe baked for fun."),
        (9, 189.0, "Insulation", "The hearth got insulation first."),
        (17, 240.0, "The 90s", "Summary here."),
    ]
    assert doc.links[0].label_seconds == 76.0


def test_table_rows_are_blocks():
    doc = parse_document(
        "| time | link | topic |\n|------|------|-------|\n"
        "| 1:16 | [watch](https://youtu.be/qUoTeSdEm01?t=76) | Marisol was a land surveyor |\n"
        "| 3:09 | [watch](https://youtu.be/qUoTeSdEm01?t=189) | Insulation under the hearth |\n"
    )
    assert [(link.t, link.label_seconds, link.section) for link in doc.links] == [
        (76.0, 76.0, "Marisol was a land surveyor"),
        (189.0, 189.0, "Insulation under the hearth"),
    ]
    first = doc.links[0]
    assert doc.text[first.label_span[0] : first.label_span[1]] == "1:16"


def test_a_link_ending_a_table_row_stands_for_its_row_not_the_column_names():
    doc = parse_document(
        "| time | topic | link |\n|---|---|---|\n"
        "| 1:16 | Marisol was a land surveyor | [watch](https://youtu.be/qUoTeSdEm01?t=76) |\n"
    )
    (link,) = doc.links
    assert (link.section, link.cells, link.label_seconds) == (
        "Marisol was a land surveyor", ["Marisol was a land surveyor"], 76.0
    )


# ------------------------------------------------------------------ times without links (video=...)

PLAIN = """\
# Show notes

## Chapters

0:00 Intro
12:36 Curly braces and the formatter
1:26:50 First principles

## Highlights

- 13:23 Curly braces are clutter the formatter makes redundant.
- **[27:57]** The speedup from moving to a compiler is big.

| 1:37:56 | CPython interop through the existing interpreter |

### Ownership (53:28)
Value semantics and ownership make copies cheap.

### Errors
Zero cost exceptions, not Go style errors.

[2:44:31]

In CPython (1:37:56) the objects stay as they are. We met at 10:30 in the morning.

A paragraph that ends with its time. 42:02

```
0:00 in code
```
See `0:30` and [Interview 13:23](https://youtu.be/pdJQ8iVTwj8?t=803) at 20:00.
"""


def test_times_without_links_are_read_with_their_sections():
    doc = parse_document(PLAIN, video=VID)
    got = [(link.line, link.label_time_text, link.place, link.heading, link.section) for link in doc.links]
    assert got == [
        (5, "0:00", "line", "Chapters", "Intro"),
        (6, "12:36", "line", "Chapters", "Curly braces and the formatter"),
        (7, "1:26:50", "line", "Chapters", "First principles"),
        (11, "13:23", "opens", "Highlights", "Curly braces are clutter the formatter makes redundant."),
        (12, "27:57", "opens", "Highlights", "The speedup from moving to a compiler is big."),
        (14, "1:37:56", "opens", "Highlights", "CPython interop through the existing interpreter"),
        (16, "53:28", "heading", "Ownership", "Value semantics and ownership make copies cheap."),
        (22, "2:44:31", "ends", "Errors", "Zero cost exceptions, not Go style errors."),
        (24, "1:37:56", "inside", "Errors", "In CPython the objects stay as they are."),
        (26, "42:02", "ends", "Errors", "A paragraph that ends with its time."),
        (31, "13:23", "inside", "Errors", "See 0:30 and Interview 13:23 at 20:00."),
    ]
    plain = [link for link in doc.links if link.plain]
    # The last is the page's own link: "20:00" after it, "0:30" in code and "10:30" are not read.
    assert len(plain) == 10 and not doc.links[10].plain
    assert all(link.video_id == VID and link.t == link.label_seconds for link in plain)
    assert all(doc.text[slice(*link.label_span)] == link.label_time_text for link in plain)


def test_times_without_links_are_read_only_when_the_video_is_given():
    assert parse_document(PLAIN).links[0].label_time_text == "13:23"
    assert len(parse_document(PLAIN).links) == 1


def test_a_time_alone_under_its_heading_stands_for_the_text_after_it():
    doc = parse_document("### Braces\n13:23\n\nCurly braces are clutter.\n\n### Next\nOther.\n", video=VID)
    assert [(link.t, link.section) for link in doc.links] == [(803.0, "Curly braces are clutter.")]


@given(st.integers(0, 5 * 3600))
def test_every_chapter_time_is_read(seconds):
    text = f"0:00 Intro\n{format_timecode(seconds)} The part about braces\n"
    doc = parse_document(text, video=VID)
    assert [link.t for link in doc.links] == [0.0, float(seconds)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # Clock times in prose are not video times, even ending a paragraph; nor are durations.
        ("Curly braces are clutter, he says. We met at 10:30.\n", []),
        ("> Recorded 14 April. Runtime 4:33.\n\nNew episodes every Tuesday at 18:00\n", []),
        ("The full conversation (3h) is worth it.\n\n- 2h Adoption and more\n", []),
        # ... but set apart from the words, they are.
        ("Braces are clutter and formatters indent anyway. (13:23)\n", [("13:23", "Braces are clutter and formatters indent anyway.")]),
        ("Braces are clutter and formatters indent anyway — 13:23\n", [("13:23", "Braces are clutter and formatters indent anyway")]),
        # A chapter list with a linked line: the other lines are read; lines without a time are no chapter's.
        (
            "Chapters:\n0:00 Intro\n2:47 Salt water - https://youtu.be/pdJQ8iVTwj8?t=167\n5:56 Smartwatches\nMusic: CC-BY\n",
            [("0:00", "Intro"), ("5:56", "Smartwatches")],
        ),
        # A setext heading, a byte-order mark, a colon after the time, ranges, "@".
        ("Smartwatches 5:56\n---\n\nA smartwatch dies in three years.\n", [("5:56", "A smartwatch dies in three years.")]),
        ("\ufeff## 5:00 The sea watch\n\nA pocket watch in salt water.\n", [("5:00", "A pocket watch in salt water.")]),
        ("- 5:56: Smartwatches die young\n- 0:44 to 1:27: the clock shop\n- @2:20 magnetism\n",
         [("5:56", "Smartwatches die young"), ("0:44", "the clock shop"), ("2:20", "magnetism")]),
        # A task list item; a table's header row is no section; "２:２０" and "14:05.5" are not read.
        ("- [ ] 2:20 magnetism\n- [x] 3:00 salt water\n", [("2:20", "magnetism"), ("3:00", "salt water")]),
        ("| 1:00 | Topic |\n|---|---|\n| 2:00 | Rust |\n", [("2:00", "Rust")]),
        ("- \uff12:\uff12\uff10 wide digits\n- 0:09:14.5 a fraction\n", []),
        # Inside a sentence, in brackets: "(at 4:31)", a range.
        ("He opens the back (at 4:31) to spot fakes. Then (4:31\u20135:04) the screws.\n",
         [("4:31", "He opens the back to spot fakes."), ("4:31", "Then the screws.")]),
    ],
)
def test_which_times_without_links_are_read(text, expected):
    doc = parse_document(text, video=VID)
    assert [(link.label_time_text, link.section) for link in doc.links if link.plain] == expected


def test_a_link_ending_a_paragraph_that_says_enough_stands_for_it_alone():
    text = (
        "# Notes\n\nWe watched it on Saturday with the meetup group, and argued for hours.\n\n"
        f"Interpreters read bytecode, so a compiler gives a big speedup [22:21](https://youtu.be/{VID}?t=1341).\n\n"
        "Short one.\n\n"
        f"Braces are gone [here](https://youtu.be/{VID}?t=803).\n"
    )
    doc = parse_document(text)
    assert [link.section for link in doc.links] == [
        "Interpreters read bytecode, so a compiler gives a big speedup",
        "Short one.\nBraces are gone",
    ]


def test_a_time_ending_a_paragraph_that_says_enough_stands_for_it_alone():
    text = (
        "# Notes\n\nWe watched it on Saturday with the meetup group, and argued for hours.\n\n"
        "Interpreters read bytecode, so moving to a compiler gives a big speedup. (22:21)\n\n"
        "Short one. (30:00)\n"
    )
    doc = parse_document(text, video=VID)
    assert [link.section for link in doc.links] == [
        "Interpreters read bytecode, so moving to a compiler gives a big speedup.",
        "Short one.",
    ]


def test_a_table_time_in_any_column_stands_for_the_other_cells():
    text = (
        "| Topic | Time | Summary |\n|---|---|---|\n"
        "| Money | 3:42 | A full service takes two days |\n"
        "| [Rust](https://example.com) | **0:50** | Salt water |\n"
    )
    doc = parse_document(text, video=VID)
    assert [(link.t, link.section, link.cells) for link in doc.links] == [
        (222.0, "Money A full service takes two days", ["Money", "A full service takes two days"]),
        (50.0, "Rust Salt water", ["Rust", "Salt water"]),
    ]


_MARKDOWNISH = st.lists(
    st.sampled_from(
        ["# ", "## ", "- ", "1. ", "> ", "| ", " | ", "**", "_", "`", "```\n", "(", ")", "[", "]", "\n", "\n\n",
         "---\n", "\ufeff", "\r\n", "13:23", "1:02:03", "0:00", "10:30.", " at ", " to ", "–", "word ", "Said. ",
         f"[x](https://youtu.be/{VID}?t=5)", "https://youtu.be/x", "<b>", "3h", "5:56:"]
    ),
    max_size=40,
).map("".join)


@given(_MARKDOWNISH)
def test_times_without_links_any_markdown(text):
    doc = parse_document(text, video=VID)
    for link in doc.links:
        if link.plain:
            written = text[slice(*link.label_span)]
            assert written == link.label_time_text and ":" in written
            assert parse_timecode(written) == link.t


# ---------------------------------------------------------------- layouts (issue 14, items 3 and 4)
# Invented pages: each layout once, with the text its link must stand for.

OVEN = "abcdefghijk"


def url(t: int) -> str:
    return f"https://www.youtube.com/watch?v={OVEN}&t={t}s"


def test_a_range_label_is_the_links_time_and_its_end_bounds_the_section():
    (link,) = parse_document(f"- [01:39\u201303:25]({url(99)}) The oven holds its heat all night.\n").links
    assert (link.label_seconds, link.label_time_text, link.range_end) == (99.0, "01:39", 205.0)
    assert link.section == "The oven holds its heat all night."
    (before,) = parse_document(f"1:39 - 3:25 [the oven]({url(99)}) holds its heat.\n").links
    assert (before.label_seconds, before.range_end) == (99.0, 205.0)
    (single,) = parse_document(f"[Talk 3:25]({url(205)})\n").links
    assert (single.label_seconds, single.range_end) == (205.0, None)


def test_a_linked_heading_directly_followed_by_a_subheading_stands_for_all_under_it():
    page = (
        f"# Notes\n\n## [Ovens 1:00]({url(60)})\n### Heat\nThe brick oven holds heat all day long.\n"
        "### Fuel\nOak burns hotter than pine in the firebox.\n\n## Bread\nDough rises overnight in the cold.\n"
    )
    (link,) = parse_document(page).links
    assert link.place == "heading"
    assert link.section == "The brick oven holds heat all day long.\nOak burns hotter than pine in the firebox."
    plain = "## 1:00 Ovens\n### Heat\nThe brick oven holds heat all day long.\n## 2:00 Bread\nDough rises overnight.\n"
    ovens, bread = parse_document(plain, video=OVEN).links
    assert (ovens.section, bread.section) == ("The brick oven holds heat all day long.", "Dough rises overnight.")


def test_a_bare_url_alone_on_the_line_above_a_heading_belongs_to_that_heading():
    page = (
        "## Intro\nThe host welcomes the baker to the show today.\n\n"
        f"{url(300)}\n## Bricks\nBricks under the floor keep the heat for hours after the fire dies.\n"
    )
    (link,) = parse_document(page).links
    assert (link.place, link.heading) == ("heading", "Bricks")
    assert link.section == "Bricks under the floor keep the heat for hours after the fire dies."
    # A page that opens with the URL, a blank line, then its heading (a note series' layout).
    (first,) = parse_document(f"{url(300)}\n\n# 08 Bricks\n\n- Bricks keep the heat for hours.\n").links
    assert (first.heading, first.section) == ("08 Bricks", "Bricks keep the heat for hours.")
    # After prose, with a blank line: it still ends that prose (the newsletter's layout).
    (last,) = parse_document(f"## Intro\nThe host welcomes the baker.\n\n{url(5)}\n\n## Bricks\nMore.\n").links
    assert (last.heading, last.section) == ("Intro", "The host welcomes the baker.")


def test_a_link_whose_words_are_the_quote_stands_for_its_words():
    page = (
        "## Heat\nThe host asks about the oven and the village.\n\n"
        f"> [\u201cThe oven is a battery for the whole village, charged once a day\u201d]({url(400)})\n"
    )
    (link,) = parse_document(page).links
    assert link.section == "\u201cThe oven is a battery for the whole village, charged once a day\u201d"


def test_a_link_in_a_nested_list_item_stands_for_the_items_own_text():
    page = f"## Points\n- Bees and the honey harvest in summer with grandmother\n  - Smoke calms them [8:00]({url(480)})\n"
    (link,) = parse_document(page).links
    assert link.section == "Smoke calms them"
    flat = f"## Points\nBees and the honey harvest in summer.\n\nSmoke calms them [8:00]({url(480)})\n"
    assert parse_document(flat).links[0].section == "Bees and the honey harvest in summer.\nSmoke calms them"


def test_a_link_whose_words_are_only_the_videos_name_or_a_url_stands_for_nothing():
    page = (
        f"# [Bake Talk: the village oven]({url(0)})\n\nNotes on the episode about the oven and the bread.\n\n"
        f"[Bake Talk: the village oven]({url(600)})\n\nMore notes on the baker and her bread.\n\n[{url(700)}]({url(700)})\n"
    )
    heading, named, url_only = parse_document(page).links
    assert heading.checkable and heading.section == "Notes on the episode about the oven and the bread."
    assert (named.section, named.checkable) == ("", False)
    assert (url_only.section, url_only.checkable) == ("", False)
    # In a sentence a URL's words are none, and the link stands for the sentence as a bare URL does.
    (inside,) = parse_document(f"The baker rakes out the coals [{url(9)}]({url(9)}) before dawn.\n").links
    assert inside.checkable and inside.section == "The baker rakes out the coals before dawn."
