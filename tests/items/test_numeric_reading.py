from __future__ import annotations

import pytest

from tutor.items.numeric import read_number


@pytest.mark.parametrize(
    ("text", "value", "form", "unit"),
    [
        ("0.125", 0.125, "decimal", ""),
        ("-3", -3.0, "decimal", ""),
        ("−3", -3.0, "decimal", ""),
        ("1,000", 1000.0, "decimal", ""),
        ("1/8", 0.125, "fraction", ""),
        ("3 1/2", 3.5, "fraction", ""),
        ("12.5%", 0.125, "percent", ""),
        ("1.5e-3", 0.0015, "scientific", ""),
        ("1.5 x 10^-3", 0.0015, "scientific", ""),
        ("1.5×10⁻³", 0.0015, "scientific", ""),
        ("10^-3", 0.001, "scientific", ""),
        ("three", 3.0, "words", ""),
        ("twenty-five", 25.0, "words", ""),
        ("seven hundred and two", 702.0, "words", ""),
        ("one half", 0.5, "words", ""),
        ("a quarter", 0.25, "words", ""),
        ("three quarters", 0.75, "words", ""),
        ("minus two", -2.0, "words", ""),
        ("3 ms", 3.0, "decimal", "ms"),
        ("5 °C", 5.0, "decimal", "°C"),
    ],
)
def test_reads_each_form(text: str, value: float, form: str, unit: str) -> None:
    reading = read_number(text)
    assert reading is not None
    assert reading.value == pytest.approx(value)
    assert (reading.form, reading.unit) == (form, unit)


@pytest.mark.parametrize("text", ["", "cat", "2 + 3", "2 3", "1/0", "2^10 - 1", "1/8 of 3"])
def test_more_or_less_than_one_number_is_not_read(text: str) -> None:
    assert read_number(text) is None
