"""Find numeric claims in content text so a test can recompute them.

Authors write facts like ``0.25^10 ≈ 9.5×10⁻⁷`` or ``0.2¹⁵ ≈ 3.3×10⁻¹¹``. A
number is only as true as its last check, so the test suite recomputes every
claim it can parse and fails when the text disagrees with the arithmetic.
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
    r"(?P<value>10(?:\^\(?[-−]?\d+\)?|⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)(?!\d|\s*[×x*])|" + NUMBER.replace("?P<", "?P<v") + r")"
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
        tol = 0.5 * 10 ** (1 - self.significant) * 1.05
        return math.isclose(self.computed, self.stated, rel_tol=tol)


def parse_number(text: str) -> tuple[float, int] | None:
    """Value and significant digits of '9.5×10⁻⁷', '3.3e-11', '0.00000095', '10⁻⁶', '1,024'."""
    text = text.strip().replace("−", "-")
    if _BARE_POWER_OF_TEN.match(text):
        exp = text[2:].lstrip("^").strip("()").translate(_SUPER)
        try:
            return 10.0 ** int(exp), 1
        except ValueError:
            return None
    match = re.fullmatch(NUMBER.replace("[-−]", "[-−]"), text)
    if not match:
        return None
    mant = match.group("mant").replace(",", "")
    exp_text = match.group("exp1") or (match.group("exp2") or "").translate(_SUPER) or match.group("exp3")
    exp = int(exp_text.replace("−", "-")) if exp_text else 0
    digits = mant.replace(".", "").lstrip("0")
    significant = max(1, len(digits.rstrip("0")) if "." not in mant else len(digits))
    return float(mant) * 10.0**exp, significant


def find_power_claims(text: str) -> Iterator[PowerClaim]:
    for m in _POWER.finditer(text):
        exponent = int(m.group("e1") or (m.group("e2") or "").translate(_SUPER))
        parsed = parse_number(m.group("value"))
        if parsed is None:
            continue
        stated, significant = parsed
        yield PowerClaim(m.group(0), float(m.group("base")), exponent, stated, significant)


def find_scientific_numbers(text: str) -> Iterator[tuple[str, float]]:
    """Numbers written as powers of ten (10⁻⁸, 3×10⁻¹¹, 1e-6): the magnitudes captions state."""
    pattern = re.compile(
        r"(?:(?<![\d.])\d+(?:\.\d+)?\s*(?:×|x)\s*)?10(?:\^\(?[-−]?\d+\)?|[" + _SUP_CHARS + r"]+)|(?<![\w.])\d+(?:\.\d+)?[eE][-−+]?\d+"
    )
    for m in pattern.finditer(text):
        parsed = parse_number(m.group(0))
        if parsed is not None:
            yield m.group(0), parsed[0]
