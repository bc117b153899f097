"""The ``quotes`` command line: thin click commands over the library.

The only module that imports click or prints. Library errors (QuotesError) become one
``Error: ...`` line on stderr and the error's exit code (see ``errors.ExitCode``).
"""

from __future__ import annotations

import functools
import gc
import io
import json
import os
import shlex
import sys
from pathlib import Path

import click

from . import __version__
from .errors import ExitCode, OutputFailed, QuotesError
from .files import reason
from .store import TranscriptStore

# The engine's arithmetic is numpy's own loops, never a BLAS product (see locate.scoring), so
# BLAS threads only cost their start: OpenBLAS starts one per core as numpy is imported. The
# command line's process asks for one (a user's own setting wins); the library leaves its
# caller's process as it is.
for _threads in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")


def echo(message=None, nl: bool = True, err: bool = False) -> None:
    """``click.echo``, with the odd bytes of a file that is not UTF-8 (kept as lone surrogates,
    see ``document.decode_markdown``) shown as U+FFFD: a strict UTF-8 terminal cannot print them."""
    if isinstance(message, str) and not message.isascii():
        message = message.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    try:
        click.echo(message, nl=nl, err=err)
    except OSError as exc:
        if err:
            raise
        _silence_stdout()
        if isinstance(exc, BrokenPipeError):  # `quotes export ID | head`: the reader has all it wants
            sys.exit(int(ExitCode.ERROR))
        raise OutputFailed(reason(exc)) from None


def _silence_stdout() -> None:
    """Point standard output at /dev/null once writing to it failed: what is still buffered
    would fail again as Python exits, with a message of its own."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass  # (no file descriptor: click's test runner)


def handle_errors(func):
    """Turn a QuotesError into ``Error: <message>`` and its exit code."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except QuotesError as exc:
            message = str(exc)
            if not message.endswith("."):
                message += "."
            echo(f"Error: {message}", err=True)
            sys.exit(int(exc.exit_code))

    return wrapper


transcripts_option = click.option(
    "--transcripts",
    "transcripts_dir",
    type=click.Path(path_type=Path),  # (a file there is an Error: line, exit 1)
    envvar="QUOTES_TRANSCRIPTS",
    default="transcripts",
    show_default=True,
    help="Directory of cached transcripts (or set QUOTES_TRANSCRIPTS).",
)


