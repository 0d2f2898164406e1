"""Maths that reads well in a terminal: ``x^2`` as x², ``w_1`` as w₁, ``\\frac{a}{b}`` as a⁄b.

Content is Markdown. A ``$...$`` span is maths by declaration and is always
rendered. An inline code span is rendered only where it looks like a formula
(a ``^``, or a single letter carrying a subscript such as ``w_1`` or
``a_{ij}``), so code like ``zero_grad()`` or ``layer_1`` stays as written.
Fenced code blocks are never touched. A script character Unicode lacks keeps
the plain form in brackets (``x^(q)``), so nothing is lost.
"""

from __future__ import annotations

import re

SUPER = dict(
    zip(
        "0123456789+-=()niaebcdfghjklmoprstuvwxyzT",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃᵉᵇᶜᵈᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵀ",
        strict=True,
    )
)
SUB = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))
SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "eta": "η",
    "theta": "θ", "lambda": "λ", "mu": "μ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ",
    "phi": "φ", "omega": "ω", "Delta": "Δ", "Sigma": "Σ", "nabla": "∇", "partial": "∂",
    "sum": "Σ", "prod": "∏", "int": "∫", "infty": "∞", "cdot": "·", "times": "×", "approx": "≈",
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "to": "→",
    "rightarrow": "→", "in": "∈", "pm": "±", "odot": "⊙", "log": "log", "exp": "exp",
}  # fmt: skip

_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
_DOLLAR = re.compile(r"(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=\S)\$(?![\d$])")
_FRAC = re.compile(r"\\frac\{([^{}]*)\}\{([^{}]*)\}")
_SQRT = re.compile(r"\\sqrt\{([^{}]*)\}")
_COMMAND = re.compile(r"\\([A-Za-z]+)( (?=[A-Za-z]))?")
OPERATORS = frozenset({"cdot", "times", "approx", "le", "leq", "ge", "geq", "ne", "neq", "to"})
OPERATORS |= {"rightarrow", "in", "pm", "odot"}
_SUPER_ARG = re.compile(r"\^(\{([^{}]*)\}|-?\d+|[A-Za-z])")
_SUB_ARG = re.compile(r"(?<![A-Za-z0-9])([A-Za-zα-ωΔΣ])_(\{([^{}]*)\}|[A-Za-z0-9])(?![A-Za-z0-9])")
_FORMULA_CODE = re.compile(r"\^|(?<![A-Za-z0-9_])[A-Za-z]_(\{|[A-Za-z0-9](?![A-Za-z0-9_]))")


def _script(text: str, table: dict[str, str], mark: str) -> str:
    if text and all(ch in table for ch in text):
        return "".join(table[ch] for ch in text)
    return f"{mark}({text})"


def _command(match: re.Match[str]) -> str:
    """A TeX command's symbol; the space after a name (``\\partial L``) only separated it."""
    symbol = SYMBOLS.get(match[1])
    if symbol is None:
        return match[0]
    return symbol + (" " if match[2] and (match[1] in OPERATORS or len(symbol) > 1) else "")


def formula(text: str) -> str:
    """One formula, from TeX-ish ASCII to Unicode."""
    text = _FRAC.sub(
        lambda m: (
            f"{m[1]}⁄{m[2]}"
            if re.fullmatch(r"\w+", m[1]) and re.fullmatch(r"\w+", m[2])
            else f"({m[1]})/({m[2]})"
        ),
        text,
    )
    text = _SQRT.sub(lambda m: f"√{m[1]}" if len(m[1]) == 1 else f"√({m[1]})", text)
    text = _COMMAND.sub(_command, text)
    text = _SUPER_ARG.sub(lambda m: _script(m[2] if m[2] is not None else m[1], SUPER, "^"), text)
    text = _SUB_ARG.sub(
        lambda m: m[1] + _script(m[3] if m[3] is not None else m[2], SUB, "_"), text
    )
    return text.replace("\\,", " ").replace("\\ ", " ")


def render_maths(markdown: str) -> str:
    """Markdown with its ``$...$`` spans and formula-like code spans rendered in Unicode."""
    if "$" not in markdown and "`" not in markdown:
        return markdown
    out: list[str] = []
    fenced = False
    for line in markdown.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = _DOLLAR.sub(lambda m: formula(m[1]), line)
            line = _CODE.sub(
                lambda m: f"`{formula(m[1])}`" if _FORMULA_CODE.search(m[1]) else m[0], line
            )
        out.append(line)
    return "\n".join(out)
