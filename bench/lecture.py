"""The lecture zjkBMFhNj_g in `make bench`: search, false alarms and verify on a one-speaker talk.

Reads ../shared/fixtures/zjkBMFhNj_g (its README gives the rules): every positive text of
items.json is searched as `quotes search` does (top 1, no heading) on both transcripts (the
YouTube auto-captions and the Whisper-style timestamped text, read with quotes' own readers);
a start is right inside ``[window[0] - 10, window[1]]`` of the main window or of an alternative
window. Texts from elsewhere must not be placed confidently. `quotes verify` runs on the note
pages (and `verify --video` on the chapter list), and each link is compared with
verify-expected.json: a link expected `fine` may carry a warning, never a problem. Real mistakes
to catch are made by moving each chapter time of the speaker's list into the previous topic.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from quotes.formats import read_transcript_file
from quotes.locate import Locator
from quotes.timecode import format_timecode

VIDEO = "zjkBMFhNj_g"
TRANSCRIPTS = {"auto-captions": f"{VIDEO}.en.json", "whisper-like": f"{VIDEO}.whisperlike.timestamped.txt"}
PAGES = [
    ("notes-condensed-transcript.md", []),
    ("notes-series-08.md", []),
    ("notes-pointers.md", []),
    ("notes-youtube-description-chapters.md", ["--video", VIDEO]),
]


def right(t: float, item: dict) -> bool:
    """The README's rule: inside [window[0] - 10, window[1]] of a window or an alternative one."""
    windows = [item["window"], *item.get("alt_windows", [])]
    return any(lo - 10 <= t <= hi for lo, hi in windows)


def search_table(folder: Path, items: list[dict]) -> tuple[list[str], dict[str, str]]:
    """Lines of the per-item table, and per transcript 'right/positives' and 'confident/negatives'."""
    positives = [i for i in items if i["window"] is not None and i["kind"] != "crosslingual"]
    negatives = [i for i in items if i["window"] is None]
    lines = [f"{'lecture item':34} {'window':>13} " + " ".join(f"{name:>22}" for name in TRANSCRIPTS), "-" * 100]
    rows: dict[str, list[str]] = {i["id"]: [] for i in items}
    figures: dict[str, str] = {}
    for name, file in TRANSCRIPTS.items():
        locator = Locator(read_transcript_file(folder / file, video_id=VIDEO))
        ok = alarms = 0
        for item in items:
            ms = locator.locate(item["text"], top=1)
            m = ms[0] if ms else None
            if item["window"] is None:
                alarms += bool(m and m.confident)
                mark = "ALARM" if m and m.confident else "ok"
            else:
                good = bool(m) and right(m.start, item)
                ok += good and item in positives
                mark = "ok" if good else "MISS"
            where = f"{format_timecode(m.start)} {'sure' if m.confident else 'unsure'}" if m else "-"
            rows[item["id"]].append(f"{where:>15} {mark:>6}")
        figures[name] = f"{ok}/{len(positives)}"
        figures[name + " alarms"] = f"{alarms}/{len(negatives)}"
    for item in items:
        window = "-" if item["window"] is None else "{}-{}".format(*map(format_timecode, item["window"]))
        label = f"{item['id']} {item['text'][:40]}".replace("\n", " ")
        lines.append(f"{label[:34]:34} {window:>13} " + " ".join(f"{cell:>22}" for cell in rows[item["id"]]))
    return lines, figures


