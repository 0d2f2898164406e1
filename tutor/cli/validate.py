"""``tutor validate``: check content and report every error at once."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="topic files or folders (default: the bundled course)",
    )


def run(args: argparse.Namespace) -> int:
    from tutor.content.cache import course_stamp, remember_course
    from tutor.content.loader import check_course
    from tutor.paths import bundled_content_dir

    paths = args.paths or [bundled_content_dir()]
    stamp = course_stamp(paths)
    course, errors = check_course(paths)
    if errors or course is None:
        for error in errors:
            print(error)
        n = len(errors)
        print(f"{n} error{'s' if n != 1 else ''}", file=sys.stderr)
        if not any(p.is_dir() for p in paths) and any(
            "unknown prerequisite" in e.message for e in errors
        ):
            # An author checking the one file they edit: its prerequisites live in other files.
            print(
                "hint: only the named files were loaded; to resolve prerequisites, validate the"
                f" whole course: tutor validate {_course_folder(paths[0])}",
                file=sys.stderr,
            )
        return 1
    print(f"{len(course.topics)} topics, {course.item_count} items OK")
    if stamp is not None:
        remember_course(paths, stamp, course)  # the app's next launch on these paths is warm
    return 0


def _course_folder(file: Path) -> Path:
    """The folder of the course a topic file belongs to: the nearest one holding the JSON
    Schema that content files point their editors at, else the file's own folder."""
    for folder in file.resolve().parents:
        if (folder / "topic.schema.json").is_file():
            return Path(os.path.relpath(folder)) if folder.is_relative_to(Path.cwd()) else folder
    return file.parent
