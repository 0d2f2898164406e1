"""Normalising typed answers so that equal answers compare equal.

Learners type the same answer many ways: ``−0.25`` with a unicode minus or
``-0.25``, ``3 × 10^4`` or ``3x10^4``, ``32,768`` or ``32768``, ``10⁻⁶`` or
``10^-6``, ``4.0`` or ``4``, ``Sigmoid.`` or ``sigmoid``. Everything here maps
such variants onto one canonical form, and reads the common numeric forms as
numbers so ``1/8``, ``.125`` and ``0.125`` are one answer. Nothing here judges
correctness; :mod:`tutor.grading` does.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from fractions import Fraction

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUPERSCRIPT_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+")
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d]")
_TIMES = re.compile("[×✕⨯∗*]")
_DOT_TIMES = re.compile(r"(?<=\d)\s*[·⋅]\s*(?=\d)")
_GLUED_TIMES = re.compile(r"(?<=\d)\s*x\s*(?=[\d.])")
"""``3x10^4``: an x between numbers is a times sign, so the numbers stand alone."""
_THOUSANDS = re.compile(
    r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d])|(?<![\d.])\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?!\d)"
)
"""Digit groups of three, separated by commas or (SI style) spaces: 32,768 and 32 768."""
_BRITISH_IS = re.compile(r"(?<=[a-z]{3})is(ation|ations|e|ed|es|ing|er|ers)\b")

MAX_EXPONENT = 400
"""Numbers and powers beyond 10^400 are not answers a learner types; refusing
them keeps hostile input such as ``1e999999999`` or ``9^999999`` cheap."""

_NUMBER = r"\d+(?:\.\d+)?(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?"
_TOKEN = re.compile(
    rf"(?P<num>(?<![\w.])-?(?:{_NUMBER})(?!\w|\.\d))"  # a number standing alone (a full stop may end it)
    rf"|(?P<numpart>{_NUMBER})"  # digits glued to letters, e.g. the 2 in "x2"
    r"|(?P<word>[^\W\d_]+)"  # a word, any script (so α and é count)
    r"|(?P<sym>[\^/=<>%√+\-x()])"
)
"""Numbers, words and the symbols that carry meaning in answers; other punctuation is dropped.

Brackets stay: ``(5/9)(F − 32)`` and ``(5/9)F − 32`` are different formulas."""


def _fold(text: str) -> str:
    """Character-level folding shared by every comparison."""
    text = _SUPERSCRIPT_RUN.sub(lambda m: "^" + m.group().translate(_SUPERSCRIPTS), text)
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("\u2044", "/").replace("÷", "/")
    text = _DASHES.sub("-", text)
    text = _DOT_TIMES.sub("x", text)
    text = _TIMES.sub("x", text)
    text = _GLUED_TIMES.sub(" x ", text)
    text = _THOUSANDS.sub(lambda m: re.sub(r"[,\s]", "", m.group()), text)
    return text


fold = _fold


def _canonical_number(text: str) -> str:
    """``4.0`` -> ``4``, ``.125`` -> ``0.125``, ``1e-6`` -> ``0.000001``."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    if not value.is_finite() or abs(value.adjusted()) > MAX_EXPONENT:
        return text  # spelling out 1e999999 in full would be a denial of service
    out = format(value.normalize(), "f")
    return "0" if out in ("-0", "0") else out


def _lex(text: str) -> list[tuple[str, str]]:
    """(kind, canonical token) pairs; kinds: num, part (digits glued to a word), word, sym."""
    out: list[tuple[str, str]] = []
    pending_minus = False
    for m in _TOKEN.finditer(_fold(text)):
        kind = m.lastgroup or "sym"
        value = m.group()
        if kind == "sym" and value == "-":
            if out and out[-1][0] == "num":
                out.append(("sym", "-"))  # subtraction between numbers
            else:
                pending_minus = True
            continue
        if kind in ("num", "numpart"):
            kind = "num" if kind == "num" else "part"
            value = _canonical_number(value)
            if pending_minus and kind == "num" and not value.startswith("-"):
                value = _canonical_number("-" + value)
                pending_minus = False
        if pending_minus and not (kind == "word" and out and out[-1][0] == "word"):
            out.append(("sym", "-"))  # a sign: -2x, -x, e^-x (a hyphen joins words only)
        pending_minus = False
        out.append((kind, value))
    return out


