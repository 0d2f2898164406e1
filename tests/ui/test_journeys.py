"""Journeys a learner takes through the app, end to end through the Pilot: where each key
leads, what the screen shows, and what the store keeps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

SIZE = (100, 30)
SMALL = (80, 24)
COURSE = Path(__file__).parent / "course"


def _text(widget: Static) -> str:
    return str(widget.render())


def _answers(service) -> list[dict]:
    return [
        e.payload | {"item_id": e.item_id, "seq": e.seq}
        for e in service.events()
        if e.kind == "answer"
    ]


@pytest.fixture
def timed_service(db_path):
    """A service on the small course whose clock the test moves (``service.now``)."""
    from tutor.content.loader import load_course
    from tutor.learner.service import TutorService
    from tutor.learner.store import ProgressStore

    now = [dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)]
    service = TutorService(load_course([COURSE]), ProgressStore(db_path), clock=lambda: now[0])
    service.now = now  # type: ignore[attr-defined]
    return service


async def answer_right(pilot, app, *, rating: str = "3") -> None:
    """Answer the current question correctly, then move past its feedback."""
    screen = app.screen
    item = screen.item
    if item.type == "multiple_choice":
        await pilot.press(str(item.correct_index + 1))
    elif item.type == "true_false":
        await pilot.press("t" if item.answer else "f")
    else:
        screen.query_one("#answer", TextArea).insert(item.model_answer)
        await pilot.press("ctrl+s")
        await pilot.pause()
        if screen.phase == "rating":
            await pilot.press(rating)
    await pilot.pause()
    if app.screen is screen and screen.phase == "answered":
        await pilot.press("enter")
        await pilot.pause()


async def test_practise_on_a_lesson_reached_with_n_serves_that_topic_not_due_reviews(
    db_path,
) -> None:
    from tutor.content.loader import load_course
    from tutor.learner.config import LearnerConfig
    from tutor.learner.service import TutorService
    from tutor.learner.store import ProgressStore
    from tutor.ui.app import TutorApp
    from tutor.ui.screens.lesson import LessonScreen
    from tutor.ui.screens.question import QuestionScreen

    # one review in a row, so reviews are still due when the lesson opens (a right answer
    # also reviews its topic's other items, which could otherwise clear them all)
    now = [dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)]
    service = TutorService(
        load_course([COURSE]),
        ProgressStore(db_path),
        clock=lambda: now[0],
        config=LearnerConfig(max_reviews_in_row=1, fire_weight=0.0),
    )
    service.now = now  # type: ignore[attr-defined]
    service.set_goal("chain-rule")
    for item_id, response in (
        ("addition-q1", 1),
        ("addition-q2", True),
        ("multiplication-q1", 1),
        ("multiplication-q2", "three groups of four"),
    ):
        service.record_answer(item_id, response, rating=3)
    service.mark_known("multiplication")
    service.now[0] += dt.timedelta(days=60)
    app = TutorApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        while isinstance(app.screen, QuestionScreen):  # the reviews `n` serves first
            assert app.screen.step.source == "review"
            await answer_right(pilot, app)
        assert isinstance(app.screen, LessonScreen) and app.screen.topic_id == "chain-rule"
        assert service.due_reviews(), "a review is still due when the lesson opens"
        await pilot.press("enter")
        await pilot.pause()
        served = []
        while isinstance(app.screen, QuestionScreen) and len(served) < 2:
            served.append((app.screen.item_id, app.screen.step.source))
            await answer_right(pilot, app)
        assert served == [("chain-rule-q1", "learn"), ("chain-rule-q2", "learn")]


async def _start_drill(pilot, app, ids: list[str]) -> None:
    app.open_drill_setup()
    await pilot.pause()
    app.start_drill(ids, time_limit_s=300)
    await pilot.pause()


async def test_a_drill_gives_no_feedback_until_the_score_where_short_answers_are_rated(
    make_app, db_path
) -> None:
    from tutor.learner.store import ProgressStore
    from tutor.ui.screens.drill import DrillScoreScreen

    app = make_app(lambda s: s.set_setting("theme", "textual-dark"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _start_drill(pilot, app, ["multiplication-q2", "addition-q1"])
        assert app.screen.item_id == "multiplication-q2"
        app.screen.query_one("#answer", TextArea).insert("three groups of four")
        await pilot.press("ctrl+s")
        await pilot.pause()
        # straight on to the next question: no verdict, no model answer, but already stored
        assert app.screen.item_id == "addition-q1"
        [held] = _answers(app.service)
        assert held["item_id"] == "multiplication-q2" and held["provisional"] is True
        with ProgressStore(db_path) as other:  # committed: a killed app would keep it
            assert [e.item_id for e in other.events() if e.kind == "answer"] == [
                "multiplication-q2"
            ]
        await pilot.press("1")  # wrong
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DrillScoreScreen)
        assert screen.query_one("#to-rate-multiplication-q2")
        assert "1 to rate below" in _text(screen.query_one("#score-line", Static))
        await pilot.press("4")
        await pilot.pause()
        stored = {a["item_id"]: a for a in _answers(app.service)}
        assert stored["multiplication-q2"]["source"] == "drill"
        assert stored["multiplication-q2"]["response"] == "three groups of four"
        [rated] = [e for e in app.service.events() if e.kind == "rating"]
        assert rated.item_id == "multiplication-q2"
        assert rated.payload["answer"] == stored["multiplication-q2"]["seq"]
        assert rated.payload["rating"] == 4
        assert "Rated Easy" in _text(
            screen.query_one("#to-rate-multiplication-q2 .drill--rating-label")
        )
        assert "Score 1/2 answered" in _text(screen.query_one("#score-line", Static))
        with ProgressStore(db_path) as other:
            assert [e.kind for e in other.events()][-1] == "rating"


async def test_rating_a_drill_answer_moves_mastery_as_if_rated_when_answered(
    make_app, open_service
) -> None:
    """Rated Again on the score screen, a right-looking answer pulls the topic's mastery
    down at once, and a rebuild or a restart from the log gives the same mastery."""
    app = make_app(lambda s: s.set_setting("theme", "textual-dark"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _start_drill(pilot, app, ["multiplication-q2"])
        app.screen.query_one("#answer", TextArea).insert("three groups of four")
        await pilot.press("ctrl+s")
        await pilot.pause()
        suggested = app.screen.result.pending[0].rating
        provisional = app.service.topic_state("multiplication").mastery
        await pilot.press("1")
        await pilot.pause()
        live = app.service.topic_state("multiplication").mastery
    assert suggested > 1 and live < provisional
    app.service.rebuild()
    assert app.service.topic_state("multiplication").mastery == live
    app.service.close()
    reopened = open_service()
    assert reopened.topic_state("multiplication").mastery == live
    reopened.close()


async def test_leaving_the_score_unrated_stores_the_suggested_rating(make_app) -> None:
    app = make_app(lambda s: s.set_setting("theme", "textual-dark"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _start_drill(pilot, app, ["multiplication-q2"])
        app.screen.query_one("#answer", TextArea).insert("three groups of four")
        await pilot.press("ctrl+s")
        await pilot.pause()
        suggested = app.screen.result.pending[0].rating
        await pilot.press("escape")
        await pilot.pause()
        assert [a["rating"] for a in _answers(app.service)] == [suggested]
        assert [e.kind for e in app.service.events()].count("rating") == 0


async def test_a_stopped_drill_scores_the_answered_and_lists_the_rest(make_app) -> None:
    from tutor.ui.screens.drill import DrillScoreScreen

    app = make_app(lambda s: s.set_setting("theme", "textual-dark"))
    ids = ["addition-q1", "addition-q2", "multiplication-q1", "chain-rule-q1"]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _start_drill(pilot, app, ids)
        await answer_right(pilot, app)
        await pilot.press("escape")  # stop after one
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DrillScoreScreen)
        line = _text(screen.query_one("#score-line", Static))
        assert "Score 1/1 answered (100%)" in line and "3 not answered" in line
        assert "Missed" not in [_text(w) for w in screen.query(".drill--heading")]
        listed = screen.query_one("#unanswered").source
        for item_id in ids[1:]:
            prompt = " ".join(app.service.course.item(item_id).prompt.split())
            assert prompt in listed


async def test_the_drill_score_scrolls_from_the_keyboard_at_once(make_app) -> None:
    from tutor.ui.screens.drill import DrillScoreScreen

    app = make_app(lambda s: s.set_setting("theme", "textual-dark"))
    ids = ["addition-q1", "addition-q2", "multiplication-q1", "multiplication-q2"]
    ids += ["chain-rule-q1", "chain-rule-q2", "vanishing-gradient-problem-q1"]
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await _start_drill(pilot, app, ids)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DrillScoreScreen)
        body = app.screen.query_one("#score-body")
        assert body.max_scroll_y > 0 and body.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 0


def _on_screen(screen, selector: str) -> bool:
    """Whether the widget lies wholly inside the scrolled body's visible region."""
    widget = screen.query_one(selector)
    body = screen.query_one("#q-body").region
    region = widget.region
    return region.height > 0 and body.y <= region.y and region.bottom <= body.bottom


