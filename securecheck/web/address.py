"""Which addresses `securecheck serve` may listen on: loopback ones only (no heavy imports)."""

from __future__ import annotations

import ipaddress
import socket


def is_loopback(host: str) -> bool:
    """A literal loopback address (127.0.0.0/8, ::1) or the name localhost. No other name is
    looked up: a hosts file or DNS could point it anywhere."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.removeprefix("[").removesuffix("]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on a loopback address; port 0 takes a free one. OSError if taken."""
    address = "127.0.0.1" if host == "localhost" else host.removeprefix("[").removesuffix("]")
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.bind((address, port))
        sock.listen(16)
    except OSError:
        sock.close()
        raise
    return sock


def origin_of(sock: socket.socket) -> tuple[str, str]:
    """(http://host:port, host:port) of a bound socket, as a browser names it."""
    address, port = sock.getsockname()[:2]
    shown = f"[{address}]" if ":" in address else address
    return f"http://{shown}:{port}", f"{shown}:{port}"