def echo_json(data) -> None:
    echo(json.dumps(data, indent=2, ensure_ascii=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quotes")
def cli():
    """Find, check and render timestamped quotes from long video interviews.

    \b
    Exit codes: 0 fine, 1 error, 2 bad command line,
    3 problems found (verify, match, render), 4 YouTube gave no transcript.
    """


def main() -> None:
    """Console-script entry point."""
    try:
        cli(prog_name="quotes")
    finally:
        # The command is done and the process ends with it. The interpreter's last garbage
        # collections would scan every object numpy, pydantic and the command made for
        # cycles (20-30 ms) only to free what the exit frees anyway: frozen, they are skipped.
        # Nothing is lost: every file written is closed by then, and stdout is flushed.
        gc.freeze()


# ---------------------------------------------------------------- transcripts: fetch, languages

proxy_option = click.option(
    "--proxy",
    metavar="URL",
    help="Reach YouTube through this proxy, on both routes (http://user:pass@host:port, socks5://host:port). "
    "Without it: WEBSHARE_PROXY_USERNAME/WEBSHARE_PROXY_PASSWORD, else HTTPS_PROXY/HTTP_PROXY.",
)


# The routes to YouTube (quotes.routes): youtube-transcript-api, then yt-dlp; the user's sign-in
# for yt-dlp; the proxy for both. Every command that may fetch takes these four options.
_ACCESS_OPTIONS = (
    click.option(
        "--via",
        type=click.Choice(["youtube-transcript-api", "yt-dlp"]),
        help="Ask only this route for the captions (default: youtube-transcript-api, then yt-dlp "
        "when YouTube blocks it or asks for a sign-in, PO token or consent).",
    ),
    click.option(
        "--cookies-from-browser",
        metavar="BROWSER[:PROFILE]",
        help="Let yt-dlp sign in to YouTube with this browser's cookies (chrome, firefox, edge, "
        "safari, brave, ...). YouTube may ban an account used this way: use one you can lose.",
    ),
    click.option(
        "--cookies",
        metavar="FILE",
        help="Let yt-dlp sign in with a Netscape cookies.txt FILE (read only; the same risk to the account).",
    ),
    proxy_option,
)


def _access_options(with_via: bool):
    """Add --via (if ``with_via``), --cookies-from-browser, --cookies and --proxy; pass them as ``access``."""

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, cookies_from_browser, cookies, proxy, via=None, **kwargs):
            from .access import Access

            return func(*args, access=Access(via, proxy, cookies, cookies_from_browser), **kwargs)

        for option in reversed(_ACCESS_OPTIONS if with_via else _ACCESS_OPTIONS[1:]):
            wrapper = option(wrapper)
        return wrapper

    return decorate


access_options = _access_options(with_via=True)
signin_options = _access_options(with_via=False)  # for `info`: only yt-dlp knows the facts


def _note_route(first) -> None:
    """Say on stderr why the second route gave the answer (``first``: the first route's failure)."""
    if first is not None:
        why = getattr(first, "reason", None) or str(first)
        echo(f"Note: asked yt-dlp, since youtube-transcript-api could not get it: {why}.", err=True)


def _language_list(text: str | None) -> list[str] | None:
    from .store import language_tag

    codes = [language_tag(c) for c in (text or "").split(",") if c.strip()]
    return codes or None


def _kind(transcript) -> str:
    if transcript.translated_from:
        return f"translated from {transcript.translated_from}"
    return "generated" if transcript.is_generated else "manual"


@cli.command()
@click.argument("video")
@click.option(
    "--lang",
    "langs",
    metavar="CODES",
    help="Languages to try, in order, comma-separated (default: en). In each language, "
    "captions typed by a person win over YouTube's automatic ones.",
)
@click.option(
    "--translate",
    metavar="CODE",
    help="Have YouTube machine-translate the captions into this language.",
)
@click.option("--refresh", is_flag=True, help="Download again even if already cached.")
@access_options
@transcripts_option
@handle_errors
def fetch(video, langs, translate, refresh, access, transcripts_dir):
    """Download the captions of a YouTube video and keep them for later commands.

    VIDEO is a YouTube link or an 11-character video id. The captions are saved as
    TRANSCRIPTS/<id>.<lang>.json; fetching the same video again reads that file instead
    of asking YouTube (use --refresh to download anew). A failed download never damages
    a saved transcript.

    \b
    Examples:
      quotes fetch https://youtu.be/pdJQ8iVTwj8
      quotes fetch pdJQ8iVTwj8 --lang de,en
      quotes fetch pdJQ8iVTwj8 --translate de

    When YouTube blocks youtube-transcript-api (or asks for a sign-in, a PO token or
    a consent it cannot give), yt-dlp is asked for the same captions; the line printed
    says which route gave them. --via picks one route.

    Exit code 4 when YouTube gives no transcript (blocked, no captions, unavailable...).
    """
    from .routes import transcript_for
    from .timecode import format_timecode

    result = transcript_for(
        video,
        TranscriptStore(transcripts_dir),
        languages=_language_list(langs),
        translate=translate,
        refresh=refresh,
        access=access,
    )
    t = result.transcript
    _note_route(result.passed_over)
    verb = "Cached" if result.from_cache else "Fetched"
    via = f" via {result.route}" if result.route else ""
    echo(
        f"{verb} {t.video_id} ({t.language_code}, {_kind(t)}){via}: {_plural(len(t.segments), 'caption')}, "
        f"{format_timecode(t.end)} -> {result.path}"
    )


@cli.command()
@click.argument("video")
@access_options
@handle_errors
def languages(video, access):
    """List the caption languages YouTube has for a video.

    VIDEO is a YouTube link or video id. "manual" captions were typed by a person,
    "generated" ones are YouTube's speech recognition. Use a code with
    `quotes fetch VIDEO --lang CODE`, or a translation target with --translate CODE.
    When YouTube blocks youtube-transcript-api, yt-dlp lists them (as for `quotes fetch`).
    """
    from .routes import list_languages

    tracks, _, first = list_languages(video, access)
    _note_route(first)
    rows = [("code", "name", "type", "translatable")] + [
        (
            t.code,
            t.name,
            "generated" if t.is_generated else "manual",
            "yes" if t.translatable else "no",
        )
        for t in tracks
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[3])
    targets = sorted({code for t in tracks for code in t.translation_languages})
    if targets:
        echo(f"Translatable to: {', '.join(targets)}")

@cli.command("info")
@click.argument("video")
@click.option("--json", "as_json", is_flag=True, help="Print the facts as a JSON object.")
@click.option("--refresh", is_flag=True, help="Ask YouTube again even if the facts are cached.")
@click.option("--no-fetch", is_flag=True, help="Use the cached facts only; never ask YouTube.")
@signin_options
@transcripts_option
@handle_errors
def info(video, as_json, refresh, no_fetch, access, transcripts_dir):
    """Print what YouTube knows about a video: title, channel, upload date, length, chapters.

    VIDEO is a YouTube link or video id. yt-dlp gets the facts once; they are cached as
    TRANSCRIPTS/<id>.info.json (they also come with a transcript fetched through yt-dlp).
    `quotes new` makes its label from them, render templates get them as `video`, and
    `quotes verify --video` compares a page's chapters with the video's own.

    \b
    Examples:
      quotes info https://youtu.be/pdJQ8iVTwj8
      quotes info pdJQ8iVTwj8 --json
    """
    from .routes import info_for
    from .timecode import format_timecode

    facts, _ = info_for(video, store=TranscriptStore(transcripts_dir), access=access, refresh=refresh, allow_fetch=not no_fetch)
    if as_json:
        echo_json(facts.model_dump(mode="json"))
        return
    rows = [
        ("title", facts.title),
        ("channel", facts.channel),
        ("uploaded", facts.upload_date.isoformat() if facts.upload_date else None),
        ("length", format_timecode(facts.duration) if facts.duration is not None else None),
    ]
    echo(f"video     {facts.video_id}")
    for name, value in rows:
        echo(f"{name:9} {value if value is not None else '-'}")
    echo(f"chapters  {len(facts.chapters) or '-'}")
    for c in facts.chapters:
        echo(f"  {format_timecode(c.start):>7}  {c.title}")


# ---------------------------------------------------------------- transcripts: import


def _check_lang(ctx, param, value):
    # The code becomes part of a file name: letters, digits and '-' only (en, pt-BR).
    import re

    if value is not None and not re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*", value):
        raise click.BadParameter(f"{value!r} is not a language code such as en, de or pt-BR")
    from .store import language_tag

    return None if value is None else language_tag(value)  # EN, en_us -> en, en-US: one cache entry


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path))  # a missing file is an Error: line, exit 1
@click.option("--video", required=True, help="The video's URL or 11-character id.")
@click.option(
    "--lang",
    callback=_check_lang,
    help="Language code (default: from FILE's name like ID.en.vtt, else the file, else guessed from its words, else en).",
)
@click.option(
    "--generated/--manual",
    "is_generated",
    default=None,
    help="Say whether the captions are automatic (default: detected where the format tells).",
)
@click.option("--force", is_flag=True, help="Replace a cached transcript of the video in that language.")
@transcripts_option
@handle_errors
def import_(file, video, lang, is_generated, force, transcripts_dir):
    """Import a caption FILE as the transcript of a video.

    Reads SRT, WebVTT (YouTube's rolling auto-captions too, each word once), SBV
    (YouTube Studio's download), youtube-transcript-api JSON, podcast JSON
    transcripts (Podcasting 2.0), YouTube json3, Whisper's JSON, YouTube's XML
    (srv1, srv2, srv3), TTML/DFXP, and timestamped text as copied from YouTube's
    "Show transcript" or exported by Otter and the like ("0:05 text", "[00:01:02]
    Host: text"). As players do, a caption that cannot be read (a mistyped time,
    an end before its start) is skipped and reported on stderr as FILE:LINE, with
    a count; a file of which nothing can be read is reported with its line number,
    and nothing is stored. A transcript of the video in that language that is
    cached already is kept unless you give --force.

    A FILE of - reads standard input: paste the text of YouTube's "Show transcript"
    panel (open the video's description, "Show transcript", select it all, copy),
    then press Ctrl-D. This works when YouTube blocks every fetch.

    \b
    Examples:
      quotes import pdJQ8iVTwj8.en.json --video https://youtu.be/pdJQ8iVTwj8
      quotes import - --video pdJQ8iVTwj8 < copied.txt
    """
    from .formats import read_caption_file, read_caption_stream
    from .timecode import format_timecode
    from .video import video_id_of

    video_id = video_id_of(video)
    if str(file) == "-":
        if sys.stdin.isatty():
            echo("Paste the transcript, then press Ctrl-D (Ctrl-Z and Enter on Windows).", err=True)
        read = read_caption_stream(sys.stdin.buffer, video_id=video_id, language_code=lang, is_generated=is_generated)
        name = "<stdin>"
    else:
        read = read_caption_file(file, video_id=video_id, language_code=lang, is_generated=is_generated)
        name = str(file)
    transcript = read.transcript
    for skipped in read.skipped:
        echo(f"{name}:{skipped.line}: skipped: {skipped.message}", err=True)
    if read.skipped:
        echo(f"Skipped {_plural(len(read.skipped), 'part')} of {name} that could not be read (above).", err=True)
    path = TranscriptStore(transcripts_dir).save(transcript, replace=force)
    echo(
        f"Imported {video_id} ({transcript.language_code}) from {'standard input' if str(file) == '-' else file.name}: "
        f"{_plural(len(transcript.segments), 'caption')}, {format_timecode(transcript.end)} -> {path}"
    )


@cli.command("export")
@click.argument("video")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["srt", "vtt", "json", "text"]),
    default="srt",
    show_default=True,
    help="srt, vtt and json keep the captions as stored; text is cleaned for reading.",
)
@click.option("--lang", callback=_check_lang, help="Language code (default: en, else the first cached).")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Write to FILE, not stdout."
)
@transcripts_option
@handle_errors
def export(video, fmt, lang, output, transcripts_dir):
    """Write a cached transcript as SRT, WebVTT, JSON or plain text.

    \b
    Example:
      quotes export pdJQ8iVTwj8 --format vtt -o interview.en.vtt
    """
    from .files import atomic_write_text
    from .formats import format_transcript
    from .video import video_id_of

    transcript = TranscriptStore(transcripts_dir).load(video_id_of(video), [lang] if lang else None)
    text = format_transcript(transcript, fmt)
    if output is None:
        echo(text, nl=False)
        return
    atomic_write_text(output, text)
    echo(
        f"Exported {transcript.video_id} ({transcript.language_code}) as {fmt}: "
        f"{_plural(len(transcript.segments), 'caption')} -> {output}"
    )

