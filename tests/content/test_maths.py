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
        ("\\frac{a+b}{n}", "(a+b)/n"),
        ("\\frac{1}{1 + e^{-z}}", "1/(1 + e⁻ᶻ)"),
        ("\\frac{\\frac{a}{b}}{c}", "(a⁄b)/c"),
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


def test_a_display_block_stacks_its_fraction_centred_in_a_text_block() -> None:
    text = "The sigmoid:\n\n$$\n\\sigma(z) = \\frac{1}{1 + e^{-z}}\n$$\n\nsquashes."
    assert render_maths(text).split("\n") == [
        "The sigmoid:",
        "",
        "```text",
        "           1",
        "σ(z) = ─────────",
        "        1 + e⁻ᶻ",
        "```",
        "",
        "squashes.",
    ]


def test_a_line_holding_only_a_formula_stacks_each_fraction_and_keeps_its_indent() -> None:
    text = "- Chain rule:\n\n  $\\frac{\\partial L}{\\partial w} = \\frac{\\partial L}{\\partial y} \\cdot y'$"
    assert render_maths(text).split("\n")[2:] == [
        "  ```text",
        "   ∂L     ∂L",
        "  ──── = ──── · y'",
        "   ∂w     ∂y",
        "  ```",
    ]
    assert render_maths("Mean error:\n$$L = \\frac{1}{n} \\sum_i e_i$$").split("\n")[2:5] == [
        "    1",
        "L = ─ Σᵢ eᵢ",
        "    n",
    ]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("A half, $\\frac{1}{2}$, inline.", "A half, 1⁄2, inline."),  # inline stays inline
        ("$$\\frac{\\frac{a}{b}}{c}$$", "(a⁄b)/c"),  # nested: three lines cannot hold it
        ("$$\\sqrt{\\frac{a}{b}}$$", "√(a⁄b)"),  # inside another construct
        ("$$\\frac{" + "x + " * 20 + "1}{2}$$", "(" + "x + " * 20 + "1)/2"),  # too wide
        ("$$x^2 + y^2$$", "x² + y²"),  # no fraction: one line, no block
        ("$$\nx^2", "$$\nx^2"),  # an unclosed block is shown as written
        ("```\n$$\\frac{a}{b}$$\n```", "```\n$$\\frac{a}{b}$$\n```"),  # code is code
    ],
)
def test_display_formulas_that_cannot_stack_stay_on_one_line(text: str, shown: str) -> None:
    assert render_maths(f"Then:\n{text}") == f"Then:\n{shown}"


@pytest.mark.parametrize(
    ("text", "shown"), [("$\\frac{3}{4}$", "3⁄4"), ("$$\\frac{1}{n}$$", "1⁄n")]
)
def test_a_single_line_is_a_label_and_never_becomes_a_block(text: str, shown: str) -> None:
    assert render_maths(text) == shown
