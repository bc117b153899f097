"""Tests of quotes.store: the cache layout, damaged files, language choice (atomic writes: test_files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from quotes.cli import cli
from quotes.errors import CacheCorrupted, StoreError, TranscriptNotCached
from quotes.store import TranscriptStore, default_directory
from quotes.transcript import Segment, Transcript

VIDEO = "pdJQ8iVTwj8"


def make(video_id=VIDEO, lang="en", text="hello there"):
    return Transcript(
        video_id=video_id,
        language_code=lang,
        segments=[Segment(start=0, duration=2, text=text), Segment(start=2, duration=3, text="bye")],
    )


# ---------------------------------------------------------------- save / read / list


def test_save_and_read_back(tmp_path, leftovers):
    store = TranscriptStore(tmp_path / "transcripts")
    t = make()
    path = store.save(t)
    assert path == tmp_path / "transcripts" / f"{VIDEO}.en.json"
    assert store.read(path) == t
    assert json.loads(path.read_text())["video_id"] == VIDEO
    assert leftovers(path.parent) == []


def test_save_replaces(tmp_path):
    store = TranscriptStore(tmp_path)
    store.save(make(text="first"))
    store.save(make(text="second"))
    assert store.load(VIDEO).segments[0].text == "second"
    assert [p.name for p in tmp_path.iterdir()] == [f"{VIDEO}.en.json"]


def test_default_directory(monkeypatch, tmp_path):
    monkeypatch.delenv("QUOTES_TRANSCRIPTS", raising=False)
    assert default_directory() == Path("transcripts")
    assert TranscriptStore().directory == Path("transcripts")
    monkeypatch.setenv("QUOTES_TRANSCRIPTS", str(tmp_path))
    assert TranscriptStore().directory == tmp_path


def test_list_sorted_and_missing_dir(tmp_path):
    assert TranscriptStore(tmp_path / "nothing").list() == []
    store = TranscriptStore(tmp_path)
    store.save(make("zzzzzzzzzzz", "en"))
    store.save(make(VIDEO, "de"))
    store.save(make(VIDEO, "en"))
    assert [(t.video_id, t.language_code) for t in store.list()] == [
        (VIDEO, "de"),
        (VIDEO, "en"),
        ("zzzzzzzzzzz", "en"),
    ]


# ---------------------------------------------------------------- languages, find, load


def test_languages(tmp_path):
    store = TranscriptStore(tmp_path)
    assert store.languages(VIDEO) == []
    assert TranscriptStore(tmp_path / "missing").languages(VIDEO) == []
    for lang in ("en", "de", "pt-BR"):
        store.save(make(VIDEO, lang))
    store.save(make("-abcDEF_123", "fr"))
    assert store.languages(VIDEO) == ["de", "en", "pt-BR"]
    assert store.languages("-abcDEF_123") == ["fr"]


def test_find_language_preference(tmp_path):
    store = TranscriptStore(tmp_path)
    assert store.find(VIDEO) is None
    store.save(make(VIDEO, "de"))
    assert store.find(VIDEO).language_code == "de"  # no English: the first cached
    store.save(make(VIDEO, "fr"))
    assert store.find(VIDEO).language_code == "de"
    store.save(make(VIDEO, "en"))
    assert store.find(VIDEO).language_code == "en"  # English wins without a preference
    assert store.find(VIDEO, ["fr", "de"]).language_code == "fr"
    assert store.find(VIDEO, ["es", "de"]).language_code == "de"
    assert store.find(VIDEO, ["es"]) is None


def test_load_not_cached_message(tmp_path):
    store = TranscriptStore(tmp_path)
    with pytest.raises(TranscriptNotCached) as info:
        store.load(VIDEO)
    assert str(info.value) == (
        f"no transcript of {VIDEO} in {tmp_path}; "
        f"run `quotes fetch {VIDEO}` or `quotes import FILE --video {VIDEO}`"
    )
    store.save(make(VIDEO, "en"))
    with pytest.raises(TranscriptNotCached) as info:
        store.load(VIDEO, ["de", "fr"])
    assert str(info.value) == (
        f"no transcript of {VIDEO} in de, fr in {tmp_path}; "
        f"run `quotes fetch {VIDEO}` or `quotes import FILE --video {VIDEO}`"
    )
    assert info.value.languages == ["de", "fr"]
    assert isinstance(info.value, StoreError)


# ---------------------------------------------------------------- damaged cache files


def damaged(tmp_path, content: bytes) -> Path:
    path = tmp_path / f"{VIDEO}.en.json"
    path.write_bytes(content)
    return path


def valid_dict(**changes):
    data = json.loads(make().model_dump_json())
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "content, why",
    [
        (b'{"video_id": ', "invalid JSON at line 1: Expecting value"),
        (b"", "invalid JSON at line 1: Expecting value"),
        (b"\xff\xfe{}", "not UTF-8 text (invalid start byte)"),
        (b"[]", "top level: Input should be a valid dictionary or instance of Transcript"),
        (
            json.dumps({k: v for k, v in valid_dict().items() if k != "segments"}).encode(),
            "segments: Field required",
        ),
        (json.dumps(valid_dict(extra=1)).encode(), "extra: Extra inputs are not permitted"),
        (
            json.dumps(valid_dict(segments=[{"start": "soon", "duration": 1, "text": "x"}])).encode(),
            "segments.0.start: Input should be a valid number, unable to parse string as a number",
        ),
    ],
)
def test_damaged_cache_file(tmp_path, content, why):
    path = damaged(tmp_path, content)
    store = TranscriptStore(tmp_path)
    with pytest.raises(CacheCorrupted) as info:
        store.load(VIDEO)
    assert info.value.path == str(path)
    assert info.value.why == why
    assert str(info.value) == (
        f"damaged transcript cache file {path}: {why}; delete it and fetch or import again"
    )
    with pytest.raises(CacheCorrupted):
        store.list()


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe", b'{"video_id": 1}'])
@pytest.mark.parametrize("command", [["transcripts"], ["quote", VIDEO, "0:01"], ["export", VIDEO]])
def test_cli_reports_damaged_cache(tmp_path, content, command):
    path = damaged(tmp_path, content)
    result = CliRunner().invoke(cli, [*command, "--transcripts", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: damaged transcript cache file {path}: ")
    assert lines[0].endswith("; delete it and fetch or import again.")
    assert "Traceback" not in result.output


def test_not_cached_hint_for_an_id_that_starts_with_a_dash():
    from quotes.errors import TranscriptNotCached

    assert str(TranscriptNotCached("-abcDEF_123", "transcripts")).endswith(
        "run `quotes fetch -- -abcDEF_123` or `quotes import FILE --video=-abcDEF_123`"
    )


def test_cli_transcripts_lists_the_readable_ones_and_reports_a_damaged_file(tmp_path):
    from click.testing import CliRunner

    from quotes.cli import cli

    store = TranscriptStore(tmp_path)
    store.save(Transcript(video_id="abcdefghijk", language_code="en", segments=[Segment(start=0, duration=2, text="hi")]))
    (tmp_path / "zzzzzzzzzzz.en.json").write_text("{not json")
    result = CliRunner().invoke(cli, ["transcripts", "--transcripts", str(tmp_path)])
    assert result.exit_code == 1
    assert "abcdefghijk" in result.stdout
    assert result.stderr.startswith("Error: damaged transcript cache file ") and "zzzzzzzzzzz.en.json" in result.stderr


def test_a_language_finds_its_regional_variant(tmp_path):
    store = TranscriptStore(tmp_path)
    store.save(Transcript(video_id="abcdefghijk", language_code="pt-BR", segments=[Segment(start=0, duration=2, text="oi")]))
    assert store.find("abcdefghijk", ["pt"]).language_code == "pt-BR"
    assert store.find("abcdefghijk", ["pt-PT"]) is None  # a region asked for is that region
    assert store.find("abcdefghijk", ["pt-br"]).language_code == "pt-BR"  # tags ignore case
    assert store.find("abcdefghijk").language_code == "pt-BR"


def test_a_folder_where_a_cache_file_belongs_is_reported(tmp_path):
    (tmp_path / "aaaaaaaaaaa.en.json").mkdir()
    with pytest.raises(CacheCorrupted, match="cannot be read"):
        TranscriptStore(tmp_path).load("aaaaaaaaaaa")


# ---------------------------------------------------------------- one language, one cache entry


def test_language_codes_are_one_cache_entry_however_written(tmp_path):
    from quotes.store import language_tag

    store = TranscriptStore(tmp_path)
    for code in ("en_US", "en-us", "EN-US"):
        store.save(Transcript(video_id="abcdefghijk", language_code=code, segments=[]))
    store.save(Transcript(video_id="abcdefghijk", language_code="EN", segments=[]))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["abcdefghijk.en-US.json", "abcdefghijk.en.json"]
    assert store.find("abcdefghijk", ["en_us"]).language_code == "en-US"
    assert store.find("abcdefghijk", ["En"]).language_code == "en"
    assert language_tag("zh_hant_tw") == "zh-Hant-TW"


def test_an_old_cache_file_named_with_an_underscore_is_still_found(tmp_path):
    store = TranscriptStore(tmp_path)
    (tmp_path / "abcdefghijk.pt_BR.json").write_text(
        Transcript(video_id="abcdefghijk", language_code="pt_BR", segments=[]).model_dump_json()
    )
    assert store.find("abcdefghijk", ["pt-BR"]).language_code == "pt_BR"
    assert store.find("abcdefghijk", ["pt"]).language_code == "pt_BR"


@given(st.from_regex(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}", fullmatch=True))
def test_language_tag_is_one_spelling_of_each_code(code):
    from quotes.store import language_tag

    tag = language_tag(code)
    assert language_tag(tag) == tag  # already canonical
    assert language_tag(code.swapcase().replace("-", "_")) == tag  # case and separator do not matter
    assert "_" not in tag and tag.lower() == code.lower().replace("_", "-")
