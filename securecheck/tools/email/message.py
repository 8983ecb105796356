"""What an .eml file says about itself: sender, Authentication-Results, links, body text.

Parsed with the standard library (`email`, policy.default), never the network. Pure: the
judging is in `judge`. Everything read here is untrusted text (it comes from whoever sent the
mail) and is shown inert by the faces.

Authentication-Results (RFC 8601) are kept in header order: the top-most one was added last,
by the user's own provider; anything below it was already in the message when it arrived, so
the sender could have written it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses
from html.parser import HTMLParser
from pathlib import Path

from securecheck.core.errors import UsageError
from securecheck.core.inert import inert

MAX_EML_BYTES = 50 * 1024 * 1024  # providers cap a message at 25-50 MB


@dataclass(frozen=True)
class AuthResult:
    method: str  # dkim, spf, dmarc, arc, ...
    result: str  # pass, fail, softfail, none, neutral, temperror, permerror, policy
    props: tuple[tuple[str, str], ...] = ()  # ("header.d", "okx.com"), ("smtp.mailfrom", ...)

    def prop(self, name: str) -> str | None:
        return next((v for k, v in self.props if k == name), None)


@dataclass(frozen=True)
class AuthHeader:
    authserv_id: str
    results: tuple[AuthResult, ...]


@dataclass(frozen=True)
class Link:
    target: str  # the href (or the URL in plain text)
    shown: str  # the link text a reader sees ("" for a URL in plain text)


@dataclass(frozen=True)
class Mail:
    from_name: str
    from_address: str
    from_domain: str
    n_from: int  # how many From addresses (a message must have exactly one)
    auth: tuple[AuthHeader, ...]  # top-most first
    links: tuple[Link, ...]
    text: str  # every text part, and the HTML parts' visible text
    defects: tuple[str, ...] = field(default=())


# --- Authentication-Results --------------------------------------------------------------------


def _strip_comments(value: str) -> str:
    """RFC 5322 comments (nested parentheses) removed; quoted strings kept."""
    out, depth, quoted = [], 0, False
    for ch in value:
        if ch == '"' and depth == 0:
            quoted = not quoted
        if not quoted and ch == "(":
            depth += 1
            continue
        if not quoted and ch == ")" and depth:
            depth -= 1
            continue
        if depth == 0:
            out.append(ch)
    return "".join(out)


_RESULT = re.compile(r"^\s*([a-z0-9_-]+)(?:/[0-9]+)?\s*=\s*([a-z0-9_-]+)", re.I)
_PROP = re.compile(r'([a-z0-9_-]+\.[a-z0-9_-]+)\s*=\s*("[^"]*"|[^\s;]+)', re.I)


def parse_auth_results(value: str) -> AuthHeader:
    """One Authentication-Results header value: `authserv-id; method=result props; ...`."""
    parts = [p.strip() for p in _strip_comments(value).split(";")]
    first = parts[0].split()[0] if parts and parts[0].split() else ""
    # Microsoft's servers leave the authserv-id out and start with the first result.
    authserv = "" if "=" in first else first.lower()
    results = []
    for part in parts if "=" in first else parts[1:]:
        m = _RESULT.match(part)
        if m is None:  # "none" (no checks) or a token we do not know
            continue
        props = tuple((k.lower(), v.strip('"').lower()) for k, v in _PROP.findall(part[m.end() :]))
        results.append(AuthResult(m[1].lower(), m[2].lower(), props))
    return AuthHeader(authserv, tuple(results))


# --- links and text ----------------------------------------------------------------------------


class _Html(HTMLParser):
    """Links (href and the text shown for it) and the visible text of an HTML part."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self.text: list[str] = []
        self._href: str | None = None
        self._shown: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self._skip += 1
        if tag in ("a", "area"):
            href = dict(attrs).get("href")
            if href is not None:
                self._close()
                self._href, self._shown = href.strip(), []
        elif tag == "form":  # a form posts the reader's input somewhere: a link too
            action = dict(attrs).get("action")
            if action:
                self.links.append(Link(action.strip(), ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head") and self._skip:
            self._skip -= 1
        if tag in ("a", "area"):
            self._close()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._href is not None:
            self._shown.append(data)

    def _close(self) -> None:
        if self._href is not None:
            self.links.append(Link(self._href, " ".join("".join(self._shown).split())))
        self._href, self._shown = None, []

    def close(self) -> None:
        super().close()
        self._close()


_URL = re.compile(r"""(?i)\b(?:https?://|www\.)[^\s<>"'()\[\]]+""")


def _plain_links(text: str) -> list[Link]:
    return [Link(m[0].rstrip(".,;:!?"), "") for m in _URL.finditer(text)]


def _parts(msg: EmailMessage) -> tuple[list[str], list[Link]]:
    texts: list[str] = []
    links: list[Link] = []
    for part in msg.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        kind = part.get_content_type()
        if kind not in ("text/plain", "text/html"):
            continue
        try:
            content = part.get_content()
        except (LookupError, ValueError, AssertionError):  # an unknown charset, a broken part
            payload = part.get_payload(decode=True)
            content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
        if not isinstance(content, str):
            continue
        if kind == "text/html":
            html = _Html()
            html.feed(content)
            html.close()
            texts.append(" ".join(html.text))
            links += html.links
        else:
            texts.append(content)
            links += _plain_links(content)
    return texts, links


# --- the message ------------------------------------------------------------------------------


def parse_mail(data: bytes) -> Mail:
    """The facts of one message; UsageError when it is not an e-mail at all."""
    msg = BytesParser(policy=policy.default).parsebytes(data)
    if not isinstance(msg, EmailMessage) or not msg.keys():
        raise UsageError("not an e-mail message (no headers)")
    raw_from = [str(v) for v in msg.get_all("From", [])]
    if not raw_from and "Received" not in msg and "Subject" not in msg:
        raise UsageError("not an e-mail message (no From, Subject or Received header)")
    addresses = [(name, addr) for name, addr in getaddresses(raw_from) if addr or name]
    name, address = addresses[0] if addresses else ("", "")
    domain = address.rpartition("@")[2].strip().strip(">").lower() if "@" in address else ""
    auth = tuple(parse_auth_results(str(v)) for v in msg.get_all("Authentication-Results", []))
    texts, links = _parts(msg)
    return Mail(
        from_name=name,
        from_address=address,
        from_domain=domain,
        n_from=len(addresses),
        auth=auth,
        links=tuple(links),
        text="\n".join(texts),
        defects=tuple(type(d).__name__ for d in msg.defects),
    )


def read_mail(path: Path) -> Mail:
    """Read and parse an .eml file; UsageError (exit 2) when it cannot be read."""
    shown = inert(str(path))
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_EML_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_EML_BYTES:
        raise UsageError(f"{shown}: larger than {MAX_EML_BYTES // (1024 * 1024)} MB")
    if not data.strip():
        raise UsageError(f"{shown}: the file is empty")
    try:
        return parse_mail(data)
    except UsageError as exc:
        raise UsageError(f"{shown}: {exc}") from None
