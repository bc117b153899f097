"""quotes.verify: findings about timestamped links, and their fixes (no I/O)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotes.document import parse_document, read_document
from quotes.errors import TranscriptUnavailable
from quotes.transcript import Segment, Transcript
from quotes.verify import (
    LEAD_IN,
    ProblemKind,
    Verifier,
    apply_fixes,
    chapter_spans,
    summary_counts,
    timecode_like,
    verify_document,
)

VID = "pdJQ8iVTwj8"
FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"  # (skipped when absent)


@pytest.fixture
def check(stand_ins):
    """``check(markdown)``: the document and its reports, placed by the keyword engine."""

    def check(markdown: str, transcripts=None, **kw):
        doc = parse_document(markdown, "notes.md")
        transcripts = {VID: stand_ins.transcript()} if transcripts is None else transcripts
        return doc, verify_document(doc, transcripts, locator=stand_ins.FakeLocator, **kw)

    return check


def link(label: str, t: str, short: bool = True) -> str:
    if short:
        return f"[{label}](https://youtu.be/{VID}?t={t})"
    return f"[{label}](https://www.youtube.com/watch?v={VID}&t={t})"


def kinds(report):
    return [k.value for k in report.kinds]


# ------------------------------------------------------------------ each problem kind


def test_fine_link_has_no_problems(check):
    _, (r,) = check(f"### Braces\nCurly braces are clutter the formatter makes redundant.\n\n{link('13:23', '803')}\n")
    assert r.problems == [] and r.ok and not r.fixable
    assert r.to_json()["problems"] == []


def test_link_at_the_hosts_question_is_fine(check):
    # The passage starts at 797; the question leading in starts a little before.
    _, (r,) = check(f"Curly braces are clutter the formatter makes redundant.\n\n{link('12:36', '756')}\n")
    assert r.problems == []


def test_link_at_a_repeat_of_the_passage_is_fine(check):
    _, (r,) = check(f"A repeated point about ownership and value semantics.\n\n{link('10:00', '600')}\n")
    assert r.problems == []


def test_malformed_url_is_repaired(check):
    text = f"Curly braces are clutter the formatter makes redundant.\n\n[13:23](https://www.youtube.com/watch?v={VID}?t=803)\n"
    doc, (r,) = check(text)
    assert kinds(r) == ["malformed-url"]
    assert "second '?'" in r.problems[0].message
    assert r.new_url == f"https://www.youtube.com/watch?v={VID}&t=803"
    assert apply_fixes(doc, [r]) == text.replace(f"{VID}?t=803", f"{VID}&t=803")


def test_capital_t_is_malformed_and_repaired(check):
    text = f"Curly braces are clutter.\n\n[13:23](https://youtu.be/{VID}?T=803)\n"
    doc, (r,) = check(text)
    assert kinds(r) == ["malformed-url"]
    assert r.problems[0].message == "YouTube ignores T=803: time keys are lowercase (write t=803)"
    assert apply_fixes(doc, [r]) == text.replace("?T=803", "?t=803")


def test_bare_url_in_parentheses_is_checked_and_fixed(check):
    text = f"Curly braces are clutter the formatter makes redundant (https://youtu.be/{VID}?t=1200).\n"
    doc, (r,) = check(text)
    assert kinds(r) == ["wrong-time"]
    assert apply_fixes(doc, [r]) == text.replace("t=1200", "t=797")


def test_label_mismatch_trusts_the_url(check):
    text = f"Curly braces are clutter the formatter makes redundant.\n\n{link('Interview 1:37:56', '803')}\n"
    doc, (r,) = check(text)
    assert kinds(r) == ["label-mismatch"]
    assert r.problems[0].message == "the label says 1:37:56 but the link starts at 13:23"
    assert (r.new_url, r.new_label) == (None, "13:23")
    assert r.to_json()["label_seconds"] == 5876.0 and r.to_json()["t"] == 803.0


def test_label_in_hours_and_minutes_is_read_and_fixed_in_its_style(check):
    text = f"Curly braces are clutter the formatter makes redundant.\n\n{link('Interview 1h 37m', '803')}\n"
    doc, (r,) = check(text)
    assert kinds(r) == ["label-mismatch"]
    assert r.problems[0].message == "the label says 1h 37m but the link starts at 13:23"
    assert apply_fixes(doc, [r]) == text.replace("1h 37m", "13m 23s")


def test_wrong_time_fixes_a_units_label_in_its_style(check):
    text = f"The speedup from moving Python code is big.\n\n{link('25m21s', '1521')}\n"
    doc, (r,) = check(text)
    assert kinds(r) == ["wrong-time"]
    assert apply_fixes(doc, [r]) == text.replace("25m21s", "27m57s").replace("t=1521", "t=1677")


def test_times_without_links_are_checked_and_fixed_in_place(stand_ins):
    text = (
        "## Highlights\n\n"
        "- 13:23 Curly braces are clutter the formatter makes redundant.\n"
        "- 25:21 The speedup from moving Python code is big.\n"
    )
    doc = parse_document(text, "notes.md", video=VID)
    fine, wrong = verify_document(doc, {VID: stand_ins.transcript()}, locator=stand_ins.FakeLocator)
    assert fine.problems == [] and kinds(wrong) == ["wrong-time"]
    assert wrong.to_json()["url"] is None and wrong.to_json()["fix"] == {"url": None, "label": "27:57"}
    assert apply_fixes(doc, [fine, wrong]) == text.replace("25:21", "27:57")


def test_one_second_is_a_mismatch(check):
    _, (r,) = check(f"Curly braces are clutter the formatter makes redundant.\n\n{link('13:24', '803')}\n")
    assert kinds(r) == ["label-mismatch"]


def test_label_next_to_the_link(check):
    text = f"Curly braces are clutter the formatter makes redundant, starting at 8:08 {link('here', '803')}.\n"
    doc, (r,) = check(text)
    assert kinds(r) == ["label-mismatch"]
    assert apply_fixes(doc, [r]) == text.replace("8:08", "13:23")


def test_label_before_a_bare_url_with_punctuation_between(check):
    text = f"- Curly braces, clutter the formatter makes redundant (13:30): https://youtu.be/{VID}?t=803\n"
    doc, (r,) = check(text)
    assert kinds(r) == ["label-mismatch"]
    assert apply_fixes(doc, [r]) == text.replace("13:30", "13:23")


def test_label_and_url_disagree_with_nothing_to_tell_which_is_right(check):
    # A chapter line too short to place: the label may be the right one (the URL was pasted
    # from the wrong place), so --fix changes neither, and says why.
    text = f"0:00 Intro\n3:42 Curly braces - https://youtu.be/{VID}?t=266\n9:00 Outro\n"
    doc, (r,) = check(text)
    assert kinds(r) == ["label-mismatch"] and r.too_short and not r.fixable
    assert r.problems[0].message == (
        "the label says 3:42 but the link starts at 4:26; not fixed: nothing tells whether the label or the URL is right"
    )
    assert apply_fixes(doc, [r]) == text


def test_fix_rewrites_the_time_that_opens_a_chapter_line(check):
    text = f"0:00 Intro\n8:20 Curly braces: clutter the formatter makes redundant - https://youtu.be/{VID}?t=500\n1:00:00 Outro\n"
    doc, (r,) = check(text)
    assert kinds(r) == ["wrong-time"]
    assert (r.link.label_where, r.new_url, r.new_label) == ("line", f"https://youtu.be/{VID}?t=797", "13:17")
    assert apply_fixes(doc, [r]) == text.replace("8:20", "13:17").replace("t=500", "t=797")


def test_a_link_inside_a_paragraph_is_checked_against_its_sentence(check):
    # Checked against the prose before it, the link was "not in the video" (no keyword there).
    text = (f"Speed matters. As he says {link('here', '803')}, curly braces are clutter the formatter "
            "makes redundant. The speedup is big.\n")
    _, (r,) = check(text)
    assert r.link.section == "As he says here, curly braces are clutter the formatter makes redundant."
    assert r.problems == [] and not r.too_short


def test_a_reference_used_once_is_fixed_in_its_definition(check):
    text = f"Curly braces are [clutter][c] the formatter makes redundant.\n\n[c]: https://youtu.be/{VID}?t=1200\n"
    doc, (r,) = check(text)
    assert kinds(r) == ["wrong-time"] and r.not_fixed is None
    assert apply_fixes(doc, [r]) == text.replace("t=1200", "t=797")


def test_a_reference_used_by_several_links_is_not_fixed_and_says_why(check):
    text = (
        f"Curly braces are [clutter][c] the formatter makes redundant. Also [this][c] and [that][c].\n\n"
        f"[c]: https://youtu.be/{VID}?t=1200\n"
    )
    doc, reports = check(text)
    r = reports[0]
    assert kinds(r) == ["wrong-time"] and not r.fixable
    assert r.problems[0].message.endswith("; not fixed: the reference [c] is used by 3 links")
    assert r.to_json()["fix"] is None and r.to_json()["not_fixed"] == "not fixed: the reference [c] is used by 3 links"
    assert apply_fixes(doc, reports) == text


def test_html_link_is_checked_and_fixed(check):
    text = f'<p>Curly braces <a href="https://youtu.be/{VID}?t=1200">at 20:00</a> are clutter.</p>\n'
    doc, (r,) = check(text)
    assert kinds(r) == ["wrong-time"]
    assert apply_fixes(doc, [r]) == text.replace("t=1200", "t=797").replace("20:00", "13:17")


def test_past_end(check):
    _, (r,) = check(f"Nothing known here: a recipe for lemon cake with poppy seeds.\n\n{link('2:00:00', '7200')}\n")
    assert kinds(r) == ["past-end", "not-in-video"]
    assert r.problems[0].message == (
        "2:00:00 is past the end of the video (1:00:00); not fixed: nothing says where its section is said"
    )
    assert not r.fixable  # nowhere confident to point at
    _, (r,) = check(f"Lemon cake.\n\n{link('2:00:00', '7200')}\n")
    assert r.problems[0].message.endswith("; not fixed: its section is too short to place")


def test_past_end_with_the_passage_found_is_fixed(check):
    _, (r,) = check(f"Curly braces are clutter the formatter makes redundant.\n\n{link('2:00:00', '7200')}\n")
    assert kinds(r) == ["past-end", "wrong-time"]
    assert (r.new_url, r.new_label) == (f"https://youtu.be/{VID}?t=797", "13:17")


def test_wrong_time_suggests_and_fixes_both_url_and_label(check):
    text = f"### Speed\nThe speedup from moving Python code is big.\n\n{link('22:21', '1521s')}\n"
    doc, (r,) = check(text)
    assert kinds(r) == ["label-mismatch", "wrong-time"]
    assert (r.suggested_t, r.confidence) == (1677.0, 0.83)
    assert r.problems[1].message == (
        "this section is said at 27:57, not at 25:21 (suggest 27:57, confidence 0.83)"
    )
    fixed = apply_fixes(doc, [r])
    assert fixed == text.replace("22:21", "27:57").replace("t=1521s", "t=1677s")
    # Fixing is idempotent: the fixed document verifies clean and fixes to itself.
    doc2, (r2,) = check(fixed)
    assert r2.problems == []
    assert apply_fixes(doc2, [r2]) == fixed


def test_wrong_url_with_right_label_keeps_the_label_time(check):
    text = f"The speedup from moving Python code is big.\n\n{link('27:40', '1521', short=False)}\n"
    doc, (r,) = check(text)
    assert "wrong-time" in kinds(r) and r.suggested_t == 1660.0
    assert apply_fixes(doc, [r]).endswith(f"[27:40](https://www.youtube.com/watch?v={VID}&t=1660)\n")


TYPES = f"Types are checked at compile time in the new release.\n\n{link('25:40', '1540')}\n\n"


def test_a_wrong_url_and_a_label_in_the_answer_before_get_the_engines_start(check):
    # Both times are wrong: the label lies 77 s before the passage, inside what the section
    # before summarises. The fix goes where the passage starts, not to the label.
    text = TYPES + f"The speedup from moving Python code is big.\n\n{link('26:40', '2500', short=False)}\n"
    doc, (_, r) = check(text)
    assert "wrong-time" in kinds(r) and r.suggested_t == 1677.0
    assert "the label's 26:40 is inside what line 3 summarises" in r.problems[-1].message
    # Alone on its page, nothing says the label is elsewhere: it is the time meant.
    _, (r,) = check(text.removeprefix(TYPES))
    assert r.suggested_t == 1600.0


def test_far_before_the_passage_is_wrong(stand_ins, check):
    early = stand_ins.FakeLocator.PLACES["speedup"][0].lead_in - LEAD_IN - 1  # before the question, and further
    _, (r,) = check(f"The speedup from moving Python code is big.\n\n{link('x', str(int(early)))}\n")
    assert kinds(r) == ["wrong-time"]


def test_not_in_video_is_a_warning(check):
    _, (r,) = check(f"Talk about the weather, the traffic and the rain today.\n\n{link('10:00', '600')}\n")
    assert kinds(r) == ["not-in-video"]
    assert r.ok and not r.fixable
    assert "general reference" in r.problems[0].message
    assert "(best guess 1:40, confidence 0.20)" in r.problems[0].message


def test_a_link_at_a_place_said_again_but_not_among_the_best_is_fine(check):
    # Brick ovens come up four times; the link points at the fourth best place.
    text = "Brick ovens hold heat for hours after the fire is raked out."
    _, (r,) = check(f"{text}\n\n{link('10:10', '610')}\n")
    assert kinds(r) == []
    _, (r,) = check(f"{text}\n\n{link('58:20', '3500')}\n")
    assert kinds(r) == ["wrong-time"] and r.suggested_t == 3000


def test_url_and_label_disagree_the_one_nearer_the_passage_wins(check):
    # Both 11:40 (t) and 13:17 (label) lie within two minutes before the passage (13:17), so
    # neither is a wrong time; the label is the one the editor meant.
    text = f"Curly braces are clutter the formatter makes redundant.\n\n{link('13:17', '700')}\n"
    doc, (r,) = check(text)
    assert kinds(r) == ["label-mismatch"] and r.trust_label
    assert (r.new_url, r.new_label) == (f"https://youtu.be/{VID}?t=797", None)
    # ... and when the URL is the nearer one, the label is the copy to mend.
    doc, (r,) = check(f"Curly braces are clutter the formatter makes redundant.\n\n{link('11:40', '797')}\n")
    assert (r.trust_label, r.new_url, r.new_label) == (False, None, "13:17")


def test_a_link_in_the_previous_answer_is_wrong_where_speakers_are_marked():
    # Captions typed by a person name the speakers: a link may lead in from the turn before
    # the answer (the host's question), not from the guest's previous answer, however close.
    lines = [(3.0 * i, f"filler talk number {i} about the weather today") for i in range(17)] + [
        (51.0, "TOMAS: I spent that whole winter on the clock tower."),
        (60.0, "and that is how the spring got its name."),
        (63.0, "it took me weeks to find the right steel."),
        (66.0, "PRIYA: And what came after that?"),
        (69.0, "TOMAS: A pocket watch that lay two days in seawater,"),
        (72.0, "rust had eaten the balance staff, so I cut a new one on my lathe."),
    ] + [(75.0 + 3 * i, f"unrelated chatter {i} about sports scores") for i in range(30)]
    from quotes.locate import Locator as RealLocator
    from quotes.verify import place_link

    t = Transcript(video_id=VID, language_code="en", segments=[Segment(start=a, duration=3.0, text=x) for a, x in lines])
    locator = RealLocator(t)
    summary = "His hardest repair was a pocket watch two days in seawater; rust ate the balance staff, so he cut one on his lathe."
    assert place_link(locator, summary, 66.0).fitting is not None  # the host's question
    assert place_link(locator, summary, 57.0).fitting is not None  # the end of the sentence before it
    assert place_link(locator, summary, 54.0).fitting is None  # the answer before that
    assert locator.turn_floor(70.0) == 66.0


def test_a_lead_in_inside_another_sections_passage_points_at_that_topic(check):
    # 1:05 before the service passage would pass as the host's question, but it is in the
    # middle of what the section above summarises: it points at that topic.
    page = (
        "### Sea\nThe pocket watch lay two days in seawater before the nets brought it up.\n\n"
        f"{link('16:40', '1000')}\n\n"
        "### Service\nA full service means taking the watch apart into about 130 parts.\n\n"
        f"{link('17:30', '1050')}\n"
    )
    doc, (sea, service) = check(page)
    assert kinds(sea) == [] and kinds(service) == ["wrong-time"]
    assert service.problems[0].message.endswith("; 17:30 is inside what line 4 summarises")
    assert apply_fixes(doc, [sea, service]) == page.replace("17:30](https://youtu.be/pdJQ8iVTwj8?t=1050", "18:40](https://youtu.be/pdJQ8iVTwj8?t=1120")
    # In the last half-minute of that passage (where the next question may begin) it is fine.
    _, (_, service) = check(page.replace("17:30", "17:55").replace("t=1050", "t=1075"))
    assert kinds(service) == []


def test_a_link_whose_own_words_are_the_summary_is_checked_against_them(check):
    text = f"- [Curly braces are clutter the formatter makes redundant (5:00)](https://youtu.be/{VID}?t=300)\n"
    _, (r,) = check(text)
    assert kinds(r) == ["wrong-time"] and r.suggested_t == 797 and not r.too_short


def test_a_section_too_short_to_place_is_not_checked(check):
    # A chapter title is said in too many places (or not in its own words) to judge.
    _, (r,) = check(f"[5:00](https://youtu.be/{VID}?t=300) Curly braces\n")
    assert (kinds(r), r.too_short, r.ok) == ([], True, True)
    assert [k.value for k in r.skipped] == ["wrong-time", "not-in-video"]
    _, (r,) = check(f"[27:46:39](https://youtu.be/{VID}?t=99999) Curly braces\n")
    assert kinds(r) == ["past-end"]  # everything else is still checked


def test_a_link_with_no_text_to_check_is_counted_as_too_short(check):
    _, (r,) = check(f"# Notes\n\n### Curly braces\n\n{link('13:23', '803')}\n")
    assert (kinds(r), r.too_short) == ([], True)


def test_a_link_at_the_best_guess_is_no_warning(check):
    # Nothing is confident, but the link lies in the passage the engine guesses: the weak
    # evidence agrees with the link, so "not said anywhere" would contradict itself.
    _, (r,) = check(f"Talk about the weather, the traffic and the rain today.\n\n{link('1:45', '105')}\n")
    assert kinds(r) == [] and r.ok


def test_transcript_unavailable_skips_only_transcript_checks(check):
    def unavailable(video_id):
        raise TranscriptUnavailable(video_id, "the video has no captions")

    _, (r,) = check(f"Curly braces are clutter the formatter makes redundant.\n\n{link('13:24', '803')}\n", transcripts=unavailable)
    assert kinds(r) == ["label-mismatch", "transcript-unavailable"]
    assert [k.value for k in r.skipped] == ["past-end", "wrong-time", "not-in-video"]
    assert "no captions" in r.problems[1].message
    assert r.new_label is None and r.not_fixed  # without the transcript, nothing says which is right
    assert not r.ok


def test_missing_from_mapping_is_unavailable(check):
    _, (r,) = check(f"Curly braces are clutter the formatter makes redundant.\n\n{link('13:23', '803')}\n", transcripts={})
    assert kinds(r) == ["transcript-unavailable"]


def test_links_without_time_and_other_sites_are_not_reported(check):
    text = (
        f"[Interview](https://www.youtube.com/watch?v={VID}) and [repo](https://github.com/a/b) "
        "and [channel](https://www.youtube.com/@lexfridman).\n"
    )
    assert check(text)[1] == []


def test_broken_video_url_is_malformed(check):
    _, (r,) = check("[clip](https://youtu.be/short?t=3)\n")
    assert kinds(r) == ["malformed-url"] and not r.ok


def test_code_is_not_checked(check):
    text = f"```\n{link('0:01', '99999')}\n```\n\nAnd `{link('0:01', '99999')}`.\n"
    assert check(text)[1] == []


# ------------------------------------------------------------------ once per video


def test_transcript_and_index_once_per_video(stand_ins):
    calls = []

    def source(video_id):
        calls.append(video_id)
        if video_id == "aaaaaaaaaaa":
            raise TranscriptUnavailable(video_id, "private video")
        return stand_ins.transcript(video_id=video_id)

    stand_ins.FakeLocator.built = 0
    verifier = Verifier(source, locator=stand_ins.FakeLocator)
    text = "".join(
        f"Curly braces {i} are clutter the formatter makes redundant.\n\n[13:23](https://youtu.be/{vid}?t=803)\n\n"
        for i, vid in enumerate([VID, VID, "aaaaaaaaaaa", "aaaaaaaaaaa", VID])
    )
    for name in ("a.md", "b.md"):
        verifier.verify(parse_document(text, name))
    assert calls == [VID, "aaaaaaaaaaa"]
    assert stand_ins.FakeLocator.built == 1


# ------------------------------------------------------------------ fixes


def test_fix_keeps_every_other_byte(check):
    raw = (
        "# Caf\udce9 notes\r\n\r\nThe speedup from moving Python code is big.\r\n\r\n"
        f"[22:21](https://youtu.be/{VID}?t=1521&feature=share)\r\n\r\n"
        "Curly braces are clutter the formatter makes redundant.\r\n\r\n"
        f"[13:23](https://youtu.be/{VID}?t=803)\r\n"
    )
    doc, reports = check(raw)
    fixed = apply_fixes(doc, reports)
    assert fixed == raw.replace("22:21", "27:57").replace("t=1521&", "t=1677&")
    assert [r.fixed for r in reports] == [True, False]


def test_timecode_like():
    assert timecode_like("13:23", 5210) == "1:26:50"
    assert timecode_like("1:26:50", 803) == "13:23"
    assert timecode_like("1h40m", 5210) == "1h26m50s"
    assert timecode_like("1h", 7200) == "2h"
    assert timecode_like("40m12s", 5) == "0m5s"


def test_summary_counts_in_kind_order(check):
    _, reports = check(
        f"The speedup from moving Python code is big.\n\n{link('1:00', '1521')}\n\nTalk about the weather, the traffic and the rain today.\n\n{link('10:00', '600')}\n"
    )
    assert summary_counts(reports) == {
        ProblemKind.LABEL_MISMATCH: 1,
        ProblemKind.WRONG_TIME: 1,
        ProblemKind.NOT_IN_VIDEO: 1,
    }


# ------------------------------------------------------------------ real data


@pytest.fixture(scope="module")
def newsletter_reports(stand_ins):
    if not (FIXTURES / "this-week-in-mojo-2023-06-02.md").exists():
        pytest.skip("../shared/fixtures is not here")
    doc = read_document(FIXTURES / "this-week-in-mojo-2023-06-02.md")
    return doc, Verifier({VID: stand_ins.fixture_transcript()}).verify(doc)


def test_newsletter_findings(newsletter_reports):
    doc, reports = newsletter_reports
    truth = json.loads((FIXTURES / "pdJQ8iVTwj8.truth.json").read_text(encoding="utf-8"))
    assert len(reports) == 27  # timestamped YouTube links only: not GitHub, Discord, channels
    assert {r.link.video_id for r in reports} == {VID}
    flagged = {r.link.heading: kinds(r) for r in reports if r.problems}
    assert flagged == {
        "Speedup moving from CPython to Mojo": ["label-mismatch", "wrong-time"],
        "CPython Interop": ["label-mismatch"],
        "Static Metaprogramming Features": ["label-mismatch"],
        "Julia": ["label-mismatch"],
        "Adoption": ["label-mismatch"],
    }
    (speed,) = [r for r in reports if r.link.heading.startswith("Speedup")]
    section = next(s for s in truth["sections"] if s["id"] == "speedup-moving-from-cpython-to-mojo")
    lo = min(x for x in (section["question_start"], section["answer_start"]) if x is not None) - 10
    hi = max(section["answer_start"], section["core_start"]) + 10
    assert lo <= speed.suggested_t <= hi


def test_newsletter_fix_changes_only_those_links(newsletter_reports, stand_ins):
    doc, reports = newsletter_reports
    fixed = apply_fixes(doc, reports)
    old_lines, new_lines = doc.text.split("\n"), fixed.split("\n")
    assert len(old_lines) == len(new_lines)
    changed = [i + 1 for i, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b]
    assert changed == sorted(r.link.line for r in reports if r.problems)
    again = parse_document(fixed, doc.path)
    rechecked = Verifier({VID: stand_ins.fixture_transcript()}).verify(again)
    assert [kinds(r) for r in rechecked if r.problems] == []
    assert apply_fixes(again, rechecked) == fixed


def test_invented_summaries_naming_the_guest_are_not_placed_at_the_introduction(stand_ins):
    # The guest's name is said in the introduction; "Chris says ..." is who says it, not what.
    if not (FIXTURES / "pdJQ8iVTwj8.en.json").exists():
        pytest.skip("../shared/fixtures is not here")
    from quotes.locate import Locator

    locator = Locator(stand_ins.fixture_transcript())
    text = "Chris says the Mojo compiler itself is being rewritten in Rust so the community can contribute more easily."
    assert not any(m.confident for m in locator.locate(text, top=3))


def test_a_link_at_the_second_of_two_nearby_places_is_fine(stand_ins):
    """Chris talks about CPython and its packages at 1:35:52 and again at 1:37:56: a chapter line
    at the second is right (the real interview)."""
    if not (FIXTURES / "pdJQ8iVTwj8.en.json").exists():
        pytest.skip("../shared/fixtures is not here")
    doc = parse_document("- 1:37:56 CPython interop and using existing C packages from Mojo\n", video=VID)
    (report,) = Verifier({VID: stand_ins.fixture_transcript()}).verify(doc)
    assert report.problems == []


def test_where_speakers_are_marked_a_link_later_in_the_same_answer_fits():
    """The summary is of the answer's first words; a link a minute later is still in that answer
    (the captions say who speaks), but not one in the next answer."""
    t = _bees_on_the_roof()
    for at, expected in ((8, []), (80, []), (110, ["wrong-time"])):
        doc = parse_document(f"{BEES} [{at // 60}:{at % 60:02d}](https://youtu.be/{VID}?t={at})\n", video=None)
        (report,) = verify_document(doc, {VID: t})
        assert kinds(report) == expected, at


def test_where_speakers_are_marked_a_label_later_in_the_same_answer_is_the_fix():
    """The URL points into the next answer; the label, a minute into the right one, is what the
    editor meant: the fix keeps it, as it would a label at the answer's first words."""
    doc = parse_document(f"{BEES} [1:20](https://youtu.be/{VID}?t=110)\n", video=None)
    (report,) = verify_document(doc, {VID: _bees_on_the_roof()})
    assert kinds(report) == ["label-mismatch", "wrong-time"]
    assert (report.suggested_t, report.new_url) == (80.0, f"https://youtu.be/{VID}?t=80")


