"""Look-alike domain checker: is this the exchange's official site, or one imitating it?

Pure: reads only shipped data (data/exchange_domains.yaml, data/lookalike.yaml, the Unicode
confusables and the Public Suffix List bundled by their packages), never the network. A host is
*official* when it is a listed domain or a subdomain of one. Otherwise it imitates a listed
brand (*lookalike*) when its registrable name (found with the Public Suffix List)
  - is the brand's name under another ending (okx.co, okx.com.cn),
  - reads as the brand once look-alike characters are mapped (UTS #39 skeletons: Cyrillic о,
    digit 0, "rn" for m), also when it came as punycode (xn--),
  - is the brand split by hyphens or dots (o-kx.com, o.kx.com),
  - holds the brand among other text (okx-support, myokxwallet; for brands that are ordinary
    words, gate or wise, only beside lure words),
  - is one edit away from the brand (okax, oxk, binnance: an added, missing, swapped or
    replaced letter; two edits for names of 8 letters or more); or when the brand, or a whole
    listed domain, sits in front of someone else's registrable name (okx.com.secure-login.io).
Otherwise it is *unrelated*, which says nothing about whether it is safe.

The measured catch and false-alarm rates are in bench/README.md (bench/bench_lookalike.py).
"""

from __future__ import annotations

import encodings.idna
import ipaddress
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote

import idna

from securecheck.i18n import Localized, Message, _
from securecheck.tools.site import letters
from securecheck.tools.site.letters import Brand, LookalikeData

SiteKind = Literal["official", "lookalike", "unrelated", "invalid"]


@dataclass(frozen=True)
class SiteVerdict:
    kind: SiteKind
    host: str  # normalised, unicode form ("" when none could be read)
    brand: str | None
    official_domain: str | None
    reasons: tuple[Localized, ...]


_data = letters.load_data  # the shipped tables, read once


# What the site check says; `{names}` are filled in by `_say`.
MESSAGES: Mapping[str, Message] = {
    "official": _(
        "{host} belongs to {domain}, an official domain of {brand} (securecheck's list of "
        "{captured})"
    ),
    "not_brand": _(
        "not a domain of {brand} that securecheck knows (the official one is {domain}): "
        "treat it as an imitation"
    ),
    "unrelated": _(
        "not a domain of any exchange, wallet or bank securecheck knows; that alone does "
        "not make it safe"
    ),
    "http": _(
        "uses http:// not https://: the connection is not encrypted and can be altered on "
        "the way; type https:// yourself"
    ),
    "userinfo": _(
        "everything before '@' ({userinfo}) is only a user name: the browser goes to "
        "{host}; a classic trick"
    ),
    "ip": _("IP address instead of a name: exchanges never ask you to log in at one"),
    "punycode": _("punycode (xn--) name that renders as {host}"),
    "idn": _("an international name; its real (punycode) form is {ascii}"),
    "mixed": _("mixes {scripts} letters in one name, a sign of imitation"),
    "script": _("uses {script} '{got}' ({code}) in place of Latin '{meant}'"),
    "digit": _("uses the digit '{got}' in place of the letter '{meant}'"),
    "looks": _("uses '{got}' in place of '{meant}'"),
    "glance": _("looks the same as {domain} at a glance"),
    "ending": _("a different ending: {reg} instead of {listed}"),
    "hyphen": _("splits the brand with a hyphen: {reg} is not {domain}"),
    "plural": _("the brand in the plural: {reg} is not {domain}"),
    "words": _("adds words or numbers to the brand: {reg} is not {domain}"),
    "replaced": _("one letter differs from {domain}: '{got}' instead of '{want}'"),
    "swapped": _("two letters of {domain} are swapped: '{got}' instead of '{want}'"),
    "doubled": _("a letter of {domain} is doubled ('{got}')"),
    "extra": _("one letter more than {domain} ('{got}')"),
    "missing": _("a letter of {domain} is missing ('{want}')"),
    "two": _("two letters differ from {domain}"),
    "subdomain": _("{shown} appears only as a subdomain of {reg}, which is the real site"),
    "dotted": _("splits the brand with a dot ({shown}): the real site is {reg}"),
    "followed": _("{domain} is followed by more text: the real site is {reg}"),
    "empty": _("no address given"),
    "hidden": _(
        "contains a blank or invisible character ({code}): a trick to hide the real name; "
        "type the address yourself"
    ),
    "scheme": _("not a web address ({scheme}:)"),
    "port": _("the port is not a number: {port}"),
    "host": _("not a valid host name"),
    "bad_idn": _("'{label}' is not a valid international (IDNA / punycode) name"),
    "chars": _("'{label}' has characters a host name cannot have"),
    "no_dot": _("not a full domain name (no dot)"),
    "ending_only": _("{host} is only a domain ending"),
}


