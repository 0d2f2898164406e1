"""activation_derivatives: sigmoid, tanh, ReLU and leaky ReLU with their slopes (closed form, numpy).

σ'(z) = σ(z)(1 − σ(z)) never exceeds 0.25 (at z = 0), tanh' peaks at 1, and
ReLU's slope is 1 for z > 0 and 0 at and below 0 (as PyTorch defines it).
The tails are computed from e^-|z| rather than as a(1 − a), which would round
to exactly 0 once a is within 1e-16 of its limit: the vanishing-gradient story
lives in those tails.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from tutor.lab.experiment import Experiment, Params, Result, never, script_text, source_of
from tutor.lab.figure import Chart, Figure, Series, Table
from tutor.lab.params import Activation

if TYPE_CHECKING:
    import numpy as np

NUMPY_HEADER = "import numpy as np"


def _all_activations() -> list[Activation]:
    return ["sigmoid", "tanh", "relu", "leaky_relu"]


class ActivationDerivativesParams(Params):
    activations: list[Activation] = Field(
        default_factory=_all_activations,
        min_length=1,
        max_length=4,
        description="Activation functions to plot with their derivatives.",
    )
    z_min: float = Field(default=-6.0, ge=-50.0, le=50.0, description="Left end of the z range.")
    z_max: float = Field(default=6.0, ge=-50.0, le=50.0, description="Right end of the z range.")
    points: int = Field(
        default=241, ge=3, le=10_001, description="Number of evenly spaced z values."
    )
    leaky_slope: float = Field(
        default=0.01, ge=0.0, le=0.5, description="Slope of leaky ReLU for z < 0."
    )

    @model_validator(mode="after")
    def _range_is_ordered(self) -> ActivationDerivativesParams:
        if self.z_min >= self.z_max:
            raise ValueError(f"z_min ({self.z_min:g}) must be less than z_max ({self.z_max:g})")
        return self


class ActivationCurve(Result):
    activation: str
    z: list[float]
    value: list[float] = Field(description="act(z) at each z.")
    derivative: list[float] = Field(
        description="act'(z) at each z (ReLU'(0) taken as 0, as PyTorch does)."
    )
    max_derivative: float = Field(description="Largest derivative on the grid.")
    argmax_z: float = Field(
        description="The z where the derivative is largest (nearest 0 if several)."
    )
    peak_from: float = Field(description="Smallest grid z where the derivative equals its maximum.")
    peak_to: float = Field(description="Largest grid z where the derivative equals its maximum.")
    min_derivative: float


class ActivationDerivativesResult(Result):
    experiment: Literal["activation_derivatives"] = "activation_derivatives"
    params: ActivationDerivativesParams
    curves: list[ActivationCurve]


def activate(name: str, z: np.ndarray, slope: float = 0.01) -> tuple[np.ndarray, np.ndarray]:
    """(act(z), act'(z)) for a numpy array z, accurate in the tails."""
    import numpy as np

    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))  # never overflows
    if name == "sigmoid":
        value = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
        return value, e / (1 + e) ** 2  # σ'(z) = e^-|z| / (1 + e^-|z|)²
    if name == "tanh":
        return np.tanh(z), 4 * e * e / (1 + e * e) ** 2  # 1/cosh²(z) from e^-2|z|
    if name == "relu":
        return np.maximum(z, 0.0), (z > 0).astype(np.float64)
    if name == "leaky_relu":
        d = np.where(z > 0, 1.0, slope)
        return z * d, d
    raise ValueError(f"unknown activation {name!r}")


def derivatives(activations: list, z_min: float, z_max: float, points: int, slope: float) -> dict:
    import numpy as np

    z = np.round(np.linspace(z_min, z_max, points), 10)  # 0.05, not 0.05000000000000071
    if z_min < 0 < z_max:
        z[np.argmin(np.abs(z))] = 0.0  # put z = 0 on the grid, where σ' peaks
    return {name: (z, *activate(name, z, slope)) for name in activations}