BEES = "A swarm landed in the hedge outside his apartment and the beekeeping club came to collect it."


def _bees_on_the_roof() -> Transcript:
    lines = [
        (0, "HOST: Tell me how you got into keeping bees on the roof."),
        (6, "GUEST: A swarm landed in the hedge outside my apartment and the manager wanted to spray it."),
        (12, "I called the local beekeeping club instead and a woman came out to collect it."),
    ] + [(18 + 6 * k, f"We talked about weather, traffic and the long drive number {k}.") for k in range(14)] + [
        (102, "HOST: And what does the city council think of it?"),
        (108, "GUEST: The zoning code treated bees like livestock, so we needed a farm permit."),
        (114, "After three meetings the council changed the rule for roof hives."),
        (120, "HOST: Thanks for coming in."),
    ]
    return _captions(lines)


def _captions(lines) -> Transcript:
    """A transcript of six-second captions: (start, text) each."""
    return Transcript(video_id=VID, language_code="en", segments=[Segment(start=s, duration=6, text=x) for s, x in lines])


def test_a_right_url_is_not_fixed_to_a_label_in_the_answer_before(check):
    # The URL points into the passage; the label, inside what the section before summarises,
    # is the slip.
    text = TYPES + f"The speedup from moving Python code is big.\n\n{link('26:40', '1800', short=False)}\n"
    doc, reports = check(text)
    assert kinds(reports[1]) == ["label-mismatch"] and not reports[1].trust_label
    assert apply_fixes(doc, reports).endswith(f"[30:00](https://www.youtube.com/watch?v={VID}&t=1800)\n")


