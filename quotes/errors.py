"""Every error `quotes` raises on purpose: one base class, one child per condition.

Each error carries the data that describes it and a message that says what happened and,
where there is something to try, what to try. The CLI prints ``Error: <message>`` and exits
with the error's ``exit_code``.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of the ``quotes`` command."""

    OK = 0  # everything fine
    ERROR = 1  # bad input, damaged file, anything the user must fix
    USAGE = 2  # wrong command line (click's own code)
    PROBLEMS = 3  # verify/match found problems in the editor's document
    UNAVAILABLE = 4  # YouTube would not give us the transcript


class QuotesError(Exception):
    """Base class of every error raised by quotes."""

    exit_code: int = ExitCode.ERROR

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class AtLine(QuotesError, ValueError):
    """A file that cannot be read as expected: ``path:line: problem`` (the line when known)."""

    def __init__(self, path: str, line: int | None, problem: str):
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {problem}")


class TimecodeError(QuotesError, ValueError):
    """A time could not be read (``"1:2:3:4"``, ``"abc"``)."""

    def __init__(self, value: str, why: str = ""):
        self.value = value
        super().__init__(f"cannot read time {value!r}{': ' + why if why else ''}; write it as 13:23, 1:26:50, 803 or 1h2m3s")


class VideoURLError(QuotesError, ValueError):
    """Text that is neither a YouTube video URL nor a video id."""

    def __init__(self, value: str, why: str = ""):
        self.value = value
        super().__init__(f"{value!r} is not a YouTube video URL or 11-character video id{f' ({why})' if why else ''}")


class TimeOutOfRange(QuotesError, ValueError):
    """A requested time or range lies outside the video or is reversed."""


class TranscriptFormatError(AtLine):
    """A transcript file that cannot be read; says file, line and what was expected."""

    def __init__(self, path: str, line: int | None, expected: str):
        self.expected = expected
        super().__init__(path, line, expected)


class TranscriptFileTooLarge(TranscriptFormatError):
    """A caption file larger than any transcript (or an endless input such as /dev/zero): read
    no further than ``limit`` bytes."""

    def __init__(self, path: str, limit: int):
        self.limit = limit
        size = f"{limit // 1_000_000:,} MB" if limit >= 1_000_000 else f"{limit:,} bytes"
        super().__init__(path, None, f"expected a caption file of at most {size}, got more (reading stopped there)")


class StoreError(QuotesError):
    """Problems with the transcript cache."""


class TranscriptNotCached(StoreError):
    """No cached transcript for a video (and fetching was not allowed)."""

    def __init__(self, video_id: str, directory: str, languages: list[str] | None = None):
        self.video_id = video_id
        self.directory = directory
        self.languages = languages
        langs = f" in {', '.join(languages)}" if languages else ""
        # An id that starts with "-" reads as an option: it must follow "--" or "=".
        dash = video_id.startswith("-")
        fetch = f"quotes fetch -- {video_id}" if dash else f"quotes fetch {video_id}"
        import_ = f"quotes import FILE --video={video_id}" if dash else f"quotes import FILE --video {video_id}"
        super().__init__(f"no transcript of {video_id}{langs} in {directory}; run `{fetch}` or `{import_}`")


class AlreadyCached(StoreError):
    """A transcript of that video and language is cached already (and replacing it was not asked for)."""

    def __init__(self, cached, path: str, length: str):
        self.cached = cached
        self.path = path
        n = len(cached.segments)
        src = cached.source
        origin = "fetched from YouTube" if src == "youtube" else f"imported from {src.removeprefix('file:')}"
        super().__init__(
            f"a transcript of {cached.video_id} ({cached.language_code}) is cached already: {n:,} "
            f"caption{'' if n == 1 else 's'}, {length}, {origin} ({path}); "
            "use --force to replace it"
        )


class CacheCorrupted(StoreError):
    """A cached transcript file that cannot be read back."""

    def __init__(self, path: str, why: str):
        self.path = path
        self.why = why
        super().__init__(
            f"damaged transcript cache file {path}: {why}; delete it and fetch or import again"
        )


class TranscriptUnavailable(QuotesError):
    """YouTube did not give us a transcript; ``reason`` says why, ``hint`` what to try."""

    exit_code = ExitCode.UNAVAILABLE

    def __init__(self, video_id: str, reason: str, hint: str = ""):
        self.video_id = video_id
        self.reason = reason
        self.hint = hint
        text = f"cannot get the transcript of {video_id}: {reason}"
        if hint:
            text += f"; {hint}"
        super().__init__(text)


