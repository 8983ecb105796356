"""The letters of a name: the shipped tables, and how one name can pass for another.

Loads data/confusables.yaml (which letters, digits and letter pairs imitate which ASCII letters,
lure words, multi-part endings) and data/exchange_domains.yaml (the brands and their official
domains), and holds the letter-level tests the judging in `lookalike` is built from: what a name
looks like at a glance, which keys are neighbours, the single slip between two names, and
whether a brand is glued to lure words. Pure: no network, no messages chosen here.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

from securecheck.core.domains import DOMAIN_GROUPS, parse_domain_list
from securecheck.core.safe_yaml import load_bytes


@dataclass(frozen=True)
class Brand:
    label: str  # the first label of its domains: "okx"
    skeleton: str
    domains: tuple[str, ...]
    common: bool  # an ordinary word (gate, wise): counts only where phishing puts it
    name: str  # as people write it: "OKX", "KuCoin"


@dataclass(frozen=True)
class LookalikeData:
    captured: str
    letters: dict[str, str]  # one character -> the ASCII letter it imitates (digits too)
    sequences: dict[str, str]
    similar: tuple[str, ...]
    suffixes: frozenset[str]
    lure: frozenset[str]
    distinct: frozenset[str]
    brands: tuple[Brand, ...] = ()


def _yaml(name: str) -> Any:
    ref = resources.files("securecheck").joinpath(f"data/{name}")
    return load_bytes(ref.read_bytes(), name).data


def suffix_len(labels: list[str], suffixes: frozenset[str]) -> int:
    return 2 if ".".join(labels[-2:]) in suffixes else 1


@functools.lru_cache(maxsize=1)
def load_data() -> LookalikeData:
    conf, listed = _yaml("confusables.yaml"), _yaml("exchange_domains.yaml")
    data = LookalikeData(
        str(listed.get("captured", "")),
        {**conf["letters"], **{str(k): v for k, v in conf["digits"].items()}},
        dict(conf["sequences"]),
        tuple(conf["similar_letters"]),
        frozenset(conf["multi_part_suffixes"]),
        frozenset(conf["lure_words"]),
        frozenset(conf["known_distinct"]),
    )
    by_label: dict[str, list[str]] = {}
    parse_domain_list(listed)  # the same checks the hosts_file probe makes
    for domain in (d for group in DOMAIN_GROUPS for d in listed[group]):
        labels = domain.split(".")
        by_label.setdefault(labels[-1 - suffix_len(labels, data.suffixes)], []).append(domain)
    common = set(conf["common_words"])
    names = listed.get("names", {})
    brands = (
        Brand(
            label,
            skeleton(label, data)[0],
            tuple(doms),
            label in common,
            names.get(label) or (label.upper() if len(label) <= 3 else label.capitalize()),
        )
        for label, doms in by_label.items()
    )
    return replace(data, brands=tuple(brands))


# --- the letters -----------------------------------------------------------------------------

_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEYS = {c: (r, i) for r, row in enumerate(_ROWS) for i, c in enumerate(row)}


def skeleton(s: str, d: LookalikeData) -> tuple[str, list[tuple[str, str]]]:
    """What `s` looks like at a glance, and the substitutions that made it so."""
    out, subs = [], []
    for ch in s:
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        mapped = d.letters.get(base, base)
        if mapped != ch:
            subs.append((ch, mapped))
        out.append(mapped)
    skel = "".join(out)
    for seq, letter in d.sequences.items():
        if seq in skel:
            subs.append((seq, letter))
            skel = skel.replace(seq, letter)
    return skel, subs


def similar(a: str, b: str, d: LookalikeData) -> bool:
    return any(a in group and b in group for group in d.similar)


def near(a: str, b: str, d: LookalikeData) -> bool:
    """Neighbouring keys on a QWERTY keyboard, or letters that look alike."""
    if similar(a, b, d):
        return True
    if a not in _KEYS or b not in _KEYS:
        return False
    (ra, ca), (rb, cb) = _KEYS[a], _KEYS[b]
    # A lower row sits half a key to the right: g touches t, y above and v, b below.
    return (rb - ra, cb - ca) in {(0, -1), (0, 1), (1, -1), (1, 0), (-1, 0), (-1, 1)}


def edit(a: str, b: str) -> tuple[str, int, str, str] | None:
    """The single edit that turns `b` into `a`: (kind, position, got, wanted), if there is one."""
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return "replaced", diff[0], a[diff[0]], b[diff[0]]
        i = diff[0]
        if diff == [i, i + 1] and a[i] == b[i + 1] and a[i + 1] == b[i]:
            return "swapped", i, a[i : i + 2], b[i : i + 2]
    elif len(a) == len(b) + 1:
        for i in range(len(a)):
            if a[:i] + a[i + 1 :] == b:
                doubled = a[i] in a[max(i - 1, 0) : i] + a[i + 1 : i + 2]
                return ("doubled" if doubled else "extra"), i, a[i], ""
    elif len(a) + 1 == len(b):
        for i in range(len(b)):
            if b[:i] + b[i + 1 :] == a:
                return "missing", i, "", b[i]
    return None


def distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _filler(s: str, d: LookalikeData) -> bool:
    """Whether `s` is nothing but lure words and digits (the empty string counts)."""
    ok = [True] + [False] * len(s)
    for j in range(1, len(s) + 1):
        ok[j] = any(ok[i] and (s[i:j] in d.lure or s[i:j].isdigit()) for i in range(j))
    return ok[-1]


def glued(label: str, brand_label: str, brand: Brand, d: LookalikeData) -> bool:
    """The brand with words around it: okx-support, loginokx; any word for distinct brands."""
    parts = [p for p in label.split("-") if p]
    if not brand.common and len(brand_label) > 3 and brand_label in parts and len(parts) > 1:
        return True
    s = "".join(parts)
    at = s.find(brand_label)
    while at >= 0:
        left, right = s[:at], s[at + len(brand_label) :]
        if (left or right) and _filler(left, d) and _filler(right, d):
            return True
        at = s.find(brand_label, at + 1)
    return False
