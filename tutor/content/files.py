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
    stack = [str(root)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            why = exc.strerror or str(exc)
            problems.append(
                (Path(folder), f"cannot read folder: {why}; its topic files were not checked")
            )
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
                continue
            _check_entry(entry, found, problems)
    return sorted(found)


def _check_entry(
    entry: os.DirEntry[str], found: list[Path], problems: list[tuple[Path, str]]
) -> None:
    suffix = os.path.splitext(entry.name)[1]
    if suffix in YAML_SUFFIXES:
        try:
            regular = entry.is_file()  # follows a symlink: a link to a topic file is one
        except OSError:
            regular = False
        if regular:
            found.append(Path(entry.path))
        elif entry.is_symlink():
            if not os.path.isdir(entry.path):
                problems.append(
                    (Path(entry.path), "symlink to nothing (dangling or looping); not loaded")
                )
        else:
            problems.append((Path(entry.path), "not a regular file; not loaded"))
    elif suffix.lower() in YAML_SUFFIXES:
        problems.append(
            (
                Path(entry.path),
                f"not loaded: topic files end in .yaml or .yml; rename it ({suffix})",
            )
        )
