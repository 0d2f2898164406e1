"""Command palette: jump to a topic, start a drill, run an experiment.

Commands are built from the course (titles, tags) and the lab's registry each
time the palette opens, so they always match the loaded content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp

Command = tuple[str, Callable[[], object], str]


class TutorCommands(Provider):
    """Topics, drills, experiments and the main activities."""

    @property
    def tutor(self) -> TutorApp:
        return self.app  # type: ignore[return-value]

    def _commands(self) -> Iterator[Command]:
        app = self.tutor
        service = app.service
        yield ("Learn: next step", app.start_learning, "Continue on the path to your goal")
        yield (
            "Review due items",
            app.start_review,
            "Practise the items the scheduler says are due",
        )
        yield ("Drill: choose topics and tags", app.open_drill_setup, "A timed set of questions")
        yield ("Progress", app.open_progress, "Mastery per topic, accuracy over time, streak")
        yield (
            "Show me: type a request",
            app.open_request,
            "e.g. sigmoid vs relu at 30 layers with he init",
        )
        for name, title, summary in _experiments():
            yield (
                f"Show me: {name.replace('_', ' ')} ({title})",
                partial(app.show_me, name, {}),
                summary,
            )
        tags: set[str] = set()
        for topic in service.course.outline.values():
            tags.update(topic.tags)
            label = service.course.label(topic.id)
            yield (f"Topic: {label}", partial(app.open_topic, topic.id), topic.id)
            yield (
                f"Drill topic: {label}",
                partial(app.open_drill_setup, (topic.id,), ()),
                "a timed drill on this topic",
            )
        for tag in sorted(tags):
            yield (
                f"Drill tag: {tag}",
                partial(app.open_drill_setup, (), (tag,)),
                "a timed drill on every topic with this tag",
            )

    async def discover(self) -> Hits:
        for text, callback, help_ in list(self._commands())[:5]:
            yield DiscoveryHit(Content(text), callback, text=text, help=help_)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        lowered = query.lower().strip()
        if lowered.startswith("show me ") and len(lowered) > len("show me "):
            yield Hit(
                1.0,
                Content(f"Show me: {query.strip()[8:]}"),
                partial(self.tutor.open_request, query.strip()),
                help="run this request",
            )
        for text, callback, help_ in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, _highlight(matcher, text), callback, text=text, help=help_)


def _highlight(matcher: Matcher, text: str) -> Content:
    """``Matcher.highlight`` without its markup parsing: titles are text (``E[X]``, ``[/]``)."""
    content = Content(text)
    _, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _experiments() -> list[tuple[str, str, str]]:
    """(name, title, one-line summary) of every lab experiment (the registry is pydantic-only)."""
    from tutor.lab.registry import EXPERIMENTS

    return [(name, spec.title, spec.summary) for name, spec in EXPERIMENTS.items()]
