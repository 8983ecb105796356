"""The browser face: textual-serve's Server, closed to everyone but the local user.

textual-serve routes `/`, `/ws`, `/static`, `/download/{key}` and serves any client that
reaches its port. Here every route lives under `/<token>/`, a middleware refuses (403) a
request whose first path segment is not the token, whose peer is not loopback, whose Host
header is not this server's own address, or, for the websocket, whose Origin is another
site; responses say no-referrer and no-store, so the token stays out of other sites and
caches. Its logging (Rich tracebacks with local variables, which could show keystrokes) and
its banner are replaced; aiohttp's access log (which would print the token) is off.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import secrets
import signal
import socket
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server

from securecheck.web.address import is_loopback, origin_of

TEMPLATES = Path(__file__).parent / "templates"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class TokenServer(Server):
    """textual-serve's Server behind a token, for one user on this machine."""

    def __init__(self, command: str, sock: socket.socket, *, title: str) -> None:
        self.sock = sock
        self.token = secrets.token_urlsafe(32)
        public_url, self.host_port = origin_of(sock)
        address, port = sock.getsockname()[:2]
        super().__init__(
            command,
            host=address,
            port=port,
            title=title,
            public_url=public_url,
            templates_path=TEMPLATES,
        )
        # What a browser on this machine sends as Host (and Origin) for this server.
        aliases = {f"localhost:{port}"} if address == "127.0.0.1" else set()
        self.allowed_hosts = frozenset({self.host_port, *aliases})
        self.allowed_origins = frozenset(f"http://{host}" for host in self.allowed_hosts)

    @property
    def url(self) -> str:
        return f"{self.public_url}/{self.token}/"

    # --- what textual-serve does, narrowed -------------------------------------------------

    def initialize_logging(self) -> None:
        """The CLI's logging (stderr, plain tracebacks without local variables) stays."""

    async def on_startup(self, app: web.Application) -> None:
        """No banner: the CLI printed the URL."""

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        aiohttp_jinja2.setup(
            app, loader=jinja2.FileSystemLoader(self.templates_path), autoescape=True
        )
        prefix = f"/{self.token}"
        app.add_routes(
            [
                web.get(f"{prefix}/", self.handle_index, name="index"),
                web.get(f"{prefix}/ws", self.handle_websocket, name="websocket"),
                web.get(f"{prefix}/download/{{key}}", self.handle_download, name="download"),
                web.static(f"{prefix}/static", self.statics_path, name="static"),
            ]
        )
        app.on_response_prepare.append(self._private_headers)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not is_loopback(request.remote or ""):
            raise web.HTTPForbidden(text="securecheck serve answers this machine only\n")
        if request.host not in self.allowed_hosts:
            raise web.HTTPForbidden(text="unexpected Host\n")
        segment = request.rel_url.path.split("/", 2)[1] if request.rel_url.path != "/" else ""
        if not hmac.compare_digest(segment.encode(), self.token.encode()):
            raise web.HTTPForbidden(text="open the address securecheck serve printed\n")
        if request.rel_url.path == f"/{self.token}":
            raise web.HTTPFound(f"/{self.token}/")
        is_websocket = request.rel_url.path == f"/{self.token}/ws"
        if is_websocket and request.headers.get("Origin") not in self.allowed_origins:
            raise web.HTTPForbidden(text="unexpected Origin\n")
        return await handler(request)

    async def _private_headers(self, request: web.Request, response: web.StreamResponse) -> None:
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        ws = self.public_url.replace("http://", "ws://", 1)
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self' 'unsafe-inline'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
            f"connect-src 'self' {ws}; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
        )

    def serve(self, debug: bool = False) -> None:
        """Until Ctrl+C or SIGTERM; each browser tab gets its own app process."""
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for signum in (signal.SIGINT, signal.SIGTERM):
            # Windows has no add_signal_handler; there Ctrl+C raises KeyboardInterrupt.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self.request_exit)
        web.run_app(
            self._make_app(),
            sock=self.sock,
            handle_signals=False,
            loop=loop,
            print=None,
            access_log=None,
        )