# ---------------------------------------------------------------- transcripts: list, quote, search


@cli.command("transcripts")
@transcripts_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
@handle_errors
def transcripts_(transcripts_dir, as_json):
    """List the cached transcripts: id, language, kind, length, captions.

    Read from the folder's catalogue (library.sqlite), which is brought up to date with
    the cached files first (rebuilt from them when missing or damaged, with a note).
    A damaged cache file is reported on stderr (exit 1) and the others are still listed.
    """
    from .errors import CacheCorrupted

    store = TranscriptStore(transcripts_dir)
    entries = []
    if store.has_folder():
        catalogue = store.catalogue()
        entries = catalogue.entries()
        catalogue.close()
        _notes(catalogue)
    rows = [e for e in entries if e.problem is None]
    for e in entries:  # the others are still listed
        if e.problem is not None:
            echo(f"Error: {str(CacheCorrupted(str(store.directory / e.name), e.problem)).rstrip('.')}.", err=True)
    damaged = len(rows) < len(entries)
    if as_json:
        echo_json(
            [
                {
                    "video_id": e.video_id,
                    "language_code": e.language_code,
                    "is_generated": e.is_generated,
                    "duration": e.duration,
                    "segments": e.captions,
                    "source": e.source,
                    "title": e.title,
                }
                for e in rows
            ]
        )
    elif not entries:
        echo(f"No transcripts in {transcripts_dir}.")
    elif rows:
        _print_transcripts(rows)
    if damaged:
        sys.exit(int(ExitCode.ERROR))


def _notes(catalogue) -> None:
    """The catalogue's notes (rebuilt, no full-text search, ...) on stderr, once each."""
    for note in dict.fromkeys(catalogue.notes):
        echo(f"Note: {note}.", err=True)


def _print_transcripts(rows) -> None:
    from .timecode import format_timecode

    echo(f"{'video':11}  {'lang':5}  {'kind':9}  {'length':>8}  {'captions':>8}  source")
    for e in rows:
        kind = "generated" if e.is_generated else "manual"
        echo(
            f"{e.video_id:11}  {e.language_code:5}  {kind:9}  {format_timecode(e.duration):>8}  "
            f"{e.captions:>8,}  {e.source}"
        )


def _cached(transcripts_dir, video: str, lang: str | None, *, fetch: bool = False, access=None):
    """The cached transcript of VIDEO (URL or id) in the first of the --lang codes.

    With ``fetch``, a transcript not cached yet is fetched from YouTube (by the routes of
    ``access``) and cached (a note goes to stderr); without, a miss is an error that says how
    to get it.
    """
    from .video import video_id_of

    store = TranscriptStore(transcripts_dir)
    cached = store.find(video_id_of(video), _language_list(lang))
    if cached is not None:  # the usual case: routes loads the YouTube client (a seventh of a second)
        return cached
    from .routes import transcript_for

    got = transcript_for(video, store, fetch=fetch, languages=_language_list(lang), access=access)
    t = got.transcript
    if not got.from_cache:
        _note_route(got.passed_over)
        echo(f"Fetched {t.video_id} ({t.language_code}, {_kind(t)}) via {got.route} -> {got.path}", err=True)
    return t


no_fetch_option = click.option(
    "--no-fetch", is_flag=True, help="Use the cached transcript only; never ask YouTube."
)


@cli.command("quote")
@click.argument("video")
@click.argument("start")
@click.argument("end", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text: the words and the link; markdown: a blockquote with a linked time; json.",
)
@click.option("--lang", help="Language code of the cached transcript (default: en, else any).")
@no_fetch_option
@access_options
@transcripts_option
@handle_errors
def quote(video, start, end, fmt, lang, no_fetch, access, transcripts_dir):
    """Print the words said from START to END (default START + 30 s), with a deep link.

    VIDEO is a YouTube URL or id. Its transcript is read from the cache (quotes fetch /
    quotes import), or fetched from YouTube and cached if missing (not with --no-fetch).
    Times are written 13:23, 1:26:50, 803 or 13m23s. A quote stops at the video's end
    (END past it, or START + 30 s, is cut there; the last line shows the range quoted).

    \b
    Example: quotes quote pdJQ8iVTwj8 13:23 13:40
    """
    from .timecode import format_timecode, parse_timecode
    from .video import deep_link

    transcript = _cached(transcripts_dir, video, lang, fetch=not no_fetch, access=access)
    # (Past the video's end, END is cut there as the default end is: the range line shows where.)
    said = transcript.quote(parse_timecode(start), parse_timecode(end) if end else None, cut_at_end=True)
    t0, t1, text = said.start, said.end, said.text
    url = deep_link(transcript.video_id, t0)
    if fmt == "json":
        echo_json({"video_id": transcript.video_id, "start": t0, "end": t1, "url": url, "text": text})
    elif fmt == "markdown":
        echo(f"> {text}\n\n[{format_timecode(t0)}]({url})")
    else:
        echo(text)
        echo(f"{format_timecode(t0)}-{format_timecode(t1)} {url}")


@cli.command("search")
@click.argument("args", metavar="[VIDEO] TEXT", nargs=-1, required=True)
@click.option(
    "--all", "everywhere", is_flag=True,
    help="Search every cached video (the default when no VIDEO is given).",
)
@click.option("--top", default=5, show_default=True, type=click.IntRange(1, 50), help="How many places to show.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, best first.")
@click.option(
    "--title",
    help=("The section's heading: helps place the link where the topic is introduced "
          "(default: the short heading TEXT opens with, as in 'Prompt injection. It occurs when ...')."),
)
@click.option(
    "--lang",
    help="Language code of the cached transcript (default: en, else any; with --all: only transcripts in it).",
)
@no_fetch_option
@access_options
@transcripts_option
@handle_errors
def search(args, everywhere, top, as_json, title, lang, no_fetch, access, transcripts_dir):
    """Say where TEXT (a summary in your words; - reads stdin) is said in the video.

    VIDEO is a YouTube URL or id. Its transcript is read from the cache, or fetched from
    YouTube and cached if missing (not with --no-fetch).

    Prints the best places first: the time to link to, the passage's end, the score
    (0-1, the share of TEXT's distinctive words found there), the confidence (how far
    the place stands above the rest of the video), whether the place is confident
    (confidence 0.35 or more, with three words of TEXT or more said there), and the
    deep link. When TEXT is not said in the video, no place is
    confident: read the line "not found" instead of trusting the first row.

    Without VIDEO (or with --all), every cached video is searched: the catalogue's
    full-text index picks the videos whose words match best, the text is placed in
    each, and the best places across them are printed with the video and its title.

    \b
    Examples:
      quotes search pdJQ8iVTwj8 "Curly brace languages get auto-formatted anyway"
      quotes search --all "Curly brace languages get auto-formatted anyway"
    """
    if len(args) > 2:
        raise click.UsageError(f"give VIDEO and TEXT, not {len(args)} arguments (quote a TEXT of several words)")
    if len(args) == 2 and everywhere:
        raise click.UsageError("give VIDEO or --all, not both")
    video, text = (None, args[0]) if len(args) == 1 else args
    from .locate import Locator, why_not_found, why_unsure
    from .timecode import format_timecode

    if text == "-":
        text = sys.stdin.read()
    if not text.strip():
        raise click.UsageError("TEXT is empty")
    if video is None:
        _search_library(text, top, as_json, title, lang, transcripts_dir)
        return
    locator = Locator(_index_for_search(transcripts_dir, video, lang, fetch=not no_fetch, access=access))
    matches = locator.locate(text, top=top, title=title)
    if as_json:
        echo_json([m.to_dict() for m in matches])
        return
    if not matches:
        echo(why_not_found(locator, text))
        return
    echo(f"{'#':>2}  {'start':>8}  {'end':>8}  {'score':>5}  {'confidence':>10}  {'confident':9}  link")
    for n, m in enumerate(matches, 1):
        echo(
            f"{n:>2}  {format_timecode(m.start):>8}  {format_timecode(m.end):>8}  {m.score:>5.2f}  "
            f"{m.confidence:>10.2f}  {'yes' if m.confident else 'no':9}  {m.url}"
        )
    if not matches[0].confident:
        echo(why_unsure(locator, text))
    else:
        echo(f"\n{matches[0].text[:300]}")


