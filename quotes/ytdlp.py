"""Captions and video facts through yt-dlp's Python API (the only module importing yt-dlp).

The second route to a transcript, for when youtube-transcript-api is blocked or cannot do
what YouTube asks (bot check, PO token, age restriction, consent page): yt-dlp is updated as
YouTube changes, and it can sign in with the user's own browser cookies. It also knows what
youtube-transcript-api does not: the video's title, channel, upload date, duration and chapters.

- ``load()`` imports yt-dlp, or raises YtDlpMissing (not installed, or broken): the caller
  turns the route off with one line.
- ``fetch(video_id, ...)`` asks yt-dlp for the video's data (``extract_info``, no download,
  no format selection), chooses a track as ``quotes.youtube`` does (in each language of the
  user's order, typed captions before YouTube's automatic ones), downloads it as json3, else
  WebVTT, through the same YoutubeDL (same proxy and cookies), and reads it with our own
  readers (``quotes.formats``: rolling auto-captions come out with each word once).
- ``fetch_info(video_id, ...)`` gives only the facts.
- Every failure becomes one quotes error (``YtDlpFailed`` with a ``kind``, ``CookiesError``,
  or the route-independent ``TranscriptsDisabled`` / ``NoTranscriptInLanguages``).

yt-dlp never prints: its messages go to a collector (its warnings explain a missing track),
and a cookies file is handed to it as text, so it cannot write the user's file back.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from datetime import date, datetime, timezone
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from . import errors
from .transcript import Transcript
from .videoinfo import Chapter, VideoInfo

__all__ = ["ROUTE", "fetch", "fetch_info", "list_languages", "load", "parse_browser"]

ROUTE = "yt-dlp"
# Caption formats our readers take, best first: json3 has exact times and no rolling repeats.
_FORMATS = ("json3", "vtt")
# A caption file larger than this is not captions (a 4-hour json3 is about 5 MB).
_MAX_BYTES = 64 * 1024 * 1024
_MAX_COOKIE_BYTES = 10 * 1024 * 1024  # a browser's cookies.txt is kilobytes; /dev/zero never ends
_TIMEOUT = 30.0  # seconds per socket operation, as youtube.TIMEOUT's read timeout roughly


def load():
    """The ``yt_dlp`` module; YtDlpMissing when it is not installed or cannot be imported."""
    try:
        import yt_dlp
        from yt_dlp.networking import exceptions as _net  # noqa: F401 - what the error mapping needs
        from yt_dlp.utils import DownloadError  # noqa: F401
    except Exception as exc:  # noqa: BLE001 - a broken install raises anything (SyntaxError, AttributeError)
        why = "not installed" if isinstance(exc, ModuleNotFoundError) and exc.name == "yt_dlp" else (
            f"{type(exc).__name__}: {exc}"
        )
        raise errors.YtDlpMissing(why) from None
    return yt_dlp


class _Log:
    """Collects yt-dlp's messages instead of letting it print them."""

    def __init__(self):
        self.warnings: list[str] = []

    def debug(self, msg: str) -> None:
        pass

    def info(self, msg: str) -> None:
        pass

    def warning(self, msg: str) -> None:
        self.warnings.append(msg)

    def error(self, msg: str) -> None:
        pass  # the exception that follows carries it


def parse_browser(spec: str) -> tuple[str, str | None, None, None]:
    """``BROWSER[:PROFILE]`` as yt-dlp's ``cookiesfrombrowser`` wants it.

    >>> parse_browser("Firefox:work")
    ('firefox', 'work', None, None)
    """
    browser, _, profile = spec.partition(":")
    browser = browser.strip().lower()
    supported = sorted(load().cookies.SUPPORTED_BROWSERS)
    if browser not in supported:
        raise errors.CookiesError(
            f"browser {browser!r}", f"yt-dlp reads the cookies of {', '.join(supported)}"
        )
    return browser, profile.strip() or None, None, None


def _params(proxy: str | None, cookies: str | None, cookies_from_browser: str | None, log: _Log) -> dict:
    from .youtube import proxy_config  # the one rule for which proxy to use

    params = {
        "quiet": True,
        "no_warnings": False,  # they go to the collector
        "logger": log,
        "skip_download": True,
        "noplaylist": True,
        "socket_timeout": _TIMEOUT,
        # yt-dlp retries a failing request 10 times by default; a fallback should not wait minutes.
        "retries": 2,
        "extractor_retries": 1,
        "color": {"stdout": "never", "stderr": "never"},
    }
    config = proxy_config(proxy)
    if config is not None:  # else yt-dlp reads HTTPS_PROXY / HTTP_PROXY itself
        params["proxy"] = config.to_requests_dict()["https"]
    if cookies:
        try:
            with open(cookies, "rb") as handle:
                data = handle.read(_MAX_COOKIE_BYTES + 1)
            if len(data) > _MAX_COOKIE_BYTES:
                raise errors.CookiesError(cookies, "larger than any cookies file (more than 10 MB)")
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise errors.CookiesError(cookies, getattr(exc, "strerror", None) or str(exc)) from None
        params["cookiefile"] = io.StringIO(text)  # yt-dlp saves cookies back; not into the user's file
    if cookies_from_browser:
        params["cookiesfrombrowser"] = parse_browser(cookies_from_browser)
    return params


