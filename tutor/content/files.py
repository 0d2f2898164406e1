"""Which files make up a course, and how their paths are shown.

Kept apart from the loader (which needs PyYAML and pydantic) so the course
cache can list and stat a course's files without importing either.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from tutor.errors import UserError

YAML_SUFFIXES = (".yaml", ".yml")


def display_path(path: Path) -> str:
    """Paths relative to the working folder when inside it: short, clickable in editors."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel == ".." or rel.startswith(".." + os.sep) else rel


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Every topic file under ``paths`` (folders searched recursively, hidden parts skipped), sorted."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in YAML_SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise UserError(f"no topic files (*.yaml) found in {display_path(path)}")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise UserError(f"no such file or folder: {display_path(path)}")
    return files
