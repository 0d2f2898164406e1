"""Choosing the next activity: reviews that are due, then new material in order.

New material is the frontier: the first topic, in study order, that is not
done (mastered or known) and whose prerequisites all are, on the goal's path
if there is a goal, else in the whole course. A topic starts with its lesson;
then its items, least practised first, alternating item types, never the item
just answered. Due reviews (FSRS) come first but at most a few in a row, so a
backlog of reviews never stalls progress entirely.

Paths are cached against a version counter of the done set: a 10,000-topic
course costs one scan when a topic is mastered, not one per question.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from tutor.content.course import Course
from tutor.graph import CourseGraph
from tutor.learner.config import LearnerConfig
from tutor.learner.models import Activity
from tutor.learner.state import LearnerState

FRONTIER_WIDTH = 3
"""How many ready topics to consider when the first has no item to offer right now."""


class Planner:
    def __init__(
        self, course: Course, graph: CourseGraph, state: LearnerState, config: LearnerConfig
    ) -> None:
        self.course = course
        self.graph = graph
        self.state = state
        self.config = config
        self._cache_key: tuple[str | None, int] | None = None
        self._cache: list[str] = []

    def frontier(self, limit: int = FRONTIER_WIDTH) -> list[str]:
        """Ready topics (not done, prerequisites done), first in study order first."""
        out: list[str] = []
        for tid in self.ready():
            out.append(tid)
            if len(out) >= limit:
                break
        return out

    def ready(self) -> Iterator[str]:
        """Ready topics lazily, in study order (goal path, else the whole course)."""
        st = self.state
        key = (st.goal, st.done_version)
        if key != self._cache_key:
            if st.goal is not None:
                self._cache = self.graph.study_path(st.goal, st.done)
            else:
                self._cache = [t for t in self.graph.topo_order if t not in st.done]
            self._cache_key = key
        done = st.done
        prereqs = self.graph.prerequisites
        for tid in self._cache:
            if tid not in done and all(p in done for p in prereqs(tid)):
                yield tid

    def pick_item(
        self, topic_id: str, exclude: set[str], fresh_after: float | None = None
    ) -> str | None:
        """The least practised item, types alternating; with ``fresh_after`` (a time), only
        items whose last evidence is older than that (an answer to them would count)."""
        st = self.state
        topic = self.course.outline[topic_id]
        last_type = st.item_info[st.last_item][2] if st.last_item in st.item_info else None
        best: tuple[int, int, int] | None = None
        best_id: str | None = None
        for index, item in enumerate(topic.items):
            if item.id in exclude:
                continue
            if fresh_after is not None and st.evidence_at.get(item.id, fresh_after) > fresh_after:
                continue
            key = (st.practice.get(item.id, 0), int(item.type == last_type), index)
            if best is None or key < best:
                best, best_id = key, item.id
        return best_id

    def next(self, now: dt.datetime, exclude_item: str | None) -> Activity:
        st = self.state
        exclude = {i for i in (exclude_item, st.last_item) if i}
        label = self.course.label
        t = now.timestamp()
        reviews_left = st.used_today("review", t) < self.config.reviews_per_day
        new_left = st.used_today("new", t) < self.config.new_topics_per_day
        if reviews_left and st.reviews_in_row < self.config.max_reviews_in_row:
            review = self._review(now, exclude)
            if review is not None:
                return review
        if st.goal is not None and st.goal in st.done:
            review = self._review(now, exclude) or self._confirm(exclude, force=True)
            return review or Activity("done", st.goal, None, f"Goal reached: {label(st.goal)}")
        confirm = self._confirm(exclude)
        if confirm is not None:
            return confirm
        found, fallback, resting = self._new_material(exclude, t - st.window, new_left)
        if found is not None:
            return found
        review = self._review(now, exclude) if reviews_left else None
        if review is not None:
            return review
        if not new_left and fallback is None:
            return Activity("done", None, None, "Today's new topics are done: more tomorrow")
        confirm = self._confirm(exclude, force=True)
        if confirm is not None:
            return confirm
        if fallback is not None:
            return fallback
        if resting is not None:
            # Every item of the topic was answered today: a repeat would test memory of the
            # feedback, not the topic, so it waits for tomorrow rather than grinding.
            return Activity(
                "done", None, None, f"{resting}: every question answered today; more tomorrow"
            )
        if st.goal is not None:
            return Activity("done", st.goal, None, f"Goal reached: {label(st.goal)}")
        return Activity("done", None, None, "Everything in the course is mastered")

    def _new_material(
        self, exclude: set[str], fresh_after: float, new_left: bool
    ) -> tuple[Activity | None, Activity | None, str | None]:
        """The next lesson or fresh item on the frontier; else a repeat to offer (an item only
        excluded as just answered) and the title of a topic whose items all rest until tomorrow."""
        st = self.state
        label = self.course.label
        fallback: Activity | None = None
        resting: str | None = None
        for n, tid in enumerate(self.ready()):
            if n >= FRONTIER_WIDTH:
                break
            title = label(tid)
            if tid not in st.lessons:
                if not new_left:
                    continue
                verb = "Next on your path" if st.answered.get(tid) else "New topic unlocked"
                return Activity("lesson", tid, None, f"{verb}: {title}"), None, None
            item = self.pick_item(tid, exclude, fresh_after=fresh_after)
            if item is not None:
                pct = round(100 * st.mastery_of(tid))
                return (
                    Activity("item", tid, item, f"Practice: {title} (mastery {pct}%)"),
                    None,
                    None,
                )
            if fallback is None:
                again = self.pick_item(tid, set(), fresh_after=fresh_after)
                if again is not None:
                    fallback = Activity("item", tid, again, f"Practice again: {title}")
                else:
                    resting = resting or title
        return None, fallback, resting

    def _confirm(self, exclude: set[str], *, force: bool = False) -> Activity | None:
        """Up to ``confirms_in_row`` answers in a row, one item on the most doubtful "placed, to
        confirm" topic (its least guessable item): a hole placement could not see shows up
        within a few."""
        st = self.state
        if not st.to_confirm or (st.confirm_run >= self.config.confirms_in_row and not force):
            return None
        doubt = st.placed_doubt()
        if not doubt:
            return None
        position = self.graph.position
        tid = min(doubt, key=lambda t: (doubt[t], position(t)))
        info = st.item_info
        items = [i.id for i in self.course.outline[tid].items if i.id not in exclude]
        if not items:
            return None
        item = min(items, key=lambda i: (st.practice.get(i, 0), info[i][1]))
        return Activity(
            "item", tid, item, f"Confirm placement: {self.course.label(tid)}", confirms=True
        )

    def _review(self, now: dt.datetime, exclude: set[str]) -> Activity | None:
        st = self.state
        for item in st.due_items(now, len(exclude) + 1):
            if item in exclude:
                continue
            tid = st.item_info[item][0]
            return Activity("review", tid, item, f"Review due: {self.course.label(tid)}")
        return None