def test_where_speakers_take_turns_a_link_into_the_previous_speakers_answer_is_wrong():
    """A panel: the moderator asks once, then two panelists answer in turn. A link to the
    second answer may start at the moderator's question only when that is the turn before;
    the first panelist's answer (a turn longer than a question) is another topic."""
    filler = [f"and the depot cost number {k} kept rising every single year." for k in range(12)]
    lines = (
        [(0, ">> So what would you change first about night trains?")]
        + [(6, ">> The sleeper cars themselves, the old fleet is worn out and the beds are narrow.")]
        + [(12 + 6 * k, x) for k, x in enumerate(filler)]
        + [(84, ">> For me it is the ticketing, you cannot book a couchette across two borders online.")]
        + [(90, "You phone three operators and pay in three currencies for one journey.")]
        + [(96 + 6 * k, f"Travel agents used to do that work for number {k} of us.") for k in range(4)]
        + [(120, ">> Thank you both.")]
    )
    t = _captions(lines)
    summary = "You cannot book a couchette across two borders online: three operators, three currencies, one journey."
    for at, expected in ((85, []), (76, []), (30, ["wrong-time"]), (7, ["wrong-time"])):
        doc = parse_document(f"{summary} [{at // 60}:{at % 60:02d}](https://youtu.be/{VID}?t={at})\n", video=None)
        (report,) = verify_document(doc, {VID: t})
        assert kinds(report) == expected, at
    sleeper = "The old sleeper cars are worn out and their beds are narrow, so the fleet comes first."
    doc = parse_document(f"{sleeper} [0:00](https://youtu.be/{VID}?t=0)\n", video=None)
    assert kinds(verify_document(doc, {VID: t})[0]) == []  # the question before a first answer


