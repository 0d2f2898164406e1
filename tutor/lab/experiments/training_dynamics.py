"""training_dynamics: deep nets trained side by side (torch.nn, torch.optim), streamed step by step.

The task (generated in-process, seeded, no downloads): x ~ N(0, I) in
``width`` dimensions; two fixed random orthonormal directions give u and v;
the label is 1 when u + 0.7(v² − 1) > 0, a curved boundary the best straight
one gets only about 82% right. 2,048 training and 1,024 held-out points;
every configuration sees the same mini-batches in the same order.

Defaults are the seed article's comparison: 12 hidden layers of 32, sigmoid
with PyTorch's default init against ReLU with He init, plain SGD. Each step
records the batch loss (before the update), held-out accuracy (after it),
every layer's weight-gradient norm (before clipping) and how far its weights
moved, ‖W − W0‖ / ‖W0‖. ``clip_norm`` turns on ``nn.utils.clip_grad_norm_``;
ReLU with ``large`` init is the exploding configuration it tames.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from tutor.lab.experiment import (
    MAX_SEED,
    TORCH_HEADER,
    Cancelled,
    Experiment,
    Params,
    Progress,
    Result,
    never,
    script_text,
    source_of,
    torch_setup,
)
from tutor.lab.experiments.gradient_flow import build_net, forward
from tutor.lab.figure import Chart, Figure, Series, Table, sci
from tutor.lab.params import NetConfig, default_configs, over_budget

if TYPE_CHECKING:
    import torch

TRAIN_SIZE = 2048
TEST_SIZE = 1024
BUDGET = 1.2e10  # steps × configs × depth × width² × (batch + held-out points): about 8 s
DEFAULT_LR = {"sgd": 0.5, "adam": 0.005}
TASK = (
    "two classes in {width} dimensions: x ~ N(0, I), u and v its projections on two fixed random "
    "directions, label 1 when u + 0.7(v² − 1) > 0 (the best straight boundary scores about 82%); "
    "2048 training and 1024 held-out points"
)


class TrainingDynamicsParams(Params):
    depth: int = Field(default=12, ge=2, le=50, description="Number of hidden layers.")
    width: int = Field(
        default=32, ge=2, le=128, description="Units per hidden layer (and input features)."
    )
    steps: int = Field(default=200, ge=1, le=5000, description="Optimisation steps.")
    optimizer: Literal["sgd", "adam"] = Field(
        default="sgd", description="sgd (plain, no momentum) or adam."
    )
    lr: float | None = Field(
        default=None,
        gt=0.0,
        le=10.0,
        description="Learning rate (default: 0.5 for sgd, 0.005 for adam).",
    )
    batch: int = Field(
        default=256, ge=2, le=2048, description="Examples per step (from 2,048 training points)."
    )
    clip_norm: float | None = Field(
        default=None,
        gt=0.0,
        le=1e6,
        description="Clip each network's gradient to this total norm (nn.utils.clip_grad_norm_); off when not given.",
    )
    seed: int = Field(
        default=0, ge=0, le=MAX_SEED, description="Random seed for the task and the weights."
    )
    configs: list[NetConfig] = Field(
        default_factory=default_configs,
        min_length=1,
        max_length=4,
        description="Network variants trained side by side (default: sigmoid/default vs relu/kaiming).",
    )

    @property
    def effective_lr(self) -> float:
        return self.lr if self.lr is not None else DEFAULT_LR[self.optimizer]

    @model_validator(mode="after")
    def _bounded_work(self) -> TrainingDynamicsParams:
        work = (
            self.steps * len(self.configs) * self.depth * self.width**2 * (self.batch + TEST_SIZE)
        )
        problem = over_budget(
            "steps × configs × depth × width² × (batch + 1024)",
            work,
            BUDGET,
            "use fewer steps, layers or units",
        )
        if problem:
            raise ValueError(problem)
        return self


class RunStep(Result):
    loss: float = Field(description="Training loss on this step's batch (before the update).")
    accuracy: float = Field(description="Accuracy on the held-out set after the update.")
    grad_norms: list[float] = Field(
        description="‖dL/dW‖ per layer before clipping, input side first, output last."
    )
    weight_movement: list[float | None] = Field(
        description="‖W − W0‖ / ‖W0‖ per layer; None where W0 is all zero."
    )


class TrainingStep(Result):
    """One step of every configuration, side by side (runs[i] is configs[i])."""

    step: int = Field(description="1-based step number.")
    runs: list[RunStep]


class RunSummary(Result):
    config: NetConfig
    label: str
    final_loss: float
    final_accuracy: float
    first_layer_grad: float | None = Field(description="‖dL/dW‖ of layer 1 at the first step.")
    first_layer_movement: float | None
    last_hidden_movement: float | None


class TrainingDynamicsResult(Result):
    experiment: Literal["training_dynamics"] = "training_dynamics"
    params: TrainingDynamicsParams
    lr: float
    task: str
    completed_steps: int
    cancelled: bool
    steps: list[TrainingStep]
    summaries: list[RunSummary]


# --- the PyTorch code (copied verbatim into the generated script) ------------------


def make_task(width: int, seed: int) -> tuple[torch.Tensor, ...]:
    import torch

    g = torch.Generator().manual_seed(seed)
    directions = torch.linalg.qr(torch.randn(width, 2, generator=g))[0]
    x = torch.randn(2048 + 1024, width, generator=g)
    u, v = (x @ directions).T
    y = (u + 0.7 * (v * v - 1) > 0).float()  # a curved boundary
    return x[:2048], y[:2048], x[2048:], y[2048:]


def train(
    depth: int, width: int, steps: int, optimizer: str, lr: float, batch: int, clip_norm: float | None,
    seed: int, configs: list,
) -> Iterator[list]:  # fmt: skip
    import torch
    from torch import nn

    x, y, x_test, y_test = make_task(width, seed)
    nets = []
    for cfg in configs:
        torch.default_generator.manual_seed(seed + 1)  # every config starts from the same draws
        nets.append(build_net(depth, width, cfg))
    weights = [[*(lin.weight for lin in n["linears"]), n["out"].weight] for n in nets]
    starts = [[w.detach().clone() for w in ws] for ws in weights]
    opt = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam}[optimizer]
    opts = [opt(n.parameters(), lr=lr) for n in nets]
    order = torch.Generator().manual_seed(seed + 2)
    for _ in range(steps):
        idx = torch.randperm(2048, generator=order)[:batch]
        records = []
        for net, cfg, ws, w0s, o in zip(nets, configs, weights, starts, opts):
            loss = nn.functional.binary_cross_entropy_with_logits(
                forward(net, x[idx], cfg["residual"])[0], y[idx]
            )
            o.zero_grad()
            loss.backward()
            grad_norms = torch.stack([w.grad.norm() for w in ws]).tolist()
            if clip_norm is not None:
                nn.utils.clip_grad_norm_(net.parameters(), clip_norm)
            o.step()
            with torch.no_grad():
                right = (forward(net, x_test, cfg["residual"])[0] > 0).float() == y_test
                moved = torch.stack([(w - w0).norm() / w0.norm() for w, w0 in zip(ws, w0s)])
            records.append((loss.item(), right.float().mean().item(), grad_norms, moved.tolist()))
        yield records


# --- the lab's side -------------------------------------------------------------------


def _args(p: TrainingDynamicsParams) -> dict[str, Any]:
    return {
        "depth": p.depth, "width": p.width, "steps": p.steps, "optimizer": p.optimizer,
        "lr": p.effective_lr, "batch": p.batch, "clip_norm": p.clip_norm, "seed": p.seed,
    }  # fmt: skip


def _finite(v: float) -> float | None:
    return v if math.isfinite(v) else None


def run(
    params: TrainingDynamicsParams, progress: Progress | None = None, cancelled: Cancelled = never
) -> TrainingDynamicsResult:
    """Run to the end or until ``cancelled()``, calling ``progress`` with every step."""
    torch_setup()
    steps: list[TrainingStep] = []
    configs = [c.model_dump() for c in params.configs]
    for n, records in enumerate(train(**_args(params), configs=configs), 1):
        runs = [
            RunStep.model_construct(
                loss=loss,
                accuracy=acc,
                grad_norms=grads,
                weight_movement=[_finite(m) for m in moved],
            )
            for loss, acc, grads, moved in records
        ]
        record = TrainingStep.model_construct(step=n, runs=runs)
        steps.append(record)
        if progress is not None:
            progress(record)
        if cancelled():
            break
    return result_from_steps(params, steps)


def result_from_steps(
    params: TrainingDynamicsParams, steps: list[TrainingStep]
) -> TrainingDynamicsResult:
    """The result for the steps run so far (a partial run is marked cancelled)."""
    summaries = []
    for i, config in enumerate(params.configs):
        last = steps[-1].runs[i] if steps else None
        summaries.append(
            RunSummary(
                config=config,
                label=config.label,
                final_loss=last.loss if last else math.nan,
                final_accuracy=last.accuracy if last else math.nan,
                first_layer_grad=steps[0].runs[i].grad_norms[0] if steps else None,
                first_layer_movement=last.weight_movement[0] if last else None,
                last_hidden_movement=last.weight_movement[params.depth - 1] if last else None,
            )
        )
    return TrainingDynamicsResult(
        params=params,
        lr=params.effective_lr,
        task=TASK.format(width=params.width),
        completed_steps=len(steps),
        cancelled=len(steps) < params.steps,
        steps=steps,
        summaries=summaries,
    )


def numbers(result: TrainingDynamicsResult) -> dict[str, float]:
    out: dict[str, float] = {}
    last = result.steps[-1]
    for s, r in zip(result.summaries, last.runs):
        out[f"{s.label} loss"] = r.loss
        out[f"{s.label} accuracy"] = r.accuracy
        out[f"{s.label} first_layer_grad_at_step_1"] = s.first_layer_grad or 0.0
    return out


PRINTER = """first = None
for records in numbers:
    first = first or records
