"""gradient_flow: the physics the course states, and layers labelled input to output."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from tutor.lab.flow import batch_for, gradient_flow, weights_rng
from tutor.lab.mlp import forward, forward_backward, init_net
from tutor.lab.params import GradientFlowParams, NetConfig


def ratio(depth: int = 15, **config: object) -> float:
    result = gradient_flow(GradientFlowParams(depth=depth, configs=[NetConfig(**config)]))  # type: ignore[arg-type]
    value = result.runs[0].first_last_ratio
    assert value is not None
    return value


def test_sigmoid_with_default_init_vanishes_below_one_millionth() -> None:
    assert ratio(activation="sigmoid", init="default") < 1e-6


def test_relu_with_he_init_keeps_the_gradient_within_a_factor_of_ten() -> None:
    assert 0.1 <= ratio(activation="relu", init="kaiming") <= 10


def test_relu_with_pytorch_default_init_still_loses_the_gradient() -> None:
    assert ratio(activation="relu", init="default") < 1e-2


def test_residual_connections_keep_sigmoid_gradients_alive() -> None:
    assert ratio(activation="sigmoid", init="default", residual=True) > 1e-2


def test_batch_norm_before_sigmoid_keeps_the_ratio_near_one() -> None:
    assert 0.1 <= ratio(activation="sigmoid", init="default", batch_norm=True) <= 10


def test_layers_run_one_to_depth_from_the_input_then_the_output_layer() -> None:
    run = gradient_flow(
        GradientFlowParams(depth=15, configs=[NetConfig(activation="sigmoid")])
    ).runs[0]
    assert [layer.layer for layer in run.layers] == list(range(1, 17))
    assert [layer.kind for layer in run.layers] == ["hidden"] * 15 + ["output"]
    norms = [layer.weight_grad_norm for layer in run.layers[:15]]
    # With sigmoid the input side starves: layer 1 has the smallest gradient and
    # the gradient grows towards the output (reversed labels would flip this).
    assert min(norms) == norms[0]
    assert norms[14] > 1e6 * norms[0]
    assert sum(b > a for a, b in zip(norms, norms[1:])) >= 13
    assert run.first_last_ratio == pytest.approx(norms[0] / norms[14])
    assert run.factor_per_layer == pytest.approx((norms[0] / norms[14]) ** (1 / 14))


def _torch_reference(
    net, x: np.ndarray, y: np.ndarray
) -> tuple[list[np.ndarray], list[np.ndarray]]:  # type: ignore[no-untyped-def]
    """Weight gradients and dL/dz by torch autograd, input side first (independent of mlp.py)."""
    cfg = net.config
    ws = [torch.tensor(w.T.copy(), requires_grad=True) for w in net.w]  # torch layout (out, in)
    bs = [torch.tensor(b.copy(), requires_grad=True) for b in net.b]
    w_out = torch.tensor(net.w_out.T.copy(), requires_grad=True)
    b_out = torch.tensor(net.b_out.copy(), requires_grad=True)
    act = {
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "relu": torch.relu,
        "leaky_relu": lambda t: torch.nn.functional.leaky_relu(t, 0.01),
    }[cfg.activation]
    h = torch.tensor(x)
    zs = []
    for w, b in zip(ws, bs):
        z = torch.nn.functional.linear(h, w, b)
        z.retain_grad()
        zs.append(z)
        u = (
            torch.nn.functional.batch_norm(z, None, None, training=True, eps=1e-5)
            if cfg.batch_norm
            else z
        )
        a = act(u)
        h = h + a if cfg.residual else a
    logit = torch.nn.functional.linear(h, w_out, b_out).squeeze(1)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(logit, torch.tensor(y))
    loss.backward()
    grads = [w.grad.numpy().T for w in ws] + [w_out.grad.numpy().T]  # type: ignore[union-attr]
    deltas = [z.grad.numpy() for z in zs]  # type: ignore[union-attr]
    return grads, deltas


@pytest.mark.parametrize(
    "config",
    [
        NetConfig(activation="sigmoid", init="default"),
        NetConfig(activation="tanh", init="xavier"),
        NetConfig(activation="relu", init="kaiming"),
        NetConfig(activation="leaky_relu", init="default"),
        NetConfig(activation="sigmoid", init="default", batch_norm=True),
        NetConfig(activation="tanh", init="default", residual=True),
        NetConfig(activation="relu", init="kaiming", batch_norm=True, residual=True),
    ],
    ids=lambda c: c.label,
)
def test_hand_written_backprop_matches_torch_autograd_layer_by_layer(config: NetConfig) -> None:
    params = GradientFlowParams(depth=5, width=6, batch=8, seed=3, configs=[config])
    x, y = batch_for(params)
    net = init_net(config, params.depth, params.width, weights_rng(params.seed))
    p = forward_backward(net, x, y)
    grads, deltas = _torch_reference(net, x, y)
    for k in range(params.depth):
        np.testing.assert_allclose(
            p.grad_w[k], grads[k], rtol=1e-8, atol=1e-14, err_msg=f"layer {k + 1}"
        )
        np.testing.assert_allclose(
            p.delta[k], deltas[k], rtol=1e-8, atol=1e-14, err_msg=f"delta {k + 1}"
        )
    np.testing.assert_allclose(p.grad_w_out, grads[-1], rtol=1e-8, atol=1e-14)
    np.testing.assert_allclose(forward(net, x), p.logit, rtol=1e-12)
    # ... and the experiment reports those same norms under labels 1..depth.
    run = gradient_flow(params).runs[0]
    for k in range(params.depth):
        assert run.layers[k].layer == k + 1
        assert run.layers[k].weight_grad_norm == pytest.approx(
            float(np.linalg.norm(grads[k])), rel=1e-8
        )
        assert run.layers[k].delta_norm == pytest.approx(float(np.linalg.norm(deltas[k])), rel=1e-8)
    assert run.layers[-1].weight_grad_norm == pytest.approx(
        float(np.linalg.norm(grads[-1])), rel=1e-8
    )


def test_default_init_draws_what_pytorch_nn_linear_draws() -> None:
    net = init_net(NetConfig(init="default"), 4, 50, np.random.default_rng(0))
    bound = 1 / np.sqrt(50)
    assert np.abs(net.w).max() <= bound and np.abs(net.w).max() > 0.98 * bound
    assert np.abs(net.b).max() <= bound and net.b.std() > 0
    he = init_net(NetConfig(init="kaiming", activation="relu"), 4, 50, np.random.default_rng(0))
    assert he.w.std() == pytest.approx(np.sqrt(2 / 50), rel=0.05)
    assert not he.b.any()


def test_per_layer_statistics() -> None:
    configs = [
        NetConfig(activation="sigmoid", init="large"),
        NetConfig(activation="relu", init="default"),
        NetConfig(activation="sigmoid", init="zeros"),
    ]
    result = gradient_flow(GradientFlowParams(depth=10, configs=configs))
    large, relu, zeros = result.runs
    # N(0, 1) weights push sigmoid into its tails: a quarter of the units saturate
    # (with the default init none do).
    assert max(layer.saturated_fraction or 0 for layer in large.layers) > 0.2
    default = gradient_flow(
        GradientFlowParams(depth=10, configs=[NetConfig(activation="sigmoid")])
    ).runs[0]
    assert all(layer.saturated_fraction == 0 for layer in default.layers[:10])
    assert all(layer.dead_fraction is None for layer in large.layers)
    assert all(layer.saturated_fraction is None for layer in relu.layers)
    assert all(0 <= (layer.dead_fraction or 0) <= 1 for layer in relu.layers[:10])
    assert relu.layers[-1].dead_fraction is None
    # all-zero weights: no gradient reaches any hidden layer, so the ratio is undefined
    assert zeros.first_last_ratio is None
    assert all(layer.weight_grad_norm == 0 for layer in zeros.layers[:10])
    assert zeros.layers[-1].weight_grad_norm > 0


def test_histograms_count_every_weight_gradient_over_fixed_edges() -> None:
    result = gradient_flow(
        GradientFlowParams(depth=6, width=8, configs=[NetConfig(activation="sigmoid")])
    )
    run = result.runs[0]
    assert result.histogram_edges == [float(e) for e in range(-20, 5)]
    for layer in run.layers:
        assert len(layer.grad_histogram) == 26
        assert sum(layer.grad_histogram) == (8 if layer.kind == "output" else 64)
    # the bin holding most of layer 6's entries sits near log10 of its typical entry
    x, y = batch_for(result.params)
    p = forward_backward(init_net(run.config, 6, 8, weights_rng(0)), x, y)
    logs = np.floor(np.log10(np.abs(p.grad_w[5]).ravel()))
    expected = np.bincount((logs + 21).astype(int), minlength=26)
    assert run.layers[5].grad_histogram == expected.tolist()


def test_same_seed_same_result_and_configs_share_the_batch() -> None:
    params = GradientFlowParams(depth=8, seed=7)
    assert gradient_flow(params) == gradient_flow(params)
    other = gradient_flow(GradientFlowParams(depth=8, seed=8))
    assert (
        other.runs[0].layers[0].weight_grad_norm
        != gradient_flow(params).runs[0].layers[0].weight_grad_norm
    )


def test_the_most_explosive_allowed_setting_stays_finite_in_float64() -> None:
    # N(0, 1) weights, 256 wide, ReLU: activations grow ~11x per layer, so after
    # 100 layers the gradients reach ~1e200; float64 still holds them (float32 would not).
    result = gradient_flow(
        GradientFlowParams(
            depth=100, width=256, batch=4, configs=[NetConfig(activation="relu", init="large")]
        )
    )
    run = result.runs[0]
    assert run.finite is True
    assert run.layers[0].weight_grad_norm > 1e100
    assert '"finite":true' in result.model_dump_json()


def test_sigmoid_fast_path_handles_huge_pre_activations_without_nan() -> None:
    # Weights x300 push |u| past 700, where e^-u would overflow without the clamp.
    net = init_net(NetConfig(activation="sigmoid", init="large"), 6, 16, np.random.default_rng(1))
    net.w *= 300.0
    rng = np.random.default_rng(2)
    x, y = rng.standard_normal((8, 16)) * 50, (rng.random(8) < 0.5).astype(float)
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        p = forward_backward(net, x, y)
    assert np.isfinite(p.grad_w).all() and np.isfinite(p.local).all()
    np.testing.assert_allclose(p.logit, forward(net, x), rtol=1e-12)
    assert ((p.h[1:] >= 0) & (p.h[1:] <= 1)).all()