def verify_table(folder: Path, transcript: str) -> tuple[list[str], int, int]:
    """Lines naming each expected-fine link verify reports a problem on, with ``transcript``
    (a name in TRANSCRIPTS) imported as the video's; (problems on fine links, fine links)."""
    expected = json.loads((folder / "verify-expected.json").read_text())
    found: dict[tuple[str, int, int], list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {"QUOTES_TRANSCRIPTS": tmp, "PATH": "/usr/bin:/bin"}
        exe = [sys.executable, "-m", "quotes"]
        subprocess.run(exe + ["import", str(folder / TRANSCRIPTS[transcript]), "--video", VIDEO],
                       env=env, check=False, capture_output=True)
        for page, extra in PAGES:
            out = subprocess.run(exe + ["verify", "--no-fetch", "--json", *extra, str(folder / page)],
                                 env=env, check=False, capture_output=True, text=True)
            for row in json.loads(out.stdout or "[]"):
                bad = [k for k in row["problems"] if k != "not-in-video"]
                found[(page, row["line"], int(row["t"] or 0))] = bad
    lines = []
    fine = [e for e in expected if e["expected"] == "fine"]
    alarms = 0
    for e in fine:
        bad = found.get((e["file"], e["line"], e["t"]))
        if bad is None:
            lines.append(f"  not reported at all: {e['file']}:{e['line']} t={e['t']}")
        elif bad:
            alarms += 1
            lines.append(f"  false alarm {', '.join(bad)}: {e['file']}:{e['line']} ({format_timecode(e['t'])}) {e['why'][:60]}")
    caught = [e for e in expected if e["expected"] == "problem" and found.get((e["file"], e["line"], e["t"]))]
    problems = [e for e in expected if e["expected"] == "problem"]
    lines.append(f"`quotes verify` on the lecture's notes ({transcript}): {alarms} problems reported on {len(fine)} links expected fine; "
                 f"{len(caught)} of {len(problems)} expected problems caught")
    return lines, alarms, len(fine)


def moved_chapters(folder: Path, transcript: str) -> tuple[int, int, int]:
    """Real mistakes to catch: each chapter time of the speaker's list moved 90 s and 150 s
    earlier (when that stays after the previous chapter), so that it lands in the previous
    topic. Returns (moved times caught, moved times, other lines then flagged)."""
    from quotes.document import parse_document
    from quotes.verify import Verifier

    lines = (folder / "notes-youtube-description-chapters.md").read_text().splitlines()
    verifier = Verifier({VIDEO: read_transcript_file(folder / TRANSCRIPTS[transcript], video_id=VIDEO)})
    timed = [(k, line) for k, line in enumerate(lines) if re.match(r"\d\d:\d\d:\d\d ", line)]
    caught = tried = others = 0
    for (_, before), (k, line) in zip(timed, timed[1:-1]):
        t, previous = seconds(line), seconds(before)
        for shift in (90, 150):
            if t - shift <= previous + 30:
                continue
            moved = lines[:]
            moved[k] = "{:02d}:{:02d}:{:02d}".format((t - shift) // 3600, (t - shift) % 3600 // 60, (t - shift) % 60) + line[8:]
            reports = verifier.verify(parse_document("\n".join(moved) + "\n", "chapters.md", video=VIDEO))
            tried += 1
            caught += any(not r.ok for r in reports if r.link.line == k + 1)
            others += sum(not r.ok for r in reports if r.link.line != k + 1)
    return caught, tried, others


def seconds(line: str) -> int:
    h, m, s = map(int, line[:8].split(":"))
    return 3600 * h + 60 * m + s


def lecture(fixtures: Path) -> tuple[list[str], str]:
    """The lecture's tables, and its part of the SUMMARY line ('' when the fixture is absent)."""
    folder = fixtures / VIDEO
    if not (folder / "items.json").exists():
        return [f"bench: {folder} not found; lecture not measured"], ""
    items = json.loads((folder / "items.json").read_text())
    lines, figures = search_table(folder, items)
    lines.append("-" * 100)
    lines.append(
        "lecture search top-1 right: " + ", ".join(f"{figures[n]} {n}" for n in TRANSCRIPTS)
        + "; texts from elsewhere placed confidently: " + ", ".join(f"{figures[n + ' alarms']} {n}" for n in TRANSCRIPTS)
    )
    verified, moved = [], []
    for name in TRANSCRIPTS:
        vlines, alarms, fine = verify_table(folder, name)
        lines += vlines
        verified.append(f"{alarms}/{fine} {name}")
        caught, tried, others = moved_chapters(folder, name)
        lines.append(f"chapter times moved 90-150 s into the previous topic ({name}): {caught} of {tried} caught, "
                     f"{others} other lines flagged")
        moved.append(f"{caught}/{tried} {name}")
    summary = (
        f"lecture right {figures['auto-captions']} auto-captions, {figures['whisper-like']} whisper-like, "
        f"lecture false alarms {figures['auto-captions alarms']} auto-captions, {figures['whisper-like alarms']} whisper-like, "
        f"lecture verify problems on fine links {', '.join(verified)}, "
        f"moved chapter times caught {', '.join(moved)}"
    )
    return lines, summary
