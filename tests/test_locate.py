"""The locate engine on small transcripts we write, and on the bundled demo interview."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.locate import CONFIDENCE_THRESHOLD, LINK_LEAD, Locator, TranscriptIndex, locate, scoring
from quotes.transcript import Segment, Transcript
from quotes.words import hyphenated, words_of

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

from builders import FILLER, SOURDOUGH_SUMMARY, SOURDOUGH_TALK, TALK, make_transcript, start_of  # noqa: E402  (tests/builders.py)


@pytest.fixture(scope="module")
def transcript() -> Transcript:
    return make_transcript([FILLER, TALK["bees"], FILLER, TALK["bikes"], FILLER, TALK["rain"], FILLER])


def test_paraphrase_is_found_where_the_answer_begins(transcript):
    summary = (
        "Her grandmother's beehives got her started: each summer she helped harvest honey, "
        "calming the colony with smoke and spinning frames in an extractor."
    )
    best = locate(transcript, summary)[0]
    question = start_of(transcript, TALK["bees"][0])
    answer = start_of(transcript, TALK["bees"][1])
    assert question - 5 <= best.start <= answer + 5
    assert best.confident
    assert best.url == f"https://youtu.be/abcdefghijk?t={int(best.start)}"
    assert best.start in {s.start for s in transcript.segments}  # snapped to a caption
    assert best.end > best.start
    assert "grandmother" in best.text or "honey" in best.text


def test_each_topic_found_in_its_own_place(transcript):
    locator = Locator(transcript)
    bikes = locator.locate("He fixed up rusty steel bicycles, rebuilding wheels and chains, until the shop paid more than his job.")[0]
    rain = locator.locate("A spring flood raised the river three feet overnight and soaked the stored lumber in the basement.")[0]
    # From the host's question (or up to LINK_LEAD before the words) to where the answer is under way.
    assert start_of(transcript, TALK["bikes"][0]) - LINK_LEAD <= bikes.start <= start_of(transcript, TALK["bikes"][2])
    assert start_of(transcript, TALK["rain"][0]) - LINK_LEAD <= rain.start <= start_of(transcript, TALK["rain"][2])
    assert bikes.confident and rain.confident


def test_text_not_in_the_video_is_never_confident(transcript):
    results = locate(transcript, "The quarterly earnings call discussed semiconductor tariffs and currency hedging.")
    assert all(not m.confident for m in results)


def test_repeated_content_is_reported_as_two_places():
    t = make_transcript([FILLER, TALK["bees"], FILLER, TALK["rain"], FILLER, TALK["bees"], FILLER])
    results = locate(t, "Smoking the hives calms the colony before the frames go into the extractor.", top=3)
    confident = [m for m in results if m.confident]
    assert len(confident) >= 2
    first, second = sorted(m.start for m in confident[:2])
    assert second - first > 30  # distinct places, not neighbours


def test_one_or_two_words_are_never_confident(transcript):
    # "honey" is said in one place only, yet a word or two can be said anywhere: no
    # place is sure on so little evidence.
    for text in ("honey", "honey harvest"):
        results = locate(transcript, text)
        assert results and not any(m.confident for m in results)


def test_a_later_clause_said_just_before_does_not_set_the_start():
    # The summary's second clause ("people give up in year two") matches words of the talk
    # just before the answer ("people ... give"), placed before the first clause: it is
    # said out of order there, so the link goes where the summary's opening is said.
    blocks = [FILLER, [
        "the water matters more than people think",
        "if you don't give bees water they drink from pools",
        "last question someone wants to start next spring",
        "don't buy anything yet find a mentor",
        "and spend a whole season opening hives with them",
        "watch how they lift the frames and light the smoker",
        "ask about every sound the colony makes",
        "take notes after each visit in a little notebook",
        "and only then order your first box and veil",
        "that order matters more than any book says",
        "the club meets on the first tuesday of the month",
        "most beginners quit in their second year",
    ], FILLER]
    t = make_transcript(blocks)
    best = locate(t, "Newcomers should shadow a mentor for a full season before buying anything, "
                     "since most people give up in year two.")[0]
    assert best.core_start >= start_of(t, "last question someone wants to start next spring")
    assert best.start >= best.core_start - LINK_LEAD - 2.5  # a caption's step: the start is snapped


def test_runner_ups_are_distinct_places(transcript):
    results = locate(transcript, "honey harvest with grandmother", top=5)
    for a in results:
        for b in results:
            if a is not b:
                assert a.end <= b.start or b.end <= a.start


def test_misheard_and_cut_off_words_still_match():
    blocks = [
        FILLER,
        [
            "so what framework did you use for the model",
            "we trained it in pie torch at first",
            "then ported the kernels to tensor flow for serving",
            "ecause the deployment team already knew it",
        ],
        FILLER,
    ]
    t = make_transcript(blocks)
    best = locate(t, "They trained in PyTorch and moved kernels to TensorFlow for deployment.")[0]
    assert best.confident
    question = start_of(t, "so what framework did you use for the model")
    assert question - 5 <= best.start <= question + 10


def test_punctuated_whisper_style_transcript():
    segments = [
        Segment(start=0.0, duration=6.0, text="Thanks for coming on the show. It's a pleasure."),
        Segment(start=6.0, duration=9.0, text="Let's talk about your garden. When did it start?"),
        Segment(start=15.0, duration=12.0, text="I planted tomatoes and beans in raised beds during the pandemic, mostly to stay sane."),
        Segment(start=27.0, duration=10.0, text="Now the garden feeds three families on our street every summer."),
        Segment(start=37.0, duration=8.0, text="Anyway, the traffic on the bridge this morning was awful."),
    ] + [Segment(start=45.0 + 7 * i, duration=7, text=f"Unrelated chatter number {i} about sports scores.") for i in range(20)]
    t = Transcript(video_id="abcdefghijk", language_code="en", segments=segments)
    best = locate(t, "A pandemic hobby of raised-bed tomatoes grew into a garden feeding three neighbouring families.")[0]
    assert best.confident
    assert 0 <= best.start <= 15


# Captions typed by a person: two short lines per cue, sentences running across cues.
MANUAL = [
    (0.0, "Thanks for having me. It's great"),
    (3.0, "to be here with everyone."),
    (6.0, "So, the bakery. How did it begin?"),
    (9.0, "Well, when my grandmother retired"),
    (12.0, "she left me her sourdough starter"),
    (15.0, "and a cracked brick oven in the yard."),
    (18.0, "I rebuilt that oven one brick at a time."),
    (21.0, "Anyway, the traffic this morning"),
    (24.0, "on the bridge was awful."),
] + [(27.0 + 3 * i, f"Unrelated chatter {i} about the match scores.") for i in range(30)]


def manual_transcript(captions) -> Transcript:
    segments = [Segment(start=t, duration=3.0, text=text) for t, text in captions]
    return Transcript(video_id="abcdefghijk", language_code="en", segments=segments)


def test_punctuated_link_goes_to_the_start_of_the_sentence():
    # The summary's words begin mid-sentence ("sourdough starter", 12 s); the sentence
    # begins at 9 s ("Well, when my grandmother retired").
    best = Locator(manual_transcript(MANUAL)).locate("She inherited a sourdough starter and a cracked oven.")[0]
    assert 12.0 <= best.core_start < 15.0
    assert best.start == 9.0


def test_unpunctuated_captions_link_a_fixed_lead_before_the_words():
    # Without punctuation the sentence start (9 s) cannot be seen: the link goes LINK_LEAD
    # before the summarised words (14 s), to the nearest caption start.
    bare = [(t, text.replace(".", "").replace("?", "").replace(",", "")) for t, text in MANUAL]
    best = Locator(manual_transcript(bare)).locate("She inherited a sourdough starter and a cracked oven.")[0]
    assert best.core_start == 14.0
    assert best.start == 6.0


def test_a_sentence_starting_inside_the_caption_keeps_the_link_there():
    captions = MANUAL[:3] + [(9.0, "Hm. When my grandmother retired she")] + [(12.0, "left me her sourdough starter")] + MANUAL[5:]
    assert Locator(manual_transcript(captions)).locate("She inherited a sourdough starter and a cracked oven.")[0].start == 9.0


def test_a_change_of_speaker_begins_a_sentence():
    captions = MANUAL[:3] + [(9.0, "so when my grandmother retired"), (12.0, "- she left me her sourdough starter")] + MANUAL[5:]
    assert Locator(manual_transcript(captions)).locate("She inherited a sourdough starter and a cracked oven.")[0].start == 12.0


def test_a_run_on_sentence_keeps_the_link_where_it_was():
    # No sentence start within 15 s before the summarised words: the link stays put.
    run_on = [(0.0, "Thanks for having me."), (3.0, "so and then")] + [
        (6.0 + 3 * i, "we talked and talked and") for i in range(6)
    ] + [(24.0, "she left me her sourdough starter"), (27.0, "and a cracked brick oven.")] + MANUAL[9:]
    assert Locator(manual_transcript(run_on)).locate("She inherited a sourdough starter and a cracked oven.")[0].start == 24.0


def test_a_passing_mention_before_the_passage_is_not_where_it_begins():
    # "oven" is said in passing at 6 s; the summarised words begin at 24 s.
    captions = [(0.0, "Thanks for having me."), (3.0, "We had tea by the oven"), (6.0, "at my aunt's place."),
                (9.0, "Anyway, the traffic on the bridge"), (12.0, "was awful this morning."),
                (15.0, "So how did the bakery begin?"), (18.0, "Well, it was slow at first."),
                (21.0, "Then I rebuilt the brick oven"), (24.0, "one brick at a time, by hand.")] + MANUAL[9:]
    best = Locator(manual_transcript(captions)).locate("She rebuilt the brick oven by hand.")[0]
    assert best.core_start >= 21.0


def test_empty_and_stopword_only_queries(transcript):
    assert locate(transcript, "") == []
    assert locate(transcript, "and the of it") == []


def test_match_to_dict_has_the_documented_keys(transcript):
    d = locate(transcript, "grandmother honey harvest")[0].to_dict()
    assert {"start", "end", "score", "confident", "url", "text", "confidence"} <= set(d)
    assert isinstance(d["confident"], bool)
    assert 0 <= d["score"] <= 1
    assert CONFIDENCE_THRESHOLD > 0


def test_demo_interview_summaries_are_found():
    raw = json.loads((EXAMPLES / "interview.en.json").read_text())
    truth = json.loads((EXAMPLES / "truth.json").read_text())
    t = Transcript(video_id="qUoTeSdEm01", language_code="en", segments=[Segment(**s) for s in raw])
    from ruamel.yaml import YAML

    sections = YAML(typ="safe").load((EXAMPLES / "notes.quotes.yaml").read_text())["sections"]
    locator = Locator(t)
    by_title = {q["title"]: q for q in truth["quotes"]}
    right = 0
    for section in sections:
        q = by_title[section["title"]]
        best = locator.locate(section["summary"], top=3)
        if not q["said"]:
            assert not any(m.confident for m in best)
            continue
        m = best[0]
        assert m.confident, section["title"]
        # The passage found overlaps the answer.
        assert m.start <= q["answer_end"] and m.end >= q["answer_start"], section["title"]
        lo = min(q["question_start"], q["answer_start"]) - 10
        hi = max(q["answer_start"], q["core_start"]) + 10
        right += lo <= m.start <= hi
    assert right >= 5


def demo_sections():
    """(title, summary, truth) for every said section of the demo's quotes file and notes page."""
    from ruamel.yaml import YAML

    truth = json.loads((EXAMPLES / "truth.json").read_text())
    quotes_file = YAML(typ="safe").load((EXAMPLES / "notes.quotes.yaml").read_text())["sections"]
    out = [(s["title"], s["summary"], q) for s, q in zip(quotes_file, truth["quotes"]) if q["said"]]
    blocks = re.split(r"\n### ", (EXAMPLES / "notes.md").read_text())[1:]
    for block, q in zip(blocks, truth["markdown"]):
        title, _, body = block.partition("\n")
        out.append((title.strip(), re.sub(r"\[[^\]]*\]\([^)]*\)", "", body).strip(), q))
    return out


