"""signal_propagation: forward spread and the input-output Jacobian's singular values by depth.

A deep stack h_l = φ(W_l h_{l−1}) with zero biases and weights either
Gaussian, W ~ N(0, σ_w²/width) (``nn.init.normal_``), or orthogonal scaled by
σ_w (``nn.init.orthogonal_``). For a batch it records the spread of the
pre-activations per layer; for one input it multiplies out the Jacobian
J_l = diag(φ'(z_l)) W_l J_{l−1} and takes its singular values
(``torch.linalg.svdvals``) at checkpoints.

With tanh, σ_w < 1 is the ordered phase (signals and gradients die out),
σ_w > 1 the chaotic phase (the mean squared singular value grows, nearby
inputs are torn apart), and σ_w = 1 the edge of chaos. At the edge, Gaussian
weights still spread the singular values over orders of magnitude as depth
grows, while orthogonal weights keep them all near 1: dynamical isometry.
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

BUDGET = 4e9


def _default_sigmas() -> list[float]:
    return [0.5, 1.0, 2.0]


def _default_inits() -> list[Literal["gaussian", "orthogonal"]]:
    return ["gaussian", "orthogonal"]


class SignalPropagationParams(Params):
    depth: int = Field(default=50, ge=2, le=200, description="Number of layers.")
    width: int = Field(
        default=64, ge=4, le=256, description="Units per layer (and input features)."
    )
    batch: int = Field(default=64, ge=1, le=512, description="Inputs whose spread is measured.")
    activation: Literal["tanh", "relu", "linear"] = Field(
        default="tanh", description="φ, the activation."
    )
    sigma_ws: list[float] = Field(
        default_factory=_default_sigmas,
        min_length=1,
        max_length=4,
        description="Weight scales σ_w compared (tanh: below 1 ordered, 1 the edge of chaos, above 1 chaotic).",
    )
    inits: list[Literal["gaussian", "orthogonal"]] = Field(
        default_factory=_default_inits,
        min_length=1,
        max_length=2,
        description="gaussian and/or orthogonal weights.",
    )
    seed: int = Field(default=0, ge=0, le=MAX_SEED, description="Random seed.")

    @model_validator(mode="after")
    def _bounded(self) -> SignalPropagationParams:
        if any(not (0.0 < s <= 10.0) for s in self.sigma_ws):
            raise ValueError("every sigma_w must be greater than 0 and at most 10")
        runs = len(self.sigma_ws) * len(self.inits)
        work = runs * self.depth * (self.batch + 2 * self.width) * self.width**2
        problem = over_budget(
            "runs × depth × (batch + 2 width) × width²", work, BUDGET, "use fewer layers or units"
        )
        if problem:
            raise ValueError(problem)
        return self


class SignalRun(Result):
    init: str
    sigma_w: float
    label: str
    spread: list[float] = Field(
        description="Standard deviation of the pre-activations at layers 1..depth."
    )
    layers: list[int] = Field(
        description="Checkpoint layers where the Jacobian's singular values were taken."
    )
    sv_max: list[float]
    sv_min: list[float]
    sv_mean_square: list[float] = Field(
        description="Mean squared singular value (χ^l in mean-field terms)."
    )


class SignalPropagationResult(Result):
    experiment: Literal["signal_propagation"] = "signal_propagation"
    params: SignalPropagationParams
    runs: list[SignalRun]


# --- the PyTorch code (copied verbatim into the generated script) ------------------


def propagate(
    depth: int, width: int, batch: int, activation: str, sigma_w: float, init: str, seed: int
) -> dict:
    import torch
    from torch import nn

    torch.default_generator.manual_seed(seed)
    h = torch.randn(batch, width)
    phi = {"tanh": torch.tanh, "relu": torch.relu, "linear": lambda z: z}[activation]
    checkpoints = {k for k in (1, 2, 5, 10, 20, 50, 100, 200) if k < depth} | {depth}
    out: dict = {"spread": [], "layers": [], "sv_max": [], "sv_min": [], "sv_mean_square": []}
    jac = torch.eye(width)  # d h_l[0] / d h_0[0]: the Jacobian for the batch's first input
    for layer in range(1, depth + 1):
        w = torch.empty(width, width)
        if init == "orthogonal":
            nn.init.orthogonal_(w, gain=sigma_w)
        else:
            nn.init.normal_(w, std=sigma_w / math.sqrt(width))
        z = h @ w.T
        z0 = z[0].clone().requires_grad_()
        slope = torch.autograd.grad(phi(z0).sum(), z0)[0]  # φ'(z) at the first input
        jac = slope[:, None] * (w @ jac)
        h = phi(z)
        out["spread"].append(z.std().item())
        if layer in checkpoints:
            sv = torch.linalg.svdvals(jac)
            out["layers"].append(layer)
            out["sv_max"].append(sv.max().item())
            out["sv_min"].append(sv.min().item())
            out["sv_mean_square"].append(sv.square().mean().item())
    return out


# --- the lab's side -------------------------------------------------------------------


def _label(init: str, sigma_w: float) -> str:
    return f"{init} σ_w={sigma_w:g}"


def run(
    params: SignalPropagationParams, progress: Progress | None = None, cancelled: Cancelled = never
) -> SignalPropagationResult:
    torch_setup()
    runs = []
    for init in params.inits:
        for s in params.sigma_ws:
            raw = propagate(
                params.depth, params.width, params.batch, params.activation, s, init, params.seed
            )
            runs.append(SignalRun(init=init, sigma_w=s, label=_label(init, s), **raw))
    return SignalPropagationResult(params=params, runs=runs)


def numbers(result: SignalPropagationResult) -> dict[str, float]:
    out: dict[str, float] = {}
    for r in result.runs:
        for i, layer in enumerate(r.layers):
            out[f"{r.label} layer {layer} sv_max"] = r.sv_max[i]
            out[f"{r.label} layer {layer} sv_min"] = r.sv_min[i]
    return out


PRINTER = """for init, sigma_w, run in numbers:
    for layer, hi, lo in zip(run["layers"], run["sv_max"], run["sv_min"]):
        print(init, f"σ_w={sigma_w:g}", "layer", layer, "largest", repr(hi), "smallest", repr(lo))"""


def script(params: SignalPropagationParams) -> str:
    p = params
    call = (
        f"[(init, s, propagate({p.depth}, {p.width}, {p.batch}, {p.activation!r}, s, init, {p.seed}))\n"
        f"    for init in {list(p.inits)!r} for s in {list(p.sigma_ws)!r}]"
    )
    return script_text(source_of(propagate), None, call, PRINTER)


def _condition(r: SignalRun) -> float:
    return r.sv_max[-1] / r.sv_min[-1] if r.sv_min[-1] > 0 else math.inf


def summarize(result: SignalPropagationResult) -> str:
    d = result.params.depth
    parts = []
    for r in result.runs:
        msq = r.sv_mean_square[-1]
        spread = r.spread[-1]
        if msq < 1e-2:
            phase = "the signal dies out (ordered)"
        elif msq > 1e2:
            phase = "gradients explode (chaotic)"
        else:
            phase = "the signal survives"
        parts.append(
            f"{r.label}: {phase}, spread {spread:.2g} at layer {d}, singular values from {r.sv_min[-1]:.2g} to {r.sv_max[-1]:.2g}"
        )
    return "; ".join(parts) + "."


def figure(result: SignalPropagationResult) -> Figure:
    runs = result.runs
    spread = Chart(
        "Pre-activation spread by layer (log scale)",
        tuple(Series(r.label, tuple(r.spread)) for r in runs),
        kind="lines",
    )
    sv = Chart(
        "Largest singular value of the input-output Jacobian at each checkpoint (log scale)",
        tuple(Series(r.label, tuple(r.sv_max)) for r in runs),
        x_labels=tuple(str(layer) for layer in runs[0].layers),
        x_title="layer",
    )
    rows = tuple(
        (
            r.label,
            f"{r.spread[-1]:.3g}",
            sci(r.sv_max[-1]),
            sci(r.sv_min[-1]),
            sci(r.sv_mean_square[-1]),
            sci(_condition(r)),
        )
        for r in runs
    )
    table = Table(
        f"{result.params.activation} at depth {result.params.depth}",
        ("weights", "spread", "largest sv", "smallest sv", "mean sv²", "largest/smallest"),
        rows,
    )
    return Figure(charts=(spread, sv), tables=(table,))


QUANTITIES = {
    "final_spread": "spread of the pre-activations at the last layer (first run)",
    "sv_max": "largest singular value of the input-output Jacobian at the last layer (first run)",
    "sv_mean_square": "mean squared singular value of the Jacobian at the last layer (first run)",
    "condition": "largest over smallest singular value at the last layer (first run)",
}


def measure(result: SignalPropagationResult, quantity: str) -> float:
    r = result.runs[0]
    return {
        "final_spread": r.spread[-1],
        "sv_max": r.sv_max[-1],
        "sv_mean_square": r.sv_mean_square[-1],
        "condition": _condition(r),
    }[quantity]


EXPERIMENT = Experiment(
    name="signal_propagation",
    title="Signal propagation: ordered, chaotic and the edge of chaos",
    summary="Activation spread and the input-output Jacobian's singular values by depth for Gaussian vs orthogonal weights and weight scale σ_w.",
    params_model=SignalPropagationParams,
    runner=run,
    summarize=summarize,
    figure=figure,
    script=script,
    numbers=numbers,
    quantities=QUANTITIES,
    measure=measure,
)
