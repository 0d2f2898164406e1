"""A plain MLP with hand-written backpropagation, in numpy.

Why not torch + autograd: for the lab's small networks (tens of layers, 32-64
units) per-operation dispatch dominates, and building an ``nn.Sequential`` per
request costs more than the arithmetic. Writing the backward pass by hand lets
one pass collect every quantity the lessons talk about (δ per layer, saturation,
dead units) with no hooks, keeps every hidden layer in one stacked array (so an
optimiser step is one operation, not one per layer) and keeps torch off the path
entirely. The tests check every gradient here against torch autograd on the
same weights.

Conventions (shared with the tests):
- hidden weights are one array ``w (depth, width, width)`` stored
  ``(fan_in, fan_out)`` so ``z = h @ w[k] + b[k]`` (torch stores the transpose);
- index 0 is the layer next to the input; the output layer (one logit) is kept
  apart as ``w_out (width, 1)``, ``b_out (1,)``;
- batch norm (when on) sits between the linear layer and the activation, uses
  the batch's statistics (training mode), ``eps = 1e-5`` and no affine
  parameters (γ = 1, β = 0);
- a residual layer computes ``h_k = h_{k-1} + act(...)``; input and hidden
  widths are equal so every hidden layer can have one;
- the loss is binary cross-entropy on the logit, averaged over the batch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tutor.lab.params import NetConfig

BN_EPS = 1e-5
LEAKY_SLOPE = 0.01
LARGE_STD = 1.0

# Peak of each activation's derivative; a unit counts as "saturated" when its
# local derivative falls below SATURATION_FRACTION of that peak.
PEAK_DERIVATIVE = {"sigmoid": 0.25, "tanh": 1.0, "relu": 1.0, "leaky_relu": 1.0}
SATURATION_FRACTION = 0.01


@dataclass
class Net:
    config: NetConfig
    w: np.ndarray  # (depth, width, width)
    b: np.ndarray  # (depth, width)
    w_out: np.ndarray  # (width, 1)
    b_out: np.ndarray  # (1,)

    @property
    def depth(self) -> int:
        return self.w.shape[0]

    def copy(self) -> Net:
        return Net(self.config, self.w.copy(), self.b.copy(), self.w_out.copy(), self.b_out.copy())


def init_layers(
    init: str, activation: str, count: int, fan_in: int, fan_out: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """``count`` linear layers' (W, b), drawn from the distributions torch.nn.init uses."""
    shape = (count, fan_in, fan_out)
    if init == "default":
        # nn.Linear.reset_parameters: kaiming_uniform_(a=√5) gives bound 1/√fan_in,
        # and the bias is uniform with the same bound. This is not He init.
        bound = 1.0 / np.sqrt(fan_in)
        return rng.uniform(-bound, bound, shape), rng.uniform(-bound, bound, (count, fan_out))
    bias = np.zeros((count, fan_out))
    if init == "xavier":
        bound = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-bound, bound, shape), bias
    if init == "kaiming":
        slope = LEAKY_SLOPE if activation == "leaky_relu" else 0.0
        std = np.sqrt(2.0 / (1.0 + slope**2)) / np.sqrt(fan_in)
        return rng.standard_normal(shape) * std, bias
    if init == "zeros":
        return np.zeros(shape), bias
    if init == "large":
        return rng.standard_normal(shape) * LARGE_STD, bias
    raise ValueError(f"unknown init {init!r}")


def init_net(config: NetConfig, depth: int, width: int, rng: np.random.Generator) -> Net:
    """``depth`` hidden layers of ``width`` units on ``width`` inputs, then one logit.

    The chosen init applies to every linear layer, the output layer included, as
    the source's examples do (they loop over all ``nn.Linear`` modules).
    """
    w, b = init_layers(config.init, config.activation, depth, width, width, rng)
    w_out, b_out = init_layers(config.init, config.activation, 1, width, 1, rng)
    return Net(config, w, b, w_out[0], b_out[0])


