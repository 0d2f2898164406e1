"""``tutor import``: bring questions from GIFT or the plain-text layout into YAML items."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from tutor.errors import UserError
from tutor.text import printable

FORMATS = ("gift", "text")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "format", choices=FORMATS, help="gift (Moodle GIFT) or text (the 'Question N ...' layout)"
    )
    parser.add_argument("file", type=Path, help="the file to import")
    parser.add_argument(
        "--topic", required=True, metavar="ID", help="topic id; item ids are derived from it"
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write the YAML here instead of standard output",
    )
    parser.add_argument("--force", action="store_true", help="overwrite --output if it exists")
    parser.epilog = (
        "Exit status 1 when any question could not be imported (each is listed with its line)."
    )


def run(args: argparse.Namespace) -> int:
    from tutor.cli.common import require_file
    from tutor.content.formats.yaml_out import dump_items

    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", args.topic):
        raise UserError(
            f"--topic must be a topic id (lower-case words joined by hyphens), not '{args.topic}'",
            2,
        )
    source_path = require_file(args.file, "input file")
    try:
        source = source_path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{source_path} is not UTF-8 text") from None
    problems: list[str]
    if args.format == "gift":
        from tutor.content.formats.gift import parse_gift

        gift = parse_gift(source, args.topic)
        items, problems = gift.items, [str(s) for s in gift.skipped]
    else:
        from tutor.content.formats.plaintext import parse_plaintext

        text = parse_plaintext(source, args.topic)
        items, problems = text.items, [str(e) for e in text.errors]
    for problem in problems:
        where = f"{source_path}:{problem.removeprefix('line ').replace(': ', ': ', 1)}"
        print(printable(where, one_line=True), file=sys.stderr)
    out = dump_items(items) if items else ""
    if args.output:
        if args.output.exists() and not args.force:
            raise UserError(f"{args.output} exists; pass --force to overwrite it")
        args.output.write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(out)
    print(f"imported {len(items)} item(s), skipped {len(problems)}", file=sys.stderr)
    return 1 if problems else 0
