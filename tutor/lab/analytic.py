"""The two analytic experiments: activation derivatives and chain products.

No network, no randomness beyond a seeded draw of pre-activations: these show
the arithmetic behind vanishing gradients (σ' never exceeds 0.25, so a product
of L of them is at most 0.25^L).
"""

from __future__ import annotations

import math

import numpy as np

from tutor.lab.mlp import PEAK_DERIVATIVE, activate
from tutor.lab.params import ActivationDerivativesParams, ChainProductParams
from tutor.lab.results import ActivationCurve, ActivationDerivativesResult, ChainProductResult


def activation_derivatives(params: ActivationDerivativesParams) -> ActivationDerivativesResult:
    # Rounded so grid values print cleanly (0.05, not 0.05000000000000071).
    z = np.round(np.linspace(params.z_min, params.z_max, params.points), 10)
    if params.z_min < 0 < params.z_max:
        # Put z = 0 exactly on the grid's nearest point so the sigmoid peak is hit exactly.
        z[np.argmin(np.abs(z))] = 0.0
    curves = []
    for name in params.activations:
        value, deriv = activate(name, z, params.leaky_slope)
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


def chain_product(params: ChainProductParams) -> ChainProductResult:
    n = params.layers
    z: np.ndarray | None
    if params.mode == "constant":
        z = None
        factors = np.full(n, params.factor)
    else:
        if params.mode == "at_z":
            z = np.full(n, params.z)
        else:
            z = np.random.default_rng(params.seed).normal(0.0, params.z_std, n)
        factors = activate(params.activation, z)[1]
    cumulative = np.cumprod(factors)
    product = float(cumulative[-1])
    # Summing logarithms keeps the exponent exact where the product itself
    # under- or overflows (0.25^600 is 0.0 as a float).
    with np.errstate(divide="ignore"):
        logs = np.cumsum(np.log10(factors))
    cum_log10 = [float(v) if math.isfinite(v) else None for v in logs]
    best = None if params.mode == "constant" else PEAK_DERIVATIVE[params.activation] ** n
    return ChainProductResult(
        params=params,
        layers=list(range(1, n + 1)),
        z=None if z is None else z.tolist(),
        local_factors=factors.tolist(),
        cumulative=cumulative.tolist(),
        product=product,
        cumulative_log10=cum_log10,
        log10_product=cum_log10[-1],
        best_case=best,
    )
