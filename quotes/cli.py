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

# ---------------------------------------------------------------- transcripts: import
# (file import command goes here)

# ---------------------------------------------------------------- transcripts: list, quote, search
# (store/quote/search commands go here)

# ---------------------------------------------------------------- verify
# (verify command goes here)

# ---------------------------------------------------------------- quotes files: new, mark, match, render, import-doc
# (editor workflow commands go here)
