"""``tutor import``: bring questions from GIFT, Moodle XML or the plain-text layout into YAML.

Nothing is written that ``tutor validate`` would reject: the items are checked by
the loader itself (in a scratch topic file) before the output is written, and any
item it refuses is reported and left out.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor.errors import UserError
from tutor.text import printable

if TYPE_CHECKING:
    from tutor.content.schema import Item

FORMATS = ("gift", "moodle-xml", "text")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ITEM_PATH = re.compile(r"^items\[(\d+)\]")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "format",
        choices=FORMATS,
        help="gift (Moodle GIFT), moodle-xml, or text (the 'Question N ...' layout)",
    )
    parser.add_argument("file", type=Path, help="the file to import")
    parser.add_argument(
        "--topic", required=True, metavar="ID", help="topic id; item ids are derived from it"
    )
    parser.add_argument(
        "--topic-title",
        metavar="TITLE",
        help="write a whole topic file with this title (default: just the items)",
    )
    parser.add_argument(
        "--prerequisite",
        action="append",
        default=[],
        metavar="ID",
        help="a prerequisite topic id of the topic file (repeatable)",
    )
    parser.add_argument(
        "--level",
        default="undergraduate",
        help="level of the topic file (default: undergraduate)",
    )
    parser.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write here instead of standard output"
    )
    parser.add_argument("--force", action="store_true", help="overwrite --output if it exists")
    parser.epilog = (
        "Exit status 1 when any question could not be imported (each is listed with its line)."
    )


def _check_args(args: argparse.Namespace) -> None:
    from tutor.content.schema import LEVELS

    for value, what in [
        (args.topic, "--topic"),
        *((p, "--prerequisite") for p in args.prerequisite),
    ]:
        if not _SLUG.fullmatch(value) or len(value) > 80:
            raise UserError(
                f"{what} must be a topic id (lower-case words joined by hyphens), not {value!r}", 2
            )
    if args.level not in LEVELS:
        raise UserError(f"--level must be one of {', '.join(LEVELS)}, not {args.level!r}", 2)
    if args.topic_title is not None and not args.topic_title.strip():
        raise UserError("--topic-title must not be empty", 2)
    if args.output:
        check_output(args.output, args.force)


def check_output(path: Path, force: bool) -> None:
    """Fail before any work when ``path`` cannot be written."""
    if path.is_dir():
        raise UserError(f"cannot write {path}: it is a folder")
    if path.exists() and not force:
        raise UserError(f"{path} exists; pass --force to overwrite it")
    if not path.parent.is_dir():
        raise UserError(f"cannot write {path}: folder {path.parent} does not exist")


def write_output(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None


def _parse(fmt: str, source: str, topic: str) -> tuple[list[Item], list[str], list[str]]:
    """Items, the questions that could not come in, and notes on what some of them lost."""
    if fmt == "gift":
        from tutor.content.formats.gift import parse_gift

        gift = parse_gift(source, topic)
        return gift.items, [str(s) for s in gift.skipped], gift.notes
    if fmt == "moodle-xml":
        from tutor.content.formats.moodle_xml import parse_moodle_xml

        xml = parse_moodle_xml(source, topic)
        return xml.items, [str(s) for s in xml.skipped], xml.notes
    from tutor.content.formats.plaintext import parse_plaintext

    text = parse_plaintext(source, topic)
    return text.items, [str(e) for e in text.errors], []


def _header(args: argparse.Namespace) -> dict[str, Any]:
    from tutor.content.formats.yaml_out import TODO_CORE_IDEA

    header: dict[str, Any] = {
        "id": args.topic,
        "title": args.topic_title or args.topic,
        "level": args.level,
    }
    if args.prerequisite:
        header["prerequisites"] = list(dict.fromkeys(args.prerequisite))
    header["core_idea"] = TODO_CORE_IDEA
    return header


def _validated(header: dict[str, Any], items: list[Item]) -> tuple[list[Item], list[str]]:
    """The items the loader accepts in a topic file, and why it refused the others."""
    from tutor.content.formats.yaml_out import dump_topic
    from tutor.content.loader import check_course

    refused: list[str] = []
    try:
        scratch_dir = tempfile.TemporaryDirectory(prefix="tutor-import-")
    except OSError as exc:
        raise UserError(f"cannot check the imported items: {exc.strerror or exc}") from None
    with scratch_dir as scratch:
        path = Path(scratch) / f"{header['id']}.yaml"
        for _ in range(len(items) + 1):
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(dump_topic(header, items))
            _, errors = check_course([path], partial=True)
            if not errors:
                return items, refused
            bad: dict[int, str] = {}
            for error in errors:
                match = _ITEM_PATH.match(error.field)
                if match is None:
                    raise UserError(
                        f"the topic file would not load: {error.field}: {error.message}"
                    )
                bad.setdefault(int(match.group(1)), f"{error.field}: {error.message}")
            for index, message in sorted(bad.items()):
                refused.append(f"item '{items[index].id}' left out: {message}")
            items = [item for i, item in enumerate(items) if i not in bad]
    return items, refused


def _line_of(problem: str) -> int:
    match = re.match(r"\D*(\d+)", problem)
    return int(match.group(1)) if match else 0


def run(args: argparse.Namespace) -> int:
    from tutor.cli.common import require_file
    from tutor.content.formats.yaml_out import dump_items, dump_topic, flag_empty_explanations

    _check_args(args)
    source_path = require_file(args.file, "input file")
    try:
        source = source_path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{source_path} is not UTF-8 text") from None
    except OSError as exc:
        raise UserError(f"cannot read {source_path}: {exc.strerror or exc}") from None
    items, problems, notes = _parse(args.format, source, args.topic)
    header = _header(args)
    items, refused = _validated(header, items)
    for problem in sorted([*problems, *notes], key=_line_of):
        where, _, message = problem.partition(": ")
        at = f":{where.removeprefix('line ')}" if where.startswith("line ") else f": {where}"
        print(printable(f"{source_path}{at}: {message}", one_line=True), file=sys.stderr)
    for message in refused:
        print(printable(f"{source_path}: {message}", one_line=True), file=sys.stderr)
    if args.topic_title is not None:
        out = dump_topic(header, items)
    else:
        out = dump_items(items) if items else ""
    out = flag_empty_explanations(out)
    if args.output:
        write_output(args.output, out)
    else:
        sys.stdout.write(out)
    unexplained = sum(1 for item in items if not item.explanation)
    skipped = len(problems) + len(refused)
    print(f"imported {len(items)} item(s), skipped {skipped}", file=sys.stderr)
    if unexplained:
        print(
            f"{unexplained} item(s) have no explanation yet: each is marked '# TODO' in the output",
            file=sys.stderr,
        )
    return 1 if skipped else 0