# --- Why YouTube gave no transcript (raised by quotes.youtube; exit code 4 unless noted).


class RequestBlocked(TranscriptUnavailable):
    """YouTube refused the request as a bot ("Sign in to confirm you're not a bot"). Exit 4."""

    _WHAT = "YouTube refuses requests from this IP address as coming from a bot"

    def __init__(self, video_id: str, proxy_used: bool = False):
        self.proxy_used = proxy_used
        if proxy_used:
            super().__init__(
                video_id,
                self._WHAT.replace("this IP address", "the proxy's IP address"),
                "try another proxy; rotating residential proxies (Webshare \"Residential\") "
                f"work best, {import_hint(video_id)}",
            )
        else:
            super().__init__(
                video_id,
                f"{self._WHAT} (common on cloud servers and after many requests)",
                "try --proxy URL or set WEBSHARE_PROXY_USERNAME and WEBSHARE_PROXY_PASSWORD, "
                f"{import_hint(video_id)}",
            )


    def for_video(self, video_id: str) -> RequestBlocked:
        """The same refusal, said of another video (``verify.Patient`` asks no more after one)."""
        return type(self)(video_id, proxy_used=self.proxy_used)


class IpBlocked(RequestBlocked):
    """YouTube blocks this IP address (HTTP 429 / captcha page). Exit 4."""

    _WHAT = "YouTube blocks requests from this IP address"


class TranscriptsDisabled(TranscriptUnavailable):
    """The video has no captions at all (the uploader turned them off). Exit 4."""

    def __init__(self, video_id: str):
        super().__init__(
            video_id,
            "the video has no captions (subtitles are turned off)",
            f"if you have them as a file, run `quotes import FILE --video {video_id}`",
        )


class NoTranscriptInLanguages(TranscriptUnavailable):
    """Captions exist, but in none of the requested languages; ``available`` lists them. Exit 4."""

    def __init__(
        self, video_id: str, requested: list[str], available: list[str], translatable: bool = False
    ):
        self.requested = list(requested)
        self.available = list(available)
        self.translatable = translatable
        reason = f"no captions in {', '.join(requested) or 'the requested languages'}"
        reason += f" (it has: {', '.join(available)})" if available else ""
        codes = [a.split()[0] for a in available]
        hint = f"try --lang {'en' if 'en' in codes else codes[0]}" if codes else ""
        if available and translatable and requested:
            hint += f" or --translate {requested[0]}"
        super().__init__(video_id, reason, hint)


class TranslationUnavailable(TranscriptUnavailable):
    """YouTube cannot translate the captions into the requested language. Exit 4."""

    def __init__(self, video_id: str, source: str, target: str, translatable: bool = True):
        self.source = source
        self.target = target
        reason = (
            f"YouTube cannot translate the {source} captions"
            if not translatable
            else f"YouTube cannot translate the {source} captions into {target!r}"
        )
        super().__init__(
            video_id, reason, f"run `quotes languages {video_id}` to see what it can do"
        )


class VideoUnavailable(TranscriptUnavailable):
    """The video does not exist (any more), or is private. Exit 4."""

    def __init__(self, video_id: str):
        super().__init__(
            video_id,
            "the video is unavailable (removed, private, or the id is mistyped)",
            "check the link in a browser",
        )


class VideoUnplayable(TranscriptUnavailable):
    """YouTube will not play the video (members-only, region-locked, ...); says YouTube's reason. Exit 4."""

    def __init__(self, video_id: str, why: str | None, details: list[str] | None = None):
        self.why = why
        self.details = list(details or [])
        text = why or "no reason given"
        extra = " ".join(d.strip() for d in self.details if d.strip())
        if extra:
            text += f" ({extra})"
        super().__init__(
            video_id,
            f"YouTube will not play the video: {text}",
            "open it in a browser to see why; members-only and region-locked videos cannot be "
            "fetched, import their captions from a file instead",
        )


class AgeRestricted(TranscriptUnavailable):
    """The video is age-restricted; YouTube shows its captions only to signed-in users. Exit 4."""

    def __init__(self, video_id: str):
        super().__init__(
            video_id,
            "the video is age-restricted and YouTube gives its captions only to signed-in users",
            "download the captions while signed in (for example with yt-dlp --write-subs) and "
            f"run `quotes import FILE --video {video_id}`",
        )