def activate_into(
    name: str,
    u: np.ndarray,
    a: np.ndarray,
    d: np.ndarray,
    slope: float = LEAKY_SLOPE,
    scratch: np.ndarray | None = None,
) -> None:
    """Write act(u) into ``a`` and act'(u) into ``d`` (ReLU'(0) = 0, as in torch).

    The sigmoid and tanh derivatives are computed as σ(u)²·e^-u and from
    e^-2|u| rather than as a(1 - a) and 1 - a², which round to exactly 0 once
    a is within 1e-16 of its limit; the vanishing-gradient story lives in those
    tails. Writing into caller-owned buffers keeps the per-layer cost to a
    handful of ufunc calls (for small layers that count, not the arithmetic,
    sets the time).
    """
    if name == "sigmoid":
        e = np.negative(u, out=scratch)
        np.minimum(e, 700.0, out=e)  # e^700 is near float64's limit; σ(-700) is 1e-304 anyway
        np.exp(e, out=e)  # e^-u
        np.add(e, 1.0, out=a)
        np.reciprocal(a, out=a)  # σ(u)
        np.multiply(a, a, out=d)
        d *= e  # σ'(u) = e^-u / (1 + e^-u)² = σ(u)²·e^-u
    elif name == "tanh":
        np.tanh(u, out=a)
        e = np.exp(-2.0 * np.abs(u))
        r = 1.0 + e
        np.divide(e, r * r, out=d)
        d *= 4.0  # 1/cosh²(u) = 4e^-2|u| / (1 + e^-2|u|)²
    elif name == "relu":
        np.greater(u, 0.0, out=d)
        np.multiply(u, d, out=a)
    elif name == "leaky_relu":
        np.greater(u, 0.0, out=d)
        d *= 1.0 - slope
        d += slope
        np.multiply(u, d, out=a)
    else:
        raise ValueError(f"unknown activation {name!r}")


def activate(name: str, u: np.ndarray, slope: float = LEAKY_SLOPE) -> tuple[np.ndarray, np.ndarray]:
    """(act(u), act'(u)) as new arrays."""
    a, d = np.empty_like(u, dtype=np.float64), np.empty_like(u, dtype=np.float64)
    activate_into(name, np.asarray(u, dtype=np.float64), a, d, slope)
    return a, d


def sigmoid(x: np.ndarray) -> np.ndarray:
    return activate("sigmoid", x)[0]


def bce_with_logits(logit: np.ndarray, y: np.ndarray) -> float:
    """Mean binary cross-entropy on logits, computed without overflow."""
    return float(np.mean(np.maximum(logit, 0.0) - logit * y + np.log1p(np.exp(-np.abs(logit)))))


@dataclass
class Pass:
    """Everything one forward+backward pass computed; axis 0 is the layer, input side first."""

    loss: float
    logit: np.ndarray  # (batch,)
    h: np.ndarray  # (depth+1, batch, width): h[0] is the input, h[k] the output of hidden layer k
    pre: (
        np.ndarray | None
    )  # (depth, batch, width): u_k, what the activation saw (after batch norm when
    # on); None for a plain sigmoid net, whose fast path never forms it (nothing downstream needs it)
    local: np.ndarray  # (depth, batch, width): act'(u_k)
    delta: (
        np.ndarray
    )  # (depth, batch, width): dLoss/dz_k, z_k = h_{k-1} W_k + b_k (before batch norm)
    grad_w: np.ndarray  # (depth, width, width)
    grad_b: np.ndarray  # (depth, width)
    delta_out: np.ndarray  # (batch, 1): dLoss/dlogit
    grad_w_out: np.ndarray  # (width, 1)
    grad_b_out: np.ndarray  # (1,)


def forward(net: Net, x: np.ndarray) -> np.ndarray:
    """Logits only (for evaluation); batch norm uses this batch's statistics."""
    cfg = net.config
    h = x
    for k in range(net.depth):
        z = h @ net.w[k]
        z += net.b[k]
        if cfg.batch_norm:
            z -= z.mean(axis=0)
            z /= np.sqrt((z * z).mean(axis=0) + BN_EPS)
        a = activate(cfg.activation, z)[0]
        h = h + a if cfg.residual else a
    return (h @ net.w_out + net.b_out)[:, 0]


