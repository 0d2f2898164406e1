"""``tutor stats``: classical item analysis from one database or many learners' logs."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.errors import UserError

if TYPE_CHECKING:
    from tutor.content.course import Course
    from tutor.learner.item_analysis import Answer, ItemStats


def configure(parser: argparse.ArgumentParser) -> None:
    from tutor.cli.common import add_content_option, add_db_option

    add_content_option(parser)
    add_db_option(parser)
    parser.add_argument(
        "logs",
        nargs="*",
        type=Path,
        metavar="LOG",
        help="exported logs (`tutor progress export`), one per learner",
    )
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.add_argument(
        "--min-answers",
        type=int,
        default=None,
        metavar="N",
        help="fewer learners than this: 'not enough data' (default 10)",
    )


def run(args: argparse.Namespace) -> int:
    from tutor.cli.common import load_course_or_fail
    from tutor.items.base import choice_ids
    from tutor.learner.item_analysis import MIN_ANSWERS, analyse, read_log

    if args.logs and args.db:
        raise UserError("give either --db or LOG files, not both", 2)
    min_answers = MIN_ANSWERS if args.min_answers is None else args.min_answers
    if min_answers < 1:
        raise UserError("--min-answers must be at least 1", 2)
    course = load_course_or_fail(args.content)
    if args.logs:
        answers = [a for log in args.logs for a in read_log(log)]
    else:
        answers = _db_answers(args.db)
    topic_of = {item.id: topic.id for topic, item in course.iter_items()}
    choice_items = {
        item.id: choice_ids(item.choices)
        for _, item in course.iter_items()
        if item.type in ("multiple_choice", "multiple_response")
    }
    stats = analyse(answers, topic_of, min_answers, choice_items)
    if args.format == "json":
        print(json.dumps([s.to_json() for s in stats], indent=2))
    elif args.format == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            [
                "item_id",
                "topic_id",
                "answers",
                "difficulty",
                "discrimination",
                "choice_counts",
                "flags",
            ]
        )
        for s in stats:
            writer.writerow(
                [
                    s.item_id,
                    s.topic_id or "",
                    s.answers,
                    _num(s.difficulty),
                    _num(s.discrimination),
                    ";".join(f"{k}:{v}" for k, v in s.choice_counts.items()),
                    ";".join(s.flags),
                ]
            )
        sys.stdout.write(out.getvalue())
    else:
        _table(stats, course)
    return 0


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _table(stats: Sequence[ItemStats], course: Course) -> None:
    from rich.console import Console
    from rich.table import Table

    learners_note = f"{len(stats)} items answered"
    table = Table(title=f"Item analysis ({learners_note})", title_justify="left")
    for col, justify in (
        ("item", "left"),
        ("answers", "right"),
        ("difficulty", "right"),
        ("discrim.", "right"),
        ("choices picked", "left"),
        ("flags", "left"),
    ):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for s in stats:
        picks = ""
        if s.choice_counts and course.has_item(s.item_id):
            picks = "  ".join(f"{k}:{v}" for k, v in s.choice_counts.items())
        table.add_row(
            s.item_id,
            str(s.answers),
            _num(s.difficulty),
            _num(s.discrimination),
            picks,
            ", ".join(s.flags),
        )
    Console().print(table)
    if not stats:
        print("no answers recorded yet")


def _db_answers(db: str | None) -> list[Answer]:
    from tutor.cli.common import db_path
    from tutor.learner.item_analysis import answers_from_records
    from tutor.learner.store import ProgressStore, iter_export

    path = db_path(db)
    if not path.exists():
        raise UserError(f"no progress database at {path}")
    store = ProgressStore(path)
    try:
        return answers_from_records(iter_export(store), default_learner=path.stem)
    finally:
        store.close()
