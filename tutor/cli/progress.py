"""``tutor progress show|export|reset``: your saved progress from a shell.

Export writes the event log itself (one record per event, with the learner's
id), so answers can be analysed elsewhere or moved; reset asks first, because
it is the one command that throws progress away.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from tutor.cli.common import add_content_option, add_db_option
from tutor.errors import UserError
from tutor.text import json_printable, printable

CSV_COLUMNS = (
    "learner",
    "seq",
    "ts",
    "kind",
    "topic_id",
    "item_id",
    "response",
    "correct",
    "rating",
    "latency_ms",
    "source",
    "method",
    "extra",
)
"""CSV flattens the JSON record: the answer fields get columns, anything else goes to ``extra`` as JSON."""


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = sub.add_parser(
        "show", help="a short summary: answers, accuracy, mastered topics, goal, reviews due"
    )
    add_db_option(show)
    add_content_option(show)
    show.add_argument("--json", action="store_true", help="print the summary as JSON")
    export = sub.add_parser("export", help="write the event log as JSON Lines or CSV")
    add_db_option(export)
    export.add_argument(
        "--format", choices=("jsonl", "csv"), default="jsonl", help="output format (default: jsonl)"
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        type=Path,
        default=None,
        help="write here instead of standard output",
    )
    reset = sub.add_parser("reset", help="delete all saved progress (asks first)")
    add_db_option(reset)
    reset.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def run(args: argparse.Namespace) -> int:
    return {"show": _show, "export": _export, "reset": _reset}[args.action](args)


def _open_store(db: str | None, *, must_exist: bool, readonly: bool = False) -> Any:
    from tutor.cli.common import db_path
    from tutor.learner.store import ProgressStore

    path = db_path(db)
    if must_exist and not path.exists():
        raise UserError(f"no progress database at {path}")
    return ProgressStore(path, readonly=readonly)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


class _Escaping:
    """A terminal stream that shows control characters as escapes."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, text: str) -> int:
        return self._out.write(printable(text))


def write_export(store: Any, fmt: str, out: Any) -> int:
    from tutor.learner.store import iter_export

    n = 0
    if fmt == "jsonl":
        for record in iter_export(store):
            out.write(json_printable(json.dumps(record, ensure_ascii=False)) + "\n")
            n += 1
        return n
    if out.isatty():  # a terminal obeys control characters; a file keeps the exact data
        out = _Escaping(out)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in iter_export(store):
        extra = {k: v for k, v in record.items() if k not in CSV_COLUMNS}
        row = [_cell(record.get(c)) for c in CSV_COLUMNS[:-1]]
        row.append(_cell(extra) if extra else "")
        writer.writerow(row)
        n += 1
    return n


def _export(args: argparse.Namespace) -> int:
    store = _open_store(args.db, must_exist=True, readonly=True)
    try:
        if args.output is None:
            write_export(store, args.format, sys.stdout)
            return 0
        try:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            with open(args.output, "w", encoding="utf-8", newline="") as fh:
                n = write_export(store, args.format, fh)
        except OSError as exc:
            raise UserError(f"cannot write {args.output}: {exc.strerror or exc}") from None
        print(
            printable(f"wrote {n} event{'s' if n != 1 else ''} to {args.output}"), file=sys.stderr
        )
        return 0
    finally:
        store.close()


def _reset(args: argparse.Namespace) -> int:
    from tutor.cli.common import db_path

    path = db_path(args.db)
    if not path.exists():
        print(printable(f"nothing to reset: no progress database at {path}"))
        return 0
    store = _open_store(args.db, must_exist=True)
    try:
        n = store.count()
        if not args.yes:
            if not sys.stdin.isatty():
                raise UserError(
                    f"refusing to delete {n} saved events in {path} without confirmation; pass --yes"
                )
            sys.stdout.write(
                printable(
                    f"Delete all progress in {path} ({n} events)? This cannot be undone. [y/N] "
                )
            )
            sys.stdout.flush()
            answer = sys.stdin.readline().strip().lower()
            if answer not in ("y", "yes"):
                print("Nothing deleted.")
                return 1
        store.clear()
        print(printable(f"Deleted {n} event{'s' if n != 1 else ''} from {path}."))
        return 0
    finally:
        store.close()


def _show(args: argparse.Namespace) -> int:
    from tutor.cli.common import db_path, load_course_or_fail, open_service_for_reading

    course = load_course_or_fail(args.content)
    service = open_service_for_reading(course, args.db)
    try:
        summary = service.history()
        goal = service.goal
        done, total = service.goal_progress()
        data = {
            "database": str(db_path(args.db)),
            "learner": service.learner_id,
            "answered": summary.items_answered,
            "correct": summary.correct,
            "accuracy": round(summary.accuracy, 4),
            "streak_days": summary.streak_days,
            "mastered": summary.mastered_count,
            "known": summary.known_count,
            "topics": len(course.topics),
            "goal": goal,
            "goal_done": done,
            "goal_total": total,
            "reviews_due": summary.reviews_due,
        }
    finally:
        service.close()
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    print(printable(f"Progress in {data['database']}"))
    print(f"  answered     {data['answered']} ({round(100 * summary.accuracy)}% right)")
    print(f"  streak       {data['streak_days']} day{'s' if data['streak_days'] != 1 else ''}")
    print(
        f"  mastered     {data['mastered']} of {data['topics']} topics (+{data['known']} marked known)"
    )
    if goal:
        title = printable(course.topics[goal].title, one_line=True)
        print(f"  goal         {title} ({done} of {total} topics done)")
    else:
        print("  goal         none set")
    print(f"  reviews due  {data['reviews_due']}")
    return 0
