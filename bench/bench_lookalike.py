"""How well the look-alike checker catches squats, and how often it cries wolf.

Independent of the tests and of the checker's own tables: its own permutation engine (the
fuzzers phishing defenders run, dnstwist-style, written here), its own glyph table, its own
lure words. For every listed brand it generates additions, bitsquats, homoglyphs (Unicode and
punycode), hyphenations, insertions, omissions, repetitions, replacements (keyboard neighbours
and any letter or digit), transpositions, vowel swaps, plurals, TLD swaps, dot-splits, brand +
word combinations and subdomain tricks, and counts how many `check_site` calls a look-alike.
Then it judges a corpus of ordinary names, every dictionary word of 3-12 letters from zxcvbn's
frequency lists (English Wikipedia, US TV and film) and the BIP39 English list when `mnemonic`
is installed, under common endings, and counts the false flags; and the brands' own domains,
which must all be official.

    python bench/bench_lookalike.py            # the table for bench/README.md
    python bench/bench_lookalike.py --show 20  # also print up to 20 misses and false flags
"""

from __future__ import annotations

import argparse
import statistics
import string
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator

import idna

from securecheck.core.domains import shipped_domains
from securecheck.tools.site.letters import load_data
from securecheck.tools.site.lookalike import check_site

ALNUM = string.ascii_lowercase + string.digits
VOWELS = "aeiou"
ROWS = ("1234567890-", "qwertyuiop", "asdfghjkl", "zxcvbnm")
# Our own glyph table: what a squatter types or pastes for a letter.
GLYPHS: dict[str, list[str]] = {
    "a": ["а", "ɑ", "α", "à", "á", "ä", "å", "ą", "4"],
    "b": ["ь", "Ь", "ḃ", "6", "lb"],
    "c": ["с", "ϲ", "ç", "ć", "ċ"],
    "d": ["ԁ", "cl", "ḋ", "đ"],
    "e": ["е", "ε", "é", "è", "ë", "ė", "ę", "3"],
    "f": ["ƒ", "ḟ"],
    "g": ["ɡ", "ġ", "ğ", "q", "9"],
    "h": ["һ", "ḣ", "ħ", "lh"],
    "i": ["і", "ı", "ι", "í", "ï", "1", "l", "!"],
    "j": ["ј", "ĵ"],
    "k": ["κ", "к", "ķ", "lk"],
    "l": ["ӏ", "1", "i", "ł", "|"],
    "m": ["rn", "м", "ṁ", "nn"],
    "n": ["ո", "ń", "ñ", "ṅ", "η"],
    "o": ["о", "ο", "օ", "0", "ö", "ó", "ø"],
    "p": ["р", "ρ", "ṗ"],
    "q": ["ԛ", "g"],
    "r": ["г", "ŕ", "ṙ"],
    "s": ["ѕ", "ś", "ş", "5", "$"],
    "t": ["τ", "ţ", "ṫ", "7"],
    "u": ["υ", "ս", "ü", "ú", "µ"],
    "v": ["ν", "ѵ", "ṿ"],
    "w": ["ԝ", "ω", "vv", "ŵ"],
    "x": ["х", "χ", "ẋ"],
    "y": ["у", "ү", "ý", "ÿ"],
    "z": ["ż", "ź", "ʐ", "2"],
}
WORDS = (
    "login", "support", "secure", "wallet", "app", "verify", "account", "help", "official",
    "update", "kyc", "web3", "airdrop", "bonus", "claim", "service", "team", "online", "auth",
    "signin", "pro", "global", "exchange", "cn", "vip", "my", "get", "desk", "live",
)  # fmt: skip
TLDS = (
    "com", "net", "org", "io", "co", "app", "xyz", "top", "info", "biz", "cc", "me", "us", "cn",
    "com.cn", "hk", "com.hk", "tw", "co.uk", "de", "ru", "site", "online", "vip", "pro", "shop",
    "club", "live", "finance", "exchange",
)  # fmt: skip
CORPUS_TLDS = ("com", "net", "org", "io", "co")


def neighbours(ch: str) -> str:
    for r, row in enumerate(ROWS):
        if ch in row:
            i = row.index(ch)
            near = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            for other in (r - 1, r + 1):
                if 0 <= other < len(ROWS):
                    near += [ROWS[other][j] for j in (i - 1, i, i + 1) if 0 <= j < len(ROWS[other])]
            return "".join(near)
    return ""


def label_fuzz(label: str) -> Iterator[tuple[str, str]]:
    """(fuzzer, permuted label) for one registrable label."""
    n = len(label)
    for c in ALNUM:
        yield "addition", label + c
        yield "addition", c + label
    for i, ch in enumerate(label):
        for bit in range(8):
            flipped = chr(ord(ch) ^ (1 << bit))
            if flipped in ALNUM + "-":
                yield "bitsquatting", label[:i] + flipped + label[i + 1 :]
        for glyph in GLYPHS.get(ch, []):
            yield "homoglyph", label[:i] + glyph + label[i + 1 :]
        yield "omission", label[:i] + label[i + 1 :]
        yield "repetition", label[:i] + ch + label[i:]
        for near in neighbours(ch):
            yield "replacement-keyboard", label[:i] + near + label[i + 1 :]
            yield "insertion", label[:i] + near + label[i:]
            yield "insertion", label[: i + 1] + near + label[i + 1 :]
        for c in ALNUM:
            yield "replacement-any", label[:i] + c + label[i + 1 :]
        if ch in VOWELS:
            for v in VOWELS:
                yield "vowel-swap", label[:i] + v + label[i + 1 :]
        if i < n - 1:
            yield "transposition", label[:i] + label[i + 1] + ch + label[i + 2 :]
        if 0 < i:
            yield "hyphenation", label[:i] + "-" + label[i:]
    yield "plural", label + "s"
    yield "plural", label + "es"
    for word in WORDS:
        for made in (label + word, word + label, f"{label}-{word}", f"{word}-{label}"):
            yield "dictionary", made


