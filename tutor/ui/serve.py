"""The app in a browser tab, through textual-serve.

textual-serve runs one app process per browser tab and relays its screen over a
websocket, so the browser shows exactly the terminal app. There is no login:
anyone who can reach the port can use the learner's progress, which is why the
server binds to localhost unless told otherwise.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Sequence

from tutor.errors import UserError

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def app_command(app_args: Sequence[str]) -> str:
    """The shell command each browser tab starts: this Python running tutor's app."""
    return shlex.join([sys.executable, "-m", "tutor", *app_args])


def serve(app_args: Sequence[str], *, host: str, port: int, public_url: str | None) -> None:
    """Serve until interrupted (ctrl+c)."""
    try:
        from textual_serve.server import Server
    except ImportError:
        raise UserError("tutor serve needs textual-serve: pip install textual-serve") from None
    if host not in LOCAL_HOSTS:
        print(
            f"tutor: warning: serving on {host}: anyone who can reach port {port} can use "
            "this progress (there is no login)",
            file=sys.stderr,
        )
    server = Server(
        app_command(app_args), host=host, port=port, title="tutor", public_url=public_url
    )
    server.serve()
