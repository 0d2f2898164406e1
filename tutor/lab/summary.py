"""One sentence that says what an experiment's numbers show, generated from the result."""

from __future__ import annotations

import math

from pydantic import BaseModel

from tutor.lab.results import (
    ActivationDerivativesResult,
    ChainProductResult,
    FlowRun,
    GradientFlowResult,
    TrainingDynamicsResult,
)

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten(value: float) -> str:
    """10⁻¹² for 1.3e-12: the nearest power of ten, in superscript."""
    if value <= 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    exponent = round(math.log10(value))
    return "1" if exponent == 0 else f"10{str(exponent).translate(_SUPERSCRIPT)}"


def _flow_sentence(run: FlowRun, depth: int) -> str:
    if not run.finite:
        return f"with {run.label} the values overflow (inf or NaN): the signal explodes"
    ratio = run.first_last_ratio
    if ratio is None:
        return f"with {run.label} the last hidden layer receives no gradient at all"
    if ratio == 0:
        return f"with {run.label} layer 1 receives no gradient at all"
    if 0.1 <= ratio <= 10:
        return f"with {run.label} layer 1 receives about as much gradient as layer {depth} ({ratio:.2g}×)"
    if ratio > 10:
        return f"with {run.label} layer 1 receives {power_of_ten(ratio)} times the gradient that layer {depth} receives"
    share = f"{ratio:.0%}" if ratio >= 0.01 else power_of_ten(ratio)
    return f"with {run.label} layer 1 receives {share} of the gradient that layer {depth} receives"


def summarize(result: BaseModel) -> str:
    if isinstance(result, GradientFlowResult):
        depth = result.params.depth
        parts = [_flow_sentence(run, depth) for run in result.runs]
        text = "; ".join(parts)
        return text[0].upper() + text[1:] + "."
    if isinstance(result, ChainProductResult):
        p = result.params
        what = (
            f"a constant factor of {p.factor:g}"
            if p.mode == "constant"
            else (
                f"{p.activation}' at z = {p.z:g}"
                if p.mode == "at_z"
                else f"{p.activation}' at random z ~ N(0, {p.z_std:g}²)"
            )
        )
        if result.log10_product is None:
            return f"Multiplying {what} over {p.layers} layers gives exactly 0: one zero factor stops the gradient."
        if result.product == 0 or not math.isfinite(result.product):
            size = f"about 10^{result.log10_product:.0f}, beyond what a float can hold"
        else:
            size = f"{result.product:.3g}"
        trend = "shrinks" if result.log10_product < 0 else "grows"
        return f"Multiplying {what} over {p.layers} layers gives {size}: the gradient {trend} with every layer it passes."
    if isinstance(result, ActivationDerivativesResult):
        parts = []
        for c in result.curves:
            where = (
                f"z = {c.argmax_z:g}"
                if c.peak_from == c.peak_to
                else f"every z from {c.peak_from:g} to {c.peak_to:g}"
            )
            parts.append(f"{c.activation}' peaks at {c.max_derivative:.3g} at {where}")
        text = "; ".join(parts)
        return text[0].upper() + text[1:] + "."
    if isinstance(result, TrainingDynamicsResult):
        if not result.summaries or result.completed_steps == 0:
            return "No steps were run."
        parts = []
        for s in result.summaries:
            moved = (
                "did not move"
                if s.first_layer_movement in (None, 0)
                else f"moved {s.first_layer_movement:.2g} of its size"
            )
            parts.append(
                f"{s.label} reached {s.final_accuracy:.0%} accuracy and its first layer {moved}"
            )
        stop = f" (cancelled after {result.completed_steps} steps)" if result.cancelled else ""
        text = f"After {result.completed_steps} steps{stop}, " + "; ".join(parts)
        return text + "."
    raise TypeError(f"not an experiment result: {type(result).__name__}")
