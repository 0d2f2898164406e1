"""Reading numbers as people write them, and deciding when two numbers are the same answer.

Learners write "five hundred and twelve", "one eighth", "a quarter", "a thousandth",
"33 thousand", "one in a million", "0.25 to the fifth", "9.5 times ten to the minus
seven", "2^-10", "1e-3", "10⁻³", "9.5367 × 10⁻⁷" and "12.5%" for numbers. This module
turns every such form into a value (:func:`read_number` for a whole answer,
:func:`find_numbers` for the numbers stated in a text), and compares a value with an
expected one under a :class:`Tolerance` (:func:`compare`).

It judges nothing else: which of the numbers stated is the learner's answer (not one
negated, not one inside a quoted formula) is the grader's business. The API is small
and stable on purpose: item types other than short answers (a numeric item) reuse it.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

from tutor.grading import text_norm

__all__ = [
    "DEFAULT_TOLERANCE",
    "Match",
    "Reading",
    "Tolerance",
    "compare",
    "find_numbers",
    "read_number",
    "words_to_digits",
]

# -- number words ----------------------------------------------------------------

_UNITS = {
    "zero": 0,
    "nought": 0,
    "naught": 0,
    "nil": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}
_ORDINALS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "quarter": 4,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "hundredth": 100,
    "thousandth": 10**3,
    "millionth": 10**6,
    "billionth": 10**9,
}
"""Denominators ("one eighth", "three quarters") and exponents ("to the fifth")."""


def _ordinal(word: str) -> int | None:
    if word in _ORDINALS:
        return _ORDINALS[word]
    if word.endswith("s") and word[:-1] in _ORDINALS:
        return _ORDINALS[word[:-1]]
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", word)
    return int(m.group(1)) if m else None


_LEX = re.compile(
    r"(?P<num>(?:\d+(?:\.\d+)?|\.\d+)(?:e[+-]?\d+)?(?![\w.]))|(?P<ord>\d+(?:st|nd|rd|th)\b)"
    r"|(?P<word>[a-z]+)|(?P<other>\S)"
)
_AFTER_FRACTION = frozenset(
    {
        "of",
        "and",
        "or",
        "but",
        "so",
        "which",
        "that",
        "is",
        "was",
        "as",
        "than",
        "the",
        "a",
        "to",
        "in",
        "per",
        "roughly",
        "about",
        "exactly",
        "approximately",
        "then",
        "because",
    }
)
_NOT_ALONE = frozenset({"the", "each", "every", "any", "no", "this", "that", "which", "per"})


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    start: int
    end: int


def _lex(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    for m in _LEX.finditer(text):
        kind = m.lastgroup or "other"
        out.append(_Tok(kind, m.group(), m.start(), m.end()))
    return out


class _Phrase:
    """A parser over the tokens of one text: each ``_read_*`` returns (value, next index)."""

    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks

    def word(self, i: int) -> str:
        return self.toks[i].text if i < len(self.toks) and self.toks[i].kind == "word" else ""

    def adjective(self, i: int) -> bool:
        """Whether the ordinal at ``i`` qualifies a noun ("a third point", "one fifth layer")."""
        following = self.word(i + 1)
        return bool(following) and following not in _AFTER_FRACTION

    def cardinal(self, i: int) -> tuple[Fraction, int] | None:
        """Digits or number words, with scales: "33 thousand", "five hundred and twelve"."""
        if i < len(self.toks) and self.toks[i].kind == "num":
            value = Fraction(self.toks[i].text)
            following = self.word(i + 1)
            scale = _SCALES.get(following) or (100 if following == "hundred" else None)
            return (value * scale, i + 2) if scale else (value, i + 1)
        spelled = self._spelled(i)
        if spelled is None:
            return None
        value, j = spelled
        if self.word(j) == "point" and self.word(j + 1) in _UNITS:
            digits, j = self._decimals(j + 1)
            value += Fraction(f"0.{digits}") if digits else 0
        return value, j

    def _spelled(self, i: int) -> tuple[Fraction, int] | None:
        total, current, j = 0, 0, i
        while j < len(self.toks):
            w, seen = self.word(j), j > i
            if w in _UNITS or w in _TENS:
                current += _UNITS.get(w, 0) + _TENS.get(w, 0)
            elif w == "hundred" and seen:
                current = max(current, 1) * 100
            elif w in _SCALES and seen:
                total, current = total + max(current, 1) * _SCALES[w], 0
            elif w == "and" and seen and (self.word(j + 1) in _UNITS or self.word(j + 1) in _TENS):
                pass
            elif w in ("a", "an") and not seen and self.word(j + 1) in {"hundred", *_SCALES}:
                current = 1
            else:
                break
            j += 1
        if j == i or (j == i + 1 and self.word(i) in ("a", "an")):
            return None
        return Fraction(total + current), j

    def _decimals(self, j: int) -> tuple[str, int]:
        digits = ""
        while self.word(j) in _UNITS and _UNITS[self.word(j)] < 10:
            digits += str(_UNITS[self.word(j)])
            j += 1
        return digits, j

    def exponent(self, i: int) -> tuple[Fraction, int] | None:
        """After "to the": "fifth", "15th", "power of 5", "minus seven", "-7"."""
        j = i
        if self.word(j) == "power":
            j += 1
            if self.word(j) == "of":
                j += 1
        sign = 1
        if self.word(j) in ("minus", "negative") or (
            j < len(self.toks) and self.toks[j].text == "-"
        ):
            sign, j = -1, j + 1
        if j < len(self.toks):
            ordinal = _ordinal(self.toks[j].text)
            if ordinal is not None and self.toks[j].kind in ("word", "ord"):
                return Fraction(sign * ordinal), j + 1
        card = self.cardinal(j)
        return (sign * card[0], card[1]) if card else None

    def phrase(self, i: int) -> tuple[str, int] | None:
        """The digit form of the number phrase at ``i``, or None when there is none."""
        w = self.word(i)
        if w in ("half", "halves") and self.word(i - 1) not in ("a", "one"):
            return "1/2", i + 1
        nxt = self.word(i + 1)
        if w in ("a", "an") and (d := _ordinal(nxt)) and not nxt[0].isdigit():
            return None if self.adjective(i + 1) else (f"1/{d}", i + 2)
        card = self.cardinal(i)
        if card is None:
            return None
        value, j = card
        spelled = self.toks[i].kind == "word"
        if spelled and w == "one" and j == i + 1 and self.word(i - 1) in _NOT_ALONE:
            return None
        for follow in (self._fraction, self._power, self._scientific):
            found = follow(value, j, spelled)
            if found is not None:
                return found
        if not spelled and j == i + 1:
            return None  # plain digits: left as written
        return _digits(value), j

    def _fraction(self, value: Fraction, j: int, spelled: bool) -> tuple[str, int] | None:
        """ "one eighth", "three quarters", "one in a million", "one part in 1024"."""
        d = _ordinal(self.word(j))
        if d is not None and spelled and not self.word(j)[0].isdigit() and not self.adjective(j):
            return f"{_digits(value)}/{d}", j + 1
        k = j + 1 if self.word(j) in ("part", "parts") else j
        if self.word(k) == "in":
            den = self.cardinal(k + 1)
            if den is not None and den[0] != 0:
                return f"{_digits(value)}/{_digits(den[0])}", den[1]
        return None

    def _power(self, value: Fraction, j: int, spelled: bool) -> tuple[str, int] | None:
        """ "0.25 to the fifth", "2 to the power of 15", "squared", "cubed"."""
        if self.word(j) == "to" and self.word(j + 1) == "the":
            exp = self.exponent(j + 2)
            if exp is not None:
                return f"{_digits(value)}^{_digits(exp[0])}", exp[1]
        if self.word(j) in ("squared", "cubed"):
            return f"{_digits(value)}^{2 if self.word(j) == 'squared' else 3}", j + 1
        return None

    def _scientific(self, value: Fraction, j: int, spelled: bool) -> tuple[str, int] | None:
        """ "9.5 times ten to the minus seven"."""
        if self.word(j) == "times" and self.word(j + 1) == "ten" and self.word(j + 2) == "to":
            exp = self.exponent(j + 4) if self.word(j + 3) == "the" else None
            if exp is not None:
                return f"{_digits(value)} x 10^{_digits(exp[0])}", exp[1]
        return None


def _digits(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return format(float(value), ".15g")


_NUMBER_WORDS = frozenset(
    {*_UNITS, *_TENS, *_SCALES, "hundred", "half", "halves", "a", "an", "minus", "negative"}
)


def words_to_digits(text: str) -> str:
    """``text`` with number phrases in words or mixed forms written in digits.

    "five hundred and twelve" -> "512", "one eighth" -> "1/8", "a thousandth" ->
    "1/1000", "33 thousand" -> "33000", "one in a million" -> "1/1000000",
    "0.25 to the fifth" -> "0.25^5", "nine point five times ten to the minus seven"
    -> "9.5 x 10^-7". Case is folded; everything else is kept. A lone "one" after
    "the", "each", "every" ... is a pronoun, not a number.
    """
    folded = text.casefold()
    folded = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", folded)  # thirty-two, forty-two
    toks = _lex(folded)
    if not any(
        t.kind == "ord" or (t.kind == "word" and (t.text in _NUMBER_WORDS or _ordinal(t.text)))
        for t in toks
    ):
        return folded
    parser = _Phrase(toks)
    out: list[str] = []
    pos = 0
    i = 0
    while i < len(toks):
        found = parser.phrase(i)
        if found is None:
            i += 1
            continue
        digits, j = found
        out.append(folded[pos : toks[i].start])
        negative = parser.word(i - 1) in ("minus", "negative")
        if negative:
            out[-1] = re.sub(r"(?:minus|negative)\s*$", "", out[-1])
            digits = "-" + digits
        out.append(digits)
        pos = toks[j - 1].end
        i = j
    out.append(folded[pos:])
    return "".join(out)


# -- finding numbers -------------------------------------------------------------

_HEDGES = re.compile(
    r"(?:\b(?:about|around|roughly|approximately|approx|nearly|almost|circa|some|close to|on the order of|of the order of)\s*$)|(?:[~≈]\s*$)"
)
_PERCENT = re.compile(r"^\s*(?:%|per\s?cent\b)")
_EXPR = re.compile(
    r"(?<![\w.^])(?:√\s*\(?)?-?(?:\d+(?:\.\d+)?|\.\d+)(?:e[+-]?\d+)?"
    r"(?:\s*(?:/|\^)\s*\(?-?(?:\d+(?:\.\d+)?|\.\d+)\)?"
    r"|\s*x\s*\d+(?:\.\d+)?\s*\^\s*\(?-?\d+(?:\.\d+)?\)?)?(?![\w.]\d|[a-z_])"
    r"|(?<![\w.])x\s*10\s*\^\s*-?\d+"
)
"""A number, a fraction, a power, a scientific form, or a bare "× 10^-7", standing alone
(not glued to a name: the 1 of h1 and the 2 of x2 are not values)."""
_CALL = re.compile(r"[^\W\d_]\s*\(([^()]*)\)")
"""A function applied to arguments: max(0, z), ReLU(2), f(10)."""


@dataclass(frozen=True)
class Reading:
    """A number stated in a text."""

    value: float
    text: str
    """The number as read (in digits), for messages."""
    approximate: bool = False
    """Hedged: "about 0.001", "roughly 33 thousand", "≈ 2.7"."""
    percent: bool = False
    """Written as a percentage: ``value`` is the fraction (12.5% -> 0.125)."""
    in_formula: bool = False
    """An argument of a quoted function (the 0 of max(0, z)): not the learner's answer."""
    start: int = 0
    """Offset in :func:`words_to_digits`' text of the answer."""


