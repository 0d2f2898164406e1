"""Numbers in the content are recomputed: powers, derivative maxima, measured ratios.

Only text that asserts something is checked as true: explainers, core ideas,
explanations, model answers, feedback, correct choices and true statements.
Wrong choices and false true/false statements are expected to be false, so a
power claim in one of those must NOT hold.

Every ``show_me`` reference is run with its own parameters, and what its
caption states (a first/last ratio, a chain product, a slope's peak) must agree
with the result. Statements elsewhere in the deep-learning topics are checked
against the lab too: slopes against ``activation_derivatives``, powers against
``chain_product``, measured ratios against the ``gradient_flow`` runs of the
same topic or item, or, for prose that describes a configuration no
``show_me`` runs (other seeds, another depth), against the runs listed in
``MEASURED``. Analytic results must agree to the digits the text shows; a
measured ratio within a factor of ``MEASURED_TOLERANCE``.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from tutor.authoring.claims import (
    PowerClaim,
    SlopeClaim,
    StatedValue,
    agrees,
    find_orders_claims,
    find_power_claims,
    find_slope_claims,
    find_stated_values,
    parse_number,
)
from tutor.content.course import Course
from tutor.content.loader import load_course
from tutor.content.schema import MultipleChoice, ShortAnswer, ShowMe, TrueFalse
from tutor.lab.registry import EXPERIMENTS
from tutor.lab.results import (
    ActivationCurve,
    ActivationDerivativesResult,
    ChainProductResult,
    GradientFlowResult,
    TrainingDynamicsResult,
)

ROOT = Path(__file__).resolve().parents[2]
DEEP_DIR = "deep-learning"
MEASURED_TOLERANCE = 10.0
"""A measured first/last ratio may differ from its run by this factor (they are seed-dependent)."""


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course([ROOT / "content"])


# --- the texts of a course ---------------------------------------------------------


@dataclass(frozen=True)
class Text:
    topic_id: str
    item_id: str | None
    field: str
    path: tuple[str | int, ...]  # for Course.locate
    text: str
    asserted: bool
    show_me: ShowMe | None = None  # set for captions (also empty ones)

    @property
    def where(self) -> str:
        return (
            f"{self.topic_id}/{self.item_id}.{self.field}"
            if self.item_id
            else f"{self.topic_id}.{self.field}"
        )


def texts(course: Course) -> Iterator[Text]:
    """Every text field of the course, with whether it is asserted to be true."""
    for topic in course.topics.values():
        tid = topic.id
        for name in ("core_idea", "how_best_learned", "explainer"):
            yield Text(tid, None, name, (name,), getattr(topic, name) or "", True)
        for i, ref in enumerate(topic.show_me):
            yield Text(
                tid, None, f"show_me[{i}]", ("show_me", i, "caption"), ref.caption or "", True, ref
            )
        for n, item in enumerate(topic.items):
            at: tuple[str | int, ...] = ("items", n)

            def t(
                field: str, path: tuple[str | int, ...], text: str | None, asserted: bool = True
            ) -> Text:
                return Text(tid, item.id, field, (*at, *path), text or "", asserted)  # noqa: B023

            yield t("explanation", ("explanation",), item.explanation)
            if isinstance(item, TrueFalse):
                yield t("prompt", ("prompt",), item.prompt, item.answer)
                yield t("wrong_feedback", ("wrong_feedback",), item.wrong_feedback)
            if isinstance(item, MultipleChoice):
                for j, choice in enumerate(item.choices):
                    yield t(f"choices[{j}]", ("choices", j, "text"), choice.text, choice.correct)
                    yield t(f"choices[{j}].feedback", ("choices", j, "feedback"), choice.feedback)
            if isinstance(item, ShortAnswer):
                yield t("model_answer", ("model_answer",), item.model_answer)
                for j, w in enumerate(item.wrong_answers):
                    yield t("wrong_answers", ("wrong_answers", j, "feedback"), w.feedback)
            if item.show_me is not None:
                yield Text(
                    tid,
                    item.id,
                    "show_me",
                    (*at, "show_me", "caption"),
                    item.show_me.caption or "",
                    True,
                    item.show_me,
                )


def asserted_texts(course: Course) -> Iterator[tuple[str, str, bool]]:
    """(where, text, asserted true?) for every text field of the course."""
    for t in texts(course):
        yield t.where, t.text, t.asserted


def deep_texts(course: Course) -> Iterator[Text]:
    """Asserted texts of the deep-learning topics, the ones the lab can speak to."""
    deep = {
        tid
        for tid in course.topics
        if f"/{DEEP_DIR}/" in course.locate(tid).path.replace("\\", "/")
    }
    assert deep, f"no topics found under content/{DEEP_DIR}"
    return (t for t in texts(course) if t.topic_id in deep and t.asserted and t.text)


def at(course: Course, t: Text) -> str:
    """'content/deep-learning/x.yaml:12:5 (topic/item.field)' for failure messages."""
    loc = course.locate(t.topic_id, t.path)
    path = Path(loc.path)
    shown = path.relative_to(ROOT) if path.is_absolute() and path.is_relative_to(ROOT) else path
    return f"{shown}:{loc.line} ({t.where})"


def _g(x: float | None) -> str:
    return "undefined" if x is None else f"{x:.3g}"


# --- running the lab -----------------------------------------------------------------


@cache
def _run(experiment: str, params_json: str) -> BaseModel:
    return EXPERIMENTS[experiment].run(json.loads(params_json))


def run(experiment: str, params: dict[str, Any]) -> Any:
    return _run(experiment, json.dumps(params, sort_keys=True))


def describe(ref: ShowMe) -> str:
    return f"{ref.experiment} {json.dumps(ref.params, ensure_ascii=False)}"


def lab_slope(activation: str) -> ActivationCurve:
    """The lab's curve for one activation on its default grid (−6..6, z = 0 on the grid)."""
    result: ActivationDerivativesResult = run("activation_derivatives", {})
    return next(c for c in result.curves if c.activation == activation)


