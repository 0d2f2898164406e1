"""One line on the map: the goal, a progress bar toward it, and the reviews due.

A single rendered line instead of a ProgressBar and labels: the home screen is
the first paint, and every widget type on it adds CSS to parse at start-up.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

EIGHTHS = " ▏▎▍▌▋▊▉█"


def bar_text(done: int, total: int, width: int) -> str:
    """A bar of ``width`` cells at eighth-cell resolution."""
    if width <= 0:
        return ""
    eighths = round(width * 8 * (done / total)) if total else 0
    full, part = divmod(eighths, 8)
    return ("█" * full + (EIGHTHS[part] if part else "")).ljust(width, " ")


class GoalBar(Widget):
    """Goal title, progress bar, n/m topics, reviews due."""

    DEFAULT_CSS = """
    GoalBar { height: 1; padding: 0 1; background: $boost; }
    GoalBar > .goal-bar--title { text-style: bold; }
    GoalBar > .goal-bar--bar { color: $success; background: $panel; }
    GoalBar > .goal-bar--muted { color: $text-muted; }
    GoalBar > .goal-bar--due { color: $warning; text-style: bold; }
    """
    COMPONENT_CLASSES = {"goal-bar--title", "goal-bar--bar", "goal-bar--muted", "goal-bar--due"}

    # Reactive: setting a value repaints, and setting the same value again (every map
    # resume does) repaints nothing.
    goal_title: reactive[str | None] = reactive(None)
    """The goal's title; None when no goal is set."""
    progress: reactive[tuple[int, int]] = reactive((0, 0))
    """Topics done on the way to the goal, and how many there are."""
    due: reactive[int] = reactive(0)
    """Reviews due now."""
    eta: reactive[str] = reactive("")
    """Time to the goal at the learner's pace ("~6 h to go"); empty when unknown."""

    @property
    def plain(self) -> str:
        return self._text(60).plain

    def render(self) -> Text:
        return self._text(self.content_size.width)

    def _text(self, width: int) -> Text:
        style = self.get_component_rich_style
        due = f"{self.due} review{'s' if self.due != 1 else ''} due" + (" (r)" if self.due else "")
        text = Text(no_wrap=True, overflow="ellipsis")
        if self.goal_title is None:
            text.append(
                "No goal set: highlight a topic and press g", style=style("goal-bar--muted")
            )
            room = width - len(text.plain) - len(due)
            text.append(" " * max(2, room))
        else:
            done, total = self.progress
            count = f" {done}/{total} topics" + (f" · {self.eta}" if self.eta else "")
            text.append("Goal ", style=style("goal-bar--title"))
            # the counts always show: the time to go gives way first, then a long title,
            # which ends in an ellipsis
            fits = width - len("Goal ") - len(count) - len(due) - 3
            title = self.goal_title
            if len(title) > fits and self.eta:
                count = f" {done}/{total} topics"
                fits = width - len("Goal ") - len(count) - len(due) - 3
            if len(title) > fits:
                title = title[: max(1, fits - 1)].rstrip() + "…"
            text.append(title + " ")
            room = width - len(text.plain) - len(count) - len(due) - 2
            if room >= 6:
                text.append(bar_text(done, total, room), style=style("goal-bar--bar"))
            text.append(count)
            text.append("  ")
        text.append(due, style=style("goal-bar--due" if self.due else "goal-bar--muted"))
        return text
