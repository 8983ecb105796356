"""`securecheck serve`: the app in a local browser, used as a person uses it."""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest
import yaml
from conftest import CANARY, Home, Run, new_home, securecheck_command
from fleet.browser import chromium, find_chromium, screen_text
from security.secscan import found_in, leaks_in_tree

Cli = Callable[..., Run]
CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium not installed (Debian packages: chromium chromium-driver)",
)


class Served:
    def __init__(self, proc: subprocess.Popen[bytes], url: str, lines: queue.Queue[bytes]):
        self.proc = proc
        self.url = url
        self.lines = lines

    @property
    def origin(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    def output(self) -> bytes:
        chunks = []
        while not self.lines.empty():
            chunks.append(self.lines.get())
        return b"".join(chunks)


@contextlib.contextmanager
def serving(env: dict[str, str], folder: Path) -> Iterator[Served]:
    """`securecheck serve` as a user starts it, until the block ends (then SIGTERM)."""
    answers = folder / "answers.yaml"
    proc = subprocess.Popen(
        [*securecheck_command(), "serve", "--no-browser", "--no-probes", "--answers", str(answers)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**env, "COLUMNS": "120"},
        cwd=folder,
        start_new_session=True,
    )
    lines: queue.Queue[bytes] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    try:
        first = lines.get(timeout=60)
    except queue.Empty:
        proc.kill()
        raise AssertionError("securecheck serve printed no address") from None
    url = first.decode().strip()
    try:
        yield Served(proc, url, lines)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture
def served(home: Home, tmp_path: Path) -> Iterator[Served]:
    """A server of this test's own, for a test that uses the app through it."""
    with serving(home.env, tmp_path) as server:
        yield server


# The tests that only knock at the server's door (each request is refused, or answered with
# the page, and starts no app) share one server, on one worker: a start is ~0.3 s of CPU.
AT_THE_DOOR = pytest.mark.xdist_group("serve-door")


@pytest.fixture(scope="module")
def door(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("serve-door")
    with serving(new_home(folder / "home").env, folder) as server:
        yield server


def status_of(url: str, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@AT_THE_DOOR
def test_serve_prints_a_loopback_address_with_a_token(door: Served) -> None:
    parts = urlsplit(door.url)
    assert parts.scheme == "http" and parts.hostname == "127.0.0.1" and parts.port
    token = parts.path.strip("/")
    assert len(token) >= 40 and "/" not in token
    assert status_of(door.url) == 200


@AT_THE_DOOR
def test_requests_without_the_token_are_refused(door: Served) -> None:
    token = urlsplit(door.url).path.strip("/")
    assert status_of(door.origin + "/") == 403
    assert status_of(door.origin + "/ws") == 403
    assert status_of(door.origin + "/static/js/textual.js") == 403
    assert status_of(f"{door.origin}/{token[:-1]}x/") == 403
    assert status_of(f"{door.origin}/{token}/static/js/textual.js") == 200


@AT_THE_DOOR
def test_another_sites_name_or_origin_is_refused(door: Served) -> None:
    # DNS rebinding: a page of another site reaching this port under its own name.
    assert status_of(door.url, {"Host": "attacker.example"}) == 403

    async def connect(origin: str | None) -> int:
        headers = {"Origin": origin} if origin else {}
        async with aiohttp.ClientSession() as session:
            try:
                async with session.ws_connect(door.url + "ws", headers=headers) as ws:
                    await ws.close()
                    return 101
            except aiohttp.WSServerHandshakeError as error:
                return error.status

    assert asyncio.run(connect("http://attacker.example")) == 403
    assert asyncio.run(connect(None)) == 403


@AT_THE_DOOR
@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's socket table")
def test_the_server_listens_on_loopback_only(door: Served) -> None:
    port = urlsplit(door.url).port
    assert port is not None
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.split(":")
            if int(hex_port, 16) == port and state == "0A":  # LISTEN
                listening.append(address)
    assert listening == ["0100007F"]  # 127.0.0.1, little-endian; nothing on 0.0.0.0 or ::


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "example.com"])
def test_a_non_loopback_host_is_refused(cli: Cli, host: str) -> None:
    run = cli("serve", "--no-browser", "--host", host)
    assert run.code == 2 and run.stdout == ""
    assert "loopback address only" in run.stderr


@AT_THE_DOOR
def test_a_taken_port_is_a_clear_error(cli: Cli, door: Served) -> None:
    port = str(urlsplit(door.url).port)
    run = cli("serve", "--no-browser", "--port", port)
    assert run.code == 2 and run.stdout == "" and "cannot listen on 127.0.0.1 port" in run.stderr


@needs_chromium
def test_a_person_in_a_browser_sees_the_score_and_answers_a_question(
    served: Served, home: Home, tmp_path: Path
) -> None:
    assert CHROMIUM is not None
    answers = tmp_path / "answers.yaml"
    shot = tmp_path / "serve-checklist.png"

    async def use_it() -> str:
        async with chromium(CHROMIUM, tmp_path / "profile") as page:
            await page.send("Page.navigate", url=served.url)
            await page.wait_for_text("Score", "Grade", "Coverage")
            await asyncio.sleep(1)  # let the last frames paint before the picture
            await page.screenshot(shot)
            await page.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
            before = len(page.frames)
            await page.press("g")  # guided mode: the most valuable question first
            deadline = time.monotonic() + 180  # a safety net for a loaded machine
            while "1 " not in screen_text(page.frames[before:]) and time.monotonic() < deadline:
                await asyncio.sleep(0.25)
            await page.press("1")  # its first choice
            deadline = time.monotonic() + 180  # a safety net for a loaded machine
            while not answers.exists() and time.monotonic() < deadline:
                await asyncio.sleep(0.25)
            await page.press("Escape")
            return screen_text(page.frames)

    shown = asyncio.run(use_it())
    assert shot.stat().st_size > 10_000  # a picture of the checklist, not a blank page
    assert "Score" in shown
    saved = yaml.safe_load(answers.read_text())
    assert len(saved["answers"]) == 1, saved  # the key press answered one question


@needs_chromium
def test_the_password_typed_in_the_browser_is_masked_and_written_nowhere(
    served: Served, home: Home, tmp_path: Path
) -> None:
    assert CHROMIUM is not None

    async def type_password() -> list[bytes]:
        async with chromium(CHROMIUM, tmp_path / "profile") as page:
            await page.send("Page.navigate", url=served.url)
            await page.wait_for_text("Score")
            await page.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
            await page.press("p")
            await page.wait_for_text("Type or paste the password")
            await asyncio.sleep(1)
            await page.send("Input.insertText", text=CANARY)
            await page.wait_for_text("•" * 8)  # the field shows bullets as it is typed
            await page.press("Escape")
            await asyncio.sleep(1)
            return page.frames

    frames = asyncio.run(type_password())
    assert found_in(b"".join(frames), CANARY) == []  # the page never got it back
    assert found_in(served.output(), CANARY) == []  # nor did the server print it
    # Nor any file: the home, the answers, the app's working directory, the browser profile.
    assert leaks_in_tree([home.root, tmp_path], CANARY) == {}
