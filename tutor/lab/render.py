"""Result models to chart data, text charts and rich tables.

Pure functions: the CLI prints what they return and the UI can reuse the chart
data (:func:`charts`) with its own widgets. Charts of quantities that span
orders of magnitude are bars of log10 values over whole decades, drawn with
eighth-block characters so a bar's length resolves an eighth of a cell; zeros
and non-finite values get no bar and a word instead (a log axis has no zero).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pydantic import BaseModel
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tutor.lab.results import (
    ActivationDerivativesResult,
    ChainProductResult,
    GradientFlowResult,
    TrainingDynamicsResult,
)
from tutor.lab.summary import summarize

EIGHTHS = " ▏▎▍▌▋▊▉█"


@dataclass(frozen=True)
class ChartRow:
    label: str
    value: float | None  # None: undefined (shown as "n/a")


@dataclass(frozen=True)
class Chart:
    """One bar chart: rows top to bottom; ``log`` charts span decades lo..hi."""

    title: str
    rows: list[ChartRow]
    log: bool = True
    lo: int = 0  # decade at the left edge (log charts)
    hi: int = 0  # decade at the right edge (log charts)
    top: float = 1.0  # value of a full bar (linear charts)


def bar(fraction: float, width: int) -> str:
    """A bar filling ``fraction`` (0..1) of ``width`` cells, to the nearest eighth."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (EIGHTHS[part] if part else "")).ljust(width)


def decade_span(values: list[float | None]) -> tuple[int, int]:
    """Whole decades covering every positive finite value (at least one decade wide)."""
    logs = [math.log10(v) for v in values if v is not None and v > 0 and math.isfinite(v)]
    if not logs:
        return (-1, 0)
    lo, hi = math.floor(min(logs)), math.ceil(max(logs))
    return (lo, hi if hi > lo else lo + 1)


def log_chart(title: str, rows: list[ChartRow]) -> Chart:
    lo, hi = decade_span([r.value for r in rows])
    return Chart(title=title, rows=rows, log=True, lo=lo, hi=hi)


def _cell(value: float | None) -> str:
    if value is None:
        return "n/a"
    if not math.isfinite(value):
        return "overflow" if math.isinf(value) else "NaN"
    return f"{value:.2e}"


def chart_lines(chart: Chart, width: int = 40) -> list[str]:
    """The chart as text lines: title, one line per row, and an axis of decades."""
    label_w = max((len(r.label) for r in chart.rows), default=0)
    lines = [chart.title]
    for row in chart.rows:
        v = row.value
        if v is None or not math.isfinite(v):
            body = _cell(v).ljust(width)
        elif chart.log:
            body = (
                bar((math.log10(v) - chart.lo) / (chart.hi - chart.lo), width)
                if v > 0
                else "0".ljust(width)
            )
        else:
            body = bar(v / chart.top if chart.top else 0.0, width)
        lines.append(
            f"{row.label.rjust(label_w)} │{body}│ {_cell(v) if chart.log else f'{v:.3g}' if v is not None else 'n/a'}"
        )
    if chart.log:
        lines.append(" " * label_w + " └" + _axis(chart.lo, chart.hi, width) + "┘")
    return lines


