"""Probe facts in words: what a probe saw, as a sentence with its numbers, in every language.

A report says "141 updates are waiting, 90 of them security updates", never
`os_updates.pending_updates = 141`; the structured facts stay in the evidence. Each fact of a
shipped probe has its phrase here (a test walks the probe declarations to keep it so); a fact
of a future probe without one still reads as `name: value`, never as code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import ClassVar

from securecheck.core.inert import inert
from securecheck.core.model import FactValue
from securecheck.i18n import Localized, Message, Verbatim, _, joined, ngettext
from securecheck.records import record

Facts = Mapping[str, FactValue]
Phrase = Callable[[FactValue], Localized | None]

FULL_STOP = _("{text}.")  # zh: {text}。
THEN = _("{first} {second}")  # two sentences in a row; zh: {first}{second}
MAX_LISTED = 5  # names listed in a sentence before "and N more"


@record
class Sentence:
    """Clauses joined by the language's separator, capitalised, with a full stop."""

    localized: ClassVar[bool] = True

    clauses: tuple[Localized, ...]

    def get(self, lang: str) -> str:
        text = joined(self.clauses).get(lang) if self.clauses else ""
        if not lang.startswith("zh"):  # Chinese has no capitals ("securecheck 运行在…" stays)
            text = text[:1].upper() + text[1:]
        if not text or text[-1] in ".。!！?？":
            return text
        return FULL_STOP.get(lang).format(text=text)


@record
class Sentences:
    """Several sentences in a row (a space between them in English, none in Chinese)."""

    localized: ClassVar[bool] = True

    parts: tuple[Localized, ...]

    def get(self, lang: str) -> str:
        texts = [p.get(lang) for p in self.parts]
        out = texts[0] if texts else ""
        for text in texts[1:]:
            out = THEN.get(lang).format(first=out, second=text)
        return out


def sentence(clauses: Sequence[Localized]) -> Localized:
    return Sentence(tuple(clauses))


def in_a_row(parts: Sequence[Localized]) -> Localized:
    items = tuple(parts)
    return items[0] if len(items) == 1 else Sentences(items)


def _shown(value: object) -> str:
    """A value from the machine (a product name, a domain), safe to show."""
    return inert(str(value))


def _listed(names: Sequence[str]) -> str:
    shown = ", ".join(_shown(n) for n in names[:MAX_LISTED])
    return shown + (" …" if len(names) > MAX_LISTED else "")


def _on_off(on: Message, off: Message) -> Phrase:
    def phrase(value: FactValue) -> Localized | None:
        return (on if value else off) if isinstance(value, bool) else None

    return phrase


def _text(say: Callable[[str], Message]) -> Phrase:
    def phrase(value: FactValue) -> Localized | None:
        return say(_shown(value)) if isinstance(value, str) and value else None

    return phrase


def _count(zero: Message, say: Callable[[int], Message]) -> Phrase:
    def phrase(value: FactValue) -> Localized | None:
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        return zero if value == 0 else say(value)

    return phrase


# --- os_updates ---------------------------------------------------------------------------

NO_UPDATES = _("no updates are waiting")


def _updates(waiting: FactValue, security: FactValue) -> Localized | None:
    if not isinstance(waiting, int) or not isinstance(security, int):
        return None
    if waiting == 0:
        return NO_UPDATES
    if security == 0:
        return ngettext(
            "{n} update is waiting, not a security update",
            "{n} updates are waiting, none of them security updates",
            waiting,
        )
    if security >= waiting:
        return ngettext(
            "{n} update is waiting, a security update",
            "{n} updates are waiting, all of them security updates",
            waiting,
        )
    how_many = ngettext("{n} update is waiting", "{n} updates are waiting", waiting)
    of_them = ngettext("{n} of them a security update", "{n} of them security updates", security)
    return _("{waiting}, {security}", waiting=how_many, security=of_them)


# --- screen_lock ----------------------------------------------------------------------------


def _idle_delay(value: FactValue) -> Localized | None:
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    if value == 0:
        return _("the idle delay is set to never")
    if value % 60 == 0:
        return ngettext(
            "it locks after {n} minute idle", "it locks after {n} minutes idle", value // 60
        )
    return ngettext("it locks after {n} second idle", "it locks after {n} seconds idle", value)