class PoTokenRequired(TranscriptUnavailable):
    """YouTube demands a proof-of-origin (PO) token for this caption track. Exit 4."""

    def __init__(self, video_id: str, language_code: str | None = None):
        self.language_code = language_code
        track = f"the {language_code} captions" if language_code else "these captions"
        super().__init__(
            video_id,
            f"YouTube requires a proof-of-origin (PO) token for {track}",
            f"try another language (`quotes languages {video_id}`), try again later, or import "
            "the captions from a file",
        )


class InvalidVideoId(TranscriptUnavailable, ValueError):
    """What was passed as a video id is not one (e.g. a whole URL). Exit 1: the input is wrong."""

    exit_code = ExitCode.ERROR

    def __init__(self, video_id: str):
        super().__init__(
            video_id,
            "that is not a video id",
            "pass the 11-character id or a normal YouTube link",
        )


class NetworkError(TranscriptUnavailable):
    """YouTube could not be reached (no connection, DNS, proxy down, timeout). Exit 4."""

    def __init__(self, video_id: str, what: str):
        self.what = what
        super().__init__(
            video_id,
            what,
            "check the internet connection and the proxy (--proxy, HTTPS_PROXY), then try again",
        )


class ProxyURLError(QuotesError, ValueError):
    """A --proxy value that is not a proxy URL. Exit 1."""

    def __init__(self, value: str, why: str):
        self.value = value
        super().__init__(
            f"cannot use proxy {value!r}: {why}; write it as http://host:port, "
            "http://user:password@host:port or socks5://host:port"
        )


class YouTubeChanged(TranscriptUnavailable):
    """YouTube answered with something unexpected (error status, consent page, unreadable data). Exit 4."""

    def __init__(self, video_id: str, what: str):
        self.what = what
        super().__init__(
            video_id,
            what,
            "try again later; if it persists, update youtube-transcript-api "
            "(pip install -U youtube-transcript-api) or import the captions from a file",
        )


class QuotesFileError(AtLine):
    """A quotes file (YAML) that is malformed or fails validation."""

    def __init__(self, path: str, line: int | None, problem: str):
        self.problem = problem
        super().__init__(path, line, problem)


class TemplateProblem(QuotesError):
    """A template that cannot be found or rendered."""


class DocumentError(QuotesError):
    """A markdown document that cannot be read or written."""


class FileError(QuotesError, OSError):
    """A file that cannot be read or written: says which, and why (the system's words, or
    what is in the way). Also an OSError, as the error it stands for."""

    def __init__(self, path: str, action: str, why: str):
        self.path = str(path)
        self.action = action
        self.why = why
        QuotesError.__init__(self, f"{path}: {why}" if action == "read" else f"cannot {action} {path}: {why}")

    def __str__(self) -> str:
        return self.message


class FileMissing(FileError):
    """No file at that path (``files.read_bytes``)."""


class FileTooLarge(FileError):
    """A file larger than anything quotes reads (``files.read_bytes(limit=)``)."""


class FileBusy(FileError):
    """Another ``quotes`` is changing the file (see ``files.locked``)."""


class OutputFailed(QuotesError):
    """Standard output cannot be written (a full disk, a closed pipe)."""

    def __init__(self, why: str):
        self.why = why
        super().__init__(f"cannot write to standard output: {why}")


# --- The second route, yt-dlp, and the video's facts (raised by quotes.ytdlp, quotes.routes,
# quotes.videoinfo).

# What a user blocked on both routes can always do: paste the transcript panel's text.
def import_hint(video_id: str) -> str:
    """The one-command way forward when YouTube gives nothing: paste the "Show transcript" text."""
    video = f"--video={video_id}" if video_id.startswith("-") else f"--video {video_id}"
    return (
        "or copy the text of YouTube's \"Show transcript\" panel and paste it into "
        f"`quotes import - {video}`"
    )


class YtDlpMissing(QuotesError):
    """yt-dlp is not installed, or cannot be imported: the second route is off. Exit 1."""

    def __init__(self, why: str):
        self.why = why
        super().__init__(
            f"yt-dlp cannot be used ({why}); install or repair it with `pip install -U yt-dlp`"
        )


class CookiesError(QuotesError, ValueError):
    """--cookies or --cookies-from-browser that cannot be used. Exit 1."""

    def __init__(self, what: str, why: str):
        self.what = what
        self.why = why
        super().__init__(f"cannot use the cookies of {what}: {why}")


