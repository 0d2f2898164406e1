"""Show me: the worker process runs the experiment, edits recompute, requests are parsed, x stops."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Select, Static

from tests.ui.show_me_params import FLOW

SIZE = (100, 30)


def _browse(service: Any) -> None:
    service.set_setting("theme", "textual-dark")


async def _until(pilot: Any, condition: Callable[[], bool], timeout: float = 90.0) -> None:
    """Let the app run until ``condition`` holds (the lab works in another process)."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < timeout, "timed out waiting for the lab"
        await pilot.pause(0.05)


async def _settle(app: Any, pilot: Any) -> None:
    """Wait for the debounce timer, then for the run to finish."""
    from tutor.ui.screens.show_me import DEBOUNCE_S

    await pilot.pause(DEBOUNCE_S + 0.1)
    await _until(pilot, lambda: not app.screen.running)
    await pilot.pause()


def _text(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_gradient_flow_runs_and_recomputes_when_the_depth_changes(make_app) -> None:
    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.show_me("gradient_flow", FLOW, caption="Look at layer 1.")
        await pilot.pause()
        screen = app.screen
        await _settle(app, pilot)
        assert app.lab_ready, _text(screen, "#status")
        table = screen.query_one("#numbers", DataTable)
        assert table.row_count == 7  # 6 hidden layers + the output layer
        summary = _text(screen, "#summary")
        assert summary.startswith("With sigmoid/default layer 1 receives 10⁻")
        chart = screen.query_one("#chart")
        assert [s.label for s in chart.series] == ["sigmoid/default", "relu/kaiming"]
        assert len(chart.series[0].values) == 7
        assert chart.series[0].values[0] < chart.series[0].values[5] / 100
        assert _text(screen, "#caption") == "Look at layer 1."

        depth = screen.query_one("#p-depth", Input)
        depth.value = "4"
        await _settle(app, pilot)
        assert screen.params.depth == 4
        assert table.row_count == 5
        assert len(chart.series[0].values) == 5
        # the caption no longer claims to describe what is on screen
        assert _text(screen, "#caption").startswith("You changed depth 6 → 4")

        depth.value = "1000"
        await pilot.pause(0.6)
        assert _text(screen, "#status").startswith(
            "Not run: gradient_flow: depth must be at most 100"
        )
        assert screen.params.depth == 4

        depth.value = "6"
        screen.query_one("#c0-activation", Select).value = "tanh"
        await _settle(app, pilot)
        assert screen.params.configs[0].activation == "tanh"
        assert chart.series[0].label == "tanh/default"


async def test_free_text_request_shows_what_it_understood(make_app) -> None:
    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_request("")
        await pilot.pause()
        screen = app.screen
        assert screen.focused is screen.query_one("#request", Input)  # ready to type
        await pilot.press(
            *"show me sigmod vs relu at 30 layers with he init and purple bananas", "enter"
        )
        await _until(
            pilot, lambda: screen.query_one("#understood").display and screen.params.depth == 30
        )
        understood = _text(screen, "#understood")
        assert understood.startswith("Understood: ")
        assert "Not used: sigmod, purple, bananas" in understood
        assert "'sigmod': did you mean 'sigmoid'?" in understood
        assert "show me" not in understood
        await _settle(app, pilot)
        assert screen.experiment == "gradient_flow"
        assert [(c.activation, c.init) for c in screen.params.configs] == [("relu", "kaiming")]
        assert screen.query_one("#p-depth", Input).value == "30"


async def test_hostile_requests_are_one_line_errors(make_app) -> None:
    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_request("")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#request", Input).value = "sigmoid vs relu at 1e999 layers"
        await pilot.press("enter")
        await _until(pilot, lambda: "too large" in _text(screen, "#understood"))
        assert app.is_running


async def test_training_streams_and_x_stops_it_even_from_the_request_box(make_app) -> None:
    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.show_me("training_dynamics", {"depth": 6, "steps": 3000, "width": 16, "batch": 64})
        await pilot.pause()
        screen = app.screen
        await _until(pilot, lambda: "Training… step" in _text(screen, "#status"))
        screen.query_one("#request", Input).focus()
        await pilot.pause()
        await pilot.press("x")
        await _until(pilot, lambda: not screen.running, timeout=5)
        assert screen.query_one("#request", Input).value == ""  # x was not typed
        assert _text(screen, "#status") == "Stopped."
        table = screen.query_one("#numbers", DataTable)
        step_cell = str(table.get_row_at(0)[1])
        done, total = (int(x) for x in step_cell.split("/"))
        assert total == 3000 and 1 <= done < 3000
        # once nothing runs, x is an ordinary key again
        await pilot.press("x")
        assert screen.query_one("#request", Input).value == "x"


async def test_a_crashed_worker_is_one_line_and_the_next_run_works(make_app) -> None:
    from tutor.ui import lab_bridge

    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.show_me("training_dynamics", {"depth": 4, "steps": 3000, "width": 16, "batch": 64})
        await pilot.pause()
        screen = app.screen
        await _until(pilot, lambda: "Training… step" in _text(screen, "#status"))
        lab_bridge.lab()._proc.kill()
        await _until(pilot, lambda: not screen.running, timeout=10)
        status = _text(screen, "#status")
        assert status.startswith("The lab stopped: the lab worker stopped (exit code")
        assert "\n" not in status and app.is_running
        screen.query_one("#p-steps", Input).value = "3"
        await _settle(app, pilot)
        assert "After 3 steps" in _text(screen, "#summary")


async def test_the_code_key_shows_the_script(make_app) -> None:
    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.show_me("chain_product", {"layers": 7})
        await _settle(app, pilot)
        await pilot.press("c")
        await pilot.pause()
        code = app.screen.query_one("#code")
        assert code.display
        assert "layers=7" in app.screen.code_text and "import numpy" in app.screen.code_text


async def test_show_me_from_a_question(make_app) -> None:
    def prepare(service: Any) -> None:
        service.mark_known("chain-rule")

    app = make_app(prepare)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.start_topic("vanishing-gradient-problem", with_lesson=False)
        await pilot.pause()
        assert app.screen.item_id == "vanishing-gradient-problem-q1"
        await pilot.press("s")
        await pilot.pause()
        from tutor.ui.screens.show_me import ShowMeScreen

        assert isinstance(app.screen, ShowMeScreen)
        assert app.screen.experiment == "gradient_flow" and app.screen.params.depth == 6
        await _settle(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.item_id == "vanishing-gradient-problem-q1"


def _strangers_beside(screen: Any, select: Select[str]) -> list[str]:
    """Widgets other than the open select drawn on its list's rows inside the form."""
    overlay = select.query_one("SelectOverlay")
    form = screen.query_one("#form")
    rows = overlay.region
    assert rows.height > 2, "the list is not open"
    strangers = set()
    for y in range(rows.y, rows.bottom):
        for x in range(form.scrollable_content_region.x, form.scrollable_content_region.right):
            widget, _ = screen.get_widget_at(x, y)
            if widget is not form and select not in widget.ancestors_with_self:
                if widget.has_class("form--row"):
                    continue  # the row's blank background beside the list
                strangers.add(f"{type(widget).__name__} at row {y}")
    return sorted(strangers)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
@pytest.mark.parametrize("select_id", ["#c0-activation", "#c1-init"])
async def test_an_open_dropdown_reads_between_the_rows(make_app, size, select_id) -> None:
    app = make_app(_browse)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.show_me("gradient_flow", FLOW)
        await pilot.pause()
        screen = app.screen
        select = screen.query_one(select_id, Select)
        select.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert select.expanded
        assert _strangers_beside(screen, select) == []
        overlay = select.query_one("SelectOverlay")
        visible = screen.query_one("#form").scrollable_content_region
        assert visible.contains_region(overlay.region), (overlay.region, visible)
        # a border sets the list apart from the form even where colour is lost
        assert overlay.styles.border_top[0] != ""
        await pilot.press("down", "enter")
        await pilot.pause()
        assert not select.expanded
        assert select.value != FLOW["configs"][int(select_id[2])][select_id[4:]]
