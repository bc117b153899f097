"""Tests of quotes.catalogue: the library.sqlite beside the cache files, kept up to date and
rebuilt from the files when missing, stale, of another version or damaged."""

from __future__ import annotations

import os
import sqlite3

import pytest
from click.testing import CliRunner

import quotes.catalogue as catalogue_module
from quotes.catalogue import CATALOGUE_NAME, Catalogue, fts_query
from quotes.cli import cli
from quotes.store import TranscriptStore
from quotes.transcript import Segment, Transcript


def make(video_id="pdJQ8iVTwj8", lang="en", words=("curly braces", "are gone now"), **kw):
    segments = [Segment(start=5.0 * k, duration=5.0, text=w) for k, w in enumerate(words)]
    return Transcript(video_id=video_id, language_code=lang, segments=segments, **kw)


def listing(store: TranscriptStore):
    cat = store.catalogue()
    try:
        return [(e.video_id, e.language_code, e.captions, e.problem) for e in cat.entries()], cat.notes
    finally:
        cat.close()


def test_saving_leaves_a_missing_catalogue_to_the_next_reader(tmp_path):
    store = TranscriptStore(tmp_path)
    store.save(make())
    assert not (tmp_path / CATALOGUE_NAME).exists()  # built when first read, from the files
    assert listing(store) == ([("pdJQ8iVTwj8", "en", 2, None)], [])
    assert (tmp_path / CATALOGUE_NAME).stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == [CATALOGUE_NAME, "pdJQ8iVTwj8.en.json"]


def test_save_updates_the_catalogue_without_reading_files_again(tmp_path, monkeypatch):
    store = TranscriptStore(tmp_path)
    store.save(make())
    listing(store)
    store.save(make("abcdefghijk", "de", words=("eins", "zwei", "drei")))

    def no_reading(path):
        raise AssertionError(f"read {path}")

    monkeypatch.setattr(store, "read", no_reading)
    assert listing(store)[0] == [("abcdefghijk", "de", 3, None), ("pdJQ8iVTwj8", "en", 2, None)]


