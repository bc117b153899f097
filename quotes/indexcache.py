"""The locate engine's index of a cached transcript, saved beside it and loaded in milliseconds.

Building a ``TranscriptIndex`` of a 3.5-hour interview takes about a seventh of a second;
loading the saved one a few milliseconds. Each index is saved as
``<transcripts>/.index/<video>.<lang>.index``: a small JSON header, then plain arrays (bools,
integers, floats: loading one runs no code), the whole read in one piece, checked against its
CRC-32, and the arrays used where they lie, not copied. Its key has three parts:

- the format of this file (``FORMAT``),
- the engine's version: a hash of the engine's source (``quotes/locate/``, ``words.py``,
  ``transcript.py``), so that any change to how an index is built makes old ones stale,
- the transcript's content: the SHA-256 of the cache file's bytes.

A saved index whose key differs is rebuilt and saved again (quietly: the transcript or the
engine changed); one that cannot be read (damaged, cut short, of the wrong shape) is never
trusted: it is rebuilt, with a note. Writes go to a temporary file renamed into place.

The index is saved attribute by attribute, by kind (arrays, numbers, strings, lists, dicts of
those); the few attributes made from the transcript's language (its stemmer, its stopwords)
and the transcript itself are made again on loading. An index holding anything else is not
saved (``UnsavableIndex``), so a new kind of attribute fails a test, not a user. The header
is small JSON; strings are saved as UTF-8 bytes among the arrays. A loaded index's big dicts
(postings, spans, weights, spellings, sounds) are read-only mappings that make each value when
a query asks for it: a query touches a few dozen of thousands of terms.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import struct
import zlib
from collections import defaultdict
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np

from .files import atomic_write_bytes
from .locate import TranscriptIndex
from .transcript import Transcript
from .words import stemmer_for, stopwords_for

__all__ = ["IndexCache", "engine_version", "save_index", "load_index", "UnsavableIndex", "FORMAT"]

#: The layout of the saved file; bumped when ``_encode`` changes.
FORMAT = 3
_FOLDER = ".index"
_SUFFIX = ".index"
_OLD_SUFFIXES = (".npz",)  # what earlier formats were saved as
# The queries' working memory (zeros between queries): saved by its shape, loaded as fresh
# zeros, writable (the other arrays of a loaded index are read-only views of the file).
_SCRATCH = {"scratch"}
# Attributes made again on loading (from the transcript, or its language), not saved.
_REMADE = {
    "transcript": lambda t, language: t,
    "stem": lambda t, language: stemmer_for(language),
    "stopwords": lambda t, language: stopwords_for(language),
}


class _Deferred:
    """Stands for a transcript not read yet: read (once) when anything of it is asked. The engine
    asks nothing of it once the index is loaded, so ``search`` never reads it."""

    def __init__(self, read):
        self._read = read
        self._value = None

    def __getattr__(self, name):
        if self._value is None:
            self._value = self._read()
        return getattr(self._value, name)


class UnsavableIndex(Exception):
    """The index holds an attribute of a kind this module cannot save."""


class DamagedIndex(Exception):
    """A saved index that cannot be read back as it was saved."""


@lru_cache(maxsize=None)
def engine_version() -> str:
    """A hash of the source of everything that decides what an index holds."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted((root / "locate").glob("*.py")) + [root / "words.py", root / "transcript.py"]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


# ---------------------------------------------------------------- encoding, attribute by attribute


_SEP = "\x1f"  # joins a list of strings into one (when none holds it)


class _Packed(Mapping):
    """A saved dict, read-only, each value made from the saved arrays only when asked for.

    A loaded index answers a query with a few dozen of its thousands of terms: making every
    value (an array view, a tuple, a list) on loading would cost more than the query, and
    freeing them all again at exit as much. Keys map to their position in the saved key list;
    ``make(position)`` gives the value. ``missing`` (a defaultdict's factory) answers an absent
    key as the dict did, without keeping it."""

    __slots__ = ("_at", "_make", "_missing")

    def __init__(self, at: dict, make, missing=None):
        self._at, self._make, self._missing = at, make, missing

    def __getitem__(self, key):
        k = self._at.get(key)
        if k is None:
            if self._missing is None:
                raise KeyError(key)
            return self._missing()
        return self._make(k)

    def get(self, key, default=None):
        k = self._at.get(key)
        return default if k is None else self._make(k)

    def __contains__(self, key) -> bool:
        return key in self._at

    def __iter__(self):
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)

    def __repr__(self) -> str:
        return f"<saved mapping of {len(self)} keys>"


