"""quotes.document.source: reading markdown files, every URL form, where label times are written."""

from __future__ import annotations

import pytest

from quotes.document import (
    decode_markdown,
    encode_markdown,
    markdown_files,
    parse_document,
    read_document,
)
from quotes.errors import DocumentError
from quotes.timecode import parse_timecode

VID = "pdJQ8iVTwj8"


@pytest.mark.parametrize(
    "url, t",
    [
        (f"https://youtu.be/{VID}?t=803", 803.0),
        (f"https://youtu.be/{VID}?t=803s", 803.0),
        (f"https://www.youtube.com/watch?v={VID}&t=13m23s", 803.0),
        (f"https://m.youtube.com/watch?v={VID}&t=803", 803.0),
        (f"https://www.youtube.com/embed/{VID}?start=803", 803.0),
        (f"https://www.youtube.com/shorts/{VID}", None),
        (f"https://www.youtube.com/watch?v={VID}#t=803", 803.0),
    ],
)
def test_every_url_form(url, t):
    (link,) = parse_document(f"Text [clip]({url})\n").links
    assert (link.video_id, link.t) == (VID, t)


def test_malformed_url_is_found_with_its_problem():
    (link,) = parse_document(f"[8:03](https://www.youtube.com/watch?v={VID}?t=483)\n").links
    assert link.t == 483.0
    assert link.video.problems


def test_broken_video_url_is_kept_with_the_error():
    (link,) = parse_document("[clip](https://youtu.be/tooshort?t=3)\n").links
    assert link.video is None and "video id" in link.url_error


def test_time_right_after_the_link():
    (link,) = parse_document(f"See [the clip](https://youtu.be/{VID}?t=803) (13:23).\n").links
    assert (link.label_seconds, link.label_where) == (803.0, "after")


@pytest.mark.parametrize(
    "line, where",
    [
        (f"- Curly braces (13:30): https://youtu.be/{VID}?t=803 what is said", "before"),
        (f"- Curly braces [13:30] - [clip](https://youtu.be/{VID}?t=803)", "before"),
        (f"2:31:47 Packaging - https://youtu.be/{VID}?t=803", "line"),
        (f"- **2:31:47** Packaging ([watch](https://youtu.be/{VID}?t=803)).", "line"),
        (f"| 2:31:47 | Packaging | [watch](https://youtu.be/{VID}?t=803) |", "line"),
    ],
)
def test_a_time_beside_the_link_is_its_label(line, where):
    (link,) = parse_document(line + "\n").links
    assert (link.label_where, link.label_seconds) == (where, parse_timecode(link.label_time_text))
    assert line[slice(*link.label_span)] == link.label_time_text


@pytest.mark.parametrize(
    "line",
    [
        f"13:23 is early. Later he says it [here](https://youtu.be/{VID}?t=900)",  # a sentence between
        f"13:23 and 14:00 both, see [here](https://youtu.be/{VID}?t=900)",  # two times
        f"13:23 Packaging [watch](https://youtu.be/{VID}?t=900) and then more words",  # the link ends no line
        f"Around 13:23 Packaging [watch](https://youtu.be/{VID}?t=900)",  # the time opens no line
    ],
)
def test_a_time_that_only_opens_the_line_is_not_a_label(line):
    (link,) = parse_document(line + "\n").links
    assert link.label_seconds is None


def test_a_far_away_time_is_not_a_label():
    text = f"At 13:23 he says many things, read [the clip](https://youtu.be/{VID}?t=900).\n"
    (link,) = parse_document(text).links
    assert link.label_seconds is None


def test_a_reference_link_used_once_has_its_definition_as_its_url():
    text = f"Intro [clip 1:00][ref] and [Solo].\n\n[ref]:\n  <https://youtu.be/{VID}?t=60>\n[solo]: https://youtu.be/{VID}?t=5 'x'\n"
    clip, solo = parse_document(text).links
    assert (clip.t, clip.line, clip.reference, clip.reference_uses) == (60.0, 1, "ref", 1)
    assert text[slice(*clip.url_span)] == clip.source_url == f"https://youtu.be/{VID}?t=60"
    assert text[slice(*clip.label_span)] == "1:00"
    assert text[slice(*solo.url_span)] == f"https://youtu.be/{VID}?t=5"


def test_a_reference_link_used_several_times_has_no_url_span():
    text = f"[a][errs], [b][errs] and [errs][].\n\n[errs]: https://youtu.be/{VID}?t=60\n"
    links = parse_document(text).links
    assert [(link.reference, link.reference_uses, link.url_span) for link in links] == [("errs", 3, None)] * 3


def test_crlf_and_odd_bytes_survive():
    raw = (
        b"# Caf\xe9 \xe2\x80\x94 notes\r\n\r\nSaid it.\r\n\r\n"
        b"[0:42](https://youtu.be/" + VID.encode() + b"?t=42)\r\n"
    )
    text = decode_markdown(raw)
    assert encode_markdown(text) == raw
    (link,) = parse_document(text).links
    assert link.line == 5 and link.section == "Said it."
    assert text[slice(*link.url_span)] == f"https://youtu.be/{VID}?t=42"


def test_read_document_and_markdown_files(tmp_path):
    (tmp_path / "a.md").write_text(f"[1:00](https://youtu.be/{VID}?t=60)\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("no links\n")
    (tmp_path / "c.txt").write_text("ignored\n")
    files = markdown_files([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in files] == ["a.md", "sub/b.md"]
    assert read_document(tmp_path / "a.md").links[0].t == 60.0
    with pytest.raises(DocumentError):
        markdown_files([tmp_path / "missing.md"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(DocumentError, match="empty: no markdown files"):
        markdown_files([tmp_path / "empty"])
