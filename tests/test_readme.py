"""README.md stays true: its opening commands, its CLI reference and the flags it shows.

Flags are checked against the parsers the CLI really builds (each subcommand's
``configure(parser)``), so renaming or dropping an option fails here until the
README is updated. ``tutor show`` takes every experiment parameter as a flag, so
its flags are checked against the lab's parameter models instead.
"""

from __future__ import annotations

import argparse
import importlib
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest

from tutor.cli import COMMANDS, _top_parser

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CLI_HEADING = "## CLI reference"

FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
INLINE = re.compile(r"(?<!`)`([^`]+)`(?!`)")
SHELL_STOPS = {"|", "||", ">", ">>", "<", "&&", ";", "2>", "2>&1"}


def _text() -> str:
    return README.read_text(encoding="utf-8")


def _without_fences(text: str) -> str:
    """The text with fenced blocks blanked, so inline spans are not read inside them."""
    return FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def _section(text: str, heading: str) -> str:
    """From ``heading`` to the next heading of the same or a higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    lines = text.splitlines()
    start = lines.index(heading)
    out = []
    for line in lines[start + 1 :]:
        m = re.match(r"^(#+) ", line)
        if m and len(m.group(1)) <= level:
            break
        out.append(line)
    return "\n".join(out)


def _subsections(section: str) -> dict[str, str]:
    """``### tutor NAME`` subsections of the CLI reference, by NAME."""
    out: dict[str, str] = {}
    for m in re.finditer(
        r"^### tutor (\S+)[^\n]*\n(.*?)(?=^### |\Z)", section, re.MULTILINE | re.DOTALL
    ):
        out[m.group(1)] = m.group(2)
    return out


def _command_lines(text: str) -> Iterator[str]:
    """Every ``tutor ...`` command the README shows, in fenced blocks and inline code."""
    for block in FENCE.finditer(text):
        for line in block.group(2).splitlines():
            line = line.strip().removeprefix("$ ")
            if line.startswith("tutor "):
                yield line
    for span in INLINE.finditer(_without_fences(text)):
        code = span.group(1).replace("\\|", "|").strip()
        if code.startswith("tutor "):
            yield code


def _tokens(line: str) -> list[str]:
    """The arguments after ``tutor``, up to any shell redirection or pipe; [optional] brackets dropped."""
    out = []
    for token in shlex.split(line.replace("\n", " "), comments=True)[1:]:
        if token in SHELL_STOPS:
            break
        token = token.strip("[]")
        if token and token != "...":
            out.append(token)
    return out


def _flags(tokens: list[str]) -> list[str]:
    """Option names among the tokens (``--x=1`` gives ``--x``); placeholders such as ``--PARAM`` are skipped."""
    out = []
    for token in tokens:
        if not token.startswith("-") or token == "-" or re.fullmatch(r"-?\d[\d.]*", token):
            continue
        name = token.split("=", 1)[0]
        if name.lstrip("-").isupper():
            continue
        out.append(name)
    return out


def _parser(name: str) -> argparse.ArgumentParser:
    module = importlib.import_module(f"tutor.cli.{COMMANDS[name][0]}")
    parser = argparse.ArgumentParser(prog=f"tutor {name}")
    module.configure(parser)
    return parser


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {s for action in parser._actions for s in action.option_strings}


def _sub_parsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _show_options(experiment: str | None) -> set[str]:
    """What ``tutor show [EXPERIMENT]`` accepts: its own options and the experiment's parameters."""
    from tutor.cli.show import CONFIG_KEYS
    from tutor.lab.registry import EXPERIMENTS

    allowed = _options(_parser("show"))
    specs = [EXPERIMENTS[experiment]] if experiment in EXPERIMENTS else list(EXPERIMENTS.values())
    for spec in specs:
        fields = set(spec.params_model.model_fields)
        if "configs" in fields:
            fields |= {*CONFIG_KEYS, "config"}
        for field in fields:
            allowed |= {f"--{field}", f"--{field.replace('_', '-')}"}
    return allowed


