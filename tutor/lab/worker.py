"""The lab's worker process: the TUI's experiments run here, so the app never imports torch.

The app starts one worker (``python -m tutor.lab.worker IN OUT``, two pipe
descriptors, pickled messages framed by ``multiprocessing.connection``) after
its first paint; the worker imports torch and runs a tiny experiment to warm
up while the learner reads the map, then serves requests one at a time:

- in: ``("run", token, experiment, params)``; ``("measure", token, experiment,
  params, quantity)`` for predict items; ``("cancel",)``; ``("quit",)``;
- out: ``("ready",)``; ``("progress", token, Outcome)`` while training
  (at most every ``PROGRESS_S``); ``("done", token, Outcome)``;
  ``("measured", token, value)``; ``("error", token, message)`` for a bad request
  or a failing experiment.

A streaming experiment polls for ``("cancel",)`` between steps; the app
terminates the worker if it does not stop within 200 ms. (A plain subprocess
rather than multiprocessing's spawn: spawn hands the child ``sys.stderr``'s
descriptor, which a Textual app has replaced.) Everything
sent is plain data (strings, floats, the figure dataclasses), so the app can
unpickle it without importing torch.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass
from typing import Any

from tutor.lab.figure import Figure

PROGRESS_S = 0.2  # five figures a second: smooth enough, and each redraw costs the UI a frame


@dataclass(frozen=True)
class Outcome:
    """What the screen draws for a run, finished or still going."""

    figure: Figure
    summary: str
    status: str = ""  # e.g. "step 120/5000"
    cancelled: bool = False


def warm_up() -> None:
    """Import torch and run the smallest gradient-flow pass, so the first real run is warm."""
    from tutor.lab.registry import get_experiment

    get_experiment("gradient_flow").run({"depth": 2, "width": 2, "batch": 2})


def serve(requests: Any, replies: Any) -> None:
    """The worker's main loop (runs in the child process)."""
    try:
        warm_up()
        replies.send(("ready",))
        while True:
            message = requests.recv()
            if message[0] == "cancel":
                continue  # a cancel that arrived after its run finished
            if message[0] == "measure":  # a predict item's quantity: one number back
                replies.send(measure_reply(*message[1:]))
                continue
            if message[0] != "run":
                return
            _, token, name, params = message

            def cancelled() -> bool:
                while requests.poll():
                    if requests.recv()[0] in ("cancel", "quit"):
                        return True
                return False

            replies.send(handle(token, name, params, replies, cancelled))
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        return


def main(argv: list[str]) -> int:
    from multiprocessing.connection import Connection

    requests = Connection(int(argv[0]), writable=False)
    replies = Connection(int(argv[1]), readable=False)
    serve(requests, replies)
    return 0


def handle(
    token: int, name: str, params: dict[str, Any], conn: Any, cancelled: Any
) -> tuple[Any, ...]:
    """Run one request; the reply to send (progress goes out through ``conn`` as it comes)."""
    from tutor.errors import UserError
    from tutor.lab.registry import get_experiment, parse_params

    try:
        spec = get_experiment(name)
        model = parse_params(name, params)
        progress = _streamer(token, spec, model, conn) if spec.streams else None
        result = spec.run(model, progress, cancelled)
        outcome = Outcome(
            figure=spec.figure(result),
            summary=spec.summarize(result),
            cancelled=bool(getattr(result, "cancelled", False)),
        )
        return ("done", token, outcome)
    except UserError as exc:
        return ("error", token, str(exc))
    except Exception as exc:  # a failing experiment is reported, the worker lives on
        last = traceback.extract_tb(exc.__traceback__)[-1:]
        where = f" ({last[0].name}, line {last[0].lineno})" if last else ""
        return ("error", token, f"{type(exc).__name__}: {exc}{where}")


def measure_reply(token: int, name: str, params: dict[str, Any], quantity: str) -> tuple[Any, ...]:
    """``("measured", token, value)`` for a predict item, or ``("error", token, message)``."""
    from tutor.errors import UserError
    from tutor.lab import measure

    try:
        return ("measured", token, float(measure(name, params, quantity)))
    except UserError as exc:
        return ("error", token, str(exc))
    except Exception as exc:  # a failing experiment is reported, the worker lives on
        return ("error", token, f"{type(exc).__name__}: {exc}")


def _streamer(token: int, spec: Any, params: Any, conn: Any) -> Any:
    """A progress callback that sends the figure so far, at most every PROGRESS_S."""
    steps: list[Any] = []
    last = [0.0]

    def progress(step: Any) -> None:
        steps.append(step)
        now = time.monotonic()
        if now - last[0] < PROGRESS_S and len(steps) < params.steps:
            return
        last[0] = now
        status = f"step {len(steps)}/{params.steps}"
        conn.send(("progress", token, Outcome(spec.partial_figure(params, steps), "", status)))

    return progress


if __name__ == "__main__":
    import sys

    # Run the module under its own name, so what it pickles (Outcome) unpickles in the app.
    from tutor.lab.worker import main as _main

    raise SystemExit(_main(sys.argv[1:]))
