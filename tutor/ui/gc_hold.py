"""Hold off the cyclic collector's full passes while the lab draws, and allow them after.

A full pass scans every tracked object the app made since its heap was last frozen:
a show-me screen alone leaves about 45,000 (textual's strips and their caches), and
one pass took 25-60 ms here, one to three frames lost in the middle of a chart that
streams. Young passes stay on (they are short and free most garbage); only the full
pass waits while a run is in flight, and may run again shortly after its result is
on screen, when nothing on screen moves. Holds nest: the first ``hold`` raises the
oldest generation's threshold out of reach, the last ``release`` restores it.
"""

from __future__ import annotations

import gc

_FULL_PASS_OUT_OF_REACH = 1_000_000  # young passes between two full ones: never, in a run
_holds = 0
_saved_threshold = 10


def hold() -> None:
    global _holds, _saved_threshold
    if _holds == 0:
        young, middle, _saved_threshold = gc.get_threshold()
        gc.set_threshold(young, middle, _FULL_PASS_OUT_OF_REACH)
    _holds += 1


def release() -> None:
    global _holds
    if _holds == 0:
        return
    _holds -= 1
    if _holds == 0:
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, _saved_threshold)


def held() -> bool:
    return _holds > 0
