"""Time to first paint of the tutor app against a bare Textual app, in one run.

Each app runs headless in a fresh interpreter and exits right after the first
refresh that follows Textual's Ready event (the first screen is painted); the wall time of
the whole process, interpreter start and exit included, is one sample. Both apps are
sampled alternately in the same run, several times each, and compared by
their medians. Target (README, Benchmarks): tutor at most 1.5x the bare app from launch
to first paint, with torch not imported. The bare app has a Header, a Label and a Footer.

Each child also stamps the wall clock when the painted app starts to exit, so
the launch-to-paint time (interpreter start included, its shutdown excluded) is
reported beside the whole-process time. The target applies to launch to paint,
as the start-up target states it: a user sees the paint, not the exit, and the two apps
spend different times shutting down (tutor, painted, goes on to load the
topics' content in a worker, which its exit then waits for).

Two cases: a returning learner (the database holds progress, the course map is
the first screen) and a first run (an empty database, the welcome screen).
Both are the usual launch, with the validated-course cache current (warm); the
target applies to them. A third case, a returning learner with an empty cache
(cold: the first launch after installing or editing the course, which parses
and validates every file), is reported for reference. The cache lives in a
temporary folder (TUTOR_CACHE_DIR), never the user's.

Run: .venv/bin/python bench/startup.py [--repeats 9] [--content DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.5

# Both apps run headless at 80x24 (the size the start-up target names). Left to itself, a headless app is
# told 80x25 by rich and 80x24 by its driver, and lays out and renders its first screen three
# times over: something no terminal does (there both read the same size), and an artifact that
# weighs on an app in proportion to what its first screen shows.
SIZE_LINE = "SIZE = (80, 24)\n"

BARE = (
    SIZE_LINE
    + """
from textual.app import App
from textual.widgets import Footer, Header, Label