# --- hosts_file ---------------------------------------------------------------------------


def _hijacks(count: FactValue, domains: FactValue) -> Localized | None:
    if not isinstance(count, int) or not isinstance(domains, list):
        return None
    if count == 0:
        return _("no exchange or wallet domain is redirected")
    return ngettext(
        "{n} exchange or wallet domain is redirected: {domains}",
        "{n} exchange or wallet domains are redirected: {domains}",
        count,
        domains=_listed(domains),
    )


def _domains(value: FactValue) -> Localized | None:
    if not isinstance(value, list):
        return None
    if not value:
        return _("no exchange or wallet domain is redirected")
    return _("redirected: {domains}", domains=_listed(value))


def _system(name: FactValue, version: FactValue) -> Localized | None:
    if not isinstance(name, str) or not isinstance(version, str) or not name or not version:
        return None
    return _("the system is {name} {version}", name=_shown(name), version=_shown(version))


WIFI_SECURITY: Mapping[str, Message] = {
    "open": _("the WiFi network is open (no password)"),
    "owe": _("the WiFi network is open to anyone (OWE encrypts it, but anyone can join)"),
    "wep": _("the WiFi network uses WEP, which is broken"),
    "wpa": _("the WiFi network uses WPA"),
    "wpa2": _("the WiFi network uses WPA2"),
    "wpa3": _("the WiFi network uses WPA3"),
    "enterprise": _("the WiFi network uses WPA Enterprise"),
}


def _wifi_security(value: FactValue) -> Localized | None:
    return WIFI_SECURITY.get(value) if isinstance(value, str) else None


# --- remote_access, seed_phrase_files, browser_extensions -------------------------------------


def _names(empty: Message, say: Callable[[str], Message]) -> Phrase:
    """A list of names from the machine: `empty` when there is none, else `say(names)`."""

    def phrase(value: FactValue) -> Localized | None:
        if not isinstance(value, list):
            return None
        return say(_listed(value)) if value else empty

    return phrase


LIST_COMMA = _(", ")  # between items of a list; zh: "，"
_FOUND_ITEM = re.compile(r"^(.*) \((\d+(?:, \d+)*)\)$")
READ_LIMIT_MIB = 1  # seed_phrase_files reads files up to the host's read cap (FILE_CAP)


def _phrase_file(item: str) -> Localized:
    """`~/notes.txt (12)` as "~/notes.txt (12 words)" in each language."""
    match = _FOUND_ITEM.match(item)
    if match is None:
        return Verbatim(_shown(item))
    counts = [int(c) for c in match.group(2).split(", ")]
    words = joined([ngettext("{n} word", "{n} words", c) for c in counts], LIST_COMMA)
    return _("{path} ({words})", path=_shown(match.group(1)), words=words)


def _seed_files(value: FactValue) -> Localized | None:
    if not isinstance(value, list):
        return None
    if not value:
        return _("no recovery phrase was found in the folders searched")
    shown = [_phrase_file(str(v)) for v in value[:MAX_LISTED]]
    more = [Verbatim("…")] if len(value) > MAX_LISTED else []
    return ngettext(
        "a recovery phrase is in {n} file: {files}",
        "recovery phrases are in {n} files: {files}",
        len(value),
        files=joined([*shown, *more], LIST_COMMA),
    )


def _left_out(item: str) -> Localized:
    """One `kind:number` of seed_phrase_files.not_scanned in words."""
    kind, _colon, raw = item.partition(":")
    try:
        number = float(raw)
    except ValueError:
        return Verbatim(_shown(item))
    count = int(number)
    says: Mapping[str, Callable[[], Message]] = {
        "too_large": lambda: ngettext(
            "{n} file over {mib} MiB", "{n} files over {mib} MiB", count, mib=READ_LIMIT_MIB
        ),
        "unreadable": lambda: ngettext(
            "{n} file that could not be read", "{n} files that could not be read", count
        ),
        "file_limit": lambda: _("the files after the first {n}", n=count),
        "byte_limit": lambda: _("everything after the first {n} MiB", n=count),
        "time_budget": lambda: _("what was left after {seconds:g} s", seconds=number),
    }
    say = says.get(kind)
    return say() if say is not None else Verbatim(_shown(item))