for cfg, (loss, accuracy, grads, moved), start in zip(CONFIGS, records, first):
    print(cfg, "loss", repr(loss), "accuracy", repr(accuracy), "first-layer grad at step 1", repr(start[2][0]))"""


def script(params: TrainingDynamicsParams) -> str:
    from tutor.lab.experiments.gradient_flow import build_net as _b
    from tutor.lab.experiments.gradient_flow import forward as _f

    call = (
        "train(" + ", ".join(f"{k}={v!r}" for k, v in _args(params).items()) + ", configs=CONFIGS)"
    )
    return script_text(
        source_of(_b, _f, make_task, train),
        [c.model_dump() for c in params.configs],
        call,
        PRINTER,
        header=TORCH_HEADER,
    )


def summarize(result: TrainingDynamicsResult) -> str:
    if not result.summaries or result.completed_steps == 0:
        return "No steps were run."
    parts = []
    for s in result.summaries:
        if not math.isfinite(s.final_loss):
            parts.append(f"{s.label} blew up (its loss is {s.final_loss}: the gradients exploded)")
            continue
        moved = (
            "did not move"
            if s.first_layer_movement in (None, 0)
            else f"moved {s.first_layer_movement:.2g} of its size"
        )
        grad = (
            f" (its first-layer gradient started at {sci(s.first_layer_grad)})"
            if s.first_layer_grad
            else ""
        )
        parts.append(
            f"{s.label} reached {s.final_accuracy:.0%} accuracy and its first layer {moved}{grad}"
        )
    stop = f" (stopped after {result.completed_steps} steps)" if result.cancelled else ""
    return f"After {result.completed_steps} steps{stop}, " + "; ".join(parts) + "."


def figure(result: TrainingDynamicsResult) -> Figure:
    return training_figure(result.params, result.steps)


def training_figure(params: TrainingDynamicsParams, steps: list[TrainingStep]) -> Figure:
    """The figure for the steps so far: what the screen redraws while training streams."""
    labels = [c.label for c in params.configs]
    if not steps:
        return Figure()
    last = steps[-1]
    depth = params.depth
    x_labels = tuple([*(str(k) for k in range(1, depth + 1)), "out"])
    movement = Chart(
        f"Weight movement ‖W−W₀‖/‖W₀‖ per layer after {last.step} steps (log scale)",
        tuple(Series(lab, tuple(r.weight_movement)) for lab, r in zip(labels, last.runs)),
        x_labels=x_labels,
    )
    loss = Chart(
        "Loss per step",
        tuple(Series(lab, tuple(s.runs[i].loss for s in steps)) for i, lab in enumerate(labels)),
        kind="lines",
        log=False,
        x_title="step",
    )
    rows = tuple(
        (
            lab,
            f"{last.step}/{params.steps}",
            f"{r.loss:.4f}",
            f"{r.accuracy:.1%}",
            sci(steps[0].runs[i].grad_norms[0]),
            sci(r.weight_movement[0]),
            sci(r.weight_movement[depth - 1]),
        )
        for i, (lab, r) in enumerate(zip(labels, last.runs))
    )
    clip = f", gradients clipped to norm {params.clip_norm:g}" if params.clip_norm else ""
    table = Table(
        f"training: {params.optimizer} lr {params.effective_lr:g}{clip}",
        (
            "network",
            "step",
            "loss",
            "accuracy",
            "layer-1 grad at step 1",
            "layer 1 moved",
            f"layer {depth} moved",
        ),
        rows,
        caption=f"task: {TASK.format(width=params.width)}",
    )
    return Figure(charts=(movement, loss), tables=(table,))


QUANTITIES = {
    "final_accuracy": "held-out accuracy of the first config after the last step",
    "final_loss": "training loss of the first config at the last step",
    "first_layer_grad": "‖dL/dW‖ of layer 1 of the first config at step 1",
    "first_layer_movement": "‖W − W0‖ / ‖W0‖ of layer 1 of the first config at the end",
}


def measure(result: TrainingDynamicsResult, quantity: str) -> float | None:
    s = result.summaries[0]
    value = {
        "final_accuracy": s.final_accuracy,
        "final_loss": s.final_loss,
        "first_layer_grad": s.first_layer_grad,
        "first_layer_movement": s.first_layer_movement,
    }[quantity]
    return value


EXPERIMENT = Experiment(
    name="training_dynamics",
    title="Training deep networks side by side",
    summary="Train the same deep network with different activations, inits or gradient clipping and compare loss, accuracy and how far each layer moves.",
    params_model=TrainingDynamicsParams,
    runner=run,
    summarize=summarize,
    figure=figure,
    script=script,
    numbers=numbers,
    quantities=QUANTITIES,
    measure=measure,
    streams=True,
    partial_figure=lambda params, steps: training_figure(params, steps),
)
