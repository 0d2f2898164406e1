"""End-to-end flows driven through the Pilot, asserting on screens and on the store."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, OptionList, Static, TextArea

SIZE = (100, 30)


def _text(widget: Static) -> str:
    return str(widget.render())


def _answers(service) -> list[dict]:
    return [e.payload | {"item_id": e.item_id} for e in service.events() if e.kind == "answer"]


def _browse(service) -> None:
    """Put one event in the store so the app opens on the map, not the welcome screen."""
    service.set_setting("theme", "textual-dark")


async def test_first_run_welcome_sets_default_goal_and_runs_placement(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        from tutor.ui.screens.welcome import WelcomeScreen

        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("p")
        await pilot.pause()
        from tutor.ui.screens.placement import PlacementResultScreen
        from tutor.ui.screens.question import QuestionScreen

        assert app.service.goal == "relu"  # the default goal is the deepest topic of the course
        asked = 0
        while isinstance(app.screen, QuestionScreen):
            item = app.screen.item
            # answer every placement question correctly
            if item.type == "multiple_choice":
                await pilot.press(str(item.correct_index + 1))
            else:
                await pilot.press("t" if item.answer else "f")
            await pilot.pause()
            assert app.screen.query_one("#verdict", Static).has_class("-right")
            await pilot.press("enter")
            await pilot.pause()
            asked += 1
        assert isinstance(app.screen, PlacementResultScreen)
        assert asked >= 1
        assert f"{asked} question" in _text(app.screen.query_one("#result-summary", Static))
        kinds = [e.kind for e in app.service.events()]
        assert "placement" in kinds and kinds.count("answer") == asked
        states = {s.topic_id: s.status.value for s in app.service.all_states()}
        assert states["addition"] == "known"


async def test_wrong_multiple_choice_shows_feedback_and_is_saved(make_app) -> None:
    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        topics = app.screen.query_one("#topics", OptionList)
        assert topics.get_option_at_index(topics.highlighted).id == "addition"
        await pilot.press("l")  # lesson of Addition
        await pilot.pause()
        from tutor.ui.screens.lesson import LessonScreen
        from tutor.ui.screens.question import QuestionScreen

        assert isinstance(app.screen, LessonScreen)
        assert "Putting amounts together" in app.screen.query_one("#explainer").source
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.screen.item_id == "addition-q1"
        await pilot.press("a")  # "6": wrong
        await pilot.pause()
        screen = app.screen
        assert _text(screen.query_one("#verdict", Static)) == "✗ Not quite: the answer is 2 b) 7"
        assert (
            _text(screen.query_one("#choice-feedback", Static))
            == "That is one short; count on four from three."
        )
        assert "Counting on four from three" in screen.query_one("#explanation").source
        # saved before anything else happens
        assert _answers(app.service) == [
            {
                "response": "a",  # the choice id, not where it was shown
                "correct": False,
                "rating": 1,
                "latency_ms": _answers(app.service)[0]["latency_ms"],
                "source": "learn",
                "method": "exact",
                "item_id": "addition-q1",
            }
        ]
        await pilot.press("enter")  # next: the true/false item
        await pilot.pause()
        assert app.screen.item_id == "addition-q2"
        await pilot.press("t")
        await pilot.pause()
        assert _text(app.screen.query_one("#verdict", Static)) == "✓ Right"
        await pilot.press("enter")
        await pilot.pause()
        from tutor.ui.screens.message import MessageScreen

        assert isinstance(app.screen, MessageScreen)
        assert "1 of 2 right on Addition" in app.screen.query_one("#message-body").source


async def test_short_answer_reveals_model_answer_and_saves_the_confirmed_rating(make_app) -> None:
    def prepare(service) -> None:
        service.mark_known("addition")

    app = make_app(prepare)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.start_topic("multiplication", with_lesson=False)
        await pilot.pause()
        assert app.screen.item_id == "multiplication-q1"
        await pilot.press("2", "enter")  # on to the short-answer item
        await pilot.pause()
        assert app.screen.item_id == "multiplication-q2"
        area = app.screen.query_one("#answer", TextArea)
        area.insert("It means three groups of four,\nwhich is twelve.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = app.screen
        assert screen.phase == "rating"
        assert len(_answers(app.service)) == 1  # nothing stored until the rating is confirmed
        assert "three groups of four things" in screen.query_one("#model-answer").source
        key_points = _text(screen.query_one("#key-points", Static))
        assert "✓ three groups of four" in key_points
        assert "✗ repeated addition of four" in key_points
        suggested = screen.grade.suggested_rating
        assert f"Suggested: {['Again', 'Hard', 'Good', 'Easy'][int(suggested) - 1]}" in _text(
            screen.query_one("#rating-label", Static)
        )
        await pilot.press("2")  # change the suggestion to Hard
        await pilot.pause()
        saved = _answers(app.service)
        assert len(saved) == 2
        assert saved[1]["item_id"] == "multiplication-q2"
        assert saved[1]["rating"] == 2
        assert saved[1]["response"] == "It means three groups of four,\nwhich is twelve."


async def test_mark_known_infers_prerequisites_and_undo(make_app) -> None:
    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.select_topic("chain-rule")
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        states = {s.topic_id: s.status.value for s in app.service.all_states()}
        assert states["chain-rule"] == "known"
        assert states["multiplication"] == "known" and states["addition"] == "known"
        assert states["vanishing-gradient-problem"] == "available"
        assert "● known" in screen.query_one("#card").plain
        assert "Undo known (k)" in str(screen.query_one("#card-actions").render())
        await pilot.press("k")
        await pilot.pause()
        assert app.service.topic_state("chain-rule").status.value != "known"
        assert "I know this (k)" in str(screen.query_one("#card-actions").render())


async def test_filter_by_typing(make_app) -> None:
    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"gradient")
        await pilot.pause()
        topics = app.screen.query_one("#topics", OptionList)
        ids = [topics.get_option_at_index(i).id for i in range(topics.option_count)]
        assert ids == ["chain-rule", "vanishing-gradient-problem"]  # by title or by tag
        await pilot.press("escape")
        await pilot.pause()
        assert topics.option_count == 5


async def test_set_goal_then_placement_from_the_map(make_app) -> None:
    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.select_topic("vanishing-gradient-problem")
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        from tutor.ui.screens.placement import PlacementOfferScreen, PlacementResultScreen
        from tutor.ui.screens.question import QuestionScreen

        assert app.service.goal == "vanishing-gradient-problem"
        assert isinstance(app.screen, PlacementOfferScreen)
        await pilot.press("p")
        await pilot.pause()
        while isinstance(app.screen, QuestionScreen):
            item = app.screen.item
            # knows nothing: always wrong
            if item.type == "multiple_choice":
                await pilot.press(str(1 + (item.correct_index + 1) % len(item.choices)))
            else:
                await pilot.press("f" if item.answer else "t")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, PlacementResultScreen)
        assert app.screen.result.frontier == "addition"
        await pilot.press("escape")
        await pilot.pause()
        from tutor.ui.screens.map import MapScreen

        assert isinstance(app.screen, MapScreen)
        assert "Goal Vanishing Gradient Problem" in app.screen.query_one("#goal-bar").plain
        assert "0/4 topics" in app.screen.query_one("#goal-bar").plain


async def test_learn_follows_next_activity(make_app) -> None:
    def prepare(service) -> None:
        service.set_goal("chain-rule")
        service.mark_known("multiplication")

    app = make_app(prepare)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        expected = app.service.next_activity()
        await pilot.press("n")
        await pilot.pause()
        from tutor.ui.screens.lesson import LessonScreen

        assert expected.kind == "lesson" and expected.topic_id == "chain-rule"
        assert isinstance(app.screen, LessonScreen) and app.screen.topic_id == "chain-rule"
        await pilot.press("enter")
        await pilot.pause()
        assert any(e.kind == "lesson" and e.topic_id == "chain-rule" for e in app.service.events())
        assert app.screen.item_id in ("chain-rule-q1", "chain-rule-q2")


async def test_drill_runs_to_its_score_screen(make_app) -> None:
    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_drill_setup((), ("arithmetic",))
        await pilot.pause()
        n = app.screen.query_one("#drill-n", Input)
        n.value = "3"
        await pilot.press("ctrl+s")
        await pilot.pause()
        from tutor.ui.screens.drill import DrillScoreScreen
        from tutor.ui.screens.question import QuestionScreen

        asked = []
        while isinstance(app.screen, QuestionScreen):
            item = app.screen.item
            asked.append(item.id)
            assert "⏱" in str(app.screen.query_one("#q-clock").render())
            if item.type == "multiple_choice":
                await pilot.press("1")  # first choice: wrong for every arithmetic item
            elif item.type == "true_false":
                await pilot.press("t")
            else:
                app.screen.query_one("#answer", TextArea).insert("three groups of four make twelve")
                await pilot.press("ctrl+s")  # rated on the score screen, after the drill
            await pilot.pause()
        assert isinstance(app.screen, DrillScoreScreen)
        if app.screen.result.pending:
            await pilot.press("3")
            await pilot.pause()
        assert not app.screen.result.pending
        assert len(asked) == 3 and set(asked) <= {
            "addition-q1",
            "addition-q2",
            "multiplication-q1",
            "multiplication-q2",
        }
        result = app.screen.result
        assert len(result.answers) == 3
        table = app.screen.query_one("#score-table", DataTable)
        assert table.row_count == 3
        line = _text(app.screen.query_one("#score-line", Static))
        assert line.startswith(f"Score {result.correct}/3")
        drill_events = [a for a in _answers(app.service) if a["source"] == "drill"]
        assert sorted(a["item_id"] for a in drill_events) == sorted(asked)
        if any(i in asked for i in ("addition-q1", "multiplication-q1")):
            assert "Missed" in [str(w.render()) for w in app.screen.query(".drill--heading")]


async def test_reopening_keeps_progress(make_app, open_service) -> None:
    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l", "enter")
        await pilot.pause()
        await pilot.press("2")  # right answer to addition-q1
        await pilot.pause()
        await pilot.press("ctrl+q")
    app.service.close()
    service = open_service()
    from tutor.ui.app import TutorApp

    again = TutorApp(service)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        from tutor.ui.screens.map import MapScreen

        assert isinstance(again.screen, MapScreen)
        assert service.topic_state("addition").answered == 1
        topics = again.screen.query_one("#topics", OptionList)
        assert "%" in str(topics.get_option_at_index(0).prompt) or "✓" in str(
            topics.get_option_at_index(0).prompt
        )
        await pilot.press("p")
        await pilot.pause()
        totals = _text(again.screen.query_one("#progress-totals", Static))
        assert (
            "Items answered 1" in totals
            and "Accuracy 100%" in totals
            and "Days in a row 1" in totals
        )


async def test_theme_choice_is_remembered(make_app, open_service) -> None:
    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
        assert app.service.get_setting("theme") == "nord"
    app.service.close()
    from tutor.ui.app import TutorApp

    again = TutorApp(open_service())
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_tiny_terminal_asks_for_more_room(make_app, wait_until) -> None:
    app = make_app(_browse)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        from tutor.ui.screens.too_small import TooSmallScreen

        assert isinstance(app.screen, TooSmallScreen)
        message = _text(app.screen.query_one("#too-small", Static))
        assert message.startswith("tutor needs a terminal of at least 80×24; this one is 60×20.")
        await pilot.resize_terminal(100, 30)
        from tutor.ui.screens.map import MapScreen

        await wait_until(pilot, lambda: isinstance(app.screen, MapScreen))


async def test_help_lists_the_keys_of_the_screen(make_app) -> None:
    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        from tutor.ui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        keys = _text(app.screen.query_one("#help-screen-keys", Static))
        assert keys.splitlines()[:3] == [
            "/  Filter topics by title, tag, level or status",
            "l  Read the highlighted topic's lesson, then practise its questions",
            "k  Mark the highlighted topic (and its prerequisites) known; again to undo",
        ]
        assert "p  Mastery per topic, accuracy by day, streak" in keys
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_finds_topics_drills_and_experiments(make_app) -> None:
    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        from tutor.ui.commands import TutorCommands

        provider = TutorCommands(app.screen)
        texts = [hit.text async for hit in provider.search("vanishing")]
        assert "Topic: Vanishing Gradient Problem" in texts
        assert "Drill topic: Vanishing Gradient Problem" in texts
        texts = [hit.text async for hit in provider.search("gradient flow")]
        assert "Show me: gradient flow (Gradient norms layer by layer in a deep network)" in texts
        hits = [hit async for hit in provider.search("Topic: Chain Rule")]
        hits[0].command()
        await pilot.pause()
        topics = app.screen.query_one("#topics", OptionList)
        assert topics.get_option_at_index(topics.highlighted).id == "chain-rule"


def test_bad_content_and_corrupt_database_fail_before_the_app(tmp_path: Path, capsys) -> None:
    from tutor.cli import main

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "t.yaml").write_text("id: x\ntitle: X\nlevel: nowhere\ncore_idea: y\n")
    assert main(["--content", str(bad), "--db", str(tmp_path / "p.db")]) != 0
    err = capsys.readouterr().err
    assert err.startswith("tutor: error: ") and "Traceback" not in err
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"this is not a database" * 100)
    assert main(["--content", str(Path(__file__).parent / "course"), "--db", str(corrupt)]) != 0
    err = capsys.readouterr().err
    assert err.startswith("tutor: error: ") and err.count("\n") == 1 and "Traceback" not in err


async def test_review_runs_the_due_items(db_path) -> None:
    import datetime as dt

    from tutor.content.loader import load_course
    from tutor.learner.service import TutorService
    from tutor.learner.store import ProgressStore
    from tutor.ui.app import TutorApp

    now = [dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)]
    service = TutorService(
        load_course([Path(__file__).parent / "course"]),
        ProgressStore(db_path),
        clock=lambda: now[0],
    )
    service.record_answer("addition-q1", 1)
    service.record_answer("addition-q2", True)
    now[0] += dt.timedelta(days=60)
    due = service.due_reviews()
    assert set(due) == {"addition-q1", "addition-q2"}
    app = TutorApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#goal-bar").plain.endswith("2 reviews due (r)")
        await pilot.press("r")
        await pilot.pause()
        seen = []
        while hasattr(app.screen, "item_id"):
            item = app.screen.item
            seen.append(item.id)
            await pilot.press(
                str(item.correct_index + 1)
                if item.type == "multiple_choice"
                else ("t" if item.answer else "f")
            )
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        assert seen == due
        assert "2 of 2 remembered." in app.screen.query_one("#message-body").source
        reviews = [a for a in _answers(service) if a["source"] == "review"]
        assert [a["item_id"] for a in reviews] == due
        assert service.due_reviews() == []


async def test_drill_ends_when_time_runs_out(make_app, wait_until) -> None:
    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_drill_setup(("addition",), ())
        await pilot.pause()
        app.screen.query_one("#drill-minutes", Input).value = "0.01"  # 0.6 seconds
        await pilot.press("ctrl+s")
        await pilot.pause()
        from tutor.ui.screens.drill import DrillScoreScreen

        await pilot.press("2")  # addition-q1 or -q2: one answer in time
        await wait_until(pilot, lambda: isinstance(app.screen, DrillScoreScreen))
        assert app.screen.result.timed_out
        assert "Time ran out." in _text(app.screen.query_one("#score-line", Static))
        assert len(app.screen.result.answers) <= 1


async def test_a_store_error_is_shown_and_the_question_stays(
    make_app, monkeypatch, notifications
) -> None:
    from tutor.errors import UserError

    app = make_app(_browse)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("l", "enter")
        await pilot.pause()

        def locked(*args, **kwargs):
            raise UserError("progress database is locked by another program")

        monkeypatch.setattr(app.service, "record_answer", locked)
        await pilot.press("2")
        await pilot.pause()
        assert app.is_running
        assert app.screen.item_id == "addition-q1" and app.screen.phase == "answering"
        assert notifications == [("Not saved", "progress database is locked by another program")]
        monkeypatch.undo()
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.phase == "answered"
        assert len(_answers(app.service)) == 1


async def test_progress_shows_accuracy_over_days(db_path) -> None:
    import datetime as dt

    from tutor.content.loader import load_course
    from tutor.learner.service import TutorService
    from tutor.learner.store import ProgressStore
    from tutor.ui.app import TutorApp

    now = [dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)]
    service = TutorService(
        load_course([Path(__file__).parent / "course"]),
        ProgressStore(db_path),
        clock=lambda: now[0],
    )
    service.record_answer("addition-q1", 1)  # day 1: 1/1
    now[0] += dt.timedelta(days=1)
    service.record_answer("addition-q1", 0)  # day 2: 1/2
    service.record_answer("addition-q2", True)
    now[0] += dt.timedelta(days=1)
    service.record_answer("multiplication-q1", 0)  # day 3: 0/1
    app = TutorApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        totals = _text(app.screen.query_one("#progress-totals", Static))
        assert totals == "Items answered 4   Accuracy 50%   Days in a row 3   Mastered 0/5"
        chart = app.screen.query_one("#days-chart")
        assert chart.display and chart.values == [1.0, 0.5, 0.0]
        days = app.screen.query_one("#days-table", DataTable)
        assert [str(days.get_row_at(i)[0]) for i in range(days.row_count)] == [
            "2026-01-07",
            "2026-01-06",
            "2026-01-05",
        ]


async def test_bundled_course_map_and_card(tmp_path: Path) -> None:
    """`tutor` with no --content: the bundled course, the welcome's default goal, the card's metrics."""
    from tutor.cli.app import open_service
    from tutor.ui.app import TutorApp

    app = TutorApp(open_service(None, str(tmp_path / "p.db")))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        goals = app.screen.query_one("#goal-select", OptionList)
        assert goals.get_option_at_index(goals.highlighted).id == "vanishing-gradient-problem"
        await pilot.press("b")
        await pilot.pause()
        topics = app.screen.query_one("#topics", OptionList)
        assert topics.option_count == len(app.service.course.topics)
        app.screen.select_topic("vanishing-gradient-problem")
        await pilot.pause()
        card = app.screen.query_one("#card").plain
        assert "Depth                 67" in card
        assert "Longest path          68 topics" in card
        assert "Total prerequisites   90" in card
        assert card.rstrip().endswith("Multilayer Perceptrons (MLPs) → Vanishing Gradient Problem")
        assert "Counting to 10 → Counting to 20 →" in card


async def test_a_stray_enter_never_answers_a_choice_or_true_false_item(make_app) -> None:
    """Enter meant for the previous screen's Next must not pick "a)" or "True"."""
    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l", "enter")  # lesson of Addition, then its first (multiple-choice) item
        await pilot.pause()
        assert app.screen.item_id == "addition-q1"
        await pilot.press("enter")
        await pilot.pause()
        assert _answers(app.service) == [] and app.screen.phase == "answering"
        await pilot.press("down", "enter")  # arrows then Enter do choose: the first choice, "6"
        await pilot.pause()
        assert [a["response"] for a in _answers(app.service)] == ["a"]
        await pilot.press("enter")  # Next: the true/false item
        await pilot.pause()
        assert app.screen.item_id == "addition-q2"
        await pilot.press("enter")
        await pilot.pause()
        assert len(_answers(app.service)) == 1 and app.screen.item_id == "addition-q2"


