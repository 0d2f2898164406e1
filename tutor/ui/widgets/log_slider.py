"""A slider over powers of ten: the learner picks an order of magnitude with the arrow keys."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


def power_label(exponent: int) -> str:
    return f"10^{exponent}"


class LogSlider(Widget, can_focus=True):
    """One mark per power of ten from ``10^low`` to ``10^high``; ←/→ move, enter picks."""

    DEFAULT_CSS = """
    LogSlider { height: 3; border: round $border-blurred; padding: 0 1; width: auto; min-width: 30; }
    LogSlider:focus { border: round $border; }
    LogSlider:disabled { opacity: 0.7; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "move(-1)", "Smaller", show=True),
        Binding("right,l", "move(1)", "Larger", show=True),
        Binding("pageup", "move(-5)", "5 smaller", show=False),
        Binding("pagedown", "move(5)", "5 larger", show=False),
        Binding("home", "move(-1000)", "Smallest", show=False),
        Binding("end", "move(1000)", "Largest", show=False),
        Binding("enter", "pick", "Commit", show=True, priority=False),
    ]

    exponent: reactive[int] = reactive(0)

    class Picked(Message):
        def __init__(self, exponent: int) -> None:
            super().__init__()
            self.exponent = exponent

    def __init__(self, low: int, high: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.low, self.high = low, high
        self.set_reactive(LogSlider.exponent, (low + high) // 2)
        self.measured: int | None = None

    def action_move(self, step: int) -> None:
        self.exponent = max(self.low, min(self.high, self.exponent + int(step)))

    def action_pick(self) -> None:
        self.post_message(self.Picked(self.exponent))

    def mark_measured(self, exponent: int) -> None:
        self.measured = max(self.low, min(self.high, exponent))
        self.refresh()

    def render(self) -> Content:
        cells: list[tuple[str, str] | str] = []
        for e in range(self.low, self.high + 1):
            if e == self.exponent:
                cells.append(("●", "bold $accent"))
            elif e == self.measured:
                cells.append(("◆", "bold $success"))
            else:
                cells.append(("·", "$text-muted"))
        measured = (
            f"   measured ≈ {power_label(self.measured)}" if self.measured is not None else ""
        )
        return Content.assemble(
            (power_label(self.low), "$text-muted"),
            " ",
            *cells,
            " ",
            (power_label(self.high), "$text-muted"),
            "   your prediction: ",
            (power_label(self.exponent), "bold"),
            (measured, "$success"),
        )
