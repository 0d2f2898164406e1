"""The ``tutor`` package type-checks cleanly under mypy, with the settings in pyproject.toml.

Run in-process through mypy's API rather than as a subprocess, so a missing
mypy skips the test instead of failing it. mypy's incremental cache
(``.mypy_cache`` in the project root) keeps repeat runs to a few seconds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_finds_no_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    api = pytest.importorskip("mypy.api", reason="mypy is not installed (pip install -e '.[dev]')")
    # pyproject's `packages = ["tutor"]` and the cache directory are resolved from the working directory.
    monkeypatch.chdir(ROOT)
    stdout, stderr, status = api.run(["--config-file", str(ROOT / "pyproject.toml")])
    assert status == 0, f"mypy exited with status {status}:\n{stdout}{stderr}"
