"""History, the default database path, lessons of topics without items."""

from __future__ import annotations

import os

from tutor.learner.service import TutorService

from .conftest import answer_right, answer_wrong, course_of, mc, topic


def test_history_counts_days_and_streaks(make_service, clock, diamond) -> None:
    svc = make_service(diamond)
    answer_right(svc, "a-mc1")
    answer_wrong(svc, "a-tf1")
    clock.advance(days=1)
    answer_right(svc, "a-mc2")
    clock.advance(days=1)
    answer_right(svc, "a-mc1")
    h = svc.history()
    assert h.items_answered == 4 and h.correct == 3 and h.accuracy == 0.75
    assert [(a, c) for _d, a, c in h.accuracy_by_day] == [(2, 1), (1, 1), (1, 1)]
    assert h.streak_days == 3
    clock.advance(days=2)  # a day without answers breaks the streak
    assert svc.history().streak_days == 0


def test_open_uses_tutor_db(tmp_path, monkeypatch, diamond) -> None:
    db = tmp_path / "from-env" / "p.db"
    monkeypatch.setenv("TUTOR_DB", str(db))
    svc = TutorService.open(diamond, None)
    svc.lesson_seen("a")
    svc.close()
    assert db.exists()
    assert os.fspath(TutorService.open(diamond, None).store.path) == str(db)


def test_a_topic_without_items_is_done_once_its_lesson_is_read(make_service) -> None:
    course = course_of(topic("intro", [], []), topic("next", ["intro"], [mc("n1")]))
    svc = make_service(course)
    act = svc.next_activity()
    assert (act.kind, act.topic_id) == ("lesson", "intro")
    svc.lesson_seen("intro")
    assert svc.topic_state("intro").status.value == "mastered"
    assert svc.next_activity().topic_id == "next"


def test_answer_outcome_reports_unlocks(make_service, diamond) -> None:
    from tutor.learner.config import LearnerConfig

    config = LearnerConfig(evidence_window_hours=0, mastery_guess_odds=1.0)  # BKT decides
    svc = make_service(diamond, config=config)
    svc.mark_known("b")
    outs = [answer_right(svc, i) for i in ("c-mc1", "c-tf1", "c-mc2", "c-mc1", "c-mc2")]
    mastered_at = next(n for n, o in enumerate(outs) if o.newly_mastered)
    assert outs[mastered_at].newly_mastered == ("c",)
    assert outs[mastered_at].newly_unlocked == ("d",)
    assert all(not o.newly_unlocked for n, o in enumerate(outs) if n != mastered_at)
    assert all(o.seq > 0 for o in outs)


def test_threads_share_one_service_safely(tmp_path, make_service, diamond) -> None:
    import threading

    svc = make_service(diamond, tmp_path / "p.db")
    errors: list[BaseException] = []

    def work(item: str) -> None:
        try:
            for _ in range(25):
                answer_right(svc, item)
                svc.next_activity()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in ("a-mc1", "b-mc1", "c-tf1")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [svc.topic_state(t).answered for t in "abc"] == [25, 25, 25]
    assert [e.seq for e in svc.events()] == list(range(1, 76))


def test_undoing_a_placement_inferred_topic(make_service) -> None:
    from tutor.learner.simulation import synthetic_chain_course

    svc = make_service(synthetic_chain_course(8, short_answers=False))
    session = svc.start_placement("step-08")
    while (item := session.next_item()) is not None:
        it = svc.course.item(item)
        k = int(svc.course.topic_of(item).id.split("-")[1])
        right = k <= 5
        if it.type == "multiple_choice":
            response = it.correct_index if right else (it.correct_index + 1) % 4
        else:
            response = it.answer if right else not it.answer
        session.answer(item, response)
    result = session.finish()
    assert "step-03" in result.known
    svc.unmark_known("step-03")
    assert svc.topic_state("step-03").status.value != "known"
    assert svc.topic_state("step-02").status.value == "known"
