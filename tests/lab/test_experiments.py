"""Physics of every experiment: numbers a wrong implementation would not produce."""

from __future__ import annotations

import math
from typing import Any

import pytest

import tutor.lab as lab
from tutor.errors import UserError
from tutor.lab.registry import EXPERIMENTS


def run(name: str, **params: Any) -> Any:
    return EXPERIMENTS[name].run(params)


# --- gradient_flow ------------------------------------------------------------------


def test_sigmoid_vanishes_and_relu_with_he_init_does_not() -> None:
    result = run("gradient_flow")
    sigmoid, relu = result.runs
    assert sigmoid.first_last_ratio < 1e-8
    assert 0.1 < relu.first_last_ratio < 10
    assert [s.layer for s in sigmoid.layers] == list(range(1, 17))
    assert sigmoid.layers[-1].kind == "output"
    assert all(s.saturated_fraction is not None for s in sigmoid.layers[:-1])
    assert all(s.dead_fraction is not None for s in relu.layers[:-1])


def test_layer_one_is_the_input_side_checked_against_plain_backward() -> None:
    """The seed lesson's slip was to label the list output-first: compare with .grad on
    an nn.Sequential of the very same modules, read in named_parameters() order."""
    import torch
    from torch import nn

    from tutor.lab.experiments.gradient_flow import build_net

    cfg = {"activation": "tanh", "init": "xavier", "batch_norm": False, "residual": False}
    result = run("gradient_flow", depth=6, seed=5, configs=[cfg])
    torch.default_generator.manual_seed(5)
    x, y = torch.randn(64, 32), torch.randint(0, 2, (64,)).float()
    torch.default_generator.manual_seed(6)
    net = build_net(6, 32, cfg)
    seq = nn.Sequential(*[m for lin in net["linears"] for m in (lin, nn.Tanh())], net["out"])
    nn.BCEWithLogitsLoss()(seq(x).squeeze(1), y).backward()
    plain = [p.grad.norm().item() for n, p in seq.named_parameters() if n.endswith("weight")]
    ours = [s.weight_grad_norm for s in result.runs[0].layers]
    assert ours == pytest.approx(plain, rel=1e-5)
    assert ours[0] < ours[-2]  # tanh + xavier still loses gradient toward the input


def test_batch_norm_rescues_sigmoid_and_zero_init_passes_nothing() -> None:
    result = run(
        "gradient_flow",
        configs=[
            {"activation": "sigmoid", "batch_norm": True},
            {"activation": "relu", "init": "zeros"},
        ],
    )
    bn, zeros = result.runs
    assert 0.1 < bn.first_last_ratio < 10
    assert zeros.first_last_ratio is None  # the last hidden layer gets exactly 0
    assert all(s.weight_grad_norm == 0 for s in zeros.layers[:-1])


def test_same_seed_same_numbers_other_seed_other_numbers() -> None:
    a, b, c = (
        run("gradient_flow", seed=1),
        run("gradient_flow", seed=1),
        run("gradient_flow", seed=2),
    )
    assert a == b
    assert a.runs[0].loss != c.runs[0].loss


# --- training_dynamics --------------------------------------------------------------


@pytest.mark.slow
def test_the_seed_articles_comparison_sigmoid_stalls_relu_learns() -> None:
    result = run("training_dynamics")
    sigmoid, relu = result.summaries
    assert relu.final_accuracy > 0.85
    assert sigmoid.final_accuracy < 0.65
    assert sigmoid.first_layer_grad < 1e-8 * relu.first_layer_grad


def test_clipping_tames_the_exploding_configuration() -> None:
    exploding = {"configs": [{"activation": "relu", "init": "large"}], "steps": 40, "depth": 8}
    free = run("training_dynamics", **exploding)
    clipped = run("training_dynamics", clip_norm=1.0, **exploding)
    assert free.steps[0].runs[0].grad_norms[0] > 1e3  # the gradient is huge from the start
    assert not all(math.isfinite(s.runs[0].loss) for s in free.steps)
    assert all(math.isfinite(s.runs[0].loss) for s in clipped.steps)
    assert (
        clipped.steps[0].runs[0].grad_norms == free.steps[0].runs[0].grad_norms
    )  # before clipping


def test_training_streams_and_stops_when_cancelled() -> None:
    seen: list[int] = []
    spec = EXPERIMENTS["training_dynamics"]
    result = spec.run(
        {"depth": 3, "steps": 50, "batch": 32},
        progress=lambda step: seen.append(step.step),
        cancelled=lambda: len(seen) >= 3,
    )
    assert seen == [1, 2, 3]
    assert result.completed_steps == 3 and result.cancelled


# --- rnn_through_time ---------------------------------------------------------------


