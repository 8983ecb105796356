"""Audit a password-manager export: weak, reused, breached, and 2FA available but not set up.

Findings name an entry by its title and domain only, never its password or user name. Reuse
is found by comparing keyed hashes (HMAC-SHA-256 under a random key made for this run and kept
in memory only), so not even a hash of a password that an attacker could look up is held:
without the key, the digests are noise. Entries of the same domain sharing a password are the
same account stored twice, not reuse.

The exchange: an entry whose domain is an exchange securecheck knows (core.domains) is marked,
and what was found about those entries becomes a `VaultSummary` (results, never passwords)
that the audit's rules read: password.unique, password.breached, two_factor.enabled.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from securecheck.core.domains import shipped_data
from securecheck.core.model import Status, VaultSummary
from securecheck.i18n import Localized, _, joined, ngettext
from securecheck.password.breaches import PasswordHash, found
from securecheck.password.corpus import Corpus
from securecheck.tools.vault.model import Export, VaultEntry
from securecheck.tools.vault.two_factor import TwoFactorSites, shipped_sites
from securecheck.tools.vault.weak import analyse_many

KINDS = ("weak", "reused", "breached", "two_factor_available")
SHOWN_OTHERS = 5
ONLINE_WORKERS = 4
METHODS = {"totp": _("an authenticator app"), "u2f": _("security keys")}
OR = _(" or ")

Progress = Callable[[str, int, int], None]  # stage ("strength", "breaches"), done, total


@dataclass(frozen=True)
class Finding:
    title: str
    domain: str | None
    kind: str  # one of KINDS
    detail: Localized
    exchange: bool


@dataclass(frozen=True)
class VaultAudit:
    format: str
    label: str
    entries_checked: int
    findings: tuple[Finding, ...]
    breaches: str | None  # "offline", "online", "offline+online"; None: not searched
    breach_unknown: int  # entries whose online look-up failed
    two_factor_captured: str
    summary: VaultSummary


def exchange_domains() -> frozenset[str]:
    data = shipped_data()
    return frozenset(str(d) for d in data["exchanges"])


def is_exchange(domain: str | None, exchanges: frozenset[str]) -> bool:
    if not domain:
        return False
    labels = domain.split(".")
    return any(".".join(labels[i:]) in exchanges for i in range(len(labels) - 1))


def _identity(e: VaultEntry) -> str:
    """Entries of one domain (or, without one, one title) are one account stored twice."""
    return e.domain or f"title:{e.title}"


def _name(e: VaultEntry) -> str:
    return f"{e.title} ({e.domain})" if e.domain else e.title


def audit_export(
    export: Export,
    *,
    min_score: int = 3,
    min_length: int = 12,
    corpus: Corpus | None = None,
    online: bool = False,
    api: str | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    analyse_here: bool = False,
    sites: TwoFactorSites | None = None,
    now: dt.datetime | None = None,
) -> VaultAudit:
    entries = export.entries
    exchanges = exchange_domains()
    marked = [is_exchange(e.domain, exchanges) for e in entries]
    findings: list[tuple[int, Finding]] = []

    def add(i: int, kind: str, detail: Localized) -> None:
        e = entries[i]
        findings.append((i, Finding(e.title, e.domain, kind, detail, marked[i])))

    # Reuse: one keyed digest per password; the key lives in this frame only.
    key = secrets.token_bytes(32)
    digests = [
        hmac.new(key, e.password.reveal().encode("utf-8"), hashlib.sha256).digest() for e in entries
    ]
    del key
    groups: dict[bytes, list[int]] = {}
    for i, digest in enumerate(digests):
        groups.setdefault(digest, []).append(i)
    reused_by = [0] * len(entries)
    for members in groups.values():
        for i in members:
            others = [j for j in members if _identity(entries[j]) != _identity(entries[i])]
            reused_by[i] = len(others)
            if others:
                listed = ", ".join(_name(entries[j]) for j in others[:SHOWN_OTHERS])
                if len(others) > SHOWN_OTHERS:
                    listed += ", …"
                detail = ngettext(
                    "the same password as {n} other entry: {others}",
                    "the same password as {n} other entries: {others}",
                    len(others),
                    others=listed,
                )
                add(i, "reused", detail)

    # Strength: each distinct (password, user name) once, on every core.
    names = [hashlib.sha256(e.username.reveal().encode("utf-8")).digest() for e in entries]
    first_of: dict[bytes, int] = {}
    for i in range(len(entries)):
        first_of.setdefault(digests[i] + names[i], i)
    unique = sorted(first_of.values())
    total = len(unique)
    verdicts = analyse_many(
        [(entries[i].password, _inputs(entries[i])) for i in unique],
        min_score=min_score,
        min_length=min_length,
        progress=(lambda done: progress("strength", done, total)) if progress else None,
        workers=workers,
        here=analyse_here,
    )
    verdict_of = {digests[i] + names[i]: v for i, v in zip(unique, verdicts, strict=True)}
    for i in range(len(entries)):
        verdict = verdict_of[digests[i] + names[i]]
        if verdict.status == Status.FAIL:
            add(i, "weak", verdict.summary())

    # Breaches: the corpus for every entry, then the range API for the rest if asked.
    counts, unknown_online, mode = _breach_counts(entries, corpus, online, api, progress)
    for i, count in enumerate(counts):
        if count:
            add(i, "breached", found(count, "online").message)

    # 2FA offered by the site, and no authenticator code stored with the entry.
    sites = sites or shipped_sites()
    for i, e in enumerate(entries):
        offered = sites.lookup(e.domain)
        if offered is not None and not e.has_totp:
            methods = joined([METHODS[m] for m in offered[1]], OR)
            add(
                i,
                "two_factor_available",
                _(
                    "{site} offers two-factor authentication with {methods}, and this entry stores "
                    "no authenticator code: turn it on there if it is not on yet",
                    site=offered[0],
                    methods=methods,
                ),
            )

    ordered = [f for _i, f in sorted(findings, key=lambda p: (KINDS.index(p[1].kind), p[0]))]
    ex = [i for i, m in enumerate(marked) if m]
    summary = VaultSummary(
        checked_at=(now or dt.datetime.now(dt.UTC)).replace(microsecond=0),
        entries_checked=len(entries),
        exchange_entries=len(ex),
        reused_by=max((reused_by[i] for i in ex), default=0),
        breached=None
        if mode is None or any(counts[i] is None for i in ex)
        else any((counts[i] or 0) > 0 for i in ex),
        totp=any(entries[i].has_totp for i in ex),
    )
    return VaultAudit(
        export.format,
        export.label,
        len(entries),
        tuple(ordered),
        mode,
        unknown_online,
        sites.captured,
        summary,
    )


def _inputs(e: VaultEntry) -> Sequence[str]:
    name = e.username.reveal()
    words = [name, name.split("@", 1)[0]] if "@" in name else [name]
    return [w for w in words if len(w) >= 3]


def _breach_counts(
    entries: Sequence[VaultEntry],
    corpus: Corpus | None,
    online: bool,
    api: str | None,
    progress: Progress | None,
) -> tuple[list[int | None], int, str | None]:
    """Times seen per entry (None: could not tell), failed online look-ups, what was searched."""
    if corpus is None and not online:
        return [None] * len(entries), 0, None
    counts: list[int | None] = [None] * len(entries)
    hashes = [PasswordHash.of(e.password) for e in entries]
    try:
        if corpus is not None:
            for i, digest in enumerate(hashes):
                counts[i] = corpus.count(digest.reveal())
                if progress is not None and (i % 256 == 0 or i == len(entries) - 1):
                    progress("breaches", i + 1, len(entries))
        failed = 0
        if online:
            failed = _online(hashes, counts, api, progress)
        mode = "+".join(m for m, on in (("offline", corpus is not None), ("online", online)) if on)
        return counts, failed, mode
    finally:
        for digest in hashes:
            digest.clear()


def _online(
    hashes: Sequence[PasswordHash],
    counts: list[int | None],
    api: str | None,
    progress: Progress | None,
) -> int:
    """Ask the range API once per prefix, for the entries the corpus did not find."""
    from securecheck.password.breaches_online import (
        DEFAULT_API,
        OnlineFailure,
        count_in_range,
        fetch_range,
    )

    wanted = sorted({h.range_prefix() for i, h in enumerate(hashes) if not counts[i]})
    bodies: dict[str, bytes | None] = {}

    def get(prefix: str) -> tuple[str, bytes | None]:
        try:
            return prefix, fetch_range(prefix, api or DEFAULT_API)
        except OnlineFailure:
            return prefix, None

    with ThreadPoolExecutor(ONLINE_WORKERS, thread_name_prefix="vault-range") as pool:
        for done, (prefix, body) in enumerate(pool.map(get, wanted), 1):
            bodies[prefix] = body
            if progress is not None:
                progress("online", done, len(wanted))
    failed = 0
    for i, digest in enumerate(hashes):
        if counts[i]:
            continue
        body = bodies.get(digest.range_prefix())
        if body is None:
            failed += 1
            continue
        try:
            counts[i] = max(counts[i] or 0, count_in_range(body, digest.range_suffix()))
        except OnlineFailure:
            failed += 1
    return failed