def lab_at(activation: str, z: float, *, prime: bool) -> float:
    """act(z) or act'(z) from the lab, on a three-point grid that has z (and 0) exactly on it."""
    a = abs(z) or 1.0
    result: ActivationDerivativesResult = run(
        "activation_derivatives",
        {"activations": [activation], "z_min": -a, "z_max": a, "points": 3},
    )
    curve = result.curves[0]
    k = 1 if z == 0 else (0 if z < 0 else 2)
    assert curve.z[k] == z
    return curve.derivative[k] if prime else curve.value[k]


def within(stated: float, computed: float | None, factor: float = MEASURED_TOLERANCE) -> bool:
    if computed is None or computed <= 0 or stated <= 0:
        return False
    return max(stated / computed, computed / stated) <= factor


def to_precision(stated: float, significant: int, computed: float) -> bool:
    """The stated value is the computed one rounded to the digits it shows."""
    return agrees(stated, significant, computed)


# --- power claims --------------------------------------------------------------------


def test_power_claims_hold(course: Course) -> None:
    checked, wrong = 0, []
    for t in texts(course):
        for claim in find_power_claims(t.text):
            checked += 1
            if claim.holds() != t.asserted:
                verdict = "false" if t.asserted else "true, in a statement meant to be false"
                wrong.append(
                    f"{at(course, t)}: '{claim.text}' is {verdict} ({claim.base}^{claim.exponent} = {claim.computed:.3g})"
                )
    assert wrong == [], "\n".join(wrong)
    assert checked >= 3, "the course states 0.25^10 and 0.2^15; the parser must find them"


def test_the_two_headline_figures_are_stated(course: Course) -> None:
    vgp = " ".join(
        text
        for where, text, ok in asserted_texts(course)
        if where.startswith("vanishing-gradient-problem") and ok
    )
    bases = {(c.base, c.exponent) for c in find_power_claims(vgp)}
    assert (0.25, 10) in bases and (0.2, 15) in bases


@pytest.mark.parametrize(
    "text",
    [
        "2 × 3² = 18",
        "2×3² = 18",
        "2 * 3^2 = 18",
        "2 ·  3² = 18",
        "a₁₀ = 2 × 3⁹ = 39,366",
        "1 + 2^3 = 9",
        "10 − 2² = 6",
        "12 / 2^2 = 3",
        "2x3² = 18",
    ],
)
def test_a_power_inside_an_expression_is_not_a_claim(text: str) -> None:
    assert list(find_power_claims(text)) == []


