"""The UI's only door into the lab: parameter checks here, experiments in a worker process.

Parameter models, request parsing and the generated scripts are light
(pydantic, no torch) and may run on the UI thread or a thread worker.
Experiments run in :class:`LabProcess`, a ``multiprocessing`` spawn worker
(``tutor.lab.worker``) that imports torch on its own: importing torch in a
thread would stall the UI through the GIL for about 0.3 s, and a thread
cannot be killed. A reader thread turns the worker's replies into calls of
``on_reply`` (which the screen turns into Textual messages); cancelling asks
the worker to stop, then terminates and respawns it after 200 ms.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from tutor.errors import UserError

STOP_GRACE_S = 0.2
WORKER_NICE_INCREMENT = 10  # the lab worker runs this much "nicer" (lower priority) than the app

Reply = tuple[Any, ...]


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


def script(name: str, params: BaseModel) -> str:
    """The standalone PyTorch script that reproduces this run (no torch needed to write it)."""
    from tutor.lab.registry import get_experiment

    return get_experiment(name).script(params)


@dataclass(frozen=True)
class Understood:
    experiment: str
    params: dict[str, Any]
    understood: tuple[str, ...]
    ignored: tuple[str, ...]
    notes: tuple[str, ...] = ()


def parse_request(text: str) -> Understood:
    """Parse a plain-words request (linear time, length-capped: safe off or on any thread)."""
    from tutor.lab.request import parse_request as lab_parse

    req = lab_parse(text)
    return Understood(
        experiment=req.experiment,
        params=dict(req.params),
        understood=tuple(req.understood),
        ignored=tuple(req.unused),
        notes=tuple(req.notes),
    )


class LabProcess:
    """One worker process, started once and respawned after a cancel or a crash.

    ``on_reply`` is called from the reader thread with ``("ready",)``,
    ``("progress"|"done"|"error", token, payload)``, ``("stopped", token, "")``
    after a forced stop, or ``("crashed", token, message)``.
    """

    def __init__(self) -> None:
        self.on_reply: Callable[[Reply], None] = lambda reply: None
        self.ready = False
        self.running: int | None = None  # the token of the run in progress
        self._lock = threading.RLock()
        self._proc: Any = None
        self._send_conn: Any = None
        self._generation = 0

    @property
    def started(self) -> bool:
        return self._proc is not None

    @property
    def alive(self) -> bool:
        """The worker runs: a run sent now goes down the pipe without starting a process."""
        proc = self._proc
        return proc is not None and proc.poll() is None

    def start(self) -> None:
        """Start the worker (no-op when it runs). Called after the first paint, from a thread."""
        with self._lock:
            if self._proc is not None and self._proc.poll() is None:
                return
            import os
            import subprocess
            import sys
            from multiprocessing.connection import Connection
            from pathlib import Path

            import tutor

            to_child, from_parent = os.pipe()[::-1]  # (write end, read end)
            from_child, to_parent = os.pipe()
            env = dict(os.environ)
            root = str(Path(tutor.__file__).resolve().parents[1])
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
            proc = subprocess.Popen(
                [sys.executable, "-m", "tutor.lab.worker", str(from_parent), str(to_parent)],
                pass_fds=(from_parent, to_parent),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
            )
            os.close(from_parent)
            os.close(to_parent)
            self._generation += 1
            self._proc, self.ready = proc, False
            self._send_conn = Connection(to_child, readable=False)
            receive = Connection(from_child, writable=False)
            reader = threading.Thread(
                target=self._read,
                args=(receive, proc, self._generation),
                daemon=True,
                name="lab-reader",
            )
            reader.start()

    def _read(self, conn: Any, proc: Any, generation: int) -> None:
        while True:
            try:
                reply = conn.recv()
            except (EOFError, OSError):
                break
            if generation != self._generation:
                break
            if reply[0] == "ready":
                _yield_cpu_to_the_app(proc.pid)
                self.ready = True
            elif reply[0] in ("done", "error"):
                self.running = None
            self.on_reply(reply)
        conn.close()
        code = proc.wait()
        with self._lock:
            if generation != self._generation:
                return  # replaced on purpose (a forced stop): not a crash
            token, self.running, self._proc = self.running, None, None
        self.on_reply(("crashed", token, f"the lab worker stopped (exit code {code})"))

    def run(self, token: int, name: str, params: BaseModel) -> None:
        """Send a run; the reply comes through ``on_reply``. Safe from any thread."""
        with self._lock:
            self.start()
            self.running = token
            self._send_conn.send(("run", token, name, params.model_dump()))

    def measure(self, token: int, name: str, params: dict[str, Any], quantity: str) -> None:
        """Ask for one quantity (a predict item); ``("measured", token, value)`` comes back."""
        with self._lock:
            self.start()
            self._send_conn.send(("measure", token, name, params, quantity))

    def cancel(self) -> None:
        """Ask the run to stop; terminate and respawn the worker if it has not in 200 ms."""
        token = self.running
        if token is None:
            return
        try:
            self._send_conn.send(("cancel",))
        except (OSError, AttributeError):
            pass
        timer = threading.Timer(STOP_GRACE_S, self._force_stop, args=(token,))
        timer.daemon = True
        timer.start()

    def _force_stop(self, token: int) -> None:
        if self.running != token:
            return
        self.restart()
        self.on_reply(("stopped", token, ""))

    def restart(self) -> None:
        self.close()
        self.start()

    def close(self) -> None:
        with self._lock:
            proc, conn = self._proc, self._send_conn
            self._generation += 1
            self._proc, self._send_conn, self.ready, self.running = None, None, False, None
        if proc is None:
            return
        proc.terminate()
        try:
            conn.close()
            proc.wait(timeout=1)
        except Exception:  # already gone, or stuck: make sure
            proc.kill()


def _yield_cpu_to_the_app(pid: int) -> None:
    """Lower the worker's scheduling priority once it is warm: on a busy machine (two cores,
    a training run and anything else) the app's frames then win the CPU over the lab's
    arithmetic, which only slows down when they compete. Not before: torch's import, the
    warm-up, would then lose the CPU to every other program and the lab would not be
    ready when the learner opens show me. (On Linux this is the worker's main thread's
    priority, the one thread the lab computes on.) Where the system refuses, the worker
    keeps the app's priority."""
    import os

    try:
        nice = os.getpriority(os.PRIO_PROCESS, pid)
        os.setpriority(os.PRIO_PROCESS, pid, min(19, nice + WORKER_NICE_INCREMENT))
    except (AttributeError, OSError):  # not POSIX, or not permitted
        pass


_LAB: LabProcess | None = None


def lab() -> LabProcess:
    """The app's one lab worker (created on first use; started by ``start`` or the first run)."""
    global _LAB
    if _LAB is None:
        _LAB = LabProcess()
    return _LAB


def shutdown() -> None:
    global _LAB
    if _LAB is not None:
        _LAB.close()
        _LAB = None
