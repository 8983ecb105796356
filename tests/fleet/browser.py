"""A headless Chromium driven over the DevTools protocol: what a person does in a browser.

Launched with the flags that work in this sandbox, on a new empty profile; the DevTools
port is a free one Chromium picks and writes to DevToolsActivePort in the profile. The
client speaks the protocol over aiohttp's websocket client (aiohttp comes with
textual-serve), so the tests need no browser-automation package.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import re
import shutil
import subprocess
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-B]")


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def screen_text(frames: list[bytes]) -> str:
    """What the app sent, as text: escape sequences removed, cells joined."""
    return ANSI.sub(b"", b"".join(frames)).decode("utf-8", "replace")


class Page:
    """One tab: commands by name, events collected; websocket frames the page receives."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.next_id = 0
        self.pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.frames: list[bytes] = []
        self.reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self.pending:
                self.pending.pop(data["id"]).set_result(data)
            elif data.get("method") == "Network.webSocketFrameReceived":
                response = data["params"]["response"]
                payload = response["payloadData"]
                raw = base64.b64decode(payload) if response["opcode"] == 2 else payload.encode()
                self.frames.append(raw)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        await self.ws.send_str(json.dumps({"id": self.next_id, "method": method, "params": params}))
        reply = await asyncio.wait_for(future, 60)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    async def evaluate(self, expression: str) -> Any:
        reply = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return reply.get("result", {}).get("value")

    async def wait_for_text(self, *needles: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = screen_text(self.frames)
            if all(n in text for n in needles):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"{needles} never appeared; the screen had: {text[-2000:]!r}")
            await asyncio.sleep(0.25)

    async def press(self, key: str) -> None:
        """One key as a keyboard sends it: keydown with its text, then keyup."""
        special = {"Escape": 27, "Enter": 13}
        if key in special:
            common = {"key": key, "code": key, "windowsVirtualKeyCode": special[key]}
            await self.send("Input.dispatchKeyEvent", type="rawKeyDown", **common)
            if key == "Enter":
                await self.send("Input.dispatchKeyEvent", type="char", text="\r", **common)
        else:
            code = f"Key{key.upper()}" if key.isalpha() else f"Digit{key}"
            common = {"key": key, "code": code, "windowsVirtualKeyCode": ord(key.upper())}
            await self.send("Input.dispatchKeyEvent", type="keyDown", text=key, **common)
        await self.send("Input.dispatchKeyEvent", type="keyUp", **common)

    async def screenshot(self, path: Path) -> Path:
        shot = await self.send("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


@contextlib.asynccontextmanager
async def chromium(executable: str, profile: Path) -> AsyncIterator[Page]:
    """A headless Chromium on a new empty profile, and its first tab."""
    profile.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        [
            executable,
            *FLAGS,
            f"--user-data-dir={profile}",
            "--remote-debugging-port=0",
            "--window-size=1280,800",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 90
        while not (port_file.exists() and port_file.read_text().strip()):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("chromium did not start its DevTools endpoint")
            await asyncio.sleep(0.2)
        port = port_file.read_text().split()[0]
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/json/list") as listing:
                targets = await listing.json()
            target = next(t for t in targets if t["type"] == "page")
            async with session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                page = Page(ws)
                for domain in ("Page", "Runtime", "Network"):
                    await page.send(f"{domain}.enable")
                yield page
                page.reader.cancel()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