@pytest.mark.parametrize(
    ("text", "base", "exponent", "stated"),
    [
        ("3² = 9", 3.0, 2, 9.0),
        ("so 0.25^10 ≈ 9.5×10⁻⁷.", 0.25, 10, 9.5e-7),
        ("(0.2¹⁵ ≈ 3.3×10⁻¹¹)", 0.2, 15, 3.3e-11),
        ("2 × 3 = 6, and 3² = 9", 3.0, 2, 9.0),
        ("2 × 3² = 18 while 3² = 9", 3.0, 2, 9.0),
        ("one part in 4⁵ = 1024", 4.0, 5, 1024.0),
    ],
)
def test_a_standalone_power_is_a_claim(
    text: str, base: float, exponent: int, stated: float
) -> None:
    claims = list(find_power_claims(text))
    assert [(c.base, c.exponent, c.stated) for c in claims] == [
        (base, exponent, pytest.approx(stated))
    ]
    assert claims[0].holds()


def test_chain_products_in_the_text_agree_with_the_lab(course: Course) -> None:
    """Every power in the deep-learning topics is a chain of equal factors: chain_product computes it."""
    checked, wrong = 0, []
    sigmoid_peak = lab_slope("sigmoid").max_derivative
    for t in deep_texts(course):
        for claim in find_power_claims(t.text):
            if not (0 <= claim.base <= 10 and 1 <= claim.exponent <= 500):
                continue
            checked += 1
            product = run(
                "chain_product",
                {"mode": "constant", "factor": claim.base, "layers": claim.exponent},
            ).product
            if not to_precision(claim.stated, claim.significant, product):
                wrong.append(
                    f"{at(course, t)}: '{claim.text}' but chain_product of {claim.exponent} factors of {claim.base:g} is {product:.4g}"
                )
            if claim.base == sigmoid_peak:  # the best case of a sigmoid chain: every layer at z = 0
                best = run(
                    "chain_product",
                    {"mode": "at_z", "z": 0.0, "activation": "sigmoid", "layers": claim.exponent},
                )
                if not to_precision(claim.stated, claim.significant, best.product):
                    wrong.append(
                        f"{at(course, t)}: '{claim.text}' but {claim.exponent} sigmoid layers at z = 0 multiply to {best.product:.4g}"
                    )
    assert wrong == [], "\n".join(wrong)
    assert checked >= 20


# --- slopes of the activations ----------------------------------------------------------


def _slope_problem(claim: SlopeClaim, curve: ActivationCurve | None, source: str) -> str | None:
    """Why ``claim`` is false for ``curve`` (None: it holds). Point claims ask the lab directly."""
    if claim.kind == "point":
        computed = lab_at(claim.activation, claim.z or 0.0, prime=claim.prime)
        name = f"{claim.activation}{'′' if claim.prime else ''}({claim.z:g})"
        return (
            None
            if claim.holds(computed)
            else f"'{claim.text}' but the lab computes {name} = {computed:.4g}"
        )
    if curve is None:
        return f"'{claim.text}' is about {claim.activation}, which {source} does not plot"
    if claim.kind == "peak":
        if not claim.holds(curve.max_derivative):
            return f"'{claim.text}' but {source} gives {claim.activation}' a maximum of {curve.max_derivative:.4g}"
        if claim.z is not None and curve.argmax_z != claim.z:
            return f"'{claim.text}' puts the peak at z = {claim.z:g} but {source} finds it at z = {curve.argmax_z:g}"
        return None
    left = next((d for z, d in zip(curve.z, curve.derivative) if z < 0), None)
    if left is None:
        return None
    return (
        None
        if claim.holds(left)
        else f"'{claim.text}' but {source} gives {claim.activation}' = {left:.4g} for z < 0"
    )


