"""The lab's light modules never import torch (or numpy), checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_registry_request_and_models_import_neither_torch_nor_numpy() -> None:
    proc = _run(
        "import sys, tutor.lab, tutor.lab.registry, tutor.lab.request, tutor.lab.params, tutor.lab.results, tutor.lab.summary; "
        "from tutor.lab.registry import check_params; check_params('gradient_flow', {'depth': 3}); "
        "print(sorted(m for m in ('torch', 'numpy', 'textual') if m in sys.modules))"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_running_every_experiment_never_imports_torch() -> None:
    proc = _run(
        "import sys, tutor.lab as lab; from tutor.lab.registry import EXPERIMENTS; "
        "assert not lab.ready() and not lab.torch_ready(); lab.warmup(); assert lab.ready() and lab.torch_ready(); "
        "[spec.run({'steps': 2} if n == 'training_dynamics' else {}) for n, spec in EXPERIMENTS.items()]; "
        "print('torch' in sys.modules)"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"