class YtDlpFailed(TranscriptUnavailable):
    """yt-dlp did not give the captions; ``kind`` says why, ``said`` is yt-dlp's own words. Exit 4.

    Kinds: ``blocked`` (bot check, HTTP 429), ``sign-in`` (age-restricted, members-only,
    private), ``unavailable``, ``geo`` (not in this country), ``po-token`` (captions need a
    proof-of-origin token yt-dlp could not make), ``network``, ``failed`` (anything else).
    """

    KINDS = {
        "blocked": (
            "YouTube refuses yt-dlp's requests from this IP address as coming from a bot",
            "sign in through your browser's cookies (--cookies-from-browser BROWSER; see the "
            "README on the risk to your account) or try --proxy URL",
        ),
        "sign-in": (
            "YouTube gives the video only to signed-in users",
            "pass the sign-in of an account that may watch it with --cookies-from-browser BROWSER "
            "or --cookies FILE (see the README on the risk to your account)",
        ),
        "unavailable": ("the video is unavailable (removed, private, or the id is mistyped)", "check the link in a browser"),
        "geo": ("the video is not available in this country", "try --proxy URL with a proxy in another country"),
        "po-token": (
            "YouTube requires a proof-of-origin (PO) token for the captions, which yt-dlp could not make",
            "try --cookies-from-browser BROWSER, update yt-dlp (pip install -U yt-dlp), or try again later",
        ),
        "network": (
            "yt-dlp cannot reach YouTube",
            "check the internet connection and the proxy (--proxy, HTTPS_PROXY), then try again",
        ),
        "failed": (
            "yt-dlp failed",
            "update yt-dlp (pip install -U yt-dlp) and try again",
        ),
    }

    def __init__(self, video_id: str, kind: str, said: str = ""):
        self.kind = kind if kind in self.KINDS else "failed"
        self.said = said
        what, hint = self.KINDS[self.kind]
        if said:
            what += f" (yt-dlp: {said})"
        super().__init__(video_id, what, hint)


class RoutesFailed(TranscriptUnavailable):
    """Neither route gave the transcript: what each said, and what to try. Exit 4 (1 when both
    failures were the user's input, e.g. a bad cookies file)."""

    def __init__(self, video_id: str, first: QuotesError, second: QuotesError):
        self.first = first
        self.second = second
        if isinstance(first, QuotesError) and first.exit_code == second.exit_code == ExitCode.ERROR:
            self.exit_code = ExitCode.ERROR

        def said(exc: QuotesError) -> str:
            return exc.reason if isinstance(exc, TranscriptUnavailable) else str(exc)

        hint = second.hint if isinstance(second, TranscriptUnavailable) and second.hint else ""
        if isinstance(second, YtDlpMissing):
            what = f"yt-dlp, the second route, is off ({second.why})"
            hint = "install or repair yt-dlp (pip install -U yt-dlp) to try it"
        else:
            what = f"yt-dlp says {said(second)}"
        hint = f"{hint}, {import_hint(video_id)}" if hint else import_hint(video_id)[3:]
        super().__init__(video_id, f"youtube-transcript-api says {said(first)}; {what}", hint)

    @property
    def blocked(self) -> bool:
        """YouTube refused both routes as a bot: asking again soon only makes it worse."""
        return isinstance(self.first, RequestBlocked) and isinstance(self.second, YtDlpFailed) and self.second.kind == "blocked"

    def for_video(self, video_id: str) -> RoutesFailed:
        """The same failures, said of another video (``verify.Patient`` asks no more after one)."""
        first = self.first.for_video(video_id) if isinstance(self.first, RequestBlocked) else self.first
        second = self.second
        if isinstance(second, YtDlpFailed):
            second = YtDlpFailed(video_id, second.kind, second.said)
        return RoutesFailed(video_id, first, second)


class InfoUnavailable(QuotesError):
    """The video's facts (title, channel, date, chapters) are neither cached nor fetchable. Exit 1."""

    def __init__(self, video_id: str, why: str, exit_code: int = ExitCode.ERROR):
        self.video_id = video_id
        self.why = why
        self.exit_code = exit_code  # 4 when YouTube refused them
        super().__init__(f"no facts about video {video_id}: {why}")


class LabelTemplateError(QuotesError, ValueError):
    """A --label template that names a fact quotes does not have, or is malformed. Exit 1."""


class FileChanged(QuotesError):
    """The file changed on disk since it was read: writing would overwrite someone's edits."""


class BadRequest(QuotesError, ValueError):
    """A request to the studio that is not valid: nothing was changed."""