def test_slope_statements_agree_with_the_lab(course: Course) -> None:
    """σ' peaks at 0.25 at z = 0, tanh' at 1, σ'(3) ≈ 0.045 ...: read from the text, computed by the lab."""
    found: list[SlopeClaim] = []
    wrong = []
    for t in deep_texts(course):
        for claim in find_slope_claims(t.text):
            found.append(claim)
            problem = _slope_problem(claim, lab_slope(claim.activation), "activation_derivatives")
            if problem:
                wrong.append(f"{at(course, t)}: {problem}")
    assert wrong == [], "\n".join(wrong)
    kinds = {(c.activation, c.kind, c.value, c.z) for c in found}
    # The headline facts are stated and were checked, not merely absent.
    assert ("sigmoid", "peak", 0.25, 0.0) in kinds and ("tanh", "peak", 1.0, 0.0) in kinds
    assert {
        ("relu", "peak", 1.0, None),
        ("relu", "left", 0.0, None),
        ("leaky_relu", "left", 0.01, None),
    } <= kinds
    assert sum(c.kind == "point" for c in found) >= 8
    assert len(found) >= 40


def test_slope_claim_parser() -> None:
    def read(text: str) -> list[tuple[str, str, float, float | None]]:
        return [(c.activation, c.kind, c.value, c.z) for c in find_slope_claims(text)]

    assert read("σ′(3) = σ(3)(1 − σ(3)) ≈ 0.953 × 0.047 ≈ 0.045.") == [
        ("sigmoid", "point", 0.045, 3.0)
    ]
    assert read("∂L/∂z = 2 × σ′(0) = 2 × 0.25 = 0.5") == []  # σ′(0) is an operand here
    assert read("Read off each maximum — 0.25 for sigmoid and 1 for tanh, both at z = 0.") == [
        ("sigmoid", "peak", 0.25, 0.0),
        ("tanh", "peak", 1.0, 0.0),
    ]
    assert read(
        "ReLU's slope is not cut to at most 0.25 at every layer as it is with sigmoid."
    ) == [("sigmoid", "peak", 0.25, None)]
    assert read("Only the sigmoid's curve stays at or below 0.25; the others reach 1.") == [
        ("sigmoid", "peak", 0.25, None)
    ]
    assert read("tanh′(z) = 1 − tanh²(z) ≤ 1, with the maximum at z = 0") == [
        ("tanh", "peak", 1.0, 0.0)
    ]
    assert read(
        "ReLU has slope 1 for z > 0 and 0 for z < 0; leaky ReLU keeps a slope of 0.01 on the left."
    ) == [
        ("relu", "peak", 1.0, None),
        ("relu", "left", 0.0, None),
        ("leaky_relu", "left", 0.01, None),
    ]


# --- show me: every reference runs, every caption agrees with its run ------------------------


def show_me_texts(course: Course) -> list[Text]:
    return [t for t in texts(course) if t.show_me is not None]


def test_every_show_me_reference_runs(course: Course) -> None:
    refs = show_me_texts(course)
    expected = sum(
        len(t.show_me) + sum(i.show_me is not None for i in t.items) for t in course.topics.values()
    )
    assert len(refs) == expected >= 25
    wrong = []
    for t in refs:
        assert t.show_me is not None
        result = run(t.show_me.experiment, t.show_me.params)
        if getattr(result, "experiment", None) != t.show_me.experiment:
            wrong.append(f"{at(course, t)}: {describe(t.show_me)} returned {type(result).__name__}")
        elif isinstance(result, GradientFlowResult) and not all(r.finite for r in result.runs):
            wrong.append(f"{at(course, t)}: {describe(t.show_me)} overflowed")
        elif isinstance(result, TrainingDynamicsResult) and (
            result.cancelled or result.completed_steps != result.params.steps
        ):
            wrong.append(
                f"{at(course, t)}: {describe(t.show_me)} stopped after {result.completed_steps} steps"
            )
    assert wrong == [], "\n".join(wrong)


def _assign(
    stated: list[StatedValue], ratios: list[tuple[str, float]]
) -> list[tuple[StatedValue, str, float]] | None:
    """Match each stated ratio to a different run within the tolerance, in any order; None if impossible."""
    for chosen in itertools.permutations(ratios, len(stated)):
        if all(within(s.value, r) for s, (_, r) in zip(stated, chosen)):
            return [(s, label, r) for s, (label, r) in zip(stated, chosen)]
    return None


