"""The ``quotes`` command line: thin click commands over the library.

The only module that imports click or prints. Library errors (QuotesError) become one
``Error: ...`` line on stderr and the error's exit code (see ``errors.ExitCode``).
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import ExitCode, QuotesError
from .store import TranscriptStore


def echo(message=None, nl: bool = True, err: bool = False) -> None:
    """``click.echo``, with the odd bytes of a file that is not UTF-8 (kept as lone surrogates,
    see ``document.decode_markdown``) shown as U+FFFD: a strict UTF-8 terminal cannot print them."""
    if isinstance(message, str) and not message.isascii():
        message = message.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    click.echo(message, nl=nl, err=err)


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
    type=click.Path(file_okay=False, path_type=Path),
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
    cli(prog_name="quotes")


# ---------------------------------------------------------------- transcripts: fetch, languages

proxy_option = click.option(
    "--proxy",
    metavar="URL",
    help="Reach YouTube through this proxy (http://user:pass@host:port, socks5://host:port). "
    "Without it: WEBSHARE_PROXY_USERNAME/WEBSHARE_PROXY_PASSWORD, else HTTPS_PROXY/HTTP_PROXY.",
)


def _language_list(text: str | None) -> list[str] | None:
    codes = [c.strip() for c in (text or "").split(",") if c.strip()]
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
@proxy_option
@transcripts_option
@handle_errors
def fetch(video, langs, translate, refresh, proxy, transcripts_dir):
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

    Exit code 4 when YouTube gives no transcript (blocked, no captions, unavailable...).
    """
    from .timecode import format_timecode
    from .youtube import transcript_for

    result = transcript_for(
        video,
        TranscriptStore(transcripts_dir),
        languages=_language_list(langs),
        translate=translate,
        refresh=refresh,
        proxy=proxy,
    )
    t = result.transcript
    verb = "Cached" if result.from_cache else "Fetched"
    echo(
        f"{verb} {t.video_id} ({t.language_code}, {_kind(t)}): {_plural(len(t.segments), 'caption')}, "
        f"{format_timecode(t.end)} -> {result.path}"
    )


@cli.command()
@click.argument("video")
@proxy_option
@handle_errors
def languages(video, proxy):
    """List the caption languages YouTube has for a video.

    VIDEO is a YouTube link or video id. "manual" captions were typed by a person,
    "generated" ones are YouTube's speech recognition. Use a code with
    `quotes fetch VIDEO --lang CODE`, or a translation target with --translate CODE.
    """
    from .video import video_id_of
    from .youtube import list_languages

    video_id = video_id_of(video)
    tracks = list_languages(video_id, proxy=proxy)
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

# ---------------------------------------------------------------- transcripts: import


