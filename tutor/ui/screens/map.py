"""Home: every topic with its status, a filter, and the card of the highlighted one."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from tutor.ui.screens.base import TutorScreen
from tutor.ui.widgets.footer import SteadyFooter
from tutor.ui.widgets.goal_bar import GoalBar
from tutor.ui.widgets.status import status_label, topic_line
from tutor.ui.widgets.topic_card import TopicCard

if TYPE_CHECKING:
    from tutor.learner.models import TopicState
    from tutor.learner.service import TutorService


STARTABLE = ("available", "in_progress")


def action_links(*actions: tuple[str, str]) -> Content:
    """Clickable action labels in one line: lighter on the first screen than a row of Buttons."""
    parts: list[Content] = []
    for action, label in actions:
        parts.append(Content.from_markup(f"[@click=screen.{action}] $label [/]", label=label))
    return Content("  ").join(parts)


class MapScreen(TutorScreen):
    """The course map."""

    CSS_PATH = "map.tcss"
    AUTO_FOCUS = "#topics"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash",
            "filter",
            "Filter",
            key_display="/",
            show=False,  # the filter box says so
            tooltip="Filter topics by title, tag, level or status",
        ),
        Binding(
            "l",
            "learn_topic",
            "Learn",
            tooltip="Read the highlighted topic's lesson, then practise its questions",
        ),
        Binding(
            "k",
            "toggle_known",
            "Known",
            show=False,  # on the topic card, with the words; the footer keeps room at 80 columns
            tooltip="Mark the highlighted topic (and its prerequisites) known; again to undo",
        ),
        Binding(
            "g",
            "set_goal",
            "Goal",
            show=False,  # on the topic card, with the words; the footer keeps room at 80 columns
            tooltip="Make the highlighted topic your goal (again to clear), then offer placement",
        ),
        Binding(
            "n",
            "next",
            "Next",
            tooltip="Continue on your path: the next lesson, question or due review",
        ),
        Binding("r", "review", "Review", tooltip="Practise the items that are due for review"),
        Binding(
            "d", "drill", "Drill", tooltip="A timed drill (interview practice) on topics or tags"
        ),
        Binding("s", "show_me", "Show me", tooltip="Run the highlighted topic's experiment"),
        Binding(
            "t",
            "today",
            "Today",
            tooltip="Due today, new topics, streak, the week ahead, daily goal",
        ),
        Binding("p", "progress", "Progress", tooltip="Mastery per topic, accuracy by day, streak"),
        Binding(
            "P",
            "resume_placement",
            "Resume placement",
            tooltip="Carry on with the placement that was interrupted, answers kept",
        ),
        Binding(
            "N", "note", "Note", key_display="N", show=False, tooltip="Write a note on this topic"
        ),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("down", "to_list", "Topic list", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._visible: list[str] = []
        self._had_show_me: bool | None = None
        self._pending_placement: str | None = None
        """The goal of an interrupted placement, as of the last refresh (key P resumes it)."""
        # What the list and the action links show now: refresh_all runs on mount, on every
        # resume and again via the highlight event, and re-setting identical options or text
        # still re-lays out and re-renders the widgets (most of it on the first paint).
        self._shown_options: tuple[tuple[str, str], ...] | None = None
        self._shown_actions: str | None = None
        self._fresh = False

    @property
    def service(self) -> TutorService:
        return self.tutor.service

    def compose(self) -> ComposeResult:
        yield Header()
        yield GoalBar(id="goal-bar")
        with Horizontal(id="map-body"):
            with Vertical(id="map-left"):
                yield Input(placeholder="/ to filter", id="filter")
                yield OptionList(id="topics")
            with Vertical(id="map-right"):
                yield TopicCard(self.service, id="card")
                yield Static(id="card-actions")
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "course map"
        self.refresh_all()
        if self._pending_placement is not None:
            self.notify(
                "A placement was interrupted; its answers are kept. Press P to resume it.",
                title="Placement",
                timeout=8,
            )
        self._fresh = True  # the resume that follows the first mount has nothing new to show

    def action_resume_placement(self) -> None:
        goal = self._pending_placement
        if goal is not None:
            self.tutor.start_placement(goal, resume=True)

    def on_screen_resume(self) -> None:
        # Statuses change while other screens are on top (answers, placement, known marks).
        if self._fresh:
            self._fresh = False
        elif self.is_mounted:
            self.refresh_all()

    def on_screen_suspend(self) -> None:
        self._fresh = False  # covered before it was ever shown: refresh when it is

    # data -> widgets ----------------------------------------------------------
    def refresh_all(self) -> None:
        """Show the service's current state (a failed read leaves the last one on screen)."""
        self.tutor.attempt(self._refresh_all)

    def _refresh_all(self) -> None:
        # read once per refresh: check_action asks for it on every binding refresh
        self._pending_placement = self.service.pending_placement()
        self.refresh_bindings()
        self._rebuild_list()
        self._refresh_goal()
        self._refresh_card()

    def _matches(self, topic_id: str, status: str, needle: str) -> bool:
        if not needle:
            return True
        topic = self.service.course.outline[topic_id]
        hay = " ".join(
            [topic.title, topic.id, *topic.tags, status, status_label(status), topic.level]
        ).lower()
        return all(word in hay for word in needle.lower().split())

    def _rebuild_list(self) -> None:
        topics = self.query_one("#topics", OptionList)
        previous = self.highlighted_topic()
        needle = self.query_one("#filter", Input).value.strip()
        options: list[Option] = []
        visible: list[str] = []
        course = self.service.course
        for state in self.service.all_states():
            if not self._matches(state.topic_id, state.status, needle):
                continue
            title = course.label(state.topic_id)
            options.append(
                Option(
                    topic_line(title, state.status, is_goal=state.is_goal, mastery=state.mastery),
                    id=state.topic_id,
                )
            )
            visible.append(state.topic_id)
        shown = tuple((str(option.id), option.prompt.markup) for option in options)  # type: ignore[union-attr]
        if shown != self._shown_options:
            self._shown_options = shown
            topics.set_options(options)
        self._visible = visible
        if not visible:
            return
        target = previous if previous in visible else self._default_topic(visible)
        topics.highlighted = visible.index(target)

    def _default_topic(self, visible: list[str]) -> str:
        """The first topic worth looking at: the next on the goal path, else the first unfinished."""
        path = self.service.goal_path() if self.service.goal else []
        for topic_id in path:
            if topic_id in visible:
                return topic_id
        for topic_id in visible:
            if self.service.topic_state(topic_id).status in STARTABLE:
                return topic_id
        return visible[0]

    def _refresh_goal(self) -> None:
        service = self.service
        goal = service.goal
        bar = self.query_one(GoalBar)
        bar.due = service.reviews_due_count()
        bar.goal_title = None if goal is None else service.course.outline[goal].title
        bar.progress = (0, 0) if goal is None else service.goal_progress()
        left = service.time_to_goal() if goal is not None else None
        bar.eta = left.short() if left is not None else ""

    def _refresh_card(self) -> None:
        topic_id = self.highlighted_topic()
        if topic_id is None:
            return
        self.query_one(TopicCard).show(topic_id)
        state = self.service.topic_state(topic_id)
        known = state.status == "known"
        links = action_links(
            ("learn_topic", "Learn (l)"),
            ("toggle_known", "Undo known (k)" if known else "I know this (k)"),
            ("set_goal", "Clear goal (g)" if state.is_goal else "Set goal (g)"),
        )
        if links.markup != self._shown_actions:
            self._shown_actions = links.markup
            self.query_one("#card-actions", Static).update(links)
        has_show_me = bool(self.service.course.outline[topic_id].experiments)
        if (
            has_show_me != self._had_show_me
        ):  # the footer recomposes on every refresh: only when it changes
            first = self._had_show_me is None  # the footer's first compose asks check_action anyway
            self._had_show_me = has_show_me
            if not first:
                self.refresh_bindings()

    def highlighted_topic(self) -> str | None:
        topics = self.query_one("#topics", OptionList)
        if topics.highlighted is None or topics.option_count == 0:
            return None
        return topics.get_option_at_index(topics.highlighted).id

    def select_topic(self, topic_id: str) -> None:
        """Highlight a topic (from the command palette), clearing a filter that hides it."""
        if topic_id not in self._visible:
            self.query_one("#filter", Input).value = ""
            self.tutor.attempt(self._rebuild_list)
        if topic_id in self._visible:
            topics = self.query_one("#topics", OptionList)
            topics.highlighted = self._visible.index(topic_id)
            topics.focus()

    # events -------------------------------------------------------------------
    @on(OptionList.OptionHighlighted, "#topics")
    def _highlighted(self) -> None:
        self.tutor.attempt(self._refresh_card)

    @on(OptionList.OptionSelected, "#topics")
    def _selected(self) -> None:
        self.action_learn_topic()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.tutor.attempt(self._rebuild_list)
        self.tutor.attempt(self._refresh_card)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one("#topics", OptionList).focus()

    # actions ------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_me":
            topic_id = self.highlighted_topic()
            return bool(topic_id and self.service.course.outline[topic_id].experiments) or None
        if action == "clear_filter":
            return bool(self.query_one("#filter", Input).value)
        if action == "to_list":  # only from the filter: the list moves its own highlight
            return self.query_one("#filter", Input).has_focus
        if action == "resume_placement":
            return self._pending_placement is not None
        return True

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_to_list(self) -> None:
        self.query_one("#topics", OptionList).focus()

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.query_one("#topics", OptionList).focus()

    def action_learn_topic(self) -> None:
        topic_id = self.highlighted_topic()
        if topic_id is None:
            return
        self.tutor.start_topic(topic_id)

    def action_toggle_known(self) -> None:
        topic_id = self.highlighted_topic()
        state = None if topic_id is None else self.tutor.guard(self.service.topic_state, topic_id)
        if topic_id is None or state is None:
            return
        title = self.service.course.outline[topic_id].title
        if state.status == "known":
            if not self.tutor.attempt(self.service.unmark_known, topic_id):
                return
            self.notify(f"{title} is no longer marked known.", title="Undone", markup=False)
        else:
            marked = self.tutor.guard(self.service.mark_known, topic_id)
            if marked is None:
                return
            others = len([m for m in marked if m != topic_id])
            more = f" and {others} prerequisite topic{'s' if others != 1 else ''}" if others else ""
            self.notify(
                f"Marked {title}{more} as known. Press k again to undo.",
                title="I know this",
                markup=False,
            )
        self.refresh_all()

    def action_set_goal(self) -> None:
        topic_id = self.highlighted_topic()
        if topic_id is None:
            return
        state: TopicState | None = self.tutor.guard(self.service.topic_state, topic_id)
        if state is None:
            return
        if state.is_goal:
            if not self.tutor.attempt(self.service.set_goal, None):
                return
            self.notify("Goal cleared.")
            self.refresh_all()
            return
        if not self.tutor.attempt(self.service.set_goal, topic_id):
            return
        self.refresh_all()
        self._offer_placement(topic_id)

    def _offer_placement(self, goal: str) -> None:
        """A placement sized to the topics ahead, or none when learning them is as quick."""
        from tutor.learner.placement_size import placement_questions
        from tutor.ui.screens.placement import PlacementOfferScreen

        progress = self.tutor.guard(self.service.goal_progress)
        if progress is None:
            return
        ahead = progress[1] - progress[0]
        questions = placement_questions(ahead, self.service.config.placement_max_questions)
        title = self.service.course.outline[goal].title
        if questions:
            self.app.push_screen(PlacementOfferScreen(goal, questions=questions))
        elif ahead:
            topics = f"{ahead} topic{'s' if ahead != 1 else ''}"
            self.notify(
                f"{topics} to go, too few for a placement test: press n to start learning.",
                title=f"Goal set: {title}",
                markup=False,
            )
        else:
            self.notify("You already know every topic on the way.", title=f"Goal set: {title}")

    def action_next(self) -> None:
        self.tutor.start_learning()

    def action_review(self) -> None:
        self.tutor.start_review()

    def action_drill(self) -> None:
        topic_id = self.highlighted_topic()
        self.tutor.open_drill_setup((topic_id,) if topic_id else ())

    def action_show_me(self) -> None:
        topic_id = self.highlighted_topic()
        if topic_id is None:
            return
        topic = self.service.course.topics[topic_id]
        if topic.show_me:
            ref = topic.show_me[0]
            self.tutor.show_me(ref.experiment, dict(ref.params), caption=ref.caption)

    def action_progress(self) -> None:
        self.tutor.open_progress()

    def action_note(self) -> None:
        from tutor.ui.screens.note import NoteScreen

        topic_id = self.highlighted_topic()
        if topic_id is not None:
            self.app.push_screen(NoteScreen(topic_id=topic_id))

    def action_today(self) -> None:
        from tutor.ui.screens.daily import DailyScreen

        self.app.push_screen(DailyScreen())
