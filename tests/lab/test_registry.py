"""Registry, parameter bounds and the messages the content loader and the CLI show."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from tutor.errors import UserError
from tutor.lab.params import NetConfig
from tutor.lab.registry import EXPERIMENTS, check_params, get_experiment, parse_params


def _bounds() -> list[tuple[str, str, str, float]]:
    """(experiment, field, bound kind, bound value) for every bounded numeric field."""
    out = []
    for name, spec in EXPERIMENTS.items():
        for field_name, field in spec.params_model.model_fields.items():
            for meta in field.metadata:
                for kind in ("ge", "gt", "le", "lt"):
                    value = getattr(meta, kind, None)
                    if value is not None:
                        out.append((name, field_name, kind, value))
    return out


BOUNDS = _bounds()


def test_every_numeric_parameter_is_bounded_both_ways() -> None:
    for name, spec in EXPERIMENTS.items():
        for field_name, field in spec.params_model.model_fields.items():
            if field.annotation in (int, float, int | None, float | None):
                kinds = {k for (n, f, k, _) in BOUNDS if (n, f) == (name, field_name)}
                assert kinds & {"ge", "gt"} and kinds & {"le", "lt"}, (
                    f"{name}.{field_name} is not bounded"
                )


@pytest.mark.parametrize(
    ("name", "field", "kind", "bound"), BOUNDS, ids=[f"{n}.{f}.{k}" for n, f, k, _ in BOUNDS]
)
def test_every_bound_is_enforced_and_named(name: str, field: str, kind: str, bound: float) -> None:
    annotation = EXPERIMENTS[name].params_model.model_fields[field].annotation
    step = 1 if annotation is int else 1e-9 * max(1.0, abs(bound))
    outside = {"ge": bound - step, "gt": bound, "le": bound + step, "lt": bound}[kind]
    inside = {"ge": bound, "gt": bound + step, "le": bound, "lt": bound - step}[kind]
    if annotation is int:
        outside, inside = int(outside), int(inside)
    words = {"ge": "at least", "gt": "greater than", "le": "at most", "lt": "less than"}[kind]
    problems = check_params(name, {field: outside})
    assert problems == [((field,), f"{field} must be {words} {bound} (got {outside})")]
    with pytest.raises(UserError) as err:
        parse_params(name, {field: outside})
    assert err.value.exit_code == 2
    assert str(err.value) == f"{name}: {field} must be {words} {bound} (got {outside})"
    # at the bound itself the field is fine (z_min = 50 may still clash with z_max)
    assert [loc for loc, _ in check_params(name, {field: inside})] in ([], [()])


def test_defaults_are_valid_and_match_the_design() -> None:
    for name in EXPERIMENTS:
        assert check_params(name, {}) == []
    flow = parse_params("gradient_flow", {})
    assert (flow.depth, flow.width, flow.batch, flow.seed) == (15, 32, 64, 0)  # type: ignore[attr-defined]
    assert flow.configs == [
        NetConfig(activation="sigmoid", init="default"),
        NetConfig(activation="relu", init="kaiming"),
    ]  # type: ignore[attr-defined]
    chain = parse_params("chain_product", {})
    assert (chain.layers, chain.mode, chain.z, chain.factor, chain.activation) == (
        10,
        "at_z",
        0.0,
        0.25,
        "sigmoid",
    )  # type: ignore[attr-defined]
    deriv = parse_params("activation_derivatives", {})
    assert (deriv.z_min, deriv.z_max, deriv.points, deriv.leaky_slope) == (-6, 6, 241, 0.01)  # type: ignore[attr-defined]
    train = parse_params("training_dynamics", {})
    assert (train.depth, train.width, train.steps, train.optimizer) == (12, 32, 200, "sgd")  # type: ignore[attr-defined]


def test_unknown_experiment_suggests_the_nearest() -> None:
    assert check_params("gradient_flw", {}) == [
        ((), "unknown experiment 'gradient_flw' (did you mean 'gradient_flow'?)")
    ]
    assert check_params("banana", {}) == [((), "unknown experiment 'banana'")]
    with pytest.raises(UserError) as err:
        get_experiment("chain_prodcut")
    assert err.value.exit_code == 2
    assert str(err.value).startswith(
        "unknown experiment 'chain_prodcut' (did you mean 'chain_product'?)"
    )


def test_problems_are_located_inside_params() -> None:
    problems = check_params(
        "gradient_flow",
        {"deptth": 3, "configs": [{"activation": "relu"}, {"activation": "sigmod", "inti": "he"}]},
    )
    assert problems == [
        (
            ("configs", 1, "activation"),
            "activation must be one of sigmoid, tanh, relu, leaky_relu (got 'sigmod') (did you mean 'sigmoid'?)",
        ),
        (
            ("configs", 1, "inti"),
            "unknown parameter 'inti' (did you mean 'init'?); expected one of activation, init, batch_norm, residual",
        ),
        (
            ("deptth",),
            "unknown parameter 'deptth' (did you mean 'depth'?); expected one of depth, width, batch, seed, configs",
        ),
    ]


def test_other_kinds_of_problem() -> None:
    assert check_params("activation_derivatives", {"z_min": 2, "z_max": 1}) == [
        ((), "z_min (2) must be less than z_max (1)")
    ]
    assert check_params("activation_derivatives", {"activations": []}) == [
        (("activations",), "activations needs at least 1 entry")
    ]
    assert check_params("chain_product", {"layers": "many"}) == [
        (("layers",), "layers must be a whole number (got 'many')")
    ]
    assert check_params("chain_product", {"mode": "linear"}) == [
        (("mode",), "mode must be one of at_z, constant, random (got 'linear')")
    ]
    assert check_params("gradient_flow", {"configs": [{"batch_norm": "maybe"}]}) == [
        (("configs", 0, "batch_norm"), "batch_norm must be true or false (got 'maybe')")
    ]
    assert check_params("gradient_flow", "depth 3") == [
        ((), "params of 'gradient_flow' must be a mapping (got 'depth 3')")
    ]  # type: ignore[arg-type]


def test_parse_params_reports_the_first_problem_and_counts_the_rest() -> None:
    with pytest.raises(UserError) as err:
        parse_params("gradient_flow", {"depth": 0, "width": 1000, "configs": [{"init": "he"}]})
    assert str(err.value) == "gradient_flow: depth must be at least 2 (got 0) (and 2 more problems)"
    with pytest.raises(UserError) as err:
        parse_params("gradient_flow", {"configs": [{"init": "he"}]})
    assert str(err.value) == (
        "gradient_flow: configs[0]: init must be one of default, xavier, kaiming, zeros, large (got 'he') (did you mean 'kaiming'?)"
    )


def test_specs_describe_and_run_lazily() -> None:
    for name, spec in EXPERIMENTS.items():
        assert spec.name == name and spec.title and spec.summary
        assert issubclass(spec.params_model, BaseModel)
        assert spec.quantities and spec.measure is not None
    result: Any = get_experiment("chain_product").run({"layers": 3})
    assert result.product == 0.25**3
    result = get_experiment("gradient_flow").run(parse_params("gradient_flow", {"depth": 3}))
    assert [layer.layer for layer in result.runs[0].layers] == [1, 2, 3, 4]


def test_the_registry_discovers_every_experiment_module() -> None:
    import pkgutil

    import tutor.lab.experiments as package

    modules = {m.name for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_")}
    assert modules == set(EXPERIMENTS)
    assert {"rnn_through_time", "normalisation", "signal_propagation", "precision"} <= set(
        EXPERIMENTS
    )


@pytest.mark.parametrize(
    ("name", "params", "words"),
    [
        ("gradient_flow", {"depth": 100, "width": 256, "batch": 1024}, "budget"),
        ("training_dynamics", {"steps": 5000, "depth": 50, "width": 128, "batch": 2048}, "budget"),
        ("rnn_through_time", {"steps": 200, "hidden": 256, "batch": 256}, "budget"),
    ],
)
def test_work_is_bounded_as_a_whole(name: str, params: dict[str, Any], words: str) -> None:
    """Every size alone is allowed; their product is not, and the message says why."""
    with pytest.raises(UserError) as err:
        parse_params(name, params)
    assert words in str(err.value) and "\n" not in str(err.value)
