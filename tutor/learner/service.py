"""TutorService: the one API the UI and the CLI use for everything a learner does.

It owns a course, its graph, a progress store and the derived learner state,
and keeps them consistent: every change is an event committed to the store
first and folded into the state second, so what the screen shows is always
what a restart would show. Another app instance on the same database is
noticed (SQLite's data_version) and its events are folded in before answering.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from tutor.content.course import Course
from tutor.errors import UserError, did_you_mean
from tutor.graph import CourseGraph
from tutor.learner.config import LearnerConfig
from tutor.learner.hints import hint_cap
from tutor.learner.models import (
    Activity,
    AnswerOutcome,
    PlacementResult,
    ProgressSummary,
    TimeToGoal,
    TopicState,
    TopicStatus,
)
from tutor.learner.planner import Planner
from tutor.learner.state import LearnerState
from tutor.learner.store import Event, ProgressStore, Row

if TYPE_CHECKING:
    # Grading, drills and placement load on first use: none of them is needed to open the
    # app, and grading's regular expressions and records cost start-up time (the start-up target in CONTRIBUTING.md).
    from tutor.learner.daily import DailySummary
    from tutor.learner.grading import Grade, Rating
    from tutor.learner.notes import Note
    from tutor.learner.placement import PlacementSession

P = ParamSpec("P")
R = TypeVar("R")

SOURCES = ("learn", "review", "drill", "placement")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _answer_payload(
    response: int | bool | str,
    g: Grade,
    r: Rating,
    latency_ms: int | None,
    source: str,
    guessed: bool,
    hints_used: int,
    provisional: bool = False,
) -> dict[str, Any]:
    """The answer event's payload: what a replay of the log needs to redo the update."""
    payload: dict[str, Any] = {
        "response": response,
        "correct": g.correct,
        "rating": int(r),
        "latency_ms": latency_ms,
        "source": source,
        "method": g.method,
    }
    if guessed:
        payload["guessed"] = True
    if hints_used:
        payload["hints"] = hints_used
    if provisional:
        payload["provisional"] = True
    return payload


