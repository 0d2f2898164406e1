"""Number words shared by the experiments' one-sentence summaries."""

from __future__ import annotations

import math

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten(value: float) -> str:
    """10⁻¹² for 1.3e-12: the nearest power of ten, in superscript."""
    if value <= 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    exponent = round(math.log10(value))
    return "1" if exponent == 0 else f"10{str(exponent).translate(_SUPERSCRIPT)}"
