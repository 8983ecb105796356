"""Small Pwned Passwords corpora for tests, in both layouts the official downloader writes.

Not a conftest (see secscan.py): imported by name from the tests that need it.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Mapping
from pathlib import Path


def sha1_hex(password: str) -> str:
    return hashlib.sha1(password.encode("utf-8")).hexdigest().upper()


def _filler(count: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    return {
        hashlib.sha1(rng.randbytes(16)).hexdigest().upper(): rng.randint(1, 50_000)
        for _ in range(count)
    }


def lines_of(hashes: Mapping[str, int]) -> list[str]:
    return [f"{h}:{n}" for h, n in sorted(hashes.items())]


def write_file_corpus(
    path: Path,
    planted: Mapping[str, int],
    *,
    filler: int = 3000,
    newline: str = "\n",
    seed: int = 1,
    final_newline: bool = True,
) -> Path:
    """One file of `SHA1HEX:COUNT` lines in hash order; `planted` maps password -> count."""
    hashes = _filler(filler, seed)
    hashes.update({sha1_hex(p): n for p, n in planted.items()})
    text = newline.join(lines_of(hashes)) + (newline if final_newline else "")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("ascii"))
    return path


def write_dir_corpus(
    root: Path,
    planted: Mapping[str, int],
    *,
    absent: Iterable[str] = (),
    per_file: int = 40,
    seed: int = 2,
) -> Path:
    """The range layout: `PREFIX.txt` files of `SUFFIX35:COUNT` lines, CRLF, no final newline
    (as the range API answers). Writes 00000, FFFFF and the prefix file of every planted and
    `absent` password (so a look-up of an absent one finds its file without it)."""
    rng = random.Random(seed)
    by_prefix: dict[str, dict[str, int]] = {"00000": {}, "FFFFF": {}}
    for password in absent:
        by_prefix.setdefault(sha1_hex(password)[:5], {})
    for password, n in planted.items():
        full = sha1_hex(password)
        by_prefix.setdefault(full[:5], {})[full[5:]] = n
    root.mkdir(parents=True, exist_ok=True)
    for prefix, rows in by_prefix.items():
        for _ in range(per_file):
            rows["".join(rng.choice("0123456789ABCDEF") for _ in range(35))] = rng.randint(1, 999)
        (root / f"{prefix}.txt").write_bytes("\r\n".join(lines_of(rows)).encode("ascii"))
    return root
