"""verify's precision rule on small talks we write: a link is `wrong-time` only when the place it
points at does not talk about its section at all and another place does, confidently; notes in
another language are not checked; a chapter's time stands for the span up to the next chapter."""

from __future__ import annotations

import pytest

import quotes.locate.placement as placement
from quotes.document import parse_document
from quotes.locate import Locator, place_link
from quotes.transcript import Segment, Transcript
from quotes.verify import ProblemKind, chapter_spans, verify_document

VID = "qUoTeSdEm01"

CHATTER = [
    "the weather was grey all week and the roads were quiet",
    "my sister visited with her two dogs on sunday",
    "we watched a film about sailors that was far too long",
    "the market sells cheap tomatoes in the summer months",
    "our train was late again because of the snow",
    "the library moved to a bigger building near the park",
    "a friend of mine started running marathons this year",
    "the cafe on the corner now opens at seven",
]

# A talk about a bakery. Each topic spreads its words over minutes, one or two a caption;
# near the end a recap packs every topic's words into two sentences.
OVEN = [
    "let me start with the oven we built in the yard",
    "it is made of old clay bricks from a farm nearby",
    "the fire burns all evening and then we rake it out",
    "those bricks hold the heat through the whole night",
    "so it works a little like a battery for heat",
    "in the morning the stored heat bakes everything",
]
BREAD = [
    "then there is the bread itself and how we trade it",
    "in the village a loaf became a kind of currency",
    "people pay the plumber or the mechanic with loaves",
    "and the miller takes bread for the flour he brings",
]
NEIGHBOURS = [
    "the neighbours keep an eye on all of this",
    "they act almost like regulators of the whole trade",
    "if a loaf is too small someone will mention it",
]
RECAP = [
    "so to sum up the oven is a battery the clay bricks store heat through the night",
    "the bread is the currency and the neighbours are the regulators",
]


def talk(step: float = 6.0) -> Transcript:
    """Chatter, the oven (spread over two minutes with chatter between), bread, neighbours,
    more chatter, then the recap."""
    lines: list[str] = []
    lines += CHATTER[:4]
    for line, filler in zip(OVEN, CHATTER * 2):
        lines += [line, filler, filler + " again"]
    lines += CHATTER[4:]
    for line, filler in zip(BREAD, CHATTER):
        lines += [line, filler]
    lines += CHATTER
    for line, filler in zip(NEIGHBOURS, CHATTER[2:]):
        lines += [line, filler]
    lines += CHATTER + CHATTER[::-1]
    lines += RECAP
    lines += CHATTER[:3]
    segments = [Segment(start=step * k, duration=step, text=line) for k, line in enumerate(lines)]
    return Transcript(video_id=VID, language_code="en", segments=segments)


def start_of(transcript: Transcript, text: str) -> float:
    return next(s.start for s in transcript.segments if s.text == text)


SUMMARY = "The clay bricks of the oven store the fire's heat through the night, like a battery."


def test_a_link_at_the_discussion_is_not_wrong_because_a_recap_says_it_denser():
    t = talk()
    locator = Locator(t)
    at = start_of(t, OVEN[0])
    best = locator.locate(SUMMARY, top=1)[0]
    assert best.confident and best.start >= start_of(t, RECAP[0]) - 10  # the recap scores best
    placed = place_link(locator, SUMMARY, at)
    assert placed.fitting is not None and placed.talked and placed.suggestion is None


def test_verify_reports_nothing_on_a_link_at_the_discussion(monkeypatch):
    t = talk()
    at = int(start_of(t, OVEN[0]))
    page = f"## The oven\n\n{SUMMARY} [watch](https://www.youtube.com/watch?v={VID}&t={at}s)\n"
    reports = verify_document(parse_document(page, "notes.md"), {VID: t})
    assert reports[0].problems == []
    # Without the rule, the recap's better score made the right link `wrong-time`.
    monkeypatch.setattr(placement, "talks_about", lambda *a, **k: False)
    reports = verify_document(parse_document(page, "notes.md"), {VID: t})
    assert [p.kind for p in reports[0].problems] == [ProblemKind.WRONG_TIME]


def test_a_link_where_the_talk_is_about_something_else_is_still_wrong():
    t = talk()
    at = int(start_of(t, BREAD[0]))  # the bread, not the oven
    page = f"## The oven\n\n{SUMMARY} [watch](https://www.youtube.com/watch?v={VID}&t={at}s)\n"
    reports = verify_document(parse_document(page, "notes.md"), {VID: t})
    assert [p.kind for p in reports[0].problems] == [ProblemKind.WRONG_TIME]


def test_notes_in_another_language_are_not_checked_and_say_so():
    t = talk()
    at = int(start_of(t, OVEN[0]))
    page = (
        f"## 烤炉\n\n用旧农场的粘土砖砌成的烤炉整夜储存火的热量，就像一块电池，早上用它烤面包。"
        f" [视频](https://www.youtube.com/watch?v={VID}&t={at}s)\n"
    )
    report = verify_document(parse_document(page, "notes.md"), {VID: t})[0]
    assert report.problems == [] and report.other_language == "cjk"
    assert ProblemKind.NOT_IN_VIDEO in report.skipped
    assert report.to_json()["other_language"] == "cjk"


