"""E-mails built for the check-email tests: a genuine exchange mail and its forgeries.

`make_mail()` gives the genuine one (From okx.com, the provider's Authentication-Results on
top with an aligned DKIM pass, links to okx.com, the anti-phishing code in the body); each
keyword changes one thing, as a phisher would.
"""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

CODE = "Zq7-canary-4411"  # the user's anti-phishing code in these mails
PROVIDER_AR = (
    "mx.google.com; dkim=pass header.i=@okx.com header.s=s1 header.b=AbCd; "
    "spf=pass (google.com: domain of noreply@mail.okx.com designates 192.0.2.1 as permitted "
    "sender) smtp.mailfrom=noreply@mail.okx.com; dmarc=pass (p=REJECT) header.from=okx.com"
)


def make_mail(
    *,
    sender: str = "OKX <noreply@okx.com>",
    provider_ar: str | None = PROVIDER_AR,
    forged_ar_below: str | None = None,
    links: tuple[tuple[str, str], ...] = (("https://www.okx.com/account/security", "Security"),),
    code: str | None = CODE,
    plain_url: str = "https://www.okx.com/support",
) -> bytes:
    msg = EmailMessage()
    if provider_ar is not None:  # the top-most: added last, by the user's own provider
        msg["Authentication-Results"] = provider_ar
    msg["Received"] = "from mail.okx.com (mail.okx.com [192.0.2.1]) by mx.google.com"
    if forged_ar_below is not None:  # already in the message when it arrived
        msg["Authentication-Results"] = forged_ar_below
    msg["DKIM-Signature"] = "v=1; a=rsa-sha256; d=okx.com; s=s1; b=AbCd"
    msg["From"] = sender
    msg["To"] = "user@example.com"
    msg["Subject"] = "Security notice"
    code_line = f"Your anti-phishing code: {code}\n" if code else ""
    msg.set_content(f"Hello,\n{code_line}Help: {plain_url}\n")
    anchors = "".join(f'<p><a href="{href}">{text}</a></p>' for href, text in links)
    code_html = f"<p>Anti-phishing code: <b>{code}</b></p>" if code else ""
    msg.add_alternative(
        f"<html><body><p>Hello,</p>{code_html}{anchors}</body></html>", subtype="html"
    )
    return bytes(msg)


def write_mail(folder: Path, name: str = "mail.eml", **changes: object) -> Path:
    path = folder / name
    path.write_bytes(make_mail(**changes))  # type: ignore[arg-type]
    return path