def _allowed(tokens: list[str]) -> tuple[str, set[str]]:
    """(what the command is called, the option strings it accepts) for ``tutor`` + tokens."""
    if not tokens or tokens[0] not in COMMANDS:
        return "tutor", _options(_top_parser())
    name, rest = tokens[0], tokens[1:]
    if name == "show":
        words = [t for t in rest if not t.startswith("-")]
        return "tutor show", _show_options(words[0] if words else None)
    parser = _parser(name)
    allowed = _options(parser)
    subs = _sub_parsers(parser)
    if subs:
        action = next((t for t in rest if not t.startswith("-")), "")
        chosen = [subs[a] for a in action.split("|") if a in subs] or list(subs.values())
        for sub in chosen:
            allowed |= _options(sub)
        if len(chosen) == 1:
            return f"tutor {name} {action}", allowed
    return f"tutor {name}", allowed


# ---------------------------------------------------------------------------


def test_readme_opens_with_make_run_and_make_test() -> None:
    text = _text()
    before = text[: text.index("```")]
    assert [line for line in before.splitlines() if line.strip()] == ["# tutor"], (
        "nothing but the title may come before the opening commands"
    )
    commands = []
    for block in FENCE.finditer(text):
        for line in block.group(2).splitlines():
            command = line.split("#", 1)[0].strip()
            if command:
                commands.append(command)
    assert commands[:2] == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, re.MULTILINE) and re.search(
        r"^test:", makefile, re.MULTILINE
    )
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in [line.strip() for line in ci.splitlines()], (
        ".ci/run must run the README's test command"
    )


def test_every_subcommand_is_in_the_cli_reference() -> None:
    section = _section(_text(), CLI_HEADING)
    subsections = _subsections(section)
    for name in COMMANDS:
        assert re.search(rf"`tutor {re.escape(name)}\b", section), (
            f"`tutor {name}` is missing from the CLI reference table"
        )
        assert name in subsections, f"the CLI reference has no '### tutor {name}' section"
    extra = set(subsections) - set(COMMANDS) - {"(the"}
    assert not extra, f"the CLI reference documents commands that do not exist: {sorted(extra)}"


def test_global_options_are_documented() -> None:
    text = _text()
    for option in ("--content", "--db", "--version"):
        assert option in _options(_top_parser())
        assert option in text
    assert "TUTOR_DB" in text and "TUTOR_DEBUG" in text


COMMAND_LINES = sorted(set(_command_lines(_text())))


@pytest.mark.parametrize("line", COMMAND_LINES)
def test_flags_shown_in_commands_exist(line: str) -> None:
    tokens = _tokens(line)
    where, allowed = _allowed(tokens)
    unknown = [f for f in _flags(tokens) if f not in allowed]
    assert not unknown, f"README shows `{line}`, but {where} has no option {', '.join(unknown)}"


def test_flags_mentioned_in_each_command_section_exist() -> None:
    """Inline flags in '### tutor NAME' prose (`--format jsonl`, `--z-min`) belong to that command."""
    sections = _subsections(_section(_text(), CLI_HEADING))
    problems = []
    for name, body in sections.items():
        if name not in COMMANDS:
            continue
        _, allowed = _allowed(
            [name] + (["|".join(_sub_parsers(_parser(name)))] if name == "progress" else [])
        )
        for span in INLINE.finditer(_without_fences(body)):
            code = span.group(1)
            if code.startswith("tutor "):
                continue  # whole commands are checked with their own arguments above
            for flag in _flags(code.replace("\\|", "|").split()):
                if flag not in allowed:
                    problems.append(f"### tutor {name}: `{code}`")
    assert not problems, "flags that the command does not accept:\n" + "\n".join(problems)


def test_the_readme_checks_something() -> None:
    """Guard against the extractors silently finding nothing."""
    assert len(COMMAND_LINES) >= 20
    assert sum(bool(_flags(_tokens(line))) for line in COMMAND_LINES) >= 10


def test_pasted_course_figures_are_current() -> None:
    """`tutor validate content` output and the chain length quoted in the README match the bundled course."""
    from tutor.content.loader import check_course
    from tutor.graph import CourseGraph
    from tutor.paths import bundled_content_dir

    course, errors = check_course([bundled_content_dir()])
    assert course is not None and not errors
    text = _text()
    validate_line = f"{len(course.topics)} topics, {course.item_count} items OK"
    assert f"$ tutor validate content\n{validate_line}\n" in text, (
        f"update the README's validate output to: {validate_line}"
    )
    chain = len(CourseGraph.from_course(course).metrics("vanishing-gradient-problem").longest_path)
    assert f"{chain}-topic prerequisite chain" in text
    assert f"longest path:         {chain} topics" in text
    assert f"{len(course.topics)} topics in all" in text
