"""The number reader: numbers as learners write them, and when two numbers are one answer."""

from __future__ import annotations

import pytest

from tutor.grading.numbers import Match, Tolerance, compare, find_numbers, read_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("five hundred and twelve", 512),
        ("one eighth", 0.125),
        ("three quarters", 0.75),
        ("a quarter", 0.25),
        ("half", 0.5),
        ("a thousandth", 0.001),
        ("33 thousand", 33000),
        ("one in a million", 1e-6),
        ("one part in a thousand and twenty four", 1 / 1024),
        ("2^-10", 2**-10),
        ("1e-3", 0.001),
        ("10⁻³", 0.001),
        ("×10^-7", 1e-7),
        ("9.5367 × 10⁻⁷", 9.5367e-7),
        ("12.5%", 0.125),
        ("about thirty-two thousand", 32000),
        ("nine point five times ten to the minus seven", 9.5e-7),
        ("0.25 to the fifth", 0.25**5),
        ("2 to the 15th", 2**15),
        ("minus eight", -8),
        ("forty-two thousandths", 0.042),
        ("sixteen pieces", 16),
        ("b = one", 1),
        ("√(2/128)", 0.125),
        ("+3", 3),
        ("b = +3", 3),
    ],
)
def test_reads_numbers_as_written(text: str, value: float) -> None:
    reading = read_number(text)
    assert reading is not None, text
    assert reading.value == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize(
    "text", ["2 + 2", "the one that is right", "12 and 13", "layers", "2+3", "3 +"]
)
def test_not_one_number(text: str) -> None:
    assert read_number(text) is None


def test_hedges_and_formula_arguments_are_marked() -> None:
    first, second = find_numbers("apply max(0, z), roughly 0.001")
    assert first.in_formula and not first.approximate
    assert second.approximate and not second.in_formula
    assert [r.value for r in find_numbers("h1 = 2 and x2")] == [2]


def test_tolerance() -> None:
    assert compare(0.000977, 1 / 1024, written="0.000977") is Match.WITHIN  # 3 significant figures
    assert compare(304.09, 304.009, written="304.09") is Match.OFF  # wrong at the precision given
    assert compare(0.00098, 1 / 1024, written="0.00098") is not Match.WITHIN  # too few figures
    assert compare(9.54e-7, 0.25**10) is Match.WITHIN
    assert compare(1023, 1024) is Match.OFF  # whole numbers must match
    assert compare(16, 15) is Match.OFF
    assert compare(0.126, 0.125) is Match.NEAR
    assert compare(0.001, 1 / 1024, Tolerance(approximate=True), approximate=True) is Match.APPROX
    assert compare(0.001, 1 / 1024, approximate=True) is Match.NEAR  # hedges not allowed
    assert compare(0.0012, 1 / 1024, Tolerance(approximate=True), approximate=True) is Match.OFF
    assert compare(1.1, 1.0, Tolerance(rel=0.2)) is Match.WITHIN
    assert compare(0.52, 0.5, Tolerance(abs=0.05, sig_figs=None)) is Match.WITHIN