@pytest.mark.parametrize("name", ["interview.en.json", "interview.en.srt"])
def test_demo_links_right_as_auto_captions_and_as_typed_captions(name):
    # The same interview as YouTube's automatic captions and as a person captions it
    # (punctuated, two-line cues): every section's link lies in its truth window.
    from quotes.formats import read_transcript_file

    locator = Locator(read_transcript_file(EXAMPLES / name, video_id="qUoTeSdEm01"))
    wrong = []
    for title, summary, q in demo_sections():
        m = locator.locate(summary, top=1, title=title)[0]
        lo = min(q["question_start"], q["answer_start"]) - 10
        hi = max(q["answer_start"], q["core_start"]) + 10
        if not lo <= m.start <= hi:
            wrong.append((title, m.start, (lo, hi)))
    assert wrong == []


def test_title_moves_the_link_back_to_where_the_host_names_the_topic():
    # The host names the topic; the guest's first lines are about something else and the
    # summarised words only come 20 seconds later. The heading finds the question.
    blocks = [
        FILLER,
        [
            "so what are your thoughts on sourdough in general",
            "well I would say sourdough surprised me",
            "at first I expected a hobby for weekends",
            "my neighbours kept asking for loaves though",
            "and my aunt gave me her old mixer",
            "the starter from my grandmother is forty years old",
            "it needs feeding twice a day with rye flour",
            "and the long cold proof gives the tangy crumb",
        ],
        FILLER,
        FILLER,
    ]
    t = make_transcript(blocks, step=4.0)
    summary = "A forty-year-old starter inherited from his grandmother, fed twice daily with rye, and a cold proof for tang."
    locator = Locator(t)
    plain = locator.locate(summary)[0]
    titled = locator.locate(summary, title="Sourdough")[0]
    question = start_of(t, blocks[1][0])
    assert plain.start > question + 10  # the summary alone starts at the grandmother line
    assert titled.start == question
    assert titled.end == plain.end and titled.score == plain.score  # the heading never picks the place