def _joinable(values: list) -> bool:
    return bool(values) and all(type(v) is str for v in values) and not any(_SEP in v for v in values)


def _encode(index: TranscriptIndex) -> tuple[dict, dict[str, np.ndarray]]:
    """The index as a small JSON-able header and named arrays (strings too: as UTF-8 bytes).
    Dicts that share their keys (postings, spans and weights of the same terms) share one list
    of them, saved once; an array equal to one saved already is saved once."""
    fields, arrays = {}, {}
    key_lists: list[list] = []

    def array(name: str, value) -> str:
        value = np.asarray(value)
        for known, saved in arrays.items():
            if saved.dtype == value.dtype and saved.shape == value.shape and np.array_equal(saved, value):
                return known
        arrays[name] = value
        return name

    def strings(name: str, values: list) -> list:
        if _joinable(values):
            return ["utf8", array(name, np.frombuffer(_SEP.join(values).encode("utf-8"), dtype=np.uint8))]
        return ["plain", list(values)]

    def keys_of(keys: list) -> int:
        for k, known in enumerate(key_lists):
            if known == keys:
                return k
        key_lists.append(keys)
        return len(key_lists) - 1

    for name, value in vars(index).items():
        key = f"a{len(fields)}"
        if name in _REMADE:
            fields[name] = ["remade"]
        elif isinstance(value, np.ndarray) and value.dtype != object:
            if name in _SCRATCH or (value.size and not value.any()):  # zeros: the shape is enough
                fields[name] = ["zeros", list(value.shape), value.dtype.str]
            else:
                fields[name] = ["array", array(key, value)]
        elif value is None or isinstance(value, (bool, int, float, str)):
            fields[name] = ["value", value]
        elif isinstance(value, list) and all(type(v) is bool for v in value):
            fields[name] = ["bools", array(key, np.asarray(value, dtype=bool))]
        elif isinstance(value, list) and all(isinstance(v, (bool, int, float, str)) for v in value):
            fields[name] = ["list", strings(key, value)]
        elif isinstance(value, (dict, _Packed)):
            fields[name] = _encode_dict(name, value, key, array, strings, keys_of)
        else:
            raise UnsavableIndex(f"{name}: {type(value).__name__}")
    fields["@keys"] = [strings(f"k{k}", keys) if all(type(x) is str for x in keys) else ["plain", keys]
                       for k, keys in enumerate(key_lists)]
    return fields, arrays


def _encode_dict(name: str, value, key: str, array, strings, keys_of) -> list:
    kind = "defaultdict" if isinstance(value, defaultdict) or getattr(value, "_missing", None) is list else "dict"
    keys = list(value)
    values = list(value.values())
    if not all(isinstance(k, (str, float, int)) for k in keys):
        raise UnsavableIndex(f"{name}: keys")
    keys = keys_of(keys)
    if not values:
        return [kind, "empty", keys]
    if all(isinstance(v, float) for v in values):
        return [kind, "floats", keys, array(key, np.asarray(values, dtype=float))]
    if all(isinstance(v, tuple) and len(v) == 2 and all(isinstance(x, int) for x in v) for v in values):
        return [kind, "pairs", keys, array(key, np.asarray(values, dtype=np.int64).reshape(-1, 2))]
    if all(isinstance(v, np.ndarray) and v.ndim == 1 and v.dtype != object for v in values):
        sizes = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
        joined = np.concatenate(values) if sum(sizes) else np.empty(0, dtype=values[0].dtype)
        return [kind, "arrays", keys, array(key, joined), array(key + "n", sizes)]
    if all(isinstance(v, tuple) and all(isinstance(x, np.ndarray) for x in v) for v in values):
        parts = [[array(f"{key}_{k}_{j}", x) for j, x in enumerate(v)] for k, v in enumerate(values)]
        return [kind, "array-tuples", keys, parts]
    flat = [x for v in values if isinstance(v, list) for x in v]
    if all(isinstance(v, list) for v in values) and (not flat or _joinable(flat)):
        sizes = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
        return [kind, "string-lists", keys, strings(key, flat), array(key + "n", sizes)]
    if all(isinstance(v, list) and all(isinstance(x, (str, float, int, bool)) for x in v) for v in values):
        return [kind, "lists", keys, values]
    if all(isinstance(v, list) and all(isinstance(x, tuple) for x in v) for v in values):
        return [kind, "tuple-lists", keys, [[list(x) for x in v] for v in values]]
    raise UnsavableIndex(f"{name}: values")


