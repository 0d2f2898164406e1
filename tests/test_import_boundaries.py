"""Headless modules never pull in textual or torch (checked in a fresh interpreter)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import tutor

HEADLESS = sorted(
    m.name
    for m in pkgutil.walk_packages(tutor.__path__, "tutor.")
    if not m.name.startswith(("tutor.ui", "tutor.cli.app", "tutor.cli.preview", "tutor.__main__"))
)


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_keeps_textual_and_torch_out(module: str) -> None:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        "bad = [m for m in ('textual', 'torch') if m in sys.modules]; "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"{module} imported {proc.stdout.strip() or proc.stderr[-500:]}"


def test_only_the_ui_imports_textual() -> None:
    from pathlib import Path

    root = Path(tutor.__file__).parent
    offenders = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "ui" not in p.relative_to(root).parts[:1]
        and p.name not in {"app.py", "preview.py"}
        and any(
            line.lstrip().startswith(("import textual", "from textual"))
            for line in p.read_text().splitlines()
        )
    ]
    assert offenders == []


def test_only_the_lab_imports_torch() -> None:
    from pathlib import Path

    root = Path(tutor.__file__).parent
    offenders = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if p.relative_to(root).parts[0] != "lab"
        and any(
            line.lstrip().startswith(("import torch", "from torch"))
            for line in p.read_text().splitlines()
        )
    ]
    assert offenders == []