def tokens(text: str) -> list[str]:
    """The answer as canonical tokens: words, numbers and meaningful symbols.

    A hyphen between words separates them (``pre-activation`` is ``pre
    activation``); a minus in front of a number belongs to it, even with a space
    (``− 0.25`` is ``-0.25``), unless a number comes before it (``5 - 3``); any
    other minus is a sign and stays (``-2x``, ``y = -x``, ``e^-x``). An ``x``
    between numbers is the multiplication sign.
    """
    return [value for _, value in _lex(text)]


ARTICLES = frozenset({"a", "an", "the"})


def comparable_tokens(text: str) -> list[str]:
    """Tokens without articles in front of words: "the sigmoid" answers "sigmoid".

    An article before a symbol or number stays (``a/b`` is a formula).
    """
    ts = tokens(text)
    return [
        t
        for i, t in enumerate(ts)
        if not (t in ARTICLES and i + 1 < len(ts) and ts[i + 1][0].isalpha())
    ]


def normalise(text: str) -> str:
    """The canonical form two answers are compared by (tokens joined by spaces)."""
    return " ".join(comparable_tokens(text))


def _is_number(token: str) -> bool:
    return bool(token) and (token[0].isdigit() or (token[0] == "-" and token[1:2].isdigit()))


def _to_fraction(token: str) -> Fraction | None:
    try:
        value = Decimal(token)
        if not value.is_finite() or abs(value.adjusted()) > MAX_EXPONENT:
            return None
        return Fraction(value)
    except (InvalidOperation, ValueError, ZeroDivisionError):
        return None


def numeric_value(text: str) -> float | None:
    """The value of an answer written as one number, else ``None``.

    Accepted forms (after normalisation): ``n``, ``-n``, ``a/b``, ``a^b``,
    ``a x 10^b`` (and ``a x b^c``), ``1e-6``-style literals, and a square root
    ``√`` in front of any of them. Anything with
    words or more operators is not a number: a grader should not evaluate
    arbitrary arithmetic, and ``2 + 2`` typed for ``4`` says less than ``4``.
    """
    return _value_of(tokens(text))


def values_in(text: str) -> list[float]:
    """The values of the numbers an answer states, each expression read whole.

    ``2^15 = 32768`` states 32768 twice; ``2 x 15 = 30`` states 2, 15 and 30
    (``a x b`` without a power is not one of the numeric forms). Digits that
    are part of a name (the 1 of ``h₁`` or ``x1``) are not values.
    """
    lexed = _lex(text)
    ts = [value for _, value in lexed]
    parts = [kind == "part" for kind, _ in lexed]
    found: list[float] = []
    i = 0
    while i < len(ts):
        for length in (6, 5, 4, 3, 2, 1):
            if i + length <= len(ts) and not any(parts[i : i + length]):
                value = _value_of(ts[i : i + length])
                if value is not None:
                    found.append(value)
                    i += length
                    break
        else:
            i += 1
    return found


def _value_of(ts: list[str]) -> float | None:
    if not ts:
        return None
    sign, root, ts = _unwrap(ts)
    nums = [_to_fraction(t) if _is_number(t) else None for t in ts]
    # exact until a fractional power or the root turns it into a float
    value: Fraction | float | None
    try:
        value = _form_value(ts, nums)
    except (ZeroDivisionError, OverflowError, ValueError):
        return None
    if value is None:
        return None
    if root:
        if value < 0:
            return None
        value = math.sqrt(value)
    result = sign * float(value)
    return result if math.isfinite(result) else None


def _unwrap(ts: list[str]) -> tuple[int, bool, list[str]]:
    """The sign, whether a root is taken, and the tokens inside them and any brackets."""
    sign = 1
    if ts[0] == "-" or ts[0] == "+":  # a sign separated by a space: "- 3"
        sign = -1 if ts[0] == "-" else 1
        ts = ts[1:]
    root = bool(ts) and ts[0] == "√"
    if root:
        ts = ts[1:]
    if len(ts) > 2 and ts[0] == "(" and ts[-1] == ")":  # √(2/128), (1/8)
        ts = ts[1:-1]
    return sign, root, ts


def _form_value(ts: list[str], nums: list[Fraction | None]) -> Fraction | float | None:
    """The value of ``n``, ``a/b``, ``a^b`` or ``a x b^c``; None for any other form.

    Division by zero and powers too large raise, as the arithmetic does."""
    if len(ts) == 1 and nums[0] is not None:
        return nums[0]
    if len(ts) == 3 and nums[0] is not None and nums[2] is not None and ts[1] in ("/", "^"):
        a, b = nums[0], nums[2]
        if ts[1] == "/":
            return a / b
        return _power(a, b)
    if (
        len(ts) == 5
        and ts[1] == "x"
        and ts[3] == "^"
        and nums[0] is not None
        and nums[2] is not None
        and nums[4] is not None
    ):
        return nums[0] * _power(nums[2], nums[4])
    return None