def test_tanh_rnn_vanishes_and_a_forget_bias_of_one_keeps_the_lstm_gradient() -> None:
    result = run("rnn_through_time", steps=50)
    by = {r.cell: r for r in result.runs}
    assert by["rnn_tanh"].first_last_ratio < 1e-6
    assert by["lstm_forget1"].first_last_ratio > 100 * by["lstm"].first_last_ratio
    for r in result.runs:
        assert len(r.grad_norms) == 50
        assert r.grad_norms[-2] > 0  # every h_t is in the graph, not only the last output
        assert r.grad_norms[0] < r.grad_norms[-1]


def test_the_gradient_decays_steadily_through_time() -> None:
    norms = run("rnn_through_time", steps=40, cells=["rnn_tanh"]).runs[0].grad_norms
    drops = sum(1 for a, b in zip(norms, norms[1:]) if a < b)
    assert drops >= 35  # going back in time it shrinks at (nearly) every step


# --- normalisation ------------------------------------------------------------------


def test_batch_norm_grows_the_gradient_toward_the_input_in_plain_relu_nets() -> None:
    result = run("normalisation", depth=50)
    by = {r.config.norm: r for r in result.runs}
    assert by["batch"].first_last_ratio > 1e3
    assert 0.1 < by["layer"].first_last_ratio < 10
    assert 0.1 < by["rms"].first_last_ratio < 10
    shallow = run("normalisation", depth=20, configs=[{"norm": "batch"}]).runs[0]
    assert by["batch"].first_last_ratio > 10 * shallow.first_last_ratio  # grows with depth


def test_pre_norm_residual_keeps_the_gradient_flat() -> None:
    cfgs = [{"norm": "layer", "residual": True, "placement": p} for p in ("pre", "post")]
    pre, post = run("normalisation", depth=50, configs=cfgs).runs
    assert 0.1 < pre.first_last_ratio < 30
    assert post.first_last_ratio != pre.first_last_ratio


# --- signal_propagation -------------------------------------------------------------


def test_orthogonal_linear_nets_are_exact_isometries() -> None:
    r = run("signal_propagation", activation="linear", sigma_ws=[1.0], inits=["orthogonal"]).runs[0]
    assert r.sv_max == pytest.approx([1.0] * len(r.sv_max), abs=1e-4)
    assert r.sv_min == pytest.approx([1.0] * len(r.sv_min), abs=1e-4)
    gauss = run("signal_propagation", activation="linear", sigma_ws=[1.0], inits=["gaussian"]).runs[
        0
    ]
    assert gauss.sv_max[-1] / gauss.sv_min[-1] > 1e3  # the same scale, Gaussian: spread apart


def test_ordered_chaotic_and_the_edge_of_chaos() -> None:
    result = run("signal_propagation", depth=50)
    by = {(r.init, r.sigma_w): r for r in result.runs}
    ordered, chaotic = by[("gaussian", 0.5)], by[("gaussian", 2.0)]
    assert ordered.spread[-1] < 1e-6 and ordered.sv_max[-1] < 1e-6
    assert chaotic.spread[-1] > 0.5 and chaotic.sv_max[-1] > 1e2
    edge_g, edge_o = by[("gaussian", 1.0)], by[("orthogonal", 1.0)]
    cond = [r.sv_max[-1] / r.sv_min[-1] for r in (edge_g, edge_o)]
    assert cond[1] < cond[0] / 1e3  # orthogonal weights keep the spectrum together


# --- precision ----------------------------------------------------------------------


def test_float16_underflows_and_loss_scaling_rescues_it() -> None:
    result = run("precision")
    by = {(r.dtype, r.scaled): r for r in result.runs}
    assert by[("float32", False)].total_underflow == 0
    assert by[("float16", False)].total_underflow > 0.3
    assert by[("float16", False)].underflow[0] > 0.9  # the input side first
    assert by[("float16", True)].total_underflow < 0.05
    assert by[("bfloat16", False)].total_underflow < 0.01  # float32's exponent range


def test_too_much_loss_scaling_overflows_float16() -> None:
    result = run("precision", dtypes=["float16"], loss_scale=2.0**40)
    scaled = next(r for r in result.runs if r.scaled)
    assert scaled.overflow > 0


# --- the predict-item API -----------------------------------------------------------


def test_quantities_and_measure() -> None:
    assert "first_last_ratio" in lab.quantities("gradient_flow")
    for name, spec in EXPERIMENTS.items():
        assert spec.quantities == lab.quantities(name) and spec.quantities
    value = lab.measure("gradient_flow", {"depth": 5}, "first_last_ratio")
    assert value == run("gradient_flow", depth=5).runs[0].first_last_ratio
    assert lab.measure("chain_product", {"layers": 10}, "product") == pytest.approx(0.25**10)
    with pytest.raises(
        UserError, match=r"no quantity 'first_last_rati'.*did you mean 'first_last_ratio'"
    ):
        lab.measure("gradient_flow", {}, "first_last_rati")
    with pytest.raises(UserError, match="depth must be at least 2"):
        lab.measure("gradient_flow", {"depth": 0}, "first_last_ratio")
