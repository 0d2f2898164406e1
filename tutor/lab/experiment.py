"""What one experiment module provides, and the helpers they share.

Every module under ``tutor.lab.experiments`` defines ``EXPERIMENT``, an
:class:`Experiment`. Importing a module costs only pydantic: torch and numpy
are imported inside ``run`` (and inside the functions it calls), so the
registry, the content loader and the UI can list experiments and check
parameters without loading either.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict

from tutor.lab.figure import Figure

Progress = Callable[[Any], None]
"""Called with a partial result while a long run goes on (training streams its steps)."""
Cancelled = Callable[[], bool]
"""Polled between steps; True stops the run, which returns what it has."""

MAX_SEED = 2**32 - 1


class Params(BaseModel):
    """Unknown parameters are errors; instances are frozen so results can quote them."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Result(BaseModel):
    model_config = ConfigDict(frozen=True)


def never() -> bool:
    return False


@dataclass(frozen=True)
class Experiment:
    """One "show me" experiment: its parameters, how to run it, and how to read its result.

    ``quantities`` names the scalar measures a predict-then-run item can ask
    about; ``measure(result, name)`` reads one from a result (None where the run could not
    measure it, e.g. a gradient that vanished to 0; callers see NaN). ``script(params)``
    is the standalone PyTorch (or numpy) program that prints ``numbers(result)``
    for the same parameters, one ``name value`` line each.
    """

    name: str
    title: str
    summary: str  # what the experiment shows, one sentence (listed by `tutor show --list`)
    params_model: type[BaseModel]
    runner: Callable[..., BaseModel]  # runner(params, progress, cancelled)
    summarize: Callable[[Any], str]  # the result in one sentence
    figure: Callable[[Any], Figure]
    script: Callable[[Any], str]
    numbers: Callable[[Any], dict[str, float]]
    quantities: dict[str, str] = field(default_factory=dict)
    measure: Callable[[Any, str], float | None] | None = None
    streams: bool = False  # run() reports progress and can be cancelled
    partial_figure: Callable[[Any, list[Any]], Figure] | None = None  # the figure for steps so far

    def run(
        self,
        params: BaseModel | dict[str, Any] | None = None,
        progress: Progress | None = None,
        cancelled: Cancelled = never,
    ) -> Any:
        """Validate ``params`` (a model or a dict) and run."""
        if not isinstance(params, self.params_model):
            params = self.params_model.model_validate(params or {})
        return self.runner(params, progress, cancelled)


def torch_setup() -> Any:
    """torch on one intra-op thread with deterministic kernels: small nets run faster
    on one thread and every run with the same seed gives the same numbers."""
    import torch

    if torch.get_num_threads() != 1:
        torch.set_num_threads(1)
    return torch


_LAZY_IMPORT = ("import ", "from torch import", "from numpy import")


def source_of(*functions: Callable[..., Any]) -> str:
    """The source of ``functions`` for a standalone script, without their lazy imports
    and the blank lines after them (the script imports everything once at the top)."""
    parts = []
    for fn in functions:
        lines = textwrap.dedent(inspect.getsource(fn)).splitlines()
        kept: list[str] = []
        for line in lines:
            if line.strip().startswith(_LAZY_IMPORT) and line.startswith("    "):
                continue
            if not line.strip() and kept and kept[-1].startswith("def "):
                continue
            kept.append(line.replace("  # fmt: skip", ""))
        parts.append("\n".join(kept))
    return "\n\n".join(parts)


TORCH_HEADER = """from __future__ import annotations

import math

import torch
from torch import nn

torch.set_num_threads(1)  # the lab's setting: same numbers on every machine, faster on small nets"""


def script_text(
    functions: str,
    configs: list[dict[str, Any]] | None,
    call: str,
    printer: str,
    header: str = TORCH_HEADER,
) -> str:
    """A standalone script: imports, the lab's own functions, the exact parameters, the prints."""
    lines = [header, "", functions, ""]
    if configs is not None:
        lines.append("CONFIGS = [")
        lines += [f"    {c!r}," for c in configs]
        lines.append("]")
    lines += [f"numbers = {call}", printer, ""]
    return "\n".join(lines)


def lines_of_code(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.strip())