def _say(key: str, **values: object) -> Localized:
    """One of MESSAGES with its {names} filled in."""
    return Message(MESSAGES[key].msgid, params=tuple(values.items()))


# --- what the letters say (reasons in words) ------------------------------------------------

SCRIPTS: Mapping[str, Message] = {
    "CYRILLIC": _("Cyrillic"),
    "GREEK": _("Greek"),
    "ARMENIAN": _("Armenian"),
}


def _sub_reason(got: str, meant: str) -> Localized:
    script = unicodedata.name(got, "?").split(" ")[0] if len(got) == 1 else ""
    if script in SCRIPTS:
        code = f"U+{ord(got):04X}"
        return _say("script", script=SCRIPTS[script], got=got, code=code, meant=meant)
    return _say("digit" if got.isdigit() else "looks", got=got, meant=meant)


def _mixed_scripts(label: str) -> set[str]:
    scripts = {unicodedata.name(c, "?").split(" ")[0] for c in label if c.isalpha()}
    return scripts if len(scripts & {"LATIN", *SCRIPTS}) >= 2 else set()


def _typo(a: str, b: str, brand: Brand) -> tuple[int, Localized] | None:
    """Whether `a` is one edit (two for long names) from the brand name `b`, and which."""
    domain = brand.domains[0]
    edit = letters.edit(a, b)
    if edit is None:
        far = len(b) >= 8 and not brand.common and letters.distance(a, b) == 2
        return (2, _say("two", domain=domain)) if far else None
    kind, _i, got, want = edit
    return 1, _say(kind, domain=domain, got=got, want=want)


# --- the parts of a name ----------------------------------------------------------------------

_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*)://", re.I)
_OTHER_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:(?!\d)", re.I)
_LABEL = re.compile(r"[a-z0-9_-]{1,63}")
_IPV4_LIKE = re.compile(r"0x[0-9a-f]*|\d+", re.I)  # browsers read a host ending so as IPv4
_DOTS = {0x3002: ".", 0xFF0E: ".", 0xFF61: "."}


def _bad(key: str, **values: object) -> SiteVerdict:
    return SiteVerdict("invalid", "", None, None, (_say(key, **values),))


def _split_url(text: str) -> tuple[str, str, str] | SiteVerdict:
    """(scheme, user info, host) of a URL or a bare host name."""
    s = text.strip()
    if not s:
        return _bad("empty")
    if hidden := _hidden(s):
        return hidden
    s = s.replace("[.]", ".").replace("(.)", ".")  # defanged links from security reports
    scheme = ""
    if m := _SCHEME.match(s):
        scheme = {"hxxp": "http", "hxxps": "https"}.get(m[1].lower(), m[1].lower())
        s = s[m.end() :]
    elif m := _OTHER_SCHEME.match(s):
        scheme = m[0].rstrip(":").lower()
    if scheme not in ("", "http", "https"):
        return _bad("scheme", scheme=scheme)
    # Browsers treat "\" as "/" in web addresses, and the host follows the last "@".
    authority = re.split(r"[/?#]", s.removeprefix("//").replace("\\", "/"), maxsplit=1)[0]
    userinfo, _, hostport = authority.rpartition("@")
    if hostport.startswith("["):
        host, _, port = hostport[1:].partition("]")
        port = port.removeprefix(":")
    else:
        host, _, port = hostport.partition(":")
    if port and not port.isdigit():
        return _bad("port", port=port)
    host = unquote(host)  # browsers decode %6f to o in a host name too
    return _hidden(host) or (scheme, userinfo, host)