NO_TEXT_FILE = _("no text file was found to search")


def _search(files: FactValue, not_scanned: FactValue) -> Localized | None:
    """With no file found, "every text file found was searched" would say nothing."""
    if isinstance(files, int) and not isinstance(files, bool) and files == 0 and not_scanned == []:
        return NO_TEXT_FILE
    return None


def _not_scanned(value: FactValue) -> Localized | None:
    if not isinstance(value, list):
        return None
    if not value:
        return _("every text file found was searched")
    return _("not scanned: {items}", items=joined([_left_out(str(v)) for v in value], LIST_COMMA))


# One phrase for several facts that read better together (tried first), then one per fact.
TOGETHER: tuple[tuple[tuple[str, ...], Callable[..., Localized | None]], ...] = (
    (("os_updates.pending_updates", "os_updates.pending_security_updates"), _updates),
    (("hosts_file.hijack_count", "hosts_file.hijacked_domains"), _hijacks),
    (("os_supported.os_name", "os_supported.os_version"), _system),
    (("seed_phrase_files.files_scanned", "seed_phrase_files.not_scanned"), _search),
)

PHRASES: Mapping[str, Phrase] = {
    "os_updates.pending_updates": _count(
        NO_UPDATES,
        lambda n: ngettext("{n} update is waiting", "{n} updates are waiting", n),
    ),
    "os_updates.pending_security_updates": _count(
        _("no security updates are waiting"),
        lambda n: ngettext("{n} security update is waiting", "{n} security updates are waiting", n),
    ),
    "os_updates.automatic_updates": _on_off(
        _("automatic updates are on"), _("automatic updates are off")
    ),
    "os_updates.package_manager": _text(lambda v: _("checked with {value}", value=v)),
    "os_supported.os_name": _text(lambda v: _("the system is {value}", value=v)),
    "os_supported.os_version": _text(lambda v: _("version {value}", value=v)),
    "os_supported.supported": _on_off(
        _("it still receives security updates"), _("it no longer receives security updates")
    ),
    "os_supported.eol_date": _text(lambda v: _("security support until {value}", value=v)),
    "os_supported.data_source": _text(lambda v: _("release dates from {value}", value=v)),
    "wifi.connected": _on_off(_("connected to WiFi"), _("not connected to WiFi")),
    "wifi.security": _wifi_security,
    "wifi.ssid": _text(lambda v: _("network “{value}”", value=v)),
    "vpn.active": _on_off(_("a VPN is on"), _("no VPN is on")),
    "vpn.kind": _text(lambda v: _("VPN type: {value}", value=v)),
    "firewall.enabled": _on_off(_("the firewall is on"), _("the firewall is off")),
    "firewall.product": _text(lambda v: _("firewall: {value}", value=v)),
    "disk_encryption.system_encrypted": _on_off(
        _("the system disk is encrypted"), _("the system disk is not encrypted")
    ),
    "disk_encryption.method": _text(lambda v: _("encryption: {value}", value=v)),
    "screen_lock.enabled": _on_off(
        _("the screen locks itself when idle"), _("the screen does not lock itself")
    ),
    "screen_lock.idle_delay_s": _idle_delay,
    "antivirus.present": _on_off(
        _("malware protection is installed"), _("no malware protection was found")
    ),
    "antivirus.enabled": _on_off(_("malware protection is on"), _("malware protection is off")),
    "antivirus.realtime": _on_off(
        _("real-time protection is on"), _("real-time protection is off")
    ),
    "antivirus.signatures_age_days": _count(
        _("its signatures were updated today"),
        lambda n: ngettext("its signatures are {n} day old", "its signatures are {n} days old", n),
    ),
    "antivirus.auto_update": _on_off(
        _("its signatures update themselves"), _("its signatures do not update themselves")
    ),
    "antivirus.product": _text(lambda v: _("product: {value}", value=v)),
    "hosts_file.hijacked_domains": _domains,
    "hosts_file.hijack_count": _count(
        _("no exchange or wallet domain is redirected"),
        lambda n: ngettext(
            "{n} exchange or wallet domain is redirected",
            "{n} exchange or wallet domains are redirected",
            n,
        ),
    ),
    "hosts_file.entries_checked": _count(
        _("the hosts file has no entries to check"),
        lambda n: ngettext("{n} hosts-file entry checked", "{n} hosts-file entries checked", n),
    ),
    "remote_access.running": _names(
        _("no remote-control app is running"), lambda v: _("running now: {names}", names=v)
    ),
    "remote_access.unattended": _names(
        _("none is set for unattended access"),
        lambda v: _("set for unattended access: {names}", names=v),
    ),
    "remote_access.installed": _names(
        _("no remote-control app is installed"), lambda v: _("installed: {names}", names=v)
    ),
    "seed_phrase_files.found": _seed_files,
    "seed_phrase_files.files_scanned": _count(
        NO_TEXT_FILE,
        lambda n: ngettext("{n} text file searched", "{n} text files searched", n),
    ),
    "seed_phrase_files.not_scanned": _not_scanned,
    "browser_extensions.malicious": _names(
        _("no known-malicious extension"),
        lambda v: _("known-malicious: {names}", names=v),
    ),
    "browser_extensions.impostors": _names(
        _("no fake wallet extension"),
        lambda v: _("not the official extension it claims to be: {names}", names=v),
    ),
    "browser_extensions.profiles_read": _count(
        _("no browser profile was read"),
        lambda n: ngettext("{n} browser profile read", "{n} browser profiles read", n),
    ),
    "browser_extensions.extensions_checked": _count(
        _("no extension is installed"),
        lambda n: ngettext("{n} extension checked", "{n} extensions checked", n),
    ),
}