def permutations(domain: str) -> Iterator[tuple[str, str]]:
    """(fuzzer, host) for one listed domain."""
    label, _, suffix = domain.partition(".")
    for fuzzer, made in label_fuzz(label):
        yield fuzzer, f"{made}.{suffix}"
    for tld in TLDS:
        yield "tld-swap", f"{label}.{tld}"
    for i in range(1, len(label)):
        yield "subdomain", f"{label[:i]}.{label[i:]}.{suffix}"
    for evil in ("secure-login.io", "evil.com", "account-verify.net", "github.io"):
        yield "subdomain-trick", f"{domain}.{evil}"
        yield "subdomain-trick", f"{label}.{evil}"
        yield "subdomain-trick", f"{label}-login.{evil}"
    for tld in ("site", "com", "net", "top"):
        yield "subdomain-trick", f"{label}-{suffix.replace('.', '-')}.{tld}"
        yield "subdomain-trick", f"login-{label}.{tld}"


def _valid_host(host: str) -> str | None:
    labels = host.split(".")
    if any(c.isascii() and c not in ALNUM + "-." for c in host):
        return None  # ! $ | cannot stand in a host name: not a squat anyone can register
    if any(not x or x.startswith("-") or x.endswith("-") for x in labels):
        return None
    return host


def brand_cases() -> dict[str, list[tuple[str, str]]]:
    official = shipped_domains().domains
    cases: dict[str, list[tuple[str, str]]] = {}
    for brand in load_data().brands:
        seen: set[str] = set()
        out: list[tuple[str, str]] = []
        for domain in brand.domains:
            for fuzzer, host in permutations(domain):
                h = _valid_host(host)
                if h is None or h in seen or h in official:
                    continue
                if any(h == x or h.endswith("." + x) for x in official):
                    continue  # a subdomain of a real domain is official, not a squat
                seen.add(h)
                out.append((fuzzer, h))
                if fuzzer == "homoglyph" and not h.isascii():
                    try:
                        puny = idna.encode(h, uts46=True).decode("ascii")
                    except idna.IDNAError:
                        continue
                    if puny not in seen:
                        seen.add(puny)
                        out.append(("homoglyph-punycode", puny))
        cases[brand.label] = out
    return cases


def corpus_words() -> list[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    words: set[str] = set()
    for name in ("english_wikipedia", "us_tv_and_film"):
        words.update(FREQUENCY_LISTS[name])
    try:
        from mnemonic import Mnemonic

        words.update(Mnemonic("english").wordlist)
    except ImportError:
        pass
    return sorted(w for w in words if w.isascii() and w.isalpha() and 3 <= len(w) <= 12)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print up to N misses / false flags")
    args = parser.parse_args()
    times: list[float] = []

    def judge(host: str) -> str:
        started = time.perf_counter()
        kind = check_site(host).kind
        times.append(time.perf_counter() - started)
        return kind

    words = corpus_words()
    flagged: dict[str, list[str]] = defaultdict(list)
    total = 0
    for word in words:
        for tld in CORPUS_TLDS:
            host = f"{word}.{tld}"
            if host in shipped_domains().domains:
                continue
            total += 1
            verdict = check_site(host)
            if verdict.kind == "lookalike":
                flagged[str(verdict.brand)].append(host)

    print("| brand | permutations | caught | catch rate | corpus names flagged as it |")
    print("|---|---|---|---|---|")
    all_n = all_caught = 0
    worst = 1.0
    missed_by: Counter[str] = Counter()
    misses: list[str] = []
    cases_by_brand = brand_cases()
    names = {b.label: b.name for b in load_data().brands}
    for label, cases in cases_by_brand.items():
        caught = 0
        for fuzzer, host in cases:
            if judge(host) == "lookalike":
                caught += 1
            else:
                missed_by[fuzzer] += 1
                misses.append(f"{label}: {fuzzer} {host}")
        rate = caught / len(cases)
        worst = min(worst, rate)
        all_n += len(cases)
        all_caught += caught
        false = len(flagged.get(names[label], []))
        print(f"| {label} | {len(cases)} | {caught} | {rate:.2%} | {false} ({false / total:.3%}) |")
    n_flagged = sum(len(v) for v in flagged.values())
    print(f"| **all {len(cases_by_brand)} brands** | {all_n} | {all_caught} | "
          f"**{all_caught / all_n:.2%}** (worst brand {worst:.2%}) | "
          f"{n_flagged} (**{n_flagged / total:.2%}**) |")  # fmt: skip
    print(f"\nmisses by fuzzer: {dict(missed_by.most_common())}")
    print(f"corpus: {len(words)} words x {len(CORPUS_TLDS)} endings = {total} names")
    own = sorted(shipped_domains().domains)
    not_official = [d for d in own if check_site(d).kind != "official"]
    print(f"brands' own domains: {len(own)}, official: {len(own) - len(not_official)}")
    print(f"median check_site: {statistics.median(times) * 1e6:.0f} µs over {len(times)} calls")
    if args.show:
        print("\nmisses:", *misses[: args.show], sep="\n  ")
        sample = [h for v in flagged.values() for h in v]
        print("\nfalse flags:", *sample[: args.show], sep="\n  ")
    return 0 if not not_official else 1


if __name__ == "__main__":
    sys.exit(main())
