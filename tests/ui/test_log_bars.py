"""The per-layer log bar chart keeps the first and last layers in view however narrow it is."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tutor.ui.widgets.log_bars import LogBarChart, Series


def _chart(points: int, series: int = 2) -> LogBarChart:
    chart = LogBarChart()
    chart.set_series(
        [Series(f"net {s}", tuple(10.0 ** -(p % 12) for p in range(points))) for s in range(series)]
    )
    return chart


def test_every_layer_is_shown_when_it_fits() -> None:
    assert _chart(15).shown_points(width=80) == list(range(15))


def test_a_narrow_chart_thins_layers_but_keeps_the_first_and_the_last() -> None:
    chart = _chart(50)
    label = chart._label_width() + 1
    for width in (30, 45, 60, 100):
        shown = chart.shown_points(width=width)
        assert shown[0] == 0 and shown[-1] == 49
        assert len(shown) * chart._group_width() <= width - label
        steps = {b - a for a, b in zip(shown, shown[1:-1])}
        assert len(steps) <= 1  # evenly spaced, apart from the kept last layer


async def test_rendered_at_80_columns_it_labels_the_real_layer_numbers() -> None:
    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield _chart(40)

    app = Host()
    async with app.run_test(size=(48, 20)):
        chart = app.query_one(LogBarChart)
        text = chart.render().plain
        shown = chart.shown_points()
        assert 0 < len(shown) < 40 and shown[-1] == 39
        tick_line = next(line for line in text.splitlines() if line.strip().startswith("1 "))
        assert tick_line.split()[0] == "1" and tick_line.split()[-1] == "40"
        assert f"one layer in {shown[1] - shown[0]} shown" in text


async def test_long_legends_wrap_at_80_columns_and_are_never_cut() -> None:
    labels = [
        "sigmoid/default + batch norm + residual",
        "relu/kaiming + batch norm",
        "tanh/xavier + residual",
        "leaky_relu/kaiming",
    ]

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            chart = LogBarChart()
            chart.set_series([Series(label, (1e-3, 1e-2, 1e-1)) for label in labels])
            yield chart

    app = Host()
    async with app.run_test(size=(80, 40)):
        chart = app.query_one(LogBarChart)
        text = chart.render().plain
        assert all(len(line) <= 80 for line in text.splitlines())
        for label in labels:
            assert label in text
        assert len(chart.legend_lines(80)) >= 2