YES = _("yes")
NO = _("no")


def _plain(name: str, value: FactValue) -> Localized:
    """A fact without a phrase of its own: `name: value`, still not code."""
    if isinstance(value, bool):
        shown: Localized = YES if value else NO
    elif isinstance(value, list):
        shown = Verbatim(_listed(value))
    else:
        shown = Verbatim(_shown(value))
    return _("{fact}: {value}", fact=_shown(name), value=shown)


def fact_phrase(name: str, value: FactValue) -> Localized:
    """One fact in words."""
    phrase = PHRASES.get(name)
    said = phrase(value) if phrase is not None else None
    return said if said is not None else _plain(name, value)


def describe_facts(facts: Facts) -> list[Localized]:
    """Clauses for the facts seen, in a stable order; facts that read better together first."""
    left = dict(sorted(facts.items()))
    clauses: list[Localized] = []
    for names, together in TOGETHER:
        if all(n in left for n in names):
            said = together(*(left[n] for n in names))
            if said is not None:
                clauses.append(said)
                for n in names:
                    del left[n]
    clauses.extend(fact_phrase(name, value) for name, value in left.items() if value is not None)
    return clauses


def expected(fact: str, op: str, value: FactValue) -> Localized:
    """What a rule without a message of its own expects, in words."""
    phrase = PHRASES.get(fact)
    said = phrase(value) if phrase is not None and op == "eq" else None
    if said is not None:  # "expected: no security updates are waiting"
        return _("expected: {phrase}", phrase=said)
    if op == "eq" and isinstance(value, bool):
        return _("expected: {phrase}", phrase=fact_phrase(fact, value))
    shown: Localized
    if isinstance(value, bool):
        shown = YES if value else NO
    elif isinstance(value, list):
        shown = Verbatim(_listed([str(v) for v in value]))
    else:
        shown = Verbatim(_shown(value))
    name = _shown(fact)
    words: Mapping[str, Callable[[], Message]] = {
        "eq": lambda: _("expected: {fact} is {value}", fact=name, value=shown),
        "ne": lambda: _("expected: {fact} is not {value}", fact=name, value=shown),
        "lt": lambda: _("expected: {fact} below {value}", fact=name, value=shown),
        "le": lambda: _("expected: {fact} at most {value}", fact=name, value=shown),
        "gt": lambda: _("expected: {fact} above {value}", fact=name, value=shown),
        "ge": lambda: _("expected: {fact} at least {value}", fact=name, value=shown),
        "in": lambda: _("expected: {fact} one of {value}", fact=name, value=shown),
        "not_in": lambda: _("expected: {fact} none of {value}", fact=name, value=shown),
    }
    return words[op]()
