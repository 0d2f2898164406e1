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
print("painted", ",".join(heavy) or "-")
"""


def test_first_paint_loads_nothing_heavy(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(COURSE), str(tmp_path / "p.db")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["painted", "-"]