def run(
    params: ActivationDerivativesParams, progress: Any = None, cancelled: Any = never
) -> ActivationDerivativesResult:
    import numpy as np

    raw = derivatives(
        list(params.activations), params.z_min, params.z_max, params.points, params.leaky_slope
    )
    curves = []
    for name, (z, value, deriv) in raw.items():
        peak = float(deriv.max())
        at_peak = np.flatnonzero(deriv == peak)
        nearest = at_peak[np.argmin(np.abs(z[at_peak]))]
        curves.append(
            ActivationCurve(
                activation=name,
                z=z.tolist(),
                value=value.tolist(),
                derivative=deriv.tolist(),
                max_derivative=peak,
                argmax_z=float(z[nearest]),
                peak_from=float(z[at_peak[0]]),
                peak_to=float(z[at_peak[-1]]),
                min_derivative=float(deriv.min()),
            )
        )
    return ActivationDerivativesResult(params=params, curves=curves)


def numbers(result: ActivationDerivativesResult) -> dict[str, float]:
    return {f"{c.activation} max_derivative": c.max_derivative for c in result.curves} | {
        f"{c.activation} min_derivative": c.min_derivative for c in result.curves
    }


def script(params: ActivationDerivativesParams) -> str:
    call = (
        f"derivatives({list(params.activations)!r}, z_min={params.z_min!r}, z_max={params.z_max!r}, "
        f"points={params.points}, slope={params.leaky_slope!r})"
    )
    printer = (
        "for name, (z, value, slope) in numbers.items():\n"
        '    print(name, "max_derivative", repr(float(slope.max())))\n'
        "for name, (z, value, slope) in numbers.items():\n"
        '    print(name, "min_derivative", repr(float(slope.min())))'
    )
    return script_text(source_of(activate, derivatives), None, call, printer, header=NUMPY_HEADER)


def summarize(result: ActivationDerivativesResult) -> str:
    parts = []
    for c in result.curves:
        where = (
            f"z = {c.argmax_z:g}"
            if c.peak_from == c.peak_to
            else f"every z from {c.peak_from:g} to {c.peak_to:g}"
        )
        parts.append(f"{c.activation}' peaks at {c.max_derivative:.3g} at {where}")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def figure(result: ActivationDerivativesResult) -> Figure:
    p = result.params
    chart = Chart(
        f"Derivative over z from {p.z_min:g} to {p.z_max:g} (one scale for all)",
        tuple(Series(f"{c.activation}′", tuple(c.derivative)) for c in result.curves),
        kind="lines",
        log=False,
        x_title="z",
    )
    rows = tuple(
        (
            c.activation,
            f"{c.max_derivative:.4g}",
            f"{c.argmax_z:g}" if c.peak_from == c.peak_to else f"{c.peak_from:g} … {c.peak_to:g}",
            f"{c.min_derivative:.3g}",
        )
        for c in result.curves
    )
    table = Table(
        "activation derivatives", ("activation", "max derivative", "at z", "min derivative"), rows
    )
    return Figure(charts=(chart,), tables=(table,))


QUANTITIES = {
    "max_derivative": "the largest derivative of the first activation on the grid",
    "min_derivative": "the smallest derivative of the first activation on the grid",
}


def measure(result: ActivationDerivativesResult, quantity: str) -> float:
    curve = result.curves[0]
    return float(
        {"max_derivative": curve.max_derivative, "min_derivative": curve.min_derivative}[quantity]
    )


EXPERIMENT = Experiment(
    name="activation_derivatives",
    title="Activation functions and their derivatives",
    summary="sigmoid, tanh, ReLU and leaky ReLU with their slopes; sigmoid's slope never exceeds 0.25.",
    params_model=ActivationDerivativesParams,
    runner=run,
    summarize=summarize,
    figure=figure,
    script=script,
    numbers=numbers,
    quantities=QUANTITIES,
    measure=measure,
)
