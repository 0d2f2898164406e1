"""What keeps show me's frames short: full GC passes held off during a run, the form filled
in after the first paint, streamed redraws without relayouts, the chart's text built once."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input, Select

from tests.ui.show_me_params import FLOW
from tutor.ui import gc_hold
from tutor.ui.widgets.log_bars import LogBarChart, Series

SIZE = (100, 30)


@pytest.fixture(autouse=True)
def _own_lab() -> Any:
    """The app's lab worker is shared by the process: leave none running for the next test."""
    from tutor.ui import lab_bridge

    yield
    lab_bridge.shutdown()


@pytest.fixture
def threshold() -> Any:
    saved = gc.get_threshold()
    yield saved
    while gc_hold.held():
        gc_hold.release()
    gc.set_threshold(*saved)


def test_holds_nest_and_the_last_release_restores_full_passes(threshold: Any) -> None:
    young, middle, oldest = threshold
    gc_hold.hold()
    gc_hold.hold()
    assert gc.get_threshold()[:2] == (young, middle)
    assert gc.get_threshold()[2] > 1000 * oldest
    gc_hold.release()
    assert gc_hold.held() and gc.get_threshold()[2] > 1000 * oldest
    gc_hold.release()
    assert not gc_hold.held() and gc.get_threshold() == threshold
    gc_hold.release()  # one release too many changes nothing
    assert gc.get_threshold() == threshold


async def _until(pilot: Any, condition: Callable[[], bool], timeout: float = 90.0) -> None:
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < timeout, "timed out waiting for the lab"
        await pilot.pause(0.02)


async def test_a_run_holds_full_collections_until_its_result_has_been_shown(
    make_app: Any, threshold: Any
) -> None:
    from tutor.ui.screens.show_me import GC_AFTER_S

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.show_me("gradient_flow", FLOW)
        screen = app.screen
        await _until(pilot, lambda: screen.is_mounted and screen.token > 0)
        assert gc_hold.held()  # from the moment the run is sent
        await _until(pilot, lambda: not screen.running)
        assert gc_hold.held()  # the result is being drawn
        await pilot.pause(GC_AFTER_S + 0.2)
        assert not gc_hold.held() and gc.get_threshold() == threshold
        screen.action_rerun()
        assert gc_hold.held()
        await pilot.press("escape")  # leaving mid-run lets full passes run again
        await pilot.pause()
        assert not gc_hold.held() and gc.get_threshold() == threshold


async def test_the_form_fills_in_after_the_first_paint_and_reads_back_once_complete(
    make_app: Any,
) -> None:
    from tutor.ui.widgets.param_form import ParamForm

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.show_me("gradient_flow", FLOW)
        screen = app.screen
        await _until(pilot, lambda: screen.is_mounted)
        form = screen.query_one(ParamForm)
        assert not form.built and not form.query("Select")  # nothing in the first frame
        # half-built, the form reads back the parameters it was given
        assert form.values() == screen.params.model_dump()
        await app.workers.wait_for_complete()  # the form fills in from a worker
        assert form.built
        assert [s.id for s in form.query(Select)] == [
            "c0-activation",
            "c0-init",
            "c1-activation",
            "c1-init",
        ]
        screen.query_one("#p-depth", Input).value = "4"
        assert form.values()["depth"] == 4
        await _until(pilot, lambda: not screen.running)


def _series(decades: int) -> list[Series]:
    return [Series("net", tuple(10.0**-k for k in range(decades, -1, -1)))]


async def test_new_values_of_the_same_height_repaint_the_chart_without_a_relayout() -> None:
    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield LogBarChart(id="chart")

    app = Host()
    async with app.run_test(size=(80, 30)) as pilot:
        chart = app.query_one(LogBarChart)
        chart.set_series(_series(10))
        await pilot.pause()
        layouts: list[bool] = []
        refresh = chart.refresh

        def spy(*args: Any, layout: bool = False, **kwargs: Any) -> Any:
            layouts.append(layout)
            return refresh(*args, layout=layout, **kwargs)

        chart.refresh = spy  # type: ignore[method-assign]
        chart.set_series(_series(12))  # new decades, still ten rows and one legend line
        assert layouts == [False]
        chart.set_series(_series(12) + _series(3))
        chart.set_series([Series("a much longer label " * 4, (1.0,))] * 3)
        assert layouts[-1] is True


def test_the_lab_worker_yields_the_cpu_to_the_app() -> None:
    """Once warm, the worker runs at a lower priority, so a training run does not take the
    app's frames on a busy machine."""
    import os

    from tutor.ui.lab_bridge import WORKER_NICE_INCREMENT, LabProcess

    lab = LabProcess()
    lab.start()
    try:
        app_nice = os.getpriority(os.PRIO_PROCESS, 0)
        assert os.getpriority(os.PRIO_PROCESS, lab._proc.pid) == app_nice  # warms up at ours
        start = time.monotonic()
        while not lab.ready:
            assert time.monotonic() - start < 90, "the lab never said it was ready"
            time.sleep(0.05)
        worker_nice = os.getpriority(os.PRIO_PROCESS, lab._proc.pid)
        assert worker_nice == min(19, app_nice + WORKER_NICE_INCREMENT)
    finally:
        lab.close()


async def test_starting_the_lab_prepares_show_me_before_it_opens(make_app: Any) -> None:
    """Its style sheet is read and the heap frozen while the map is shown, not on opening."""
    import inspect
    from pathlib import Path

    from tutor.ui.screens.show_me import ShowMeScreen

    css = str((Path(inspect.getfile(ShowMeScreen)).parent / "show_me.tcss").resolve())
    app = make_app()
    frozen = gc.get_freeze_count()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert not app.stylesheet.has_source(css, "")
            app._start_lab()  # what on_ready schedules after the first paint in a terminal
            await app.workers.wait_for_complete()
            assert app.stylesheet.has_source(css, "")
            assert gc.get_freeze_count() > frozen
            app.show_me("gradient_flow", FLOW)
            screen = app.screen
            await _until(pilot, lambda: screen.is_mounted and not screen.running)
            assert screen.query_one("#form").outer_size.width == 32  # a rule of show_me.tcss
    finally:
        gc.unfreeze()


async def test_once_the_lab_has_started_opening_show_me_adds_no_style_sheet(make_app: Any) -> None:
    """Every widget class show me mounts (the form's, the charts', the table's) had its
    default CSS loaded with the lab: none is added, and none re-parsed, while it opens."""
    from tutor.ui.widgets.param_form import ParamForm

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app._read_show_me_css()  # what starting the lab does on the UI thread
        before = set(app.stylesheet.source)
        app.show_me("training_dynamics", {"steps": 3, "depth": 3})
        screen = app.screen
        await _until(
            pilot,
            lambda: (
                screen.is_mounted
                and not screen.running
                and screen.query_one(ParamForm).built
                and bool(screen.query("#lines StripChart"))
            ),
        )
        await pilot.pause()
        assert set(app.stylesheet.source) == before
