"""Two routes to a video's captions, with the cache in front: youtube-transcript-api, then yt-dlp.

``transcript_for(video, store, access=Access(...))`` reads the cache first; on a miss it
asks youtube-transcript-api (``quotes.youtube``) and, when YouTube blocks it or asks for what
it cannot do (bot check, blocked IP, PO token, age restriction, consent page, an answer it
cannot read, a video it will not play), yt-dlp (``quotes.ytdlp``) for the same captions.
``Access.via`` picks one route only. The result says which route gave the transcript, and why
the first one did not. When both fail, ``RoutesFailed`` says what each said. A transcript is
cached only after a complete fetch; a failed route never touches the cache.

The video's facts (``quotes.videoinfo``) come with a transcript fetched through yt-dlp and are
cached beside it (``<id>.info.json``); ``info_for`` reads them, else fetches them once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import errors
from .access import Access
from .store import TranscriptStore
from .transcript import Transcript
from .video import video_id_of
from .videoinfo import VideoInfo, load_info, save_info

__all__ = ["ROUTES", "Access", "Fetched", "fetch_to_store", "info_for", "list_languages", "transcript_for"]

ROUTES = ("youtube-transcript-api", "yt-dlp")

# What youtube-transcript-api cannot get past, and yt-dlp may: worth asking yt-dlp.
_FALL_BACK_ON = (
    errors.RequestBlocked,  # bot check, and IpBlocked (HTTP 429)
    errors.PoTokenRequired,
    errors.AgeRestricted,
    errors.VideoUnplayable,  # members-only: the user's cookies may open it
    errors.YouTubeChanged,  # consent page, answers it cannot read: yt-dlp is updated weekly
)


@dataclass(frozen=True)
class Fetched:
    """A transcript, where it is cached, and how it came: from the cache, or by which route
    (``passed_over``: the first route's failure when the second gave it)."""

    transcript: Transcript
    path: Path
    from_cache: bool
    route: str | None = None
    passed_over: errors.QuotesError | None = None
    info: VideoInfo | None = None


def _by_routes(video_id: str, access: Access, first, second):
    """(answer, route, the first route's failure or None): ``first()`` (youtube-transcript-api),
    else, when YouTube blocks it, ``second()`` (yt-dlp); ``access.via`` asks one only."""
    if access.via not in (None, *ROUTES):
        raise errors.QuotesError(f"unknown route {access.via!r}; use {' or '.join(ROUTES)}")
    if access.via == "yt-dlp":
        return second(), "yt-dlp", None
    try:
        return first(), "youtube-transcript-api", None
    except _FALL_BACK_ON as failure:
        if access.via == "youtube-transcript-api":
            raise
        try:
            return second(), "yt-dlp", failure
        except (errors.CookiesError, errors.ProxyURLError):
            raise  # the user's own input: say that alone
        except errors.QuotesError as second_failure:
            raise errors.RoutesFailed(video_id, failure, second_failure) from None


def _fetch(
    video_id: str,
    languages: Sequence[str] | None = None,
    translate: str | None = None,
    access: Access | None = None,
) -> tuple[Transcript, str, errors.QuotesError | None, VideoInfo | None]:
    """(transcript, route, first route's failure or None, facts or None) for ``video_id``; no cache."""
    from . import youtube, ytdlp

    access = access or Access()
    (transcript, info), route, first = _by_routes(
        video_id,
        access,
        lambda: (youtube.fetch_transcript(video_id, languages, translate=translate, proxy=access.proxy), None),
        lambda: ytdlp.fetch(video_id, languages, translate, **access.ytdlp_kwargs()),
    )
    return transcript, route, first, info


def list_languages(video: str, access: Access | None = None) -> tuple[list, str, errors.QuotesError | None]:
    """(the caption tracks of ``video``, the route that listed them, the first route's failure
    or None), by the same routes as a fetch."""
    from . import youtube, ytdlp

    video_id = video_id_of(video)
    access = access or Access()
    return _by_routes(
        video_id,
        access,
        lambda: youtube.list_languages(video_id, proxy=access.proxy),
        lambda: ytdlp.list_languages(video_id, **access.ytdlp_kwargs()),
    )


def transcript_for(
    video: str,
    store: TranscriptStore,
    *,
    fetch: bool = True,
    languages: Sequence[str] | None = None,
    translate: str | None = None,
    refresh: bool = False,
    access: Access | None = None,
) -> Fetched:
    """The transcript of ``video`` (URL or id): from the cache, else fetched by a route and cached.

    The cache is read and written by ``quotes.youtube.transcript_for`` (the one "cached, else
    fetch"); the routes only fetch. Facts that came with the transcript (the yt-dlp route) are
    cached beside it.
    """
    from . import youtube

    came: dict = {}

    def by_routes(video_id, languages, translate):
        transcript, came["route"], came["first"], came["info"] = _fetch(video_id, languages, translate, access)
        return transcript

    got = youtube.transcript_for(
        video, store, fetch=fetch, languages=languages, translate=translate, refresh=refresh, fetcher=by_routes
    )
    if came.get("info") is not None:
        save_info(store.directory, came["info"])
    return Fetched(
        _titled(got.transcript, store, came.get("info")), got.path, got.from_cache, came.get("route"),
        came.get("first"), came.get("info"),
    )


def _titled(transcript: Transcript, store: TranscriptStore, info: VideoInfo | None) -> Transcript:
    """``transcript`` with the video's title from its facts (those just fetched, else cached ones)
    where its route gave none: ``verify`` reads a link whose words are only the title as naming
    the video, not as a section to place."""
    if transcript.title:
        return transcript
    if info is None:
        try:
            info = load_info(store.directory, transcript.video_id)
        except errors.QuotesError:
            return transcript  # damaged facts: the transcript as it is (``quotes info`` says why)
    return transcript.model_copy(update={"title": info.title}) if info is not None and info.title else transcript


def fetch_to_store(video: str, *, store: TranscriptStore, allow_fetch: bool = True, **kwargs) -> Fetched:
    """``transcript_for`` under the name ``quotes.youtube`` gives it (``allow_fetch``: ``fetch``)."""
    return transcript_for(video, store, fetch=allow_fetch, **kwargs)


def info_for(
    video: str, *, store: TranscriptStore, access: Access | None = None, refresh: bool = False, allow_fetch: bool = True
) -> tuple[VideoInfo, bool]:
    """(facts about ``video``, whether they came from the cache): cached, else fetched through
    yt-dlp and cached. InfoUnavailable when not cached and fetching is not allowed."""
    from . import ytdlp

    video_id = video_id_of(video)
    if not refresh:
        cached = load_info(store.directory, video_id)
        if cached is not None:
            return cached, True
    if not allow_fetch:
        raise errors.InfoUnavailable(video_id, f"not cached in {store.directory}; run `quotes info {video_id}`")
    try:
        info = ytdlp.fetch_info(video_id, **(access or Access()).ytdlp_kwargs())
    except errors.TranscriptUnavailable as exc:  # its words are about a transcript: say them of the facts
        raise errors.InfoUnavailable(video_id, f"{exc.reason}; {exc.hint}", exc.exit_code) from None
    save_info(store.directory, info)
    return info, False
