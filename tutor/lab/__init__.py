"""The lab: "show me" experiments on PyTorch that return data for the UI and the CLI to draw.

Importing ``tutor.lab`` (or its registry, parameter models or request parser)
loads only pydantic; each experiment imports torch (or numpy) when it runs.
The TUI runs experiments in a worker process (``tutor.lab.worker``), so the
app never imports torch; ``tutor show`` runs them in process.

For predict-then-run items: :func:`quantities` names an experiment's scalar
measures (cheap) and :func:`measure` runs the experiment and reads one.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["measure", "quantities"]


def quantities(experiment: str) -> dict[str, str]:
    """Quantity name -> what it measures, for ``experiment`` (no torch import)."""
    from tutor.lab.registry import get_experiment

    return dict(get_experiment(experiment).quantities)


def measure(experiment: str, params: dict[str, Any], quantity: str) -> float:
    """Run ``experiment`` with ``params`` and return the named quantity.

    Raises UserError (exit 2) for an unknown experiment, bad parameters or an
    unknown quantity, with the known names in the message.
    """
    from tutor.errors import UserError, did_you_mean
    from tutor.lab.registry import get_experiment, parse_params

    spec = get_experiment(experiment)
    if quantity not in spec.quantities or spec.measure is None:
        known = ", ".join(spec.quantities) or "none"
        raise UserError(
            f"{experiment} has no quantity '{quantity}'{did_you_mean(quantity, spec.quantities)}; quantities: {known}",
            exit_code=2,
        )
    result = spec.run(parse_params(experiment, params))
    value = spec.measure(result, quantity)
    return math.nan if value is None else float(value)  # None: not measurable in this run
