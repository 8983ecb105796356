"""The breach check and the vault audit, measured.

1. A synthetic Pwned Passwords file (`SHA1HEX:COUNT` CRLF lines in hash order, uniform hashes
   like the real one) of LINES lines (default 10^8, about 4.5 GB) is written to a temporary
   folder next to this script (or BENCH_DIR), searched, and deleted at the end.
2. Look-ups: the median of SAMPLES searches (half present, half absent) with a warm page
   cache, and cold — each one on a freshly mapped file after posix_fadvise(DONTNEED) dropped
   the file's cached pages — beside a linear scan of the same file for an absent hash (what
   a tool that reads the file through does; bytes.find over 8 MiB chunks, the fastest scan
   Python can do), warm and cold, in the same run.
3. A 5,000-entry Bitwarden CSV export audited (weak + reused + offline breached + 2FA) by the
   installed `securecheck vault`, in a pty so its progress line shows; wall time, median of 3.

Run: python bench/bench_breaches.py [LINES]   (check free space first: about 45 bytes a line)
"""

from __future__ import annotations

import csv
import io
import os
import pty
import random
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import machine, securecheck_command, table

from securecheck.password.corpus import open_corpus

LINES = int(sys.argv[1]) if len(sys.argv) > 1 else 10**8
SAMPLES = 201
BUCKETS = 1 << 16  # lines are generated 4 hex characters of prefix at a time, then sorted
HERE = Path(__file__).parent


