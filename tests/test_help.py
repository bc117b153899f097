"""Every command has help text and is documented in the README."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from quotes.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from all_commands(command, prefix + (name,))


COMMANDS = list(all_commands(cli))
IDS = [" ".join(path) for path, _ in COMMANDS]


def test_there_are_commands():
    assert {"transcripts", "quote"} <= set(cli.commands)


def test_group_help():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert (cli.help or "").strip()


@pytest.mark.parametrize("path, command", COMMANDS, ids=IDS)
def test_command_has_help(path, command):
    assert (command.help or "").strip(), f"`quotes {' '.join(path)}` has no help text"
    assert command.get_short_help_str().strip()
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert f"Usage: cli {' '.join(path)}" in result.output or f"Usage: quotes {' '.join(path)}" in result.output
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert (param.help or "").strip(), f"`quotes {' '.join(path)}` option {param.name} has no help"


@pytest.mark.parametrize("path, command", COMMANDS, ids=IDS)
def test_command_in_readme(path, command):
    if not README.is_file():
        pytest.skip("README.md is not written yet")
    text = README.read_text(encoding="utf-8")
    assert f"quotes {' '.join(path)}" in text, f"README.md does not mention `quotes {' '.join(path)}`"


def test_readme_command_lines_use_real_options():
    """Every `--option` on a README command line exists for that command."""
    import re

    if not README.is_file():
        pytest.skip("README.md is not written yet")
    names = {" ".join(path): command for path, command in COMMANDS}
    checked = 0
    for line in README.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*(?:\$ )?quotes ([a-z-]+)\b(.*)", line)
        if not m or m.group(1) not in names:
            continue
        command = names[m.group(1)]
        known = {opt for p in command.params for opt in p.opts + p.secondary_opts}
        code = m.group(2).split("#", 1)[0]
        for opt in re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", code):
            assert opt in known | {"-h", "--help"}, f"README: `quotes {m.group(1)}` has no option {opt}"
            checked += 1
    assert checked > 10


def test_public_names_load_on_first_use():
    import subprocess
    import sys

    code = (
        "import sys, quotes; assert 'numpy' not in sys.modules; "
        "from quotes import Locator, locate, Transcript, parse_timecode, QuotesError; "
        "assert all(hasattr(quotes, n) for n in quotes.__all__); print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr
