"""precision: the same backward pass in float32, float16 and bfloat16, with and without loss scaling.

A deep sigmoid MLP (PyTorch's default init, so its gradients shrink layer by
layer) is built once in float32 and copied to each dtype with ``.to(dtype)``;
one forward and backward pass runs in that dtype (the loss itself in float32).
For every layer it counts the weight-gradient entries that come out exactly 0
although the float32 gradient is not: they underflowed. float16 has 5
exponent bits (smallest subnormal about 6e-8), bfloat16 has float32's 8 (about
1e-38 reach, but only 8 bits of mantissa). Loss scaling multiplies the loss by
S before backward and divides the gradients by S after, in float32, which
lifts small gradients above float16's floor; ``torch.amp.GradScaler`` does
this (and lowers S when a gradient overflows).
"""

from __future__ import annotations

from typing import Literal

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
from tutor.lab.figure import Chart, Figure, Series, Table
from tutor.lab.params import Activation, over_budget

DType = Literal["float32", "float16", "bfloat16"]
BUDGET = 2e9


def _default_dtypes() -> list[DType]:
    return ["float32", "float16", "bfloat16"]


class PrecisionParams(Params):
    depth: int = Field(default=10, ge=2, le=50, description="Number of hidden layers.")
    width: int = Field(
        default=64, ge=4, le=256, description="Units per hidden layer (and input features)."
    )
    batch: int = Field(default=64, ge=2, le=512, description="Examples in the batch.")
    activation: Activation = Field(default="sigmoid", description="Hidden-layer activation.")
    dtypes: list[DType] = Field(
        default_factory=_default_dtypes,
        min_length=1,
        max_length=3,
        description="Precisions compared.",
    )
    loss_scale: float = Field(
        default=65536.0,
        ge=1.0,
        le=2.0**40,
        description="S for the scaled runs (2^16 = 65536 is GradScaler's start).",
    )
    seed: int = Field(default=0, ge=0, le=MAX_SEED, description="Random seed for data and weights.")

    @model_validator(mode="after")
    def _bounded_work(self) -> PrecisionParams:
        work = (
            2 * len(self.dtypes) * self.depth * self.batch * self.width**2 * 8
        )  # float16 matmul on CPU is slow
        problem = over_budget(
            "runs × depth × batch × width² × 8", work, BUDGET, "use fewer layers or units"
        )
        if problem:
            raise ValueError(problem)
        return self


class PrecisionRun(Result):
    dtype: DType
    scaled: bool
    label: str
    underflow: list[float] = Field(
        description="Per layer (input side first): share of gradient entries flushed to 0."
    )
    total_underflow: float = Field(description="Share over every weight-gradient entry.")
    overflow: float = Field(description="Share of entries that became inf or NaN.")


class PrecisionResult(Result):
    experiment: Literal["precision"] = "precision"
    params: PrecisionParams
    runs: list[PrecisionRun]


# --- the PyTorch code (copied verbatim into the generated script) ------------------


def underflow(
    depth: int, width: int, batch: int, activation: str, dtypes: list, loss_scale: float, seed: int
) -> list:
    import copy

    import torch
    from torch import nn

    torch.default_generator.manual_seed(seed)
    x, y = torch.randn(batch, width), torch.randint(0, 2, (batch,)).float()
    act = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU, "leaky_relu": nn.LeakyReLU}
    layers = [m for _ in range(depth) for m in (nn.Linear(width, width), act[activation]())]
    net32 = nn.Sequential(*layers, nn.Linear(width, 1))  # PyTorch's default init
    runs, reference = [], None
    for name, scale in [("float32", 1.0)] + [(d, s) for d in dtypes for s in (1.0, loss_scale)]:
        net = copy.deepcopy(net32).to(getattr(torch, name))
        logit = net(x.to(getattr(torch, name))).squeeze(1).float()  # the loss in float32
        loss = nn.functional.binary_cross_entropy_with_logits(logit, y)
        weights = [m.weight for m in net if isinstance(m, nn.Linear)][:depth]
        got = [g.float() / scale for g in torch.autograd.grad(loss * scale, weights)]  # unscaled
        if reference is None:
            reference = got
            continue
        flushed = [((g == 0) & (r != 0)).float().mean().item() for g, r in zip(got, reference)]
        bad = sum((~g.isfinite()).sum().item() for g in got) / sum(g.numel() for g in got)
        runs.append({"dtype": name, "scaled": scale != 1.0, "underflow": flushed, "overflow": bad})
    return runs