def generate(path: Path, lines: int) -> list[bytes]:
    """Write the corpus; return some of its hashes (for look-ups that find something)."""
    rng = random.Random(7)
    kept: list[bytes] = []
    per_bucket, extra = divmod(lines, BUCKETS)
    every = max(1, BUCKETS // 400)
    with path.open("wb", buffering=16 * 1024 * 1024) as out:
        for bucket in range(BUCKETS):
            n = per_bucket + (1 if bucket < extra else 0)
            raw = rng.randbytes(18 * n)
            tails = sorted({raw[i : i + 18] for i in range(0, len(raw), 18)})
            head = f"{bucket:04X}"
            chunk = [
                f"{head}{tail.hex().upper()}:{1 + (i * 7919) % 5000}\r\n"
                for i, tail in enumerate(tails)
            ]
            if bucket % every == 0 and chunk:
                kept.append(chunk[len(chunk) // 2][:40].encode())
            out.write("".join(chunk).encode("ascii"))
    return kept


def drop_cache(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def linear_scan(path: Path, key: bytes) -> bool:
    """Read the whole file looking for `key` (absent: the full file is read)."""
    tail = b""
    with path.open("rb", buffering=0) as fh:
        while chunk := fh.read(8 * 1024 * 1024):
            if key in tail + chunk[:64] or key in chunk:
                return True
            tail = chunk[-64:]
    return False


def lookups(path: Path, keys: list[bytes]) -> tuple[list[float], list[float], float, float]:
    corpus = open_corpus(path)
    for key in keys:  # warm the pages the searches touch
        corpus.count(key)
    warm = []
    for key in keys:
        started = time.perf_counter()
        corpus.count(key)
        warm.append(time.perf_counter() - started)
    corpus.close()
    cold, opens = [], []
    for key in keys[:61]:
        drop_cache(path)
        started = time.perf_counter()
        fresh = open_corpus(path)
        opened = time.perf_counter()
        fresh.count(key)
        cold.append(time.perf_counter() - opened)
        opens.append(opened - started)
        fresh.close()
    return warm, cold, statistics.median(opens), len(keys)


def vault_export(path: Path, entries: int, corpus_keys: list[bytes]) -> None:
    rng = random.Random(11)
    words = (HERE.parent / "securecheck" / "data" / "common_passwords.txt").read_text().split()
    rows = []
    passwords: list[str] = []
    for i in range(entries):
        kind = i % 5
        if kind == 0 and passwords:
            password = rng.choice(passwords)  # reused
        elif kind == 1:
            password = rng.choice(words) + str(rng.randint(1, 2025))  # weak
        elif kind == 2:
            password = "-".join(rng.choice(words) for _ in range(4))  # passphrase
        else:
            alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!@#$%"
            password = "".join(rng.choice(alphabet) for _ in range(rng.randint(10, 24)))
        passwords.append(password)
        domain = rng.choice(["okx.com", "github.com", "example.org", f"site{i}.example"])
        rows.append(["", "", "login", f"Entry {i}", "", "", "0", f"https://{domain}/", f"u{i}",
                     password, ""])  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out)
    header = "folder favorite type name notes fields reprompt login_uri login_username"
    writer.writerow([*header.split(), "login_password", "login_totp"])
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def run_in_pty(argv: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Wall time, exit code and the number of progress updates seen on the terminal."""
    controller, terminal = pty.openpty()
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=terminal, env=env)  # fmt: skip
    os.close(terminal)
    seen = b""
    while True:
        ready, _, _ = select.select([controller], [], [], 0.2)
        if ready:
            try:
                data = os.read(controller, 65536)
            except OSError:
                data = b""
            if not data:
                break
            seen += data
        elif proc.poll() is not None:
            break
    code = proc.wait()
    elapsed = time.perf_counter() - started
    os.close(controller)
    return elapsed, code, seen.count(b"\r")


def main() -> int:
    folder = Path(os.environ.get("BENCH_DIR", HERE))
    need = LINES * 46
    free = shutil.disk_usage(folder).free
    if free < need * 1.2:
        print(f"not enough space in {folder}: {need / 1e9:.1f} GB needed, {free / 1e9:.1f} free")
        return 1
    work = Path(tempfile.mkdtemp(prefix="bench-breaches-", dir=folder))
    try:
        corpus = work / "pwnedpasswords.txt"
        started = time.perf_counter()
        present = generate(corpus, LINES)
        made = time.perf_counter() - started
        size = corpus.stat().st_size
        rng = random.Random(3)
        absent = [rng.randbytes(20).hex().upper().encode() for _ in present]
        keys = [k for pair in zip(present, absent, strict=False) for k in pair][:SAMPLES]
        rng.shuffle(keys)
        warm, cold, open_s, _n = lookups(corpus, keys)
        scan_warm_key = b"F" * 39 + b"0"  # absent: the whole file is read
        linear_scan(corpus, scan_warm_key)  # the whole file in the page cache (if it fits)
        started = time.perf_counter()
        linear_scan(corpus, scan_warm_key)
        scan_warm = time.perf_counter() - started
        drop_cache(corpus)
        started = time.perf_counter()
        linear_scan(corpus, scan_warm_key)
        scan_cold = time.perf_counter() - started
        warm_ms, cold_ms = statistics.median(warm) * 1e3, statistics.median(cold) * 1e3
        print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f} at the start")
        print(f"Corpus: {LINES:,} lines, {size / 1e9:.2f} GB, generated in {made:.0f} s\n")
        print(table(
            ["what", "median ms", "p99 / max ms", "linear scan ms", "scan ÷ look-up"],
            [
                ["look-up, warm cache", f"{warm_ms:.4f}", f"{max(warm) * 1e3:.3f}",
                 f"{scan_warm * 1e3:.0f}", f"{scan_warm * 1e3 / warm_ms:,.0f}×"],
                ["look-up, cold cache", f"{cold_ms:.3f}", f"{max(cold) * 1e3:.3f}",
                 f"{scan_cold * 1e3:.0f}", f"{scan_cold * 1e3 / cold_ms:,.0f}×"],
                ["open + validate, cold", f"{open_s * 1e3:.3f}", "", "", ""],
            ],
        ))  # fmt: skip
        export = work / "vault.csv"
        vault_export(export, 5000, present)
        env = {**os.environ, "HOME": str(work), "XDG_CONFIG_HOME": str(work / "config")}
        argv = [*securecheck_command(), "vault", str(export), "--breaches", str(corpus),
                "--format", "json", "--output", str(work / "out.json"), "--no-save"]  # fmt: skip
        times = []
        updates = 0
        for _ in range(3):
            elapsed, code, updates = run_in_pty(argv, env)
            if code != 0:
                print("securecheck vault failed")
                return 1
            times.append(elapsed)
        print()
        print(table(
            ["what", "median s", "runs", "progress updates shown"],
            [["vault: 5,000 entries, weak + reused + offline breached + 2FA",
              f"{statistics.median(times):.1f}", len(times), updates]],
        ))  # fmt: skip
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
