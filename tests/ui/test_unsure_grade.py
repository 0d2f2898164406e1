"""An unsure grader says so on the question screen and preselects no rating."""

from __future__ import annotations

from textual.widgets import Button, Static, TextArea

from tests.ui.conftest import SIZE


async def _answer_short(app, pilot, text: str):  # type: ignore[no-untyped-def]
    from tutor.ui.sessions import TopicSession

    session = TopicSession(app.service, "multiplication", with_lesson=False)
    session.index = 1  # the short-answer item
    app.start_session(session)
    await pilot.pause()
    assert app.screen.item_id == "multiplication-q2"
    app.screen.query_one("#answer", TextArea).insert(text)
    await pilot.press("ctrl+s")
    await pilot.pause()
    return app.screen


async def test_unsure_grade_asks_the_learner_and_preselects_nothing(make_app) -> None:
    app = make_app(lambda service: service.mark_known("addition"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # Says two points and denies the third: mixed polarity.
        screen = await _answer_short(
            app,
            pilot,
            "It means three groups of four, and the total is twelve, "
            "but it is not repeated addition of four.",
        )
        assert screen.phase == "rating" and screen.grade.unsure
        label = str(screen.query_one("#rating-label", Static).render())
        assert "I'm not sure: compare with the model answer" in label
        assert "Suggested" not in label
        assert "I'm not sure" in str(screen.query_one("#verdict", Static).render())
        variants = [screen.query_one(f"#rate-{r}", Button).variant for r in (1, 2, 3, 4)]
        assert "primary" not in variants
        focused = app.focused
        assert focused is None or not (focused.id or "").startswith("rate-")
        await pilot.press("3")
        await pilot.pause()
        answers = [e for e in app.service.events() if e.kind == "answer"]
        assert [a.payload["rating"] for a in answers] == [3]


async def test_a_sure_grade_keeps_its_suggestion(make_app) -> None:
    app = make_app(lambda service: service.mark_known("addition"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await _answer_short(app, pilot, "It means three groups of four things.")
        assert not screen.grade.unsure
        assert "Suggested" in str(screen.query_one("#rating-label", Static).render())
        suggested = int(screen.grade.suggested_rating)
        assert screen.query_one(f"#rate-{suggested}", Button).variant == "primary"
