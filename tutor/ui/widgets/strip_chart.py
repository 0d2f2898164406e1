"""A small line of eighth-block columns on a scale shared with its siblings.

Textual's Sparkline scales each line to its own range, which makes sigmoid's
derivative (peak 0.25) look as tall as tanh's (peak 1). Comparing lines is the
point of a "show me", so every strip here is drawn on one given scale.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

BLOCKS = " ▁▂▃▄▅▆▇█"
COLOURS = tuple(f"strip-chart--series-{i}" for i in range(4))


def resample(values: Sequence[float], width: int) -> list[float]:
    """``width`` column values: bucket means when shrinking, nearest sample when stretching."""
    n = len(values)
    if n == 0 or width <= 0:
        return []
    if n <= width:
        return [values[min(n - 1, int(i * n / width))] for i in range(width)]
    out = []
    for i in range(width):
        start, end = int(i * n / width), max(int((i + 1) * n / width), int(i * n / width) + 1)
        bucket = [v for v in values[start:end] if math.isfinite(v)]
        out.append(sum(bucket) / len(bucket) if bucket else math.nan)
    return out


class StripChart(Widget):
    """One series as columns of eighth blocks, ``rows`` tall, between ``lo`` and ``hi``."""

    DEFAULT_CSS = """
    StripChart { height: 2; width: 1fr; }
    StripChart > .strip-chart--series-0 { color: $primary; }
    StripChart > .strip-chart--series-1 { color: $warning; }
    StripChart > .strip-chart--series-2 { color: $success; }
    StripChart > .strip-chart--series-3 { color: $error; }
    """
    COMPONENT_CLASSES = set(COLOURS)

    def __init__(
        self,
        values: Sequence[float],
        *,
        lo: float,
        hi: float,
        series: int = 0,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.values = list(values)
        self.lo = lo
        self.hi = hi
        self.series = series

    def set_values(self, values: Sequence[float], lo: float, hi: float) -> None:
        self.values, self.lo, self.hi = list(values), lo, hi
        self.refresh()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 2

    def render(self) -> Text:
        width, rows = self.content_size.width, max(1, self.content_size.height)
        style = self.get_component_rich_style(COLOURS[self.series % len(COLOURS)])
        span = self.hi - self.lo if self.hi > self.lo else 1.0
        columns = resample(self.values, width)
        eighths = [
            0
            if not math.isfinite(v)
            else max(0, min(rows * 8, round((v - self.lo) / span * rows * 8)))
            for v in columns
        ]
        text = Text(no_wrap=True, overflow="crop")
        for r in range(rows):
            level = rows - 1 - r
            line = "".join(BLOCKS[max(0, min(8, e - level * 8))] for e in eighths)
            text.append(line, style=style)
            if r < rows - 1:
                text.append("\n")
        return text
