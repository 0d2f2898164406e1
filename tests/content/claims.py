"""Finds the numeric claims in the course's prose (powers, stated values, slopes) for the
numbers check in test_numbers.py, which recomputes each from the lab.

Authors write facts like ``0.25^10 ≈ 9.5×10⁻⁷`` or ``0.2¹⁵ ≈ 3.3×10⁻¹¹``. A
number is only as true as its last check, so the test suite recomputes every
claim it can parse and fails when the text disagrees with the arithmetic or
with the lab's experiments. Four kinds of claim are found here:

- powers: ``b^k ≈ v`` (also ``bᵏ``, ``b**k``), but not a power inside a
  larger expression such as ``2 × 3² = 18``;
- measured magnitudes: ``1.2×10⁻¹¹``, ``about 0.8`` (:func:`find_stated_values`);
- gaps in orders of magnitude: ``eleven to twelve orders of magnitude``;
- activation slopes: peaks (``σ′ ≤ 0.25``, ``tanh's peaks at 1 at z = 0``),
  values at a point (``σ′(3) ≈ 0.045``) and ReLU's two sides.

The parsers only find and read claims; tests/content/test_numbers.py checks them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

_SUPER = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUP_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"

NUMBER = (
    r"(?P<mant>\d+(?:[.,]\d+)*)"
    r"(?:\s*(?:×|x|\*)\s*10(?:\^\(?(?P<exp1>[-−]?\d+)\)?|(?P<exp2>[" + _SUP_CHARS + r"]+))"
    r"|\s*[eE](?P<exp3>[-−+]?\d+))?"
)
_POWER = re.compile(
    r"(?<![\d.])(?P<base>\d+(?:\.\d+)?)\s*(?:(?:\^|\*\*)\s*\(?(?P<e1>\d+)\)?|(?P<e2>[¹²³⁴⁵⁶⁷⁸⁹][⁰¹²³⁴⁵⁶⁷⁸⁹]*))"
    r"\s*(?P<rel>≈|=|~|is about|is roughly)\s*"
    r"(?P<value>10(?:\^\(?[-−]?\d+\)?|⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)(?!\d|\s*[×x*])|"
    + NUMBER.replace("?P<", "?P<v")
    + r")"
)
_BARE_POWER_OF_TEN = re.compile(r"^10(?:\^\(?[-−]?\d+\)?|[" + _SUP_CHARS + r"]+)$")


@dataclass(frozen=True)
class PowerClaim:
    text: str
    base: float
    exponent: int
    stated: float
    significant: int

    @property
    def computed(self) -> float:
        return self.base**self.exponent

    def holds(self) -> bool:
        """True when the stated value is the computed one rounded to the digits it shows."""
        return agrees(self.stated, self.significant, self.computed)


def agrees(stated: float, significant: int, computed: float) -> bool:
    """Whether ``stated``, shown to ``significant`` digits, is ``computed`` rounded.

    The computed value must lie within half a unit of the last digit shown:
    9.5×10⁻⁷ for 0.25^10 = 9.54×10⁻⁷ agrees, 0.5 for a peak of 0.25 does not.
    """
    if stated == 0:
        return abs(computed) < 1e-12
    last_digit = 10.0 ** (math.floor(math.log10(abs(stated))) - significant + 1)
    return abs(computed - stated) <= 0.5 * last_digit * (1 + 1e-9) + 1e-15 * abs(stated)


def parse_number(text: str) -> tuple[float, int] | None:
    """Value and significant digits of '9.5×10⁻⁷', '3.3e-11', '0.00000095', '10⁻⁶', '1,024'."""
    text = text.strip().replace("−", "-")
    if _BARE_POWER_OF_TEN.match(text):
        power = text[2:].lstrip("^").strip("()").translate(_SUPER)
        try:
            return 10.0 ** int(power), 1
        except ValueError:
            return None
    match = re.fullmatch(NUMBER.replace("[-−]", "[-−]"), text)
    if not match:
        return None
    mant = match.group("mant").replace(",", "")
    exp_text = (
        match.group("exp1") or (match.group("exp2") or "").translate(_SUPER) or match.group("exp3")
    )
    exp = int(exp_text.replace("−", "-")) if exp_text else 0
    digits = mant.replace(".", "").lstrip("0")
    significant = max(1, len(digits.rstrip("0")) if "." not in mant else len(digits))
    return float(mant) * 10.0**exp, significant


_OPERATORS = "×*·/÷+−-"


def _is_operand(text: str, start: int) -> bool:
    """Whether the number starting at ``start`` is an operand of a larger expression.

    In "2 × 3² = 18" the power 3² is multiplied by 2 first, so "3² = 18" is
    not a claim of its own: a base preceded by an operator (×, *, ·, /, ÷, +,
    −), with or without spaces, or written straight after another operand
    ("2x3²", ")3²") is skipped.
    """
    before = text[:start]
    stripped = before.rstrip()
    if not stripped:
        return False
    last = stripped[-1]
    if last in _OPERATORS:
        return True
    return stripped == before and (last.isalnum() or last in ")]}")


def find_power_claims(text: str) -> Iterator[PowerClaim]:
    """Standalone claims 'b^k ≈ v' (also b**k, bᵏ); a power inside a product or sum is skipped."""
    for m in _POWER.finditer(text):
        if _is_operand(text, m.start()):
            continue
        exponent = int(m.group("e1") or (m.group("e2") or "").translate(_SUPER))
        parsed = parse_number(m.group("value"))
        if parsed is None:
            continue
        stated, significant = parsed
        yield PowerClaim(m.group(0), float(m.group("base")), exponent, stated, significant)


def find_scientific_numbers(text: str) -> Iterator[tuple[str, float]]:
    """Numbers written as powers of ten (10⁻⁸, 3×10⁻¹¹, 1e-6): the magnitudes captions state."""
    pattern = re.compile(
        r"(?:(?<![\d.])\d+(?:\.\d+)?\s*(?:×|x)\s*)?10(?:\^\(?[-−]?\d+\)?|["
        + _SUP_CHARS
        + r"]+)|(?<![\w.])\d+(?:\.\d+)?[eE][-−+]?\d+"
    )
    for m in pattern.finditer(text):
        parsed = parse_number(m.group(0))
        if parsed is not None:
            yield m.group(0), parsed[0]


# --- measured magnitudes ------------------------------------------------------

WORD_NUMBERS = {
    word: n
    for n, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_COUNT = r"(?:\d+|" + "|".join(WORD_NUMBERS) + r")"


def _count(word: str) -> int:
    return int(word) if word.isdigit() else WORD_NUMBERS[word.lower()]


@dataclass(frozen=True)
class StatedValue:
    """A magnitude a text states: '1.2×10⁻¹¹', '10⁻¹⁶', 'about 0.8'."""

    text: str
    value: float
    significant: int
    start: int
    end: int


_SCIENTIFIC = (
    r"(?:(?<![\d.,])\d+(?:\.\d+)?\s*(?:×|x)\s*)?(?<![\d.,])10(?:\^\(?[-−]?\d+\)?|["
    + _SUP_CHARS
    + r"]+)(?![\d^"
    + _SUP_CHARS
    + r"])"
    r"|(?<![\w.])\d+(?:\.\d+)?[eE][-−+]?\d+"
)
_HEDGED = (
    r"(?:\babout|\bnear|\broughly|\baround|≈|~)\s+(?P<plain>(?<![\d.])\d+(?:\.\d+)?)(?!\d|[.,]\d|\s*(?:×|x)\s*10|[\^"
    + _SUP_CHARS
    + r"%])"
)
_STATED = re.compile(r"(?P<sci>" + _SCIENTIFIC + r")|" + _HEDGED)


def find_stated_values(text: str) -> list[StatedValue]:
    """Magnitudes stated as measurements: powers of ten, and plain numbers after about/near/roughly/≈.

    Values that belong to a power claim ('0.2^15 ≈ 3.3×10⁻¹¹') are left out:
    the power-claim check owns those.
    """
    claimed = [
        (m.start(), m.end()) for m in _POWER.finditer(text) if not _is_operand(text, m.start())
    ]
    out: list[StatedValue] = []
    for m in _STATED.finditer(text):
        group = "sci" if m.group("sci") else "plain"
        start, end = m.span(group)
        if any(s <= start < e for s, e in claimed):
            continue
        parsed = parse_number(m.group(group))
        if parsed is None:
            continue
        out.append(StatedValue(m.group(group), parsed[0], parsed[1], start, end))
    return out


@dataclass(frozen=True)
class OrdersClaim:
    """'eleven to twelve orders of magnitude', 'more than four ...', 'within about two ...', 'eleven-decade'."""

    text: str
    low: float  # bounds on log10 of the size gap
    high: float
    start: int = 0
    end: int = 0

    def holds(self, orders: float) -> bool:
        return self.low <= orders < self.high


_ORDERS = re.compile(
    r"(?:(?P<more>more than|over|at least)\s+|(?P<within>within)\s+(?:about\s+)?)?"
    r"(?P<n>" + _COUNT + r")(?:\s+to\s+(?P<m>" + _COUNT + r"))?"
    r"(?:\s+orders?\s+of\s+magnitude|-decades?\b|\s+decades\b)",
    re.IGNORECASE,
)


def find_orders_claims(text: str) -> Iterator[OrdersClaim]:
    """Gaps stated in orders of magnitude, as a range of log10 values (a count n means n ± 0.5)."""
    for m in _ORDERS.finditer(text):
        n = _count(m.group("n"))
        if m.group("more"):
            low, high = float(n), math.inf
        elif m.group("within"):
            low, high = 0.0, n + 0.5
        else:
            top = _count(m.group("m")) if m.group("m") else n
            low, high = n - 0.5, top + 0.5
        yield OrdersClaim(m.group(0), low, high, m.start(), m.end())


# --- activation slopes ----------------------------------------------------------

_ACTIVATION_NAMES = (
    ("leaky_relu", r"leaky\s+relu"),
    ("relu", r"relu"),
    ("sigmoid", r"σ|sigmoid|logistic"),
    ("tanh", r"tanh"),
)
_ACT = re.compile(
    "|".join(f"(?P<{name}>{pattern})" for name, pattern in _ACTIVATION_NAMES), re.IGNORECASE
)
_NUM = r"(?<![\d.])\d+(?:\.\d+)?(?!\d|\.\d)"
_PEAK_WORDS = (
    r"at most|≤|never exceeds|never more than|no bigger than|no more than|bounded above by|stays at or below|"
    r"peaks? at|tops? out at|peak slope(?: of)?|maximum(?: slope)?(?: of| is|,)?|largest slope,?|largest value,?|"
    r"best-case slope is|best case with slope"
)
_PEAK = re.compile(
    r"(?:" + _PEAK_WORDS + r")\s*(?P<v>" + _NUM + r")(?!\s*[\^×*/·]|[" + _SUP_CHARS + r"])",
    re.IGNORECASE,
)
_PEAK_LIST = re.compile(
    r"(?:maximum|peaks?)\s*[—:-]\s*(?P<list>(?:" + _NUM + r"\s+for\s+\w+(?:,\s*|\s+and\s+)?)+)",
    re.IGNORECASE,
)
_FOR_ACT = re.compile(r"(?P<v>" + _NUM + r")\s+for\s+(?P<act>\w+)")
_AT_Z = re.compile(r"^[^.;]{0,30}?\bat z = (?P<z>[-−]?\d+(?:\.\d+)?)")
_AS_WITH = re.compile(r"^[^.;]*?\bas (?:it is |they are )?(?:with|for) (?:the |a )?(?P<act>\w+)")
_POINT_HEAD = re.compile(r"(?P<fn>σ|tanh|ReLU)(?P<prime>′|')?\((?P<x>[-−]?\d+(?:\.\d+)?)\)")
_RELATION = re.compile(r"\s*[=≈]\s*")
_FINAL_VALUE = re.compile(
    r"(?P<v>" + _NUM + r")(?=\s*$|[,;:)]|\.(?!\d)|\s+(?![×*·/+−\-^(]|[" + _SUP_CHARS + r"]))"
)
_STEP = re.compile(r"[^=≈,;]+?(?=\s*[=≈])")
_WORD = re.compile(r"\b(?!tanh\b|ReLU\b)[A-Za-z]{2,}\b")
_LEFT_SLOPE = re.compile(
    r"(?:(?:keeps|has) a slope of (?P<v>"
    + _NUM
    + r") (?:on the (?:left|negative side)|for (?:every )?negative)"
    r"|(?P<w>" + _NUM + r") for (?:every negative (?:one|input)|z < 0))",
    re.IGNORECASE,
)
_RIGHT_SLOPE = re.compile(
    r"(?:is|of|=|slope) (?:exactly )?(?P<v>"
    + _NUM
    + r") (?:for every positive input|wherever the unit is active|for z > 0)",
    re.IGNORECASE,
)
_SPLIT_SENTENCES = re.compile(r"(?<=[.!?;])\s+|\n\s*[-|]\s+|\s*\|\s*")


@dataclass(frozen=True)
class SlopeClaim:
    """A statement about an activation's derivative that the lab can compute.

    kind 'peak': the derivative's maximum is ``value`` (and, if ``z`` is set, it is reached there);
    kind 'left': the slope of ReLU or leaky ReLU for z < 0 is ``value``;
    kind 'point': the derivative (``prime``) or the function itself at ``z`` is ``value``.
    """

    text: str
    activation: str
    kind: str
    value: float
    significant: int
    z: float | None = None
    prime: bool = True

    def holds(self, computed: float) -> bool:
        return agrees(self.value, self.significant, computed)


def _activation_before(sentence: str, pos: int) -> str | None:
    found = None
    for m in _ACT.finditer(sentence, 0, pos):
        found = m.lastgroup
    return found


def _activation_word(word: str) -> str | None:
    m = _ACT.fullmatch(word.replace("'s", ""))
    return m.lastgroup if m else None


def _point_claims(sentence: str) -> Iterator[SlopeClaim]:
    """'σ′(3) = σ(3)(1 − σ(3)) ≈ 0.953 × 0.047 ≈ 0.045': the value is the first bare number
    in the chain of = and ≈ that is not itself part of a product; an operand
    ('2 × σ′(0) = 0.5') states nothing about σ′ on its own."""
    fns = {"σ": "sigmoid", "tanh": "tanh", "ReLU": "relu"}
    for head in _POINT_HEAD.finditer(sentence):
        if _is_operand(sentence, head.start()):
            continue
        pos = head.end()
        while True:
            rel = _RELATION.match(sentence, pos)
            if rel is None:
                break
            pos = rel.end()
            final = _FINAL_VALUE.match(sentence, pos)
            if final is not None:
                parsed = parse_number(final.group("v"))
                if parsed is not None:
                    z = float(head.group("x").replace("−", "-"))
                    yield SlopeClaim(
                        sentence[head.start() : final.end()],
                        fns[head.group("fn")],
                        "point",
                        parsed[0],
                        parsed[1],
                        z=z,
                        prime=bool(head.group("prime")),
                    )
                break
            step = _STEP.match(sentence, pos)
            if step is None or _WORD.search(step.group(0)):
                break
            pos = step.end()


def find_slope_claims(text: str) -> Iterator[SlopeClaim]:
    """Peaks ('σ′ is at most 0.25', 'tanh's peaks at 1 at z = 0', 'maximum — 0.25 for sigmoid and 1 for tanh'),
    ReLU's two sides ('1 for z > 0 and 0 for z < 0', leaky ReLU's 'slope of 0.01 on the left'),
    and values at a point ('σ′(3) ≈ 0.045', 'σ(0) = 0.5').

    A claim is attributed to the activation named last before it in the same
    sentence (sentences end at . ; ! ? and table cells), or to the one in a
    following "as it is with sigmoid"; none named, no claim.
    """
    for sentence in _SPLIT_SENTENCES.split(text):
        yield from _point_claims(sentence)
        listed: set[int] = set()
        for m in _PEAK_LIST.finditer(sentence):
            tail = _AT_Z.match(sentence[m.end("list") :].replace("both ", "", 1))
            for pair in _FOR_ACT.finditer(m.group("list")):
                act = _activation_word(pair.group("act"))
                parsed = parse_number(pair.group("v"))
                if act is None or parsed is None:
                    continue
                listed.add(m.start("list") + pair.start("v"))
                z = float(tail.group("z").replace("−", "-")) if tail else None
                yield SlopeClaim(pair.group(0), act, "peak", parsed[0], parsed[1], z=z)
        for m in _PEAK.finditer(sentence):
            if m.start("v") in listed:
                continue
            after = _AS_WITH.match(sentence[m.end() :])
            act = _activation_word(after.group("act")) if after else None
            if act is None:
                act = _activation_before(sentence, m.start())
            parsed = parse_number(m.group("v"))
            if act is None or parsed is None:
                continue
            tail = _AT_Z.match(sentence[m.end() :])
            z = float(tail.group("z").replace("−", "-")) if tail else None
            yield SlopeClaim(
                sentence[max(0, m.start() - 20) : m.end()].strip(),
                act,
                "peak",
                parsed[0],
                parsed[1],
                z=z,
            )
        for m in _RIGHT_SLOPE.finditer(sentence):
            act = _activation_before(sentence, m.start())
            parsed = parse_number(m.group("v"))
            if act is not None and parsed is not None:
                yield SlopeClaim(m.group(0), act, "peak", parsed[0], parsed[1])
        for m in _LEFT_SLOPE.finditer(sentence):
            act = _activation_before(sentence, m.start())
            parsed = parse_number(m.group("v") or m.group("w"))
            if act in ("relu", "leaky_relu") and parsed is not None:
                yield SlopeClaim(m.group(0), act, "left", parsed[0], parsed[1])
