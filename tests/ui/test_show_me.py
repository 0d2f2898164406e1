"""Show me: the worker runs the experiment, edits recompute, requests are parsed, training stops."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select, Static

SIZE = (100, 30)
FLOW = {
    "depth": 6,
    "configs": [
        {"activation": "sigmoid", "init": "default"},
        {"activation": "relu", "init": "kaiming"},
    ],
}


def _browse(service) -> None:
    service.set_setting("theme", "textual-dark")


async def _settle(app, pilot) -> None:
    """Wait for the debounce timer, then for the lab worker, then for its messages."""
    from tutor.ui.screens.show_me import DEBOUNCE_S

    await pilot.pause(DEBOUNCE_S + 0.1)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_gradient_flow_runs_and_recomputes_when_the_depth_changes(make_app) -> None:
    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.show_me("gradient_flow", FLOW, caption="Look at layer 1.")
        await pilot.pause()
        screen = app.screen
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.lab_ready
        table = screen.query_one("#numbers", DataTable)
        # 6 hidden layers + the output layer + first/last ratio + per-layer factor
        assert table.row_count == 9
        assert [str(c.label) for c in table.columns.values()] == [
            "layer",
            "‖∇W‖ net 1",
            "‖∇W‖ net 2",
        ]
        summary = str(screen.query_one("#summary", Static).render())
        assert summary.startswith("With sigmoid / default init layer 1 receives 10⁻")
        chart = screen.query_one("#chart")
        assert [s.label for s in chart.series] == [
            "1 sigmoid / default init",
            "2 relu / kaiming init",
        ]
        assert len(chart.series[0].values) == 7
        # sigmoid with the default init loses gradient toward the input; the chart shows the lab's numbers
        assert chart.series[0].values[0] < chart.series[0].values[5] / 100

        depth = screen.query_one("#p-depth", Input)
        depth.value = "4"
        await _settle(app, pilot)
        assert screen.params.depth == 4
        assert table.row_count == 4 + 1 + 2
        assert len(chart.series[0].values) == 5

        # an out-of-range value is not run; the lab's message is shown
        depth.value = "1000"
        await _settle(app, pilot)
        status = str(screen.query_one("#status", Static).render())
        assert status.startswith("Not run: gradient_flow: depth must be at most 100")
        assert screen.params.depth == 4

        # change an activation in place
        depth.value = "4"
        screen.query_one("#c0-activation", Select).value = "tanh"
        await _settle(app, pilot)
        assert screen.params.configs[0].activation == "tanh"
        assert chart.series[0].label == "1 tanh / default init"


async def test_free_text_request_shows_what_it_understood(make_app) -> None:
    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_request("")
        await pilot.pause()
        await app.workers.wait_for_complete()
        screen = app.screen
        assert screen.focused is screen.query_one("#request", Input)  # ready to type
        await pilot.press(
            *"show me sigmoid vs relu at 30 layers with he init and purple bananas", "enter"
        )
        await pilot.pause()
        understood = str(screen.query_one("#understood", Static).render())
        assert understood.startswith("Understood: ")
        assert understood.endswith("Not used: purple, bananas")
        assert "30 layers" in understood
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.experiment == "gradient_flow"
        assert screen.params.depth == 30
        assert [(c.activation, c.init) for c in screen.params.configs] == [
            ("sigmoid", "kaiming"),
            ("relu", "kaiming"),
        ]
        assert screen.query_one("#p-depth", Input).value == "30"
        assert screen.query_one("#numbers", DataTable).row_count == 30 + 1 + 2


async def test_training_streams_steps_and_stops(make_app) -> None:
    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.show_me("training_dynamics", {"depth": 6, "steps": 5000, "width": 16})
        await pilot.pause(0.5)
        screen = app.screen
        assert screen.running
        await pilot.pause(0.5)
        await pilot.press("x")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not screen.running
        assert str(screen.query_one("#status", Static).render()) == "Stopped."
        table = screen.query_one("#numbers", DataTable)
        assert table.row_count == 2
        step_cell = str(table.get_row_at(0)[1])
        done, total = (int(x) for x in step_cell.split("/"))
        assert total == 5000 and 1 <= done < 5000
        assert len(screen.query_one("#line-0").values) == done


async def test_worker_errors_are_reported_not_fatal(make_app, monkeypatch) -> None:
    from tutor.ui import lab_bridge

    def boom(*args, **kwargs):
        raise RuntimeError("out of cheese")

    monkeypatch.setattr(lab_bridge, "run", boom)
    app = make_app(_browse)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.show_me("chain_product", {"layers": 5})
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        status = str(app.screen.query_one("#status", Static).render())
        assert status == "The experiment failed: RuntimeError: out of cheese"


async def test_show_me_from_a_question(make_app) -> None:
    def prepare(service) -> None:
        service.mark_known("chain-rule")

    app = make_app(prepare)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        from tutor.ui.sessions import TopicSession

        app.start_session(
            TopicSession(app.service, "vanishing-gradient-problem", with_lesson=False)
        )
        await pilot.pause()
        assert app.screen.item_id == "vanishing-gradient-problem-q1"
        await pilot.press("s")
        await pilot.pause()
        from tutor.ui.screens.show_me import ShowMeScreen

        assert isinstance(app.screen, ShowMeScreen)
        assert app.screen.experiment == "gradient_flow" and app.screen.params.depth == 6
        await app.workers.wait_for_complete()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.item_id == "vanishing-gradient-problem-q1"
