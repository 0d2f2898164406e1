"""How each experiment's result model is laid out: chart series and table rows.

The numbers and the one-sentence summary come from the lab; this module only
chooses which of them go on the chart and in the table, for each experiment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tutor.ui.widgets.log_bars import Series


@dataclass
class View:
    """What the show-me screen draws for one result."""

    chart_title: str = ""
    x_title: str = "layer (input → output)"
    series: list[Series] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    lines: list[tuple[str, list[float]]] = field(
        default_factory=list
    )  # sparklines: (label, values)
    lines_title: str = ""
    lines_last: bool = False  # label each line with its latest value (training curves)


def sci(value: float | None) -> str:
    if value is None:
        return "—"
    if value == 0:
        return "0"
    if 1e-3 <= abs(value) < 1e4:
        return f"{value:.4g}"
    return f"{value:.2e}"


def view_for(result: Any) -> View:
    kind = getattr(result, "experiment", "")
    if kind == "gradient_flow":
        return _gradient_flow(result)
    if kind == "training_dynamics":
        return training_view(result.params, result.steps)
    if kind == "chain_product":
        return _chain_product(result)
    if kind == "activation_derivatives":
        return _activation_derivatives(result)
    return View()


def _gradient_flow(result: Any) -> View:
    runs = result.runs
    view = View(chart_title="Weight-gradient norm per layer (log scale)")
    view.series = [
        Series(f"{i + 1} {r.label}", tuple(s.weight_grad_norm for s in r.layers))
        for i, r in enumerate(runs)
    ]
    view.columns = ["layer", *[f"‖∇W‖ net {i + 1}" for i in range(len(runs))]]
    depth = max((len(r.layers) for r in runs), default=0)
    for k in range(depth):
        first = runs[0].layers[k] if k < len(runs[0].layers) else None
        name = "out" if first is not None and first.kind == "output" else str(k + 1)
        view.rows.append(
            [name, *[sci(r.layers[k].weight_grad_norm) if k < len(r.layers) else "" for r in runs]]
        )
    view.rows.append(["first/last", *[sci(r.first_last_ratio) for r in runs]])
    view.rows.append(["per layer", *[sci(r.factor_per_layer) for r in runs]])
    return view


def training_view(params: Any, steps: list[Any], count: int | None = None) -> View:
    """The latest weight movement per layer, loss curves so far, and the numbers at the last step."""
    steps = steps[: count if count is not None else len(steps)]
    labels = [c.label for c in params.configs]
    view = View(
        chart_title="Weight movement ‖W−W₀‖/‖W₀‖ per layer (log scale)",
        lines_title="Loss per step",
        lines_last=True,
    )
    if not steps:
        return view
    last = steps[-1]
    view.series = [
        Series(
            f"{i + 1} {labels[i]}", tuple(v if v is not None else 0.0 for v in run.weight_movement)
        )
        for i, run in enumerate(last.runs)
    ]
    view.lines = [
        (f"{i + 1} {labels[i]}", [s.runs[i].loss for s in steps]) for i in range(len(labels))
    ]
    view.columns = ["net", "step", "loss", "accuracy", "layer 1 moved", "last hidden moved"]
    depth = params.depth
    for i, run in enumerate(last.runs):
        view.rows.append(
            [
                f"{i + 1} {labels[i]}",
                f"{last.step}/{params.steps}",
                f"{run.loss:.4f}",
                f"{run.accuracy:.1%}",
                sci(run.weight_movement[0]),
                sci(run.weight_movement[depth - 1] if len(run.weight_movement) >= depth else None),
            ]
        )
    return view


def _chain_product(result: Any) -> View:
    view = View(
        chart_title="Product of local derivatives (log scale)",
        x_title="layers passed back from the output",
    )
    view.series = [
        Series("local factor", tuple(result.local_factors)),
        Series("cumulative product", tuple(result.cumulative)),
    ]
    view.columns = ["layer", "z", "local factor", "product so far"]
    zs = result.z or [None] * len(result.layers)
    for layer, z, f, c in zip(
        result.layers, zs, result.local_factors, result.cumulative, strict=False
    ):
        view.rows.append([str(layer), "" if z is None else f"{z:.3g}", sci(f), sci(c)])
    return view


def _activation_derivatives(result: Any) -> View:
    view = View(lines_title="Derivative over z")
    p = result.params
    view.lines = [(f"{c.activation}′", list(c.derivative)) for c in result.curves]
    view.lines_title = f"Derivative over z from {p.z_min:g} to {p.z_max:g}"
    view.columns = ["activation", "max derivative", "at z", "min derivative"]
    for c in result.curves:
        where = (
            f"{c.argmax_z:.3g}"
            if c.peak_from == c.peak_to
            else f"{c.peak_from:.3g} … {c.peak_to:.3g}"
        )
        view.rows.append(
            [c.activation, f"{c.max_derivative:.4g}", where, f"{c.min_derivative:.4g}"]
        )
    return view
