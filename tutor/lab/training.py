"""training_dynamics: deep nets with different activations trained side by side.

The task (generated in-process, seeded, no downloads): inputs x ~ N(0, I) in
``width`` dimensions; two fixed random orthonormal directions give u = x·d1 and
v = x·d2; the label is 1 when u + 0.7(v² - 1) > 0, a parabolic boundary. The
classes are about 46/54, and the best straight boundary scores only about 82%,
so passing 90% means the network has learnt the curve. 2,048 training points,
1,024 held-out points; every configuration sees the same mini-batches in the
same order, so the only difference between runs is the network.

Defaults (12 hidden layers of 32, plain SGD at lr 0.5, batches of 256, 200
steps, seed 0): ReLU with He init reaches 91.5% held-out accuracy (88-92%
over seeds 0-4), while sigmoid with PyTorch's default init stays near chance
(44-56%) because its first layers receive gradients around 10⁻¹⁰ of the last
ones: they move about 10⁹ times less than ReLU's.

Each step reports the batch loss (before the update), held-out accuracy (after
it), every layer's weight-gradient norm and how far every layer's weights have
moved from their start, ‖W - W0‖ / ‖W0‖.

Steps stream through a generator (``iter_training``) or a callback
(``training_dynamics(..., on_step=)``), and a cancel flag (a
``threading.Event`` or any zero-argument callable) is checked before every
step, so a cancelled run stops within one step.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from tutor.lab.blas import one_thread
from tutor.lab.flow import weights_rng
from tutor.lab.mlp import Net, forward, forward_backward, init_net
from tutor.lab.params import TrainingDynamicsParams
from tutor.lab.results import RunStep, RunSummary, TrainingDynamicsResult, TrainingStep

TRAIN_SIZE = 2048
TEST_SIZE = 1024
ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8
CURVATURE = 0.7

TASK_DESCRIPTION = (
    "two classes in {width} dimensions: x ~ N(0, I), u and v its projections on two fixed random directions, "
    "label 1 when u + 0.7(v² - 1) > 0 (a curved boundary; the best straight one scores about 82%); "
    "{train} training and {test} held-out points"
)


class _Event(Protocol):
    def is_set(self) -> bool: ...


Cancel = _Event | Callable[[], bool] | None


def _cancel_check(cancel: Cancel) -> Callable[[], bool]:
    if cancel is None:
        return lambda: False
    is_set = getattr(cancel, "is_set", None)
    if callable(is_set):
        return is_set
    if callable(cancel):
        return cancel
    raise TypeError("cancel must be a threading.Event, a callable returning bool, or None")


def make_task(width: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x_train, y_train, x_test, y_test) for the parabola task; see the module docstring."""
    rng = np.random.default_rng([seed, 3])
    directions, _ = np.linalg.qr(rng.standard_normal((width, 2)))
    x = rng.standard_normal((TRAIN_SIZE + TEST_SIZE, width))
    u, v = (x @ directions).T
    y = (u + CURVATURE * (v * v - 1.0) > 0).astype(np.float64)
    return x[:TRAIN_SIZE], y[:TRAIN_SIZE], x[TRAIN_SIZE:], y[TRAIN_SIZE:]


@dataclass
class _Optimiser:
    kind: str
    lr: float
    state: list[list[np.ndarray]]
    t: int = 0

    @classmethod
    def for_net(cls, kind: str, lr: float, net: Net) -> _Optimiser:
        params = _params(net)
        state = [[np.zeros_like(p) for p in params] for _ in range(2)] if kind == "adam" else []
        return cls(kind, lr, state)

    def step(self, net: Net, grads: list[np.ndarray]) -> None:
        params = _params(net)
        if self.kind == "sgd":
            for p, g in zip(params, grads, strict=True):
                p -= self.lr * g
            return
        self.t += 1
        b1, b2 = ADAM_BETAS
        c1 = 1.0 - b1**self.t
        c2 = 1.0 - b2**self.t
        for p, g, m, v in zip(params, grads, self.state[0], self.state[1], strict=True):
            m *= b1
            m += (1.0 - b1) * g
            v *= b2
            v += (1.0 - b2) * (g * g)
            p -= self.lr * (m / c1) / (np.sqrt(v / c2) + ADAM_EPS)


