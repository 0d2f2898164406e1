"""``tutor export``: write a course as GIFT or Moodle XML."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("format", choices=("gift", "moodle-xml"), help="GIFT text or Moodle XML")
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="topic files or folders (default: the bundled course)",
    )
    parser.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write here instead of standard output"
    )
    parser.add_argument("--force", action="store_true", help="overwrite --output if it exists")


def run(args: argparse.Namespace) -> int:
    from tutor.cli.import_ import check_output, write_output
    from tutor.content.loader import load_course
    from tutor.paths import bundled_content_dir

    if args.output:
        check_output(args.output, args.force)
    course = load_course(args.paths or [bundled_content_dir()])
    topics = list(course.topics.values())
    if args.format == "gift":
        from tutor.content.formats.gift import export_gift

        text = export_gift(topics)
    else:
        from tutor.content.formats.moodle_xml import export_moodle_xml

        text = export_moodle_xml(topics)
    if args.output:
        write_output(args.output, text)
        print(
            f"wrote {course.item_count} items of {len(topics)} topics to {args.output}",
            file=sys.stderr,
        )
    else:
        sys.stdout.write(text)
    return 0