def test_in_a_punctuated_talk_a_link_a_minute_early_is_in_the_topic_before():
    """No one asks in a talk: a link may lead in up to a minute before the summarised words,
    not two (the topic before is another)."""
    ovens = [(6 * k, f"Wood ovens need a dry store for the logs, point number {k}.") for k in range(20)]
    yeast = [(120 + 6 * k, f"Wild yeast starters are fed flour and water each morning, step {k}.") for k in range(10)]
    talk = _captions(ovens + yeast)
    summary = "A wild yeast starter is fed with flour and water every morning."
    for at, expected in ((120, []), (75, []), (40, ["wrong-time"])):
        doc = parse_document(f"{summary} [{at // 60}:{at % 60:02d}](https://youtu.be/{VID}?t={at})\n", video=None)
        assert kinds(verify_document(doc, {VID: talk})[0]) == expected, at


def test_in_a_punctuated_interview_a_link_may_lead_in_from_the_hosts_setup_before_the_question():
    lines = [(6 * k, f"The ferry timetable changed in spring, detail number {k}.") for k in range(10)] + [
        (60, "I want to go back to the harbour for a minute, because you mentioned the cranes earlier."),
        (66, "Were they really built by hand?"),
        (72, "Yes, the harbour cranes were riveted by hand in nineteen twelve by local smiths."),
    ] + [(78 + 6 * k, f"Each crane took the smiths a whole winter, year {k}.") for k in range(10)]
    summary = "The harbour cranes were riveted by hand in 1912 by local smiths over whole winters."
    for at, expected in ((60, []), (48, []), (20, ["wrong-time"])):
        doc = parse_document(f"{summary} [{at // 60}:{at % 60:02d}](https://youtu.be/{VID}?t={at})\n", video=None)
        assert kinds(verify_document(doc, {VID: _captions(lines)})[0]) == expected, at


