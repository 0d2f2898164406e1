"""``tutor lint``: item-quality rules on top of validation."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="topic files or folders (default: the bundled course)",
    )
    parser.add_argument("--strict", action="store_true", help="warnings fail the exit status too")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    parser.add_argument("--rules", action="store_true", help="list the rules and exit")


def run(args: argparse.Namespace) -> int:
    from tutor.authoring.lint import fails, iter_rules, lint_course
    from tutor.content.loader import check_course
    from tutor.paths import bundled_content_dir
    from tutor.text import json_printable, printable

    if args.rules:
        for rule in iter_rules():
            print(f"{rule.id:<24} {rule.severity:<8} {rule.summary}")
        return 0
    course, errors = check_course(args.paths or [bundled_content_dir()])
    if errors or course is None:
        if args.format == "json":
            print(
                json.dumps(
                    [
                        {
                            "path": e.path,
                            "line": e.line,
                            "column": e.column,
                            "rule": "invalid",
                            "severity": "error",
                            "message": f"{e.field}: {e.message}" if e.field else e.message,
                        }
                        for e in errors
                    ],
                    indent=2,
                )
            )  # ensure_ascii (the default) escapes every control character
        else:
            for error in errors:
                print(error)
            print(f"{len(errors)} validation error(s); fix them before linting")
        return 1
    findings = lint_course(course)
    if args.format == "json":
        print(
            json_printable(
                json.dumps([f.to_json() for f in findings], indent=2, ensure_ascii=False)
            )
        )
    else:
        for finding in findings:
            print(printable(finding, one_line=True))
        n_err = sum(f.severity == "error" for f in findings)
        n_warn = len(findings) - n_err
        print(
            f"{len(course.topics)} topics, {course.item_count} items: {n_err} errors, {n_warn} warnings"
        )
    return 1 if fails(findings, args.strict) else 0