def test_a_summary_opening_with_its_heading_links_where_the_topic_is_named():
    # A talk: the speaker names the topic, gives an example, and only then says the words
    # the summary condenses. A summary that opens with a heading of its own ("Sourdough.")
    # links where the topic is named, as a section's heading would.
    t, named = SOURDOUGH_TALK()
    body = SOURDOUGH_SUMMARY
    locator = Locator(t)
    assert locator.locate(body)[0].start > named + 10
    assert locator.locate("Sourdough. " + body)[0].start == named
    assert locator.locate("Sourdough. " + body)[0].start == locator.locate(body, title="Sourdough")[0].start


def test_a_chapter_title_listing_topics_lands_on_their_discussion_not_on_a_recap():
    # A talk takes its topics one after the other, a minute apart, and a recap near the end
    # names them all in one breath. A chapter title that lists the topics ("Baking (Starter,
    # Oven, Crumb)") points at where they are discussed in order, not at the recap.
    blocks = [
        FILLER,
        [
            "now let me tell you about baking bread at home",
            "everything begins with the starter in a jar",
        ],
        FILLER,
        ["then the oven has to be hot for an hour"],
        FILLER,
        ["and finally you judge the crumb when you cut it"],
        FILLER,
        FILLER,
        ["so to recap the starter the oven and the crumb"],
        FILLER,
    ]
    t = make_transcript(blocks, step=4.0)
    locator = Locator(t)
    begins = start_of(t, blocks[1][0])
    m = locator.locate("Baking (Starter, Oven, Crumb)")[0]
    assert begins - 10 <= m.start <= begins + 4