def _params(net: Net) -> list[np.ndarray]:
    return [net.w, net.b, net.w_out, net.b_out]


def _layer_norms(w: np.ndarray, w_out: np.ndarray) -> np.ndarray:
    flat = w.reshape(w.shape[0], -1)
    hidden = np.sqrt(np.einsum("ij,ij->i", flat, flat))
    return np.append(hidden, math.sqrt(float((w_out * w_out).sum())))


def iter_training(params: TrainingDynamicsParams, cancel: Cancel = None) -> Iterator[TrainingStep]:
    """Yield one ``TrainingStep`` per step until done or cancelled."""
    is_cancelled = _cancel_check(cancel)
    x_train, y_train, x_test, y_test = make_task(params.width, params.seed)
    nets = [
        init_net(c, params.depth, params.width, weights_rng(params.seed)) for c in params.configs
    ]
    starts = [net.copy() for net in nets]
    start_norms = [_layer_norms(n.w, n.w_out) for n in starts]
    optimisers = [_Optimiser.for_net(params.optimizer, params.effective_lr, n) for n in nets]
    batch_rng = np.random.default_rng([params.seed, 4])
    batch = min(params.batch, TRAIN_SIZE)
    for step in range(1, params.steps + 1):
        if is_cancelled():
            return
        idx = batch_rng.choice(TRAIN_SIZE, size=batch, replace=False)
        xb, yb = x_train[idx], y_train[idx]
        with one_thread():
            runs = [
                _step(net, start, w0, opt, xb, yb, x_test, y_test)
                for net, start, w0, opt in zip(nets, starts, start_norms, optimisers, strict=True)
            ]
        yield TrainingStep.model_construct(step=step, runs=runs)


def _step(
    net: Net,
    start: Net,
    w0: np.ndarray,
    opt: _Optimiser,
    xb: np.ndarray,
    yb: np.ndarray,
    x_test: np.ndarray,
    y_test: np.ndarray,
) -> RunStep:
    """One optimiser step of one network, and its record."""
    p = forward_backward(net, xb, yb)
    grad_norms = _layer_norms(p.grad_w, p.grad_w_out)
    opt.step(net, [p.grad_w, p.grad_b, p.grad_w_out, p.grad_b_out])
    moved = _layer_norms(net.w - start.w, net.w_out - start.w_out)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = moved / w0
    movement = [float(r) if w0k > 0 else None for r, w0k in zip(rel, w0, strict=True)]
    accuracy = float(np.mean((forward(net, x_test) > 0) == (y_test > 0.5)))
    return RunStep.model_construct(
        loss=p.loss, accuracy=accuracy, grad_norms=grad_norms.tolist(), weight_movement=movement
    )


def training_dynamics(
    params: TrainingDynamicsParams,
    on_step: Callable[[TrainingStep], None] | None = None,
    cancel: Cancel = None,
) -> TrainingDynamicsResult:
    """Run to the end (or until cancelled), calling ``on_step`` after every step."""
    steps: list[TrainingStep] = []
    for record in iter_training(params, cancel):
        steps.append(record)
        if on_step is not None:
            on_step(record)
    return result_from_steps(params, steps)


def result_from_steps(
    params: TrainingDynamicsParams, steps: list[TrainingStep]
) -> TrainingDynamicsResult:
    """The result model for the steps run so far (a partial run is marked cancelled)."""
    summaries = []
    for i, config in enumerate(params.configs):
        last = steps[-1].runs[i] if steps else None
        summaries.append(
            RunSummary(
                config=config,
                label=config.label,
                final_loss=last.loss if last else math.nan,
                final_accuracy=last.accuracy if last else math.nan,
                first_layer_movement=last.weight_movement[0] if last else None,
                last_hidden_movement=last.weight_movement[params.depth - 1] if last else None,
            )
        )
    return TrainingDynamicsResult(
        params=params,
        lr=params.effective_lr,
        task=TASK_DESCRIPTION.format(width=params.width, train=TRAIN_SIZE, test=TEST_SIZE),
        completed_steps=len(steps),
        cancelled=len(steps) < params.steps,
        steps=steps,
        summaries=summaries,
    )
