"""Start-up: the first screen paints without torch, numpy or the lab's experiments loaded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

COURSE = Path(__file__).parent / "course"

CHILD = """
import argparse, sys
from pathlib import Path
from tutor.cli.app import build_app

app = build_app(argparse.Namespace(content=Path(sys.argv[1]), db=sys.argv[2]))
app.exit_on_ready = True
app.run(headless=True)
heavy = [m for m in ("torch", "numpy", "tutor.lab.flow", "tutor.lab.training", "tutor.ui.screens.show_me") if m in sys.modules]
import gc
print("painted", ",".join(heavy) or "-", "gc-on" if gc.isenabled() else "gc-off")
"""


def test_first_paint_loads_nothing_heavy(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(COURSE), str(tmp_path / "p.db")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    # the GC, off while start-up allocates, is back on once the app runs
    assert proc.stdout.split() == ["painted", "-", "gc-on"]


def test_a_failed_start_leaves_the_gc_on(tmp_path: Path) -> None:
    import argparse
    import gc

    import pytest

    from tutor.cli.app import build_app
    from tutor.errors import UserError

    with pytest.raises(UserError):
        build_app(argparse.Namespace(content=tmp_path / "missing", db=str(tmp_path / "p.db")))
    assert gc.isenabled()


WARM = """
import argparse, sys
from pathlib import Path
import tutor.content.cache
from tutor.cli.app import build_app

tutor.content.cache.RACY_SECONDS = 0.0  # a fresh checkout may be seconds old (tested elsewhere)
app = build_app(argparse.Namespace(content=Path(sys.argv[1]), db=sys.argv[2]))
app.exit_on_ready = True
exit_after_paint = app.exit
seen = []

def painted(*args, **kwargs):  # TutorApp.on_ready calls exit right after the first paint
    heavy = ("yaml", "rapidfuzz", "pydantic", "tutor.content.loader", "tutor.lab.registry", "importlib.metadata")
    seen.extend(m for m in heavy if m in sys.modules)
    return exit_after_paint(*args, **kwargs)

app.exit = painted
app.run(headless=True)
from tutor.content.schema import Topic
print("painted", ",".join(seen) or "-", "validators-built" if Topic.__pydantic_complete__ else "no-validators")
"""


def test_a_warm_start_paints_without_yaml_pydantic_or_fuzzy_matching(tmp_path: Path) -> None:
    """With the course cache current, the first paint (the welcome on a first run, the map
    for a returning learner) needs no YAML, no pydantic (the outline suffices) and builds
    no validator."""
    import os

    from tutor.content.loader import load_course
    from tutor.learner.service import TutorService

    env = {**os.environ, "TUTOR_CACHE_DIR": str(tmp_path / "cache")}
    returning = tmp_path / "returning.db"
    with TutorService.open(load_course([COURSE]), returning) as service:
        service.set_goal(next(iter(service.course.outline)))

    def start(db: Path) -> list[str]:
        proc = subprocess.run(
            [sys.executable, "-c", WARM, str(COURSE), str(db)],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stdout.split()

    assert start(tmp_path / "first.db")[:2] != ["painted", "-"]  # cold: it loaded YAML
    assert start(tmp_path / "first.db") == ["painted", "-", "no-validators"]  # welcome
    assert start(returning) == ["painted", "-", "no-validators"]  # course map
