"""The opt-in online breach check: Have I Been Pwned's k-anonymity range API.

Only when the user asked for it (`--breaches-online`, or the saved setting the app shows).
One GET of `BASE + the first 5 hex characters of the SHA-1`; the answer lists every suffix in
that bucket (about a thousand), and the match is found here, so the service never learns which
one we wanted. `Add-Padding: true` makes every answer about the same size (padding rows have a
count of 0 and are dropped). TLS is verified with the system's trust store; 5 s timeout; no
redirect is followed, no cookie kept, nothing cached. Any failure is UNKNOWN with the reason.

The standard library does this in a few lines (urllib with `ssl.create_default_context()`); a
third-party HTTP client would add a dependency and its own proxy and retry behaviour to audit.
"""

from __future__ import annotations

import http.client
import re
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from typing import IO, Any

from securecheck import __version__
from securecheck.core.inert import inert
from securecheck.i18n import _
from securecheck.password.breaches import BreachVerdict, PasswordHash, absent, found, unknown

# Where the range API is and which addresses are allowed: a light module, so the command line
# can check --breaches-api without loading http, ssl and email (re-exported for callers).
from securecheck.password.range_api import DEFAULT_API as DEFAULT_API
from securecheck.password.range_api import check_api_url as check_api_url
from securecheck.password.range_api import is_loopback

TIMEOUT_S = 5.0
MAX_ANSWER_BYTES = 4 * 1024 * 1024  # a padded bucket is ~30-40 KiB
MAX_REASON_CHARS = 200
_ROW = re.compile(rb"([0-9A-Fa-f]{35}):([0-9]+)")


class OnlineFailure(Exception):
    """The range API gave no usable answer; `reason` is fit to show (no hash in it)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is an answer we do not use: the request goes nowhere else


def _opener(url: str) -> urllib.request.OpenerDirector:
    host = urllib.parse.urlsplit(url).hostname or ""
    # The user's proxy settings apply on the way out; a loopback server is reached directly.
    proxies = (
        urllib.request.ProxyHandler({}) if is_loopback(host) else urllib.request.ProxyHandler()
    )
    return urllib.request.build_opener(
        proxies,
        urllib.request.HTTPSHandler(context=ssl.create_default_context()),
        _NoRedirect(),
    )


def fetch_range(prefix: str, base_url: str = DEFAULT_API, timeout: float = TIMEOUT_S) -> bytes:
    """The raw answer for one 5-character prefix; OnlineFailure with a reason otherwise."""
    if not re.fullmatch(r"[0-9A-F]{5}", prefix):
        raise ValueError("a range prefix is 5 upper-case hex characters")
    url = check_api_url(base_url) + prefix
    request = urllib.request.Request(
        url,
        headers={"Add-Padding": "true", "User-Agent": f"securecheck/{__version__}"},
        method="GET",
    )
    try:
        with _opener(url).open(request, timeout=timeout) as answer:
            if answer.status != 200:
                raise OnlineFailure(f"HTTP {answer.status}")
            stream: IO[bytes] = answer
            body = stream.read(MAX_ANSWER_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise OnlineFailure(f"HTTP {exc.code}") from None
    except urllib.error.URLError as exc:
        raise OnlineFailure(_reason(exc.reason)) from None
    except TimeoutError:
        raise OnlineFailure(f"no answer within {timeout:g} s") from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise OnlineFailure(_reason(exc)) from None
    if len(body) > MAX_ANSWER_BYTES:
        raise OnlineFailure("the answer is too large to be a range")
    return body


def _reason(error: object) -> str:
    if isinstance(error, ssl.SSLCertVerificationError):
        text = f"the TLS certificate could not be verified ({error.verify_message})"
    elif isinstance(error, TimeoutError | socket.timeout):
        text = "no answer in time"
    elif isinstance(error, OSError) and error.strerror:
        text = error.strerror
    else:
        text = str(error) or type(error).__name__
    return inert(text)[:MAX_REASON_CHARS]


def count_in_range(body: bytes, suffix: bytes) -> int:
    """The count of `suffix` in a range answer (0 when absent); padding rows (0) drop out."""
    total = 0
    rows = 0
    for raw in body.split(b"\n"):
        line = raw.strip()
        if not line:
            continue
        row = _ROW.fullmatch(line)
        if row is None:
            raise OnlineFailure("the answer is not a list of SUFFIX:COUNT lines")
        rows += 1
        count = int(row.group(2))
        if count > 0 and row.group(1).upper() == suffix:
            total = count
    if rows == 0:
        raise OnlineFailure("the answer is empty")
    return total


def check_online(digest: PasswordHash, base_url: str = DEFAULT_API) -> BreachVerdict:
    try:
        count = count_in_range(fetch_range(digest.range_prefix(), base_url), digest.range_suffix())
    except OnlineFailure as failure:
        return unknown(_("the online breach check failed: {reason}", reason=failure.reason))
    return found(count, "online") if count else absent("online")
