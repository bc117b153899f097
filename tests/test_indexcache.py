"""Tests of quotes.indexcache: the engine's index saved beside the transcript, keyed by the
transcript's content and the engine's version, rebuilt when either changes, never trusted
when damaged."""

from __future__ import annotations

import io
import json
import zlib
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import quotes.indexcache as indexcache
from quotes.cli import cli
from quotes.formats import read_transcript_file
from quotes.indexcache import IndexCache
from quotes.locate import Locator, TranscriptIndex
from quotes.store import TranscriptStore

ROOT = Path(__file__).resolve().parents[1]
DEMO = "qUoTeSdEm01"
SUMMARY = (
    "Fresh masonry is saturated, and heating it too quickly turns that water to steam and cracks it. "
    "They lit a slightly larger fire each day for a week and watched steam escape from the seams."
)


def same(a, b) -> bool:
    """Equal in value and kind, arrays and containers compared element by element. A dict
    comes back as a dict or as the saved mapping (``_Packed``) that makes its values when
    asked; a defaultdict's comes back answering a missing key as it did."""
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b)
    if isinstance(a, dict):
        if isinstance(b, indexcache._Packed):
            missing = b["\x00 absent"] if isinstance(a, defaultdict) else None
            return list(a) == list(b) and all(same(a[k], b[k]) for k in a) and missing in ([], None)
        return type(a) is type(b) and list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b or a is b


def npz(**arrays) -> bytes:
    """The bytes of numpy's archive of ``arrays`` (what earlier versions saved an index as)."""
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


@pytest.fixture
def cached(tmp_path):
    """The demo interview (auto-captions) and a Whisper transcript, cached in tmp_path."""
    store = TranscriptStore(tmp_path)
    demo = read_transcript_file(ROOT / "examples" / "interview.en.json", video_id=DEMO, is_generated=True)
    store.save(demo)
    store.save(read_transcript_file(ROOT / "tests" / "data" / "whisper.json", video_id="whisper0001"))
    return store


@pytest.fixture
def builds(monkeypatch):
    """How many indexes were built (not loaded)."""
    count = {"n": 0}
    real = TranscriptIndex.__init__

    def counting(self, transcript):
        count["n"] += 1
        real(self, transcript)

    monkeypatch.setattr(TranscriptIndex, "__init__", counting)
    return count


@pytest.mark.parametrize("video", [DEMO, "whisper0001"])
def test_a_loaded_index_is_the_built_one(cached, video):
    transcript = cached.load(video)
    built = TranscriptIndex(transcript)
    IndexCache(cached.directory).index(transcript)  # builds and saves
    loaded = IndexCache(cached.directory).index(transcript)
    assert set(vars(loaded)) == set(vars(built))
    assert [name for name in vars(built) if name not in ("transcript", "stem") and not same(vars(built)[name], vars(loaded)[name])] == []
    assert loaded.stem("bakers") == built.stem("bakers")
    assert Locator(loaded).locate(SUMMARY) == Locator(built).locate(SUMMARY)


def test_loaded_not_built_until_the_transcript_or_the_engine_changes(cached, builds, monkeypatch):
    cache = IndexCache(cached.directory)
    transcript = cached.load(DEMO)
    cache.index(transcript)
    cache.index(transcript)
    assert builds["n"] == 1 and (cached.directory / ".index" / f"{DEMO}.en.index").is_file()
    changed = transcript.model_copy(update={"title": "Field Notes"})
    cached.save(changed)  # other content: another key
    cache.index(changed)
    cache.index(changed)
    assert builds["n"] == 2
    monkeypatch.setattr(indexcache, "engine_version", lambda: "another engine")
    cache.index(changed)
    cache.index(changed)
    assert builds["n"] == 3 and cache.notes == []  # stale is no damage: no note


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b"not an archive"),
        lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
        lambda p: p.write_bytes(p.read_bytes().replace(b'"pairs"', b'"pears"')),
        lambda p: p.write_bytes(p.read_bytes().replace(b'"<f8"', b'"|O8"')),
        lambda p: p.write_bytes(p.read_bytes()[:-1] + bytes([p.read_bytes()[-1] ^ 1])),
        lambda p: p.write_bytes(p.read_bytes().replace(b'"size": ', b'"size": 1')),
        lambda p: p.write_bytes(npz(_header=np.frombuffer(b"{not json", dtype=np.uint8))),
    ],
    ids=["garbage", "cut-short", "unknown-kind", "objects", "one-bit", "bad-size", "an-npz"],
)
def test_a_damaged_index_is_rebuilt_with_a_note(cached, builds, damage):
    transcript = cached.load(DEMO)
    IndexCache(cached.directory).index(transcript)
    path = cached.directory / ".index" / f"{DEMO}.en.index"
    damage(path)
    cache = IndexCache(cached.directory)
    index = cache.index(transcript)
    assert builds["n"] == 2
    assert len(cache.notes) == 1 and cache.notes[0].startswith(f"the saved index {path} was damaged (")
    assert cache.notes[0].endswith("); rebuilt")
    assert Locator(index).locate(SUMMARY) == Locator(transcript).locate(SUMMARY)
    again = IndexCache(cached.directory)
    again.index(transcript)  # saved sound again
    assert builds["n"] == 3 and again.notes == []
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary files


