"""activation_derivatives and chain_product: exact arithmetic."""

from __future__ import annotations

import math

import pytest

from tutor.lab.experiments.activation_derivatives import ActivationDerivativesParams
from tutor.lab.experiments.activation_derivatives import run as activation_derivatives
from tutor.lab.experiments.chain_product import ChainProductParams
from tutor.lab.experiments.chain_product import run as chain_product


def test_sigmoid_derivative_peaks_at_a_quarter_at_zero() -> None:
    curves = {c.activation: c for c in activation_derivatives(ActivationDerivativesParams()).curves}
    assert list(curves) == ["sigmoid", "tanh", "relu", "leaky_relu"]
    assert curves["sigmoid"].max_derivative == 0.25
    assert curves["sigmoid"].argmax_z == 0.0
    assert curves["tanh"].max_derivative == 1.0 and curves["tanh"].argmax_z == 0.0
    # ReLU: slope 1 on every positive z, 0 at and below 0 (as PyTorch defines it)
    relu = curves["relu"]
    assert relu.max_derivative == 1.0 and relu.peak_from == 0.05 and relu.peak_to == 6.0
    assert relu.min_derivative == 0.0
    assert curves["leaky_relu"].min_derivative == 0.01
    assert len(relu.z) == 241 and relu.z[0] == -6.0 and relu.z[-1] == 6.0


def test_derivatives_match_the_formulas() -> None:
    result = activation_derivatives(
        ActivationDerivativesParams(activations=["sigmoid", "tanh"], z_min=-30, z_max=30, points=61)
    )
    sig, tanh = result.curves
    for z, d in zip(sig.z, sig.derivative):
        s = 1 / (1 + math.exp(-z))
        assert d == pytest.approx(s * (1 - s) if abs(z) < 20 else math.exp(-abs(z)), rel=1e-9)
    for z, d in zip(tanh.z, tanh.derivative):
        assert d == pytest.approx(1 / math.cosh(z) ** 2, rel=1e-9)
    assert sig.derivative[0] > 0  # 9e-14 at z = -30, not rounded to zero


def test_chain_product_at_zero_is_a_quarter_to_the_power_of_depth() -> None:
    result = chain_product(ChainProductParams(layers=10, mode="at_z", z=0.0))
    assert result.product == pytest.approx(0.25**10, rel=1e-12)
    assert result.cumulative == pytest.approx([0.25**k for k in range(1, 11)], rel=1e-12)
    assert result.layers == list(range(1, 11))
    assert result.best_case == 0.25**10
    assert result.log10_product == pytest.approx(10 * math.log10(0.25))


def test_constant_factor_of_point_two_over_fifteen_layers() -> None:
    result = chain_product(ChainProductParams(layers=15, mode="constant", factor=0.2))
    assert result.product == pytest.approx(3.2768e-11, rel=1e-12)
    assert result.z is None and result.best_case is None


def test_exploding_constant_factor() -> None:
    assert chain_product(
        ChainProductParams(layers=20, mode="constant", factor=1.5)
    ).product == pytest.approx(1.5**20)


def test_random_mode_is_seeded_and_never_beats_the_best_case() -> None:
    params = ChainProductParams(layers=12, mode="random", z_std=2.0, seed=5)
    a, b = chain_product(params), chain_product(params)
    assert a == b
    assert a.z is not None and len(a.z) == 12
    assert a.product < 0.25**12
    assert chain_product(ChainProductParams(layers=12, mode="random", seed=6)).z != a.z


def test_underflow_keeps_the_exponent() -> None:
    result = chain_product(ChainProductParams(layers=500, mode="constant", factor=0.01))
    assert result.product == 0.0
    assert result.log10_product == pytest.approx(-1000.0)


def test_relu_at_zero_gives_an_exact_zero() -> None:
    result = chain_product(ChainProductParams(activation="relu", z=0.0))
    assert result.product == 0.0 and result.log10_product is None