# --- the lab's side -------------------------------------------------------------------


def _label(dtype: str, scaled: bool, scale: float) -> str:
    return f"{dtype}, loss × {scale:g}" if scaled else f"{dtype}, unscaled"


def run(
    params: PrecisionParams, progress: Progress | None = None, cancelled: Cancelled = never
) -> PrecisionResult:
    torch_setup()
    p = params
    raw = underflow(p.depth, p.width, p.batch, p.activation, list(p.dtypes), p.loss_scale, p.seed)
    runs = [
        PrecisionRun(
            dtype=r["dtype"],
            scaled=r["scaled"],
            label=_label(r["dtype"], r["scaled"], p.loss_scale),
            underflow=r["underflow"],
            total_underflow=sum(r["underflow"]) / len(r["underflow"]),
            overflow=r["overflow"],
        )
        for r in raw
    ]
    return PrecisionResult(params=params, runs=runs)


def numbers(result: PrecisionResult) -> dict[str, float]:
    return {f"{r.label} layer {k}": u for r in result.runs for k, u in enumerate(r.underflow, 1)}


PRINTER = """for run in numbers:
    for k, share in enumerate(run["underflow"], 1):
        print(run["dtype"], "scaled" if run["scaled"] else "unscaled", "layer", k, "underflow", repr(share))"""


def script(params: PrecisionParams) -> str:
    p = params
    call = (
        f"underflow(depth={p.depth}, width={p.width}, batch={p.batch}, activation={p.activation!r}, "
        f"dtypes={list(p.dtypes)!r}, loss_scale={p.loss_scale!r}, seed={p.seed})"
    )
    return script_text(
        source_of(underflow),
        None,
        call,
        PRINTER,
        header=TORCH_HEADER.replace("import math", "import copy\nimport math"),
    )


def summarize(result: PrecisionResult) -> str:
    parts = [
        f"{r.label}: {r.total_underflow:.0%} of the weight gradients underflow to 0"
        + (f", {r.overflow:.0%} overflow" if r.overflow else "")
        for r in result.runs
    ]
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def figure(result: PrecisionResult) -> Figure:
    chart = Chart(
        "Share of weight-gradient entries flushed to zero, per layer",
        tuple(Series(r.label, tuple(r.underflow)) for r in result.runs),
        kind="lines",
        log=False,
    )
    rows = tuple(
        (
            r.label,
            f"{r.underflow[0]:.1%}",
            f"{r.underflow[-1]:.1%}",
            f"{r.total_underflow:.1%}",
            f"{r.overflow:.1%}",
        )
        for r in result.runs
    )
    d = result.params.depth
    table = Table(
        f"{result.params.activation}, {d} layers: gradients lost to underflow",
        ("precision", "layer 1", f"layer {d}", "all layers", "inf/NaN"),
        rows,
        caption="float32 is the reference: an entry counts when float32 has it nonzero and this precision has 0.",
    )
    return Figure(charts=(chart,), tables=(table,))


QUANTITIES = {
    "float16_underflow": "share of weight-gradient entries that underflow to 0 in float16 without loss scaling",
    "float16_scaled_underflow": "the same with loss scaling",
    "bfloat16_underflow": "share that underflow in bfloat16 without loss scaling",
}


def measure(result: PrecisionResult, quantity: str) -> float:
    want = {
        "float16_underflow": ("float16", False),
        "float16_scaled_underflow": ("float16", True),
        "bfloat16_underflow": ("bfloat16", False),
    }[quantity]
    for r in result.runs:
        if (r.dtype, r.scaled) == want:
            return r.total_underflow
    return float("nan")


EXPERIMENT = Experiment(
    name="precision",
    title="float32, float16 and bfloat16 gradients, with and without loss scaling",
    summary="The same backward pass in three precisions: the share of gradients that underflow to zero, and what loss scaling saves.",
    params_model=PrecisionParams,
    runner=run,
    summarize=summarize,
    figure=figure,
    script=script,
    numbers=numbers,
    quantities=QUANTITIES,
    measure=measure,
)
