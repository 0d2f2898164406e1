"""gradient_flow: where the gradient goes in one backward pass of a deep MLP.

One forward and backward pass on a random batch (x ~ N(0, 1) in ``width``
dimensions, random 0/1 labels, binary cross-entropy), per configuration. The
same batch is used for every configuration and each configuration's weights
come from the same seed, so a comparison changes one thing at a time.

Per layer (labelled 1 at the input up to ``depth``, then the output layer):
the weight-gradient norm ‖dL/dW‖; ‖δ‖ where δ = dL/dz is the gradient with
respect to the layer's pre-activation z = h W + b (the linear output, before
batch norm and the activation); the spread of the layer's output; for
sigmoid/tanh the share of (example, unit) pairs whose local derivative is
below 1% of its peak; for ReLU/leaky ReLU the share of units whose input is
<= 0 for the whole batch; and a histogram of log10|dL/dW| over fixed edges.

Weight-gradient norms alone can mislead: a bias-free ReLU net with PyTorch's
default init shows almost flat weight-gradient norms while its activations
shrink layer by layer, so every run reports δ, activation spread, saturation
and dead units too.
"""

from __future__ import annotations

import math

import numpy as np

from tutor.lab.blas import one_thread
from tutor.lab.mlp import PEAK_DERIVATIVE, SATURATION_FRACTION, Pass, forward_backward, init_net
from tutor.lab.params import GradientFlowParams, NetConfig
from tutor.lab.results import HISTOGRAM_EDGES, FlowRun, GradientFlowResult, LayerStats

_EDGES = np.asarray(HISTOGRAM_EDGES)
_BINS = len(HISTOGRAM_EDGES) + 1


def batch_for(params: GradientFlowParams) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng([params.seed, 1])
    x = rng.standard_normal((params.batch, params.width))
    y = (rng.random(params.batch) < 0.5).astype(np.float64)
    return x, y


def weights_rng(seed: int) -> np.random.Generator:
    return np.random.default_rng([seed, 2])


def gradient_flow(params: GradientFlowParams) -> GradientFlowResult:
    x, y = batch_for(params)
    runs = []
    with one_thread():
        for config in params.configs:
            net = init_net(config, params.depth, params.width, weights_rng(params.seed))
            runs.append(summarise(config, forward_backward(net, x, y)))
    return GradientFlowResult(params=params, runs=runs)


def _norms(a: np.ndarray) -> np.ndarray:
    """Frobenius norm of each a[k]."""
    flat = a.reshape(a.shape[0], -1)
    return np.sqrt(np.einsum("ij,ij->i", flat, flat))


def _histograms(grads: np.ndarray, grad_out: np.ndarray, finite: bool) -> list[list[int]]:
    """Counts of log10|g| per layer over the fixed edges, output layer last.

    Bin i holds 10^(e_{i-1}) <= |g| < 10^(e_i): log10|g| - e_0 + 1, clipped to
    the under- and overflow bins and truncated (non-negative by then, so
    truncation is floor). float32 is exact enough for decade bins and twice as
    fast; values below its range become 0 and land in bin 0 with the rest of
    |g| < 1e-20.
    """
    depth = grads.shape[0]
    per_layer = grads[0].size
    flat = np.empty(grads.size + grad_out.size, dtype=np.float32)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        flat[: grads.size] = grads.reshape(-1)  # beyond float32's range: inf, the top bin
        flat[grads.size :] = grad_out.reshape(-1)
        np.abs(flat, out=flat)
        np.log10(flat, out=flat)
    flat -= _EDGES[0] - 1
    if not finite:
        np.nan_to_num(
            flat, copy=False, nan=_BINS, posinf=_BINS, neginf=0
        )  # inf and NaN count as off the top
    np.clip(flat, 0, _BINS - 1, out=flat)
    bins = flat.astype(np.intp)
    hidden = bins[: grads.size].reshape(depth, per_layer)
    hidden += (np.arange(depth, dtype=np.intp) * _BINS)[:, None]
    counts = np.bincount(hidden.reshape(-1), minlength=depth * _BINS).reshape(depth, _BINS).tolist()
    counts.append(np.bincount(bins[grads.size :], minlength=_BINS).tolist())
    return counts


def _stds(a: np.ndarray) -> np.ndarray:
    """Standard deviation of each a[k] (one pass of sums rather than np.std's temporaries)."""
    flat = a.reshape(a.shape[0], -1)
    n = flat.shape[1]
    mean = flat.sum(axis=1) / n
    var = np.einsum("ij,ij->i", flat, flat) / n - mean * mean
    return np.sqrt(np.maximum(var, 0.0))


def summarise(config: NetConfig, p: Pass) -> FlowRun:
    """Per-layer statistics of one pass, input side first, output layer last."""
    depth = p.local.shape[0]
    act = config.activation
    w_norms = [*_norms(p.grad_w).tolist(), float(np.linalg.norm(p.grad_w_out))]
    d_norms = [*_norms(p.delta).tolist(), float(np.linalg.norm(p.delta_out))]
    stds = [*_stds(p.h[1:]).tolist(), float(np.std(p.logit))]
    finite = all(math.isfinite(v) for v in (*w_norms, *d_norms, p.loss))
    hist = _histograms(p.grad_w, p.grad_w_out, finite)
    saturated: list[float | None] = [None] * (depth + 1)
    dead: list[float | None] = [None] * (depth + 1)
    if act in ("sigmoid", "tanh"):
        threshold = PEAK_DERIVATIVE[act] * SATURATION_FRACTION
        per_layer = p.local[0].size
        saturated[:depth] = (
            np.count_nonzero(p.local < threshold, axis=(1, 2)) / per_layer
        ).tolist()
    else:
        assert p.pre is not None  # formed for every ReLU-family net
        units = p.pre.shape[2]
        dead[:depth] = (np.count_nonzero((p.pre <= 0).all(axis=1), axis=1) / units).tolist()
    layers = [
        LayerStats.model_construct(
            layer=k + 1,
            kind="hidden" if k < depth else "output",
            weight_grad_norm=w_norms[k],
            delta_norm=d_norms[k],
            activation_std=stds[k],
            saturated_fraction=saturated[k],
            dead_fraction=dead[k],
            grad_histogram=hist[k],
        )
        for k in range(depth + 1)
    ]
    first, last = w_norms[0], w_norms[depth - 1]
    ratio = first / last if finite and last > 0 else None
    factor: float | None = None
    if ratio is not None:
        factor = ratio ** (1.0 / (depth - 1)) if ratio > 0 else 0.0
    return FlowRun.model_construct(
        config=config,
        label=config.label,
        loss=p.loss,
        layers=layers,
        first_last_ratio=ratio,
        factor_per_layer=factor,
        finite=finite,
    )
