"""normalisation: no norm vs BatchNorm vs LayerNorm vs RMSNorm by depth, plain or residual (torch.nn).

Every hidden layer is ``nn.Linear`` (He init, ``kaiming_normal_``, zero bias)
followed by ReLU; a normalisation layer (``nn.BatchNorm1d``,
``nn.LayerNorm``, ``nn.RMSNorm``) sits where the configuration says:

- plain: h = relu(norm(W h));
- residual, post-norm: h = norm(h + relu(W h));
- residual, pre-norm: h = h + relu(W norm(h)).

One backward pass (random batch, random 0/1 labels, BCE) gives ‖dL/dW‖ per
layer. In a plain deep ReLU net batch norm makes the gradient GROW toward the
input (by orders of magnitude at depth 50): each BN layer divides by the
batch's spread, and the backward pass multiplies those factors; LayerNorm
and RMSNorm keep it near flat, and pre-norm residual blocks keep a direct
path from the loss to every layer.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field, model_validator

from tutor.lab.experiment import (
    MAX_SEED,
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
from tutor.lab.figure import Chart, Figure, Series, Table, sci
from tutor.lab.params import over_budget
from tutor.lab.summary import power_of_ten

Norm = Literal["none", "batch", "layer", "rms"]
BUDGET = 3e9
NORM_LABELS = {"none": "no norm", "batch": "BatchNorm", "layer": "LayerNorm", "rms": "RMSNorm"}


class NormConfig(Params):
    norm: Norm = Field(
        default="none", description="none, batch (BatchNorm1d), layer (LayerNorm) or rms (RMSNorm)."
    )
    residual: bool = Field(default=False, description="Residual blocks instead of a plain stack.")
    placement: Literal["pre", "post"] = Field(
        default="pre",
        description="Residual blocks only: norm before the branch (pre) or after the sum (post).",
    )

    @property
    def label(self) -> str:
        if not self.residual:
            return f"plain, {NORM_LABELS[self.norm]}"
        return f"residual {self.placement}-norm, {NORM_LABELS[self.norm]}"


def _default_norms() -> list[NormConfig]:
    return [NormConfig(norm=n) for n in ("none", "batch", "layer", "rms")]


class NormalisationParams(Params):
    depth: int = Field(default=50, ge=10, le=100, description="Number of hidden layers.")
    width: int = Field(
        default=64, ge=4, le=256, description="Units per layer (and input features)."
    )
    batch: int = Field(
        default=64, ge=2, le=512, description="Examples in the batch (BatchNorm needs 2)."
    )
    seed: int = Field(default=0, ge=0, le=MAX_SEED, description="Random seed for data and weights.")
    configs: list[NormConfig] = Field(
        default_factory=_default_norms,
        min_length=1,
        max_length=8,
        description="Variants compared side by side.",
    )

    @model_validator(mode="after")
    def _bounded_work(self) -> NormalisationParams:
        work = len(self.configs) * self.depth * self.batch * self.width**2
        problem = over_budget(
            "configs × depth × batch × width²", work, BUDGET, "use fewer layers, units or configs"
        )
        if problem:
            raise ValueError(problem)
        return self


class NormRun(Result):
    config: NormConfig
    label: str
    grad_norms: list[float] = Field(
        description="‖dL/dW‖ of hidden layers 1..depth (input side first)."
    )
    first_last_ratio: float | None
    loss: float


class NormalisationResult(Result):
    experiment: Literal["normalisation"] = "normalisation"
    params: NormalisationParams
    runs: list[NormRun]


# --- the PyTorch code (copied verbatim into the generated script) ------------------


def norm_flow(depth: int, width: int, batch: int, seed: int, configs: list) -> list:
    import torch
    from torch import nn

    torch.default_generator.manual_seed(seed)
    x, y = torch.randn(batch, width), torch.randint(0, 2, (batch,)).float()
    make = {"none": nn.Identity, "batch": nn.BatchNorm1d, "layer": nn.LayerNorm, "rms": nn.RMSNorm}
    runs = []
    for cfg in configs:
        torch.default_generator.manual_seed(seed + 1)  # every config draws the same weights
        linears = [nn.Linear(width, width) for _ in range(depth)]
        for lin in linears:
            nn.init.kaiming_normal_(lin.weight, nonlinearity="relu")
            nn.init.zeros_(lin.bias)
        norms = [make[cfg["norm"]](width) for _ in range(depth)]
        h = x
        for lin, norm in zip(linears, norms):
            if not cfg["residual"]:
                h = torch.relu(norm(lin(h)))
            elif cfg["placement"] == "post":
                h = norm(h + torch.relu(lin(h)))
            else:
                h = h + torch.relu(lin(norm(h)))
        loss = nn.functional.binary_cross_entropy_with_logits(h.mean(dim=1), y)
        grads = torch.autograd.grad(loss, [lin.weight for lin in linears])
        runs.append(
            {"loss": loss.item(), "grad_norm": torch.stack([g.norm() for g in grads]).tolist()}
        )
    return runs


# --- the lab's side -------------------------------------------------------------------


def run(
    params: NormalisationParams, progress: Progress | None = None, cancelled: Cancelled = never
) -> NormalisationResult:
    torch_setup()
    configs = [c.model_dump() for c in params.configs]
    raw = norm_flow(params.depth, params.width, params.batch, params.seed, configs)
    runs = []
    for cfg, r in zip(params.configs, raw):
        g = r["grad_norm"]
        ok = all(map(math.isfinite, g)) and g[-1] > 0
        runs.append(
            NormRun(
                config=cfg,
                label=cfg.label,
                grad_norms=g,
                first_last_ratio=g[0] / g[-1] if ok else None,
                loss=r["loss"],
            )
        )
    return NormalisationResult(params=params, runs=runs)


def numbers(result: NormalisationResult) -> dict[str, float]:
    out: dict[str, float] = {}
    for r in result.runs:
        out[f"{r.label} loss"] = r.loss
        out |= {f"{r.label} layer {k}": g for k, g in enumerate(r.grad_norms, 1)}
    return out


PRINTER = """for cfg, run in zip(CONFIGS, numbers):
    print(cfg, "loss", repr(run["loss"]))
    for k, g in enumerate(run["grad_norm"], 1):
        print("layer", k, "‖dL/dW‖", repr(g))"""


def script(params: NormalisationParams) -> str:
    call = f"norm_flow(depth={params.depth}, width={params.width}, batch={params.batch}, seed={params.seed}, configs=CONFIGS)"
    return script_text(
        source_of(norm_flow), [c.model_dump() for c in params.configs], call, PRINTER
    )


def summarize(result: NormalisationResult) -> str:
    d = result.params.depth
    parts = []
    for r in result.runs:
        ratio = r.first_last_ratio
        if ratio is None:
            parts.append(f"{r.label}: the gradient overflows or vanishes entirely")
        elif ratio > 10:
            parts.append(
                f"{r.label}: layer 1 gets {power_of_ten(ratio)} times layer {d}'s gradient (it grows toward the input)"
            )
        elif ratio < 0.1:
            parts.append(
                f"{r.label}: layer 1 gets {power_of_ten(ratio)} of layer {d}'s gradient (it vanishes toward the input)"
            )
        else:
            parts.append(f"{r.label}: about as much at layer 1 as at layer {d} ({ratio:.2g}×)")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def figure(result: NormalisationResult) -> Figure:
    chart = Chart(
        "‖dL/dW‖ per layer (log scale)",
        tuple(Series(r.label, tuple(r.grad_norms)) for r in result.runs),
        kind="lines",
    )
    d = result.params.depth
    rows = tuple(
        (
            r.label,
            sci(r.grad_norms[0]),
            sci(r.grad_norms[-1]),
            sci(r.first_last_ratio),
            f"{r.loss:.3f}",
        )
        for r in result.runs
    )
    table = Table(
        f"normalisation at depth {d}",
        ("network", "layer 1", f"layer {d}", "first/last", "loss"),
        rows,
    )
    return Figure(charts=(chart,), tables=(table,))


QUANTITIES = {"first_last_ratio": "‖dL/dW‖ of layer 1 over that of the last layer, first config"}


def measure(result: NormalisationResult, quantity: str) -> float | None:
    return {"first_last_ratio": result.runs[0].first_last_ratio}[quantity]


EXPERIMENT = Experiment(
    name="normalisation",
    title="Normalisation layers by depth: BatchNorm, LayerNorm, RMSNorm, pre vs post",
    summary="Per-layer gradients of deep ReLU nets with no norm, BatchNorm, LayerNorm or RMSNorm, plain or in pre-/post-norm residual blocks.",
    params_model=NormalisationParams,
    runner=run,
    summarize=summarize,
    figure=figure,
    script=script,
    numbers=numbers,
    quantities=QUANTITIES,
    measure=measure,
)
