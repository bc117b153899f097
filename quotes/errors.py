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


class TimecodeError(QuotesError, ValueError):
    """A time could not be read (``"1:2:3:4"``, ``"abc"``)."""

    def __init__(self, value: str, why: str = ""):
        self.value = value
        detail = f": {why}" if why else ""
        super().__init__(
            f"cannot read time {value!r}{detail}; write it as 13:23, 1:26:50, 803 or 1h2m3s"
        )


class VideoURLError(QuotesError, ValueError):
    """Text that is neither a YouTube video URL nor a video id."""

    def __init__(self, value: str, why: str = ""):
        self.value = value
        detail = f" ({why})" if why else ""
        super().__init__(
            f"{value!r} is not a YouTube video URL or 11-character video id{detail}"
        )


class TimeOutOfRange(QuotesError, ValueError):
    """A requested time or range lies outside the video or is reversed."""


class TranscriptFormatError(QuotesError, ValueError):
    """A transcript file that cannot be read; says file, line and what was expected."""

    def __init__(self, path: str, line: int | None, expected: str):
        self.path = path
        self.line = line
        self.expected = expected
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {expected}")


class StoreError(QuotesError):
    """Problems with the transcript cache."""


class TranscriptNotCached(StoreError):
    """No cached transcript for a video (and fetching was not allowed)."""

    def __init__(self, video_id: str, directory: str, languages: list[str] | None = None):
        self.video_id = video_id
        self.directory = directory
        self.languages = languages
        langs = f" in {', '.join(languages)}" if languages else ""
        super().__init__(
            f"no transcript of {video_id}{langs} in {directory}; "
            f"run `quotes fetch {video_id}` or `quotes import FILE --video {video_id}`"
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


class QuotesFileError(QuotesError, ValueError):
    """A quotes file (YAML) that is malformed or fails validation."""

    def __init__(self, path: str, line: int | None, problem: str):
        self.path = path
        self.line = line
        self.problem = problem
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {problem}")


class TemplateProblem(QuotesError):
    """A template that cannot be found or rendered."""


class DocumentError(QuotesError):
    """A markdown document that cannot be read or written."""
