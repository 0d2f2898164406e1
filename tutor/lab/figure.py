"""What a result looks like, as data: charts, tables and axes that the CLI and the TUI both draw.

An experiment describes its figure once (:class:`Figure`); ``tutor show``
prints it as text (:func:`chart_lines`) and the show-me screen draws the same
description with its widgets. Plain dataclasses of strings and floats, so a
figure crosses the lab worker's process boundary as it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

EIGHTHS = " ▏▎▍▌▋▊▉█"
MIN_DECADE = -20  # a log axis never reaches below 1e-20; what lies lower is counted, not drawn


@dataclass(frozen=True)
class Series:
    """One named line or set of bars; ``None`` marks an undefined value."""

    label: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    """Bars per x position (``bars``) or lines over x (``lines``); ``log`` is a log10 y axis."""

    title: str
    series: tuple[Series, ...]
    kind: Literal["bars", "lines"] = "bars"
    log: bool = True
    x_title: str = "layer (input → output)"
    x_labels: tuple[str, ...] = ()

    def clipped(self) -> int:
        """How many positive values lie below the log axis floor (drawn as empty bars)."""
        if not self.log:
            return 0
        return sum(
            1
            for s in self.series
            for v in s.values
            if v is not None and 0 < v < 10.0**MIN_DECADE and math.isfinite(v)
        )

    def note(self) -> str:
        """What the axis does not show, in words ('3 values below 1e-20, drawn empty')."""
        notes = []
        clipped = self.clipped()
        if clipped:
            notes.append(
                f"{clipped} value{'s' if clipped > 1 else ''} below 1e{MIN_DECADE}, drawn empty"
            )
        if self.log:
            zeros = sum(1 for s in self.series for v in s.values if v == 0)
            if zeros:
                notes.append(f"{zeros} exact zero{'s' if zeros > 1 else ''} (no bar on a log axis)")
        return "; ".join(notes)


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class Figure:
    charts: tuple[Chart, ...] = ()
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


def sci(value: float | None) -> str:
    """A number for a table cell: plain when readable, scientific otherwise, '—' when undefined."""
    if value is None:
        return "—"
    if not math.isfinite(value):
        return "overflow" if math.isinf(value) else "NaN"
    if value == 0:
        return "0"
    if 1e-3 <= abs(value) < 1e4:
        return f"{value:.4g}"
    return f"{value:.2e}"


def decade_span(values: list[float | None]) -> tuple[int, int]:
    """Whole decades covering every positive finite value (floor 1e-20, at least one decade)."""
    logs = [math.log10(v) for v in values if v is not None and v > 0 and math.isfinite(v)]
    if not logs:
        return (-1, 0)
    lo, hi = max(MIN_DECADE, math.floor(min(logs))), math.ceil(max(logs))
    return (lo, hi if hi > lo else lo + 1)


def _bar(fraction: float, width: int) -> str:
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (EIGHTHS[part] if part else "")).ljust(width)


def _axis(lo: int, hi: int, width: int) -> str:
    axis = [" "] * width
    span = hi - lo
    step = max(1, math.ceil(span / max(1, width // 7)))
    for d in range(lo, hi + 1, step):
        label = f"1e{d}"
        pos = min(width - len(label), round((d - lo) / span * (width - 1)))
        if all(c == " " for c in axis[max(0, pos - 1) : pos + len(label) + 1]):
            axis[pos : pos + len(label)] = label
    return "".join(axis)


def _bar_rows(chart: Chart, series: Series, width: int, lo: int, hi: int) -> list[str]:
    labels = chart.x_labels or tuple(str(i + 1) for i in range(len(series.values)))
    label_w = max((len(x) for x in labels), default=1)
    top = max((abs(v) for v in series.values if v is not None and math.isfinite(v)), default=1.0)
    lines = []
    for x, v in zip(labels, series.values):
        if v is None or not math.isfinite(v):
            body = sci(v).ljust(width)
        elif chart.log:
            body = _bar((math.log10(v) - lo) / (hi - lo), width) if v > 0 else "0".ljust(width)
        else:
            body = _bar(abs(v) / top if top else 0.0, width)
        lines.append(f"{x.rjust(label_w)} │{body}│ {sci(v)}")
    if chart.log:
        lines.append(" " * label_w + " └" + _axis(lo, hi, width) + "┘")
    return lines


def _spark(values: tuple[float | None, ...], width: int, lo: float, hi: float) -> str:
    ticks = " ▁▂▃▄▅▆▇█"
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if not finite:
        return ""
    n = len(values)
    out = []
    for i in range(min(width, n)):
        v = values[int(i * n / min(width, n))]
        if v is None or not math.isfinite(v):
            out.append(" ")
            continue
        frac = (v - lo) / (hi - lo) if hi > lo else 0.5
        out.append(ticks[max(0, min(8, round(frac * 8)))])
    return "".join(out)


def _line_rows(chart: Chart, width: int) -> list[str]:
    vals = [v for s in chart.series for v in s.values if v is not None and math.isfinite(v)]
    if chart.log:
        vals = [math.log10(v) for v in vals if v > 0]
    lo, hi = (min(vals), max(vals)) if vals else (0.0, 1.0)
    lines = []
    for s in chart.series:
        vs = tuple(_log_or_none(v) if chart.log else v for v in s.values)
        last = next((v for v in reversed(s.values) if v is not None), None)
        lines.append(f"  {_spark(vs, width, lo, hi)}  {s.label} (last {sci(last)})")
    scale = f"1e{lo:.1f} … 1e{hi:.1f}" if chart.log else f"{lo:.3g} … {hi:.3g}"
    lines.append(f"  x: {chart.x_title}; y: {scale}")
    return lines


def _log_or_none(v: float | None) -> float | None:
    return math.log10(v) if v is not None and v > 0 and math.isfinite(v) else None


def chart_lines(chart: Chart, width: int = 40) -> list[str]:
    """The chart as plain text: title, a block per series (bars) or one line per series."""
    lines = [chart.title]
    if chart.kind == "lines":
        lines += _line_rows(chart, width)
    else:
        lo, hi = decade_span([v for s in chart.series for v in s.values])
        for s in chart.series:
            if len(chart.series) > 1:
                lines.append(f"  {s.label}")
            lines += _bar_rows(chart, s, width, lo, hi)
    note = chart.note()
    if note:
        lines.append(f"  ({note})")
    return lines
