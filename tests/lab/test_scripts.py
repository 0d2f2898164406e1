"""Every experiment's generated script, run on its own, prints the lab's numbers (rel. 1e-6)."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tutor.lab.experiment import lines_of_code
from tutor.lab.registry import EXPERIMENTS

SMALL: dict[str, dict[str, Any]] = {
    "activation_derivatives": {"points": 101},
    "chain_product": {"layers": 30, "mode": "random", "seed": 3},
    "gradient_flow": {
        "depth": 6,
        "seed": 2,
        "configs": [
            {"activation": "tanh", "batch_norm": True},
            {"activation": "relu", "init": "kaiming", "residual": True},
            {"activation": "sigmoid", "init": "xavier"},
        ],
    },
    "training_dynamics": {"depth": 4, "steps": 15, "batch": 64, "clip_norm": 1.0, "seed": 1},
    "rnn_through_time": {"steps": 20, "hidden": 16, "batch": 4},
    "normalisation": {"depth": 12, "width": 16, "batch": 8},
    "signal_propagation": {"depth": 12, "width": 16, "sigma_ws": [1.0, 2.0]},
    "precision": {"depth": 6, "width": 16, "batch": 8},
}


def printed_numbers(text: str) -> list[float]:
    """Every float a script printed, in order (integers such as layer numbers are labels)."""
    out = []
    for token in text.split():
        if not any(c in token for c in ".eEn"):
            continue
        try:
            out.append(float(token))
        except ValueError:
            continue
    return out


def close(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b or math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-300)


def test_every_experiment_has_small_parameters_here() -> None:
    assert set(SMALL) == set(EXPERIMENTS)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SMALL))
def test_the_script_prints_the_labs_numbers(name: str, tmp_path: Path) -> None:
    spec = EXPERIMENTS[name]
    params = spec.params_model.model_validate(SMALL[name])
    expected = list(spec.numbers(spec.run(params)).values())
    path = tmp_path / f"{name}.py"
    path.write_text(spec.script(params), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    got = printed_numbers(proc.stdout)
    assert len(got) == len(expected), proc.stdout[:2000]
    wrong = [(i, g, e) for i, (g, e) in enumerate(zip(got, expected)) if not close(g, e)]
    assert wrong == []


def test_scripts_are_standalone_and_short() -> None:
    """No tutor import in any script; gradient flow's fits in 60 lines of code."""
    for name, spec in EXPERIMENTS.items():
        text = spec.script(spec.params_model())
        assert "tutor" not in text, name
        assert f"{spec.params_model().model_dump().get('seed', '')}" in text
    flow = EXPERIMENTS["gradient_flow"]
    assert lines_of_code(flow.script(flow.params_model())) <= 60


def test_the_script_quotes_the_exact_parameters() -> None:
    flow = EXPERIMENTS["gradient_flow"]
    text = flow.script(
        flow.params_model.model_validate({"depth": 23, "width": 17, "batch": 9, "seed": 1234})
    )
    assert "depth=23, width=17, batch=9, seed=1234" in text
