"""The lab's light modules never import torch (or numpy), checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_registry_request_quantities_and_models_import_neither_torch_nor_numpy() -> None:
    proc = _run(
        "import sys, tutor.lab, tutor.lab.registry, tutor.lab.request, tutor.lab.params, tutor.lab.results, tutor.lab.figure; "
        "from tutor.lab.registry import check_params, EXPERIMENTS; check_params('gradient_flow', {'depth': 3}); "
        "import tutor.lab as lab; [lab.quantities(n) for n in EXPERIMENTS]; "
        "print(sorted(m for m in ('torch', 'numpy', 'textual') if m in sys.modules))"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_network_experiments_run_on_torch() -> None:
    proc = _run(
        "import sys; from tutor.lab.registry import EXPERIMENTS; "
        "EXPERIMENTS['gradient_flow'].run({'depth': 3}); print('torch' in sys.modules)"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "True"