_CURRENCY = re.compile(r"[£$€¥]")
_REMAINDER = re.compile(r"(\d)\s*r\s*(\d)")
"""6 r 3 (a quotient with a remainder) is not the numbers 6 and 3: glued, it reads as neither."""
_MIXED = re.compile(r"(?<![\w.^/])(\d+)\s+(\d+)\s*/\s*(\d+)(?![\w.]\d|[a-z_/^])")
"""A mixed number: 2 1/2."""


def _prepare(text: str) -> str:
    """Digits for number words, folded symbols, and no currency signs (−£2 is -2)."""
    folded = _CURRENCY.sub("", text_norm.fold(words_to_digits(text)))
    return _REMAINDER.sub(r"\1r\2", folded)


def _match_value(m: re.Match[str], raw: str) -> float | None:
    if m.re is _MIXED:
        whole, num, den = (int(g) for g in m.groups())
        return whole + num / den if den else None
    if raw.startswith("x"):  # "× 10^-7"
        return text_norm.numeric_value("1 " + raw)
    return text_norm.numeric_value(raw)


@functools.lru_cache(maxsize=1024)
def find_numbers(text: str) -> tuple[Reading, ...]:
    """Every number stated in ``text``, in order, in words or digits."""
    prepared = _prepare(text)
    calls = [(m.start(1), m.end(1)) for m in _CALL.finditer(prepared)]
    found: list[Reading] = []
    mixed = [(m.start(), m.end()) for m in _MIXED.finditer(prepared)]
    matches = sorted(
        [*_MIXED.finditer(prepared), *_EXPR.finditer(prepared)], key=lambda m: m.start()
    )
    for m in matches:
        if m.re is _EXPR and any(a <= m.start() < b for a, b in mixed):
            continue
        raw = m.group().strip()
        value = _match_value(m, raw)
        if value is None:
            continue
        percent = bool(_PERCENT.match(prepared[m.end() :]))
        if percent:
            value /= 100
        found.append(
            Reading(
                value=value,
                text=raw,
                approximate=bool(_HEDGES.search(prepared[max(0, m.start() - 30) : m.start()])),
                percent=percent,
                in_formula=any(a <= m.start() < b for a, b in calls),
                start=m.start(),
            )
        )
    return tuple(found)


