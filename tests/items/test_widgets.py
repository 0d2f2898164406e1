"""Each new item type answered through the question screen, end to end, and stored."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import Input, OptionList, SelectionList, Static

from tutor.items.base import choice_ids, display_order

os.environ["TEXTUAL_ANIMATIONS"] = "none"
COURSE = Path(__file__).parent / "course"


def _text(widget: Static) -> str:
    return str(widget.render())


async def _until_measured(pilot, app) -> None:
    """The lab worker process answers in its own time (it imports torch first)."""
    for _ in range(1200):
        await pilot.pause(0.05)
        text = str(app.screen.query_one("#predict-measured", Static).render())
        if "running" not in text and "starting" not in text and app.screen.phase == "answered":
            return
    raise AssertionError("no measurement within a minute")


def _answers(service) -> list[dict]:
    return [e.payload | {"item_id": e.item_id} for e in service.events() if e.kind == "answer"]


async def test_new_item_types_answered_on_the_question_screen(tmp_path: Path, monkeypatch) -> None:
    from tutor.cli.app import open_service
    from tutor.items.predict import Predict
    from tutor.ui.app import TutorApp

    measured_here: list[str] = []  # the app must never run an experiment in its own process
    monkeypatch.setattr(Predict, "measure", lambda self: measured_here.append(self.id) or 0.0)
    service = open_service(COURSE, str(tmp_path / "progress.db"))
    service.set_setting("theme", "textual-dark")
    app = TutorApp(service)
    from tutor.ui import lab_bridge

    async with app.run_test(size=(110, 44)) as pilot:
        await pilot.pause()
        app.start_topic("item-types", with_lesson=False)
        await pilot.pause()

        # numeric: typed in words, graded by value
        assert app.screen.item_id == "numeric-eighth"
        app.screen.query_one("#numeric-input", Input).value = "one eighth"
        await pilot.press("enter")
        await pilot.pause()
        assert _text(app.screen.query_one("#verdict", Static)) == "✓ Right"
        await pilot.press("enter")
        await pilot.pause()

        # multiple response: both right choices ticked, submitted with ctrl+s
        assert app.screen.item_id == "mr-saturating"
        assert "Each right choice earns 1/2" in _text(app.screen.query_one("#mr-rule", Static))
        choices = app.screen.query_one("#mr-choices", SelectionList)
        choices.select("tanh")
        choices.select("sigmoid")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert _text(app.screen.query_one("#verdict", Static)) == "✓ Right"
        await pilot.press("enter")
        await pilot.pause()

        # predict on a log slider: 7 decades down from the middle (10^-9) is 10^-16
        assert app.screen.item_id == "predict-sigmoid-ratio"
        assert app.screen.check_action("show_me", ()) is False  # it would give the answer away
        await pilot.press(*["left"] * 7, "enter")
        await _until_measured(pilot, app)
        assert app.screen.check_action("show_me", ()) is True  # now the whole experiment
        assert app.screen._show_me_ref().experiment == "gradient_flow"
        you = _text(app.screen.query_one("#predict-you", Static))
        measured = _text(app.screen.query_one("#predict-measured", Static))
        assert "10^-16" in you and "e-17" in measured
        assert _text(app.screen.query_one("#verdict", Static)) == "✓ Right"
        await pilot.press("enter")
        await pilot.pause()

        # predict by choosing a range: the first option (below 1e-3) holds 0.25^10
        assert app.screen.item_id == "predict-chain-choice"
        app.screen.query_one("#predict-options", OptionList).highlighted = 0
        await pilot.press("enter")
        await _until_measured(pilot, app)
        assert _text(app.screen.query_one("#verdict", Static)) == "✓ Right"
        await pilot.press("enter")
        await pilot.pause()

        # a shuffled multiple choice: key 1 picks the choice shown first, logged by its id
        assert app.screen.item_id == "mc-shuffled"
        item = service.course.item("mc-shuffled")
        order = app.screen.order
        assert order == display_order(4, f"{service.learner_id}:mc-shuffled:4")
        options = app.screen.query_one("#choices", OptionList)
        shown = [str(options.get_option_at_index(k).prompt) for k in range(4)]
        assert shown == [
            f"{k + 1} {'abcd'[k]}) {item.choices[i].text}" for k, i in enumerate(order)
        ]
        wrong_at = next(k for k, i in enumerate(order) if not item.choices[i].correct)
        await pilot.press(str(wrong_at + 1))
        await pilot.pause()
        right_at = order.index(item.correct_index)
        assert _text(app.screen.query_one("#verdict", Static)) == (
            f"✗ Not quite: the answer is {right_at + 1} {'abcd'[right_at]}) sigmoid"
        )

    lab_bridge.shutdown()
    answers = _answers(service)
    assert [a["item_id"] for a in answers] == [
        "numeric-eighth",
        "mr-saturating",
        "predict-sigmoid-ratio",
        "predict-chain-choice",
        "mc-shuffled",
    ]
    assert answers[0]["response"] == "one eighth"
    assert answers[1]["response"] == ["sigmoid", "tanh"]
    assert answers[2]["response"]["prediction"] == 1e-16
    assert 1e-17 < answers[2]["response"]["measured"] < 1e-15
    assert answers[3]["response"] == {"prediction": "tiny", "measured": 0.25**10}
    assert answers[4]["response"] == choice_ids(item.choices)[order[wrong_at]]
    assert [a["correct"] for a in answers] == [True, True, True, True, False]
    assert measured_here == []  # measured by the lab worker process, never in the app


async def test_a_failing_measurement_is_shown_and_nothing_is_stored(
    tmp_path: Path, monkeypatch
) -> None:
    from tutor.cli.app import open_service
    from tutor.learner.flows import TopicFlow
    from tutor.ui import lab_bridge
    from tutor.ui.app import TutorApp

    lab = lab_bridge.lab()
    monkeypatch.setattr(lab, "start", lambda: None)
    monkeypatch.setattr(
        lab, "measure", lambda token, *args: lab.on_reply(("error", token, "out of memory"))
    )
    service = open_service(COURSE, str(tmp_path / "progress.db"))
    service.set_setting("theme", "textual-dark")
    app = TutorApp(service)
    async with app.run_test(size=(110, 44)) as pilot:
        await pilot.pause()
        app.start_flow(
            TopicFlow(service, "item-types", with_lesson=False, start_at="predict-sigmoid-ratio")
        )
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        measured = _text(app.screen.query_one("#predict-measured", Static))
        assert "the experiment failed: out of memory" in measured
        assert app.screen.phase == "answering"
        assert not app.screen.query_one("#predict-slider").disabled  # the learner can retry
    assert _answers(service) == []
