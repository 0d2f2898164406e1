"""The lab: "show me" experiments that return data for the UI and the CLI to draw.

Importing ``tutor.lab`` (or its registry, parameter models or request parser)
loads only pydantic. The experiments themselves run on numpy with hand-written
backpropagation (see ``tutor.lab.mlp``), checked against torch autograd in the
tests; none of them imports torch, so a "show me" never pays torch's 1.7 s and
200 MB start-up. :func:`warmup` loads the implementation modules (numpy) and
is safe to call from a worker thread; :func:`torch_ready` is kept for the UI's
contract and reports whether that warm-up has happened.
"""

from __future__ import annotations

import importlib
import sys

_IMPLEMENTATIONS = ("tutor.lab.analytic", "tutor.lab.flow", "tutor.lab.training")


def warmup() -> None:
    """Import everything an experiment needs, so the first run starts at once."""
    for name in _IMPLEMENTATIONS:
        importlib.import_module(name)


def ready() -> bool:
    """True once every experiment can run without a further import."""
    return all(name in sys.modules for name in _IMPLEMENTATIONS)


def torch_ready() -> bool:
    """Whether the lab's heavy dependencies are loaded (no experiment needs torch; see module doc)."""
    return ready()


__all__ = ["ready", "torch_ready", "warmup"]
