"""Maths that reads well in a terminal: ``x^2`` as x², ``w_1`` as w₁, ``\\frac{a}{b}`` as a⁄b.

Content is Markdown. A ``$...$`` span is maths by declaration and is always
rendered. An inline code span is rendered only where it looks like a formula
(a ``^``, or a single letter carrying a subscript such as ``w_1`` or
``a_{ij}``), so code like ``zero_grad()`` or ``layer_1`` stays as written.
Fenced code blocks are never touched. A script character Unicode lacks keeps
the plain form in brackets (``x^(q)``), so nothing is lost.

A display formula (a ``$$...$$`` block, or a line holding only a ``$...$``
span) stacks its fractions: numerator, a rule, denominator, as a fenced text
block so Markdown keeps the three lines apart. Inline fractions stay a⁄b, and a
nested or long fraction, which three lines cannot show, stays inline too.
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
_ARG = r"\{((?:[^{}]|\{[^{}]*\})*)\}"  # one brace group, which may hold one level more
_FRAC = re.compile(r"\\frac" + _ARG + _ARG)
_DISPLAY_MARK = "$$"
STACK_WIDTH = 60  # wider than this, a stacked formula would wrap in a narrow pane
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


def _inline_fraction(match: re.Match[str]) -> str:
    top, bottom = match[1].strip(), match[2].strip()
    if re.fullmatch(r"\w+", top) and re.fullmatch(r"\w+", bottom):
        return f"{top}⁄{bottom}"
    return "/".join(part if re.fullmatch(r"\w+", part) else f"({part})" for part in (top, bottom))


def formula(text: str) -> str:
    """One formula, from TeX-ish ASCII to Unicode."""
    while (inlined := _FRAC.sub(_inline_fraction, text)) != text:  # nested: inside out
        text = inlined
    text = _SQRT.sub(lambda m: f"√{m[1]}" if len(m[1]) == 1 else f"√({m[1]})", text)
    text = _COMMAND.sub(_command, text)
    text = _SUPER_ARG.sub(lambda m: _script(m[2] if m[2] is not None else m[1], SUPER, "^"), text)
    text = _SUB_ARG.sub(
        lambda m: m[1] + _script(m[3] if m[3] is not None else m[2], SUB, "_"), text
    )
    return text.replace("\\,", " ").replace("\\ ", " ")


def render_maths(markdown: str) -> str:
    """Markdown with its ``$...$`` spans and formula-like code spans rendered in Unicode.

    Text of a single line is taken for a label or a sentence (an answer option,
    a one-line prompt), where a block of three lines cannot stand: its display
    formulas stay on their line.
    """
    if "$" not in markdown and "`" not in markdown:
        return markdown
    stack = "\n" in markdown
    out: list[str] = []
    fenced = False
    block: list[str] | None = None  # the lines of an open ``$$`` block
    for line in markdown.split("\n"):
        indent = line[: len(line) - len(line.lstrip())]
        if block is not None:
            if line.strip() == _DISPLAY_MARK:
                out += display(" ".join(block), indent, stack=stack)
                block = None
            else:
                block.append(line.strip())
            continue
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and line.strip() == _DISPLAY_MARK:
            block = []
            continue
        elif not fenced and (tex := _sole_formula(line)) is not None:
            out += display(tex, indent, stack=stack)
            continue
        elif not fenced:
            line = _inline(line)
        out.append(line)
    if block is not None:  # an unclosed block is shown as written
        out += [_DISPLAY_MARK, *block]
    return "\n".join(out)


def _inline(line: str) -> str:
    line = _DOLLAR.sub(lambda m: formula(m[1]), line)
    return _CODE.sub(lambda m: f"`{formula(m[1])}`" if _FORMULA_CODE.search(m[1]) else m[0], line)


def _stack(tex: str) -> list[str] | None:
    """Three lines with every fraction stacked, or None where the layout cannot hold it.

    Every ``\\frac`` must be a plain one (no braces inside) and the text between them
    balanced, else a fraction sits inside another construct (a root, a script, a
    fraction) and stacking would tear it apart.
    """
    fractions = list(_FRAC.finditer(tex))
    if not fractions or len(fractions) != tex.count("\\frac"):
        return None
    top, middle, bottom = "", "", ""
    start = 0
    for match in [*fractions, None]:
        text = tex[start : match.start() if match else len(tex)]
        if text.count("{") != text.count("}"):
            return None
        shown = formula(text)
        top, middle, bottom = top + " " * len(shown), middle + shown, bottom + " " * len(shown)
        if match is None:
            break
        numerator, denominator = formula(match[1].strip()), formula(match[2].strip())
        width = max(len(numerator), len(denominator))
        width += 2 if width > 1 else 0
        top += numerator.center(width)
        middle += "─" * width
        bottom += denominator.center(width)
        start = match.end()
    if len(middle) > STACK_WIDTH:
        return None
    return [line.rstrip() for line in (top, middle, bottom)]


def display(tex: str, indent: str = "", *, stack: bool = True) -> list[str]:
    """A display formula as Markdown lines: stacked in a text block where it has fractions."""
    stacked = _stack(tex.strip()) if stack else None
    if stacked is None:
        return [indent + formula(tex.strip())]
    return [f"{indent}```text", *(indent + line for line in stacked), f"{indent}```"]


def _sole_formula(line: str) -> str | None:
    """The TeX of a line that holds one formula and nothing else, if it does."""
    stripped = line.strip()
    if stripped.startswith(_DISPLAY_MARK) and stripped.endswith(_DISPLAY_MARK):
        inner = stripped[2:-2]
        return inner if inner.strip() and _DISPLAY_MARK not in inner else None
    match = _DOLLAR.fullmatch(stripped)
    return match[1] if match else None
