"""The week's review forecast as a few rows of eighth-block columns, counts and day names
below: readable as text, so it snapshots and survives a monochrome terminal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

BLOCKS = " ▁▂▃▄▅▆▇█"
COLUMN = 6
"""Cells per day: a four-cell bar and a gap, room for "today" and a four-digit count."""


def forecast_lines(days: Sequence[tuple[dt.date, int]], height: int = 4) -> list[str]:
    """``height`` bar rows (tallest day fills them), then the counts, then the day names."""
    top = max((n for _, n in days), default=0)
    rows: list[str] = []
    for row in range(height, 0, -1):
        line = ""
        for _, n in days:
            eighths = round(n / top * height * 8) if top else 0
            if n and not eighths:
                eighths = 1  # a day with reviews never looks empty
            fill = max(0, min(8, eighths - (row - 1) * 8))
            line += (BLOCKS[fill] * (COLUMN - 2)).ljust(COLUMN)
        rows.append(line.rstrip())
    rows.append("".join(str(n).ljust(COLUMN) for _, n in days).rstrip())
    names = ["today" if i == 0 else d.strftime("%a") for i, (d, _) in enumerate(days)]
    rows.append("".join(name.ljust(COLUMN) for name in names).rstrip())
    return rows
