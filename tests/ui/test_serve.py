"""tutor serve: the app in headless Chromium through textual-serve, answering one question.

The browser is driven over the Chrome DevTools Protocol (aiohttp, which
textual-serve already needs, speaks its websocket). The answer is checked where
it matters: in the progress database the served app wrote. Skipped when
Chromium is not installed (``.ci/run`` installs Debian's package).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tutor.errors import UserError

COURSE = Path(__file__).parent / "course"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_port(port: int, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


def _answers(db: Path) -> list[tuple[str, dict]]:
    from tutor.learner.store import ProgressStore

    store = ProgressStore(db)
    try:
        return [(e.item_id or "", e.payload) for e in store.events() if e.kind == "answer"]
    finally:
        store.close()


class Browser:
    """Just enough of the DevTools protocol: navigate, click, type a key."""

    def __init__(self, ws) -> None:  # type: ignore[no-untyped-def]
        self.ws = ws
        self.next_id = 0

    async def call(self, method: str, **params: object) -> dict:
        self.next_id += 1
        await self.ws.send_json({"id": self.next_id, "method": method, "params": params})
        while True:
            message = json.loads((await self.ws.receive()).data)
            if message.get("id") == self.next_id:
                return message

    async def key(self, key: str) -> None:
        if key == "enter":
            name, text, code = "Enter", "\r", 13
        else:
            name, text, code = key, key, ord(key.upper())
        await self.call(
            "Input.dispatchKeyEvent",
            type="keyDown",
            key=name,
            text=text,
            windowsVirtualKeyCode=code,
        )
        await self.call(
            "Input.dispatchKeyEvent", type="keyUp", key=name, windowsVirtualKeyCode=code
        )

    async def click(self, x: int, y: int) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            await self.call(
                "Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1
            )


def test_serve_refuses_a_bad_port(capsys: pytest.CaptureFixture[str]) -> None:
    from tutor.cli import main

    assert main(["serve", "--port", "0"]) != 0
    assert "--port must be between 1 and 65535" in capsys.readouterr().err


def test_serve_command_runs_this_python_on_the_given_course() -> None:
    from tutor.ui.serve import app_command

    command = app_command(["--content", "/a b/c", "--db", "p.db"])
    assert command.startswith(sys.executable) and "-m tutor --content '/a b/c' --db p.db" in command
    assert UserError  # the module imports without textual-serve's server


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_served_app_answers_a_question_in_headless_chromium(tmp_path: Path) -> None:
    from tutor.learner.store import ProgressStore

    db = tmp_path / "progress.db"
    store = ProgressStore(db)
    store.append(
        "setting", "2026-01-05T12:00:00+00:00", payload={"key": "theme", "value": "textual-dark"}
    )
    store.close()  # one event: the app opens on the map, not the welcome
    port, debug_port = _free_port(), _free_port()
    env = os.environ | {"PYTHONPATH": str(Path(__file__).parents[2])}
    server = subprocess.Popen(
        [sys.executable, "-m", "tutor", "serve", "--content", str(COURSE), "--db", str(db)]
        + ["--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    browser = subprocess.Popen(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"]
        + [f"--remote-debugging-port={debug_port}", "--window-size=1200,800", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port)
        _wait_for_port(debug_port)
        asyncio.run(_answer_in_browser(f"http://localhost:{port}/", debug_port, db))
    finally:
        browser.terminate()
        server.terminate()
        browser.wait(10)
        server.wait(10)
    (item, payload), *_ = _answers(db)
    assert item == "addition-q1" and payload["response"] == "b" and payload["correct"] is True


async def _answer_in_browser(url: str, debug_port: int, db: Path) -> None:
    import aiohttp

    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{debug_port}/json/list") as response:
            pages = [t for t in await response.json() if t["type"] == "page"]
        async with http.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            browser = Browser(ws)
            await browser.call("Page.navigate", url=url)
            await _until(lambda: _terminal_ready(browser), "the served app never appeared")
            await browser.click(600, 400)
            for key in ("l", "enter"):  # the highlighted topic's lesson, then practise it
                await browser.key(key)
                await asyncio.sleep(1.5)
            await browser.key("2")  # "7": right
            await _until(lambda: _async(bool(_answers(db))), "no answer reached the database")


async def _async(value: bool) -> bool:
    return value


async def _terminal_ready(browser: Browser) -> bool:
    reply = await browser.call(
        "Runtime.evaluate",
        expression="!!document.querySelector('.xterm, .textual-terminal, canvas')",
        returnByValue=True,
    )
    ready = bool(reply.get("result", {}).get("result", {}).get("value"))
    if ready:
        await asyncio.sleep(3)  # the app process starts and paints its first screen
    return ready


async def _until(check, message: str, timeout: float = 40.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if await check():
            return
        await asyncio.sleep(0.3)
    raise AssertionError(message)