async def test_short_answer_rating_is_in_view_and_its_mastery_change_is_shown(make_app) -> None:
    app = make_app(lambda s: s.mark_known("addition"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.start_topic("multiplication", with_lesson=False)
        await pilot.pause()
        await pilot.press("2", "enter")
        await pilot.pause()
        screen = app.screen
        assert screen.item_id == "multiplication-q2"
        screen.query_one("#answer", TextArea).insert("It means three groups of four.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert screen.phase == "rating"
        assert _on_screen(screen, "#rating-row")
        await pilot.press("3")
        await pilot.pause()
        assert app.screen is screen and screen.phase == "answered"
        line = _text(screen.query_one("#mastery-line", Static))
        assert line.startswith("Mastery Multiplication: ") and "→" in line
        assert screen.query_one("#mastery-line").display
        await pilot.pause()
        assert _on_screen(screen, "#next")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not screen


@pytest.mark.parametrize("key", ["f1", "question_mark"])
async def test_the_help_key_closes_help_again(make_app, key) -> None:
    from tutor.ui.screens.help import HelpScreen

    app = make_app(lambda s: s.set_setting("theme", "textual-dark"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press(key)
        await pilot.pause()
        assert app.screen is home


async def test_after_placement_the_map_opens_on_the_next_topic_on_the_path(make_app) -> None:
    from tutor.ui.screens.map import MapScreen
    from tutor.ui.screens.placement import PlacementResultScreen
    from tutor.ui.screens.question import QuestionScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p")  # first run: default goal and placement
        await pilot.pause()
        while isinstance(app.screen, QuestionScreen):
            item = app.screen.item
            knows = item.id.startswith(("addition", "multiplication"))
            if item.type == "multiple_choice":
                pick = item.correct_index if knows else (item.correct_index + 1) % len(item.choices)
                await pilot.press(str(pick + 1))
            else:
                await pilot.press("t" if item.answer == knows else "f")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, PlacementResultScreen)
        path = app.service.goal_path()
        assert path and path[0] not in ("addition", "multiplication")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        assert app.screen.highlighted_topic() == path[0]


async def test_progress_lists_topics_being_learned_before_known_ones(make_app) -> None:
    from textual.widgets import DataTable

    def prepare(service) -> None:
        service.mark_known("multiplication")  # addition and multiplication: known, unpractised
        service.record_answer("chain-rule-q1", False)  # chain rule: started, shaky

    app = make_app(prepare)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        table = app.screen.query_one("#mastery-table", DataTable)
        keys = [row.key.value for row in table.ordered_rows]
        assert keys[0] == "chain-rule"
        assert set(keys[1:3]) == {"addition", "multiplication"}


async def test_a_goal_two_topics_away_offers_no_placement(make_app, notifications) -> None:
    from tutor.ui.screens.map import MapScreen

    app = make_app(lambda s: s.set_setting("theme", "textual-dark"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.screen.select_topic("multiplication")
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert app.service.goal == "multiplication"
        assert isinstance(app.screen, MapScreen)  # no placement offer
        assert any("2 topics to go" in message for _, message in notifications)


async def test_a_goal_further_away_offers_a_placement_scaled_to_the_path(make_app) -> None:
    from tutor.ui.screens.placement import PlacementOfferScreen

    app = make_app(lambda s: s.set_setting("theme", "textual-dark"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.select_topic("vanishing-gradient-problem")
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, PlacementOfferScreen)
        assert "at most 8 questions" in _text(app.screen.query_one("#offer-text", Static))
        await pilot.press("p")
        await pilot.pause()
        assert app.screen.flow.max_questions == 8


async def test_an_interview_drill_that_shrinks_says_so(make_app, notifications) -> None:
    from textual.widgets import Checkbox

    app = make_app(lambda s: s.set_setting("theme", "textual-dark"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.open_drill_setup()
        await pilot.pause()
        app.screen.query_one("#drill-interview", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.flow.result.item_ids == ["vanishing-gradient-problem-q2"]
        assert (
            "Drill",
            "Only 1 interview question matches that choice: the drill has 1, not 10.",
        ) in notifications


def test_a_wrapped_choice_hangs_under_its_text() -> None:
    from tutor.ui.screens.question import QuestionScreen

    label = QuestionScreen._choice_label(
        1, "the gradient shrinks layer by layer toward the input", "  ✓", "bold", width=24
    )
    lines = label.plain.splitlines()
    assert lines[0].startswith("2 b) the gradient")
    assert len(lines) >= 3 and all(line.startswith("     ") for line in lines[1:])
    assert all(len(line) <= 24 for line in lines)
    assert lines[-1].endswith("✓")


async def test_checkboxes_and_selection_rows_read_without_colour(make_app) -> None:
    app = make_app(lambda s: s.set_setting("theme", "textual-dark"))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.open_drill_setup()
        await pilot.pause()
        box = app.screen.query_one("#drill-interview")
        tags = app.screen.query_one("#drill-tags")

        def first_row() -> str:
            return tags.render_line(0).text

        assert str(box.render()).startswith("[ ]")
        assert first_row().lstrip().startswith("[ ] ")
        box.value = True
        tags.select(tags.get_option_at_index(0).value)
        await pilot.pause()
        assert str(box.render()).startswith("[✓]")
        assert first_row().lstrip().startswith("[✓] ")


async def test_today_shows_due_new_streak_forecast_and_saves_a_daily_goal(
    timed_service,
) -> None:
    from textual.widgets import Input

    from tutor.ui.app import TutorApp
    from tutor.ui.screens.daily import DailyScreen

    service = timed_service
    service.record_answer("addition-q1", 1, latency_ms=90_000)
    service.record_answer("addition-q2", True, latency_ms=30_000)
    service.now[0] += dt.timedelta(days=1)
    service.record_answer("multiplication-q1", 1, latency_ms=60_000)
    app = TutorApp(service)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DailyScreen)
        summary = service.daily()
        facts = _text(screen.query_one("#daily-facts", Static))
        assert f"Due today   {summary.due_today} review" in facts
        assert "Streak      2 days in a row" in facts
        assert "Done today  1 item, 1 min" in facts
        chart = _text(screen.query_one("#daily-forecast", Static)).splitlines()
        assert chart[-1].split() == ["today", *[f"{d:%a}" for d, _ in summary.forecast[1:]]]
        assert [int(n) for n in chart[-2].split()] == [n for _, n in summary.forecast]
        assert sum(n for _, n in summary.forecast) >= 1
        await pilot.press("e")
        await pilot.pause()
        assert screen.query_one("#daily-goal-input", Input).has_focus
        screen.query_one("#daily-goal-input", Input).value = ""
        await pilot.press(*"3 items", "enter")
        await pilot.pause()
        assert service.get_setting("daily_goal") == "3 items"
        assert "1 of 3 items" in _text(screen.query_one("#daily-goal", Static))
        screen.query_one("#daily-goal-input", Input).value = "lots"
        await pilot.press("e", "enter")
        await pilot.pause()
        assert service.get_setting("daily_goal") == "3 items"  # an unreadable goal is refused


MATHS_TOPIC = """\
id: maths-topic
title: Squares
level: graduate
core_idea: Squares grow fast.
explainer: "The area is $x^2$ and the weight `w_1` scales it; `zero_grad()` is code."
items:
  - id: maths-q1
    type: true_false
    prompt: "Is $(2)^2 = 4$?"
    answer: true
    explanation: "Yes: $2 \\\\cdot 2 = 4$."
"""


async def test_maths_in_lessons_and_questions_renders_with_unicode(tmp_path, wait_until) -> None:
    from tutor.ui.preview import PreviewApp, load
    from tutor.ui.screens.lesson import LessonScreen
    from tutor.ui.screens.map import MapScreen
    from tutor.ui.screens.question import QuestionScreen

    path = tmp_path / "maths-topic.yaml"
    path.write_text(MATHS_TOPIC)
    course, errors = load([path])
    assert course is not None, errors
    app = PreviewApp([path], course, errors)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MapScreen) and app.screen.is_mounted)
        await pilot.pause(0.2)
        app.start_topic("maths-topic")
        await pilot.pause(0.2)
        assert isinstance(app.screen, LessonScreen)
        explainer = app.screen.query_one("#explainer").source
        assert "x²" in explainer and "`w₁`" in explainer and "`zero_grad()`" in explainer
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.query_one("#prompt").source == "Is (2)² = 4?"
        await pilot.press("t")
        await pilot.pause()
        assert app.screen.query_one("#explanation").source == "Yes: 2 · 2 = 4."
    app.store.close()


async def test_notes_on_a_question_and_a_topic_are_saved_and_exported(make_app) -> None:
    import io
    import json

    from tutor.cli.progress import write_export
    from tutor.ui.screens.note import NoteScreen

    app = make_app(lambda s: s.set_setting("theme", "textual-dark"))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("N")  # the map: a note on the highlighted topic
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        app.screen.query_one("#note-text", TextArea).insert("Start with counting on.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.start_topic("addition", with_lesson=False)
        await pilot.pause()
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert "Start with counting on." not in str(app.screen.query("#note-earlier"))
        app.screen.query_one("#note-text", TextArea).insert("Ask: why is 2+2 not 5?\x1b[31m")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.item_id == "addition-q1" and app.screen.phase == "answering"
        service = app.service
        assert [n.text for n in service.notes(item_id="addition-q1")] == [
            "Ask: why is 2+2 not 5?[31m"
        ]
        assert len(service.notes(topic_id="addition")) == 2
        out = io.StringIO()
        write_export(service.store, "jsonl", out)
        notes = [r for r in map(json.loads, out.getvalue().splitlines()) if r["kind"] == "note"]
        assert [(n["topic_id"], n["item_id"]) for n in notes] == [
            ("addition", None),
            ("addition", "addition-q1"),
        ]
        assert notes[0]["text"] == "Start with counting on."


HINTS_TOPIC = """\
id: hints-topic
title: Hints
level: graduate
core_idea: Hints cost credit.
explainer: Text.
items:
  - id: hints-q1
    type: true_false
    prompt: Is $2^3 = 8$?
    answer: true
    explanation: Two times two times two.
    hints:
      - Multiply, do not add.
      - Two times two is four.
    worked_solution: "$2 \\\\cdot 2 \\\\cdot 2 = 8$, so it is true."
  - id: hints-q2
    type: true_false
    prompt: Is $3^2 = 9$?
    answer: true
    explanation: Three threes.
    hints:
      - Square it.
"""


async def test_hints_are_revealed_one_at_a_time_recorded_and_cost_credit(
    tmp_path, wait_until
) -> None:
    from tutor.ui.preview import PreviewApp, load
    from tutor.ui.screens.map import MapScreen
    from tutor.ui.screens.question import QuestionScreen

    path = tmp_path / "hints-topic.yaml"
    path.write_text(HINTS_TOPIC)
    course, errors = load([path])
    assert course is not None, errors
    app = PreviewApp([path], course, errors)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MapScreen) and app.screen.is_mounted)
        await pilot.pause(0.2)
        app.start_topic("hints-topic", with_lesson=False)
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.item_id == "hints-q1"
        assert not screen.query_one("#hints").display
        await pilot.press("H")
        await pilot.pause()
        shown = screen.query_one("#hints").source
        assert "Hint 1." in shown and "Hint 2." not in shown
        await pilot.press("H", "H")
        await pilot.pause()
        shown = screen.query_one("#hints").source
        assert "Hint 2." in shown and "Worked solution." in shown and "2 · 2 · 2 = 8" in shown
        await pilot.press("H")  # the ladder is done: nothing more
        await pilot.pause()
        assert screen.hints_used == 3
        await pilot.press("t", "enter")
        await pilot.pause()
        assert app.screen.item_id == "hints-q2"
        await pilot.press("H", "t")
        await pilot.pause()
        answers = [e.payload for e in app.service.events() if e.kind == "answer"]
        assert [(a["correct"], a["hints"], a["rating"]) for a in answers] == [
            (True, 3, 1),  # after the worked solution: not recalled
            (True, 1, 3),  # one hint: at most Good
        ]
    app.store.close()


def test_maths_in_a_choice_renders_too() -> None:
    from tutor.ui.screens.question import QuestionScreen

    assert QuestionScreen._choice_label(0, "$x^2 + w_1$").plain == "1 a) x² + w₁"
