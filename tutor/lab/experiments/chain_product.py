"""chain_product: the chain rule's product of one local derivative per layer (closed form, numpy).

No network: the arithmetic behind vanishing gradients. σ' never exceeds 0.25,
so a product of L of them is at most 0.25^L. The product's log10 is summed
from the factors' logs, so it stays exact where the product itself under- or
overflows (0.25^600 is 0.0 as a float).
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import Field

from tutor.lab.experiment import MAX_SEED, Experiment, Params, Result, never, script_text, source_of
from tutor.lab.experiments.activation_derivatives import NUMPY_HEADER, activate
from tutor.lab.figure import Chart, Figure, Series, Table, sci
from tutor.lab.params import PEAK_DERIVATIVE, Activation

ChainMode = Literal["at_z", "constant", "random"]


class ChainProductParams(Params):
    layers: int = Field(
        default=10, ge=1, le=500, description="Number of layers the gradient passes back through."
    )
    mode: ChainMode = Field(
        default="at_z",
        description="at_z: every layer at pre-activation z; constant: the same local factor everywhere; random: z ~ N(0, z_std).",
    )
    z: float = Field(
        default=0.0, ge=-50.0, le=50.0, description="Pre-activation at every layer (mode at_z)."
    )
    factor: float = Field(
        default=0.25,
        ge=0.0,
        le=10.0,
        description="Local derivative at every layer (mode constant).",
    )
    activation: Activation = Field(
        default="sigmoid",
        description="Activation whose derivative is multiplied (modes at_z and random).",
    )
    z_std: float = Field(
        default=1.0,
        ge=0.0,
        le=50.0,
        description="Spread of the random pre-activations (mode random).",
    )
    seed: int = Field(default=0, ge=0, le=MAX_SEED, description="Random seed (mode random).")


class ChainProductResult(Result):
    experiment: Literal["chain_product"] = "chain_product"
    params: ChainProductParams
    layers: list[int] = Field(
        description="Layers passed through, 1..L, counted back from the output."
    )
    z: list[float] | None = Field(
        description="Pre-activation at each layer (modes at_z and random)."
    )
    local_factors: list[float] = Field(description="Local derivative at each layer.")
    cumulative: list[float] = Field(
        description="Product of the local factors up to and including each layer."
    )
    cumulative_log10: list[float | None] = Field(
        description="log10 of each cumulative product, exact even where the float under- or overflows; None where it is 0."
    )
    product: float = Field(description="Product over all L layers.")
    log10_product: float | None = Field(description="log10 of the product; None when it is 0.")
    best_case: float | None = Field(
        description="(peak derivative)^L: the largest product this activation allows; None in mode constant."
    )


def chain(
    layers: int, mode: str, z: float, factor: float, activation: str, z_std: float, seed: int
) -> tuple:
    import numpy as np

    if mode == "constant":
        zs, factors = None, np.full(layers, factor)
    else:
        zs = (
            np.full(layers, z)
            if mode == "at_z"
            else np.random.default_rng(seed).normal(0.0, z_std, layers)
        )
        factors = activate(activation, zs)[1]
    with np.errstate(divide="ignore"):
        logs = np.cumsum(np.log10(factors))  # exact exponents where the product underflows
    return zs, factors, np.cumprod(factors), logs


def _args(p: ChainProductParams) -> dict[str, Any]:
    return {
        "layers": p.layers,
        "mode": p.mode,
        "z": p.z,
        "factor": p.factor,
        "activation": p.activation,
        "z_std": p.z_std,
        "seed": p.seed,
    }


def run(
    params: ChainProductParams, progress: Any = None, cancelled: Any = never
) -> ChainProductResult:
    zs, factors, cumulative, logs = chain(**_args(params))
    cum_log10 = [float(v) if math.isfinite(v) else None for v in logs]
    best = (
        None if params.mode == "constant" else PEAK_DERIVATIVE[params.activation] ** params.layers
    )
    return ChainProductResult(
        params=params,
        layers=list(range(1, params.layers + 1)),
        z=None if zs is None else zs.tolist(),
        local_factors=factors.tolist(),
        cumulative=cumulative.tolist(),
        product=float(cumulative[-1]),
        cumulative_log10=cum_log10,
        log10_product=cum_log10[-1],
        best_case=best,
    )


def numbers(result: ChainProductResult) -> dict[str, float]:
    return {"product": result.product, "log10_product": result.cumulative_log10[-1] or -math.inf}


def script(params: ChainProductParams) -> str:
    call = "chain(" + ", ".join(f"{k}={v!r}" for k, v in _args(params).items()) + ")"
    printer = (
        "zs, factors, cumulative, logs = numbers\n"
        'print("product", repr(float(cumulative[-1])))\n'
        'print("log10_product", repr(float(logs[-1])))'
    )
    return script_text(source_of(activate, chain), None, call, printer, header=NUMPY_HEADER)


def summarize(result: ChainProductResult) -> str:
    p = result.params
    what = (
        f"a constant factor of {p.factor:g}"
        if p.mode == "constant"
        else (
            f"{p.activation}' at z = {p.z:g}"
            if p.mode == "at_z"
            else f"{p.activation}' at random z ~ N(0, {p.z_std:g}²)"
        )
    )
    if result.log10_product is None:
        return f"Multiplying {what} over {p.layers} layers gives exactly 0: one zero factor stops the gradient."
    if result.product == 0 or not math.isfinite(result.product):
        size = f"about 10^{result.log10_product:.0f}, beyond what a float can hold"
    else:
        size = f"{result.product:.3g}"
    trend = "shrinks" if result.log10_product < 0 else "grows"
    return f"Multiplying {what} over {p.layers} layers gives {size}: the gradient {trend} with every layer it passes."


def figure(result: ChainProductResult) -> Figure:
    chart = Chart(
        "Product of local derivatives after n layers (log scale)",
        (
            Series("local factor", tuple(result.local_factors)),
            Series("cumulative product", tuple(result.cumulative)),
        ),
        x_title="layers passed back from the output",
    )
    rows = []
    for i, n in enumerate(result.layers):
        lg, value = result.cumulative_log10[i], result.cumulative[i]
        product = (
            f"1e{lg:.1f}"
            if lg is not None and (value == 0 or not math.isfinite(value))
            else sci(value)
        )
        z = "" if result.z is None else f"{result.z[i]:.3g}"
        rows.append((str(n), z, f"{result.local_factors[i]:.4g}", product))
    table = Table(
        f"chain product ({result.params.mode})",
        ("layer", "z", "local factor", "product so far"),
        tuple(rows),
    )
    return Figure(charts=(chart,), tables=(table,))


QUANTITIES = {
    "product": "the product of the local derivatives over all layers",
    "log10_product": "log10 of that product (exact even where the float underflows)",
}


def measure(result: ChainProductResult, quantity: str) -> float:
    if quantity == "product":
        return result.product
    return -math.inf if result.log10_product is None else result.log10_product


EXPERIMENT = Experiment(
    name="chain_product",
    title="The chain rule's product across layers",
    summary="Multiply one local derivative per layer and watch the product vanish (or explode).",
    params_model=ChainProductParams,
    runner=run,
    summarize=summarize,
    figure=figure,
    script=script,
    numbers=numbers,
    quantities=QUANTITIES,
    measure=measure,
)