def test_not_saved_without_a_cache_file_or_a_kind_it_cannot_save(tmp_path, builds, monkeypatch):
    transcript = read_transcript_file(ROOT / "tests" / "data" / "whisper.json", video_id="whisper0001")
    IndexCache(tmp_path).index(transcript)  # not cached: nothing to key it by
    assert not (tmp_path / ".index").exists()
    TranscriptStore(tmp_path).save(transcript)
    real = TranscriptIndex.__init__

    def odd(self, t):
        real(self, t)
        self.odd = {1, 2}  # a set: not a kind the cache saves

    monkeypatch.setattr(TranscriptIndex, "__init__", odd)
    with pytest.raises(indexcache.UnsavableIndex, match="odd: set"):
        indexcache._encode(TranscriptIndex(transcript))
    IndexCache(tmp_path).index(transcript)
    assert not (tmp_path / ".index").exists()  # built, used, not saved


def test_encoding_keeps_every_kind():
    index = TranscriptIndex.__new__(TranscriptIndex)
    index.__dict__.update(
        words=["a", "b\x1fc", ""], flags=[True, False], empty={}, sounds=defaultdict(list, {"K": ["cat"]}),
        pairs={"x": (0, 2)}, floats={"x": 1.5}, arrays={"x": np.arange(3.0), "y": np.empty(0)},
        covers={30.0: (np.arange(2), np.arange(2))}, cache={"x": [("y", 0.9)]}, zeros=np.zeros(4), n=None,
    )
    fields, arrays = indexcache._encode(index)
    back = indexcache._decode(dict(fields), arrays, transcript=None)
    assert all(same(vars(index)[k], vars(back)[k]) for k in vars(index)) and set(vars(back)) == set(vars(index))
    assert back.sounds.get("X") is None and back.sounds["X"] == [] and "X" not in back.sounds
    with pytest.raises(KeyError):
        back.pairs["y"]
    again = indexcache._decode(*indexcache._encode(back), transcript=None)  # a loaded index saves too
    assert all(same(vars(index)[k], vars(again)[k]) for k in vars(index))


def test_the_header_is_small_and_strings_are_bytes(cached):
    """Strings (captions, terms) are saved among the arrays, not in the JSON header."""
    IndexCache(cached.directory).index(cached.load(DEMO))
    data = (cached.directory / ".index" / f"{DEMO}.en.index").read_bytes()
    assert data.startswith(indexcache._MAGIC)
    assert indexcache._PREFIX.unpack_from(data, len(indexcache._MAGIC))[0] < 4000


def test_search_prints_the_same_from_a_built_and_a_loaded_index(cached):
    run = lambda: CliRunner().invoke(cli, ["search", DEMO, SUMMARY, "--transcripts", str(cached.directory)])  # noqa: E731
    first = run()
    assert (cached.directory / ".index" / f"{DEMO}.en.index").is_file()
    second = run()
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert second.output == first.output and "yes" in first.output