def test_the_lead_in_follows_the_summary_s_opening_not_its_later_words():
    # A lecture's previous point says the words of the summary's last sentence (the starter,
    # rye flour); the passage itself opens with shaping. The link goes where shaping begins,
    # not back into the previous point.
    blocks = [
        FILLER,
        [
            "every morning the starter gets fed with rye flour",
            "the starter doubles in a warm corner by noon",
            "rye flour keeps the starter lively and sour",
            "and a lively starter makes the dough rise",
        ],
        [
            "now let us talk about shaping the loaves",
            "you fold the dough into tight rounds on the bench",
            "then cut a deep score with a razor blade",
            "the score lets the loaf open in the oven",
        ],
        FILLER,
        FILLER,
    ]
    t = make_transcript(blocks, step=4.0)
    summary = (
        "Shaping and scoring the loaves. The dough is folded into tight rounds on the bench. "
        "A razor cuts a deep score so the loaf opens. The starter is fed with rye flour every morning. "
        "A lively starter doubles by noon in a warm corner."
    )
    m = Locator(t).locate(summary)[0]
    shaping = start_of(t, blocks[2][0])
    assert shaping - 10 <= m.start <= shaping + 4


def test_title_said_only_long_before_does_not_move_the_link():
    blocks = [
        ["we will get to sourdough later in the show"],
        FILLER,
        FILLER,
        [
            "the starter from my grandmother is forty years old",
            "it needs feeding twice a day with rye flour",
            "and the long cold proof gives the tangy crumb",
        ],
        FILLER,
    ]
    t = make_transcript(blocks, step=4.0)
    summary = "A forty-year-old starter inherited from his grandmother, fed twice daily with rye, and a cold proof for tang."
    locator = Locator(t)
    assert locator.locate(summary, title="Sourdough")[0].start == locator.locate(summary)[0].start


def test_number_words_meet_digits():
    from quotes.words import words_of

    assert words_of("Forty loaves in sixty minutes, it's done") == ["40", "loaves", "in", "60", "minutes", "its", "done"]
    t = make_transcript([FILLER, ["the door would not open for 40 minutes", "with 60 loaves still inside the oven"], FILLER])
    best = locate(t, "The oven door stayed jammed for forty minutes with sixty loaves inside.")[0]
    assert best.confident
    said = start_of(t, "the door would not open for 40 minutes")
    assert said - LINK_LEAD <= best.start <= said


def test_teaser_in_the_opening_loses_a_tie_to_the_original():
    # Interviews often open with clips of what is said later: the link belongs to the original.
    clip = [
        "the river came up three feet in a single night",
        "water filled the basement and ruined the lumber we stored",
        "we spent weeks drying everything with fans and pumps",
    ]
    blocks = [clip, ["welcome to the show today my guest runs a sawmill"]] + [FILLER] * 6 + [
        ["and the flood last spring how bad was it"] + clip
    ] + [FILLER] * 3
    t = make_transcript(blocks)
    results = locate(t, "A spring flood raised the river three feet overnight and ruined the stored lumber.", top=2)
    assert results[0].start >= start_of(t, "and the flood last spring how bad was it") - LINK_LEAD
    assert results[1].start < 10  # the teaser is still reported, as the runner-up


def test_an_opening_said_only_once_is_no_teaser():
    t = make_transcript([TALK["bees"], FILLER, TALK["bikes"], TALK["rain"]])
    assert (TranscriptIndex(t).teaser_factors == 1).all()


VOCAB = ["river", "flood", "honey", "bees", "oven", "brick", "the", "and", "uh", "forty", "40", "pie", "torch",
         "pytorch", "so", "yeah", "swift", "mojo", "its", "don't", "[Music]", ">>", "tensor", "flow",
         "oven.", "bees?", "so.", "- yeah", "flood!", "WAL", "LLMs", "write", "ahead", "log"]

_captions = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=20, allow_nan=False),  # gap before this caption (0: same start)
        st.lists(st.sampled_from(VOCAB), min_size=0, max_size=9),
    ),
    min_size=0,
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(captions=_captions, query=st.lists(st.sampled_from(VOCAB), min_size=0, max_size=25),
       title=st.one_of(st.none(), st.lists(st.sampled_from(VOCAB), max_size=3).map(" ".join)),
       top=st.integers(min_value=1, max_value=6))
