"""Tests of YouTube's timedtext XML and XML safety (quotes.formats.xml)."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.cli import cli
from quotes.formats import (
    Skipped,
    detect_format,
    parse_xml,
    read_transcript_file,
)
from quotes.formats.xml import read_xml

DATA = Path(__file__).parent / "data"
VIDEO = "pdJQ8iVTwj8"
TTML = (DATA / "sample.ttml").read_text(encoding="utf-8")


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_srv3_append_paragraph_with_words_keeps_them(seg):
    xml = (
        '<timedtext format="3"><body><p t="1000" d="2000">Hello</p>'
        '<p t="3000" d="2000" a="1">\n</p><p t="3000" d="2000" a="1">more words</p></body></timedtext>'
    )
    assert parse_xml(xml) == [seg(1, 2, "Hello"), seg(3, 2, "more words")]


SRV1 = """<?xml version="1.0" encoding="utf-8" ?><transcript>
<text start="0.16" dur="4.72">so today we&amp;#39;re going</text>
<text start="2.36" dur="5">to talk about\ncompilers &amp;amp; chips</text>
<text start="4.88" dur="1.5">   </text>
<text start="6.5">&amp;lt;i&amp;gt;no duration&amp;lt;/i&amp;gt;</text>
</transcript>
"""


def test_srv1_double_escaped_entities(seg, tmp_path):
    path = tmp_path / "talk.en.srv1"
    path.write_text(SRV1, encoding="utf-8")
    t = read_transcript_file(path, video_id=VIDEO)
    assert (t.language_code, t.is_generated, t.source) == ("en", False, "file:talk.en.srv1")
    assert t.segments == [
        seg(0.16, 4.72, "so today we're going"),
        seg(2.36, 5, "to talk about\ncompilers & chips"),
        seg(6.5, 1, "no duration"),  # the last caption without a duration: a second
    ]


def test_srv1_caption_without_duration_lasts_until_the_next(seg):
    text = '<transcript><text start="1">a</text><text start="4.5" dur="2">b</text></transcript>'
    assert parse_xml(text) == [seg(1, 3.5, "a"), seg(4.5, 2, "b")]


def test_srv2_times_in_milliseconds(seg):
    text = '<timedtext><text t="1230" d="2500">Hello</text><text t="4000" d="1000" append="1"> </text></timedtext>'
    assert parse_xml(text) == [seg(1.23, 2.5, "Hello")]


SRV3_ASR = """<?xml version="1.0" encoding="utf-8" ?><timedtext format="3">
<head><ws id="0"/><wp id="0"/><wp id="1" ap="6" ah="20" av="100"/></head>
<body>
<w t="0" id="1" wp="1" ws="1"/>
<p t="160" d="4720" w="1"><s ac="0">so</s><s t="199" ac="0"> today</s><s t="400" ac="0"> we&#39;re</s><s t="880" ac="0"> going</s></p>
<p t="2350" d="2530" w="1" a="1">
</p>
<p t="2360" d="5000" w="1"><s ac="0">to</s><s t="240" ac="0"> talk</s><s t="520" ac="0"> about</s></p>
<p t="4870" d="10" w="1">
</p>
</body>
</timedtext>
"""


def test_srv3_auto_captions_are_generated(seg):
    path_text = SRV3_ASR
    assert parse_xml(path_text) == [seg(0.16, 4.72, "so today we're going"), seg(2.36, 5, "to talk about")]
    manual = '<timedtext format="3"><body><p t="1000" d="2000">Hi &amp;amp; bye\nthere</p></body></timedtext>'
    assert parse_xml(manual) == [seg(1, 2, "Hi & bye\nthere")]


def test_srv3_file_and_generated_flag(tmp_path):
    path = tmp_path / "x.srv3"
    path.write_text(SRV3_ASR, encoding="utf-8")
    assert read_transcript_file(path, video_id=VIDEO).is_generated is True
    path.write_text('<timedtext format="3"><body><p t="1000" d="2000"><s>Hi</s></p></body></timedtext>')
    assert read_transcript_file(path, video_id=VIDEO).is_generated is False  # <s> without word times


@pytest.mark.parametrize(
    "text, message",
    [
        ('<transcript>\n<text start="1">a</text>\n<text start="2">b</text\n</transcript>', "t.xml:4: expected valid XML: not well-formed (invalid token) (column 1)"),
        ("<transcript>\n<text start='1'>caf&eacute;</text></transcript>", "t.xml:2: expected valid XML: undefined entity (column 20)"),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n <!ENTITY lol2 "&lol;&lol;">\n]>\n'
            "<transcript><text start='1'>&lol2;</text></transcript>",
            "t.xml:3: expected XML without <!ENTITY> declarations (refused for safety)",
        ),
        (
            '<!DOCTYPE tt [\n <!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n<tt><body><p begin="1s">&secret;</p></body></tt>',
            "t.xml:2: expected XML without <!ENTITY> declarations (refused for safety)",
        ),
        ('<transcript>\n<text start="1"> </text>\n<text dur="2">b</text>\n</transcript>', 't.xml:3: expected start="..." (seconds) in caption 2'),
        ('<transcript><text start="-1">a</text></transcript>', "t.xml:1: expected start=\"...\" to be zero or more seconds in caption 1, got '-1'"),
        ('<transcript><text start="1" dur="NaN">a</text></transcript>', "t.xml:1: expected dur=\"...\" to be zero or more seconds in caption 1, got 'NaN'"),
        (
            '<timedtext format="3"><body>\n<p t="1.5e3" d="10">a</p></body></timedtext>',
            "t.xml:2: expected t=\"...\" to be zero or more milliseconds in caption 1, got '1.5e3'",
        ),
        (
            '<tt><body><div>\n<p begin="1x" end="2s">a</p>\n<p begin="00:00:61.000">b</p></div></body></tt>',
            "t.xml:2: expected begin=\"...\" to be a time like 00:00:01.230, 1.23s or 1230ms in caption 1, got '1x'",
        ),
        ('<tt><body>\n<p>a</p></body></tt>', 't.xml:2: expected begin="..." (a time like 00:00:01.230, 1.23s or 1230ms) in caption 1'),
        (
            '<tt><body>\n<p begin="5s" end="4s">a</p></body></tt>',
            't.xml:2: expected the end time after the begin time in caption 1, got begin="5s" end="4s"',
        ),
        (
            "<!DOCTYPE html>\n<html><body>hi</body></html>",
            "t.xml:2: expected a YouTube timedtext document (<transcript>, <timedtext>) or TTML (<tt>), got <html>",
        ),
    ],
)
def test_xml_errors(error_of, text, message):
    assert error_of(parse_xml, text, "t.xml") == message


def test_xml_detection():
    assert detect_format(SRV1) == detect_format(SRV3_ASR) == detect_format(TTML) == "xml"
    assert detect_format('<transcript><text start="1">a</text></transcript>') == "xml"
    assert detect_format("\n<!-- saved by hand -->\n<timedtext/>", "a.srv3") == "xml"
    for suffix in (".xml", ".srv1", ".srv2", ".srv3", ".ttml", ".dfxp"):
        assert detect_format("  garbled", f"x{suffix}") == "xml"


def test_xml_in_utf16_with_its_declaration(seg, tmp_path):
    path = tmp_path / "w.xml"
    path.write_bytes('<?xml version="1.0" encoding="UTF-16"?>\r\n<transcript><text start="1" dur="1">Café</text></transcript>'.encode("utf-16"))
    assert read_transcript_file(path, video_id=VIDEO).segments == [seg(1, 1, "Café")]


@pytest.mark.parametrize(
    "name, content, line",
    [
        ("auto.en.srv3", SRV3_ASR, f"Imported {VIDEO} (en) from auto.en.srv3: 2 captions, 0:07 -> t/{VIDEO}.en.json"),
        ("talk.ttml", TTML, f"Imported {VIDEO} (fr) from talk.ttml: 5 captions, 1:02 -> t/{VIDEO}.fr.json"),
    ],
)
def test_cli_import_youtube_xml_and_ttml(tmp_path, monkeypatch, name, content, line):
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(content, encoding="utf-8")
    result = run("import", name, "--video", VIDEO, "--transcripts", "t")
    assert result.exit_code == 0, result.output
    assert result.stdout == line + "\n"


# ---------------------------------------------------------------- any input (#15)

xml_pieces = st.sampled_from(
    ['<?xml version="1.0"?>', "<transcript>", "</transcript>", '<text start="1.5" dur="2">', '<text start="-1">', "</text>",
     '<timedtext format="3">', "</timedtext>", "<body>", "</body>", '<p t="100" d="200">', "</p>", '<s t="5">', "</s>",
     "&amp;#39;", "<!ENTITY a 'b'>", "words", "\n"]
)
xml_bytes = st.lists(st.one_of(xml_pieces.map(str.encode), st.binary(max_size=3)), max_size=25).map(b"".join)


@settings(max_examples=150, deadline=timedelta(seconds=5))
@given(xml_bytes)
def test_timedtext_any_bytes_give_captions_or_an_error_naming_the_line(read_any, data):
    read_any("any.srv3", data)


def test_timedtext_caption_whose_times_cannot_be_read_is_skipped_and_noted(seg):
    text = '<transcript>\n<text start="1" dur="1">a</text>\n<text start="x">b</text>\n<text start="3" dur="1">c</text>\n</transcript>'
    parsed = read_xml(text, "t.xml")
    assert parsed.segments == [seg(1, 1, "a"), seg(3, 1, "c")]
    assert parsed.skipped == [Skipped(3, "expected start=\"...\" to be zero or more seconds in caption 2, got 'x'")]


def test_xml_nested_too_deeply_is_an_error_not_a_crash(error_of):
    text = '<tt xmlns="http://www.w3.org/ns/ttml"><body><div>\n<p begin="1s">' + "<span>" * 5000 + "x" + "</span>" * 5000 + "</p></div></body></tt>"
    assert error_of(parse_xml, text, "deep.ttml") == "deep.ttml:2: expected caption XML, got elements nested more than 100 deep"