def _plain_sigmoid_forward(net: Net, h: np.ndarray, local: np.ndarray, e: np.ndarray) -> None:
    """Forward pass of a sigmoid net without batch norm or skips, in 7 ufunc calls a layer.

    The vanishing-gradient demo's own case, so it gets its own path: e^-u is
    formed straight from -(z + b), and the clamp that keeps exp from
    overflowing is skipped where it provably cannot: past layer 1 the inputs
    are sigmoid outputs in (0, 1), so |u_j| <= Σ_i |W_ij| + |b_j|.
    """
    neg_b = np.negative(net.b)
    bound = np.abs(net.w).sum(axis=1).max(axis=1) + np.abs(net.b).max(axis=1)
    needs_clamp = (bound >= 700.0).tolist()
    for k in range(net.depth):
        np.matmul(h[k], net.w[k], out=e)
        np.subtract(neg_b[k], e, out=e)  # -u
        if k == 0 or needs_clamp[k]:
            np.minimum(e, 700.0, out=e)
        np.exp(e, out=e)  # e^-u
        a = h[k + 1]
        np.add(e, 1.0, out=a)
        np.reciprocal(a, out=a)  # σ(u)
        d = local[k]
        np.multiply(a, a, out=d)
        d *= e  # σ'(u) = σ(u)²·e^-u


def forward_backward(net: Net, x: np.ndarray, y: np.ndarray) -> Pass:
    """One forward and backward pass; ``y`` holds 0/1 targets for the logit."""
    cfg = net.config
    act, bn, res = cfg.activation, cfg.batch_norm, cfg.residual
    depth = net.depth
    batch, width = x.shape
    plain_sigmoid = act == "sigmoid" and not bn and not res
    h = np.empty((depth + 1, batch, width))
    pre = None if plain_sigmoid else np.empty((depth, batch, width))
    local = np.empty((depth, batch, width))
    inv_std = np.empty((depth, width)) if bn else None
    scratch = np.empty((batch, width))
    spare = np.empty((batch, width))
    h[0] = x
    if plain_sigmoid:
        _plain_sigmoid_forward(net, h, local, spare)
    for k in range(0 if pre is None else depth):
        assert pre is not None  # the range is empty on the plain-sigmoid path, where pre is None
        u = pre[k]
        np.matmul(h[k], net.w[k], out=u)
        u += net.b[k]
        if bn:
            u -= u.mean(axis=0)
            istd = 1.0 / np.sqrt((u * u).mean(axis=0) + BN_EPS)
            u *= istd
            inv_std[k] = istd  # type: ignore[index]
        if res:
            activate_into(act, u, scratch, local[k], scratch=spare)
            np.add(h[k], scratch, out=h[k + 1])
        else:
            activate_into(act, u, h[k + 1], local[k], scratch=spare)
    logit = (h[depth] @ net.w_out + net.b_out)[:, 0]
    loss = bce_with_logits(logit, y)

    d_out = ((sigmoid(logit) - y) / batch)[:, None]
    delta = np.empty((depth, batch, width))
    dh = d_out @ net.w_out.T
    for k in range(depth - 1, -1, -1):
        dz = delta[k]
        np.multiply(dh, local[k], out=dz)
        if bn:
            xhat = pre[k]  # type: ignore[index]
            dz -= dz.mean(axis=0) + xhat * (dz * xhat).mean(axis=0)
            dz *= inv_std[k]  # type: ignore[index]
        if k:
            back = dz @ net.w[k].T
            dh = back + dh if res else back
    grad_w = np.matmul(h[:depth].transpose(0, 2, 1), delta)
    return Pass(
        loss=loss,
        logit=logit,
        h=h,
        pre=pre,
        local=local,
        delta=delta,
        grad_w=grad_w,
        grad_b=delta.sum(axis=1),
        delta_out=d_out,
        grad_w_out=h[depth].T @ d_out,
        grad_b_out=d_out.sum(axis=0),
    )