def _index_for_search(transcripts_dir, video: str, lang: str | None, *, fetch: bool, access):
    """The engine's index of VIDEO's cached transcript: the saved one when it is fresh (the
    transcript itself is then not even read), else built from the transcript (fetched if need
    be, as ``_cached`` does) and saved."""
    from .indexcache import IndexCache
    from .video import video_id_of

    store = TranscriptStore(transcripts_dir)
    indexes = IndexCache(store.directory)
    video_id = video_id_of(video)
    path = store.find_path(video_id, _language_list(lang))
    if path is not None:
        language = path.name[len(video_id) + 1 : -len(".json")]
        index = indexes.of_file(path, language, lambda: store.read(path))
    else:
        index = indexes.index(_cached(transcripts_dir, video, lang, fetch=fetch, access=access))
    for note in dict.fromkeys(indexes.notes):
        echo(f"Note: {note}.", err=True)
    return index


def _search_library(text, top, as_json, title, lang, transcripts_dir) -> None:
    """``search`` without a video: the best places across every cached video."""
    from .library import search_library
    from .timecode import format_timecode

    found = search_library(text, transcripts_dir, top, title=title, languages=_language_list(lang))
    for note in found.notes:
        echo(f"Note: {note}.", err=True)
    if as_json:
        echo_json([m.to_dict() for m in found.matches])
        return
    if not found.cached:
        echo(f"No transcripts in {transcripts_dir}.")
        return
    if not found.matches:
        echo(f"Not found: no cached video says the text's words ({_plural(found.cached, 'video')} cached).")
        return
    echo(f"{'#':>2}  {'video':11}  {'start':>8}  {'score':>5}  {'confidence':>10}  {'confident':9}  link")
    for n, f in enumerate(found.matches, 1):
        m = f.match
        echo(
            f"{n:>2}  {f.video_id:11}  {format_timecode(m.start):>8}  {m.score:>5.2f}  "
            f"{m.confidence:>10.2f}  {'yes' if m.confident else 'no':9}  {m.url}"
            + (f"  {f.title}" if f.title else "")
        )
    echo(
        f"Placed in the {_plural(found.searched, 'video')} whose words match best, "
        f"of {_plural(found.cached, 'cached video')}."
    )
    best = found.matches[0]
    if not best.match.confident:
        echo("Not found with confidence: this text may not be said in any cached video.")
    else:
        echo(f"\n{best.title or best.video_id}: {best.match.text[:300]}")


# ---------------------------------------------------------------- verify

_PROBLEM_WORDS = {
    "malformed-url": ("malformed URL", "malformed URLs"),
    "label-mismatch": ("label mismatch", "label mismatches"),
    "past-end": ("past the end", "past the end"),
    "wrong-time": ("wrong time", "wrong times"),
    "not-in-video": ("not in video", "not in video"),
    "transcript-unavailable": ("transcript unavailable", "transcripts unavailable"),
    "chapter-mismatch": ("chapter mismatch", "chapter mismatches"),
}


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _label_of(report) -> str:
    text = report.link.text or report.link.href
    return text if len(text) <= 48 else text[:45] + "..."


def _print_report(reports, files, fixing: bool, err: bool = False) -> None:
    """The findings, file by file, and a summary line (on stderr with ``err``: after a diff)."""
    from .verify import ProblemKind

    told: set[str] = set()  # videos whose missing transcript was already explained
    by_file: dict[str, list] = {}
    for r in reports:
        by_file.setdefault(r.link.path, []).append(r)
    for path, items in by_file.items():
        flagged = [r for r in items if r.problems]
        if not flagged:
            continue
        echo(click.style(path, bold=True), err=err)
        for r in flagged:
            for p in r.problems:
                colour = "yellow" if p.kind.warning else "red"
                message = p.message
                if p.kind is ProblemKind.TRANSCRIPT_UNAVAILABLE:
                    if r.link.video_id in told:
                        message = "as above (skipped: past-end, wrong-time, not-in-video)"
                    told.add(r.link.video_id)
                tail = click.style(" (fixed)", fg="green") if fixing and r.fixed else ""
                echo(
                    f"  {path}:{r.link.line}  {_label_of(r)} -> "
                    f"{click.style(p.kind.value, fg=colour)}: {message}{tail}",
                    err=err,
                )
        echo(err=err)
    line, bad = _summary_line(reports, files)
    echo(click.style(line, fg="red" if bad else "green"), err=err)


def _summary_line(reports, files) -> tuple[str, bool]:
    """The verify summary ("12 links checked in 2 files: ..."), and whether any link failed."""
    from .verify import MIN_CHECK_WORDS, summary_counts

    fine = sum(1 for r in reports if not r.problems and not r.too_short and not r.other_language)  # not judged
    bad = [r for r in reports if not r.ok]
    warned = sum(1 for r in reports if r.ok and r.problems)
    detail = ", ".join(
        _plural(n, *_PROBLEM_WORDS[k.value])
        for k, n in summary_counts(reports).items()
        if not k.warning
    )
    plain = sum(1 for r in reports if r.link.plain)  # times written without a link (--video)
    links = len(reports) - plain
    checked = " and ".join(
        [_plural(links, "link")] * bool(links or not plain) + [_plural(plain, "time")] * bool(plain)
    )
    # Each link is counted once: fine, too short to place (and nothing else wrong), with
    # problems, or with warnings only.
    short = sum(1 for r in reports if r.too_short and not r.problems and not r.other_language)
    line = (
        f"{checked} checked in {_plural(len(files), 'file')}: {fine:,} fine, "
        + (f"{short:,} too short to place (under {MIN_CHECK_WORDS} words: time not checked), " if short else "")
        + _plural(len(bad), "with problems", "with problems")
        + (f" ({detail})" if detail else "")
        + f", {_plural(warned, 'warning')}"
    )
    foreign = sorted({r.other_language for r in reports if r.other_language})
    if foreign:
        n = sum(1 for r in reports if r.other_language)
        line += f"; {n:,} written in another language than the transcript ({', '.join(foreign)}), not checked"
    return line, bool(bad)


