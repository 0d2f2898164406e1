"""Time to first paint of the tutor app against a bare Textual app, in one run.

Each app runs headless in a fresh interpreter and exits right after the first
refresh that follows Textual's Ready event (the first screen is painted); the wall time of
the whole process, interpreter start included, is one sample. Both apps are
sampled alternately in the same run, several times each, and compared by
their medians. Target (DESIGN.md): tutor at most 1.5x the bare app, with torch
not imported. The bare app has a Header, a Label and a Footer.

Two cases: a returning learner (the database holds progress, the course map is
the first screen) and a first run (an empty database, the welcome screen).

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

BARE = """
from textual.app import App
from textual.widgets import Footer, Header, Label

class Bare(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Header()
        yield Label("Hello")
        yield Footer()

    def on_ready(self):
        self.call_after_refresh(self.exit, 0)

Bare().run(headless=True)
"""

SEED = """
import sys
from pathlib import Path
from tutor.cli.app import open_service

content = sys.argv[1] or None
service = open_service(Path(content) if content else None, sys.argv[2])
service.set_setting("theme", "textual-dark")
service.close()
"""

TUTOR = """
import time
t0 = time.perf_counter()
import sys
from pathlib import Path
from tutor.cli.common import db_path, load_course_or_fail
content = sys.argv[1] or None
course = load_course_or_fail(Path(content) if content else None)
t1 = time.perf_counter()
from tutor.learner.service import TutorService
service = TutorService.open(course, db_path(sys.argv[2]))
t2 = time.perf_counter()
from tutor.ui.app import TutorApp
app = TutorApp(service, exit_on_ready=True)
t3 = time.perf_counter()
app.run(headless=True)
t4 = time.perf_counter()
if app.return_code:
    sys.exit(app.return_code)
if "torch" in sys.modules:
    print("TORCH_IMPORTED")
print(f"PHASES {t1 - t0} {t2 - t1} {t3 - t2} {t4 - t3}")
"""
PHASES = ("load + validate the course (incl. pydantic, yaml)", "open the service (learner, store)", "import the UI (textual)", "run to first paint")


def phases(out: str) -> list[float]:
    line = next(l for l in out.splitlines() if l.startswith("PHASES "))
    return [float(x) for x in line.split()[1:]]


def sample(code: str, args: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"child failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return elapsed, proc.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--content", default="", help="course folder (default: the bundled course)")
    args = parser.parse_args()
    env = {**os.environ, "TEXTUAL_ANIMATIONS": "none", "PYTHONDONTWRITEBYTECODE": "0"}
    env.pop("TUTOR_EXIT_ON_READY", None)
    with tempfile.TemporaryDirectory() as tmp:
        returning = str(Path(tmp) / "returning.db")
        first = Path(tmp) / "first.db"
        sample(SEED, [args.content, returning], env)
        # one untimed run of each: byte-compiles, warms the file cache
        sample(BARE, [], env)
        sample(TUTOR, [args.content, returning], env)
        bare: list[float] = []
        ours: list[float] = []
        first_run: list[float] = []
        torch_seen = False
        parts: list[list[float]] = []
        for _ in range(args.repeats):
            bare.append(sample(BARE, [], env)[0])
            elapsed, out = sample(TUTOR, [args.content, returning], env)
            ours.append(elapsed)
            parts.append(phases(out))
            torch_seen |= "TORCH_IMPORTED" in out
            for leftover in Path(tmp).glob("first.db*"):
                leftover.unlink()
            elapsed, out = sample(TUTOR, [args.content, str(first)], env)
            first_run.append(elapsed)
            torch_seen |= "TORCH_IMPORTED" in out
    b, t, f = statistics.median(bare), statistics.median(ours), statistics.median(first_run)
    print(f"bare Textual app (Header, Label, Footer):   median {b * 1000:.0f} ms over {len(bare)} runs")
    print(f"tutor, returning learner (course map):      median {t * 1000:.0f} ms  ratio {t / b:.2f}x")
    print(f"tutor, first run (welcome, new database):   median {f * 1000:.0f} ms  ratio {f / b:.2f}x")
    print("returning learner, in-process phases (medians):")
    for i, name in enumerate(PHASES):
        print(f"  {name:<52} {statistics.median(p[i] for p in parts) * 1000:6.0f} ms")
    worst = max(t, f) / b
    print(f"target <= {TARGET}x: {'ok' if worst <= TARGET else 'OVER TARGET'}")
    print(f"torch imported at start-up: {'YES (bad)' if torch_seen else 'no'}")
    return 0 if worst <= TARGET and not torch_seen else 1


if __name__ == "__main__":
    sys.exit(main())
