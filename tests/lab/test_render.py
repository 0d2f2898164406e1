"""Charts, tables and summaries drawn from results."""

from __future__ import annotations

from rich.console import Console

from tutor.lab.analytic import activation_derivatives, chain_product
from tutor.lab.flow import gradient_flow
from tutor.lab.params import (
    ActivationDerivativesParams,
    ChainProductParams,
    GradientFlowParams,
    NetConfig,
    TrainingDynamicsParams,
)
from tutor.lab.render import Chart, ChartRow, bar, chart_lines, charts, decade_span, renderables
from tutor.lab.summary import power_of_ten, summarize
from tutor.lab.training import training_dynamics


def test_bars_resolve_eighths() -> None:
    assert bar(0.0, 4) == "    "
    assert bar(1.0, 4) == "████"
    assert bar(0.5, 4) == "██  "
    assert bar(1 / 32, 4) == "▏   "
    assert bar(3 / 8, 1) == "▍"
    assert bar(2.0, 3) == "███"


def test_decade_span_ignores_zeros_and_non_finite() -> None:
    assert decade_span([1e-12, 0.5, 0.0, None, float("inf")]) == (-12, 0)
    assert decade_span([0.0, None]) == (-1, 0)
    assert decade_span([1.0]) == (0, 1)


def test_log_chart_lines() -> None:
    chart = Chart(
        "g",
        [ChartRow("1", 1e-4), ChartRow("2", 1e-2), ChartRow("3", 0.0), ChartRow("4", None)],
        True,
        -4,
        0,
    )
    lines = chart_lines(chart, width=8)
    assert lines[0] == "g"
    assert lines[1] == "1 │        │ 1.00e-04"
    assert lines[2] == "2 │████    │ 1.00e-02"
    assert lines[3] == "3 │0       │ 0.00e+00"
    assert lines[4] == "4 │n/a     │ n/a"
    assert lines[5].startswith("  └1e-4")


def test_gradient_flow_chart_runs_input_to_output() -> None:
    result = gradient_flow(GradientFlowParams(depth=4, configs=[NetConfig(activation="sigmoid")]))
    (chart,) = charts(result)
    assert [r.label for r in chart.rows] == ["1", "2", "3", "4", "out"]
    assert [r.value for r in chart.rows] == [
        layer.weight_grad_norm for layer in result.runs[0].layers
    ]


def test_summaries_state_what_the_numbers_show() -> None:
    assert power_of_ten(1.3e-12) == "10⁻¹²"
    assert power_of_ten(0.9) == "1"
    flow = gradient_flow(GradientFlowParams())
    ratio = flow.runs[0].first_last_ratio
    assert ratio is not None
    text = summarize(flow)
    assert text.startswith(
        f"With sigmoid / default init layer 1 receives {power_of_ten(ratio)} of the gradient that layer 15 receives;"
    )
    assert "relu / kaiming init layer 1 receives about as much gradient as layer 15" in text
    assert summarize(chain_product(ChainProductParams())).startswith(
        "Multiplying sigmoid' at z = 0 over 10 layers gives 9.54e-07"
    )
    assert (
        summarize(activation_derivatives(ActivationDerivativesParams(activations=["sigmoid"])))
        == "Sigmoid' peaks at 0.25 at z = 0."
    )
    train = training_dynamics(TrainingDynamicsParams(depth=3, steps=2, batch=16))
    assert summarize(train).startswith("After 2 steps, sigmoid / default init reached")


def test_every_result_renders() -> None:
    console = Console(width=100, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    for result in (
        gradient_flow(GradientFlowParams(depth=3)),
        chain_product(ChainProductParams(mode="random")),
        activation_derivatives(ActivationDerivativesParams()),
        training_dynamics(TrainingDynamicsParams(depth=3, steps=2, batch=16)),
    ):
        for item in renderables(result):
            console.print(item)
    text = console.export_text()
    assert (
        "‖dL/dW‖" in text
        and "chain product (random)" in text
        and "largest derivative" in text
        and "training: 2 steps" in text
    )


def _run_with_ratio(ratio: float | None, finite: bool = True):  # type: ignore[no-untyped-def]
    from tutor.lab.results import FlowRun

    config = NetConfig(activation="relu", init="large")
    return FlowRun.model_construct(
        config=config,
        label=config.label,
        loss=0.7,
        layers=[],
        first_last_ratio=ratio,
        factor_per_layer=None,
        finite=finite,
    )


def test_summary_wording_for_every_regime() -> None:
    from tutor.lab.summary import _flow_sentence

    assert (
        _flow_sentence(_run_with_ratio(2e-9), 15)
        == "with relu / large init layer 1 receives 10⁻⁹ of the gradient that layer 15 receives"
    )
    assert (
        _flow_sentence(_run_with_ratio(0.07), 15)
        == "with relu / large init layer 1 receives 7% of the gradient that layer 15 receives"
    )
    assert (
        _flow_sentence(_run_with_ratio(0.5), 15)
        == "with relu / large init layer 1 receives about as much gradient as layer 15 (0.5×)"
    )
    assert (
        _flow_sentence(_run_with_ratio(3e4), 15)
        == "with relu / large init layer 1 receives 10⁴ times the gradient that layer 15 receives"
    )
    assert (
        _flow_sentence(_run_with_ratio(None), 15)
        == "with relu / large init the last hidden layer receives no gradient at all"
    )
    assert _flow_sentence(_run_with_ratio(None, finite=False), 15).endswith("the signal explodes")
    assert summarize(chain_product(ChainProductParams(mode="constant", factor=1.5, layers=20))) == (
        "Multiplying a constant factor of 1.5 over 20 layers gives 3.33e+03: the gradient grows with every layer it passes."
    )
    assert "about 10^-1000, beyond what a float can hold" in summarize(
        chain_product(ChainProductParams(mode="constant", factor=0.01, layers=500))
    )