# ---------------------------------------------------------------- what yt-dlp's failures mean

# yt-dlp's message, then its advice for its own command line, which we replace with ours.
_ADVICE = re.compile(
    r"(?:\.?\s*(?:Use --cookies|See\s+https?://|Please report this issue|please report this issue"
    r"|Confirm you are on the latest version|You might want to use)).*$|\s*\(caused by .*$",
    re.S,
)
_KINDS = (  # (kind, words in yt-dlp's message), first match wins
    ("blocked", ("not a bot", "captcha", "http error 429", "too many requests", "rate-limited")),
    ("sign-in", ("confirm your age", "age-restricted", "age restricted", "inappropriate for some users",
                 "members", "join this channel", "private video", "sign in", "login required")),
    ("geo", ("not available from your location", "not made this video available in your country")),
    ("unavailable", ("video unavailable", "has been removed", "no longer available", "does not exist",
                     "this video is not available", "incomplete youtube id", "unsupported url")),
    ("po-token", ("po token",)),
)


def _said(text: str, video_id: str) -> str:
    """yt-dlp's message without its prefixes and its advice for its own command line."""
    from .youtube import _redact

    text = re.sub(r"^(?:ERROR:\s*)?(?:\[[\w:]+\]\s*)?", "", text.strip())
    text = text.removeprefix(f"{video_id}:").strip()
    text = _ADVICE.sub("", text).strip().rstrip(".;,")
    text = " ".join(text.split())
    return _redact(text[:200] + ("..." if len(text) > 200 else ""))


def _failure(video_id: str, exc: BaseException) -> errors.QuotesError:
    """The quotes error for whatever yt-dlp raised."""
    yt_dlp = load()
    from yt_dlp.networking.exceptions import HTTPError, ProxyError, TransportError

    if isinstance(exc, yt_dlp.cookies.CookieLoadError):
        why = exc.__context__ or exc
        return errors.CookiesError("the browser or file given", _said(str(why), video_id) or "yt-dlp could not read them")
    original = exc
    if isinstance(exc, yt_dlp.utils.DownloadError) and exc.exc_info and exc.exc_info[1] is not None:
        original = exc.exc_info[1]
    chain = [original, getattr(original, "cause", None), original.__cause__, original.__context__]
    text = getattr(original, "orig_msg", None) or str(original)
    said = _said(text, video_id)
    if isinstance(original, yt_dlp.utils.GeoRestrictedError):
        return errors.YtDlpFailed(video_id, "geo", said)
    if any(isinstance(e, HTTPError) and e.status == 429 for e in chain):
        return errors.YtDlpFailed(video_id, "blocked", said)
    lowered = text.lower()
    for kind, words in _KINDS:
        if any(w in lowered for w in words):
            return errors.YtDlpFailed(video_id, kind, said)
    # The useful part of a network failure sits deep inside: "[Errno 111] Connection refused".
    errno = re.search(r"\[Errno -?\d+\] ([^\"'()]+)", " ".join(str(e) for e in chain if e is not None))
    if any(isinstance(e, ProxyError) for e in chain):
        detail = f" ({errno.group(1).strip()})" if errno else ""
        return errors.YtDlpFailed(video_id, "network", f"cannot connect through the proxy{detail}")
    if any(isinstance(e, TransportError) for e in chain):
        return errors.YtDlpFailed(video_id, "network", errno.group(1).strip() if errno else said)
    return errors.YtDlpFailed(video_id, "failed", said or type(original).__name__)


def _extract(ydl, video_id: str) -> dict:
    """yt-dlp's data about the video: the extractor's answer, without choosing formats."""
    data = ydl.extract_info(f"https://www.youtube.com/watch?v={video_id}", download=False, process=False)
    if not isinstance(data, dict):
        raise errors.YtDlpFailed(video_id, "failed", "it returned no data about the video")
    return data


