"""Every hostile topic corpus of at most 1 MB through ``tutor validate``, timed.

Target: every command finishes in at most 5 s on any input of
at most 1 MB, with no traceback, no "internal error" and no raw control character on
the terminal. Each corpus runs as a real ``python -m tutor validate`` process; the
baseline is the same command on a one-topic course, measured in the same run, so the
ratio says what the hostile input itself costs.
Run: .venv/bin/python bench/hostile_inputs.py
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MB = 1_000_000
BUDGET_S = 5.0
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
HEAD = "id: t\ntitle: T\nlevel: elementary\ncore_idea: C\n"


def _one(text: str) -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        (folder / "t.yaml").write_text(text[:MB], encoding="utf-8")

    return write


def _many_unknown_prerequisites(folder: Path) -> None:
    for i in range(8000):  # about 1 MB in all
        (folder / f"t{i}.yaml").write_text(
            f"id: t-{i}\ntitle: T\nlevel: elementary\ncore_idea: C\nprerequisites: [x-{i}, y-{i}]\n",
            encoding="utf-8",
        )


def _duplicate_ids(folder: Path) -> None:
    for i in range(8000):
        (folder / f"t{i}.yaml").write_text(HEAD + "items: []\n", encoding="utf-8")


CORPORA: dict[str, Callable[[Path], None]] = {
    "escaped ESC in one string": _one('core_idea: "' + "\\e" * (MB // 2 - 20) + '"\n'),
    "raw ESC everywhere": _one("core_idea: " + "\x1b" * (MB - 20)),
    "tagged scalars that fail": _one("items:\n" + "- !!int abc\n" * (MB // 13)),
    "tagged timestamps": _one("x: [" + "!!timestamp 2024-13-45, " * (MB // 26) + "]\n"),
    "unknown keys": _one(HEAD + "".join(f"k{i}: 1\n" for i in range(MB // 10))),
    "duplicate keys": _one(HEAD + "k: 1\n" * (MB // 6)),
    "open brackets": _one("[" * MB),
    "nested sequences": _one("- " * (MB // 2)),
    "line separators": _one('title: "' + "\u2028" * (MB // 4) + '"\nlevel: [\n'),
    "huge number": _one("core_idea: " + "9" * (MB - 20)),
    "markup": _one(HEAD.replace("C\n", '"' + "[/]E[X]" * (MB // 8) + '"\n')),
    "alias bomb": _one(
        "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
            for p, c in zip("abcdefgh", "bcdefghi")
        )
    ),
    "many items with errors": _one(
        HEAD + "items:\n" + "  - {id: Bad_Id, type: multiple_choice, choices: [x]}\n" * (MB // 60)
    ),
    "many files, unknown prerequisites": _many_unknown_prerequisites,
    "many files, one duplicate id": _duplicate_ids,
}


VALID = {"markup"}
"""Corpora that are valid courses: markup in text is text."""


def run(folder: Path) -> tuple[float, int, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), TUTOR_CACHE_DIR=str(folder.parent / "cache"))
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "tutor", "validate", str(folder)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, -1, "hang"
    return time.perf_counter() - start, proc.returncode, proc.stdout + proc.stderr


def main() -> int:
    worst = 0.0
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "baseline"
        base.mkdir()
        (base / "t.yaml").write_text(HEAD, encoding="utf-8")
        baseline, _, _ = run(base)
        print(f"{'corpus':<36} {'seconds':>8} {'x baseline':>10}  exit  verdict")
        print(f"{'(baseline: one good topic)':<36} {baseline:8.2f} {1:10.1f}")
        for name, write in CORPORA.items():
            folder = Path(tmp) / re.sub(r"\W+", "-", name)
            folder.mkdir()
            write(folder)
            seconds, code, output = run(folder)
            problems = []
            if seconds > BUDGET_S:
                problems.append("slow")
            if "Traceback" in output or "internal error" in output:
                problems.append("crash")
            if CONTROL.search(output):
                problems.append("raw control")
            if code != (0 if name in VALID else 1):
                problems.append(f"exit {code}")
            failures += bool(problems)
            worst = max(worst, seconds)
            print(
                f"{name:<36} {seconds:8.2f} {seconds / baseline:10.1f}  {code:>4}  {', '.join(problems) or 'ok'}"
            )
    print(f"worst {worst:.2f} s (budget {BUDGET_S:g} s); {failures} corpora failed")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