def test_files_changed_or_removed_behind_its_back_are_seen(tmp_path):
    store = TranscriptStore(tmp_path)
    path = store.save(make())
    other = store.save(make("abcdefghijk"))
    listing(store)
    path.write_text(make(words=("one", "two", "three", "four")).model_dump_json(), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a new size and time
    other.unlink()
    assert listing(store) == ([("pdJQ8iVTwj8", "en", 4, None)], [])


def test_a_videos_facts_are_no_transcript(tmp_path):
    store = TranscriptStore(tmp_path)
    store.save(make())
    (tmp_path / "pdJQ8iVTwj8.info.json").write_text('{"video_id": "pdJQ8iVTwj8"}', encoding="utf-8")
    assert listing(store) == ([("pdJQ8iVTwj8", "en", 2, None)], [])


def test_a_damaged_cache_file_is_listed_with_its_problem(tmp_path):
    store = TranscriptStore(tmp_path)
    store.save(make())
    (tmp_path / "zzzzzzzzzzz.en.json").write_text("{not json", encoding="utf-8")
    entries, _ = listing(store)
    assert entries[0] == ("pdJQ8iVTwj8", "en", 2, None)
    assert entries[1] == (None, None, 0, "invalid JSON at line 1: Expecting property name enclosed in double quotes")


@pytest.mark.parametrize(
    "damage, why",
    [
        (lambda p: p.write_bytes(b"this is not a database at all" * 200), "damaged (file is not a database)"),
        (lambda p: sqlite3.connect(p).execute("PRAGMA user_version=99").connection.commit(), "of another version (99, not 2)"),
        (lambda p: p.write_bytes(p.read_bytes()[:3000]), "damaged"),
    ],
    ids=["garbage", "other-version", "truncated"],
)
def test_a_damaged_catalogue_is_never_trusted_but_rebuilt_with_a_note(tmp_path, damage, why):
    store = TranscriptStore(tmp_path)
    store.save(make())
    store.save(make("abcdefghijk"))
    listing(store)
    damage(tmp_path / CATALOGUE_NAME)
    store.save(make("zzzzzzzzzzz"))  # a write to a damaged catalogue fails nothing
    entries, notes = listing(store)
    assert [e[0] for e in entries] == ["abcdefghijk", "pdJQ8iVTwj8", "zzzzzzzzzzz"]
    assert len(notes) == 1 and why in notes[0] and notes[0].endswith("rebuilt from the cached transcripts")
    assert listing(store) == (entries, [])  # sound again
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_folder_in_its_place_keeps_it_in_memory(tmp_path):
    store = TranscriptStore(tmp_path)
    store.save(make())
    (tmp_path / CATALOGUE_NAME).mkdir()
    entries, notes = listing(store)
    assert entries == [("pdJQ8iVTwj8", "en", 2, None)]
    assert notes == [
        f"the catalogue {tmp_path / CATALOGUE_NAME} was not a file; rebuilt from the cached transcripts",
        f"{tmp_path / CATALOGUE_NAME} is not a file; the catalogue is kept in memory",
    ]


def test_candidates_ranks_the_videos_that_say_the_words(tmp_path):
    store = TranscriptStore(tmp_path)
    store.save(make("aaaaaaaaaaa", words=("we talk about bread", "and ovens")))
    store.save(make("bbbbbbbbbbb", words=("curly braces everywhere", "braces in every language")))
    store.save(make("ccccccccccc", words=("the weather today", "rain and braces")))
    cat = store.catalogue()
    try:
        assert [e.video_id for e in cat.candidates(["curly", "braces"], limit=5)] == ["bbbbbbbbbbb", "ccccccccccc"]
        assert [e.video_id for e in cat.candidates(["ovens"], limit=5)] == ["aaaaaaaaaaa"]  # stemmed: "oven"s
        assert cat.candidates(["nothing"], limit=5) == [] and cat.candidates([], limit=5) == []
        assert cat.count() == 3
    finally:
        cat.close()


def test_without_fts5_every_video_is_a_candidate_with_a_note(tmp_path, monkeypatch):
    monkeypatch.setattr(catalogue_module, "has_fts5", lambda: False)
    store = TranscriptStore(tmp_path)
    store.save(make("aaaaaaaaaaa"))
    store.save(make("bbbbbbbbbbb"))
    cat = Catalogue(tmp_path, store.read)
    try:
        assert [e.video_id for e in cat.candidates(["zebra"], limit=1)] == ["aaaaaaaaaaa", "bbbbbbbbbbb"]
        assert cat.notes == ["this Python's SQLite has no FTS5: every cached video is searched, none is skipped"]
    finally:
        cat.close()


def test_fts_query_quotes_every_word():
    assert fts_query(['a"b', "OR", "near(x"]) == '"a" OR "b" OR "OR" OR "near" OR "x"'
    assert fts_query([]) == ""


# ---------------------------------------------------------------- quotes transcripts, through the catalogue


def test_transcripts_reads_the_catalogue_and_notes_a_rebuild(tmp_path):
    store = TranscriptStore(tmp_path)
    store.save(make(is_generated=True))
    run = lambda: CliRunner().invoke(cli, ["transcripts", "--transcripts", str(tmp_path)])  # noqa: E731
    table = (
        "video        lang   kind         length  captions  source\n"
        "pdJQ8iVTwj8  en     generated      0:10         2  youtube\n"
    )
    result = run()
    assert (result.exit_code, result.output) == (0, table)
    (tmp_path / CATALOGUE_NAME).write_bytes(b"garbage" * 1000)
    result = run()
    assert (result.exit_code, result.stdout) == (0, table)
    assert result.stderr == (
        f"Note: the catalogue {tmp_path / CATALOGUE_NAME} was damaged (file is not a database); "
        "rebuilt from the cached transcripts.\n"
    )


# ---------------------------------------------------------------- any bytes where the catalogue belongs

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _sqlite_like(data: bytes) -> bytes:
    return b"SQLite format 3\x00" + data


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=3000), st.binary(max_size=3000).map(_sqlite_like)))
def test_any_bytes_as_the_catalogue_give_the_files_rows(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("cat")
    store = TranscriptStore(folder)
    store.save(make())
    (folder / CATALOGUE_NAME).write_bytes(data)
    entries, notes = listing(store)
    assert entries == [("pdJQ8iVTwj8", "en", 2, None)]
    assert len(notes) <= 1 and all(n.endswith("rebuilt from the cached transcripts") for n in notes)
