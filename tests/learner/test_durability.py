"""Kill -9 at random moments: every answer reported as saved is in the database."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from tutor.learner.simulation import synthetic_chain_course
from tutor.learner.store import ProgressStore

RECORDER = r"""
import sys
from tutor.learner.service import TutorService
from tutor.learner.simulation import synthetic_chain_course
course = synthetic_chain_course(10)
svc = TutorService.open(course, sys.argv[1])
items = [i.id for _t, i in course.iter_items() if i.type == "multiple_choice"]
n = 0
print("ready", flush=True)
while True:
    item = items[n % len(items)]
    out = svc.record_answer(item, n % 4, latency_ms=n)
    print(out.seq, item, n, flush=True)
    n += 1
"""


def test_sigkill_never_loses_a_reported_answer(tmp_path) -> None:
    db = tmp_path / "p.db"
    rng = random.Random(7)
    reported: dict[int, tuple[str, int]] = {}
    for _round in range(4):
        proc = subprocess.Popen([sys.executable, "-c", RECORDER, str(db)], stdout=subprocess.PIPE)
        assert proc.stdout is not None
        fd = proc.stdout.fileno()
        buffer = b""
        while b"ready\n" not in buffer:
            chunk = os.read(fd, 65536)
            assert chunk, "the recorder died before it was ready"
            buffer += chunk
        buffer = buffer.split(b"ready\n", 1)[1]
        deadline = time.monotonic() + rng.uniform(0.05, 0.6)
        os.set_blocking(fd, False)
        while time.monotonic() < deadline:
            try:
                buffer += os.read(fd, 65536)
            except BlockingIOError:
                time.sleep(0.002)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        os.set_blocking(fd, True)
        while chunk := os.read(fd, 65536):
            buffer += chunk
        proc.stdout.close()
        for line in buffer.decode().split("\n")[:-1]:  # the last piece may be cut by the kill
            parts = line.split()
            if len(parts) == 3:
                reported[int(parts[0])] = (parts[1], int(parts[2]))
    assert len(reported) > 20
    with ProgressStore(db) as store:
        events = {e.seq: e for e in store.events()}
    for seq, (item, n) in reported.items():
        assert seq in events, f"answer {seq} was reported saved but is missing"
        assert events[seq].item_id == item and events[seq].payload["latency_ms"] == n
    # and the database still opens in the app after the kills
    from tutor.learner.service import TutorService

    svc = TutorService.open(synthetic_chain_course(10), db)
    assert svc.history().items_answered == len(events)
    svc.close()
