"""Reading one number as a learner types it: its value, the form it was written in, and a unit.

Forms: ``decimal`` (``0.125``, ``-3``, ``1,000``), ``fraction`` (``1/8``, ``3 1/2``),
``percent`` (``12.5%``), ``scientific`` (``1.5e-3``, ``1.5 x 10^-3``, ``1.5×10⁻³``,
``10^-3``) and ``words`` (``three``, ``twenty-five``, ``one half``, ``a quarter``).
Whatever follows the number is its unit (``3 ms``), read as written.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

FORMS: tuple[str, ...] = ("decimal", "fraction", "percent", "scientific", "words")


@dataclass(frozen=True)
class Reading:
    value: float
    form: str
    unit: str = ""


_SUPER = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUPER_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+")
_UNIT = re.compile(r"(?:[^\W\d_]|[°µ$€£%])\S*(?:\s+[^\W\d_]\S*)*")
"""A unit is words that do not start with a digit: "ms", "m/s^2", "kg m s^-2"; "of 3" is not one."""
_MINUS = re.compile("[\u2010-\u2015\u2212\ufe63\uff0d]")
_DEC = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("scientific", re.compile(rf"(?P<m>{_DEC})[eE](?P<e>[-+]?\d+)")),
    (
        "scientific",
        re.compile(rf"(?:(?P<m>{_DEC})\s*[x×*·]\s*)?10\s*(?:\^|\*\*)\s*\(?(?P<e>[-+]?\d+)\)?"),
    ),
    ("percent", re.compile(rf"(?P<v>{_DEC})\s*%")),
    ("fraction", re.compile(r"(?P<w>[-+]?\d+)\s+(?P<n>\d+)\s*/\s*(?P<d>\d+)")),
    ("fraction", re.compile(r"(?P<n>[-+]?\d+)\s*/\s*(?P<d>\d+)")),
    ("decimal", re.compile(rf"(?P<v>{_DEC})")),
)

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_PARTS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10, "hundredth": 100, "hundredths": 100,
}  # fmt: skip


def _dec(text: str) -> Fraction:
    return Fraction(text.replace(",", ""))


def _from_match(form: str, m: re.Match[str]) -> Fraction | float:
    g = m.groupdict()
    if form == "scientific":
        mantissa = _dec(g["m"]) if g.get("m") else Fraction(1)
        return float(mantissa) * 10.0 ** int(g["e"])
    if form == "percent":
        return _dec(g["v"]) / 100
    if form == "fraction":
        value = Fraction(int(g["n"]), int(g["d"]))
        if g.get("w"):
            whole = int(g["w"])
            value = whole + (value if whole >= 0 and not g["w"].startswith("-") else -value)
        return value
    return _dec(g["v"])


def _words(text: str) -> tuple[Fraction, str] | None:
    """A number in words at the start of ``text``, and the rest (its unit)."""
    words = re.findall(r"[a-z]+|\S", text.replace("-", " "))
    total, current, used, negative = 0, 0, 0, False
    for w in words:
        if w in ("minus", "negative") and used == 0:
            negative = True
        elif w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred" and used:
            current = max(current, 1) * 100
        elif w in _SCALES and used:
            total += max(current, 1) * _SCALES[w]
            current = 0
        elif w in ("and", "a", "an") and (used or w != "and"):
            pass
        else:
            break
        used += 1
    rest_words = words[used:]
    number = Fraction(total + current)
    if rest_words and rest_words[0] in _PARTS and (total + current or words[0] in ("a", "an")):
        number = Fraction(max(total + current, 1), _PARTS[rest_words[0]])
        rest_words = rest_words[1:]
        used += 1
    elif total + current == 0 and "zero" not in words[:used]:
        return None
    if used == 0:
        return None
    return (-number if negative else number), " ".join(rest_words)


def read_number(text: str) -> Reading | None:
    """The number ``text`` states as a whole (with an optional unit after it), else None."""
    s = _SUPER_RUN.sub(lambda m: "^" + m.group().translate(_SUPER), text.strip())
    s = _MINUS.sub("-", s).strip().rstrip(".")
    if not s:
        return None
    for form, pattern in _PATTERNS:
        m = pattern.match(s)
        if m is None:
            continue
        unit = s[m.end() :].strip()
        if unit and not _UNIT.fullmatch(unit):
            continue  # "2 + 3", "1/8 of 3": more than one number
        try:
            value = float(_from_match(form, m))
        except (ZeroDivisionError, OverflowError, ValueError):
            return None
        if not math.isfinite(value):
            return None
        return Reading(value, form, unit)
    words = _words(s.lower())
    if words is None:
        return None
    return Reading(float(words[0]), "words", words[1])
