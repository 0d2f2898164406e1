"""``tutor schema``: the JSON Schema of a topic file, for editors."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if content/topic.schema.json is out of date"
    )


def run(args: argparse.Namespace) -> int:
    from tutor.content.json_schema import render_schema
    from tutor.paths import schema_path

    text = render_schema()
    if args.check:
        path = schema_path()
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{path} is out of date; run: tutor schema > {path}")
            return 1
        print(f"{path} is up to date")
        return 0
    print(text, end="")
    return 0