# ------------------------------------------------------------------ layouts (issue 14, items 3 and 4)


def test_a_range_label_is_no_label_mismatch(check):
    label = "13:23\u201314:10"
    text = f"### Braces\nCurly braces are clutter the formatter makes redundant.\n\n{link(label, '803')}\n"
    _, (r,) = check(text)
    assert kinds(r) == []


def test_a_link_whose_words_name_the_video_is_not_checked(check, stand_ins):
    page = f"## Resources\n\n- [Lex Fridman: the Mojo language talk with Chris (3 hours)](https://youtu.be/{VID}?t=1200)\n"
    named = stand_ins.transcript().model_copy(update={"title": "[Full] The Mojo Language Talk with Chris"})
    _, (r,) = check(page, {VID: named})
    assert kinds(r) == [] and r.skipped
    _, (unnamed,) = check(page)  # without the title, its words are checked as a summary
    assert kinds(unnamed) == ["not-in-video"]


def test_a_link_alone_whose_words_are_a_url_is_not_checked(check):
    u = f"https://youtu.be/{VID}?t=1200"
    _, (r,) = check(f"Curly braces are clutter the formatter makes redundant.\n\n[{u}]({u})\n")
    assert kinds(r) == [] and r.skipped


def test_a_range_labels_end_bounds_the_stretch_its_link_stands_for():
    links = parse_document(f"- [01:39\u201303:25](https://youtu.be/{VID}?t=99) The oven holds heat.\n"
                           f"- [Talk 4:00](https://youtu.be/{VID}?t=240) Bricks.\n").links
    assert list(chapter_spans(links).values()) == [106.0]
