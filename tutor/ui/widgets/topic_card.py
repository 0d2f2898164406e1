"""The topic card beside the course map: what the source card shows, plus status.

Everything on it comes from the course, the graph's precomputed metrics and the
service's topic state; the card only lays them out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tutor.ui.widgets.status import GOAL_GLYPH, reflow, status_content

if TYPE_CHECKING:
    from tutor.learner.service import TutorService


def _titles(service: TutorService, ids: tuple[str, ...] | list[str]) -> str:
    course = service.course
    return ", ".join(course.label(i) for i in ids) if ids else "none"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


class TopicCard(VerticalScroll):
    """Title, level, tags, graph metrics, status, core idea and longest path of one topic.

    One Static holds the whole card: it is on the first screen, and one widget
    mounts and styles faster than eight.
    """

    DEFAULT_CSS = """
    TopicCard { padding: 0 1; }
    """

    def __init__(self, service: TutorService, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.service = service
        self.topic_id: str | None = None
        self._shown: str | None = (
            None  # markup of what the card shows: unchanged means no re-render
        )

    def compose(self) -> ComposeResult:
        yield Static(id="card-body")

    @property
    def plain(self) -> str:
        return str(self.query_one("#card-body", Static).render())

    def show(self, topic_id: str) -> None:
        service = self.service
        topic = service.course.outline[topic_id]
        metrics = service.graph.metrics(topic_id)
        state = service.topic_state(topic_id)
        self.topic_id = topic_id
        tags = " ".join(f"#{t}" for t in topic.tags) or "no tags"
        status: list[Content | str | tuple[str, str]] = [status_content(state.status)]
        if state.answered:
            status.append(f"  mastery {state.mastery:.0%} · {state.correct}/{state.answered} right")
        if state.is_goal:
            status.append(("  " + GOAL_GLYPH + " your goal", "$accent bold"))
        rows = [
            ("Depth", str(metrics.depth)),
            ("Longest path", _count(len(metrics.longest_path), "topic")),
            ("Total prerequisites", str(metrics.total_prerequisites)),
            ("Direct prerequisites", _titles(service, metrics.direct_prerequisites)),
            ("Leads to", _titles(service, metrics.leads_to)),
            ("Unlocks", _count(metrics.unlocks, "topic")),
        ]
        width = max(len(k) for k, _ in rows) + 2
        chain = " → ".join(service.course.label(i) for i in metrics.longest_path)
        lines: list[Content] = [
            Content.styled(service.course.label(topic_id), "bold $text-primary"),
            Content.styled(f"{topic.level} · {tags}", "$text-muted"),
            Content.assemble(*status),
            Content(""),
            *[Content.assemble((k.ljust(width), "bold"), v) for k, v in rows],
            Content(""),
            Content.styled("Core idea", "bold"),
            Content(reflow(topic.core_idea)),
            Content(""),
            Content.styled("Longest path", "bold"),
            Content.styled(chain, "$text-muted"),
        ]
        body = Content("\n").join(lines)
        if body.markup != self._shown:  # the map asks again on every resume and highlight event
            self._shown = body.markup
            self.query_one("#card-body", Static).update(body)
        self.scroll_home(animate=False)