async def test_a_cached_course_loads_its_content_after_the_first_paint(open_service) -> None:
    """From the course cache the map paints from the outline; a worker then reads the
    lessons and questions, and a lesson opens with them."""
    from tutor.ui.app import TutorApp
    from tutor.ui.screens.lesson import LessonScreen
    from tutor.ui.screens.map import MapScreen

    first = open_service()  # a full load, which writes the cache
    _browse(first)
    first.close()
    service = open_service()
    assert not service.course.topics_loaded
    app = TutorApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MapScreen)
        await app.workers.wait_for_complete()
        assert service.course.topics_loaded
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        topic = service.course.topics[app.screen.topic_id]
        assert _text(app.screen.query_one("#lesson-title", Static)) == topic.title
        assert topic.explainer


async def test_w_expands_why_mastery_moved(make_app) -> None:
    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l")  # lesson of Addition
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("b")  # "7": right
        await pilot.pause()
        line = app.screen.query_one("#mastery-line", Static)
        assert "prior" not in _text(line)
        await pilot.press("w")
        await pilot.pause()
        shown = _text(line)
        assert "prior 10% → right (slip 10%, guess" in shown and "learning step 15%" in shown
        await pilot.press("w")
        await pilot.pause()
        assert "prior" not in _text(line)


async def test_question_mark_before_answering_records_a_guess(make_app) -> None:
    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.press("b")  # "7": right, but a guess
        await pilot.pause()
        (answer,) = _answers(app.service)
        assert answer["guessed"] is True and answer["rating"] == 2
        outcome = app.screen.outcome
        assert outcome is not None and outcome.mastery_after == outcome.mastery_before


async def test_an_interrupted_placement_is_offered_and_resumes(make_app) -> None:
    def interrupted(service) -> None:
        service.set_goal("vanishing-gradient-problem")
        session = service.start_placement("vanishing-gradient-problem")
        item = session.next_item()
        wrong = service.course.item(item)
        session.answer(
            item,
            (wrong.correct_index + 1) % len(wrong.choices)
            if wrong.type == "multiple_choice"
            else not wrong.answer,
        )
        # the app was killed here: no finish

    app = make_app(interrupted)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        from tutor.ui.screens.map import MapScreen
        from tutor.ui.screens.question import QuestionScreen

        assert isinstance(app.screen, MapScreen)
        assert app.service.pending_placement() == "vanishing-gradient-problem"
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.flow.placement.questions == 1  # the answer before the kill counts
