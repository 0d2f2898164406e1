"""``tutor validate``: check content and report every error at once."""

from __future__ import annotations

import argparse
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
    from tutor.content.loader import check_course
    from tutor.paths import bundled_content_dir

    paths = args.paths or [bundled_content_dir()]
    course, errors = check_course(paths)
    if errors or course is None:
        for error in errors:
            print(error)
        n = len(errors)
        print(f"{n} error{'s' if n != 1 else ''}", file=sys.stderr)
        return 1
    print(f"{len(course.topics)} topics, {course.item_count} items OK")
    return 0
