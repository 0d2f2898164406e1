"""The UI's only door into the lab.

Parameter models and request parsing are light (pydantic only) and may run on
the UI thread. Running an experiment, and the warm-up that loads the heavy
modules (numpy, torch), happen only in a worker thread: :func:`warm_up` and
:func:`run` must never be called from the UI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from tutor.errors import UserError


def experiment_names() -> list[str]:
    from tutor.lab.registry import EXPERIMENTS

    return list(EXPERIMENTS)


def params_model(name: str) -> type[BaseModel]:
    from tutor.lab.registry import get_experiment

    return get_experiment(name).params_model


def validate(name: str, raw: dict[str, Any]) -> BaseModel:
    """The lab's parameter model for ``raw``; a UserError with one readable line otherwise."""
    from tutor.lab.registry import parse_params

    try:
        return parse_params(name, raw)
    except ValidationError as exc:  # the registry reports UserError; this is a safety net
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise UserError(f"{where}: {first['msg']}" if where else first["msg"]) from None


@dataclass(frozen=True)
class Understood:
    experiment: str
    params: dict[str, Any]
    understood: tuple[str, ...]
    ignored: tuple[str, ...]


def parse_request(text: str) -> Understood:
    from tutor.lab.request import parse_request as lab_parse

    req = lab_parse(text)
    return Understood(
        experiment=req.experiment,
        params=dict(req.params),
        understood=tuple(req.understood),
        ignored=tuple(req.unused),
    )


def warm_up() -> None:
    """Load the lab's heavy modules. Worker thread only."""
    from tutor.lab import warmup

    warmup()


def run(
    name: str,
    params: BaseModel,
    *,
    cancel: threading.Event,
    on_step: Callable[[Any], None] | None = None,
) -> Any:
    """Run an experiment. Worker thread only."""
    from tutor.lab.registry import get_experiment

    spec = get_experiment(name)
    if name == "training_dynamics":
        return spec.run(params, on_step=on_step, cancel=cancel)
    return spec.run(params)


def summary(result: Any) -> str:
    from tutor.lab.summary import summarize

    return summarize(result)
