"""Maths in content renders with Unicode scripts, and code that is not maths is left alone."""

import pytest

from tutor.content.maths import formula, render_maths


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("x^2 + y^2", "x² + y²"),
        ("w_1 x_i", "w₁ xᵢ"),
        ("a_{ij} e^{-x}", "aᵢⱼ e⁻ˣ"),
        ("10^-3", "10⁻³"),
        ("\\frac{1}{2}", "1⁄2"),
        ("\\frac{a+b}{n}", "(a+b)/(n)"),
        ("\\partial L/\\partial w", "∂L/∂w"),
        ("\\sigma(z) \\cdot w", "σ(z) · w"),
        ("\\sqrt{2}", "√2"),
        ("x^{q}", "x^(q)"),  # no superscript q in Unicode: the plain form, bracketed
    ],
)
def test_formulas(source: str, shown: str) -> None:
    assert formula(source) == shown


def test_dollar_spans_and_formula_like_code_are_rendered() -> None:
    text = "The loss $L = (y - t)^2$ uses `w_1` and `x^2`."
    assert render_maths(text) == "The loss L = (y - t)² uses `w₁` and `x²`."


@pytest.mark.parametrize(
    "text",
    [
        "Call `optimizer.zero_grad()` then `clip_grad_norm_`.",
        "`layer_1` and `bias_ih_l0` are names.",
        "It costs $5 and $10.",
        "```\nx^2 = w_1\n```",
    ],
)
def test_code_prices_and_fenced_blocks_are_left_alone(text: str) -> None:
    assert render_maths(text) == text
