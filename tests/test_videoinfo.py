"""quotes.videoinfo: the video's facts, their cache, label templates; and quotes.ytdlp.info_of,
which reads them from whatever yt-dlp answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.errors import CacheCorrupted, LabelTemplateError
from quotes.store import TranscriptStore
from quotes.transcript import Segment, Transcript
from quotes.videoinfo import Chapter, VideoInfo, label_from, load_info, save_info
from quotes.ytdlp import info_of

VID = "GJLlxj_dtq8"


def test_cache_round_trip_beside_transcripts_which_the_store_does_not_mistake_for_one(tmp_path):
    info = VideoInfo(video_id=VID, title="T", channel="C", upload_date="2023-06-02", duration=245.5,
                     chapters=[Chapter(title="Intro", start=0, end=95)])
    path = save_info(tmp_path, info)
    assert path == tmp_path / f"{VID}.info.json"
    assert load_info(tmp_path, VID) == info
    assert load_info(tmp_path, "aaaaaaaaaaa") is None
    store = TranscriptStore(tmp_path)
    assert store.languages(VID) == [] and store.find(VID) is None and store.scan() == ([], [])
    store.save(Transcript(video_id=VID, language_code="en", segments=[Segment(start=0, duration=1, text="hi")]))
    assert store.languages(VID) == ["en"] and [t.language_code for t in store.list()] == ["en"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{VID}.en.json", f"{VID}.info.json"]  # no temporary files


@pytest.mark.parametrize("text, why", [
    (b"{", "invalid JSON at line 1: Expecting property name enclosed in double quotes"),
    (b"\xff", "not UTF-8 text (invalid start byte)"),
    (b'{"video_id": "x", "duration": -1}', "duration: Input should be greater than or equal to 0"),
])
def test_a_damaged_cache_file_says_what_is_wrong(tmp_path, text, why):
    (tmp_path / f"{VID}.info.json").write_bytes(text)
    with pytest.raises(CacheCorrupted) as info:
        load_info(tmp_path, VID)
    assert info.value.why == why


def test_label_templates():
    info = VideoInfo(video_id=VID, title="Talk", channel="Lex Fridman", upload_date="2023-06-02")
    assert label_from("{upload_date} {channel} Interview", info) == "2023-06-02 Lex Fridman Interview"
    assert label_from("{year} {title} ({video_id})", info) == f"2023 Talk ({VID})"
    assert label_from("Plain label", None) == "Plain label"
    assert label_from("{channel} {{braces}}", None) == "{braces}"
    with pytest.raises(LabelTemplateError, match=r"names \{channel_name\}"):
        label_from("{channel_name}", info)
    with pytest.raises(LabelTemplateError, match="cannot read the label template"):
        label_from("{channel", info)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_any_label_template_gives_a_label_or_a_clear_error(template):
    try:
        out = label_from(template, VideoInfo(video_id=VID, channel="C", upload_date="2023-06-02"))
    except LabelTemplateError as exc:
        assert "label template" in str(exc)
    else:
        assert isinstance(out, str)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
FIELDS = st.sampled_from(["title", "channel", "uploader", "upload_date", "duration", "chapters"])


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(FIELDS, JSONISH | st.lists(st.fixed_dictionaries(
    {"title": JSONISH, "start_time": JSONISH, "end_time": JSONISH}), max_size=3)))
def test_info_of_reads_any_answer_of_yt_dlp_without_failing(data):
    info = info_of(data, VID)
    assert info.video_id == VID and all(c.start >= 0 for c in info.chapters)


def test_info_of_reads_the_facts():
    info = info_of({"title": "T", "uploader": "U", "upload_date": "20230231", "duration": 12,
                    "chapters": [{"title": "A", "start_time": 0, "end_time": 5}, {"title": 3, "start_time": 5}]}, VID)
    assert (info.title, info.channel, info.upload_date, info.duration) == ("T", "U", None, 12.0)
    assert info.chapters == [Chapter(title="A", start=0, end=5)]
