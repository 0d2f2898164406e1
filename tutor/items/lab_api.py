"""The lab's measurement API as predict items use it: ``quantities`` and ``measure``.

The lab provides ``tutor.lab.quantities(experiment)`` (quantity name -> what it
measures) and ``tutor.lab.measure(experiment, params, quantity)``. Until a lab
without them is gone from every tree, a small fallback reads the same quantities
off the experiments' results.
"""

from __future__ import annotations

from typing import Any

_FALLBACK: dict[str, dict[str, str]] = {
    "chain_product": {
        "product": "the product of the local derivatives over all layers",
    },
    "gradient_flow": {
        "first_last_ratio": "weight-gradient norm of the first hidden layer over the last (first configuration)",
        "factor_per_layer": "factor by which the weight-gradient norm changes per layer (first configuration)",
    },
}


def quantities(experiment: str) -> dict[str, str]:
    """The quantities ``experiment`` can measure, by name; {} for an unknown experiment."""
    try:
        from tutor.lab import quantities as lab_quantities  # type: ignore[attr-defined]
    except ImportError:
        return dict(_FALLBACK.get(experiment, {}))
    try:
        return dict(lab_quantities(experiment))
    except (KeyError, ValueError, LookupError):
        return {}


def measure(experiment: str, params: dict[str, Any], quantity: str) -> float:
    """Run ``experiment`` with ``params`` and return ``quantity``."""
    try:
        from tutor.lab import measure as lab_measure  # type: ignore[attr-defined]
    except ImportError:
        return _fallback_measure(experiment, params, quantity)
    return float(lab_measure(experiment, params, quantity))


def _fallback_measure(experiment: str, params: dict[str, Any], quantity: str) -> float:
    from tutor.lab.registry import get_experiment

    if quantity not in _FALLBACK.get(experiment, {}):
        raise ValueError(f"experiment {experiment!r} does not measure {quantity!r}")
    result: Any = get_experiment(experiment).run(dict(params))
    source = result.runs[0] if experiment == "gradient_flow" else result
    value = getattr(source, quantity)
    if value is None:
        raise ValueError(f"{experiment} measured no {quantity} for these parameters")
    return float(value)
