"""Is this e-mail really from the exchange? genuine, suspicious or forged, with reasons.

What each verdict needs:
- *genuine*: the From domain is an official domain of a listed brand; the top-most
  Authentication-Results header (added by the user's own provider) says dkim=pass for a
  signature whose header.d is aligned with it (the same registrable domain, Public Suffix
  List), and SPF and DMARC pass where that header reports them; every link leads to an
  official domain; and the user's anti-phishing code is in the body (unless skipped, which is
  said).
- *forged*: something shows it is not from the exchange: a look-alike sender domain, a brand
  named only in the display name, DKIM or DMARC failing for an official sender, a link to a
  look-alike, a link whose text shows an official domain but leads elsewhere.
- *suspicious*: anything else short of genuine, including what cannot be seen (no
  Authentication-Results, a link to a site securecheck does not know, a missing code).

Authentication-Results below the top-most one are ignored: the sender can write them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from securecheck.i18n import Localized, _, ngettext
from securecheck.tools.email.message import AuthHeader, AuthResult, Mail
from securecheck.tools.site.letters import load_data, public_suffixes
from securecheck.tools.site.lookalike import SiteKind, check_site

EmailKind = Literal["genuine", "suspicious", "forged"]
Severity = Literal["ok", "note", "suspicious", "forged"]
_RANK: dict[Severity, int] = {"forged": 0, "suspicious": 1, "note": 2, "ok": 3}


@dataclass(frozen=True)
class Finding:
    severity: Severity
    text: Localized


@dataclass(frozen=True)
class LinkVerdict:
    host: str
    kind: SiteKind
    brand: str | None


@dataclass(frozen=True)
class EmailVerdict:
    kind: EmailKind
    from_domain: str
    brand: str | None  # the brand the sender's domain belongs to or imitates
    findings: tuple[Finding, ...]  # the worst first
    links: tuple[LinkVerdict, ...]
    code_checked: bool


def org_domain(host: str) -> str:
    """The registrable domain (DMARC's organizational domain) of a host name."""
    host = host.strip(".").lower()
    return public_suffixes().privatesuffix(host) or host


def _aligned(a: str, b: str) -> bool:
    return bool(a) and bool(b) and org_domain(a) == org_domain(b)


def _brand_in_name(name: str) -> str | None:
    """A listed brand named in the display name ("OKX Support", "Binance 客服", "okx.com")."""
    low = name.lower()
    words = re.findall(r"[a-z0-9]+", low)
    d = load_data()
    for brand in d.brands:
        if any(domain in low for domain in brand.domains):
            return brand.name
        if brand.common:  # "Chase Smith" is a person; "Chase Support" is not
            if brand.label in words and any(w in d.lure for w in words if w != brand.label):
                return brand.name
        elif brand.label in words or any(len(brand.label) >= 5 and brand.label in w for w in words):
            return brand.name
    return None


def _sender(mail: Mail) -> tuple[list[Finding], str | None, bool]:
    """Findings about From; the brand; whether the domain is official."""
    out: list[Finding] = []
    if mail.n_from != 1 or not mail.from_domain:
        why = _("the message has no single sender address (From)")
        return [Finding("suspicious", why)], None, False
    site = check_site(mail.from_domain)
    domain = site.host or mail.from_domain
    named = _brand_in_name(mail.from_name)
    if site.kind == "official":
        ok = _("sent from {domain}, an official domain of {brand}", domain=domain, brand=site.brand)
        return [Finding("ok", ok)], site.brand, True
    if site.kind == "lookalike":
        fake = _(
            "the sender's domain {domain} imitates {official} ({brand})",
            domain=domain,
            official=site.official_domain,
            brand=site.brand,
        )
        return [Finding("forged", fake)], site.brand, False
    if named is not None:
        spoof = _(
            "the sender's name says '{name}' but the address is at {domain}, which is not "
            "{brand}'s: display-name spoofing",
            name=mail.from_name,
            domain=domain,
            brand=named,
        )
        return [Finding("forged", spoof)], named, False
    out.append(
        Finding(
            "suspicious",
            _("sent from {domain}, which is not a domain of any exchange securecheck knows",
              domain=domain),
        )
    )  # fmt: skip
    return out, None, False


UNNAMED_SERVER = _("your provider")


def _server(top: AuthHeader) -> str | Localized:
    """Who wrote the header: its authserv-id (Microsoft's servers leave it out)."""
    return top.authserv_id or UNNAMED_SERVER


def _auth(mail: Mail, official: bool) -> list[Finding]:
    if not mail.auth:
        why = _(
            "no Authentication-Results header: your provider's verdict on the sender is not "
            "in this file (save the message with all its headers), so it cannot be checked"
        )
        return [Finding("suspicious", why)]
    top: AuthHeader = mail.auth[0]
    out: list[Finding] = []
    below = len(mail.auth) - 1
    if below:
        out.append(
            Finding(
                "note",
                ngettext(
                    "{n} more Authentication-Results header below the top-most one (from "
                    "{server}) was ignored: it was in the message before it reached your "
                    "provider, so the sender could have written it",
                    "{n} more Authentication-Results headers below the top-most one (from "
                    "{server}) were ignored: they were in the message before it reached your "
                    "provider, so the sender could have written them",
                    below,
                    server=_server(top),
                ),
            )
        )
    strong: Severity = "forged" if official else "suspicious"
    dkim = [r for r in top.results if r.method == "dkim"]
    aligned = [r for r in dkim if r.result == "pass" and _aligned(_signer(r), mail.from_domain)]
    if aligned:
        out.append(
            Finding(
                "ok",
                _("DKIM signature verified by {server} for {domain}",
                  server=_server(top), domain=_signer(aligned[0])),
            )
        )  # fmt: skip
    elif any(r.result == "pass" for r in dkim):
        others = ", ".join(sorted({_signer(r) or "?" for r in dkim if r.result == "pass"}))
        out.append(
            Finding(
                strong,
                _("DKIM passed only for {signer}, not for the sender's domain {domain}",
                  signer=others, domain=mail.from_domain),
            )
        )  # fmt: skip
    else:
        result = dkim[0].result if dkim else "none"
        out.append(
            Finding(
                strong,
                _("your provider ({server}) found no valid DKIM signature (dkim={result})",
                  server=_server(top), result=result),
            )
        )  # fmt: skip
    for method in ("spf", "dmarc"):
        found = [r for r in top.results if r.method == method]
        if not found:
            continue
        result = found[0].result
        if result == "pass":
            out.append(Finding("ok", _("{method}=pass", method=method.upper())))
        else:
            severity: Severity = strong if method == "dmarc" else "suspicious"
            out.append(
                Finding(severity, _("{method}={result} at your provider",
                                    method=method.upper(), result=result))
            )  # fmt: skip
    return out


def _signer(result: AuthResult) -> str:
    d = result.prop("header.d")
    if d:
        return d
    i = result.prop("header.i") or ""
    return i.rpartition("@")[2]


_DOMAIN_IN_TEXT = re.compile(r"(?i)\b((?:[a-z0-9-]+\.)+[a-z]{2,24})\b")


def _links(mail: Mail) -> tuple[list[Finding], list[LinkVerdict]]:
    out: list[Finding] = []
    verdicts: list[LinkVerdict] = []
    seen: set[str] = set()
    told: set[tuple[str, str]] = set()
    for link in mail.links:
        target = link.target
        if not re.match(r"(?i)(https?:)?//|www\.", target):
            continue  # mailto:, tel:, #anchors, cid: images
        site = check_site(target)
        host = site.host or target
        shown_hosts = [m.lower() for m in _DOMAIN_IN_TEXT.findall(link.shown)]
        for shown in shown_hosts:
            if site.host and not _aligned(shown, site.host) and (shown, host) not in told:
                told.add((shown, host))
                claims = check_site(shown).kind == "official"
                out.append(
                    Finding(
                        "forged" if claims and site.kind != "official" else "suspicious",
                        _("a link shows {shown} but leads to {host}", shown=shown, host=host),
                    )
                )
        if host in seen:
            continue
        seen.add(host)
        verdicts.append(LinkVerdict(host, site.kind, site.brand))
        if site.kind == "lookalike":
            fake = _("a link leads to {host}, a look-alike of {official}",
                     host=host, official=site.official_domain)  # fmt: skip
            out.append(Finding("forged", fake))
        elif site.kind != "official":
            out.append(
                Finding(
                    "suspicious",
                    _("a link leads to {host}, which is not an official domain", host=host),
                )
            )
    if verdicts and all(v.kind == "official" for v in verdicts):
        n = len(verdicts)
        out.append(Finding("ok", _("every link leads to an official domain ({n})", n=n)))
    return out, verdicts


def _code(mail: Mail, code: str | None) -> list[Finding]:
    if code is None:
        return [Finding("note", _("anti-phishing code not checked (--no-code)"))]
    flat = " ".join(mail.text.split())
    if code in flat:
        return [Finding("ok", _("your anti-phishing code is in the message"))]
    missing = _(
        "your anti-phishing code is NOT in the message: the exchange puts it in every e-mail "
        "it sends you once you have set it"
    )
    return [Finding("suspicious", missing)]


def judge_mail(mail: Mail, code: str | None) -> EmailVerdict:
    """The verdict on a parsed message; `code` is the user's anti-phishing code (None: skip)."""
    findings, brand, official = _sender(mail)
    findings += _auth(mail, official)
    link_findings, links = _links(mail)
    findings += link_findings
    findings += _code(mail, code)
    ordered = tuple(sorted(findings, key=lambda f: _RANK[f.severity]))
    kind: EmailKind = (
        "forged"
        if any(f.severity == "forged" for f in ordered)
        else "suspicious"
        if any(f.severity == "suspicious" for f in ordered)
        else "genuine"
    )
    return EmailVerdict(kind, mail.from_domain, brand, ordered, tuple(links), code is not None)
