"""quotes.sections: placing a quotes file's sections in a transcript (`quotes match`)."""

from __future__ import annotations

from quotes.locate import Locator, Match, locate
from quotes.quotesfile import QuotesFile, Section
from quotes.sections import match_sections
from quotes.transcript import Segment, Transcript

PAD = " where the brick oven holds heat all day"


class FakeLocator:
    """Answers from a table: query text -> matches."""

    index = None  # no index of words: no stretch is judged to talk about a section

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


def test_sections_in_order_do_not_start_inside_the_previous_passage(talk):
    """Section B's first sentence is also said at the end of A's passage; B's talk comes later."""
    FILLER, make_transcript, start_of = talk.FILLER, talk.make_transcript, talk.start_of

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


def test_after_keeps_passages_and_links_from_starting_earlier(talk):
    FILLER, TALK, make_transcript = talk.FILLER, talk.TALK, talk.make_transcript

    t = make_transcript([FILLER, TALK["bees"], FILLER, TALK["bees"], FILLER])
    text = "Smoking the hives calms the colony before the frames go into the extractor."
    second = 2.5 * (2 * len(FILLER) + len(TALK["bees"]))  # where the second telling begins
    assert t.segments[int(second / 2.5)].text == TALK["bees"][0]
    assert locate(t, text)[0].start < second - 30  # the first telling wins a tie
    later = locate(t, text, after=second - 5)
    assert later and later[0].confident
    assert all(m.start >= second - 5 for m in later)
