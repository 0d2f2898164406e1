"""A lab figure as the show-me screen's widgets draw it.

The figure (charts, tables, axes) comes from the experiment, the same one
``tutor show`` prints; this module only converts it into the shapes the
widgets take (bar series for LogBarChart, scaled lines for StripChart).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tutor.lab.figure import Chart, Figure
from tutor.ui.widgets.log_bars import Series


@dataclass(frozen=True)
class Line:
    label: str
    values: list[float]
    last: float | None


@dataclass(frozen=True)
class LineChart:
    title: str
    lines: list[Line]
    lo: float
    hi: float


def bar_chart(figure: Figure) -> Chart | None:
    return next((c for c in figure.charts if c.kind == "bars"), None)


def bar_series(chart: Chart) -> list[Series]:
    """Bars need numbers: undefined values draw no bar (the table shows '—')."""
    return [Series(s.label, tuple(0.0 if v is None else v for v in s.values)) for s in chart.series]


def line_charts(figure: Figure) -> list[LineChart]:
    """Every lines chart on one shared scale each (log10 when the chart is log)."""
    out = []
    for chart in figure.charts:
        if chart.kind != "lines":
            continue
        lines = []
        for s in chart.series:
            values = [_scaled(v, chart.log) for v in s.values]
            last = next((v for v in reversed(s.values) if v is not None), None)
            lines.append(Line(s.label, values, last))
        finite = [v for line in lines for v in line.values if math.isfinite(v)]
        lo = min([*finite, 0.0] if not chart.log else finite or [0.0])
        hi = max([*finite, lo + 1e-12])
        scale = f"log10 from {lo:.1f} to {hi:.1f}" if chart.log else f"{lo:.3g} to {hi:.3g}"
        out.append(LineChart(f"{chart.title}; one scale for all: {scale}", lines, lo, hi))
    return out


def _scaled(value: float | None, log: bool) -> float:
    if value is None or not math.isfinite(value):
        return math.nan
    if log:
        return math.log10(value) if value > 0 else math.nan
    return value