def _strings_of(spec: list, arrays, read: dict | None = None) -> list:
    """A saved list of strings; ``read`` keeps those read already, by array (saved once, the
    same strings are read once)."""
    if spec[0] == "utf8":
        if read is not None and spec[1] in read:
            return read[spec[1]]
        found = arrays[spec[1]].tobytes().decode("utf-8").split(_SEP)
        if read is not None:
            read[spec[1]] = found
        return found
    if spec[0] == "plain" and isinstance(spec[1], list):
        return spec[1]
    raise DamagedIndex(f"unknown list kind {spec[0]!r}")


def _decode(fields: dict, arrays, transcript, language: str | None = None) -> TranscriptIndex:
    index = TranscriptIndex.__new__(TranscriptIndex)
    state = {}
    read: dict[str, list] = {}
    key_lists = [_strings_of(keys, arrays, read) for keys in fields.pop("@keys")]
    positions = [dict(zip(keys, range(len(keys)))) for keys in key_lists]
    language = language if language is not None else getattr(transcript, "language_code", None)
    for name, spec in fields.items():
        kind = spec[0]
        if kind == "remade":
            state[name] = _REMADE[name](transcript, language)
        elif kind == "array":
            state[name] = arrays[spec[1]]
        elif kind == "zeros":
            state[name] = np.zeros(spec[1], dtype=np.dtype(spec[2]))
        elif kind == "value":
            state[name] = spec[1]
        elif kind == "list":
            state[name] = _strings_of(spec[1], arrays, read)
        elif kind == "bools":
            state[name] = arrays[spec[1]].tolist()
        elif kind in ("dict", "defaultdict"):
            state[name] = _decode_dict(spec, arrays, key_lists, positions)
        else:
            raise DamagedIndex(f"{name}: unknown kind {kind!r}")
    index.__dict__.update(state)
    return index


def _offsets(sizes: np.ndarray, total: int) -> tuple[np.ndarray, np.ndarray]:
    ends = np.cumsum(sizes)
    if len(sizes) and (sizes.min() < 0 or int(ends[-1]) != total):
        raise DamagedIndex("sizes and values differ in number")
    return ends - sizes, ends


def _decode_dict(spec: list, arrays, key_lists: list[list], positions: list[dict]):
    """A saved dict: the few small ones made whole; dicts of arrays, numbers, pairs and
    lists of strings as ``_Packed`` mappings, their values made when asked for."""
    kind, how, keys, at = spec[0], spec[1], key_lists[spec[2]], positions[spec[2]]
    missing = list if kind == "defaultdict" else None
    if len(at) != len(keys):
        raise DamagedIndex("a key is saved twice")
    if how == "floats":
        values = arrays[spec[3]]
        count = len(values)
        make = lambda k: float(values[k])  # noqa: E731
    elif how == "pairs":
        pairs = arrays[spec[3]]
        if pairs.ndim != 2 or pairs.shape[1] != 2:
            raise DamagedIndex("pairs of the wrong shape")
        count = len(pairs)
        make = lambda k: (int(pairs[k, 0]), int(pairs[k, 1]))  # noqa: E731
    elif how == "arrays":
        joined = arrays[spec[3]]
        starts, ends = _offsets(arrays[spec[4]], len(joined))
        count = len(starts)
        make = lambda k: joined[starts[k] : ends[k]]  # noqa: E731
    elif how == "string-lists":
        flat = _strings_of(spec[3], arrays)
        starts, ends = _offsets(arrays[spec[4]], len(flat))
        count = len(starts)
        make = lambda k: flat[starts[k] : ends[k]]  # noqa: E731
    else:
        return _decode_small_dict(spec, arrays, keys, kind)
    if count != len(keys):
        raise DamagedIndex("keys and values differ in number")
    return _Packed(at, make, missing)


def _decode_small_dict(spec: list, arrays, keys: list, kind: str) -> dict:
    how = spec[1]
    if how == "empty":
        values = []
    elif how == "array-tuples":
        values = [tuple(arrays[name] for name in names) for names in spec[3]]
    elif how == "lists":
        values = spec[3]
    elif how == "tuple-lists":
        values = [[tuple(x) for x in v] for v in spec[3]]
    else:
        raise DamagedIndex(f"unknown dict kind {how!r}")
    if len(values) != len(keys):
        raise DamagedIndex("keys and values differ in number")
    found = dict(zip(keys, values))
    return defaultdict(list, found) if kind == "defaultdict" else found


# ---------------------------------------------------------------- files


_MAGIC = b"quotes index\n"
_PREFIX = struct.Struct("<QI")  # the header's length, the CRC-32 of the rest
_ALIGN = 8  # every array starts at a multiple of this in the file (and the bytes read)
_KINDS = "biuf"  # bools, integers, floats: nothing else is saved or read back


def _pack(key: dict, fields: dict, arrays: dict[str, np.ndarray]) -> bytes:
    """The file: ``_MAGIC``; the header's length and the CRC-32 of all that follows (12
    bytes); the JSON header (padded), giving each array's place, type and shape; then each
    array's bytes, aligned."""
    layout, chunks, offset = {}, [], 0
    for name, value in arrays.items():
        value = np.ascontiguousarray(value)
        if value.dtype.kind not in _KINDS:
            raise UnsavableIndex(f"{name}: arrays of {value.dtype}")
        pad = -offset % _ALIGN
        chunks.append(b"\0" * pad)
        data = value.tobytes()
        layout[name] = [offset + pad, value.dtype.str, list(value.shape)]
        chunks.append(data)
        offset += pad + len(data)
    blob = b"".join(chunks)
    head = json.dumps({"key": key, "fields": fields, "arrays": layout, "size": len(blob)}, allow_nan=True).encode("utf-8")
    head += b" " * (-(len(_MAGIC) + _PREFIX.size + len(head)) % _ALIGN)
    return _MAGIC + _PREFIX.pack(len(head), zlib.crc32(blob, zlib.crc32(head))) + head + blob


def _unpack(data: bytes, key: dict) -> tuple[dict, dict[str, np.ndarray]] | None:
    """The header's fields and the arrays (read-only views of ``data``, not copies) of a saved
    index, if it was saved under ``key``; None when it was not; DamagedIndex when ``data`` is
    not such a file whole and unchanged."""
    at = len(_MAGIC) + _PREFIX.size
    if not data.startswith(_MAGIC) or len(data) < at:
        raise DamagedIndex("not a saved index")
    length, crc = _PREFIX.unpack_from(data, len(_MAGIC))
    begin = at + length
    if begin > len(data):
        raise DamagedIndex("cut short")
    header = json.loads(data[at:begin])
    if not isinstance(header, dict) or not isinstance(header.get("arrays"), dict):
        raise DamagedIndex("no header")
    blob = memoryview(data)[begin:]
    if len(blob) != header.get("size") or zlib.crc32(blob, zlib.crc32(data[at:begin])) != crc:
        raise DamagedIndex("cut short or changed since it was saved")
    if header.get("key") != key:
        return None
    arrays = {}
    for name, (offset, dtype, shape) in header["arrays"].items():
        dtype = np.dtype(dtype)
        count = math.prod(shape)
        if dtype.kind not in _KINDS or offset < 0 or count < 0 or offset + count * dtype.itemsize > len(blob):
            raise DamagedIndex(f"array {name} out of bounds")
        arrays[name] = np.frombuffer(blob, dtype=dtype, count=count, offset=offset).reshape(shape)
    return header["fields"], arrays