def _axis(lo: int, hi: int, width: int) -> str:
    """Decade labels (1e-12 … 1e0) spread along the bar width."""
    axis = [" "] * width
    span = hi - lo
    step = max(1, math.ceil(span / max(1, width // 7)))
    for d in range(lo, hi + 1, step):
        label = f"1e{d}"
        pos = min(width - len(label), round((d - lo) / span * (width - 1)))
        if all(c == " " for c in axis[max(0, pos - 1) : pos + len(label) + 1]):
            axis[pos : pos + len(label)] = label
    return "".join(axis)


def charts(result: BaseModel) -> list[Chart]:
    """Chart data for a result (what the CLI draws; the UI may draw it its own way)."""
    if isinstance(result, GradientFlowResult):
        out = []
        lo_hi = decade_span([layer.weight_grad_norm for run in result.runs for layer in run.layers])
        for run in result.runs:
            rows = [
                ChartRow(
                    f"{'out' if layer.kind == 'output' else layer.layer}", layer.weight_grad_norm
                )
                for layer in run.layers
            ]
            out.append(
                Chart(f"‖dL/dW‖ per layer, input (1) to output — {run.label}", rows, True, *lo_hi)
            )
        return out
    if isinstance(result, ChainProductResult):
        rows = [
            ChartRow(
                str(n), 10.0**lg if lg is not None and lg > -300 else (0.0 if lg is None else None)
            )
            for n, lg in zip(result.layers, result.cumulative_log10, strict=True)
        ]
        return [log_chart("product of local derivatives after n layers", rows)]
    if isinstance(result, ActivationDerivativesResult):
        rows = [ChartRow(c.activation, c.max_derivative) for c in result.curves]
        return [Chart("largest derivative", rows, log=False, top=1.0)]
    if isinstance(result, TrainingDynamicsResult):
        out = []
        if result.steps:
            last = result.steps[-1]
            every = [m for run_step in last.runs for m in run_step.weight_movement]
            lo_hi = decade_span(every)
            for cfg, run_step in zip(result.params.configs, last.runs, strict=True):
                n = len(run_step.weight_movement)
                rows = [
                    ChartRow("out" if k == n - 1 else str(k + 1), m)
                    for k, m in enumerate(run_step.weight_movement)
                ]
                out.append(
                    Chart(
                        f"‖W − W0‖ / ‖W0‖ after {last.step} steps — {cfg.label}", rows, True, *lo_hi
                    )
                )
        return out
    raise TypeError(f"not an experiment result: {type(result).__name__}")


def tables(result: BaseModel) -> list[Table]:
    if isinstance(result, GradientFlowResult):
        out = []
        for run in result.runs:
            t = Table(title=run.label, title_justify="left")
            for col in ("layer", "‖dL/dW‖", "‖δ‖", "act std", "saturated", "dead"):
                t.add_column(col, justify="right")
            for layer in run.layers:
                t.add_row(
                    "output" if layer.kind == "output" else str(layer.layer),
                    _cell(layer.weight_grad_norm),
                    _cell(layer.delta_norm),
                    f"{layer.activation_std:.3g}",
                    "" if layer.saturated_fraction is None else f"{layer.saturated_fraction:.0%}",
                    "" if layer.dead_fraction is None else f"{layer.dead_fraction:.0%}",
                )
            ratio = _cell(run.first_last_ratio)
            factor = "n/a" if run.factor_per_layer is None else f"{run.factor_per_layer:.3g}"
            # one fact a line: a caption wraps at the table's width, mid-phrase
            t.caption = f"layer 1 / layer {result.params.depth}: {ratio}\nfactor per layer: {factor}\nloss: {run.loss:.3f}"
            t.caption_justify = "left"
            out.append(t)
        return out
    if isinstance(result, ChainProductResult):
        t = Table(title=f"chain product ({result.params.mode})", title_justify="left")
        columns = (
            ("layers", "z", "local factor", "product")
            if result.z is not None
            else ("layers", "local factor", "product")
        )
        for col in columns:
            t.add_column(col, justify="right")
        for i, n in enumerate(result.layers):
            lg = result.cumulative_log10[i]
            value = result.cumulative[i]
            product = (
                f"1e{lg:.1f}"
                if lg is not None and (value == 0 or not math.isfinite(value))
                else _cell(value)
            )
            z = [] if result.z is None else [f"{result.z[i]:.3g}"]
            t.add_row(str(n), *z, f"{result.local_factors[i]:.4g}", product)
        return [t]
    if isinstance(result, ActivationDerivativesResult):
        t = Table(title="activation derivatives", title_justify="left")
        for col in ("activation", "max derivative", "at z", "min derivative"):
            t.add_column(col, justify="right")
        for c in result.curves:
            at = (
                f"{c.argmax_z:g}"
                if c.peak_from == c.peak_to
                else f"{c.peak_from:g} … {c.peak_to:g}"
            )
            t.add_row(c.activation, f"{c.max_derivative:.4g}", at, f"{c.min_derivative:.3g}")
        return [t]
    if isinstance(result, TrainingDynamicsResult):
        t = Table(
            title=f"training: {result.completed_steps} steps, {result.params.optimizer} lr {result.lr:g}",
            title_justify="left",
        )
        for col in (
            "network",
            "loss",
            "accuracy",
            "layer 1 moved",
            f"layer {result.params.depth} moved",
        ):
            t.add_column(col, justify="right")
        for s in result.summaries:
            t.add_row(
                s.label,
                f"{s.final_loss:.3f}",
                f"{s.final_accuracy:.1%}",
                _cell(s.first_layer_movement),
                _cell(s.last_hidden_movement),
            )
        t.caption = f"task: {result.task}"
        t.caption_justify = "left"
        return [t]
    raise TypeError(f"not an experiment result: {type(result).__name__}")


def renderables(result: BaseModel, chart_width: int = 40) -> list[RenderableType]:
    """Tables, charts and the one-sentence summary, in printing order."""
    items: list[RenderableType] = [*tables(result)]
    for chart in charts(result):
        items.append(Text("\n".join(chart_lines(chart, chart_width))))
    items.append(Text(summarize(result), style="bold"))
    return items


def render_group(result: BaseModel, chart_width: int = 40) -> Group:
    return Group(*renderables(result, chart_width))