def _github_escape(text: str, prop: bool = False) -> str:
    r"""A workflow command's data (``prop``: a property value) escaped as GitHub's runner reads it.

    >>> _github_escape("50% done,\nsaid at 1:23", prop=True)
    '50%25 done%2C%0Asaid at 1%3A23'
    """
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def _print_github(reports, files, fixing: bool) -> None:
    """Each finding as a GitHub workflow annotation on its file and line
    (``::error file=notes.md,line=12,title=quotes wrong-time::...``), then the summary line."""
    for r in reports:
        for p in r.problems:
            level = "warning" if p.kind.warning else "error"
            where = f"file={_github_escape(r.link.path, True)},line={r.link.line}"
            title = _github_escape(f"quotes {p.kind.value}", True)
            message = f"{_label_of(r)} -> {p.message}" + (" (fixed)" if fixing and r.fixed else "")
            echo(f"::{level} {where},title={title}::{_github_escape(message)}")
    echo(_summary_line(reports, files)[0])


def _progress(items: list, label: str, quiet: bool):
    """The ``items``, with a progress bar on stderr when it is a terminal (not when piped, not
    with ``quiet``, not for one item)."""
    if quiet or len(items) < 2 or not sys.stderr.isatty():
        yield from items
        return
    with click.progressbar(items, label=label, file=sys.stderr, show_pos=True, show_eta=True) as bar:
        yield from bar


@cli.command()
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array: one object per timestamped link.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
    help="text: findings by file, then a summary; json: as --json; github: GitHub workflow "
    "annotations (::error file=...,line=...::...), then the summary.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar on stderr (it shows only on a terminal).")
@click.option("--fix", is_flag=True, help="Rewrite confident findings in place (atomic writes).")
@click.option("--diff", "show_diff", is_flag=True, help="Show the fixes as a unified diff; write nothing.")
@click.option("--no-fetch", is_flag=True, help="Use cached transcripts only; never ask YouTube.")
@click.option(
    "--video", metavar="URL_OR_ID",
    help="Also check the times written without a link (show notes, chapter lists) as times in this video.",
)
@access_options
@transcripts_option
@click.pass_context
@handle_errors
def verify(ctx, paths, as_json, fmt, quiet, fix, show_diff, no_fetch, video, access, transcripts_dir):
    """Check the timestamped YouTube links of markdown files against the videos.

    PATH is a markdown file or a folder (searched recursively for *.md). Every
    YouTube link with a time is checked ([text](URL), [text][ref], <URL>, a bare
    URL, <a href="URL">) and each finding names its file and line:

    \b
      malformed-url           the URL is broken so YouTube ignores its time
                              (watch?v=ID?t=483, ?T=803)
      label-mismatch          the time written in the link text, next to the
                              link (13:23, starting at 8:08) or opening its
                              chapter line (2:31:47 Packaging - URL) differs
                              from its t
      past-end                t is past the end of the video
      wrong-time              the link's section is said elsewhere in
                              the video (suggested time and confidence given)
      not-in-video            warning: the section is not said anywhere in the
                              video (the link may be a general reference)
      transcript-unavailable  no transcript (the reason is given): past-end,
                              wrong-time and not-in-video were skipped
      chapter-mismatch        a chapter line's time is more than 3 s from the
                              video's own chapter of that title (when the
                              video's facts are cached: `quotes info`)

    A link's section is the text it stands for: for a link that opens its list
    item, paragraph or table row ("- [13:23](...) what is said"), the text after
    it there; for a link that ends its paragraph or item, the text from the
    previous heading or timestamped link down to it (that paragraph alone when
    it has five words or more besides "the", "and" ...); for a link inside a
    paragraph or item ("As Chris says [here](...), strings are ..."), the
    sentence around it; for a link in a heading or alone straight under one, the
    text under that heading; on a line of a chapter list ("2:31:47 Packaging -
    URL"), that line. A link that points at that passage, or at the host's
    question leading into it, is fine; a section of under five words is too
    short to place, and its time is not checked. Links in code blocks, inline
    code, HTML <code> and HTML comments are ignored.

    With --video, clock times written without a link are checked too, as times
    in that video: a time opening or ending a heading ("## 13:23 Curly braces"),
    the lines of a chapter list ("0:00 Intro"), a time opening a list item,
    paragraph or table row ("- 13:23 what is said") or filling a table cell,
    one alone under its text or ending a paragraph set apart from its words
    ("... are gone. (13:23)"), and one in brackets inside a sentence. Other
    times in prose ("we met at 10:30."), and times in a block that holds a
    timestamped link, are left alone. --fix rewrites such a time in place.

    Missing transcripts are fetched from YouTube and cached, each video once per
    run (not with --no-fetch); through yt-dlp when YouTube blocks youtube-transcript-api
    (see `quotes fetch --help`).

    --fix rewrites only confident findings: the link's t and the time in its label,
    so that both agree and point at the passage; every other byte of the file is
    kept. A reference link ([see][errs]) is fixed in its definition ([errs]: URL)
    when no other link uses it; otherwise the finding says why it was not fixed.
    --diff prints those changes as a unified diff instead of writing them (the
    findings then go to stderr, so the output can be saved as a patch).

    \b
    Examples:
      quotes verify notes/this-week.md
      quotes verify notes/ --json
      quotes verify notes/this-week.md --diff
      quotes verify notes/this-week.md --fix
      quotes verify show-notes.md --video https://youtu.be/pdJQ8iVTwj8

    Exit codes: 0 every link fine (warnings allowed), 3 problems found (with
    --fix: problems left unfixed), 1 error (a PATH that does not exist, a folder
    without *.md files, a file that is not UTF-8 or 8-bit text).
    """
    from .chapters import check_chapters
    from .indexcache import IndexCache
    from .routes import transcript_for
    from .verify import Patient, unavailable, verify_paths

    if as_json and fmt == "github":
        raise click.UsageError("use --json or --format github, not both")
    as_json = as_json or fmt == "json"
    if show_diff and (as_json or fmt == "github"):
        raise click.UsageError(f"use --{'json' if as_json else 'format github'} or --diff, not both")
    store = TranscriptStore(transcripts_dir)
    if video is not None:
        from .video import video_id_of

        video = video_id_of(video)

    def get_transcript(video_id: str):  # each video once: verify_paths asks video by video
        return transcript_for(video_id, store, fetch=not no_fetch, access=access).transcript

    indexes = IndexCache(store.directory)
    run = verify_paths(
        paths, Patient(get_transcript), video=video, fix=fix, diff=show_diff, indexes=indexes.index,
        progress=lambda videos: _progress(videos, "Checking videos", quiet),
    )
    for note in dict.fromkeys(indexes.notes):
        echo(f"Note: {note}.", err=True)
    for warning in run.warnings:
        echo(f"Warning: {warning}.", err=True)
    for diff in run.diffs:
        echo(diff, nl=False)
    reports, files, unlinked = run.reports, run.checked, run.unlinked
    if not files:  # nothing could be read: only why
        for problem in run.unreadable:
            echo(f"Error: {str(problem).rstrip('.')}.", err=True)
        ctx.exit(int(ExitCode.ERROR))
    check_chapters(reports, lambda video_id: _cached_facts(transcripts_dir, video_id))  # (never fixed)
    if as_json:
        echo_json([r.to_json() for r in reports])
    else:
        if fmt == "github":
            _print_github(reports, files, fixing=fix)
        else:
            # With --diff, standard output is the diff alone (to save as a patch); the findings go to stderr.
            _print_report(reports, files, fixing=fix and not show_diff, err=show_diff)
        if unlinked:
            echo(
                f"{_plural(unlinked, 'time')} written without a link, not checked: "
                "name the video with --video URL_OR_ID to check them.",
                err=show_diff,
            )
        missing = unavailable(reports)
        if len(missing) > 1:  # (one is told in its findings)
            shown = ", ".join(list(missing)[:10]) + (f" and {len(missing) - 10:,} more" if len(missing) > 10 else "")
            echo(
                f"No transcript for {_plural(len(missing), 'video')}: {shown}; "
                "their links' times were not checked against the videos.",
                err=show_diff,
            )
        fixed = [r for r in reports if r.fixed]
        if fixed:
            n_files = len({r.link.path for r in fixed})
            n_plain = sum(1 for r in fixed if r.link.plain)
            what = " and ".join(
                _plural(n, word) for n, word in ((len(fixed) - n_plain, "link"), (n_plain, "time")) if n
            )
            echo(f"Fixed {what} in {_plural(n_files, 'file')}.")
    for problem in run.unreadable + run.unwritable:  # the others were checked (and fixed) all the same
        echo(f"Error: {str(problem).rstrip('.')}.", err=True)
    if run.unreadable or run.unwritable:
        ctx.exit(int(ExitCode.ERROR))
    ctx.exit(int(ExitCode.PROBLEMS) if run.left else int(ExitCode.OK))