def _hidden(s: str) -> SiteVerdict | None:
    for ch in s:
        if ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc"):
            return _bad("hidden", code=f"U+{ord(ch):04X} {unicodedata.name(ch, 'control')}")
    return None


def _idna_label(label: str) -> tuple[str, str]:
    """(ASCII, unicode) forms of one label; UnicodeError when it is no valid IDNA name."""
    if label.isascii() and not label.lower().startswith("xn--"):
        return label.lower(), label.lower()
    try:  # IDNA 2008 with the UTS #46 mapping browsers apply (capitals, full-width forms)
        a = label.lower() if label.isascii() else idna.encode(label, uts46=True).decode("ascii")
        return a, idna.decode(a)
    except idna.IDNAError:  # IDNA 2003 still names some labels 2008 refuses (emoji, symbols)
        a = label.lower() if label.isascii() else encodings.idna.ToASCII(label).decode("ascii")
        return a, encodings.idna.ToUnicode(a)


def _labels(host: str) -> tuple[list[str], list[str], bool] | SiteVerdict:
    """ASCII (punycode) and unicode labels of a host name, and whether it came as xn--."""
    host = host.translate(_DOTS).removesuffix(".")
    if not host or "" in host.split("."):
        return _bad("host")
    ascii_labels, uni_labels, punycode = [], [], False
    for label in host.split("."):
        try:
            a, u = _idna_label(label)
        except UnicodeError:
            return _bad("bad_idn", label=label)
        if not _LABEL.fullmatch(a):
            return _bad("chars", label=label)
        punycode |= label.lower().startswith("xn--")
        ascii_labels.append(a)
        uni_labels.append(u)
    if len(".".join(ascii_labels)) > 253:  # what DNS can resolve
        return _bad("host")
    return (ascii_labels, uni_labels, punycode) if len(ascii_labels) > 1 else _bad("no_dot")