def test_locate_never_fails_and_keeps_its_promises(captions, query, title, top):
    t, segments = 0.0, []
    for gap, words in captions:
        t += gap
        segments.append(Segment(start=round(t, 3), duration=gap * 2, text=" ".join(words)))
    transcript = Transcript(video_id="abcdefghijk", language_code="en", segments=segments)
    results = Locator(transcript).locate(" ".join(query), top=top, title=title)
    assert len(results) <= top
    starts = {s.start for s in segments}
    for m in results:
        assert m.start in starts  # snapped to a caption start
        assert m.start <= m.lead_in + 1e-9 or m.start <= m.core_start
        assert m.end >= m.start
        assert isinstance(m.confident, bool) and (not m.confident or m.confidence >= CONFIDENCE_THRESHOLD)
        assert 0 <= m.score <= 1
        assert m.url == f"https://youtu.be/abcdefghijk?t={int(m.start)}"
    for a, b in zip(results, results[1:]):
        assert a.score >= b.score - 1e-9 or a.confidence >= b.confidence - 1e-9
    for a in results:  # distinct places: no two overlap, the link included
        for b in results:
            assert a is b or a.end <= b.start or b.end <= a.start


def test_function_words_of_the_transcripts_language_do_not_place_a_summary():
    # A short German transcript: "er", "mit", "hat", "den" are said in every topic.
    talk = [
        "Der Gletscher ist in meiner Zeit um einen Kilometer kürzer geworden",
        "und er hat mit den Leitern immer mehr Arbeit, die hängen jetzt über dem Eis",
        "Bei Lawinengefahr schaue ich mir den Hang selbst an, er sagt mir mehr als der Bericht",
        "Er hat mit seiner Erfahrung eine Menge gesehen, er hat mit den Gästen lang geredet",
        "Die meisten Unglücke passieren bei mittlerer Warnstufe, weil man sich sicher fühlt",
        "Drei Sommer habe ich zusammen mit meiner Frau die Hütte bewirtschaftet",
        "Das war härter als jede Bergtour, mit Helikopter für die Versorgung",
    ]
    segments = [Segment(start=20.0 * i, duration=20.0, text=line) for i, line in enumerate(talk)]
    t = Transcript(video_id="abcdefghijk", language_code="de", segments=segments)
    locator = Locator(t)
    assert not {"er", "mit", "hat", "den", "seiner"} & set(locator.postings)  # German function words
    assert locator.locate("Drei Sommer lang hat er mit seiner Frau eine Hütte geführt.")[0].start == 100.0


def test_a_word_said_inside_a_german_compound_is_found():
    segments = [Segment(start=0.0, duration=5.0, text="Ich lese jeden Morgen den Lawinenlagebericht")]
    t = Transcript(video_id="abcdefghijk", language_code="de", segments=segments)
    assert any(v.startswith("lawinenlage") for v, _ in Locator(t).variants("bericht"))
    english = Transcript(video_id="abcdefghijk", language_code="en", segments=segments)
    assert not any(v.startswith("lawinenlage") for v, _ in Locator(english).variants("bericht"))


def test_other_languages_accents_and_stems():
    filler = [
        "bueno gracias por invitarme al programa",
        "hablamos un poco del tráfico de esta mañana",
        "el puente estaba cerrado otra vez",
        "mi primo dice que el centro comercial es enorme",
        "todavía no he ido a verlo yo mismo",
        "quizás vamos el fin de semana que viene",
    ]
    talk = [
        "y cómo empezó la panadería en el molino",
        "pues compramos el molino viejo con su horno de ladrillo",
        "reparamos el horno durante dos inviernos",
        "y ahora horneamos pan de centeno cada mañana",
    ]
    segments, t = [], 0.0
    # Long enough that "el", "de", "que" are known as everyday words (no Spanish stopword list).
    for line in filler * 6 + talk + filler * 6:
        segments.append(Segment(start=t, duration=5.0, text=line))
        t += 2.5
    es = Transcript(video_id="abcdefghijk", language_code="es", segments=segments)
    best = Locator(es).locate("Compraron el viejo molino con el horno de ladrillos; lo repararon y hornean pan de centeno.")[0]
    assert best.confident
    question = 2.5 * len(filler) * 6  # the question that leads in
    assert question - LINK_LEAD <= best.start <= question
    # Editors may leave out the accents the captions have, and the other way round.
    from quotes.words import words_of

    assert words_of("Panadería, MAÑANA y café") == ["panaderia", "manana", "y", "cafe"]


@settings(max_examples=100, deadline=None)
@given(values=st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=1, max_size=60),
       q=st.floats(min_value=0, max_value=100))
def test_percentiles_match_numpy(values, q):
    import numpy as np

    from quotes.locate.scoring import percentiles as _percentiles

    a = np.asarray(values)
    assert np.isclose(_percentiles(a, (q,))[0], np.percentile(a, q), rtol=1e-9, atol=1e-6)


def test_words_late_in_a_long_paragraph_caption_are_found():
    """An Otter or Rev export gives a caption per paragraph, a minute or more long: words said
    late in it are found, and the link goes to the paragraph's start, the time the file gives."""
    filler = " ".join(["we talked about the weather and the boats and the harbour"] * 12)
    segments = [
        Segment(start=0, duration=20, text="Welcome to the show, today a lighthouse keeper."),
        Segment(start=20, duration=90, text=filler + " then I locked the door and gave the key to a man in a suit"),
        Segment(start=110, duration=20, text="Thanks for listening to the show."),
    ]
    transcript = Transcript(video_id="tEsTvIdeo01", language_code="en", segments=segments)
    (best, *_) = locate(transcript, "I locked the door and gave the key to a man in a suit")
    assert best.confident and best.start == 20


