"""One way to pause the cyclic garbage collector around a burst of allocation.

Used only where a benchmark justified it (CONTRIBUTING.md, "The start-up path and what
keeps it fast"): loading content, unpickling the cached topics, restoring the learner
snapshot. A collector that was already off stays off.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