def check_flow_caption(text: str, result: GradientFlowResult) -> tuple[int, list[str]]:
    ratios = [(run.label, run.first_last_ratio) for run in result.runs if run.first_last_ratio]
    measured = ", ".join(f"{run.label}: {_g(run.first_last_ratio)}" for run in result.runs)
    stated = find_stated_values(text)
    checks, problems = len(stated), []
    if len(stated) > len(ratios):
        problems.append(
            f"states {len(stated)} ratios ({', '.join(s.text for s in stated)}) but only {len(ratios)} runs measure one ({measured})"
        )
    elif stated and _assign(stated, ratios) is None:
        problems.append(
            f"states first/last ratios {', '.join(s.text for s in stated)} but the runs measure {measured}"
        )
    for claim in find_orders_claims(text):
        checks += 1
        gaps = [abs(math.log10(r)) for _, r in ratios]
        if not any(claim.holds(g) for g in gaps):
            problems.append(
                f"says '{claim.text}' but the runs' first/last gaps are {', '.join(f'{g:.1f}' for g in gaps)} orders of magnitude"
            )
    if re.search(r"\bexactly 0\b", text):
        checks += 1
        for run in result.runs:
            hidden = [layer.weight_grad_norm for layer in run.layers if layer.kind == "hidden"]
            output = [layer.weight_grad_norm for layer in run.layers if layer.kind == "output"]
            if any(hidden) or ("only the output layer" in text and not all(output)):
                problems.append(
                    f"says the hidden layers' weight gradients are exactly 0, but {run.label} measures {', '.join(f'{g:.3g}' for g in hidden)} (output {output})"
                )
    return checks, problems


_FOLD = re.compile(r"\b(?P<n>two|three|four|five|ten)fold (?:per|at every) layer")


def _numbers(text: str) -> Iterator[tuple[float, int]]:
    for m in re.finditer(r"(?<![\w.,])\d+(?:\.\d+)?(?:\s*(?:×|x)\s*10[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)?", text):
        parsed = parse_number(m.group(0))
        if parsed is not None:
            yield parsed


