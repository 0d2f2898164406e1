"""gradient_flow: where the gradient goes in one backward pass of a deep MLP (torch.nn).

One forward and backward pass on a random batch (x ~ N(0, 1) in ``width``
dimensions, random 0/1 labels, ``BCEWithLogitsLoss``), per configuration. The
batch comes from ``torch.manual_seed(seed)`` and every configuration's
weights from ``torch.default_generator.manual_seed(seed + 1)``, so a comparison changes one
thing at a time.

Per layer (1 next to the input, up to ``depth``, then the output layer): the
weight-gradient norm ‖dL/dW‖ read from ``.grad``; ‖δ‖ where δ = dL/dz for the
linear output z (``retain_grad``); the spread of the layer's output; for
sigmoid/tanh the share of (example, unit) pairs whose local derivative is
below 1% of its peak; for ReLU the share of units that are off for the whole
batch. Weight-gradient norms alone can mislead, so every run reports all four.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from tutor.lab.experiment import (
    MAX_SEED,
    Experiment,
    Params,
    Result,
    never,
    script_text,
    source_of,
    torch_setup,
)
from tutor.lab.figure import Chart, Figure, Series, Table, sci
from tutor.lab.params import NetConfig, default_configs, over_budget
from tutor.lab.summary import power_of_ten

BUDGET = 3e9  # configs × depth × batch × width², about 2 s of float32 arithmetic on one core
MEMORY_BUDGET = 6e6  # depth × batch × width floats kept per pass (z, u and h): about 100 MB


class GradientFlowParams(Params):
    depth: int = Field(default=15, ge=2, le=100, description="Number of hidden layers.")
    width: int = Field(
        default=32, ge=2, le=256, description="Units per hidden layer (and input features)."
    )
    batch: int = Field(
        default=64, ge=2, le=1024, description="Examples in the batch (batch norm needs 2)."
    )
    seed: int = Field(default=0, ge=0, le=MAX_SEED, description="Random seed for data and weights.")
    configs: list[NetConfig] = Field(
        default_factory=default_configs,
        min_length=1,
        max_length=12,
        description="Network variants compared side by side (default: sigmoid/default vs relu/kaiming).",
    )

    @model_validator(mode="after")
    def _bounded_work(self) -> GradientFlowParams:
        work = len(self.configs) * self.depth * self.batch * self.width**2
        problem = over_budget(
            "configs × depth × batch × width²", work, BUDGET, "use fewer layers, units or configs"
        ) or over_budget(
            "depth × batch × width",
            self.depth * self.batch * self.width,
            MEMORY_BUDGET,
            "use fewer layers, units or examples",
        )
        if problem:
            raise ValueError(problem)
        return self


class LayerStats(Result):
    layer: int = Field(description="1 = the layer next to the input, counting up to the output.")
    kind: Literal["hidden", "output"]
    weight_grad_norm: float = Field(description="Frobenius norm of dLoss/dW (from .grad).")
    delta_norm: float = Field(description="Norm of δ = dLoss/dz, z the layer's linear output.")
    activation_std: float = Field(description="Standard deviation of the layer's output.")
    saturated_fraction: float | None = Field(
        description="sigmoid/tanh: share of (example, unit) pairs whose derivative is below 1% of its peak."
    )
    dead_fraction: float | None = Field(
        description="relu/leaky_relu: share of units whose input is <= 0 for every example."
    )


class FlowRun(Result):
    config: NetConfig
    label: str
    loss: float
    layers: list[LayerStats] = Field(description="Hidden layers 1..depth, then the output layer.")
    first_last_ratio: float | None = Field(
        description="‖dL/dW‖ of hidden layer 1 over that of the last hidden layer; None if that is 0."
    )
    factor_per_layer: float | None = Field(
        description="Geometric-mean change of ‖dL/dW‖ per layer going back (below 1: vanishing)."
    )
    finite: bool = Field(description="False when some value overflowed to inf or NaN.")


class GradientFlowResult(Result):
    experiment: Literal["gradient_flow"] = "gradient_flow"
    params: GradientFlowParams
    runs: list[FlowRun]


# --- the PyTorch code (copied verbatim into the generated script) ------------------


def build_net(depth: int, width: int, cfg: dict) -> Any:
    from torch import nn

    acts = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU, "leaky_relu": nn.LeakyReLU}
    net: Any = nn.ModuleDict({"act": acts[cfg["activation"]](), "out": nn.Linear(width, 1)})
    net["linears"] = nn.ModuleList(nn.Linear(width, width) for _ in range(depth))
    net["norms"] = nn.ModuleList(nn.BatchNorm1d(width) for _ in range(depth) if cfg["batch_norm"])
    inits = {"xavier": nn.init.xavier_uniform_, "zeros": nn.init.zeros_,
             "kaiming": lambda w: nn.init.kaiming_normal_(w, nonlinearity="relu"),
             "large": lambda w: nn.init.normal_(w, std=1.0)}  # fmt: skip
    for linear in [*net["linears"], net["out"]]:
        if cfg["init"] != "default":  # "default" keeps nn.Linear's own: uniform ±1/√fan_in, not He
            inits[cfg["init"]](linear.weight)
            nn.init.zeros_(linear.bias)
    return net


def forward(net: Any, h: Any, residual: bool) -> tuple[Any, list[Any]]:
    kept = []  # each layer's linear output z, activation input u and output h
    for k, linear in enumerate(net["linears"]):
        z = linear(h)
        u = net["norms"][k](z) if net["norms"] else z
        h = h + net["act"](u) if residual else net["act"](u)
        kept.append((z, u, h))
    return net["out"](h).squeeze(1), kept


def spread(rows: Any) -> Any:  # each row's std in one pass (torch.std is slow on wide rows)
    return (rows.square().mean(1) - rows.mean(1).square()).clamp(min=0).sqrt()


def gradient_flow(depth: int, width: int, batch: int, seed: int, configs: list) -> list[dict]:
    import math

    import torch

    torch.default_generator.manual_seed(seed)  # CPU generator (torch.manual_seed also seeds GPUs)
    x, y = torch.randn(batch, width), torch.randint(0, 2, (batch,)).float()
    runs = []
    for cfg in configs:
        torch.default_generator.manual_seed(seed + 1)  # every config draws the same numbers
        net = build_net(depth, width, cfg)
        logit, kept = forward(net, x, cfg["residual"])
        loss = torch.nn.functional.binary_cross_entropy_with_logits(logit, y)
        weights = [*(lin.weight for lin in net["linears"]), net["out"].weight]
        grads = torch.autograd.grad(loss, [*weights, *(k[0] for k in kept), logit])
        u, h = (torch.stack([k[i] for k in kept]).detach() for i in (1, 2))
        gw, gz = torch.stack(grads[:depth]), torch.stack(grads[depth + 1 : -1])
        limit = {"sigmoid": 2 * math.acosh(10), "tanh": math.acosh(10)}.get(cfg["activation"])
        off = u.abs() > limit if limit else (u <= 0).all(dim=1, keepdim=True).expand_as(u)
        runs.append({  # off: saturated (σ' or tanh' < 1% of its peak) or dead (ReLU off for all)
            "loss": loss.item(),
            "grad_norm": [*gw.norm(dim=(1, 2)).tolist(), grads[depth].norm().item()],
            "delta_norm": [*gz.norm(dim=(1, 2)).tolist(), grads[-1].norm().item()],
            "act_std": [*spread(h.flatten(1)).tolist(), logit.detach().std(correction=0).item()],
            "off": off.float().mean(dim=(1, 2)).tolist(),
        })  # fmt: skip
    return runs


# --- the lab's side: result, summary, figure, script ---------------------------------


def _config_dicts(params: GradientFlowParams) -> list[dict[str, Any]]:
    return [c.model_dump() for c in params.configs]


PRINTER = """for cfg, run in zip(CONFIGS, numbers):
    print(cfg, "loss", repr(run["loss"]))
    for k, (g, d) in enumerate(zip(run["grad_norm"], run["delta_norm"]), 1):
        print("layer", k, "‖dL/dW‖", repr(g), "‖δ‖", repr(d))"""


def run(
    params: GradientFlowParams, progress: Any = None, cancelled: Any = never
) -> GradientFlowResult:
    torch_setup()
    raw = gradient_flow(
        params.depth, params.width, params.batch, params.seed, _config_dicts(params)
    )
    return GradientFlowResult(
        params=params, runs=[_flow_run(c, r, params.depth) for c, r in zip(params.configs, raw)]
    )


def _flow_run(config: NetConfig, raw: dict[str, Any], depth: int) -> FlowRun:
    import math

    sat = config.activation in ("sigmoid", "tanh")
    layers = [
        LayerStats.model_construct(
            layer=k + 1,
            kind="hidden" if k < depth else "output",
            weight_grad_norm=raw["grad_norm"][k],
            delta_norm=raw["delta_norm"][k],
            activation_std=raw["act_std"][k],
            saturated_fraction=raw["off"][k] if sat and k < depth else None,
            dead_fraction=raw["off"][k] if not sat and k < depth else None,
        )
        for k in range(depth + 1)
    ]
    values = [*raw["grad_norm"], *raw["delta_norm"], raw["loss"]]
    finite = all(math.isfinite(v) for v in values)
    first, last = raw["grad_norm"][0], raw["grad_norm"][depth - 1]
    ratio = first / last if finite and last > 0 else None
    factor = None if ratio is None else (ratio ** (1.0 / (depth - 1)) if ratio > 0 else 0.0)
    return FlowRun.model_construct(
        config=config,
        label=config.label,
        loss=raw["loss"],
        layers=layers,
        first_last_ratio=ratio,
        factor_per_layer=factor,
        finite=finite,
    )


def numbers(result: GradientFlowResult) -> dict[str, float]:
    """What the script prints, by name: loss, then ‖dL/dW‖ and ‖δ‖ of every layer."""
    out: dict[str, float] = {}
    for r in result.runs:
        out[f"{r.label} loss"] = r.loss
        for s in r.layers:
            out[f"{r.label} layer {s.layer} grad_norm"] = s.weight_grad_norm
            out[f"{r.label} layer {s.layer} delta_norm"] = s.delta_norm
    return out


def _key(label: str) -> str:
    return label.replace(" ", "_")


def script(params: GradientFlowParams) -> str:
    """The standalone PyTorch program: the functions above, verbatim, and these parameters."""
    return script_text(
        source_of(build_net, forward, spread, gradient_flow),
        [c.model_dump() for c in params.configs],
        f"gradient_flow(depth={params.depth}, width={params.width}, batch={params.batch}, "
        f"seed={params.seed}, configs=CONFIGS)",
        PRINTER,
    )


def _sentence(run: FlowRun, depth: int) -> str:
    if not run.finite:
        return f"with {run.label} the values overflow (inf or NaN): the signal explodes"
    ratio = run.first_last_ratio
    if ratio is None:
        return f"with {run.label} the last hidden layer receives no gradient at all"
    if ratio == 0:
        return (
            f"with {run.label} layer 1 receives no gradient at all (it underflows to 0 in float32)"
        )
    if 0.1 <= ratio <= 10:
        return f"with {run.label} layer 1 receives about as much gradient as layer {depth} ({ratio:.2g}×)"
    if ratio > 10:
        return f"with {run.label} layer 1 receives {power_of_ten(ratio)} times the gradient that layer {depth} receives"
    share = f"{ratio:.0%}" if ratio >= 0.01 else power_of_ten(ratio)
    return f"with {run.label} layer 1 receives {share} of the gradient that layer {depth} receives"


def summary(result: GradientFlowResult) -> str:
    text = "; ".join(_sentence(r, result.params.depth) for r in result.runs)
    return text[0].upper() + text[1:] + "."


def figure(result: GradientFlowResult) -> Figure:
    runs = result.runs
    depth = result.params.depth
    x_labels = tuple([*(str(k) for k in range(1, depth + 1)), "out"])
    chart = Chart(
        "‖dL/dW‖ per layer (log scale)",
        tuple(Series(r.label, tuple(s.weight_grad_norm for s in r.layers)) for r in runs),
        x_labels=x_labels,
    )
    tables = []
    for r in runs:
        rows = tuple(
            (
                x_labels[i],
                sci(s.weight_grad_norm),
                sci(s.delta_norm),
                f"{s.activation_std:.3g}",
                "" if s.saturated_fraction is None else f"{s.saturated_fraction:.0%}",
                "" if s.dead_fraction is None else f"{s.dead_fraction:.0%}",
            )
            for i, s in enumerate(r.layers)
        )
        caption = (
            f"layer 1 / layer {depth}: {sci(r.first_last_ratio)}; "
            f"factor per layer: {sci(r.factor_per_layer)}; loss: {r.loss:.3f}"
        )
        tables.append(
            Table(
                r.label, ("layer", "‖dL/dW‖", "‖δ‖", "act std", "saturated", "dead"), rows, caption
            )
        )
    return Figure(charts=(chart,), tables=tuple(tables))


QUANTITIES = {
    "first_last_ratio": "‖dL/dW‖ of hidden layer 1 divided by that of the last hidden layer (first config)",
    "factor_per_layer": "geometric-mean factor by which ‖dL/dW‖ changes per layer going back (first config)",
    "first_layer_grad": "‖dL/dW‖ of hidden layer 1 (first config)",
    "last_layer_grad": "‖dL/dW‖ of the last hidden layer (first config)",
    "loss": "the loss of the first config on the batch",
}


def measure(result: GradientFlowResult, quantity: str) -> float | None:
    r = result.runs[0]
    value = {
        "first_last_ratio": r.first_last_ratio,
        "factor_per_layer": r.factor_per_layer,
        "first_layer_grad": r.layers[0].weight_grad_norm,
        "last_layer_grad": r.layers[result.params.depth - 1].weight_grad_norm,
        "loss": r.loss,
    }[quantity]
    return value


EXPERIMENT = Experiment(
    name="gradient_flow",
    title="Gradient norms layer by layer in a deep network",
    summary="One backward pass through a deep torch.nn MLP per configuration: ‖dL/dW‖, δ, activations, saturation and dead units per layer.",
    params_model=GradientFlowParams,
    runner=run,
    summarize=summary,
    figure=figure,
    script=script,
    numbers=numbers,
    quantities=QUANTITIES,
    measure=measure,
)