def _check_lang(ctx, param, value):
    # The code becomes part of a file name: letters, digits and '-' only (en, pt-BR).
    import re

    if value is not None and not re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*", value):
        raise click.BadParameter(f"{value!r} is not a language code such as en, de or pt-BR")
    return value


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
@transcripts_option
@handle_errors
def import_(file, video, lang, is_generated, transcripts_dir):
    """Import a caption FILE as the transcript of a video.

    Reads SRT, WebVTT (YouTube's rolling auto-captions too, each word once), SBV
    (YouTube Studio's download), youtube-transcript-api JSON, podcast JSON
    transcripts (Podcasting 2.0), YouTube json3, Whisper's JSON, YouTube's XML
    (srv1, srv2, srv3), TTML/DFXP, and timestamped text as copied from YouTube's
    "Show transcript" or exported by Otter and the like ("0:05 text", "[00:01:02]
    Host: text"). A file that cannot be read is reported with its line number,
    and nothing is stored.

    \b
    Example:
      quotes import pdJQ8iVTwj8.en.json --video https://youtu.be/pdJQ8iVTwj8
    """
    from .formats import read_transcript_file
    from .timecode import format_timecode
    from .video import video_id_of

    video_id = video_id_of(video)
    transcript = read_transcript_file(file, video_id=video_id, language_code=lang, is_generated=is_generated)
    path = TranscriptStore(transcripts_dir).save(transcript)
    echo(
        f"Imported {video_id} ({transcript.language_code}) from {file.name}: "
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
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE, not stdout."
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

    A damaged cache file is reported on stderr (exit 1) and the others are still listed.
    """
    rows, damaged = TranscriptStore(transcripts_dir).scan()
    for problem in damaged:  # the others are still listed
        echo(f"Error: {str(problem).rstrip('.')}.", err=True)
    if as_json:
        echo_json(
            [
                {
                    "video_id": t.video_id,
                    "language_code": t.language_code,
                    "is_generated": t.is_generated,
                    "duration": t.end,
                    "segments": len(t.segments),
                    "source": t.source,
                    "title": t.title,
                }
                for t in rows
            ]
        )
    elif not rows and not damaged:
        echo(f"No transcripts in {transcripts_dir}.")
    elif rows:
        _print_transcripts(rows)
    if damaged:
        sys.exit(int(ExitCode.ERROR))


def _print_transcripts(rows) -> None:
    from .timecode import format_timecode

    echo(f"{'video':11}  {'lang':5}  {'kind':9}  {'length':>8}  {'captions':>8}  source")
    for t in rows:
        kind = "generated" if t.is_generated else "manual"
        echo(
            f"{t.video_id:11}  {t.language_code:5}  {kind:9}  {format_timecode(t.end):>8}  "
            f"{len(t.segments):>8,}  {t.source}"
        )


def _cached(transcripts_dir, video: str, lang: str | None, *, fetch: bool = False):
    """The cached transcript of VIDEO (URL or id) in the first of the --lang codes.

    With ``fetch``, a transcript not cached yet is fetched from YouTube and cached (a note
    goes to stderr); without, a miss is an error that says how to get it.
    """
    from .youtube import transcript_for

    got = transcript_for(video, TranscriptStore(transcripts_dir), fetch=fetch, languages=_language_list(lang))
    t = got.transcript
    if not got.from_cache:
        echo(f"Fetched {t.video_id} ({t.language_code}, {_kind(t)}) -> {got.path}", err=True)
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
@transcripts_option
@handle_errors
def quote(video, start, end, fmt, lang, no_fetch, transcripts_dir):
    """Print the words said from START to END (default START + 30 s), with a deep link.

    VIDEO is a YouTube URL or id. Its transcript is read from the cache (quotes fetch /
    quotes import), or fetched from YouTube and cached if missing (not with --no-fetch).
    Times are written 13:23, 1:26:50, 803 or 13m23s.

    \b
    Example: quotes quote pdJQ8iVTwj8 13:23 13:40
    """
    from .timecode import format_timecode, parse_timecode
    from .video import deep_link

    transcript = _cached(transcripts_dir, video, lang, fetch=not no_fetch)
    said = transcript.quote(parse_timecode(start), parse_timecode(end) if end else None)
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
@click.argument("video")
@click.argument("text")
@click.option("--top", default=5, show_default=True, type=click.IntRange(1, 50), help="How many places to show.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, best first.")
@click.option(
    "--title",
    help="The section's heading: helps place the link where the topic is introduced.",
)
@click.option("--lang", help="Language code of the cached transcript (default: en, else any).")
@no_fetch_option
@transcripts_option
@handle_errors
def search(video, text, top, as_json, title, lang, no_fetch, transcripts_dir):
    """Say where TEXT (a summary in your words; - reads stdin) is said in the video.

    VIDEO is a YouTube URL or id. Its transcript is read from the cache, or fetched from
    YouTube and cached if missing (not with --no-fetch).

    Prints the best places first: the time to link to, the passage's end, the score
    (0-1, the share of TEXT's distinctive words found there), the confidence (how far
    the place stands above the rest of the video), whether the place is confident
    (confidence 0.35 or more, with three words of TEXT or more said there), and the
    deep link. When TEXT is not said in the video, no place is
    confident: read the line "not found" instead of trusting the first row.
    """
    from .locate import Locator, why_not_found
    from .timecode import format_timecode

    if text == "-":
        text = sys.stdin.read()
    if not text.strip():
        raise click.UsageError("TEXT is empty")
    transcript = _cached(transcripts_dir, video, lang, fetch=not no_fetch)
    locator = Locator(transcript)
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
        echo("Not found with confidence: this text may not be said in the video.")
    else:
        echo(f"\n{matches[0].text[:300]}")

# ---------------------------------------------------------------- verify

_PROBLEM_WORDS = {
    "malformed-url": ("malformed URL", "malformed URLs"),
    "label-mismatch": ("label mismatch", "label mismatches"),
    "past-end": ("past the end", "past the end"),
    "wrong-time": ("wrong time", "wrong times"),
    "not-in-video": ("not in video", "not in video"),
    "transcript-unavailable": ("transcript unavailable", "transcripts unavailable"),
}


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _label_of(report) -> str:
    text = report.link.text or report.link.href
    return text if len(text) <= 48 else text[:45] + "..."


def _print_report(reports, files, fixing: bool, err: bool = False) -> None:
    """The findings, file by file, and a summary line (on stderr with ``err``: after a diff)."""
    from .verify import MIN_CHECK_WORDS, ProblemKind, summary_counts

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
    fine = sum(1 for r in reports if not r.problems and not r.too_short)  # too short: not judged
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
    line = (
        f"{checked} checked in {_plural(len(files), 'file')}: "
        f"{fine:,} fine, {_plural(len(bad), 'with problems', 'with problems')}"
        + (f" ({detail})" if detail else "")
        + f", {_plural(warned, 'warning')}"
    )
    short = sum(1 for r in reports if r.too_short)
    if short:
        line += f"; {short:,} too short to place (under {MIN_CHECK_WORDS} words), time not checked"
    echo(click.style(line, fg="red" if bad else "green"), err=err)


@cli.command()
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array: one object per timestamped link.")
@click.option("--fix", is_flag=True, help="Rewrite confident findings in place (atomic writes).")
@click.option("--diff", "show_diff", is_flag=True, help="Show the fixes as a unified diff; write nothing.")
@click.option("--no-fetch", is_flag=True, help="Use cached transcripts only; never ask YouTube.")
@click.option(
    "--video", metavar="URL_OR_ID",
    help="Also check the times written without a link (show notes, chapter lists) as times in this video.",
)
@transcripts_option
@click.pass_context
@handle_errors
def verify(ctx, paths, as_json, fix, show_diff, no_fetch, video, transcripts_dir):
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
    run (not with --no-fetch).

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
    from .verify import verify_paths
    from .youtube import transcript_for

    if as_json and show_diff:
        raise click.UsageError("use --json or --diff, not both")
    store = TranscriptStore(transcripts_dir)
    if video is not None:
        from .video import video_id_of

        video = video_id_of(video)

    def get_transcript(video_id: str):  # each video once: Verifier keeps what it got
        return transcript_for(video_id, store, fetch=not no_fetch).transcript

    run = verify_paths(paths, get_transcript, video=video, fix=fix, diff=show_diff)
    for diff in run.diffs:
        echo(diff, nl=False)
    reports, files, unlinked = run.reports, run.files, run.unlinked
    if as_json:
        echo_json([r.to_json() for r in reports])
    else:
        # With --diff, standard output is the diff alone (to save as a patch); the findings go to stderr.
        _print_report(reports, files, fixing=fix and not show_diff, err=show_diff)
        if unlinked:
            echo(
                f"{_plural(unlinked, 'time')} written without a link, not checked: "
                "name the video with --video URL_OR_ID to check them.",
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
    ctx.exit(int(ExitCode.PROBLEMS) if run.left else int(ExitCode.OK))

# ---------------------------------------------------------------- quotes files: new, mark, match, render, import-doc


def _refuse_overwrite(path: Path, force: bool) -> None:
    from .errors import QuotesFileError

    if path.exists() and not force:
        raise QuotesFileError(str(path), None, "already exists; use --force to replace it")


quotes_file_argument = click.argument("file", type=click.Path(path_type=Path), metavar="FILE")
lang_option = click.option(
    "--lang", metavar="CODES", help="Transcript languages to use, in order (default: en, else any cached)."
)


@cli.command("new")
@click.argument("video")
@click.option("--label", default="", help='Text before the time in each link, e.g. "2023-06-02 Lex Fridman Interview".')
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
    help="Quotes file to create (default: <video id>.quotes.yaml).",
)
@click.option("--link-style", type=click.Choice(["short", "long"]), default="short", show_default=True,
              help="short: https://youtu.be/ID?t=803; long: https://www.youtube.com/watch?v=ID&t=803s.")
@click.option("--no-fetch", is_flag=True, help="Only create the file; do not get the transcript.")
@click.option("--force", is_flag=True, help="Replace an existing quotes file.")
@lang_option
@click.option("--proxy", metavar="URL", help="Reach YouTube through this proxy (as for `quotes fetch`).")
@transcripts_option
@handle_errors
def new(video, label, output, link_style, no_fetch, force, lang, proxy, transcripts_dir):
    """Create a quotes file for a video and fetch its transcript.

    VIDEO is a YouTube link or video id. The file lists the video, the link label and
    no sections yet: add them with `quotes mark`, or write titles and summaries yourself
    and let `quotes match` find the times. The transcript is cached in TRANSCRIPTS
    (an already cached one is reused).

    \b
    Example:
      quotes new https://youtu.be/pdJQ8iVTwj8 --label "2023-06-02 Lex Fridman Interview"
    """
    from .quotesfile import QuotesFile, new_document
    from .timecode import format_timecode
    from .video import parse_video_url

    link = parse_video_url(video)
    url = f"https://youtu.be/{link.video_id}"
    model = QuotesFile(video=url, label=label, link_style=link_style)
    path = output or Path(f"{link.video_id}.quotes.yaml")
    _refuse_overwrite(path, force)
    new_document(model).save(path)
    echo(f"Created {path} for {link.video_id}")
    if no_fetch:
        return
    from .youtube import transcript_for

    t = transcript_for(
        link.video_id, TranscriptStore(transcripts_dir), languages=_language_list(lang), proxy=proxy
    ).transcript
    echo(
        f"Transcript {t.video_id} ({t.language_code}"
        f"{', generated' if t.is_generated else ''}): {_plural(len(t.segments), 'caption')}, "
        f"{format_timecode(t.end)}"
    )


@cli.command("mark")
@quotes_file_argument
@click.argument("start")
@click.argument("end", required=False)
@click.option("--title", required=True, help="The section's title.")
@click.option("--summary", default="", help="What is said, in your words.")
@lang_option
@no_fetch_option
@transcripts_option
@handle_errors
def mark(file, start, end, title, summary, lang, no_fetch, transcripts_dir):
    """Add a section for START..END with the words said there as its quote.

    START and END are written 13:23, 1:26:50, 803 or 13m23s; END defaults to 30 seconds after
    START (its end is then not written to the file). The quote is the transcript's text
    for that range. The section goes at the end of FILE; comments and order are kept.
    The video's transcript is fetched and cached if missing (not with --no-fetch).

    \b
    Example:
      quotes mark pdJQ8iVTwj8.quotes.yaml 13:23 14:10 --title "Curly Braces"
    """
    from .quotesfile import Section, load
    from .timecode import format_timecode, parse_timecode

    doc = load(file)
    transcript = _cached(transcripts_dir, doc.model.video_id, lang, fetch=not no_fetch)
    t0 = parse_timecode(start)
    t1 = parse_timecode(end) if end is not None else None
    quote = transcript.quote(t0, t1).text
    section = Section(title=title, start=t0, end=t1, summary=summary, quote=quote or None)
    number = doc.add_section(section) + 1
    doc.save()
    span = format_timecode(t0) + (f"-{format_timecode(t1)}" if t1 is not None else "")
    echo(f"Added section {number} {title!r} at {span} to {file}")
    if quote:
        echo(f"  > {quote}")
    else:
        echo("  (nothing is said there in the transcript)")


def _cell(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@cli.command("match")
@quotes_file_argument
@click.option("--dry-run", is_flag=True, help="Show the table but do not change FILE.")
@lang_option
@no_fetch_option
@transcripts_option
@handle_errors
def match_(file, dry_run, lang, no_fetch, transcripts_dir):
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
    from .quotesfile import load, past_the_end
    from .sections import match_sections
    from .timecode import format_timecode

    doc = load(file)
    transcript = _cached(transcripts_dir, doc.model.video_id, lang, fetch=not no_fetch)
    results = match_sections(doc.model, transcript)

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
    for line in past_the_end(doc.model, transcript.end):
        echo(line[:1].upper() + line[1:] + ".")
    changed = [r for r in results if r.status == "set"]
    if changed and not dry_run:
        for r in changed:
            doc.set_time(r.index, "start", r.proposed)
        doc.save()
    counts = {s: sum(1 for r in results if r.status == s) for s in ("set", "kept", "unchecked", "looks wrong", "unsure", "not found")}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "no sections"
    if dry_run:
        action = f"dry run: {file} not changed"
    elif changed:
        action = f"wrote {len(changed)} start{'s' if len(changed) != 1 else ''} to {file}"
    else:
        action = f"{file} unchanged"
    echo(f"{summary}; {action}")
    if any(r.needs_editor for r in results):
        sys.exit(int(ExitCode.PROBLEMS))


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
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
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
    from .document import read_markdown
    from .import_doc import import_markdown
    from .quotesfile import new_document
    from .timecode import format_timecode

    text = read_markdown(doc, strict=True)
    if video is not None:
        from .video import video_id_of

        video = video_id_of(video)
    result = import_markdown(text, video=video)
    model = result.quotes
    if no_times:
        model = model.model_copy(
            update={"sections": [s.model_copy(update={"start": None, "end": None}) for s in model.sections]}
        )
    name = doc.name[: -len(doc.suffix)] if doc.suffix else doc.name
    path = output or doc.with_name(f"{name}.quotes.yaml")
    _refuse_overwrite(path, force)
    new_document(model).save(path)
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
             f"`quotes verify {doc}` tells which is right.")
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
    from .quotesfile import load

    video_id = load(path).model.video_id
    transcript = _cached(transcripts_dir, video_id, lang, fetch=not no_fetch)
    service = Studio(path, transcript, tuple(str(t) for t in templates))
    try:
        sock = bind(host, STUDIO_PORT if port is None else port)
    except OSError as exc:
        if port is not None:
            raise click.ClickException(f"cannot listen on {host}:{port} ({exc.strerror}); try another --port") from None
        sock = bind(host, 0)  # the usual port is taken (another studio?): any free one
    server = Server(service, sock)
    echo(f"Studio for {path} ({video_id}). Open this address (the token in it is the key):")
    echo(f"    {server.url}")
    echo("Press Ctrl-C to stop.")
    if not no_browser:
        import webbrowser

        webbrowser.open(server.url)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    echo("Stopped.")