def _power(base: Fraction, exponent: Fraction) -> Fraction | float:
    if abs(exponent) > MAX_EXPONENT or (
        base != 0 and abs(float(exponent)) * abs(math.log10(abs(base))) > MAX_EXPONENT
    ):
        raise ValueError("power too large")
    if exponent.denominator == 1:
        return base ** int(exponent)
    return float(base) ** float(exponent)


# -- words, for key-point coverage ---------------------------------------------

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "so",
        "yet",
        "if",
        "then",
        "else",
        "than",
        "that",
        "this",
        "these",
        "those",
        "there",
        "here",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "done",
        "has",
        "have",
        "had",
        "having",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "it",
        "its",
        "itself",
        "they",
        "them",
        "their",
        "theirs",
        "we",
        "us",
        "our",
        "you",
        "your",
        "me",
        "my",
        "he",
        "him",
        "his",
        "she",
        "her",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "without",
        "into",
        "onto",
        "over",
        "under",
        "about",
        "as",
        "per",
        "via",
        "up",
        "down",
        "out",
        "off",
        "not",
        "no",
        "never",
        "cannot",
        "fail",
        "fails",
        "failed",
        "cant",
        "don",
        "doesn",
        "isn",
        "aren",
        "won",
        "didn",
        "wasn",
        "weren",
        "hasn",
        "haven",
        "shouldn",
        "wouldn",
        "couldn",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "how",
        "why",
        "all",
        "any",
        "each",
        "every",
        "both",
        "some",
        "such",
        "only",
        "also",
        "just",
        "more",
        "most",
        "less",
        "very",
        "much",
        "many",
        "same",
        "other",
        "another",
        "own",
        "too",
        "again",
        "further",
        "once",
        "because",
        "while",
        "during",
        "before",
        "after",
        "above",
        "below",
        "between",
        "through",
        "eg",
        "ie",
        "etc",
        "vs",
    ]
)
"""Words that carry no content on their own. Negations are here too: coverage
grading counts shared content words and cannot read negation reliably, so it
does not pretend to."""


def content_words(text: str) -> list[str]:
    """Words and numbers that carry content, lower-cased, British -is- spelt -iz-."""
    out: list[str] = []
    for t in tokens(text):
        if _is_number(t):
            out.append(t)
        elif t[0].isalpha() and t not in STOPWORDS and len(t) > 1:
            out.append(_word(t))
    return out


def _word(token: str) -> str:
    return _BRITISH_IS.sub(r"iz\1", token)


_COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")


_SUBSCRIPT_DIGITS = re.compile("[₀-₉]")


def concepts(text: str) -> list[tuple[tuple[str, ...], str | None]]:
    """The content of a key point as concepts: (words that must all appear, joined form).

    A plain content word is ``(("gradient",), None)``. A hyphenated compound such
    as ``pre-activation`` is ``(("pre", "activation"), "preactivation")``: an
    answer covers it with both words or with the joined spelling.

    The text is read whole, as :func:`answer_words` reads an answer, so a sign
    belongs to the same number on both sides (``6x − 1`` holds ``-1`` in each).
    Subscript digits are dropped: ``y₁`` is a variable, and an answer that covers
    the point need not contain a ``1``.
    """
    folded = _fold(_SUBSCRIPT_DIGITS.sub("", text))
    out: list[tuple[tuple[str, ...], str | None]] = []
    seen: set[tuple[str, ...]] = set()
    found: list[tuple[tuple[str, ...], str | None]] = []
    start = 0
    for compound in _COMPOUND.finditer(folded):
        found += [((w,), None) for w in content_words(folded[start : compound.start()])]
        parts = tuple(content_words(compound.group().replace("-", " ")))
        if parts:
            found.append((parts, _word(compound.group().replace("-", ""))))
        start = compound.end()
    found += [((w,), None) for w in content_words(folded[start:])]
    for concept in found:
        if concept[0] not in seen:
            seen.add(concept[0])
            out.append(concept)
    return out


def answer_words(text: str) -> set[str]:
    """Content words of an answer, plus the joined form of each hyphenated compound."""
    folded = _fold(text)
    words = set(content_words(folded))
    for compound in _COMPOUND.findall(folded):
        words.add(_word(compound.replace("-", "")))
    return words