def _run(video_id: str, access: dict, work):
    """``work(ydl, log)`` with a YoutubeDL set up for ``access``; yt-dlp's failures mapped."""
    yt_dlp = load()
    log = _Log()
    params = _params(access.get("proxy"), access.get("cookies"), access.get("cookies_from_browser"), log)
    ydl = None
    try:
        ydl = yt_dlp.YoutubeDL(params)
        return work(ydl, log)
    except errors.QuotesError:
        raise
    except Exception as exc:  # noqa: BLE001 - yt-dlp raises its own classes, and anything when it breaks
        raise _failure(video_id, exc) from exc
    finally:
        if ydl is not None:
            try:
                ydl.close()
            except Exception:  # noqa: BLE001, S110 - closing must not hide the answer
                pass


# ---------------------------------------------------------------- facts and tracks


def info_of(data: dict, video_id: str) -> VideoInfo:
    """The facts in yt-dlp's data about a video (what it lacks or mangles is left unknown)."""
    day = None
    raw = data.get("upload_date")
    if isinstance(raw, str) and re.fullmatch(r"\d{8}", raw):
        try:
            day = date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
        except ValueError:
            day = None
    chapters = []
    listed = data.get("chapters")
    for c in listed if isinstance(listed, list) else []:
        if isinstance(c, dict) and isinstance(c.get("title"), str) and _number(c.get("start_time")) is not None:
            end = _number(c.get("end_time"))
            chapters.append(Chapter(title=c["title"], start=_number(c["start_time"]), end=end))
    channel = data.get("channel") or data.get("uploader")
    return VideoInfo(
        video_id=video_id,
        title=data.get("title") if isinstance(data.get("title"), str) else None,
        channel=channel if isinstance(channel, str) else None,
        upload_date=day,
        duration=_number(data.get("duration")),
        chapters=chapters,
        source=ROUTE,
        fetched_at=datetime.now(timezone.utc),
    )


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        return None
    return float(value)


def _translated(formats: list) -> bool:
    return any(isinstance(f, dict) and "tlang" in parse_qs(urlsplit(str(f.get("url", ""))).query) for f in formats)


def _tracks(data: dict) -> tuple[dict[str, list], dict[str, list]]:
    """(typed, automatic) caption tracks by language code; automatic ones only in the language
    spoken (yt-dlp also lists YouTube's translations of them, and ``-orig`` duplicates)."""
    manual: dict[str, list] = {}
    for code, formats in (data.get("subtitles") or {}).items():
        if code != "live_chat" and isinstance(formats, list):
            manual.setdefault(_language_of(code), formats)
    auto = {
        c: f
        for c, f in (data.get("automatic_captions") or {}).items()
        if isinstance(f, list) and not c.endswith("-orig") and not _translated(f)
    }
    return manual, auto


def _language_of(key: str) -> str:
    """The language of a typed track as yt-dlp keys it: a track with a name is keyed by its
    vssId, ``en-nP7-2PuUl7o``, which is English; regions and scripts stay (``pt-BR``, ``zh-Hant``).

    >>> _language_of("en-nP7-2PuUl7o"), _language_of("pt-BR"), _language_of("es-419"), _language_of("zh-Hant")
    ('en', 'pt-BR', 'es-419', 'zh-Hant')
    """
    first, *rest = key.split("-")
    kept = [first]
    for sub in rest:
        if not ((len(sub) in (2, 4) and sub.isalpha()) or (len(sub) == 3 and sub.isdigit())):
            break
        kept.append(sub)
    return "-".join(kept)


def _choose(video_id: str, data: dict, languages: Sequence[str], log: _Log) -> tuple[str, bool, list]:
    """(code, generated, formats) of the track to fetch, as quotes.youtube chooses."""
    manual, auto = _tracks(data)
    for code in languages:
        for tracks, generated in ((manual, False), (auto, True)):
            found = next((c for c in tracks if c.lower() == code.lower()), None)
            if found is not None:
                return found, generated, tracks[found]
    if any("po token" in w.lower() for w in log.warnings):
        raise errors.YtDlpFailed(video_id, "po-token", "there are missing subtitles languages because a PO token was not provided")
    if not manual and not auto:
        raise errors.TranscriptsDisabled(video_id)
    available = sorted(manual) + sorted(f"{c} (generated)" for c in auto)
    raise errors.NoTranscriptInLanguages(video_id, list(languages), available, True)


