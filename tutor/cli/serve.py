"""``tutor serve``: the same app in a browser tab (textual-serve), on localhost by default."""

from __future__ import annotations

import argparse

from tutor.cli.common import add_content_option, add_db_option
from tutor.errors import UserError


def configure(parser: argparse.ArgumentParser) -> None:
    add_content_option(parser)
    add_db_option(parser)
    parser.add_argument(
        "--host",
        default="localhost",
        help="address to listen on (default: localhost; anything else is reachable by others)",
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    parser.add_argument(
        "--public-url",
        default=None,
        metavar="URL",
        help="the address browsers use, when behind a proxy (default: http://HOST:PORT)",
    )


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.port <= 65535:
        raise UserError(f"--port must be between 1 and 65535 (got {args.port})")
    from tutor.ui.serve import serve

    app_args: list[str] = []
    if args.content is not None:
        app_args += ["--content", str(args.content.resolve())]
    if args.db is not None:
        app_args += ["--db", str(args.db)]
    print(f"tutor: serving on http://{args.host}:{args.port} (ctrl+c stops)")
    serve(app_args, host=args.host, port=args.port, public_url=args.public_url)
    return 0