def test_a_lead_in_does_not_begin_at_the_summarys_everyday_words():
    # "people" is said all through this talk: a lone "people" before the answer is no lead-in
    # to it (it walked the link back to the previous topic: the cloud playground).
    chatter = [
        "people ask me that all the time",
        "and honestly most people are surprised",
        "the weather here has been lovely",
        "people tell me the coffee is better now",
    ]
    before = [
        "the playground lives on shared cloud machines",
        "you share a machine with a bunch of other people",
        "so we keep it limited and controlled",
        "so it does not crash under the load",
        "right yeah so um now",
    ]
    answer = [
        "a lot of the feedback we have received",
        "is that people want to download it and run it locally",
        "so we are working on that right now",
    ]
    t = make_transcript([chatter, FILLER, FILLER, before, answer, FILLER, FILLER, chatter])
    best = locate(t, "A lot of the feedback received is that people want to run it locally, so they are working on it.")[0]
    words = start_of(t, answer[0])
    assert best.core_start == pytest.approx(words, abs=2.5)
    assert words - LINK_LEAD - 2.5 <= best.start <= words
    assert best.start > start_of(t, before[1])


def test_a_summary_in_the_words_of_its_conclusion_links_before_them():
    # The speaker builds up ("phones, watches, cars") and only then names the point
    # ("an explosion of gadgets"); the summary opens with the point. In captions without
    # punctuation the link goes LINK_LEAD before those words, into the build-up.
    build_up = [
        "if you go back twenty years there was one computer at home",
        "now there are phones and watches and cars and speakers",
        "and every one of them has three or four chips in it",
        "it caused this explosion of gadgets",
        "and my thesis is it will only get more complicated",
    ]
    t = make_transcript([FILLER, build_up, FILLER])
    best = locate(t, "Gadgets are exploding, and his thesis is that it will only get more complicated.")[0]
    assert best.core_start >= start_of(t, build_up[3])
    assert best.start <= start_of(t, build_up[3]) - LINK_LEAD + 2.5
    assert best.start >= start_of(t, build_up[0])


def test_a_summary_in_another_language_is_never_confident():
    """A Chinese summary of an English talk shares only the words it borrows: no evidence."""
    t = make_transcript([FILLER, TALK["bees"], FILLER, TALK["bikes"], FILLER])
    english = "Her grandmother kept bee hives behind the barn; they smoked the hives and spun honey frames in an extractor."
    assert locate(t, english)[0].confident
    chinese = "她的祖母在谷仓后面养蜂 hives，夏天用 extractor 摇 honey frames，smoke 让 colony 安静。"
    assert locate(t, chinese) and not any(m.confident for m in locate(t, chinese))


# A talk whose first point (the starter) is discussed for two and a half minutes before the
# next ones (the oven, the crumb), its word said every half-minute or so.
_STARTER_TALK = [
    FILLER,
    [
        "everything begins with the starter in a jar",
        "my grandmother gave me mine years ago",
        "it lives on the shelf above the sink",
        "and it smells a little like apples",
        "you feed the starter flour and water every day",
        "I use a wooden spoon for that",
        "some people weigh everything to the gram",
        "I just go by how it looks",
        "a healthy starter doubles in a few hours",
        "you can mark the jar with a rubber band",
        "so you can see how far it has risen",
        "when it falls back it is hungry again",
        "keep the starter somewhere warm in winter",
        "near the radiator works for me",
        "but not too close or it gets sleepy",
        "so feed the starter flour and water every day",
    ],
    ["then the oven has to be hot for an hour", "with the heavy pot inside it"],
    ["and finally you judge the crumb when you cut it", "open holes mean the dough was well fed"],
    FILLER,
]


def test_a_list_of_points_links_where_the_first_point_begins():
    # The chain meets each point once, and the cost of the gap between points pulls the
    # first point's hit to its last mention, just before the second point: the link goes
    # where the first point is first said as fully, back over talk that stays on the points.
    t = make_transcript(_STARTER_TALK, step=4.0)
    locator = Locator(t)
    summary = (
        "Feed the starter flour and water every day. "
        "The oven has to be hot for an hour with the heavy pot inside. "
        "Open holes in the crumb mean the dough was well fed."
    )
    for text, first in (
        ("Appendix: Starter, Oven, Crumb", "everything begins with the starter in a jar"),
        (summary, "you feed the starter flour and water every day"),
    ):
        said = start_of(t, first)
        assert said - LINK_LEAD - 4 <= locator.locate(text)[0].start <= said, text


def test_the_first_point_said_before_in_another_topic_does_not_move_the_link():
    # The starter is named once in an earlier topic, and talk about other things (longer than
    # a window) separates it from the points: the link stays where the points begin.
    blocks = [
        FILLER,
        ["my neighbour asked about my starter yesterday"],
        FILLER,
        FILLER,
        *_STARTER_TALK[1:],
    ]
    t = make_transcript(blocks, step=4.0)
    m = Locator(t).locate("Appendix: Starter, Oven, Crumb")[0]
    assert start_of(t, _STARTER_TALK[1][0]) - 10 <= m.start <= start_of(t, _STARTER_TALK[1][0]) + 4


