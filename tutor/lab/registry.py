"""The lab's experiments by name, with their parameter models and lazy runners.

Importing this module costs only pydantic: the content loader checks every
``show_me`` reference through :func:`check_params` at load time, and the TUI
lists experiments before anything heavy is loaded. Each spec imports its
implementation module only when run.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from pydantic import BaseModel, ValidationError

import tutor.lab.experiments as _package
from tutor.errors import UserError, did_you_mean
from tutor.lab.experiment import Experiment

Loc = tuple[str | int, ...]

# Names people use for the same thing; suggested when a value is not accepted.
SYNONYMS = {
    "he": "kaiming",
    "glorot": "xavier",
    "pytorch": "default",
    "torch": "default",
    "logistic": "sigmoid",
    "leaky": "leaky_relu",
    "leakyrelu": "leaky_relu",
    "leaky-relu": "leaky_relu",
    "zero": "zeros",
}

# The order `tutor show --list` and the command palette use; modules not named here follow.
_ORDER = (
    "activation_derivatives",
    "chain_product",
    "gradient_flow",
    "training_dynamics",
    "rnn_through_time",
    "normalisation",
    "signal_propagation",
    "precision",
)


def _discover() -> dict[str, Experiment]:
    """Every module in tutor.lab.experiments that defines EXPERIMENT (cheap: no torch, no numpy)."""
    found: dict[str, Experiment] = {}
    for info in pkgutil.iter_modules(_package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{_package.__name__}.{info.name}")
        experiment = getattr(module, "EXPERIMENT", None)
        if isinstance(experiment, Experiment):
            found[experiment.name] = experiment
    rank = {name: i for i, name in enumerate(_ORDER)}
    return dict(sorted(found.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])))


EXPERIMENTS: dict[str, Experiment] = _discover()
ExperimentSpec = Experiment


def _unknown_experiment(name: str) -> str:
    return f"unknown experiment '{name}'{did_you_mean(name, EXPERIMENTS)}"


def get_experiment(name: str) -> ExperimentSpec:
    try:
        return EXPERIMENTS[name]
    except KeyError:
        known = ", ".join(EXPERIMENTS)
        raise UserError(f"{_unknown_experiment(name)}; experiments: {known}", exit_code=2) from None


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


def _owner_of(model: type[BaseModel], loc: Loc) -> type[BaseModel]:
    """The (nested) model whose field the last key of ``loc`` names."""
    current = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        inner = _nested_model(field.annotation) if field is not None else None
        if inner is None:
            break
        current = inner
    return current


def _describe(value: Any) -> str:
    """A value as the user wrote it: numbers bare (also when they came in as CLI strings)."""
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return repr(value)
    return str(value)


def _message(model: type[BaseModel], error: Any) -> str:
    """One readable line for one pydantic error, naming the bound or the near miss."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    loc: Loc = tuple(error["loc"])
    name = next((str(p) for p in reversed(loc) if isinstance(p, str)), "value")
    if kind == "extra_forbidden":
        owner = _owner_of(model, loc)
        return f"unknown parameter '{name}'{did_you_mean(name, owner.model_fields)}; expected one of {', '.join(owner.model_fields)}"
    bounds = {
        "greater_than_equal": ("at least", "ge"),
        "greater_than": ("greater than", "gt"),
        "less_than_equal": ("at most", "le"),
        "less_than": ("less than", "lt"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return f"{name} must be {words} {ctx[key]} (got {_describe(value)})"
    if kind == "literal_error":
        options = [
            o.strip().strip("'")
            for o in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")
        ]
        hint = ""
        if isinstance(value, str):
            synonym = SYNONYMS.get(value.lower())
            hint = (
                f" (did you mean '{synonym}'?)"
                if synonym in options
                else did_you_mean(value, options)
            )
        return f"{name} must be one of {', '.join(options)} (got {_describe(value)}){hint}"
    if kind == "too_short":
        return f"{name} needs at least {ctx.get('min_length')} entr{'y' if ctx.get('min_length') == 1 else 'ies'}"
    if kind == "too_long":
        return (
            f"{name} takes at most {ctx.get('max_length')} entries (got {ctx.get('actual_length')})"
        )
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{name} must be a whole number (got {_describe(value)})"
    if kind in ("float_parsing", "float_type"):
        return f"{name} must be a number (got {_describe(value)})"
    if kind in ("bool_parsing", "bool_type"):
        return f"{name} must be true or false (got {_describe(value)})"
    if kind in ("list_type",):
        return f"{name} must be a list (got {_describe(value)})"
    if kind in ("model_type", "dict_type"):
        return f"{name} must be a mapping of parameters (got {_describe(value)})"
    return f"{name}: {error['msg']}"


def _problems(model: type[BaseModel], params: dict[str, Any]) -> list[tuple[Loc, str]]:
    try:
        model.model_validate(params)
    except ValidationError as exc:
        return [(tuple(e["loc"]), _message(model, e)) for e in exc.errors()]
    return []


def check_params(name: str, params: dict[str, Any]) -> list[tuple[Loc, str]]:
    """Every problem with ``params`` for experiment ``name`` as (location in params, message).

    Cheap (pydantic only), so the content loader can call it for every
    ``show_me`` reference and report each problem at its file:line.
    """
    spec = EXPERIMENTS.get(name)
    if spec is None:
        return [((), _unknown_experiment(name))]
    if not isinstance(params, dict):
        return [((), f"params of '{name}' must be a mapping (got {_describe(params)})")]
    return _problems(spec.params_model, params)


def parse_params(name: str, params: dict[str, Any] | None = None) -> BaseModel:
    """The validated parameter model, or UserError(exit 2) with the first problem on one line."""
    spec = get_experiment(name)
    problems = _problems(spec.params_model, params or {})
    if not problems:
        return spec.params_model.model_validate(params or {})
    loc, message = problems[0]
    parent = "".join(
        f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p))
        for i, p in enumerate(loc[:-1])
    )
    more = (
        f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})"
        if len(problems) > 1
        else ""
    )
    prefix = f"{name}: {parent}: " if parent else f"{name}: "
    raise UserError(f"{prefix}{message}{more}", exit_code=2)


