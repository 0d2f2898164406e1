"""Writes progress_v1.sqlite: a learner's database as the engine before evidence rules wrote it.

Run once, with that version's code, to make the migration fixture; kept to show how the
file was made. The course is the synthetic 12-topic chain (``synthetic_chain_course(12)``),
so the fixture does not depend on the bundled content. ``progress_v1.json`` records what
that engine derived from it (mastered and known topics, lessons, goal, cards).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from tutor.learner.service import TutorService
from tutor.learner.simulation import synthetic_chain_course
from tutor.learner.store import ProgressStore

HERE = Path(__file__).parent


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def main() -> None:
    db = HERE / "progress_v1.sqlite"
    db.unlink(missing_ok=True)
    course = synthetic_chain_course(12)
    clock = Clock()
    svc = TutorService(course, ProgressStore(db), clock=clock)
    svc.set_goal("step-12")
    session = svc.start_placement("step-12")
    # Placement: right on steps 1-3, wrong beyond.
    while (item := session.next_item()) is not None:
        topic = course.topic_of(item).id
        it = course.item(item)
        right = int(topic.split("-")[1]) <= 3
        session.answer(item, _response(it, right))
        clock.now += dt.timedelta(seconds=20)
    session.finish()
    svc.mark_known("step-02")
    svc.set_setting("theme", "dark")
    # Learning: every activity answered rightly, with repeats, over three days.
    for _day in range(3):
        for _ in range(25):
            act = svc.next_activity()
            if act.kind == "done":
                break
            if act.kind == "lesson":
                assert act.topic_id
                svc.lesson_seen(act.topic_id)
            else:
                assert act.item_id
                it = course.item(act.item_id)
                src = "review" if act.kind == "review" else "learn"
                svc.record_answer(act.item_id, _response(it, True), source=src, latency_ms=9000)
            clock.now += dt.timedelta(seconds=40)
        clock.now += dt.timedelta(days=1)
    # A drill and one wrong answer on a learnt topic.
    for item in ("step-05-q1", "step-05-q2", "step-05-q1"):
        svc.record_answer(item, _response(course.item(item), True), source="drill")
    svc.record_answer("step-04-q1", _response(course.item("step-04-q1"), False))
    states = {s.topic_id: s for s in svc.all_states()}
    expected = {
        "events": svc.store.count(),
        "goal": svc.goal,
        "status": {t: str(s.status) for t, s in states.items()},
        "answered": {t: s.answered for t, s in states.items() if s.answered},
        "setting_theme": svc.get_setting("theme"),
    }
    svc.close()
    (HERE / "progress_v1.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    print(json.dumps(expected, indent=1), file=sys.stderr)


def _response(item: object, right: bool) -> int | bool | str:
    from tutor.content.schema import MultipleChoice, ShortAnswer, TrueFalse

    if isinstance(item, MultipleChoice):
        return item.correct_index if right else (item.correct_index + 1) % len(item.choices)
    if isinstance(item, TrueFalse):
        return item.answer if right else not item.answer
    assert isinstance(item, ShortAnswer)
    return item.accepted_answers[0] if right else "no idea"


if __name__ == "__main__":
    main()
