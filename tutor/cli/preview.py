"""``tutor preview FILE_OR_DIR``: see content as a learner will, reloading on every save."""

from __future__ import annotations

import argparse
from pathlib import Path

from tutor.errors import UserError


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path", type=Path, metavar="FILE_OR_DIR", help="a topic file or a folder of them"
    )


def run(args: argparse.Namespace) -> int:
    if not args.path.exists():
        raise UserError(f"no such file or folder: {args.path}")
    from tutor.ui.preview import PreviewApp, load

    course, errors = load([args.path])
    app = PreviewApp([args.path], course, errors)
    try:
        app.run()
    finally:
        app.store.close()
    return 0
