"""The house rules of the code (README, "Architecture"), checked on the source itself:
imports run one way, from the surfaces down to the leaves; only the surfaces speak to the
user; no function a newcomer cannot hold in mind; light commands load no heavy library."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "quotes"

# The layers, lowest first (the README's Architecture section lists the same). A module may
# import modules of lower layers, and of its own layer those listed before it.
LAYERS: list[list[str]] = [
    ["errors", "timecode", "files", "video", "words", "access"],  # leaves: no knowledge of transcripts
    ["transcript", "videoinfo"],  # the models a source gives
    ["formats", "catalogue", "store", "youtube", "ytdlp", "routes"],  # sources and the cache
    ["locate", "indexcache", "library"],  # the engine, its saved index, search across videos
    ["document", "quotesfile"],  # the editor's files: markdown pages, quotes files
    ["verify", "chapters", "sections", "import_doc", "render"],  # the jobs
    ["studio", "cli", "__main__"],  # the surfaces
]
RANK = {name: (layer, i) for layer, names in enumerate(LAYERS) for i, name in enumerate(names)}
SURFACES = {"cli", "studio", "__main__"}


def modules() -> dict[str, Path]:
    """Every module of the package, by its top-level name (a subpackage's modules count as it)."""
    return {
        path.relative_to(PACKAGE).as_posix(): path
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "__init__.py" or path.parent != PACKAGE
    }


def top(relative: str) -> str:
    return relative.split("/")[0].removesuffix(".py")


def imported(path: Path) -> set[str]:
    """The top-level ``quotes`` modules ``path`` imports (at any depth of its code)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside = path.relative_to(PACKAGE).parts[:-1]  # the subpackage it is in, if any
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(inside)[: len(inside) - (node.level - 1)]
            target = base + (node.module.split(".") if node.module else [])
            if target:
                found.add(target[0])
            else:  # ``from . import x``
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("quotes."):
            found.add(node.module.split(".")[1])
    return found


def test_every_module_has_a_layer():
    assert sorted({top(rel) for rel in modules()} - set(RANK)) == []


@pytest.mark.parametrize("relative", sorted(modules()))
def test_imports_run_down_the_layers(relative):
    me = top(relative)
    upward = sorted(
        other for other in imported(modules()[relative]) - {me} if other in RANK and RANK[other] >= RANK[me]
    )
    assert upward == [], f"{relative} imports {upward}, which sit at or above its layer"


@pytest.mark.parametrize("relative", sorted(modules()))
def test_only_the_surfaces_speak_to_the_user(relative):
    if top(relative) in SURFACES:
        return
    tree = ast.parse(modules()[relative].read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
            names.add("print()")
    assert sorted(names & {"click", "starlette", "uvicorn", "print()"}) == []


def test_no_function_longer_than_80_lines_without_a_reason():
    """A function of more than 80 lines (its docstring, a command's help, not counted) says why
    on the line above it (``# long: ...``)."""
    long = []
    for relative, path in modules().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                size = node.end_lineno - node.lineno + 1
                body = node.body[0]
                if isinstance(body, ast.Expr) and isinstance(getattr(body, "value", None), ast.Constant):
                    size -= body.end_lineno - body.lineno + 1  # the docstring
                if size > 80 and not lines[first - 2].lstrip().startswith("# long:"):
                    long.append(f"{relative}:{node.lineno} {node.name} ({size} lines)")
    assert long == []


EXAMPLE = PACKAGE.parent / "examples" / "notes.quotes.yaml"


@pytest.mark.parametrize(
    "command",
    [
        ["render", str(EXAMPLE), "-o", "-"],
        ["new", "qUoTeSdEm01", "--no-fetch", "-o", "{tmp}/new.quotes.yaml"],
        ["--help"],
    ],
)
def test_light_commands_load_no_heavy_library(command, tmp_path):
    """``render`` and ``new`` (and ``--help``) start without numpy, rapidfuzz, markdown-it,
    the web framework or yt-dlp."""
    argv = [part.replace("{tmp}", str(tmp_path)) for part in command] + ["--transcripts", str(tmp_path)] * (
        command[0] != "--help"
    )
    probe = (
        "import sys\n"
        "from quotes.cli import main\n"
        f"sys.argv = ['quotes', *{argv!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'numpy', 'rapidfuzz', 'markdown_it', 'starlette', 'yt_dlp'})\n"
        "sys.stderr.write(repr(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr


def test_no_merge_conflict_markers_left():
    root = PACKAGE.parent
    marks = tuple(c * 7 + " " for c in "<>") + ("=" * 7 + "\n",)
    files = [root / name for name in ("README.md", "CHANGELOG.md", "CONTRIBUTING.md", "pyproject.toml", "Makefile")]
    files += [p for folder in ("quotes", "tests", "bench", "examples", ".ci") for p in (root / folder).rglob("*")
              if p.is_file() and p.suffix in {".py", ".md", ".j2", ".js", ".css", ".html", ".yaml", ".sh", ""}]
    left = [
        f"{p.relative_to(root)}:{n}" for p in files if p.exists()
        for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True), 1)
        if line.startswith(marks)
    ]
    assert left == []
