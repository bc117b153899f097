"""quotes: find, check and render timestamped quotes from video interviews.

The library's main names are importable from here; each is loaded on first use, so that
``import quotes`` (and every command) stays fast::

    >>> from quotes import Locator, parse_timecode
    >>> parse_timecode("13:23")
    803.0
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_WHERE = {
    # URLs, deep links and times
    "parse_video_url": "video", "video_id_of": "video", "deep_link": "video", "with_time": "video",
    "parse_timecode": "timecode", "format_timecode": "timecode",
    # transcripts: model, files, cache, YouTube
    "Segment": "transcript", "Transcript": "transcript",
    "read_transcript_file": "formats", "format_transcript": "formats",
    "TranscriptStore": "store", "search_library": "library",
    "fetch_transcript": "youtube", "list_languages": "youtube",
    # (the cache in front of both routes to YouTube: youtube-transcript-api, then yt-dlp)
    "fetch_to_store": "routes", "transcript_for": "routes", "VideoInfo": "videoinfo",
    # finding, checking, writing
    "Locator": "locate", "Match": "locate", "locate": "locate",
    "parse_document": "document", "read_document": "document",
    "Verifier": "verify", "verify_document": "verify", "apply_fixes": "verify", "place_link": "locate",
    "QuotesFile": "quotesfile", "Section": "quotesfile", "load": "quotesfile",
    "match_sections": "sections", "import_markdown": "import_doc",
    # (quotes.render.render is not here: the name is its module's)
    "QuotesError": "errors",
}

__all__ = ["__version__", *_WHERE]


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'quotes' has no attribute {name!r}")
    loaded = importlib.import_module(f".{module}", __name__)
    # ``quotes.locate`` names a package and its function: the package, which can be called.
    value = loaded if name == module else getattr(loaded, name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
