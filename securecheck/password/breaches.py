"""Is the password in a breach corpus? Offline (a Pwned Passwords file), or online if asked.

The SHA-1 of a password is as secret as the password (it is in every cracking list): it is
held in a `PasswordHash`, which prints as `PasswordHash(***)`, cannot be pickled and is never
logged or written. Only `range_prefix()` — the five hex characters the k-anonymity API is sent
— leaves it, and only on the online path the user turned on.

The verdict: FAIL with the count when the hash is in the corpus, PASS when a corpus was
searched and it is not there, UNKNOWN (never a pass) when nothing could be searched.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from securecheck.core.checks.vault import NO_CORPUS
from securecheck.core.model import Status
from securecheck.core.secret import Secret
from securecheck.i18n import Localized, _, ngettext

if TYPE_CHECKING:
    from securecheck.password.corpus import Corpus

NOT_IN_CORPUS = _("not in the breach corpus (searched offline)")
NOT_ONLINE = _(
    "not in Have I Been Pwned's Pwned Passwords (checked online: only the first 5 of the 40 "
    "characters of its SHA-1 were sent)"
)
CHECKED = {
    "file": _("offline, in the corpus file"),
    "directory": _("offline, in the corpus directory"),
    "online": _("online, with the k-anonymity range API"),
}


class PasswordHash:
    """The SHA-1 of a password, upper-case hex as the corpus writes it, held like a Secret."""

    __slots__ = ("_hex",)

    def __init__(self, hex_digest: bytes) -> None:
        self._hex = hex_digest

    @classmethod
    def of(cls, secret: Secret) -> PasswordHash:
        # UTF-8 as typed: that is what Pwned Passwords hashed (no normalisation).
        return cls(hashlib.sha1(secret.reveal().encode("utf-8")).hexdigest().upper().encode())

    def reveal(self) -> bytes:
        """The 40 hex characters (ASCII); only a corpus search calls this."""
        return self._hex

    def range_prefix(self) -> str:
        """The 5 characters the range API is sent: 1 of 1,048,576 buckets, not the hash."""
        return self._hex[:5].decode("ascii")

    def range_suffix(self) -> bytes:
        return self._hex[5:]

    def __repr__(self) -> str:
        return "PasswordHash(***)"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return "PasswordHash(***)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PasswordHash) and hmac.compare_digest(other._hex, self._hex)

    def __hash__(self) -> int:
        # Equal hashes must hash alike, and one derived from the digest would itself be a
        # leak: one constant for all, as for Secret.
        return hash(PasswordHash)

    def __reduce__(self) -> NoReturn:
        raise TypeError("a PasswordHash cannot be pickled")

    def clear(self) -> None:
        self._hex = b""


@dataclass(frozen=True)
class BreachVerdict:
    status: Status  # FAIL (found), PASS (searched, absent), UNKNOWN (could not search)
    message: Localized
    count: int | None = None  # times seen, when found
    checked: str | None = None  # "file", "directory" or "online", when searched
    reasons: tuple[Localized, ...] = field(default_factory=tuple)

    def evidence_texts(self) -> dict[str, object]:
        evidence: dict[str, object] = {}
        if self.checked is not None:
            evidence["checked"] = CHECKED[self.checked]
        if self.count is not None:
            evidence["count"] = self.count
        return evidence


def found(count: int, checked: str) -> BreachVerdict:
    message = ngettext("seen {n:,} time in breaches", "seen {n:,} times in breaches", count)
    return BreachVerdict(Status.FAIL, message, count, checked)


def absent(checked: str) -> BreachVerdict:
    return BreachVerdict(
        Status.PASS, NOT_ONLINE if checked == "online" else NOT_IN_CORPUS, None, checked
    )


def unknown(reason: Localized) -> BreachVerdict:
    return BreachVerdict(Status.UNKNOWN, reason)


def search_corpus(corpus: Corpus, digest: PasswordHash) -> BreachVerdict:
    """Offline: the count in the corpus (InputError if a line met on the way is broken)."""
    count = corpus.count(digest.reveal())
    return found(count, corpus.layout) if count > 0 else absent(corpus.layout)


def check_secret(
    secret: Secret,
    *,
    corpus: Path | None = None,
    online: bool = False,
    api: str | None = None,
) -> BreachVerdict:
    """The breach verdict of one password: the corpus when given, then the range API if on.

    The offline answer decides when it finds the password; when it does not and the online
    check is on, the fresher online answer is taken too (a fail there still fails).
    """
    from securecheck.password.corpus import open_corpus

    digest = PasswordHash.of(secret)
    try:
        verdict = unknown(NO_CORPUS)
        if corpus is not None:
            opened = open_corpus(corpus)
            try:
                verdict = search_corpus(opened, digest)
            finally:
                opened.close()
            if verdict.status == Status.FAIL:
                return verdict
        if online:
            from securecheck.password.breaches_online import DEFAULT_API, check_online

            online_verdict = check_online(digest, api or DEFAULT_API)
            if online_verdict.status != Status.UNKNOWN or verdict.status == Status.UNKNOWN:
                return online_verdict
        return verdict
    finally:
        digest.clear()
