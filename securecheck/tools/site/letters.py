"""The letters of a name: the shipped tables, and how one name can pass for another.

Three sources, all offline:
- the Unicode confusables data (UTS #39, as shipped by the `confusable-homoglyphs` package):
  which characters render like which, giving each name its *skeleton* (what it looks like at a
  glance: Cyrillic `а` and `a` share one, `rn` and `m` share one);
- the Public Suffix List (as bundled by `publicsuffixlist`): where the registrable name starts
  (okx.com.cn, bank.co.uk, someone.github.io);
- data/lookalike.yaml (lure words, brands that are ordinary words, known distinct services)
  and data/exchange_domains.yaml (the brands and their official domains).

It also holds the letter-level tests the judging in `lookalike` is built from: the single edit
between two names, the distance, and whether a brand is glued to lure words. Pure: no network,
no messages chosen here.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

import publicsuffixlist
from publicsuffixlist import PublicSuffixList

from securecheck.core.domains import DOMAIN_GROUPS, parse_domain_list
from securecheck.core.safe_yaml import load_bytes
from securecheck.files import shipped


@dataclass(frozen=True)
class Brand:
    label: str  # the registrable label of its domains: "okx"
    skeleton: str
    domains: tuple[str, ...]
    common: bool  # an ordinary word (gate, wise): counts only where phishing puts it
    name: str  # as people write it: "OKX", "KuCoin"


@dataclass(frozen=True)
class LookalikeData:
    captured: str
    sequences: Mapping[str, str]
    lure: frozenset[str]
    distinct: frozenset[str]
    common: frozenset[str]
    brands: tuple[Brand, ...] = ()


def _yaml(name: str) -> Any:
    ref = shipped(f"data/{name}")
    return load_bytes(ref.read_bytes(), name).data


@functools.lru_cache(maxsize=2)
def public_suffixes(icann_only: bool = False) -> PublicSuffixList:
    """The bundled Public Suffix List (with its private section unless `icann_only`; the
    package reads its own copy and never fetches one)."""
    return PublicSuffixList(
        _suffix_lines(), accept_unknown=True, accept_encoded_idn=False, only_icann=icann_only
    )


@functools.lru_cache(maxsize=1)
def _suffix_lines() -> tuple[str, ...]:
    """The bundled list's lines, each non-ASCII rule followed by its punycode form. That is
    what the package adds itself when it is asked to accept encoded names, but it puts every
    one of the ~10,000 rules through Python's IDNA codec to do it (~0.1 s for each of the two
    lists: most of `check-site`'s and `check-email`'s time); an ASCII rule comes back
    unchanged, so only the few hundred others need the codec. Read and split as the package
    reads its file."""
    lines: list[str] = []
    with open(publicsuffixlist.PSLFILE, "rb") as fh:
        for raw in fh:
            line = raw.decode("utf-8", "surrogateescape")
            lines.append(line)
            rule = line.lower().split(" ")[0].rstrip()
            if rule and not rule.startswith("//") and not rule.isascii():
                exception = "!" if rule.startswith("!") else ""
                lines.append(exception + publicsuffixlist.encode_idn(rule.lstrip("!")))
    return tuple(lines)


def suffix_len(ascii_labels: list[str], *, icann_only: bool = False) -> int:
    """How many of the last labels are a public suffix (com: 1, com.cn: 2, github.io: 2)."""
    suffix = public_suffixes(icann_only).publicsuffix(".".join(ascii_labels))
    return len(suffix.split(".")) if suffix else 1


@functools.lru_cache(maxsize=1)
def prototypes() -> Mapping[str, str]:
    """Each confusable character -> its UTS #39 prototype (one or more characters).

    The package stores every line `source -> prototype` of confusables.txt in both directions.
    The direction comes back from how the table is built: a prototype is never itself a source,
    so a character listing a longer sequence, or a single partner that has other partners, is
    the source. A lone pair (each lists only the other) keeps the ASCII one, else the lower code
    point, as the prototype.
    """
    ref = resources.files("confusable_homoglyphs").joinpath("confusables.json")
    raw: dict[str, list[dict[str, str]]] = json.loads(ref.read_text("utf-8"))
    partners = {
        key: [e["c"].replace("\u200e", "") for e in entries]
        for key, entries in raw.items()
        if len(key) == 1
    }
    table: dict[str, str] = {}
    for key, found in partners.items():
        longer = [p for p in found if len(p) > 1]
        if longer:
            table[key] = longer[0]
        elif len(found) == 1:
            other = found[0]
            theirs = partners.get(other, [])
            lone_pair_source = not key.isascii() and (other.isascii() or ord(other) < ord(key))
            if len(theirs) > 1 or lone_pair_source:
                table[key] = other
    return table


def _strip_marks(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def _glance(ch: str, table: Mapping[str, str]) -> str:
    """One character as it reads: its prototype, lower-cased, without accents, to a fixpoint."""
    out = ch
    for _round in range(3):
        step = _strip_marks("".join(table.get(c, c) for c in _strip_marks(out))).lower()
        if step == out:
            break
        out = step
    return out


@functools.lru_cache(maxsize=4096)
def skeleton(
    s: str, sequences: tuple[tuple[str, str], ...] = ()
) -> tuple[str, list[tuple[str, str]]]:
    """What `s` looks like at a glance, and the substitutions that made it so.

    UTS #39 maps m to "rn"; the skeleton keeps such a brand comparable because the brand's own
    skeleton is made the same way. Digits that read as letters (0 -> o, 1 -> l) come from the
    same data.
    """
    table = prototypes()
    out, subs = [], []
    for ch in s:
        mapped = _glance(ch, table)
        if mapped != ch and mapped.isascii() and not (ch.isascii() and ch.isalpha()):
            subs.append((ch, mapped))
        out.append(mapped)
    skel = "".join(out)
    for seq, letter in sequences:
        if seq in skel:
            subs.append((seq, letter))
            skel = skel.replace(seq, _glance(letter, table))
    return skel, subs


@functools.lru_cache(maxsize=4096)
def light_skeleton(s: str) -> tuple[str, list[tuple[str, str]]]:
    """`s` with each look-alike character read as the one letter it imitates (а -> a, 0 -> o);
    characters whose prototype is several letters (m -> rn) or none stay as they are."""
    table = prototypes()
    out, subs = [], []
    for ch in s:
        mapped = _glance(ch, table)
        if len(mapped) != 1 or not mapped.isascii() or (ch.isascii() and ch.isalpha()):
            mapped = ch
        elif mapped != ch:
            subs.append((ch, mapped))
        out.append(mapped)
    return "".join(out), subs


def brand_skeleton(s: str, d: LookalikeData) -> tuple[str, list[tuple[str, str]]]:
    return skeleton(s, tuple(d.sequences.items()))


@functools.lru_cache(maxsize=1)
def load_data() -> LookalikeData:
    conf, listed = _yaml("lookalike.yaml"), _yaml("exchange_domains.yaml")
    data = LookalikeData(
        str(listed.get("captured", "")),
        {str(k): str(v) for k, v in conf["sequences"].items()},
        frozenset(conf["lure_words"]),
        frozenset(conf["known_distinct"]),
        frozenset(conf["common_words"]),
    )
    by_label: dict[str, list[str]] = {}
    parse_domain_list(listed)  # the same checks the hosts_file probe makes
    for domain in (d for group in DOMAIN_GROUPS for d in listed[group]):
        labels = domain.split(".")
        by_label.setdefault(labels[-1 - suffix_len(labels)], []).append(domain)
    names = listed.get("names", {})
    brands = (
        Brand(
            label,
            brand_skeleton(label, data)[0],
            tuple(doms),
            label in data.common,
            names.get(label) or (label.upper() if len(label) <= 3 else label.capitalize()),
        )
        for label, doms in by_label.items()
    )
    return replace(data, brands=tuple(brands))


# --- edits between two names ------------------------------------------------------------------


def edit(a: str, b: str) -> tuple[str, int, str, str] | None:
    """The single edit that turns `b` into `a`: (kind, position, got, wanted), if there is one."""
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return "replaced", diff[0], a[diff[0]], b[diff[0]]
        if not diff:
            return None
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


def distance(a: str, b: str, limit: int = 2) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, capped at `limit` + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


def _filler(s: str, d: LookalikeData) -> bool:
    """Whether `s` is nothing but lure words, digits and hyphens (the empty string counts)."""
    s = s.replace("-", "")
    ok = [True] + [False] * len(s)
    for j in range(1, len(s) + 1):
        ok[j] = any(ok[i] and (s[i:j] in d.lure or s[i:j].isdigit()) for i in range(j))
    return ok[-1]


def glued(label: str, brand_label: str, brand: Brand, d: LookalikeData) -> bool:
    """The brand with words around it.

    A brand that is no ordinary word counts anywhere in the name (myokxwallet, okx-anything);
    an ordinary word (gate, wise) only beside lure words or as a hyphenated part next to them,
    so gateway.com and otherwise.com stay unrelated.
    """
    s = label.replace("-", "")
    if s == brand_label or brand_label not in s:
        return False
    if not brand.common:
        return True
    at = s.find(brand_label)
    while at >= 0:
        if _filler(s[:at], d) and _filler(s[at + len(brand_label) :], d):
            return True
        at = s.find(brand_label, at + 1)
    return False
