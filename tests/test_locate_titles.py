"""Chapter titles whose words are not what the speaker says: the part of a topic a title names
("Intro", "conclusions", "Summary so far") and titles asked as a question ("How does it rise?").
An invented talk about baking bread."""

from __future__ import annotations

import pytest
from builders import FILLER, SOURDOUGH_SUMMARY, SOURDOUGH_TALK, make_transcript, start_of

from quotes.locate import Locator, why_not_found
from quotes.words import title_part, title_question

_OPENING = [
    "hi everyone and welcome to this short intro talk about bread",
    "today I want to walk you through how I bake bread at home",
    "it is a hobby that got a little out of hand",
]
_DOUGH = [
    "let us start with the flour and the water",
    "mix them in a big bowl with a pinch of salt",
    "leave the dough covered overnight on the counter",
    "in the morning you watch it rise slowly",
]
# Said as nobody's question ("knows how it rises": an indirect question does not invert).
_INDIRECT = [
    "honestly nobody in my family knows how it rises",
    "they just eat whatever comes out of the kitchen",
]
_LOAVES = [
    "a bread can take many shapes on the tray",
    "a round loaf or a long baguette or a flat one",
]
_QUESTION = [
    "okay so now how does the dough actually rise",
    "tiny yeast cells eat the sugar in the flour",
    "and they breathe out gas that gets trapped inside",
    "the gluten holds those bubbles like little balloons",
]
_CRUST = [
    "now the crust is where the magic happens",
    "a good crust crackles and sings when it cools",
    "steam in the oven keeps the crust soft at first",
    "then it browns and hardens into a shell",
]
_LAST_CRUST = [
    "one last thing before you go about the crust",
    "let the crust cool on a rack before cutting",
]
_TALK = [_OPENING, FILLER, _DOUGH, FILLER, _INDIRECT, FILLER, _LOAVES, FILLER, _QUESTION, FILLER, _CRUST, FILLER, FILLER, _LAST_CRUST, FILLER]


@pytest.fixture(scope="module")
def bread():
    t = make_transcript(_TALK, step=4.0)
    return t, Locator(t)


@pytest.mark.parametrize(
    "title, topic, part",
    [
        ("Bread Crust Intro", "Bread Crust", "opening"),
        ("Introduction to sourdough", "to sourdough", "opening"),
        ("The oven: an overview", "The oven: an", "opening"),
        ("Bread crust conclusions", "Bread crust", "closing"),
        ("Closing thoughts", "", "closing"),
        ("Summary so far", "", "closing"),
        ("Q&A", "", "other"),
        ("Part 2: The oven", ": The oven", "other"),
        ("Appendix: Starter, Oven, Crumb", ": Starter, Oven, Crumb", "other"),
        ("Large Language Model (LLM) intro", "Large Language Model", "opening"),
        # Content, not a part of the talk: in prose, or not at a title's edge.
        ("The introduction of generics", "The introduction of generics", None),
        ("Opening the oven door", "Opening the oven door", None),
        ("Grand opening", "Grand opening", None),
        ("Introspection", "Introspection", None),
        ("Opening remarks", "", "opening"),
        ("So that was the intro. Now the oven heats up for an hour.", "So that was the intro. Now the oven heats up for an hour.", None),
    ],
)
def test_a_title_names_the_part_of_its_topic_apart_from_the_topic(title, topic, part):
    assert title_part(title) == (topic, part)


def test_a_title_asked_as_a_direct_question_with_one_word_to_place_it():
    assert title_question("How does it rise?") == ["how", "rise"]
    assert title_question("Why do we knead?") == ["why", "knead"]
    assert title_question("How it rises") is None  # not a question
    assert title_question("How does yeast make dough rise?") is None  # words enough to place it
    assert title_question("How does it rise? The yeast eats sugar and breathes out gas.") is None  # prose


def test_an_intro_title_goes_where_its_topic_begins_not_where_intro_is_said(bread):
    # "intro" and "bread" are said together in the talk's own opening; the crust begins later.
    t, locator = bread
    m = locator.locate("Bread Crust Intro", top=1)[0]
    assert start_of(t, _CRUST[0]) - 10 <= m.start <= start_of(t, _CRUST[0])


def test_a_conclusions_title_goes_where_its_topic_is_talked_about_last(bread):
    t, locator = bread
    m = locator.locate("Bread Crust conclusions", top=1)[0]
    assert start_of(t, _LAST_CRUST[0]) - 10 <= m.start <= start_of(t, _LAST_CRUST[0])


def test_a_title_of_only_a_part_has_nothing_to_place(bread):
    _, locator = bread
    for title in ("Summary so far", "Intro", "Q&A", "Closing thoughts"):
        assert locator.locate(title) == []
        assert "names only a part of the talk" in why_not_found(locator, title)


def test_a_question_title_goes_where_the_speaker_asks_it(bread):
    # "rise" is said before (a statement, and an indirect question): the speaker's own
    # question opens the chapter.
    t, locator = bread
    m = locator.locate("How does it rise?", top=1)[0]
    assert start_of(t, _QUESTION[0]) - 10 <= m.start <= start_of(t, _QUESTION[0])
    assert not m.confident  # one word to place it: a guess, however well placed
    # The same words without the question's form are placed by their word alone.
    assert locator.locate("It rises", top=1)[0].start < start_of(t, _QUESTION[0]) - 10


def test_a_question_never_asked_is_placed_as_before(bread):
    _, locator = bread
    assert [m.start for m in locator.locate("How does it bake?")] == [m.start for m in locator.locate("it bake")]


def test_a_heading_naming_its_part_still_leads_in_by_its_topic():
    # The speaker names the topic, gives an example, then says the words the summary
    # condenses. The heading "Sourdough: an overview" leads in where "sourdough" is named,
    # as "Sourdough" would: "overview" is never said, and is no word of the topic.
    t, named = SOURDOUGH_TALK()
    body = SOURDOUGH_SUMMARY
    locator = Locator(t)
    assert locator.locate(body)[0].start > named + 10
    for heading in ("Sourdough: an overview", "Sourdough intro", "Part 2: Sourdough"):
        assert locator.locate(body, title=heading)[0].start == named, heading
    assert locator.locate(f"Sourdough intro. {body}")[0].start == named  # a summary's own heading
    assert locator.locate(body, title="Summary so far")[0].start == locator.locate(body)[0].start


def test_a_question_asked_after_many_mentions_of_its_word_is_still_found():
    # "rise" is said in a dozen places before the question: the question's place is not
    # among the best few places of the word alone, and is looked for where it is asked.
    mentions = [[f"and then you watch the dough rise number {k}"] for k in range(12)]
    blocks = [block for mention in mentions for block in (FILLER, mention)]
    t = make_transcript([*blocks, FILLER, _QUESTION, FILLER], step=4.0)
    m = Locator(t).locate("How does it rise?", top=3)
    asked = start_of(t, _QUESTION[0])
    assert asked - 10 <= m[0].start <= asked
    assert len(m) == 3 and all(not (x.start < m[0].end and x.end > m[0].start) for x in m[1:])