class Bare(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Header()
        yield Label("Hello")
        yield Footer()

    def on_ready(self):
        self.call_after_refresh(self.painted)

    def painted(self):
        print(f"PAINTED {time.time()!r}")
        self.exit(0)

import time
Bare().run(headless=True, size=SIZE)
"""
)

SEED = """
import sys
from pathlib import Path
from tutor.cli.app import open_service

content = sys.argv[1] or None
service = open_service(Path(content) if content else None, sys.argv[2])
service.set_setting("theme", "textual-dark")
service.close()
"""

TUTOR = (
    SIZE_LINE
    + """
import time
t0 = time.perf_counter()
import argparse, sys
from pathlib import Path
import tutor.cli.common as common
from tutor.cli.app import build_app
from tutor.learner.service import TutorService  # open_service imports it before loading anyway

marks = {}

def timed(name, fn):
    # records when the app's own start-up step begins and ends; behaviour unchanged
    def wrapper(*args, **kwargs):
        marks[name + "0"] = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            marks[name + "1"] = time.perf_counter()
    return wrapper

common.load_app_course = timed("load", common.load_app_course)
TutorService.open = timed("open", TutorService.open)
content = sys.argv[1] or None
# the same path as `tutor` with no subcommand (tutor.cli.app.run_app), headless
app = build_app(argparse.Namespace(content=Path(content) if content else None, db=sys.argv[2]))
app.exit_on_ready = True
exit_after_paint = app.exit

def painted(*args, **kwargs):
    print(f"PAINTED {time.time()!r}")
    return exit_after_paint(*args, **kwargs)

app.exit = painted  # TutorApp.on_ready calls self.exit after the first refresh
t1 = time.perf_counter()
app.run(headless=True, size=SIZE)
t2 = time.perf_counter()
if app.return_code:
    sys.exit(app.return_code)
if "torch" in sys.modules:
    print("TORCH_IMPORTED")
m = marks
print(f"PHASES {m['load0'] - t0} {m['load1'] - m['load0']} {m['open1'] - m['open0']} {t1 - m['open1']} {t2 - t1}")
"""
)
PHASES = (
    "import the CLI and the engine",
    "load the course (warm: stat files, read its outline)",
    "open the service (learner state, store)",
    "import the UI (textual), build the app",
    "run: first paint, then the app's shutdown",
)


def phases(out: str) -> list[float]:
    line = next(row for row in out.splitlines() if row.startswith("PHASES "))
    return [float(x) for x in line.split()[1:]]


def sample(code: str, args: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Whole-process wall time and the child's output."""
    start = time.perf_counter()
    started = time.time()
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"child failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return elapsed, proc.stdout + f"\nSTARTED {started!r}\n"


def to_paint(out: str) -> float:
    """Launch to first paint, from the parent's and the child's wall-clock stamps."""
    stamps = dict(
        line.split() for line in out.splitlines() if line.startswith(("STARTED ", "PAINTED "))
    )
    return float(stamps["PAINTED"]) - float(stamps["STARTED"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--content", default="", help="course folder (default: the bundled course)")
    args = parser.parse_args()
    env = {**os.environ, "TEXTUAL_ANIMATIONS": "none"}
    # Any value, "0" too, stops Python writing .pyc files; the untimed first runs below must
    # write them, or every sample recompiles tutor's edited modules while textual's (compiled
    # by pip) load from bytecode.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("TUTOR_EXIT_ON_READY", None)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        env["TUTOR_CACHE_DIR"] = str(cache)
        returning = str(Path(tmp) / "returning.db")
        first = Path(tmp) / "first.db"
        sample(SEED, [args.content, returning], env)
        # one untimed run of each: byte-compiles, warms the file cache, writes the course cache
        sample(BARE, [], env)
        sample(TUTOR, [args.content, returning], env)
        if not any(cache.glob("course-*")):  # content changed seconds ago: not trusted yet
            time.sleep(2.5)
            sample(TUTOR, [args.content, returning], env)
        if not any(cache.glob("course-*")):
            print("note: the course cache was not written: the 'warm' runs below are cold")
        cases = ("bare", "returning", "first", "cold")
        whole: dict[str, list[float]] = {c: [] for c in cases}
        paint: dict[str, list[float]] = {c: [] for c in cases}
        torch_seen = False
        parts: list[list[float]] = []
        cold_parts: list[list[float]] = []

        def record(case: str, elapsed: float, out: str) -> None:
            whole[case].append(elapsed)
            paint[case].append(to_paint(out))

        for _ in range(args.repeats):
            record("bare", *sample(BARE, [], env))
            elapsed, out = sample(TUTOR, [args.content, returning], env)
            record("returning", elapsed, out)
            parts.append(phases(out))
            torch_seen |= "TORCH_IMPORTED" in out
            for leftover in Path(tmp).glob("first.db*"):
                leftover.unlink()
            elapsed, out = sample(TUTOR, [args.content, str(first)], env)
            record("first", elapsed, out)
            torch_seen |= "TORCH_IMPORTED" in out
            # cold: the first launch after an install or an edit (rewrites the cache)
            for stale in cache.glob("course-*"):
                stale.unlink()
            elapsed, out = sample(TUTOR, [args.content, returning], env)
            record("cold", elapsed, out)
            cold_parts.append(phases(out))
            torch_seen |= "TORCH_IMPORTED" in out
    med = {c: (statistics.median(whole[c]), statistics.median(paint[c])) for c in cases}
    b, bp = med["bare"]
    labels = {
        "bare": "bare Textual app (Header, Label, Footer)",
        "returning": "tutor, returning learner (course map)",
        "first": "tutor, first run (welcome, new database)",
        "cold": "tutor, returning, cold course cache",
    }
    print(
        f"medians over {args.repeats} runs each; whole process (launch to exit) | launch to first paint"
    )
    for case in cases:
        w, pt = med[case]
        ratios = "" if case == "bare" else f"  ratio {w / b:.2f}x | {pt / bp:.2f}x"
        note = "  (reference, no target)" if case == "cold" else ""
        print(f"{labels[case] + ':':<44}{w * 1000:5.0f} ms | {pt * 1000:4.0f} ms{ratios}{note}")
    print("returning learner, in-process phases (medians; cold cache in brackets):")
    for i, name in enumerate(PHASES):
        warm_ms = statistics.median(p[i] for p in parts) * 1000
        cold_ms = statistics.median(p[i] for p in cold_parts) * 1000
        print(f"  {name:<52} {warm_ms:6.0f} ms  ({cold_ms:.0f} ms)")
    worst_whole = max(med["returning"][0], med["first"][0]) / b
    worst = max(med["returning"][1], med["first"][1]) / bp
    print(
        f"target <= {TARGET}x (launch to first paint, warm cases): {'ok' if worst <= TARGET else 'OVER TARGET'} "
        f"({worst:.2f}x; whole process {worst_whole:.2f}x)"
    )
    print(f"torch imported at start-up: {'YES (bad)' if torch_seen else 'no'}")
    return 0 if worst <= TARGET and not torch_seen else 1


if __name__ == "__main__":
    sys.exit(main())
