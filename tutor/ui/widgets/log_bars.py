"""Per-layer values on a log scale as vertical bars drawn with eighth blocks.

Gradient norms span a dozen orders of magnitude, so a linear axis shows one bar
and a row of zeros. Bars of log10 values with one gridline per decade read at a
glance, render identically in every terminal (no plotting library), and take
their colours from the theme through component classes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.terminal_theme import TerminalTheme
from rich.text import Text
from textual.content import Content, Span
from textual.geometry import Size
from textual.style import Style as VisualStyle
from textual.widget import Widget

EIGHTHS = " ▁▂▃▄▅▆▇█"
SERIES_CLASSES = tuple(f"log-bars--series-{i}" for i in range(6))
MIN_DECADE = -20  # values below 1e-20 are drawn as empty bars, not as an axis stretched to nothing


class _Lines:
    """The chart's text as Content, built the way ``rich.text.Text.append`` is called.

    A chart is hundreds of one-cell runs; as a rich Text, textual converted each run's
    style again on every frame, the largest part of a streamed redraw. Here each style
    is converted once, a run with the style of the one before extends it, and blank
    bar cells carry no colour (a blank cell shows none; no style here sets a
    background or a line through blanks)."""

    def __init__(self, ansi_theme: TerminalTheme | None) -> None:
        self._parts: list[str] = []
        self._spans: list[Span] = []
        self._length = 0
        self._converted: dict[Style | str, VisualStyle] = {}
        self._ansi_theme = ansi_theme

    def _style(self, style: Style | str) -> VisualStyle:
        visual = self._converted.get(style)
        if visual is None:
            rich = Style.parse(style) if isinstance(style, str) else style
            visual = self._converted[style] = VisualStyle.from_rich_style(rich, self._ansi_theme)
        return visual

    def append(self, text: str, style: Style | str | None = None) -> None:
        start, self._length = self._length, self._length + len(text)
        self._parts.append(text)
        if style is None or not style or (text.isspace() and _blank_safe(style)):
            return
        visual = self._style(style)
        spans = self._spans
        if spans and spans[-1].end == start and spans[-1].style == visual:
            spans[-1] = Span(spans[-1].start, self._length, visual)
        else:
            spans.append(Span(start, self._length, visual))

    def content(self) -> Content:
        return Content("".join(self._parts), self._spans)


def _blank_safe(style: Style | str) -> bool:
    """Blanks in this style look like unstyled blanks (no background, no line through them)."""
    if isinstance(style, str):
        return False
    return style.bgcolor is None and not (
        style.underline or style.strike or style.reverse or style.overline
    )


@dataclass(frozen=True)
class Series:
    """One bar per x position (layer); values <= 0 or non-finite draw no bar."""

    label: str
    values: tuple[float, ...]


def decade_range(series: Sequence[Series]) -> tuple[int, int]:
    """Whole decades that hold every positive value, at least one decade tall."""
    logs = [math.log10(v) for s in series for v in s.values if v > 0 and math.isfinite(v)]
    if not logs:
        return (-1, 0)
    lo = max(MIN_DECADE, math.floor(min(logs)))
    hi = math.ceil(max(logs))
    if hi <= lo:
        hi = lo + 1
    return lo, hi


def bar_eighths(value: float, lo: int, hi: int, rows: int) -> int:
    """Height of one bar in eighths of a cell."""
    if not (value > 0 and math.isfinite(value)):
        return 0
    frac = (math.log10(value) - lo) / (hi - lo)
    return max(0, min(rows * 8, round(frac * rows * 8)))


def format_decade(exponent: int) -> str:
    return "1" if exponent == 0 else ("10" if exponent == 1 else f"1e{exponent}")


class LogBarChart(Widget):
    """Groups of bars (one bar per series) for each x position, log10 y axis."""

    DEFAULT_CSS = """
    LogBarChart {
        width: 100%;
        height: auto;
        padding: 0 1;
    }
    LogBarChart > .log-bars--axis { color: $text-muted; }
    LogBarChart > .log-bars--series-0 { color: $primary; }
    LogBarChart > .log-bars--series-1 { color: $warning; }
    LogBarChart > .log-bars--series-2 { color: $success; }
    LogBarChart > .log-bars--series-3 { color: $error; }
    LogBarChart > .log-bars--series-4 { color: $accent; }
    LogBarChart > .log-bars--series-5 { color: $secondary; }
    """
    COMPONENT_CLASSES = {"log-bars--axis", *SERIES_CLASSES}

    def __init__(
        self,
        *,
        title: str = "",
        x_title: str = "layer (input → output)",
        rows: int = 10,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.title = title
        self.x_title = x_title
        self.rows = rows
        self._series: tuple[Series, ...] = ()

    @property
    def series(self) -> tuple[Series, ...]:
        return self._series

    def set_series(self, series: Sequence[Series]) -> None:
        """New values; the layout is redone only when the chart's height changes (a new
        decade range that keeps the height, as while training streams, is a repaint:
        a relayout of the screen costs a frame or more)."""
        width = self.content_size.width
        before = self.get_content_height(Size(0, 0), Size(0, 0), width) if width else None
        self._series = tuple(series)
        after = self.get_content_height(Size(0, 0), Size(0, 0), width) if width else None
        self.refresh(layout=before is None or before != after)

    # geometry -----------------------------------------------------------------
    def _label_width(self) -> int:
        lo, hi = decade_range(self._series)
        return max(len(format_decade(e)) for e in range(lo, hi + 1)) + 1

    def _points(self) -> int:
        return max((len(s.values) for s in self._series), default=0)

    def _group_width(self) -> int:
        return max(1, len(self._series)) + 1

    def shown_points(self, width: int | None = None) -> list[int]:
        """The x positions (layers) drawn in ``width`` cells: all when they fit, else every
        k-th with the last always kept, so layer 1 and the output end stay side by side
        on an 80-column terminal instead of scrolling out of view."""
        points = self._points()
        if width is None:
            width = self.content_size.width
        avail = width - self._label_width() - 1
        group = self._group_width()
        if points * group <= avail or avail <= 0:
            return list(range(points))
        stride = 2
        while True:
            xs = list(range(0, points, stride))
            if xs[-1] != points - 1:
                xs.append(points - 1)
            if len(xs) * group <= avail or stride >= points:
                return xs
            stride += 1

    def get_content_width(self, container: Size, viewport: Size) -> int:
        legend = self._label_width() + 1 + max((len(s.label) + 4 for s in self._series), default=0)
        plot = self._label_width() + 1 + self._points() * self._group_width()
        return max(plot, legend, len(self.title), len(self.x_title) + self._label_width() + 1, 10)

    def _rows(self) -> int:
        """Whole rows per decade when they fit, so every gridline falls on a row edge."""
        lo, hi = decade_range(self._series)
        decades = hi - lo
        if decades >= self.rows:
            return self.rows
        return decades * max(1, self.rows // decades)

    def legend_lines(self, width: int) -> list[list[int]]:
        """Series indices per legend line: entries wrap at ``width``, never cut mid-name
        (an entry longer than the whole width is shortened with an ellipsis)."""
        lines: list[list[int]] = [[]]
        used = self._label_width() + 1
        for i, s in enumerate(self._series):
            entry = len(s.label) + 4
            if lines[-1] and used + entry > width:
                lines.append([])
                used = self._label_width() + 1
            lines[-1].append(i)
            used += entry
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self._series:
            return 1
        legend = len(self.legend_lines(width))
        return (1 if self.title else 0) + self._rows() + 3 + legend

    # drawing ------------------------------------------------------------------
    def render(self) -> Text | Content:
        if not self._series:
            return Text("no data", style=self.get_component_rich_style("log-bars--axis"))
        axis = self.get_component_rich_style("log-bars--axis")
        colours: list[Style] = [
            self.get_component_rich_style(SERIES_CLASSES[i % len(SERIES_CLASSES)])
            for i in range(len(self._series))
        ]
        lo, hi = decade_range(self._series)
        label_w = self._label_width()
        shown = self.shown_points()
        text = _Lines(self.app.ansi_theme)
        if self.title:
            text.append(self.title + "\n", style="bold")
        self._append_bars(text, shown, lo, hi, axis, colours)
        self._append_x_axis(text, shown, lo, axis)
        self._append_legend(text, colours)
        points = len(shown)
        thinned = f"; one layer in {shown[1] - shown[0]} shown" if points < self._points() else ""
        text.append(" " * (label_w + 1) + f"{self.x_title}{thinned}", style=axis)
        return text.content()

    def _decade_labels(self, lo: int, hi: int, rows: int) -> dict[int, str]:
        """One label per decade at the row where that decade's gridline sits (every k-th
        decade if they would crowd)."""
        decades = hi - lo
        step = max(1, math.ceil(decades / rows))
        labels: dict[int, str] = {}
        for e in range(lo + step, hi + 1, step):
            labels[rows - round((e - lo) / decades * rows)] = format_decade(e)
        return labels

    def _append_bars(
        self, text: _Lines, shown: list[int], lo: int, hi: int, axis: Style, colours: list[Style]
    ) -> None:
        """The plot rows, top to bottom, with the decade labels on the axis."""
        rows = self._rows()
        label_w = self._label_width()
        heights = [
            [bar_eighths(s.values[x], lo, hi, rows) if x < len(s.values) else 0 for x in shown]
            for s in self._series
        ]
        labels = self._decade_labels(lo, hi, rows)
        for r in range(rows):
            level = rows - 1 - r  # 0 = bottom row
            text.append(labels.get(r, "").rjust(label_w), style=axis)
            text.append("┤" if r in labels else "│", style=axis)
            for x in range(len(shown)):
                for i, h in enumerate(heights):
                    filled = h[x] - level * 8
                    glyph = EIGHTHS[max(0, min(8, filled))]
                    text.append(glyph, style=colours[i])
                text.append(" ")
            text.append("\n")

    def _append_x_axis(self, text: _Lines, shown: list[int], lo: int, axis: Style) -> None:
        """The baseline and the x labels (first, last and every fifth, where they fit)."""
        label_w = self._label_width()
        points = len(shown)
        group = self._group_width()
        text.append(format_decade(lo).rjust(label_w), style=axis)
        text.append("└" + "─" * (points * group) + "\n", style=axis)
        ticks = [" "] * (points * group + 4)
        for i, x in enumerate(shown):
            number = str(x + 1)
            if i == 0 or i == points - 1 or (x + 1) % 5 == 0:
                start = i * group
                if all(c == " " for c in ticks[max(0, start - 1) : start + len(number)]):
                    ticks[start : start + len(number)] = list(number)
        text.append(" " * (label_w + 1) + "".join(ticks).rstrip() + "\n", style=axis)

    def _append_legend(self, text: _Lines, colours: list[Style]) -> None:
        label_w = self._label_width()
        width = max(20, self.content_size.width)
        room = width - label_w - 5
        for line in self.legend_lines(width):
            text.append(" " * (label_w + 1))
            for i in line:
                label = self._series[i].label
                if len(label) > room:
                    label = label[: max(1, room - 1)] + "…"
                text.append("■ ", style=colours[i])
                text.append(label + "  ")
            text.append("\n")