# ---------------------------------------------------------------- any bytes where a saved index belongs

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        st.binary(max_size=2000).map(lambda b: indexcache._MAGIC + b),
        # a well-formed prefix: a header's length, a CRC, then anything
        st.tuples(st.integers(0, 2**64 - 1), st.integers(0, 2**32 - 1), st.binary(max_size=2000)).map(
            lambda x: indexcache._MAGIC + indexcache._PREFIX.pack(x[0] % 4000, x[1]) + x[2]
        ),
    )
)
def test_any_bytes_as_a_saved_index_give_the_built_one(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("ix")
    transcript = read_transcript_file(ROOT / "tests" / "data" / "whisper.json", video_id="whisper0001")
    TranscriptStore(folder).save(transcript)
    (folder / ".index").mkdir()
    (folder / ".index" / f"whisper0001.{transcript.language_code}.index").write_bytes(data)
    cache = IndexCache(folder)
    index = cache.index(transcript)
    assert Locator(index).locate(SUMMARY) == Locator(transcript).locate(SUMMARY)
    assert len(cache.notes) == 1 and cache.notes[0].endswith("; rebuilt")


def test_search_with_a_fresh_saved_index_reads_no_transcript(cached, monkeypatch):
    run = lambda: CliRunner().invoke(cli, ["search", DEMO, SUMMARY, "--transcripts", str(cached.directory)])  # noqa: E731
    first = run()

    def no_reading(self, path):
        raise AssertionError(f"read {path}")

    monkeypatch.setattr(TranscriptStore, "read", no_reading)
    second = run()
    assert (second.exit_code, second.output) == (0, first.output)
    cached.directory.joinpath(".index", f"{DEMO}.en.index").write_bytes(b"damaged")
    monkeypatch.undo()
    third = run()
    assert (third.exit_code, third.stdout) == (0, first.output)
    assert third.stderr == f"Note: the saved index {cached.directory / '.index' / (DEMO + '.en.index')} was damaged (not a saved index); rebuilt.\n"


def test_an_index_saved_by_an_earlier_version_is_removed_when_the_new_one_is_saved(cached):
    old = cached.directory / ".index" / f"{DEMO}.en.npz"
    old.parent.mkdir()
    old.write_bytes(b"PK\x03\x04 an index of format 1 or 2")
    IndexCache(cached.directory).index(cached.load(DEMO))
    assert sorted(p.name for p in old.parent.iterdir()) == [f"{DEMO}.en.index"]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**7) | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(part=st.sampled_from(["fields", "arrays"]), pick=st.integers(0, 10**6), value=_JSON)
def test_a_saved_index_whose_header_says_anything_is_read_or_rebuilt(tmp_path_factory, part, pick, value):
    """The CRC guards against damage; a header that passes it but says anything at all (a
    field of another kind, an array out of bounds or of objects) is still no traceback: the
    index is read, or rebuilt with a note."""
    folder = tmp_path_factory.mktemp("hdr")
    transcript = read_transcript_file(ROOT / "tests" / "data" / "whisper.json", video_id="whisper0001")
    TranscriptStore(folder).save(transcript)
    IndexCache(folder).index(transcript)
    path = next((folder / ".index").iterdir())
    data = path.read_bytes()
    at = len(indexcache._MAGIC) + indexcache._PREFIX.size
    length, _ = indexcache._PREFIX.unpack_from(data, len(indexcache._MAGIC))
    header, blob = json.loads(data[at : at + length]), data[at + length :]
    names = sorted(header[part])
    header[part][names[pick % len(names)]] = value
    head = json.dumps(header).encode()
    path.write_bytes(indexcache._MAGIC + indexcache._PREFIX.pack(len(head), zlib.crc32(blob, zlib.crc32(head))) + head + blob)
    cache = IndexCache(folder)
    index = cache.index(transcript)
    assert isinstance(index, TranscriptIndex) and len(cache.notes) <= 1


def test_the_index_is_written_as_every_file_is(cached):
    """Through ``files.atomic_write_bytes``: through a symlink to the file it points at, and
    never over what is no file (then the index is built and used, not saved)."""
    transcript = cached.load(DEMO)
    folder = cached.directory / ".index"
    folder.mkdir()
    elsewhere = cached.directory / "kept-elsewhere.index"
    elsewhere.write_bytes(b"old")
    (folder / f"{DEMO}.en.index").symlink_to(elsewhere)
    IndexCache(cached.directory).index(transcript)
    assert (folder / f"{DEMO}.en.index").is_symlink() and elsewhere.read_bytes().startswith(indexcache._MAGIC)
    other = "whisper0001"
    (folder / f"{other}.{cached.load(other).language_code}.index").mkdir()
    index = IndexCache(cached.directory).index(cached.load(other))
    assert isinstance(index, TranscriptIndex)
    assert (folder / f"{other}.{cached.load(other).language_code}.index").is_dir()