def _ip(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return host if _IPV4_LIKE.fullmatch(host.removesuffix(".").rsplit(".", 1)[-1]) else None


# --- judging ----------------------------------------------------------------------------------

Found = tuple[Brand, str, list[Localized]]  # the brand imitated, the domain copied, how


def _endings(brand: Brand, d: LookalikeData) -> dict[str, str]:
    """The skeleton of each listed ending of the brand -> that listed domain."""
    return {letters.brand_skeleton(x.split(".", 1)[1], d)[0]: x for x in reversed(brand.domains)}


def _domain_for(brand: Brand, suffix_skel: str, d: LookalikeData) -> str:
    return _endings(brand, d).get(suffix_skel, brand.domains[0])


def _forms(label: str, d: LookalikeData) -> list[tuple[str, bool, list[Localized]]]:
    """The name as typed, with look-alike letters read one for one, and as its full skeleton.

    Each test runs on all three: "rn" in a full skeleton stands for m, so a replaced m is one
    edit only in the typed form; a Cyrillic м (which UTS #39 does not map) next to Latin
    letters is one replaced letter in the one-for-one form; Cyrillic а is the same letter only
    in the mapped forms. (form, compared with the brand's skeleton rather than its label, how).
    """
    skel, subs = letters.brand_skeleton(label, d)
    light, light_subs = letters.light_skeleton(label)
    forms: list[tuple[str, bool, list[Localized]]] = []
    if label.isascii():
        forms.append((label.lower(), False, []))
    if light != label or not label.isascii():
        forms.append((light, False, [_sub_reason(a, b) for a, b in light_subs]))
    forms.append((skel, True, [_sub_reason(a, b) for a, b in subs]))
    return forms


def _registrable(label: str, suffix: str, d: LookalikeData) -> Found | None:
    """Which brand the registrable name (label + suffix) imitates, and how."""
    reg = f"{label}.{suffix}"
    suffix_skel, suffix_subs = letters.brand_skeleton(suffix, d)
    suffix_how = [_sub_reason(a, b) for a, b in suffix_subs]
    forms = _forms(label, d)
    for form, mapped, how in forms:
        for brand in d.brands:
            if form == (brand.skeleton if mapped else brand.label):
                domain = _domain_for(brand, suffix_skel, d)
                spelled = [*how, *suffix_how]
                said = spelled or ([] if label == brand.label else [_say("glance", domain=domain)])
                if suffix_subs or suffix_skel not in _endings(brand, d):
                    said.append(_say("ending", reg=reg, listed=" / ".join(brand.domains)))
                return brand, domain, said
    for form, mapped, how in forms:
        joined = form.replace("-", "")
        for brand in d.brands:
            want = brand.skeleton if mapped else brand.label
            domain = _domain_for(brand, suffix_skel, d)
            if "-" in form and joined == want:
                return brand, domain, [*how, _say("hyphen", reg=reg, domain=domain)]
            if joined in (want + "s", want + "es"):
                return brand, domain, [*how, _say("plural", reg=reg, domain=domain)]
            endings = {e.replace(".", "") for e in _endings(brand, d)} if mapped else set()
            endings |= {x.split(".", 1)[1].replace(".", "") for x in brand.domains}
            if any(joined == want + e for e in endings):  # tokenim, gate-io, okx-com
                return brand, domain, [*how, _say("words", reg=reg, domain=domain)]
    slips = [
        (edits, brand, [*how, why])
        for brand in d.brands
        for form, mapped, how in forms
        for want in [brand.skeleton if mapped else brand.label]
        for got in [form.replace("-", "")]
        if abs(len(got) - len(want)) <= 2 and (typo := _typo(got, want, brand))
        for edits, why in [typo]
    ]
    closest = min(slips, key=lambda slip: slip[0]) if slips else None  # the closest brand wins
    if closest is not None and closest[0] == 1:
        return closest[1], _domain_for(closest[1], suffix_skel, d), closest[2]
    for brand in sorted(d.brands, key=lambda b: -len(b.label)):
        for form, mapped, how in forms:
            if letters.glued(form, brand.skeleton if mapped else brand.label, brand, d):
                domain = _domain_for(brand, suffix_skel, d)
                return brand, domain, [*how, _say("words", reg=reg, domain=domain)]
    if closest is None:
        return None
    return closest[1], _domain_for(closest[1], suffix_skel, d), closest[2]


def _dotted(labels: list[str], n_reg: int, d: LookalikeData) -> Found | None:
    """The brand cut by dots: o.kx.com, ok.x.com, byb.it.com (it.com is a public suffix)."""
    reg = ".".join(labels[-n_reg:])
    for start in range(len(labels) - 1):
        for end in range(start + 2, len(labels)):
            parts = labels[start:end]
            skel, subs = letters.brand_skeleton("".join(parts), d)
            for brand in d.brands:
                if skel == brand.skeleton:
                    how = [_sub_reason(a, b) for a, b in subs]
                    shown = ".".join(parts)
                    return brand, brand.domains[0], [*how, _say("dotted", shown=shown, reg=reg)]
    return None


def _subdomain(labels: list[str], n_reg: int, d: LookalikeData) -> Found | None:
    """A brand, or a whole listed domain, shown in front of someone else's name."""
    sub, reg = labels[:-n_reg], ".".join(labels[-n_reg:])
    for i in range(len(sub)):
        tail = ".".join(labels[i:])
        for brand in d.brands:
            for domain in brand.domains:
                if tail.startswith(domain + "."):
                    return brand, domain, [_say("subdomain", shown=domain, reg=reg)]
                if tail.startswith(domain + "-"):
                    return brand, domain, [_say("followed", domain=domain, reg=reg)]
    # A brand that is an ordinary word (gate.example.com) counts when lure words stand beside.
    luring = any(word in d.lure for label in labels[:-1] for word in re.split(r"[-0-9]+", label))
    for label in sub:
        skel, subs = letters.brand_skeleton(label, d)
        for brand in d.brands:
            plain = (luring or not brand.common) and brand.skeleton == skel
            if plain or letters.glued(skel, brand.skeleton, brand, d):
                how = [_sub_reason(a, b) for a, b in subs]
                return brand, brand.domains[0], [*how, _say("subdomain", shown=label, reg=reg)]
    return None


def _claimed(userinfo: str, d: LookalikeData) -> tuple[Brand, str, list[Localized]] | None:
    """The brand named before the "@" of https://okx.com@evil.io."""
    words = set(re.split(r"[^a-z0-9-]+", userinfo.lower()))
    for brand in d.brands:
        for domain in brand.domains:
            if domain in userinfo.lower() or (not brand.common and brand.label in words):
                return brand, domain, []
    return None


def _official(host_ascii: str, d: LookalikeData) -> tuple[Brand, str] | None:
    for brand in d.brands:
        for domain in brand.domains:
            if host_ascii == domain or host_ascii.endswith("." + domain):
                return brand, domain
    return None


def check_site(text: str) -> SiteVerdict:
    """Judge a URL or host name against the shipped list of official domains."""
    parts = _split_url(text)
    if isinstance(parts, SiteVerdict):
        return parts
    scheme, userinfo, raw_host = parts
    d = _data()
    ip = _ip(raw_host)
    got = _labels(raw_host) if ip is None else ([ip], [ip], False)
    if isinstance(got, SiteVerdict):
        return got
    ascii_labels, labels, punycode = got
    host, host_ascii = ".".join(labels), ".".join(ascii_labels)
    notes = [_say("userinfo", userinfo=userinfo, host=host)] if userinfo else []
    notes += [_say("http")] if scheme == "http" else []
    claimed = _claimed(userinfo, d) if userinfo else None
    found: Found | None = None
    if ip is not None:
        notes.insert(0, _say("ip"))
    elif official := _official(host_ascii, d):
        brand, domain = official
        mine = _say("official", host=host, domain=domain, brand=brand.name, captured=d.captured)
        return SiteVerdict("official", host, brand.name, domain, (mine, *notes))
    else:
        n_reg = letters.suffix_len(ascii_labels) + 1
        if len(labels) < n_reg:  # the whole name is a public suffix (mex.com, it.com)
            n_reg = letters.suffix_len(ascii_labels, icann_only=True) + 1
        if len(labels) < n_reg:
            return _bad("ending_only", host=host)
        if punycode:
            notes.append(_say("punycode", host=host))
        elif host != host_ascii:
            notes.append(_say("idn", ascii=host_ascii))
        if ".".join(ascii_labels[-n_reg:]) not in d.distinct:
            label, suffix = labels[-n_reg], ".".join(labels[-n_reg + 1 :])
            found = (
                _registrable(label, suffix, d)
                or _dotted(labels, n_reg, d)
                or _subdomain(labels, n_reg, d)
            )
    found = found or claimed
    if found is None:
        mixed = next((m for label in labels if (m := _mixed_scripts(label))), None)
        if mixed:
            notes.insert(0, _say("mixed", scripts=" + ".join(sorted(x.title() for x in mixed))))
        return SiteVerdict("unrelated", host, None, None, (*notes, _say("unrelated")))
    brand, domain, how = found
    closing = _say("not_brand", brand=brand.name, domain=domain)
    return SiteVerdict("lookalike", host, brand.name, domain, (*how, *notes, closing))