def save_index(index: TranscriptIndex, path: Path, key: dict) -> None:
    """Write ``index`` to ``path`` under ``key`` (``files.atomic_write_bytes``: a temporary
    file renamed into place)."""
    atomic_write_bytes(path, _pack(key, *_encode(index)))
    for old in _OLD_SUFFIXES:  # an index saved by an earlier version, beside it: stale for good
        path.with_suffix(old).unlink(missing_ok=True)


def load_index(path: Path, transcript, key: dict, language: str | None = None) -> TranscriptIndex | None:
    """The index saved at ``path`` if it was saved under ``key``; None when there is none or
    its key differs; DamagedIndex when it cannot be read. ``language``: the transcript's (when
    ``transcript`` stands for one not read yet). The file is read in one piece and its arrays
    are views of it: nothing is copied."""
    if not path.is_file():
        return None
    data = path.read_bytes()
    try:
        found = _unpack(data, key)
        return None if found is None else _decode(found[0], found[1], transcript, language)
    except DamagedIndex:
        raise
    except Exception as exc:  # a damaged file can fail in any of struct's, json's or numpy's ways
        raise DamagedIndex(f"{type(exc).__name__}: {exc}") from None


class IndexCache:
    """Saved indexes of the transcripts cached in ``directory`` (in its ``.index`` folder).

    ``notes`` says which saved indexes were damaged and rebuilt.
    """

    def __init__(self, directory: str | os.PathLike):
        self.directory = Path(directory)
        self.folder = self.directory / _FOLDER
        self.notes: list[str] = []

    def _key_and_path(self, source: Path) -> tuple[dict, Path]:
        content = hashlib.sha256(source.read_bytes()).hexdigest()
        key = {"format": FORMAT, "engine": engine_version(), "content": content}
        stem = source.name[: -len(".json")] if source.name.endswith(".json") else source.name
        return key, self.folder / f"{stem}{_SUFFIX}"

    def saved(self, source: str | os.PathLike, language: str, read) -> TranscriptIndex | None:
        """The index saved for the cache file ``source`` (a transcript in ``language``) when it is
        fresh, without reading the transcript: ``read()`` reads it if ever asked for. None when
        there is none, it is stale, or damaged (with a note)."""
        source = Path(source)
        try:
            key, path = self._key_and_path(source)
            return load_index(path, _Deferred(read), key, language)
        except OSError:
            return None
        except DamagedIndex as exc:
            self.notes.append(f"the saved index {self.folder / source.name[:-5]}{_SUFFIX} was damaged ({exc}); rebuilt")
            return None

    def of_file(self, source: str | os.PathLike, language: str, read) -> TranscriptIndex:
        """The index of the cache file ``source``: the saved one when fresh (the transcript is
        then not read), else built from ``read()`` and saved."""
        index = self.saved(source, language, read)
        return index if index is not None else self.index(read(), source)

    def index(self, transcript: Transcript, source: str | os.PathLike | None = None) -> TranscriptIndex:
        """The index of ``transcript``, read from ``source`` (its cache file; by default where
        the store keeps it): loaded when saved under the same content and engine, else built
        and saved. A transcript without a cache file is indexed, not saved."""
        source = Path(source) if source is not None else self.directory / f"{transcript.video_id}.{transcript.language_code}.json"
        try:
            key, path = self._key_and_path(source)
        except OSError:
            return TranscriptIndex(transcript)
        try:
            found = load_index(path, transcript, key)
        except DamagedIndex as exc:
            self.notes.append(f"the saved index {path} was damaged ({exc}); rebuilt")
            found = None
        if found is not None:
            return found
        index = TranscriptIndex(transcript)
        try:
            save_index(index, path, key)
        except (OSError, UnsavableIndex):
            pass  # a read-only cache, or an index of a kind not saved yet: built each time
        return index
