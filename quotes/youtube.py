"""Transcripts from YouTube, through youtube-transcript-api (the only module importing it).

Three layers:

- ``fetch_transcript(video_id, ...)`` and ``list_languages(video_id, ...)`` talk to YouTube
  (bare 11-character id only, no cache).
- ``transcript_for(video, store, fetch=...)`` accepts any URL or id, reads the cache first
  and saves what it fetches (atomically: a failed fetch never touches a cached file).
- Every failure of the library or of the network becomes one ``quotes.errors`` class
  (a ``TranscriptUnavailable`` child) whose message says what happened and what to try.

Choosing a track: for each code in ``languages``, in the user's order, a manually created
track wins over YouTube's generated one *in that language*; a generated track in the first
language wins over a manual one in the second (the user's order comes first).

Proxies: an explicit ``proxy`` URL, else Webshare credentials from
``WEBSHARE_PROXY_USERNAME``/``WEBSHARE_PROXY_PASSWORD``, else none, in which case
requests itself honours ``HTTPS_PROXY``/``HTTP_PROXY``/``NO_PROXY`` (``Session.trust_env``).
When we set a proxy we switch ``trust_env`` off: otherwise requests lets ``HTTPS_PROXY``
silently override the proxy given on the command line.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree.ElementTree import ParseError

import requests
import youtube_transcript_api as yta
from youtube_transcript_api.proxies import (
    GenericProxyConfig,
    ProxyConfig,
    WebshareProxyConfig,
)

from . import errors
from .store import TranscriptStore
from .transcript import Segment, Transcript
from .video import video_id_of

__all__ = [
    "DEFAULT_LANGUAGES",
    "TIMEOUT",
    "Fetched",
    "LanguageInfo",
    "fetch_to_store",
    "get_transcript",
    "transcript_for",
    "fetch_transcript",
    "list_languages",
    "proxy_config",
]

DEFAULT_LANGUAGES = ("en",)
# (connect, read) seconds. youtube-transcript-api passes no timeout, so without one a dead
# connection would hang the command forever.
TIMEOUT = (15.0, 60.0)
_PROXY_SCHEMES = ("http", "https", "socks4", "socks4a", "socks5", "socks5h")


@dataclass(frozen=True)
class LanguageInfo:
    """One caption track YouTube has for a video."""

    code: str
    name: str
    is_generated: bool
    translatable: bool
    translation_languages: tuple[str, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class Fetched:
    """What ``fetch_to_store`` did: the transcript, its cache file, and whether it was cached."""

    transcript: Transcript
    path: Path
    from_cache: bool


# ---------------------------------------------------------------- proxies and the HTTP session


def _redact(url: str) -> str:
    """``url`` without its password.

    >>> _redact("http://ann:s3cret@proxy.example:3128")
    'http://ann:***@proxy.example:3128'
    """
    return re.sub(r"(//[^/:@\s]*:)[^/@\s]*@", r"\1***@", url)


def proxy_config(proxy: str | None = None, environ=None) -> ProxyConfig | None:
    """The proxy to use: ``proxy`` URL, else Webshare credentials from the environment, else None.

    ``None`` leaves proxies to requests, which reads ``HTTPS_PROXY``/``HTTP_PROXY`` itself.
    """
    env = os.environ if environ is None else environ
    if proxy:
        try:
            parts = urlsplit(proxy)
            parts.port  # noqa: B018 - raises ValueError for a bad port
        except ValueError as exc:
            raise errors.ProxyURLError(_redact(proxy), str(exc)) from None
        if parts.scheme.lower() not in _PROXY_SCHEMES or not parts.hostname:
            raise errors.ProxyURLError(_redact(proxy), "it needs a scheme and a host")
        return GenericProxyConfig(http_url=proxy, https_url=proxy)
    user = env.get("WEBSHARE_PROXY_USERNAME")
    password = env.get("WEBSHARE_PROXY_PASSWORD")
    if user and password:
        locations = [c for c in re.split(r"[,\s]+", env.get("WEBSHARE_PROXY_LOCATIONS", "")) if c]
        return WebshareProxyConfig(
            proxy_username=user, proxy_password=password, filter_ip_locations=locations or None
        )
    return None


class _Session(requests.Session):
    """A session whose requests time out (the library never passes a timeout)."""

    def request(self, method, url, **kwargs):
        kwargs.setdefault("timeout", TIMEOUT)
        return super().request(method, url, **kwargs)


def _api(config: ProxyConfig | None) -> yta.YouTubeTranscriptApi:
    session = _Session()
    if config is not None:
        # requests merges environment proxies *over* session.proxies, so HTTPS_PROXY would
        # win over --proxy. Ignore the environment, but keep its CA bundle settings.
        session.trust_env = False
        bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        if bundle:
            session.verify = bundle
    return yta.YouTubeTranscriptApi(proxy_config=config, http_client=session)


# ---------------------------------------------------------------- error mapping


def _network_what(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.exceptions.ProxyError):
        what = "cannot connect through the proxy"
    elif isinstance(exc, requests.exceptions.Timeout):
        what = "YouTube did not answer in time"
    elif isinstance(exc, requests.exceptions.SSLError):
        what = "the secure connection to YouTube failed"
    elif isinstance(exc, requests.exceptions.ConnectionError):
        what = "cannot connect to YouTube"
    else:
        what = "the request to YouTube failed"
    text = str(exc)
    if "SOCKS" in text:
        return "SOCKS proxies need an extra package: pip install 'requests[socks]'"
    # The useful part sits deep inside urllib3's message: "[Errno -2] Name or service not known".
    m = re.search(r"\[Errno -?\d+\] ([^\"')]+)", text)
    if m:
        what += f" ({m.group(1).strip()})"
    elif text and len(text) <= 120 and "Pool(" not in text:
        what += f" ({_redact(text)})"
    return what


@contextlib.contextmanager
def _youtube_errors(video_id: str, config: ProxyConfig | None) -> Iterator[None]:
    """Turn whatever youtube-transcript-api or requests raise into one quotes error."""
    try:
        yield
    except yta.IpBlocked:
        raise errors.IpBlocked(video_id, proxy_used=config is not None) from None
    except yta.RequestBlocked:
        raise errors.RequestBlocked(video_id, proxy_used=config is not None) from None
    except yta.InvalidVideoId:
        raise errors.InvalidVideoId(video_id) from None
    except yta.VideoUnavailable:
        raise errors.VideoUnavailable(video_id) from None
    except yta.AgeRestricted:
        raise errors.AgeRestricted(video_id) from None
    except yta.VideoUnplayable as exc:
        raise errors.VideoUnplayable(video_id, exc.reason, exc.sub_reasons) from None
    except yta.TranscriptsDisabled:
        raise errors.TranscriptsDisabled(video_id) from None
    except yta.PoTokenRequired:
        raise errors.PoTokenRequired(video_id) from None
    except yta.FailedToCreateConsentCookie as exc:
        raise errors.YouTubeChanged(
            video_id,
            "YouTube showed its cookie-consent page and would not accept the automatic answer",
        ) from exc
    except yta.YouTubeRequestFailed as exc:
        raise errors.YouTubeChanged(
            video_id, f"YouTube answered with an error ({_redact(exc.reason)})"
        ) from exc
    except yta.YouTubeDataUnparsable as exc:
        raise errors.YouTubeChanged(
            video_id, "YouTube's page did not contain what quotes needs (it may have changed)"
        ) from exc
    except yta.YouTubeTranscriptApiException as exc:
        # NoTranscriptFound, NotTranslatable and TranslationLanguageNotAvailable are handled
        # where we have the data to explain them; cookie errors cannot happen (no cookies).
        raise errors.YouTubeChanged(
            video_id, f"youtube-transcript-api failed ({type(exc).__name__})"
        ) from exc
    except requests.exceptions.JSONDecodeError as exc:
        raise errors.YouTubeChanged(video_id, "YouTube sent data that is not JSON") from exc
    except requests.RequestException as exc:
        raise errors.NetworkError(video_id, _network_what(exc)) from exc
    except ParseError as exc:
        raise errors.YouTubeChanged(video_id, f"YouTube sent unreadable captions ({exc})") from exc
    except (KeyError, IndexError, TypeError) as exc:
        # The library indexes YouTube's JSON directly: a missing key means the format changed.
        raise errors.YouTubeChanged(
            video_id, f"YouTube's data has an unexpected shape ({type(exc).__name__}: {exc})"
        ) from exc


# ---------------------------------------------------------------- talking to YouTube


def _choose(tracks: yta.TranscriptList, languages: Sequence[str]):
    """First of ``languages`` with a track, a manual one beating a generated one in a language."""
    manual = {t.language_code: t for t in tracks if not t.is_generated}
    generated = {t.language_code: t for t in tracks if t.is_generated}
    for code in languages:
        if code in manual:
            return manual[code]
        if code in generated:
            return generated[code]
    return None


def _describe(tracks: yta.TranscriptList) -> list[str]:
    """``["cs", "en", "en (generated)"]``: manual tracks first, each group sorted."""
    manual = sorted(t.language_code for t in tracks if not t.is_generated)
    generated = sorted(f"{t.language_code} (generated)" for t in tracks if t.is_generated)
    return manual + generated


def fetch_transcript(
    video_id: str,
    languages: Sequence[str] | None = None,
    translate: str | None = None,
    proxy: str | None = None,
) -> Transcript:
    """Fetch the captions of ``video_id`` (a bare id) from YouTube; no cache.

    ``languages`` in order of preference (default ``["en"]``); in each, manual captions win
    over generated ones. ``translate`` asks YouTube to machine-translate the chosen track:
    the result has that ``language_code``, ``translated_from`` set and ``is_generated`` True.
    Segment text is YouTube's, uncleaned (see ``Transcript.cleaned``).
    """
    languages = list(languages or DEFAULT_LANGUAGES)
    config = proxy_config(proxy)
    api = _api(config)
    with _youtube_errors(video_id, config):
        tracks = api.list(video_id)
        track = _choose(tracks, languages)
        if track is None:
            raise errors.NoTranscriptInLanguages(
                video_id, languages, _describe(tracks), any(t.is_translatable for t in tracks)
            )
        source_code = track.language_code
        if translate and translate != source_code:
            try:
                track = track.translate(translate)
            except (yta.NotTranslatable, yta.TranslationLanguageNotAvailable):
                raise errors.TranslationUnavailable(
                    video_id, source_code, translate, track.is_translatable
                ) from None
        else:
            translate = None
        try:
            fetched = track.fetch()
        except yta.PoTokenRequired:
            raise errors.PoTokenRequired(video_id, source_code) from None
    return Transcript(
        video_id=video_id,
        language_code=fetched.language_code,
        language=fetched.language,
        is_generated=fetched.is_generated,
        source="youtube",
        fetched_at=datetime.now(timezone.utc),
        translated_from=source_code if translate else None,
        segments=[Segment(start=s.start, duration=s.duration, text=s.text) for s in fetched],
    )


def list_languages(video_id: str, proxy: str | None = None) -> list[LanguageInfo]:
    """The caption tracks YouTube has for ``video_id`` (a bare id): manual ones first."""
    config = proxy_config(proxy)
    api = _api(config)
    with _youtube_errors(video_id, config):
        tracks = list(api.list(video_id))
    return [
        LanguageInfo(
            code=t.language_code,
            name=t.language,
            is_generated=t.is_generated,
            translatable=t.is_translatable,
            translation_languages=tuple(x.language_code for x in t.translation_languages),
        )
        for t in tracks
    ]


# ---------------------------------------------------------------- cache in front of YouTube


def transcript_for(
    video: str,
    store: TranscriptStore,
    *,
    fetch: bool = True,
    languages: Sequence[str] | None = None,
    translate: str | None = None,
    refresh: bool = False,
    proxy: str | None = None,
    fetcher: Callable[[str, Sequence[str] | None, str | None], Transcript] | None = None,
) -> Fetched:
    """The transcript of ``video`` (URL or id): from the cache, else fetched and cached.

    The cache is asked for ``translate`` if given, else for the first of ``languages``
    that is cached (no ``languages``: English, else any cached language). ``refresh``
    skips the cache. Without ``fetch`` a cache miss raises TranscriptNotCached.
    The cache file is written only after a complete fetch, atomically. ``fetcher(video_id,
    languages, translate)`` fetches instead of youtube-transcript-api (``quotes.routes``:
    both routes).
    """
    video_id = video_id_of(video)
    wanted = [translate] if translate else (list(languages) if languages else None)
    if not refresh:
        cached = store.find(video_id, wanted)
        if cached is not None:
            return Fetched(cached, store.path_for(video_id, cached.language_code), True)
    if not fetch:
        raise errors.TranscriptNotCached(video_id, str(store.directory), wanted)
    if fetcher is not None:
        transcript = fetcher(video_id, languages, translate)
    else:
        transcript = fetch_transcript(video_id, languages, translate=translate, proxy=proxy)
    path = store.save(transcript)
    return Fetched(transcript, path, False)


# (The names of 0.1, kept for callers of the library.)


def fetch_to_store(
    video: str,
    *,
    store: TranscriptStore,
    languages: Sequence[str] | None = None,
    translate: str | None = None,
    refresh: bool = False,
    proxy: str | None = None,
    allow_fetch: bool = True,
) -> Fetched:
    """``transcript_for`` under its old name (``allow_fetch`` is its ``fetch``)."""
    return transcript_for(
        video, store, fetch=allow_fetch, languages=languages, translate=translate, refresh=refresh, proxy=proxy
    )


def get_transcript(video: str, **options) -> Transcript:
    """``fetch_to_store`` (same options), giving only the transcript."""
    return fetch_to_store(video, **options).transcript
