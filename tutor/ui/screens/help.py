"""F1 / ?: the keys of the screen underneath, then the ones that work everywhere."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

GLOBAL_KEYS: tuple[tuple[str, str], ...] = (
    ("F1, ?", "this help (press again to close)"),
    ("↑ ↓ ⏎", "move in a list and choose"),
    ("ctrl+c", "copy selected text"),
    ("ctrl+p", "command palette: go to a topic, start a drill, run an experiment, change theme"),
    ("tab, shift+tab", "move between controls"),
    ("escape", "back / close"),
    ("ctrl+q", "quit (your progress is already saved)"),
)


class HelpScreen(ModalScreen[None]):
    """A list of keys with their descriptions."""

    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close"),
        Binding("f1", "dismiss", "Close", show=False, priority=True),
        Binding("question_mark", "dismiss", "Close", show=False, priority=True),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def __init__(self, title: str, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.help_title = title
        self.keys = keys

    @classmethod
    def for_screen(cls, screen: Screen[Any]) -> HelpScreen:
        app = screen.app
        seen: set[str] = set()
        keys: list[tuple[str, str]] = []
        for _key, active in screen.active_bindings.items():
            binding = active.binding
            # the screen's own keys; widgets' navigation keys and the app's are listed below
            if binding.system or not binding.description or active.node is not screen:
                continue
            action = binding.action.split("(")[0]
            if not hasattr(type(screen), f"action_{action}") or hasattr(Screen, f"action_{action}"):
                continue  # Textual's own screen keys (focus, copy) are covered under "Everywhere"
            entry = (
                binding.key_display or app.get_key_display(binding),
                binding.tooltip or binding.description,
            )
            if binding.description in seen and not binding.show:
                continue
            seen.add(binding.description)
            keys.append(entry)
        title = getattr(screen, "HELP_TITLE", None) or type(screen).__name__.removesuffix("Screen")
        return cls(title, keys)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(f"Keys: {self.help_title}", classes="help--heading")
            yield Static(
                self._table(self.keys) if self.keys else Content("(no keys of its own)"),
                id="help-screen-keys",
            )
            yield Static("Everywhere", classes="help--heading")
            yield Static(self._table(list(GLOBAL_KEYS)), id="help-global-keys")
            yield Static("Press escape, F1 or ? to close.", classes="help--hint")

    @staticmethod
    def _table(rows: list[tuple[str, str]], width: int | None = None) -> Content:
        """Keys in a column; given the box's ``width``, descriptions wrap under themselves."""
        key_width = max(len(k) for k, _ in rows) + 2
        lines = []
        for key, description in rows:
            text = Content(description)
            wrapped = [text] if width is None else text.wrap(max(20, width - key_width))
            lines.append(Content.assemble((key.ljust(key_width), "$accent bold"), wrapped[0]))
            lines += [Content(" " * key_width) + more for more in wrapped[1:]]
        return Content("\n").join(lines)

    def on_resize(self) -> None:
        self.call_after_refresh(self._rewrap)

    def _rewrap(self) -> None:
        keys = self.query_one("#help-screen-keys", Static)
        width = keys.content_region.width
        if width <= 0:
            return
        if self.keys:
            keys.update(self._table(self.keys, width))
        self.query_one("#help-global-keys", Static).update(self._table(list(GLOBAL_KEYS), width))

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.app.pop_screen()
