"""Benchmark predict-then-run: from the key press that commits a prediction to the
measured value on screen, warm.

Run: .venv/bin/python bench/predict.py

Drives the question screen headless (App.run_test) on a predict item about a
20-layer sigmoid network's first/last gradient ratio (tests/items/course). The lab
is warmed up first (the widget does this itself when the question shows). Each
round answers a fresh question screen: a simulated Enter on the slider, then poll
until the "Measured" panel holds a number. Baseline, measured in the same run and
the same way: a simulated ← on the slider, polled until the slider shows the new
order of magnitude (the cost of the event loop, a key binding and a refresh), so
the ratio shows what the measurement adds. The measurement goes to the app's lab
worker process (as in the app: torch never loads in the UI process), warmed up first.

Target: key press to measured value ≤ 0.5 s warm, median.
Exit status 1 when missed.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["TEXTUAL_ANIMATIONS"] = "none"

from textual.widgets import Static  # noqa: E402

COURSE = ROOT / "tests" / "items" / "course"
TARGET_S = 0.5
ROUNDS = 7
ITEM = "predict-sigmoid-ratio"


async def _until(pilot: object, done: object, timeout: float = 10.0) -> float:
    start = time.perf_counter()
    while not done():  # type: ignore[operator]
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the measured value never appeared")
        await asyncio.sleep(0.002)
    return time.perf_counter() - start


async def main() -> int:
    from tutor.ui.sessions import TopicSession

    from tutor.cli.app import open_service
    from tutor.ui import lab_bridge
    from tutor.ui.app import TutorApp

    lab = lab_bridge.lab()
    lab.start()  # the worker process imports torch and warms up, as the app's does after its first paint
    while not lab.ready:
        time.sleep(0.05)
    with tempfile.TemporaryDirectory() as tmp:
        service = open_service(COURSE, str(Path(tmp) / "p.db"))
        service.set_setting("theme", "textual-dark")
        app = TutorApp(service)
        ours: list[float] = []
        base: list[float] = []
        async with app.run_test(size=(110, 44)) as pilot:
            await pilot.pause()
            for _ in range(ROUNDS + 1):  # the first round warms the screen's own imports
                session = TopicSession(service, "item-types", with_lesson=False)
                session.item_ids = [ITEM]
                app.start_session(session)
                await pilot.pause()
                screen = app.screen
                slider = screen.query_one("#predict-slider")
                t0 = time.perf_counter()
                app.simulate_key("left")
                await _until(pilot, lambda w=slider: "10^-10" in str(w.render()))
                base.append(time.perf_counter() - t0)
                measured = screen.query_one("#predict-measured", Static)
                t0 = time.perf_counter()
                app.simulate_key("enter")
                await _until(pilot, lambda w=measured: "e-" in str(w.render()))
                ours.append(time.perf_counter() - t0)
                await app.workers.wait_for_complete()
                await pilot.pause()
                app.pop_screen()
                await pilot.pause()
        service.close()
    lab_bridge.shutdown()
    ours, base = ours[1:], base[1:]
    m, b = statistics.median(ours), statistics.median(base)
    print(
        f"predict-then-run, key press to measured value (median of {ROUNDS}, warm): {m * 1000:.0f} ms"
    )
    print(f"baseline (a key press moving the slider, same screen):             {b * 1000:.0f} ms")
    print(
        f"ratio to baseline: {m / b:.1f}x; target ≤ {TARGET_S * 1000:.0f} ms: {'met' if m <= TARGET_S else 'MISSED'}"
    )
    return 0 if m <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