def _download(ydl, video_id: str, formats: list, translate: str | None) -> tuple[str, str]:
    """(text, ext) of the first format our readers take, translated by YouTube if asked."""
    for ext in _FORMATS:
        fmt = next((f for f in formats if isinstance(f, dict) and f.get("ext") == ext and f.get("url")), None)
        if fmt is None:
            continue
        url = fmt["url"]
        if translate:
            parts = urlsplit(url)
            query = {k: v for k, v in parse_qs(parts.query).items() if k != "tlang"}
            query["tlang"] = [translate]
            url = urlunsplit(parts._replace(query=urlencode(query, doseq=True)))
        with ydl.urlopen(url) as answer:
            body = answer.read(_MAX_BYTES + 1)
        if len(body) > _MAX_BYTES:
            raise errors.YtDlpFailed(video_id, "failed", "YouTube sent a caption file too large to be captions")
        if not body.strip():
            # YouTube answers an empty body where a caption track needs a PO token.
            raise errors.YtDlpFailed(video_id, "po-token", "YouTube sent empty captions")
        return body.decode("utf-8", "replace"), ext
    offered = sorted({str(f.get("ext")) for f in formats if isinstance(f, dict)})
    raise errors.YtDlpFailed(video_id, "failed", f"no json3 or WebVTT captions offered (only {', '.join(offered) or 'none'})")


def _segments(video_id: str, text: str, ext: str):
    from .formats import parse_json, parse_vtt

    try:
        segments = parse_json(text, f"{video_id}.json3") if ext == "json3" else parse_vtt(text, f"{video_id}.vtt")
    except errors.TranscriptFormatError as exc:
        raise errors.YtDlpFailed(video_id, "failed", f"YouTube sent captions quotes cannot read ({exc.expected})") from None
    if not segments:
        raise errors.YtDlpFailed(video_id, "failed", "YouTube sent captions without a word")
    return sorted(segments, key=lambda s: s.start)


# ---------------------------------------------------------------- the route


def fetch(
    video_id: str,
    languages: Sequence[str] | None = None,
    translate: str | None = None,
    *,
    proxy: str | None = None,
    cookies: str | None = None,
    cookies_from_browser: str | None = None,
) -> tuple[Transcript, VideoInfo]:
    """The captions of ``video_id`` (a bare id) through yt-dlp, and the video's facts; no cache.

    Chooses the track as ``quotes.youtube.fetch_transcript`` does; ``translate`` has YouTube
    machine-translate it. ``cookies`` (a Netscape cookies file) and ``cookies_from_browser``
    (``BROWSER[:PROFILE]``) sign yt-dlp in as the user.
    """
    languages = list(languages or ("en",))
    access = {"proxy": proxy, "cookies": cookies, "cookies_from_browser": cookies_from_browser}

    def work(ydl, log):
        data = _extract(ydl, video_id)
        code, generated, formats = _choose(video_id, data, languages, log)
        target = translate if translate and translate.lower() != code.lower() else None
        text, ext = _download(ydl, video_id, formats, target)
        info = info_of(data, video_id)
        name = next((f.get("name") for f in formats if isinstance(f, dict) and isinstance(f.get("name"), str)), None)
        transcript = Transcript(
            video_id=video_id,
            language_code=target or code,
            language=None if target else name,
            is_generated=generated or target is not None,
            source=ROUTE,
            fetched_at=datetime.now(timezone.utc),
            title=info.title,
            duration=info.duration,
            translated_from=code if target else None,
            segments=_segments(video_id, text, ext),
        )
        return transcript, info

    return _run(video_id, access, work)


def fetch_info(
    video_id: str,
    *,
    proxy: str | None = None,
    cookies: str | None = None,
    cookies_from_browser: str | None = None,
) -> VideoInfo:
    """The facts about ``video_id`` (title, channel, upload date, duration, chapters); no cache."""
    access = {"proxy": proxy, "cookies": cookies, "cookies_from_browser": cookies_from_browser}
    return _run(video_id, access, lambda ydl, log: info_of(_extract(ydl, video_id), video_id))


def list_languages(
    video_id: str,
    *,
    proxy: str | None = None,
    cookies: str | None = None,
    cookies_from_browser: str | None = None,
):
    """The caption tracks of ``video_id`` as yt-dlp sees them (``youtube.LanguageInfo``): typed
    ones first, then YouTube's automatic ones; YouTube's translation targets on each."""
    from .youtube import LanguageInfo

    access = {"proxy": proxy, "cookies": cookies, "cookies_from_browser": cookies_from_browser}

    def work(ydl, log):
        data = _extract(ydl, video_id)
        manual, auto = _tracks(data)
        every = data.get("automatic_captions") or {}
        targets = tuple(sorted(c for c, f in every.items() if isinstance(f, list) and _translated(f)))
        if not manual and not auto:
            raise errors.TranscriptsDisabled(video_id)

        def name(code: str, formats: list) -> str:
            return next((f["name"] for f in formats if isinstance(f, dict) and isinstance(f.get("name"), str)), code)

        return [
            LanguageInfo(code, name(code, formats), generated, bool(targets), targets)
            for tracks, generated in ((manual, False), (auto, True))
            for code, formats in sorted(tracks.items())
        ]

    return _run(video_id, access, work)