def check_chain_caption(text: str, result: ChainProductResult) -> tuple[int, list[str]]:
    checks, problems = 0, []
    powers: list[PowerClaim] = list(find_power_claims(text))
    for claim in powers:
        if claim.exponent <= len(result.cumulative):
            checks += 1
            computed = result.cumulative[claim.exponent - 1]
            if not to_precision(claim.stated, claim.significant, computed):
                problems.append(
                    f"says '{claim.text}' but the running product after layer {claim.exponent} is {computed:.4g}"
                )
    stated = [(c.stated, c.significant) for c in powers] + list(_numbers(text))
    checks += 1
    if not any(to_precision(v, digits, result.product) for v, digits in stated):
        problems.append(
            f"never states the product over {result.params.layers} layers, which is {result.product:.4g}"
        )
    fold = _FOLD.search(text)
    if fold:
        checks += 1
        n = {"two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}[fold.group("n")]
        if not all(math.isclose(f, 1 / n) or math.isclose(f, n) for f in result.local_factors):
            problems.append(
                f"says '{fold.group(0)}' but the local factors are {sorted(set(result.local_factors))}"
            )
    return checks, problems


def check_slope_caption(text: str, result: ActivationDerivativesResult) -> tuple[int, list[str]]:
    curves = {c.activation: c for c in result.curves}
    checks, problems = 0, []
    for claim in find_slope_claims(text):
        checks += 1
        problem = _slope_problem(claim, curves.get(claim.activation), "this run")
        if problem:
            problems.append(problem)
    return checks, problems


def check_training_caption(text: str, result: TrainingDynamicsResult) -> tuple[int, list[str]]:
    if not re.search(r"\bloss(?:es)? falls?\b|\bloss (?:goes|drops)\b|\bloss fall", text):
        return 0, []
    problems = []
    for k, summary in enumerate(result.summaries):
        first = result.steps[0].runs[k].loss
        if not summary.final_loss < first:
            problems.append(
                f"says the loss falls, but {summary.label} goes from {first:.3g} to {summary.final_loss:.3g}"
            )
    return 1, problems


def check_measured_caption(text: str, result: BaseModel) -> tuple[int, list[str]]:
    """Each magnitude a caption states is one of the run's numbers, within MEASURED_TOLERANCE."""
    spec = EXPERIMENTS[result.experiment]  # type: ignore[attr-defined]
    numbers = [abs(v) for v in spec.numbers(result).values() if v and math.isfinite(v)]
    problems = [
        f"states '{s.text}' but no number of the run is within {MEASURED_TOLERANCE:g}× of it"
        for s in find_stated_values(text)
        if not any(within(s.value, n) for n in numbers)
    ]
    return len(find_stated_values(text)), problems


CAPTION_CHECKS = {
    "gradient_flow": check_flow_caption,
    "chain_product": check_chain_caption,
    "activation_derivatives": check_slope_caption,
    "training_dynamics": check_training_caption,
    "rnn_through_time": check_measured_caption,
    "normalisation": check_measured_caption,
    "signal_propagation": check_measured_caption,
    "precision": check_measured_caption,
}


def test_measured_caption_check_catches_a_wrong_value() -> None:
    result = run("rnn_through_time", {"steps": 20, "cells": ["rnn_tanh"]})
    last = result.runs[0].grad_norms[-1]
    assert check_measured_caption(f"The last step gets about {last:.1e}.", result)[1] == []
    assert check_measured_caption("The last step gets about 10⁻³⁰⁰.", result)[1] != []


def test_every_experiment_has_a_caption_check() -> None:
    assert set(CAPTION_CHECKS) == set(EXPERIMENTS)


def test_show_me_captions_agree_with_their_runs(course: Course) -> None:
    """'layer 1 receives about 1.2×10⁻¹¹ of the gradient of the last layer' is run and measured."""
    checks, wrong = 0, []
    for t in show_me_texts(course):
        assert t.show_me is not None
        result = run(t.show_me.experiment, t.show_me.params)
        n, problems = CAPTION_CHECKS[t.show_me.experiment](t.text, result)
        checks += n
        wrong += [f"{at(course, t)}: caption of {describe(t.show_me)} {p}" for p in problems]
    assert wrong == [], "\n".join(wrong)
    assert checks >= 60, (
        f"only {checks} caption claims were checked; has the parser stopped reading them?"
    )


def test_flow_caption_check_catches_a_wrong_ratio() -> None:
    result = run(
        "gradient_flow", {"depth": 15, "configs": [{"activation": "sigmoid", "init": "default"}]}
    )
    assert check_flow_caption("The ratio is about 10⁻¹².", result) == (1, [])
    checks, problems = check_flow_caption("The ratio is about 3×10⁻⁹.", result)
    assert checks == 1 and "3×10⁻⁹" in problems[0] and "1.02e-12" in problems[0]
    assert check_flow_caption("It loses twelve orders of magnitude.", result)[1] == []
    assert check_flow_caption("It loses five orders of magnitude.", result)[1] != []


def test_chain_caption_check_catches_a_wrong_product() -> None:
    result = run("chain_product", {"layers": 10, "mode": "at_z", "z": 0.0, "activation": "sigmoid"})
    assert (
        check_chain_caption("It falls fourfold per layer to 0.25^10 ≈ 9.5×10⁻⁷.", result)[1] == []
    )
    assert (
        check_chain_caption("The product after five layers is 0.25⁵ ≈ 9.8×10⁻⁴.", result)[1] != []
    )  # never states layer 10
    assert (
        check_chain_caption("It falls threefold per layer to 0.25^10 ≈ 9.5×10⁻⁷.", result)[1] != []
    )


# --- measured ratios in prose ----------------------------------------------------------


SIGMOID = {"activation": "sigmoid", "init": "default"}


@dataclass(frozen=True)
class Measured:
    """A measurement stated in prose for a configuration no show_me of its topic runs.

    ``quote`` must appear in the text (whitespace folded); ``stated`` are its
    numbers: one is a value every seed must reproduce within
    MEASURED_TOLERANCE, two are a range the seeds must fill (lowest and highest
    near its ends). ``measure``: 'ratio' (first/last), 'factor' (per layer) or
    'orders' (of magnitude lost toward the input).
    """

    where: str
    quote: str
    stated: tuple[str, ...]
    net: dict[str, Any]
    depth: int = 15
    seeds: int = 1
    measure: str = "ratio"

    def values(self) -> list[float]:
        out = []
        for seed in range(self.seeds):
            flow = run(
                "gradient_flow", {"depth": self.depth, "seed": seed, "configs": [self.net]}
            ).runs[0]
            if self.measure == "factor":
                out.append(flow.factor_per_layer)
            elif self.measure == "orders":
                out.append(-math.log10(flow.first_last_ratio))
            else:
                out.append(flow.first_last_ratio)
        return out

    def problem(self) -> str | None:
        from tutor.authoring.claims import WORD_NUMBERS

        def number(s: str) -> float:
            if s in WORD_NUMBERS:
                return float(WORD_NUMBERS[s])
            parsed = parse_number(s)
            assert parsed is not None, f"MEASURED: cannot read '{s}'"
            return parsed[0]

        values = self.values()
        shown = ", ".join(f"{v:.3g}" for v in values)
        seeds = f"seed 0..{self.seeds - 1}" if self.seeds > 1 else "seed 0"
        if len(self.stated) == 1:
            v = number(self.stated[0])
            ok = (
                all(within(v, m) for m in values)
                if self.measure == "ratio"
                else all(abs(v - m) <= 0.5 for m in values)
            )
            return None if ok else f"'{self.quote}' but {seeds} measure {shown}"
        low, high = sorted(number(s) for s in self.stated)
        lo, hi = min(values), max(values)
        if self.measure == "ratio":  # log scale, a factor of 2 of slack
            a, b, c, d = math.log10(low), math.log10(high), math.log10(lo), math.log10(hi)
            slack = math.log10(2)
        elif self.measure == "orders":  # counts of orders of magnitude: n means n ± 0.5
            a, b, c, d, slack = low, high, lo, hi, 0.5
        else:
            a, b, c, d = math.log10(low), math.log10(high), math.log10(lo), math.log10(hi)
            slack = math.log10(1.05)
        ok = a - slack <= c <= a + slack and b - slack <= d <= b + slack
        return None if ok else f"'{self.quote}' but {seeds} range from {lo:.3g} to {hi:.3g}"


MEASURED = (
    Measured(
        "vanishing-gradient-problem.explainer",
        "between about 5×10⁻¹³ and 7×10⁻¹² times that of the last hidden layer",
        ("5×10⁻¹³", "7×10⁻¹²"),
        SIGMOID,
        seeds=10,
    ),
    Measured(
        "vanishing-gradient-problem.explainer",
        "multiplies the norm by roughly 0.13 to 0.16 on average",
        ("0.13", "0.16"),
        SIGMOID,
        seeds=10,
        measure="factor",
    ),
    Measured(
        "vanishing-gradient-problem/vanishing-gradient-problem-q15.explanation",
        "other seeds lose between four and five",
        ("four", "five"),
        {"activation": "relu", "init": "default"},
        seeds=10,
        measure="orders",
    ),
    Measured(
        "multilayer-perceptrons.explainer", "at 15 layers it is about 10⁻¹¹", ("10⁻¹¹",), SIGMOID
    ),
    Measured(
        "weight-initialisation.explainer",
        "around 10⁻⁹ of the last hidden layer's",
        ("10⁻⁹",),
        {"activation": "sigmoid", "init": "xavier"},
        seeds=10,
    ),
    Measured(
        "weight-initialisation.explainer",
        "between about 3×10⁻¹⁰ and 7×10⁻⁹ over ten random seeds",
        ("3×10⁻¹⁰", "7×10⁻⁹"),
        {"activation": "sigmoid", "init": "xavier"},
        seeds=10,
    ),
    Measured(
        "batch-normalisation.explainer",
        "eleven to twelve orders of magnitude smaller",
        ("eleven", "twelve"),
        SIGMOID,
        seeds=10,
        measure="orders",
    ),
    Measured(
        "batch-normalisation.explainer",
        "the first/last ratio is of order 1",
        ("1",),
        {**SIGMOID, "batch_norm": True},
        seeds=10,
    ),
    Measured(
        "residual-connections.explainer",
        "eleven to twelve orders of magnitude below 1",
        ("eleven", "twelve"),
        SIGMOID,
        seeds=10,
        measure="orders",
    ),
)

_RATIO_CUE = re.compile(
    r"first/last|\bratios?\b|of the last hidden layer|of the top layer|times that of", re.IGNORECASE
)


def _fold(text: str) -> str:
    return " ".join(text.split())


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+", _fold(text))


def test_measured_entries_quote_the_content(course: Course) -> None:
    by_where = {t.where: _fold(t.text) for t in texts(course)}
    stale = [
        f"{m.where}: '{m.quote}'" for m in MEASURED if m.quote not in by_where.get(m.where, "")
    ]
    assert stale == [], "the text changed; update MEASURED in this file:\n" + "\n".join(stale)
    assert all(all(s in m.quote for s in m.stated) for m in MEASURED)


def test_measured_prose_agrees_with_the_lab(course: Course) -> None:
    """Ratios stated in explainers and explanations: the same topic's runs, or the MEASURED runs."""
    wrong = [f"{m.where}: {p}" for m in MEASURED if (p := m.problem())]
    quotes: dict[str, list[str]] = {}
    for m in MEASURED:
        quotes.setdefault(m.where, []).append(m.quote)
    runs_of: dict[tuple[str, str | None], list[tuple[str, float]]] = {}
    for t in show_me_texts(course):
        assert t.show_me is not None
        if t.show_me.experiment == "gradient_flow":
            result: GradientFlowResult = run("gradient_flow", t.show_me.params)
            ratios = [
                (f"{r.label} ({describe(t.show_me)})", r.first_last_ratio)
                for r in result.runs
                if r.first_last_ratio
            ]
            runs_of.setdefault((t.topic_id, t.item_id), []).extend(ratios)
            if t.item_id is not None:
                runs_of.setdefault((t.topic_id, None), []).extend(ratios)
    checked = 0
    for t in deep_texts(course):
        if t.show_me is not None:
            continue  # captions: checked against their own run above
        candidates = runs_of.get((t.topic_id, t.item_id)) or runs_of.get((t.topic_id, None), [])
        for sentence in _sentences(t.text):
            if not _RATIO_CUE.search(sentence):
                continue
            covered = [
                (sentence.find(q), sentence.find(q) + len(q))
                for q in quotes.get(t.where, [])
                if q in sentence
            ]

            def free(start: int, end: int) -> bool:
                return not any(a <= start and end <= b for a, b in covered)  # noqa: B023

            for s in find_stated_values(sentence):
                if not free(s.start, s.end):
                    continue
                checked += 1
                if not any(within(s.value, r) for _, r in candidates):
                    shown = (
                        "; ".join(f"{label}: {r:.3g}" for label, r in candidates)
                        or "no gradient_flow show_me"
                    )
                    wrong.append(
                        f"{at(course, t)}: states a ratio of '{s.text}' in \"{sentence[:120]}\" but the lab measures {shown}"
                        " (if it describes another configuration, add it to MEASURED)"
                    )
            for claim in find_orders_claims(sentence):
                if not free(claim.start, claim.end):
                    continue
                checked += 1
                if not any(claim.holds(abs(math.log10(r))) for _, r in candidates):
                    wrong.append(
                        f"{at(course, t)}: '{claim.text}' but the topic's runs measure gaps of "
                        + ", ".join(f"{abs(math.log10(r)):.1f}" for _, r in candidates)
                    )
    assert wrong == [], "\n".join(wrong)
    assert checked >= 10


# --- the helper parsers ---------------------------------------------------------------


def test_stated_values_and_orders() -> None:
    def values(text: str) -> list[float]:
        return [s.value for s in find_stated_values(text)]

    assert values("is about 10⁻¹⁶ of the last hidden layer's") == [pytest.approx(1e-16)]
    assert values("from about 1.2×10⁻¹¹ to about 7×10⁻², and about 0.8.") == [
        pytest.approx(1.2e-11),
        pytest.approx(0.07),
        0.8,
    ]
    assert values("compounds to 0.2^15 ≈ 3.3×10⁻¹¹ at layer 15") == []  # the power claim owns it
    assert values("about 15 % of it") == [15.0] and values("about 15% of it") == []

    def orders(text: str) -> list[tuple[float, float]]:
        return [(c.low, c.high) for c in find_orders_claims(text)]

    assert orders("more than four orders of magnitude lost") == [(4.0, math.inf)]
    assert orders("eleven to twelve\n orders of magnitude") == [(10.5, 12.5)]
    assert orders("within about two orders of magnitude of 1") == [(0.0, 2.5)]
    assert orders("the whole eleven-decade gap") == [(10.5, 11.5)]