# ---------------------------------------------------------------- quotes files: new, mark, match, render, import-doc


quotes_file_argument = click.argument("file", type=click.Path(path_type=Path), metavar="FILE")
lang_option = click.option(
    "--lang", metavar="CODES", help="Transcript languages to use, in order (default: en, else any cached)."
)


@cli.command("new")
@click.argument("video")
@click.option(
    "--label", metavar="TEMPLATE",
    help="Text before the time in each link; {upload_date}, {channel}, {title}, {year} and {video_id} "
    'are filled in from the video\'s facts (default: "{upload_date} {channel} Interview").',
)
@click.option("--from-chapters", is_flag=True, help="Start with one section per chapter of the video (its title and start).")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path),
    help="Quotes file to create (default: <video id>.quotes.yaml).",
)
@click.option("--link-style", type=click.Choice(["short", "long"]), default="short", show_default=True,
              help="short: https://youtu.be/ID?t=803; long: https://www.youtube.com/watch?v=ID&t=803s.")
@click.option(
    "--no-fetch", is_flag=True,
    help="Only create the file; do not get the transcript (nor the video's facts: cached ones are used).",
)
@click.option("--force", is_flag=True, help="Replace an existing quotes file.")
@lang_option
@access_options
@transcripts_option
@handle_errors
def new(video, label, from_chapters, output, link_style, no_fetch, force, lang, access, transcripts_dir):
    """Create a quotes file for a video and fetch its transcript.

    VIDEO is a YouTube link or video id. The file lists the video, the link label and
    no sections yet: add them with `quotes mark`, or write titles and summaries yourself
    and let `quotes match` find the times. The transcript is cached in TRANSCRIPTS
    (an already cached one is reused).

    The label is made from the video's facts (title, channel, upload date), which yt-dlp
    gets once and caches beside the transcript (see `quotes info`); the template it was
    made from is noted in the file. --from-chapters starts the file with the video's
    own chapters as sections.

    \b
    Examples:
      quotes new https://youtu.be/pdJQ8iVTwj8
      quotes new pdJQ8iVTwj8 --label "{upload_date} {channel} Interview" --from-chapters
      quotes new pdJQ8iVTwj8 --label "2023-06-02 Lex Fridman Interview"
    """
    from .quotesfile import QuotesFile, Section, check_new, new_document
    from .timecode import format_timecode
    from .video import parse_video_url
    from .videoinfo import DEFAULT_LABEL, label_from

    link = parse_video_url(video)
    url = f"https://youtu.be/{link.video_id}"
    path = output or Path(f"{link.video_id}.quotes.yaml")
    check_new(path, force)
    store = TranscriptStore(transcripts_dir)
    template = DEFAULT_LABEL if label is None else label
    info = _facts_for_new(link.video_id, template, from_chapters, store, access, no_fetch)
    sections = [Section(title=c.title, start=c.start) for c in info.chapters] if from_chapters else []
    model = QuotesFile(video=url, label=label_from(template, info), link_style=link_style, sections=sections)
    doc = new_document(model)
    if "{" in template:
        doc.data.yaml_add_eol_comment(f"from --label {json.dumps(template, ensure_ascii=False)}", "label")
    doc.save(path)
    chapters = f" with {_plural(len(sections), 'chapter')} as sections" if from_chapters else ""
    echo(f"Created {path} for {link.video_id}{chapters}")
    if no_fetch:
        return
    from .routes import transcript_for

    got = transcript_for(link.video_id, store, languages=_language_list(lang), access=access)
    _note_route(got.passed_over)
    t = got.transcript
    echo(
        f"Transcript {t.video_id} ({t.language_code}"
        f"{', generated' if t.is_generated else ''}){f' via {got.route}' if got.route else ''}: "
        f"{_plural(len(t.segments), 'caption')}, "
        f"{format_timecode(t.end)}"
    )


def _facts_for_new(video_id, template, from_chapters, store, access, no_fetch):
    """The facts `new` needs (cached, else fetched): none for a plain label; a label template
    without them is filled with what is known, with a warning; --from-chapters needs them."""
    from .routes import info_for
    from .videoinfo import VideoInfo

    if not from_chapters and "{" not in template:
        return None
    try:
        info, _ = info_for(video_id, store=store, access=access, allow_fetch=not no_fetch)
    except QuotesError as exc:
        if from_chapters:
            raise
        echo(f"Warning: {exc}; the label is made without them.", err=True)
        return None
    if from_chapters and not info.chapters:
        echo(f"Warning: video {video_id} has no chapters; the file has no sections.", err=True)
    return info if info is not None else VideoInfo(video_id=video_id)


@cli.command("mark")
@quotes_file_argument
@click.argument("start")
@click.argument("end", required=False)
@click.option("--title", required=True, help="The section's title.")
@click.option("--summary", default="", help="What is said, in your words.")
@lang_option
@no_fetch_option
@access_options
@transcripts_option
@handle_errors
def mark(file, start, end, title, summary, lang, no_fetch, access, transcripts_dir):
    """Add a section for START..END with the words said there as its quote.

    START and END are written 13:23, 1:26:50, 803 or 13m23s; END defaults to 30 seconds after
    START (its end is then not written to the file). The quote is the transcript's text
    for that range. The section goes in FILE in time order; comments and order are kept.
    The video's transcript is fetched and cached if missing (not with --no-fetch).

    \b
    Example:
      quotes mark pdJQ8iVTwj8.quotes.yaml 13:23 14:10 --title "Curly Braces"
    """
    from .quotesfile import mark as mark_section
    from .timecode import format_timecode, parse_timecode

    t0 = parse_timecode(start)
    t1 = parse_timecode(end) if end is not None else None
    number, quote = mark_section(
        file, lambda video_id: _cached(transcripts_dir, video_id, lang, fetch=not no_fetch, access=access), t0, t1,
        title=title, summary=summary,
    )
    span = format_timecode(t0) + (f"-{format_timecode(t1)}" if t1 is not None else "")
    echo(f"Added section {number} {title!r} at {span} to {file}")
    if quote:
        echo(f"  > {quote}")
    else:
        echo("  (nothing is said there in the transcript)")


