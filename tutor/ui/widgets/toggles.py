"""A checkbox and a selection list whose state reads without colour.

Textual's Checkbox draws ``▐X▌`` whether it is on or off and lets colour alone
tell them apart, which a monochrome terminal, a colour-blind learner or a
screenshot loses. These show ``[✓]`` when on and ``[ ]`` when off.
"""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList

T = TypeVar("T")


class ClearCheckbox(Checkbox):
    """A Checkbox marked ``[✓]`` or ``[ ]``."""

    DEFAULT_CSS = """
    ClearCheckbox > .toggle--button { background: transparent; color: $text; text-style: bold; }
    ClearCheckbox.-on > .toggle--button { color: $success; }
    """

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble("[", ("✓" if self.value else " ", style), "]")


class ClearSelectionList(SelectionList[T]):
    """A SelectionList whose rows read ``[✓]`` when selected and ``[ ]`` when not."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        index = self.scroll_offset.y + y
        if len(segments) < 3 or not 0 <= index < self.option_count:
            return strip
        selected = self.get_option_at_index(index).value in self._selected
        left, inner, right = segments[:3]
        return Strip(
            [
                Segment("[", left.style),
                Segment("✓" if selected else " ", inner.style),
                Segment("]", right.style),
                *segments[3:],
            ]
        )