def test_a_point_said_again_means_its_telling_word_and_as_many_words():
    # A clause of three words (weights 1, 2, 3); the chain met it at t = 100 (words 1 and 2).
    t = np.arange(0.0, 130.0, 5.0)
    weights = np.asarray([1.0, 2.0, 3.0])

    def first(said: list[tuple[float, int]]) -> float:
        times = np.asarray([s for s, _ in said])
        which = np.asarray([k for _, k in said])
        j = int(np.searchsorted(t, 100.0))
        return float(t[scoring.said_again(times, which, weights, t, 0, j, 30.0)])

    hit = [(105.0, 1), (108.0, 2)]
    assert first([(20.0, 1), (22.0, 2), *hit]) == 0.0  # the same words, earlier: the first window holding them
    assert first([(20.0, 0), (22.0, 1), *hit]) == 100.0  # another word instead of the telling one
    assert first([(20.0, 2), *hit]) == 100.0  # fewer of its words
    assert first([(60.0, 1), (62.0, 2), *hit]) == 35.0  # the first window holding them
    assert first([(95.0, 1), (97.0, 2), *hit]) == 70.0  # said just before the hit: before it, still
    assert first([(101.0, 1), *hit]) == 100.0  # the windows before hold the hit's own mentions only


def test_a_stretch_on_topic_ends_where_a_window_passes_without_the_summary():
    t = np.arange(0.0, 200.0, 10.0)
    on = np.zeros(len(t), dtype=bool)
    on[[2, 3, 7, 9, 10, 12]] = True  # 20, 30, 70, 90, 100, 120 s
    assert scoring.stretch_start(on, t, 12, 30.0) == 7  # 30 -> 70 is more than a window
    assert scoring.stretch_start(on, t, 3, 30.0) == 2
    assert scoring.stretch_start(on, t, 17, 30.0) == 17  # nothing on topic within a window before
# A talk about databases whose speaker always says "write ahead log", never "WAL".
_CACHE = ["the old page cache kept each change in memory", "and it did not survive a crash of the server"]
_WAL = [
    "so we added a write ahead log on its own disk",
    "every change goes to the write ahead log first",
    "and it survives a crash because we replay it on restart",
]


def test_an_acronym_the_speaker_never_says_is_found_as_the_phrase_it_spells():
    # Without the phrase, "WAL" is never said: the cache part, which also says "change",
    # "survive" and "crash", ties with the log part and, said first, wins.
    t = make_transcript([FILLER, _CACHE, FILLER, FILLER, _WAL, FILLER])
    best = locate(t, "The WAL: each change survives a crash.")[0]
    said = start_of(t, _WAL[0])
    assert said - LINK_LEAD <= best.start <= start_of(t, _WAL[-1])
    # "WALs" is the same acronym; written in lowercase it is a word like any other.
    assert TranscriptIndex(t).variants("wals", "wal") == [("write ahead log", 1.0)]
    assert TranscriptIndex(t).variants("wal") == []


def test_a_phrase_said_once_is_not_what_an_acronym_stands_for():
    # Many runs of words spell a short string by chance ("cache kept each"): the phrase an
    # acronym stands for is said again and again.
    index = TranscriptIndex(make_transcript([_CACHE, FILLER, _WAL]))
    assert index.spelled_out("wal") == ["write ahead log"]
    assert index.spelled_out("cke") == []  # "cache kept each", said once


def test_letters_said_once_do_not_make_an_acronym_rare():
    # The speaker says "WAL" once and "write ahead log" in three stretches: the acronym
    # weighs as its forms together, not as a word said once.
    t = make_transcript([_WAL[:1], FILLER, _WAL[1:2], FILLER, _WAL[2:] + ["the wal is what we replay"], FILLER])
    index = TranscriptIndex(t)
    forms = index.variants("wal", "wal")
    assert [term for term, _ in forms] == ["wal", "write ahead log"]
    assert index.term_weight("wal", forms) < index.term_weight("wal", index.variants("wal"))


def test_an_acronym_naming_what_the_whole_talk_is_about_does_not_place_a_title():
    # "write ahead log" is said all through the talk (and "WAL" once, late): in the title
    # "WAL Recovery" it says nothing about where; recovery is first discussed before the
    # phrase is said near it again.
    log = "the write ahead log"
    blocks = [
        [f"today we talk about {log}"], FILLER,
        ["recovery starts by reading the last checkpoint"], FILLER,
        [f"{log} grows with every insert"], FILLER,
        [f"{log} and recovery after a crash"], FILLER,
        [f"we compact {log} every night"], FILLER,
        ["some people call it the wal for short"], FILLER,
        [f"{log} lives on its own disk"], FILLER,
    ]
    t = make_transcript(blocks)
    index = TranscriptIndex(t)
    assert index.term_weight("wal", index.variants("wal", "wal")) == 0.0
    best = locate(t, "WAL Recovery")[0]
    said = start_of(t, "recovery starts by reading the last checkpoint")
    assert said - LINK_LEAD <= best.start <= said


