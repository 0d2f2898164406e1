"""Which files make up a course, and how their paths are shown.

Kept apart from the loader (which needs PyYAML and pydantic) so the course
cache can list and stat a course's files without importing either.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from tutor.errors import UserError
from tutor.text import printable

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
    return scan_files(paths)[0]


def scan_files(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Topic files under ``paths``, and every path that looks like one but cannot be read.

    Nothing is skipped in silence: an unreadable folder could hide a duplicate id,
    and a dangling symlink or a ``.YAML`` file is a topic the author meant to ship.
    Symlinked folders are not followed (a link loop would never end).
    """
    files: list[Path] = []
    problems: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            found = _scan_folder(path, problems)
            if not found and not problems:
                raise UserError(f"no topic files (*.yaml) found in {printable(display_path(path))}")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise UserError(f"no such file or folder: {printable(display_path(path))}")
    return files, problems


def _scan_folder(root: Path, problems: list[tuple[Path, str]]) -> list[Path]:
    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        problems.append(
            (where, f"cannot read folder: {exc.strerror or exc}; its topic files were not checked")
        )

    for folder, dirs, names in os.walk(root, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if name.startswith("."):
                continue
            p = Path(folder, name)
            suffix = p.suffix
            if suffix in YAML_SUFFIXES:
                if p.is_file():
                    found.append(p)
                elif p.is_symlink():
                    problems.append((p, "symlink to nothing (dangling or looping); not loaded"))
                else:
                    problems.append((p, "not a regular file; not loaded"))
            elif suffix.lower() in YAML_SUFFIXES:
                problems.append(
                    (p, f"not loaded: topic files end in .yaml or .yml; rename it ({suffix})")
                )
    return sorted(found)
