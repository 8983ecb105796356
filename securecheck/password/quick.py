"""The instant password meter, cheap enough for every keystroke and light enough for the app.

No zxcvbn here: importing any part of it loads its frequency lists and ranked dictionaries
(~12 MiB), which the app keeps in a child process (password_service). What this estimate needs
of zxcvbn 4.5.0 ships as data instead, both checked against zxcvbn by tests/test_password.py:
data/common_passwords.txt is its top COMMON_TOP_RANKS passwords, data/keyboards.json each
keyboard's keys with the characters next to them. Pure code otherwise: no I/O after import.
"""

from __future__ import annotations

import itertools
import json
import string
import unicodedata
from dataclasses import dataclass

from securecheck.core.secret import Secret
from securecheck.files import shipped

COMMON_TOP_RANKS = 10_000


@dataclass(frozen=True)
class QuickEstimate:
    """Cheap enough for every keystroke (linear in the length, no zxcvbn)."""

    length_band: str  # empty | short (<8) | medium (8-11) | long (12-19) | very_long (>=20)
    classes: int  # 0-4 of: ASCII lower, ASCII upper, digit, symbol (anything else)
    common: bool  # a top-10k common password (give or take affixes and l33t) or a pattern
    meter: int  # 0-4


def _data(name: str) -> str:
    return shipped(f"data/{name}").read_text(encoding="utf-8")


_TOP_PASSWORDS = frozenset(_data("common_passwords.txt").splitlines())
_ADJACENT: tuple[dict[str, str], ...] = tuple(json.loads(_data("keyboards.json")).values())
_AFFIX = string.digits + string.punctuation + string.whitespace
_MAX_AFFIX = 6  # "Password2024!" is common; "monkey" + 20 random characters is not
_UNLEET = str.maketrans("4@83691!|0$5+7%2", "aabeggiiiossttxz")
_UNLEET_L = str.maketrans("1|7", "lll")  # the other reading of the ambiguous ones


def _length_band(length: int) -> str:
    if length == 0:
        return "empty"
    if length < 8:
        return "short"
    if length < 12:
        return "medium"
    return "long" if length < 20 else "very_long"


def _classes(text: str) -> int:
    chars = set(text)
    return sum(
        (
            not chars.isdisjoint(string.ascii_lowercase),
            not chars.isdisjoint(string.ascii_uppercase),
            not chars.isdisjoint(string.digits),
            bool(chars - set(string.ascii_letters + string.digits)),
        )
    )


def _is_pattern(lowered: str) -> bool:
    """Two or fewer distinct characters, a repeated unit, a sequence, or a keyboard walk."""
    if len(set(lowered)) <= 2 or lowered in (lowered + lowered)[1:-1]:
        return True
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(lowered)}
    if len(steps) == 1 and 1 <= abs(next(iter(steps))) <= 5:
        return True
    return len(lowered) >= 4 and any(
        all(b in graph.get(a, "") for a, b in itertools.pairwise(lowered)) for graph in _ADJACENT
    )


def common_kind(text: str) -> str | None:
    """Why a password is easy to guess from a list, or None: "pattern" (aaaa, abcd, qwerty),
    "top" (a top-10k common password, give or take case and l33t) or "affixed" (one of those
    with a few digits or symbols around it: Password2024!). Each has its own reason, so what
    the user is told is true of what they typed."""
    lowered = text.lower()
    if _is_pattern(lowered):
        return "pattern"
    if not _variants(lowered).isdisjoint(_TOP_PASSWORDS):
        return "top"
    stripped = lowered.strip(_AFFIX)
    affixed = stripped and stripped != lowered and len(lowered) - len(stripped) <= _MAX_AFFIX
    if affixed and not _variants(stripped).isdisjoint(_TOP_PASSWORDS):
        return "affixed"
    return None


def _variants(base: str) -> set[str]:
    return {base, base.translate(_UNLEET), base.translate(_UNLEET_L).translate(_UNLEET)}


def is_common(text: str) -> bool:
    """A top-10k common password (give or take affixes and l33t) or a trivial pattern."""
    return common_kind(text) is not None


# Bounds before any Unicode work. NFKC reorders each run of combining marks by insertion sort,
# so 100 000 marks took 21 s; nothing past MAX_ANALYSED_CHARS is analysed anyway (zxcvbn sees
# PREFIX_CHARS = 64, and every rule's min_length is at most 128), and a run of more than
# MAX_COMBINING_RUN marks is cut to that (Unicode's stream-safe format, UAX #15, allows 30).
MAX_ANALYSED_CHARS = 256
MAX_COMBINING_RUN = 30


def bounded(password: str) -> str:
    """The part of `password` that is analysed: its first MAX_ANALYSED_CHARS characters,
    with every run of combining marks cut to MAX_COMBINING_RUN. Linear, and small."""
    head = password[:MAX_ANALYSED_CHARS]
    if not any(unicodedata.combining(c) for c in head):
        return head
    kept: list[str] = []
    run = 0
    for char in head:
        run = run + 1 if unicodedata.combining(char) else 0
        if run <= MAX_COMBINING_RUN:
            kept.append(char)
    return "".join(kept)


def _length(text: str) -> int:
    """Characters as a person counts them: a run of combining marks adds one at most, so a
    letter with 100 000 accents stacked on it is not a long password."""
    length = 0
    in_marks = False
    for char in text:
        mark = unicodedata.combining(char) != 0
        if not (mark and in_marks):
            length += 1
        in_marks = mark
    return length


def normalise(password: str) -> tuple[str, int]:
    """NFKC (full-width ｐａｓｓ from a Chinese IME is `pass`) of the bounded password, and
    the shorter of both lengths (at most MAX_ANALYSED_CHARS: the rest earns nothing)."""
    head = bounded(password)
    text = unicodedata.normalize("NFKC", head)
    return text, min(len(head), _length(text))


def quick_estimate(secret: Secret) -> QuickEstimate:
    text, length = normalise(secret.reveal())
    band = _length_band(length)
    classes = _classes(text)
    common = length > 0 and is_common(text)
    if band == "empty":
        meter = 0
    elif common:
        meter = 1 if band in ("long", "very_long") else 0
    else:  # the band sets the step; a single character class costs one
        base = {"short": 1, "medium": 2, "long": 3, "very_long": 4}[band]
        meter = base - (1 if classes <= 1 else 0)
    return QuickEstimate(band, classes, common, meter)