def test_a_chapter_stands_for_the_span_up_to_the_next_chapter():
    page = "0:00 Welcome\n1:00 Oven\n4:00 Bread\n"
    doc = parse_document(page, "chapters.md", video=VID)
    spans = chapter_spans(doc.links)
    first, second, last = doc.links
    assert spans[id(first)] == 60 and spans[id(second)] == 180 and id(last) not in spans


@pytest.mark.parametrize("span, talks", [(None, False), (400.0, True)])
def test_a_chapter_title_whose_words_come_over_its_span_is_right(span, talks):
    """A chapter opens with three minutes of an anecdote, then its words come one by one; a
    recap near the end says them all at once. Two minutes from its time hold none of them,
    its span (up to the next chapter) holds them all."""
    spread = CHATTER * 3 + CHATTER[:6]
    words = ["the oven", "clay bricks", "stored heat", "the battery", "whole night", "morning bake"]
    for k, w in enumerate(words):
        spread += [f"now about {w} we use here"] + CHATTER[k % 8 : k % 8 + 1] * 5
    lines = CHATTER + spread + CHATTER + ["so the oven clay bricks stored heat the battery whole night morning bake"] + CHATTER
    t = Transcript(video_id=VID, language_code="en",
                   segments=[Segment(start=6.0 * k, duration=6.0, text=x) for k, x in enumerate(lines)])
    title = "Oven, clay bricks, stored heat, battery, night, morning bake"
    placed = place_link(Locator(t), title, 6.0 * len(CHATTER), span=span)
    assert placed.talked is talks
    assert (placed.suggestion is None) is talks  # else it is said elsewhere: the recap


def test_the_cli_says_once_that_notes_in_another_language_were_not_checked(tmp_path):
    from click.testing import CliRunner

    from quotes.cli import cli
    from quotes.store import TranscriptStore

    TranscriptStore(tmp_path / "transcripts").save(talk())
    link = f"https://www.youtube.com/watch?v={VID}&t=30s"
    page = "".join(
        f"## {k}\n\n用旧农场的粘土砖砌成的烤炉整夜储存火的热量，就像一块电池。第{k}部分。 [视频]({link})\n\n" for k in range(3)
    )
    (tmp_path / "notes.md").write_text(page, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["verify", "--no-fetch", str(tmp_path / "notes.md"), "--transcripts", str(tmp_path / "transcripts")]
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        "3 links checked in 1 file: 0 fine, 0 with problems, 0 warnings; "
        "3 written in another language than the transcript (cjk), not checked\n"
    )


def chapter_talk() -> Transcript:
    """Three topics of two minutes each, every caption about its topic, in captions without
    punctuation: the oven (from 0:12), the bread (from 2:12), the neighbours (from 4:12)."""
    oven = ["the oven bricks hold the heat", "we rake the oven coals at night", "those clay bricks of the oven"]
    bread = ["the bread became a currency", "people pay with a loaf of bread", "bread is money in the village"]
    neighbours = ["the neighbours watch the trade", "neighbours act like regulators", "the neighbours complain about loaves"]
    lines = CHATTER[:2] + (oven * 7)[:20] + (bread * 7)[:20] + (neighbours * 7)[:20] + CHATTER[:2]
    return Transcript(video_id=VID, language_code="en",
                      segments=[Segment(start=6.0 * k, duration=6.0, text=x) for k, x in enumerate(lines)])


@pytest.mark.parametrize("bread_time, problem", [("0:50", True), ("2:12", False), ("2:00", False)])
def test_a_chapter_time_in_the_middle_of_the_previous_topic_is_caught(bread_time, problem):
    page = f"0:10 The oven bricks\n{bread_time} Bread as currency\n4:12 The neighbours\n"
    reports = verify_document(parse_document(page, "chapters.md", video=VID), {VID: chapter_talk()})
    bread = reports[1]
    if problem:
        assert [p.kind for p in bread.problems] == [ProblemKind.WRONG_TIME]
        assert "is still the topic of line 1" in bread.problems[0].message
        assert bread.suggested_t == 120.0  # LINK_LEAD before the bread's first words (2:12)
        assert bread.new_label == "2:00"
    else:
        assert bread.problems == []
    assert all(r.problems == [] for r in (reports[0], reports[2]))


def test_match_keeps_a_start_at_the_discussion_as_verify_does(monkeypatch):
    import quotes.locate.placement as placement_module
    from quotes.quotesfile import QuotesFile, Section
    from quotes.sections import match_sections

    t = talk()
    at = start_of(t, OVEN[0])
    page = QuotesFile(video=f"https://youtu.be/{VID}", sections=[Section(title="The oven", summary=SUMMARY, start=at)])
    assert match_sections(page, t)[0].status == "kept"
    monkeypatch.setattr(placement_module, "talks_about", lambda *a, **k: False)
    assert match_sections(page, t)[0].status == "looks wrong"  # as it was, for the recap


def test_search_says_why_a_text_in_another_language_is_not_placed_with_confidence(tmp_path):
    from click.testing import CliRunner

    from quotes.cli import cli
    from quotes.store import TranscriptStore

    TranscriptStore(tmp_path / "transcripts").save(talk())
    text = "用旧农场的 clay bricks 砌成的 oven 整夜储存火的 heat，就像一块 battery。"
    result = CliRunner().invoke(cli, ["search", "--no-fetch", VID, text, "--transcripts", str(tmp_path / "transcripts")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "Not found with confidence: this text is written in another language (cjk) than the video; "
        "only the words it borrows were looked for."
    )