# A talk about sourdough, which it names in most of its half-minutes: the speaker asks "what
# is sourdough", tells a family story (that touches the starter), and only then says what the
# summary condenses (two jars: the starter, the salt).
_SUBJECT_OPENING = [
    "hi everyone this is a short talk about sourdough",
    "I gave it at the bakery last week",
    "and people liked the sourdough part a lot",
    "so here it is again on video",
    "the busy baker's guide to sourdough",
    "okay so let us begin",
    "first of all what is sourdough really",
    "well the sourdough starter is rye flour and water",
    "my grandmother baked it in a village in the hills",
    "and sourdough people love to tell that kind of story",
    "her starter had a name like a pet would have",
    "the name came from my mother as a child",
    "anyway sourdough lasts for decades in a family",
    "and sourdough was there at every sunday lunch",
    "we ate it with butter and a bowl of soup",
    "and the kids fought over the heel of the loaf",
    "my uncle always brought cheese from the market",
    "so here is the thing",
    "it takes two jars on a shelf",
    "the first jar holds the wild yeast starter",
    "fed with rye flour and water every morning",
    "the second jar holds coarse grey sea salt",
    "nothing else goes into sourdough bread",
]
_SUBJECT_REST = [
    "now the oven matters for sourdough too",
    "a heavy cast iron pot traps the steam",
    "preheat it for a full hour before baking",
    "sourdough likes a very hot start",
    "then take the lid off after twenty minutes",
    "and the crust turns deep brown and crackly",
    "slicing sourdough too early makes it gummy",
    "let it cool on a rack for two hours",
    "people always ask about sourdough and gluten",
    "the long ferment breaks some of it down",
    "but it is not gluten free at all",
    "storing sourdough in a paper bag works best",
    "plastic makes the crust go soft overnight",
    "freezing sourdough slices keeps them fresh",
    "toast them straight from the freezer",
    "that is my whole sourdough routine",
]


def test_a_heading_naming_only_the_subject_links_where_it_is_asked():
    # "What sourdough is." names only what the whole talk is about: its word, said all along,
    # is no evidence (walking back over it reached the talk's first words). Said whole, with
    # its "what", it is the speaker's question, 45 s before the summarised words, with talk
    # on the summary's points between: the link goes there.
    t = make_transcript([_SUBJECT_OPENING] + [_SUBJECT_REST] * 8, step=4.0)
    summary = (
        "What sourdough is. Conceptually, sourdough reduces to two jars: a wild yeast starter fed with "
        "rye flour and water every morning, and coarse grey sea salt. Nothing else goes into the bread."
    )
    m = Locator(t).locate(summary)[0]
    asked = start_of(t, "first of all what is sourdough really")
    assert m.core_start > asked + 30
    assert asked - 4 <= m.start <= asked + 4


def test_a_summary_heading_named_before_an_example_links_where_it_is_named():
    # A talk names its topic, tells an example for more than half a minute (in words of the
    # summary's later sentence), names it again, and only then says the words the summary
    # condenses. A summary opening with that name as its heading links where it is first
    # named: the talk between stays on the summary's points.
    block = [
        "the first thing I want to show you is sourdough",
        "so for example suppose you visit my aunt in the village",
        "she keeps a crock on the windowsill all year",
        "every morning she stirs it with a wooden spoon",
        "and the whole kitchen smells a little sour",
        "she bakes two round loaves every saturday",
        "the neighbours line up at her door for them",
        "she never sells them she trades for eggs",
        "the crock came from her mother long ago",
        "and that crock is what sourdough really is",
        "the starter from my grandmother is forty years old",
        "it needs feeding twice a day with rye flour",
        "and the long cold proof gives the tangy crumb",
    ]
    t = make_transcript([FILLER, block, FILLER, FILLER], step=4.0)
    summary = (
        "Sourdough. A forty-year-old starter inherited from a grandmother, fed twice daily with rye, and a cold "
        "proof for tang. Families keep it going for decades, like an aunt's crock on the windowsill."
    )
    m = Locator(t).locate(summary)[0]
    named = start_of(t, block[0])
    assert start_of(t, block[9]) - named > 30 and m.core_start > start_of(t, block[9])
    assert m.start == named


def test_a_hyphenated_word_meets_it_said_as_one_word():
    # "role-play" in a summary meets "roleplay" written as one word in the transcript; two
    # words the summary writes apart ("role play") stay two words.
    t = make_transcript([FILLER, ["we fooled the chatbot through roleplay", "it played my grandmother"], FILLER])
    index = Locator(t).index
    for text, meets in (("a role-play trick", True), ("a role play trick", False)):
        _, terms = scoring.clause_terms(index, words_of(text), None, hyphenated(text))
        variants = {stem: {v for v, _ in var} for stem, _, var in terms}
        assert ("roleplay" in variants.get("role", ()) and "roleplay" in variants.get("play", ())) == meets, text
    m = Locator(t).locate("The chatbot was fooled through a role-play of a grandmother.")[0]
    assert m.start <= start_of(t, "we fooled the chatbot through roleplay")