_PLUS_SIGN = re.compile(r"(^\s*|=\s*)\+\s*(?=[\d.])")


def read_number(text: str) -> Reading | None:
    """The number an answer consists of ("one eighth", "about 0.001", "12.5%"), else None.

    A hedge in front and a unit or noun after a single number are allowed ("16
    pieces", "roughly 33 thousand"); an answer stating two numbers or an operation
    ("2 + 2") is not one number.
    """
    text = _PLUS_SIGN.sub(r"\1", text)  # "+3", "b = +3": a sign, not a sum
    readings = find_numbers(text)
    if len(readings) != 1:
        return None
    prepared = _prepare(text)
    r = readings[0]
    rest = prepared[r.start + len(r.text) :]
    rest = _PERCENT.sub("", rest, count=1) if r.percent else rest
    before = re.sub(r"^\s*[^\W\d_]\w*\s*=", "", prepared[: r.start])  # "b = 1"
    if re.search(r"[\d+*/=^]", before + rest):
        return None
    return r


# -- comparing numbers -------------------------------------------------------------


@dataclass(frozen=True)
class Tolerance:
    """When a stated number is the expected one.

    ``rel`` (relative) and ``abs`` (absolute) accept any value that close; ``sig_figs``
    accepts a value that agrees with the expected one to that many significant
    figures. Whole numbers answered with whole numbers must match exactly unless the
    learner rounded (33000 for 32768). ``approximate`` lets a hedged answer ("about
    0.001", "roughly 33 thousand") pass within ``band`` (relative).
    """

    rel: float | None = None
    abs: float | None = None
    sig_figs: int | None = 3
    approximate: bool = False
    band: float = 0.10


