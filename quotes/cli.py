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
            click.echo(f"Error: {message}", err=True)
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
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quotes")
def cli():
    """Find, check and render timestamped quotes from long video interviews.

    \b
    Exit codes: 0 fine, 1 error, 2 bad command line,
    3 problems found (verify, match), 4 YouTube gave no transcript.
    """


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="quotes")


# ---------------------------------------------------------------- transcripts: fetch, languages
# (youtube commands go here)

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
    from .youtube import fetch_to_store

    result = fetch_to_store(
        video,
        store=TranscriptStore(transcripts_dir),
        languages=_language_list(langs),
        translate=translate,
        refresh=refresh,
        proxy=proxy,
    )
    t = result.transcript
    verb = "Cached" if result.from_cache else "Fetched"
    click.echo(
        f"{verb} {t.video_id} ({t.language_code}, {_kind(t)}): {len(t.segments):,} captions, "
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
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[3])
    targets = sorted({code for t in tracks for code in t.translation_languages})
    if targets:
        click.echo(f"Translatable to: {', '.join(targets)}")


# ---------------------------------------------------------------- transcripts: import
# (file import command goes here)

# ---------------------------------------------------------------- transcripts: list, quote, search
# (store/quote/search commands go here)

# ---------------------------------------------------------------- verify
# (verify command goes here)

# ---------------------------------------------------------------- quotes files: new, mark, match, render, import-doc
# (editor workflow commands go here)