# What a plain-words request gives up first when it asks for more work than the lab allows.
_SHRINK = ("steps", "batch", "configs", "cells", "sigma_ws", "depth", "width", "hidden")


def fit_to_budget(name: str, params: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """``params`` cut down until they fit the work budget, and a note saying what changed.

    Only a request that fails on the budget alone is cut (other problems are
    reported as they are); sizes are halved, lists lose their last entries.
    """
    spec = EXPERIMENTS.get(name)
    if spec is None:
        return params, None
    problems = _problems(spec.params_model, params)
    if not problems or not all("budget" in message for _, message in problems):
        return params, None
    model = spec.params_model
    current = dict(params)
    changes: list[str] = []
    for key in _SHRINK:
        field = model.model_fields.get(key)
        if field is None:
            continue
        before = current.get(key, field.get_default(call_default_factory=True))
        value = before
        while _problems(model, current):
            smaller = _smaller(value, field)
            if smaller == value:
                break
            value = current[key] = smaller
        if value != before:
            changes.append(f"{key.replace('_', ' ')} {_size(before)} → {_size(value)}")
        if not _problems(model, current):
            return current, "cut down to fit the lab's budget: " + ", ".join(changes)
    return params, None


def _size(value: Any) -> Any:
    return len(value) if isinstance(value, list) else value


def _smaller(value: Any, field: Any) -> Any:
    if isinstance(value, list):
        return value[: max(1, len(value) // 2)]
    if isinstance(value, int) and not isinstance(value, bool):
        floor = next((m.ge for m in field.metadata if getattr(m, "ge", None) is not None), 1)
        return max(int(floor), value // 2)
    return value