def _locked(fn: Callable[P, R]) -> Callable[P, R]:
    """Serialise calls: UI workers may call the service from threads."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        self = args[0]
        with self._lock:  # type: ignore[attr-defined]
            return fn(*args, **kwargs)

    return wrapper


class TutorService:
    def __init__(
        self,
        course: Course,
        store: ProgressStore,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        config: LearnerConfig | None = None,
        graph: CourseGraph | None = None,
    ) -> None:
        self.course = course
        self.store = store
        self.clock = clock
        self.config = config or LearnerConfig()
        self.graph = graph if graph is not None else CourseGraph.from_course(course)
        self._lock = threading.RLock()
        self._state = LearnerState(course, self.graph, self.config)
        self._planner = Planner(course, self.graph, self._state, self.config)
        self._saved_seq = 0
        self._snapshot_stale = False
        self._data_version = store.data_version()
        self._load()

    @classmethod
    def open(
        cls,
        course: Course,
        db_path: Path | str | None = None,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        config: LearnerConfig | None = None,
        graph: CourseGraph | None = None,
    ) -> TutorService:
        """Open the learner's database (``--db``, then ``TUTOR_DB``, then the user data folder).

        Pass ``graph`` if the caller already built the course's graph."""
        from tutor.paths import default_db_path

        return cls(
            course, ProgressStore(default_db_path(db_path)), clock=clock, config=config, graph=graph
        )

    # -- derived state upkeep ----------------------------------------------------------

    def _load(self) -> None:
        st = self._state
        saved = self.store.load_derived(st.fingerprint)
        last = self.store.last_seq()
        if saved is not None and saved[0] <= last and st.load_json(saved[1]) and st.seq == saved[0]:
            self._saved_seq = st.seq
            if st.seq < last and not st.apply(self.store.rows(st.seq)):
                self.rebuild()
        else:
            self.rebuild()
        self._maybe_snapshot()

    @_locked
    def rebuild(self) -> None:
        """Recompute the learner state from the whole event log.

        The result is saved on close (or after ``snapshot_every`` more events),
        not here: opening stays as fast as the replay itself."""
        self._state.rebuild(self.store.rows())
        self._saved_seq = self._state.seq
        self._snapshot_stale = True

    def _apply(self, rows: Sequence[Row]) -> None:
        if rows and not self._state.apply(rows):
            self.rebuild()
        self._maybe_snapshot()

    def _maybe_snapshot(self, force: bool = False) -> None:
        st = self._state
        behind = st.seq - self._saved_seq
        if (force and (behind > 0 or self._snapshot_stale)) or behind >= self.config.snapshot_every:
            self.store.save_derived(st.fingerprint, st.seq, st.to_json())
            self._saved_seq = st.seq
            self._snapshot_stale = False

    def _sync(self) -> None:
        """Fold in events another app instance committed since we last looked."""
        version = self.store.data_version()
        if version != self._data_version:
            self._data_version = version
            self._apply(self.store.rows(self._state.seq))

    def _append(
        self,
        kind: str,
        *,
        topic_id: str | None = None,
        item_id: str | None = None,
        payload: dict[str, Any] | None = None,
    ) -> Row:
        missed, row = self.store.append(
            kind,
            self._now().isoformat(),
            topic_id=topic_id,
            item_id=item_id,
            payload=payload,
            after=self._state.seq,
        )
        self._apply(missed)
        return row

    def _now(self) -> dt.datetime:
        now = self.clock()
        if now.tzinfo is None:
            return now.replace(tzinfo=dt.UTC)
        return now.astimezone(dt.UTC)

    def _topic(self, topic_id: str) -> str:
        if topic_id not in self.course.outline:
            raise UserError(
                f"unknown topic '{topic_id}'{did_you_mean(topic_id, self.course.outline)}"
            )
        return topic_id

    def close(self) -> None:
        """Save derived state so the next start replays nothing, and close the store."""
        with self._lock:
            try:
                self._maybe_snapshot(force=True)
            except UserError:
                pass  # the events are safe; a missing snapshot only costs a replay
            self.store.close()

    def __enter__(self) -> TutorService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- state -----------------------------------------------------------------------

    @property
    def learner_id(self) -> str:
        return self.store.learner_id

    def _status(self, topic_id: str) -> TopicStatus:
        st = self._state
        if topic_id in st.known:
            return TopicStatus.KNOWN
        if st.is_mastered(topic_id):
            return TopicStatus.MASTERED
        if st.answered.get(topic_id):
            return TopicStatus.IN_PROGRESS
        if all(p in st.done for p in self.graph.prerequisites(topic_id)):
            return TopicStatus.AVAILABLE
        return TopicStatus.LOCKED

    def _topic_state(self, topic_id: str) -> TopicState:
        st = self._state
        status = self._status(topic_id)
        learnt = st.mastery_of(topic_id)
        shown = st.shown_mastery(topic_id, self._now().timestamp())
        return TopicState(
            topic_id=topic_id,
            status=status,
            mastery=shown,
            answered=st.answered.get(topic_id, 0),
            correct=st.correct.get(topic_id, 0),
            is_goal=topic_id == st.goal,
            to_confirm=st.needs_confirm(topic_id),
            shaky=status is TopicStatus.MASTERED and shown < self.config.shaky_below,
            learnt=learnt,
        )

    @_locked
    def topic_state(self, topic_id: str) -> TopicState:
        self._topic(topic_id)
        self._sync()
        return self._topic_state(topic_id)

    @_locked
    def all_states(self) -> list[TopicState]:
        self._sync()
        return [self._topic_state(t) for t in self.graph.topo_order]

    @_locked
    def mastery(self, topic_id: str) -> float:
        self._topic(topic_id)
        self._sync()
        return self._state.mastery_of(topic_id)

    @property
    def goal(self) -> str | None:
        with self._lock:
            self._sync()
            return self._state.goal

    @_locked
    def set_goal(self, topic_id: str | None) -> None:
        if topic_id is not None:
            self._topic(topic_id)
        self._sync()
        if topic_id == self._state.goal:
            return
        self._apply([self._append("goal", topic_id=topic_id, payload={"goal": topic_id})])

    @_locked
    def goal_progress(self) -> tuple[int, int]:
        self._sync()
        goal = self._state.goal
        if goal is None:
            return (0, 0)
        topics = self.graph.ancestors(goal) | {goal}
        return (len(topics & self._state.done), len(topics))

    @_locked
    def time_to_goal(self, topic_id: str | None = None) -> TimeToGoal | None:
        """Study time left to master ``topic_id`` (default: the goal), at the learner's pace:
        median answer time and answers per mastered topic, with priors until there is data."""
        self._sync()
        from tutor.learner.pace import estimate_time

        goal = topic_id or self._state.goal
        if goal is None:
            return None
        self._topic(goal)
        return estimate_time(self._state, self.graph, goal)

    @_locked
    def goal_path(self) -> list[str]:
        self._sync()
        goal = self._state.goal
        return [] if goal is None else self.graph.study_path(goal, self._state.done)

    @_locked
    def mark_known(self, topic_id: str) -> list[str]:
        """Claim a topic known; its ancestors are inferred known. Returns the ids newly marked."""
        self._topic(topic_id)
        self._sync()
        newly = [t for t in self.graph.study_path(topic_id, self._state.done)]
        if not newly:
            return []
        self._apply([self._append("known", topic_id=topic_id, payload={"topics": newly})])
        return newly

    @_locked
    def unmark_known(self, topic_id: str) -> None:
        """Undo: withdraw claims made on this topic and take it out of every other claim."""
        self._topic(topic_id)
        self._sync()
        self._apply([self._append("unknown", topic_id=topic_id)])

    # -- learning ------------------------------------------------------------------------

    @_locked
    def next_activity(self, *, exclude_item: str | None = None) -> Activity:
        self._sync()
        return self._planner.next(self._now(), exclude_item)

    @_locked
    def lesson_seen(self, topic_id: str) -> None:
        self._topic(topic_id)
        self._sync()
        self._apply([self._append("lesson", topic_id=topic_id)])

    def grade(self, item_id: str, response: int | bool | str) -> Grade:
        from tutor.learner.grading import grade

        return grade(self._item(item_id), response, self.course.topic_of(item_id).synonyms)

    def _item(self, item_id: str) -> Any:
        if not self.course.has_item(item_id):
            raise UserError(f"unknown item '{item_id}'")
        return self.course.item(item_id)

    @_locked
    def record_answer(
        self,
        item_id: str,
        response: int | bool | str,
        *,
        rating: Rating | int | None = None,
        latency_ms: int | None = None,
        source: str = "learn",
        guessed: bool = False,
        hints_used: int = 0,
        provisional: bool = False,
    ) -> AnswerOutcome:
        """Grade, commit the answer event (durably), then update mastery and the item's card.

        ``rating`` is the learner's confirmed rating; without it the grader's
        suggestion stands. The confirmed rating drives mastery and scheduling.
        ``hints_used`` rungs of the item's hint ladder cap it (see :mod:`tutor.learner.hints`).
        A ``provisional`` answer may be rated later (:meth:`confirm_rating`).
        """
        item = self._item(item_id)
        if source not in SOURCES:
            raise ValueError(
                f"unknown answer source {source!r}; expected one of {', '.join(SOURCES)}"
            )
        from tutor.learner.grading import grade

        g = grade(item, response, self.course.topic_of(item_id).synonyms)
        r = self._confirmed_rating(item_id, item, g, rating, latency_ms, guessed, hints_used)
        payload = _answer_payload(
            response, g, r, latency_ms, source, guessed, hints_used, provisional
        )
        return self._commit_answer(item_id, g, r, payload, source, guessed)

    @_locked
    def confirm_rating(self, item_id: str, answer_seq: int, rating: int, *, previous: int) -> None:
        """Commit the learner's rating of a provisional answer (event ``answer_seq``, rated
        ``previous`` so far); mastery and scheduling then count the answer with it, as if
        it had been given with the answer."""
        self._item(item_id)
        if int(rating) not in (1, 2, 3, 4):
            raise ValueError(f"a rating is 1 to 4, not {rating!r}")
        self._sync()
        payload = {"answer": answer_seq, "rating": int(rating), "previous": int(previous)}
        self._apply([self._append("rating", item_id=item_id, payload=payload)])

    def _confirmed_rating(
        self,
        item_id: str,
        item: Any,
        g: Grade,
        rating: Rating | int | None,
        latency_ms: int | None,
        guessed: bool,
        hints_used: int,
    ) -> Rating:
        """The rating that drives mastery and scheduling: the learner's, else the grader's
        (or, for choice items, one read from the answer time), capped by the hints taken."""
        from tutor.learner.grading import Rating

        r = g.suggested_rating if rating is None else Rating(int(rating))
        if rating is None and item.type in ("multiple_choice", "true_false"):
            r = Rating(self._rate_by_time(item_id, item.type, g.correct, latency_ms, guessed))
        elif guessed:  # a lucky guess: schedule it as hard, and give mastery no credit
            r = Rating.HARD if g.correct else Rating.AGAIN
        return Rating(min(int(r), hint_cap(hints_used, len(item.hints))))

    def _commit_answer(
        self,
        item_id: str,
        g: Grade,
        r: Rating,
        payload: dict[str, Any],
        source: str,
        guessed: bool,
    ) -> AnswerOutcome:
        """Commit the answer event, fold it in, and say what it changed and why."""
        topic_id = self.course.topic_id_of(item_id)
        self._sync()
        st = self._state
        missed, row = self.store.append(
            "answer",
            self._now().isoformat(),
            topic_id=topic_id,
            item_id=item_id,
            payload=payload,
            after=st.seq,
        )
        if missed and not st.apply(missed):
            self.rebuild()
        before = st.mastery_of(topic_id)
        when = self._now().timestamp()
        skipped = st.skip_reason(item_id, source, guessed, when)
        was_done = topic_id in st.done
        was_mastered = self._status(topic_id) is TopicStatus.MASTERED
        self._apply([row])
        after = st.mastery_of(topic_id)
        newly_mastered = (
            (topic_id,)
            if not was_mastered and self._status(topic_id) is TopicStatus.MASTERED
            else ()
        )
        unlocked = self._unlocked(topic_id) if not was_done and topic_id in st.done else ()
        from tutor.learner.explain import explain

        why = explain(
            st,
            topic_id,
            item_id,
            prior=before,
            correct=g.correct and not guessed,
            skipped_because=skipped,
            now=when,
        )
        return AnswerOutcome(
            grade=g,
            rating=r,
            mastery_before=before,
            mastery_after=after,
            newly_mastered=newly_mastered,
            newly_unlocked=unlocked,
            seq=row[0],
            why=why,
        )

    def _unlocked(self, topic_id: str) -> tuple[str, ...]:
        """Topics that ``topic_id`` being done has just made available."""
        st = self._state
        return tuple(
            s
            for s in self.graph.successors(topic_id)
            if s not in st.done
            and not st.answered.get(s)
            and all(p in st.done for p in self.graph.prerequisites(s))
        )

    @_locked
    def interval_preview(self, item_id: str) -> dict[int, str]:
        """For rating buttons, before the answer is recorded: rating (1-4) -> when the item
        would come back if rated so ("Good · 2 d")."""
        from tutor.learner.scheduling import format_interval

        self._item(item_id)
        self._sync()
        when = self._now().timestamp()
        card = self._state.cards.get(item_id)
        return {r: format_interval(s) for r, s in self._state.reviewer.preview(card, when).items()}

    def _rate_by_time(
        self, item_id: str, item_type: str, correct: bool, latency_ms: int | None, guessed: bool
    ) -> int:
        from tutor.learner.ratings import rate_by_time, usual_ms

        st = self._state
        usual = usual_ms(
            st.item_times.get(item_id, ()), st.type_times.get(item_type, ()), item_type
        )
        return rate_by_time(correct, latency_ms, usual, guessed=guessed)

    @_locked
    def due_reviews(self, limit: int = 20) -> list[str]:
        self._sync()
        return self._state.due_items(self._now(), limit)

    @_locked
    def reviews_due_count(self) -> int:
        """How many items are due now: the map shows it on every refresh, so without the
        per-topic statuses and daily accuracy that :meth:`history` also computes."""
        self._sync()
        return self._state.due_count(self._now())

    def drill(
        self,
        *,
        topics: Sequence[str] = (),
        tags: Sequence[str] = (),
        n: int = 10,
        seed: int | None = None,
        interview_only: bool = False,
    ) -> list[str]:
        """Item ids for a drill; answer them with ``record_answer(..., source="drill")``."""
        from tutor.learner.drills import select_drill

        return select_drill(
            self.course, topics=topics, tags=tags, n=n, seed=seed, interview_only=interview_only
        )

    # -- placement ---------------------------------------------------------------------

    def start_placement(self, goal: str, *, max_questions: int | None = None) -> PlacementSession:
        self._topic(goal)
        n = self.config.placement_max_questions if max_questions is None else max_questions
        if n < 1:
            raise UserError(f"placement needs at least one question, not {n}")
        from tutor.learner.placement import PlacementSession

        with self._lock:
            self._sync()
            payload = {"goal": goal, "max_questions": n}
            self._apply([self._append("placement_start", topic_id=goal, payload=payload)])
        return PlacementSession(self, goal, max_questions=n)

    @_locked
    def pending_placement(self) -> str | None:
        """The goal of a placement started and neither finished nor abandoned, if any."""
        self._sync()
        pending = self._state.placement_pending
        return pending[0] if pending else None

    def resume_placement(self) -> PlacementSession | None:
        """The interrupted placement, with the answers already given (None if there is none)."""
        from tutor.learner.placement import PlacementSession

        with self._lock:
            self._sync()
            pending = self._state.placement_pending
            if pending is None or pending[0] not in self.course.outline:
                return None
            goal, n, answers = pending
        return PlacementSession(self, goal, max_questions=n, resume=answers)

    @_locked
    def record_placement(
        self,
        goal: str,
        path: Sequence[str],
        frontier_index: int,
        *,
        questions: int,
        posterior: dict[str, float] | None = None,
    ) -> PlacementResult:
        """Record a finished placement: the first ``frontier_index`` topics of ``path`` (the
        goal's longest path) and their ancestors become known, or, with ``posterior``, the
        topics it names, each with its P(known). Returns what was recorded."""
        self._topic(goal)
        path = tuple(path)
        k = frontier_index
        if not 0 <= k <= len(path):
            raise ValueError(f"frontier index {k} is outside a path of {len(path)} topics")
        inferred: list[str] = []
        if posterior is not None:
            inferred = sorted(posterior, key=self.graph.position)
        elif k > 0:
            inferred = self.graph.study_path(path[k - 1], ())
        self._sync()
        newly = [t for t in inferred if t not in self._state.done]
        frontier = path[k] if k < len(path) else None
        payload: dict[str, Any] = {
            "goal": goal,
            "frontier": frontier,
            "frontier_index": k,
            "path_length": len(path),
            "questions": questions,
            "topics": newly,
        }
        if posterior is not None:
            payload["posterior"] = {t: posterior[t] for t in newly}
        self._apply([self._append("placement", topic_id=goal, payload=payload)])
        return PlacementResult(
            frontier=frontier,
            known=tuple(inferred),
            questions=questions,
            frontier_index=k,
            path=path,
        )

    # -- progress screen ------------------------------------------------------------------

    @_locked
    def history(self) -> ProgressSummary:
        self._sync()
        st = self._state
        days = sorted((d, a, c) for d, (a, c) in st.days().items())
        active = {d for d, _a, _c in days}
        today = self._now().astimezone().date()
        day = today if today in active else today - dt.timedelta(days=1)
        streak = 0
        while day in active:
            streak += 1
            day -= dt.timedelta(days=1)
        statuses = [self._status(t) for t in self.graph.topo_order]
        return ProgressSummary(
            items_answered=st.total_answered,
            correct=st.total_correct,
            accuracy_by_day=days,
            streak_days=streak,
            mastered_count=sum(s is TopicStatus.MASTERED for s in statuses),
            known_count=sum(s is TopicStatus.KNOWN for s in statuses),
            reviews_due=st.due_count(self._now()),
        )

    @_locked
    def daily(self) -> DailySummary:
        """Today at a glance: due reviews, new topics, streak, the week's forecast, the goal."""
        from tutor.learner.daily import (
            GOAL_SETTING,
            DailySummary,
            minutes_on,
            read_goal,
            review_forecast,
        )

        self._sync()
        st = self._state
        now = self._now()
        today = now.astimezone().date()
        forecast = review_forecast((c.due for c in st.cards.values()), today)
        answers = [(e.ts, e.payload) for e in self.store.events() if e.kind == "answer"]
        statuses = [self._status(t) for t in self.graph.topo_order]
        return DailySummary(
            today=today,
            due_today=forecast[0][1],
            new_topics=sum(s is TopicStatus.AVAILABLE for s in statuses),
            streak_days=self.history().streak_days,
            forecast=forecast,
            answered_today=st.days().get(today, (0, 0))[0],
            minutes_today=minutes_on(answers, today),
            goal=read_goal(st.settings.get(GOAL_SETTING)),
        )

    def set_daily_goal(self, text: str) -> None:
        """Save the learner's daily goal (``"20 items"``, ``"15 min"``); UserError if unreadable."""
        from tutor.learner.daily import GOAL_SETTING, DailyGoal

        self.set_setting(GOAL_SETTING, str(DailyGoal.parse(text)))

    @_locked
    def add_note(
        self, text: str, *, topic_id: str | None = None, item_id: str | None = None
    ) -> None:
        """Attach the learner's note to an item (and its topic) or a topic; committed on return."""
        from tutor.learner.notes import clean_note

        if item_id is not None:
            self._item(item_id)
            topic_id = self.course.topic_of(item_id).id
        elif topic_id is not None:
            self._topic(topic_id)
        else:
            raise UserError("a note belongs to a topic or an item")
        note = clean_note(text)
        self._sync()
        self._apply(
            [self._append("note", topic_id=topic_id, item_id=item_id, payload={"text": note})]
        )

    def notes(self, *, topic_id: str | None = None, item_id: str | None = None) -> list[Note]:
        """Notes on an item, or every note in a topic (its items' too), oldest first."""
        from tutor.learner.notes import Note

        out = []
        for e in self.store.events():
            if e.kind != "note" or not isinstance(e.payload.get("text"), str):
                continue
            if (item_id is not None and e.item_id == item_id) or (
                item_id is None and topic_id is not None and e.topic_id == topic_id
            ):
                out.append(Note(e.ts, e.topic_id, e.item_id, e.payload["text"]))
        return out

    def events(self) -> list[Event]:
        """The whole event log, oldest first (for export)."""
        return self.store.events()

    # -- settings -----------------------------------------------------------------------

    @_locked
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        self._sync()
        return self._state.settings.get(key, default)

    @_locked
    def set_setting(self, key: str, value: str) -> None:
        self._sync()
        if self._state.settings.get(key) == value:
            return
        self._apply([self._append("setting", payload={"key": key, "value": value})])