@cli.command("sections")
@quotes_file_argument
@click.option("--json", "as_json", is_flag=True, help="Print the sections as JSON (times in seconds).")
@handle_errors
def sections_(file, as_json):
    """List the sections of FILE: number, start, end and title, in the file's order.

    \b
    Example:
      quotes sections pdJQ8iVTwj8.quotes.yaml
    """
    from .quotesfile import load
    from .timecode import format_timecode

    sections = load(file).sections
    if as_json:
        echo_json([{"number": n, **s.model_dump()} for n, s in enumerate(sections, 1)])
        return
    if not sections:
        echo(f"No sections in {file}.")
        return

    def tc(x):
        return format_timecode(x) if x is not None else "-"

    rows = [("#", "start", "end", "title")] + [
        (str(n), tc(s.start), tc(s.end), _cell(s.title, 60)) for n, s in enumerate(sections, 1)
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        echo("  ".join([row[0].rjust(widths[0]), row[1].ljust(widths[1]), row[2].ljust(widths[2]), row[3]]))


def _cell(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@cli.command("match")
@quotes_file_argument
@click.option("--dry-run", is_flag=True, help="Show the table but do not change FILE.")
@lang_option
@no_fetch_option
@access_options
@transcripts_option
@handle_errors
def match_(file, dry_run, lang, no_fetch, access, transcripts_dir):
    """Find where each section of FILE is said and fill in the missing starts.

    Every section without a start gets the place its summary (else its verbatim quote,
    else its title) is said, when the match is confident. Starts already given are checked as `quotes verify`
    checks links: one that does not point at a confident place (from its end back to
    where the host's question may begin, at most two minutes before it) "looks wrong"
    (it is not changed).
    FILE is written back atomically, keeping your comments and order. The video's
    transcript is fetched and cached if missing (not with --no-fetch).

    \b
    Status column:
      set          start filled in
      kept         your start agrees with the transcript
      unchecked    your start was kept; nothing confident to compare it with
                   (or the summary has under five words)
      looks wrong  your start is not where the summary is said (proposed shows
                   where), or is past the end of the video
      unsure       only a low-confidence match, or a summary or title of under
                   five words: left for you, not written
      not found    nothing matched: left for you

    Exit code 0 when every section has a trustworthy start, 3 when something needs
    you (looks wrong, unsure, not found).
    """
    from .errors import ExitCode
    from .sections import match_file
    from .timecode import format_timecode

    run = match_file(
        file, lambda video_id: _cached(transcripts_dir, video_id, lang, fetch=not no_fetch, access=access), dry_run=dry_run
    )
    results = run.results

    def tc(x):
        return format_timecode(x) if x is not None else "-"

    rows = [("#", "section", "start", "proposed", "confidence", "status")]
    for r in results:
        rows.append((
            str(r.index + 1), _cell(r.title, 40), tc(r.start), tc(r.proposed),
            f"{r.score:.2f}" if r.score is not None else "-", r.status,
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        cells = [row[0].rjust(widths[0])] + [c.ljust(w) for c, w in zip(row[1:5], widths[1:])]
        echo("  ".join(cells) + "  " + row[5])
    for line in run.past_end:
        echo(line[:1].upper() + line[1:] + ".")
    changed = [r for r in results if r.status == "set"]
    counts = {s: sum(1 for r in results if r.status == s) for s in ("set", "kept", "unchecked", "looks wrong", "unsure", "not found")}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "no sections"
    if dry_run:
        action = f"dry run: {file} not changed"
    elif changed:
        action = f"wrote {len(changed)} start{'s' if len(changed) != 1 else ''} to {file}"
    else:
        action = f"{file} unchanged"
    echo(f"{summary}; {action}")
    if run.needs_editor:
        sys.exit(int(ExitCode.PROBLEMS))


def _cached_facts(transcripts_dir, video_id: str):
    """The video's cached facts (quotes.videoinfo), or None; a damaged file is a warning."""
    from .videoinfo import load_info

    try:
        return load_info(transcripts_dir, video_id)
    except QuotesError as exc:
        echo(f"Warning: {exc}", err=True)
        return None


@cli.command("render")
@quotes_file_argument
@click.option(
    "-t", "--template", default="newsletter", show_default=True, metavar="NAME|PATH",
    help="newsletter, chapters, quotes, or the path of your own jinja2 template.",
)
@click.option(
    "-o", "--output", metavar="PATH",
    help="Where to write (default: output/<file>.md, output/<file>.<template>.md for others); - for stdout.",
)
@transcripts_option
@handle_errors
def render_(file, template, output, transcripts_dir):
    """Render FILE into markdown with a template.

    \b
    Built-in templates:
      newsletter  "### Title", the summary, a blank line, "[LABEL 13:23](https://youtu.be/ID?t=803)"
      chapters    a YouTube description chapter list ("0:00 Intro" lines)
      quotes      each section with its verbatim quote as a blockquote

    A section with a start but no `quote` is quoted from the cached transcript (from
    its start to its end, else 30 s or the next section's start); render never fetches.

    Your own template (a file path) gets the same data: video_id, video_url, label,
    link_style and sections (title, start, end, summary, quote, notes, url, timecode),
    and the filters `timecode` (seconds -> 13:23), `deep_link` (seconds -> link; a
    style short, long or embed may follow) and `blockquote`. An undefined variable or
    a misused filter is an error naming the template line.

    For chapters, YouTube's rules are checked (first at 0:00, at least three, ascending,
    each 10 s or longer): each broken rule is explained as a warning on stderr, the
    list is still written, and the exit code is 3. With the transcript cached, a
    section starting past the end of the video is such a warning in every template.
    With the video's facts cached (`quotes info`), a chapter that starts more than 3 s
    from the video's own chapter of the same title is a warning too.

    Templates also get the video's facts as `video` (title, channel, upload_date,
    duration, chapters), empty when they are not cached.
    """
    from .files import atomic_write_text
    from .render import default_output_path, render_file

    rendered = render_file(file, template, TranscriptStore(transcripts_dir))
    for note in rendered.notes:
        echo(note, err=True)
    if output == "-":
        echo(rendered.text, nl=False)
    else:
        path = Path(output) if output else default_output_path(file, template)
        atomic_write_text(path, rendered.text)
        echo(f"Rendered {rendered.sections} sections of {file} with {template} -> {path}")
    for w in rendered.warnings + rendered.problems:
        echo(f"Warning: {w}", err=True)
    if rendered.problems:
        if rendered.chapters:
            echo("YouTube will not show these chapters until that is fixed.", err=True)
        sys.exit(int(ExitCode.PROBLEMS))


@cli.command("import-doc")
@click.argument("doc", type=click.Path(path_type=Path))  # a missing file is an Error: line, exit 1
@click.option(
    "-o", "--output", type=click.Path(path_type=Path),
    help="Quotes file to write (default: DOC's name with .quotes.yaml).",
)
@click.option("--no-times", is_flag=True, help="Leave the starts out, to find them anew with `quotes match`.")
@click.option(
    "--video", metavar="URL_OR_ID",
    help="The video to import (default: the one most links point at); times written without a link are read as times in it.",
)
@click.option("--force", is_flag=True, help="Replace an existing quotes file.")
@handle_errors
def import_doc(doc, output, no_times, video, force):
    """Turn a timestamped markdown page into a quotes file.

    A section is a heading followed by its text and, as its last line, a link to the
    video at a time: [LABEL 13:23](https://youtu.be/ID?t=803). Its text is kept exactly,
    so `quotes render --template newsletter` gives the page's sections back. Every other
    timestamped link of the video (in a list item, paragraph, table row or heading, on the
    same page or not) becomes a section too, best effort: the text it stands for (as
    `quotes verify --help` tells), titled by its heading, its table's topic column, its
    label or its first words. Headings without a timestamped link to the video are
    skipped and listed. Then `quotes match` re-checks the times.

    The video is the one most of the page's links point at; links to other videos
    are left out and counted. --video picks the video instead, and reads the times
    written without a link as times in it ("- 13:23 what is said", chapter lines
    "0:00 Intro", "## 13:23 Curly braces"), as `quotes verify --video` reads them.

    \b
    Examples:
      quotes import-doc this-week-in-mojo.md -o mojo.quotes.yaml
      quotes import-doc show-notes.md --video https://youtu.be/pdJQ8iVTwj8
    """
    from .import_doc import import_file
    from .timecode import format_timecode

    result, path = import_file(doc, output, video=video, no_times=no_times, force=force)
    model = result.quotes
    echo(f"Imported {_plural(len(model.sections), 'section')} of {model.video_id} from {doc} -> {path}")

    def listed(items: list[str], show=repr) -> str:
        shown = ", ".join(show(t) for t in items[:5])
        return shown + (f" and {len(items) - 5} more" if len(items) > 5 else "")

    if result.skipped:
        echo(
            f"Skipped {_plural(len(result.skipped), 'heading')} without a timestamped link to the video: "
            f"{listed(result.skipped)}"
        )
    if result.other_videos:
        echo(f"Left out {_plural(len(result.other_videos), 'link')} to other videos: {listed(result.other_videos)}")
    if result.disagreeing and not no_times:
        lines = [f"line {n} (label {label}, link {format_timecode(t)})" for n, label, t in result.disagreeing]
        echo(f"Took the link's time where the label says another: {listed(lines, str)}; "
             f"`quotes verify {shlex.quote(str(doc))}` tells which is right.")
    if result.links_elsewhere:
        counts = [f"{vid} ({_plural(n, 'link')})" for vid, n in result.links_elsewhere.items()]
        echo(f"The page also links {listed(counts, str)}: "
             f"--video {next(iter(result.links_elsewhere))} imports those instead.")

# ---------------------------------------------------------------- studio
# (the studio command: a local web app over the same library calls)

STUDIO_PORT = 8765


def _studio_file(target: str, output: Path | None, label: str) -> Path:
    """The quotes file the studio opens: TARGET itself, or (a video and -o) a new one."""
    from .errors import QuotesFileError
    from .quotesfile import QuotesFile, load, new_document
    from .video import parse_video_url

    as_file = Path(target)
    if output is None:
        if as_file.exists() or as_file.suffix in (".yaml", ".yml"):
            return as_file
        raise click.UsageError("give a quotes file, or a video URL or id with -o FILE.quotes.yaml to start one")
    if as_file.suffix in (".yaml", ".yml"):
        raise click.UsageError("-o starts a new quotes file for a video: give the video's URL or id, not a file")
    link = parse_video_url(target)
    if output.exists():
        if load(output).model.video_id != link.video_id:
            raise QuotesFileError(str(output), None, f"already exists, for another video than {link.video_id}")
        return output
    new_document(QuotesFile(video=f"https://youtu.be/{link.video_id}", label=label)).save(output)
    echo(f"Created {output} for {link.video_id}")
    return output


@cli.command("studio")
@click.argument("target", metavar="FILE|VIDEO")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
    help="With a video's URL or id: the quotes file to start (opened as it is if it exists for that video).",
)
@click.option("--label", default="", help="Text before the time in each link, for a new file (as `quotes new`).")
@click.option(
    "-t", "--template", "templates", multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Your own jinja2 template, offered in the preview beside the built-in ones (may be repeated).",
)
@click.option(
    "--host", default="127.0.0.1", show_default=True,
    help="Address to listen on. Another address lets other machines reach the studio (they still need the token).",
)
@click.option(
    "--port", type=click.IntRange(0, 65535),
    help=f"Port to listen on (default: {STUDIO_PORT}, else a free one; 0: any free port).",
)
@click.option("--no-browser", is_flag=True, help="Print the address but do not open a browser.")
@lang_option
@no_fetch_option
@transcripts_option
@handle_errors
def studio(target, output, label, templates, host, port, no_browser, lang, no_fetch, transcripts_dir):
    """Open a quotes file in the studio: video, transcript and sections in the browser.

    FILE is a quotes file; or give a VIDEO's URL or id with -o FILE.quotes.yaml to start
    one. The studio is a local web app: it prints its address, with a secret token in it,
    and opens the browser there (not with --no-browser). Press Ctrl-C to stop it.

    In the page: click a line of the transcript to go there; mark sections with the keys
    ([ start, ] end, n new section, space play/pause, j/l back/forward, ? shows them all) or
    by selecting words; type a summary and see where it is said; save writes FILE atomically,
    keeping its comments and order, and never over changes made to it meanwhile. The video's
    transcript is fetched and cached if missing (not with --no-fetch).

    \b
    Examples:
      quotes studio lex.quotes.yaml
      quotes studio https://youtu.be/pdJQ8iVTwj8 -o lex.quotes.yaml
    """
    try:
        from .studio.app import Server, bind
        from .studio.service import Studio
    except ImportError as exc:  # the extra is not installed
        raise click.ClickException(
            f"the studio needs its web parts ({(exc.name or 'starlette').split('.')[0]} is missing): "
            "pip install 'quotes[studio]'"
        ) from None
    path = _studio_file(target, output, label)
    from .indexcache import IndexCache
    from .quotesfile import load

    video_id = load(path).model.video_id
    transcript = _cached(transcripts_dir, video_id, lang, fetch=not no_fetch)
    indexes = IndexCache(TranscriptStore(transcripts_dir).directory)
    service = Studio(path, transcript, tuple(str(t) for t in templates), indexes=indexes)
    try:
        sock = bind(host, STUDIO_PORT if port is None else port)
    except OSError as exc:
        if port is not None:
            raise click.ClickException(f"cannot listen on {host}:{port} ({exc.strerror}); try another --port") from None
        sock = bind(host, 0)  # the usual port is taken (another studio?): any free one
    server = Server(service, sock)
    echo(f"Studio for {path} ({video_id}). Open this address (the token in it is the key):")
    echo(f"    {server.url}")
    if host not in ("127.0.0.1", "localhost", "::1"):
        echo(f"Warning: listening on {host}: whoever reaches this machine with the token can change {path}.", err=True)
    echo("Press Ctrl-C to stop.")
    if not no_browser:
        import webbrowser

        webbrowser.open(server.url)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    echo("Stopped.")