DEFAULT_TOLERANCE = Tolerance()
"""Three significant figures; hedged answers are not accepted unless the item allows it."""
NEAR_FACTOR = 3.0
"""A value outside the tolerance but within this many tolerances of the expected one
(or within the band, when hedges are not allowed) is "near": the grader is unsure."""


class Match(Enum):
    """How a stated value relates to an expected one."""

    EXACT = "exact"
    WITHIN = "within"
    """Within the tolerance (sig figs, rel or abs)."""
    APPROX = "approx"
    """A hedged answer within the band, where the item allows approximations."""
    NEAR = "near"
    """Close but outside: a grader should be unsure."""
    OFF = "off"

    @property
    def accepted(self) -> bool:
        return self in (Match.EXACT, Match.WITHIN, Match.APPROX)


_PLAIN_NUMBER = re.compile(r"^[-+]?(\d*\.?\d*)(?:e[-+]?\d+|\s*x\s*10\s*\^\s*\(?[-+]?\d+\)?)?$")


def significant_figures(written: str) -> int | None:
    """The significant figures of a number as written ("0.000977" 3, "9.5367 x 10^-7" 5,
    "33000" 2), or None for exact forms (1/8, 2^-10, √2) and words."""
    m = _PLAIN_NUMBER.match(written.strip().casefold())
    if not m or not any(ch.isdigit() for ch in m.group(1)):
        return None
    mantissa = m.group(1)
    digits = mantissa.replace(".", "").lstrip("0")
    if "." not in mantissa:
        digits = digits.rstrip("0")  # 33000: the zeros only place the digits
    return max(1, len(digits))


