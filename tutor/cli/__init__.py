"""The one entry point: ``tutor`` and ``python -m tutor``.

Each subcommand lives in its own module with ``configure(parser)`` and
``run(args) -> int`` and is imported only when invoked, so ``tutor validate``
never pays for textual or torch. With no subcommand, tutor opens the TUI.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from tutor import __version__
from tutor.errors import UserError

# name -> (module under tutor.cli, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("validate", "check content files and report every error as file:line:col"),
    "schema": ("schema", "print the JSON Schema of a topic file"),
    "show": ("show", "run a 'show me' experiment and print its table and chart"),
    "topic": ("topic", "print a topic card with its graph metrics and your status"),
    "progress": ("progress", "export or reset your saved progress"),
    "simulate": ("simulate", "run synthetic learners through the engine and report adaptivity"),
    "lint": ("lint", "check item quality on top of validation"),
    "grade": ("grade", "grade an answer to a short-answer item and show why"),
    "import": ("import_", "import questions from GIFT, Moodle XML or plain text into YAML"),
    "export": ("export", "export questions as GIFT or Moodle XML"),
    "stats": ("stats", "item analysis from learners' answer logs"),
    "preview": ("preview", "open the app on a content folder and reload on change"),
    "serve": ("serve", "the app in a browser tab (textual-serve), on localhost by default"),
}


class _Parser(argparse.ArgumentParser):
    """argparse quotes the bad value back (``invalid choice: '...'``): escape it like every
    other message. Sub-parsers are made of the same class, so they escape too."""

    def error(self, message: str) -> NoReturn:
        from tutor.text import printable

        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {printable(message)}\n")


def _top_parser() -> argparse.ArgumentParser:
    from tutor.cli.common import add_content_option, add_db_option

    commands = "\n".join(f"  {name:<10} {help_}" for name, (_, help_) in COMMANDS.items())
    parser = _Parser(
        prog="tutor",
        description="An adaptive tutor for the terminal. With no command, opens the app.",
        epilog=f"commands:\n{commands}\n\nRun 'tutor COMMAND --help' for a command's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"tutor {__version__}")
    add_content_option(parser)
    add_db_option(parser)
    return parser


def _fail(message: str, code: int) -> int:
    from tutor.text import printable

    # Messages quote file names, content and command-line words: escape, never obey, them.
    print(f"tutor: error: {printable(message)}", file=sys.stderr)
    return code


# Options that may come before the command as well as after it (`tutor --db X topic ID`).
GLOBAL_OPTIONS = ("--db", "--content")


def _split_global_options(args_list: list[str]) -> tuple[list[str], list[str]]:
    """Leading ``--db X`` / ``--content DIR`` (or ``--db=X``) and the rest, so a command can
    be named after them; the command's own parser then reads them as if written after it."""
    leading: list[str] = []
    i = 0
    while i < len(args_list):
        arg = args_list[i]
        if arg in GLOBAL_OPTIONS and i + 1 < len(args_list):
            leading += args_list[i : i + 2]
            i += 2
        elif arg.split("=", 1)[0] in GLOBAL_OPTIONS and "=" in arg:
            leading.append(arg)
            i += 1
        else:
            break
    return leading, args_list[i:]


def _option_strings(parser: argparse.ArgumentParser) -> set[str]:
    """Every option the parser or any of its sub-commands takes."""
    found: set[str] = set()
    for action in parser._actions:
        found.update(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= _option_strings(sub)
    return found


def _run_command(name: str, args_list: list[str], leading: list[str]) -> int:
    module = importlib.import_module(f"tutor.cli.{COMMANDS[name][0]}")
    parser = _Parser(prog=f"tutor {name}", description=COMMANDS[name][1])
    module.configure(parser)
    accepted = _option_strings(parser)
    for option in leading:
        flag = option.split("=", 1)[0]
        if flag in GLOBAL_OPTIONS and flag not in accepted:
            parser.error(f"{flag} does not apply to '{name}'")
    # With no words after the command, its own "required" message is the useful one.
    args = parser.parse_args(args_list + leading if args_list else args_list)
    return int(module.run(args) or 0)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        leading, rest = _split_global_options(args_list)
        if rest and rest[0] in COMMANDS:
            return _run_command(rest[0], rest[1:], leading)
        if args_list and not args_list[0].startswith("-"):
            from tutor.errors import did_you_mean

            hint = did_you_mean(args_list[0], COMMANDS)
            return _fail(f"unknown command '{args_list[0]}'{hint}; see 'tutor --help'", 2)
        args = _top_parser().parse_args(args_list)
        from tutor.cli.app import run_app

        return run_app(args)
    except UserError as exc:
        return _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed: not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        if os.environ.get("TUTOR_DEBUG"):
            raise
        return _fail(
            f"internal error: {type(exc).__name__}: {exc} (set TUTOR_DEBUG=1 for details)", 70
        )