def _unit_at(target: float, figures: int) -> float:
    return float(10 ** (math.floor(math.log10(abs(target))) - figures + 1))


def _allowed_error(target: float, tol: Tolerance, value: float, written: str | None) -> float:
    allowed = 0.0
    if tol.rel is not None:
        allowed = max(allowed, abs(target) * tol.rel)
    if tol.abs is not None:
        allowed = max(allowed, tol.abs)
    if tol.sig_figs is None or target == 0:
        return allowed
    figures = significant_figures(written) if written is not None else None
    if figures is not None:
        # Right to the precision the learner gave, if that is at least the item's.
        if figures >= tol.sig_figs:
            allowed = max(allowed, _unit_at(target, figures) / 2)
        return allowed
    if not (float(target).is_integer() and float(value).is_integer()):
        allowed = max(allowed, _unit_at(target, tol.sig_figs) / 2)
    return allowed


def compare(
    value: float,
    target: float,
    tol: Tolerance = DEFAULT_TOLERANCE,
    *,
    approximate: bool = False,
    written: str | None = None,
) -> Match:
    """How ``value`` (hedged when ``approximate``) stands to the expected ``target``."""
    if not (math.isfinite(value) and math.isfinite(target)):
        return Match.OFF
    error = abs(value - target)
    if math.isclose(value, target, rel_tol=1e-9, abs_tol=1e-15):
        return Match.EXACT
    allowed = _allowed_error(target, tol, value, written)
    if error <= allowed * (1 + 1e-9):
        return Match.WITHIN
    band = abs(target) * tol.band
    if approximate and tol.approximate and error <= band:
        return Match.APPROX
    near = allowed * NEAR_FACTOR
    if approximate:
        near = max(near, band)
    figures = significant_figures(written) if written is not None else None
    if figures is not None and tol.sig_figs is not None and figures < tol.sig_figs and target:
        # Right, but to fewer figures than asked ("0.001" for 1/1024): a grader is unsure.
        near = max(near, _unit_at(target, figures) / 2)
    if error <= near:
        return Match.NEAR
    return Match.OFF
