"""The recovery-phrase scan, measured: MB/s of text, median of several runs.

1. Text is generated on disk (in a temporary folder next to this script, or BENCH_DIR):
   MB megabytes (default 64) of notes-like text in files of at most 1 MiB (the probe's
   per-file limit), of three kinds:
   - prose: paragraphs of real English (Python's own help topics, `pydoc_data.topics`, in
     which 21% of the words are BIP39 words), shuffled, with a Chinese paragraph now and then
     (characters of both Chinese lists, full-width punctuation);
   - word-list-heavy: sentences drawn so that about two thirds of the words are BIP39 words,
     the worst case for the matcher (long runs of candidates, checksums on many windows);
   - Chinese prose: paragraphs of characters of both Chinese lists (the lists are the
     commonest characters, so every character of this text is a list word) with full-width
     punctuation, short lines now and then, numbers, and a line of the English prose in one
     piece of ten.
   A checksum-valid phrase (English or either Chinese list) is planted on a line of its own
   in every eighth file.
2. The matcher alone: each file's bytes searched (`find_phrases_in_bytes`, what the probe
   calls), median of RUNS over the whole set, as MB/s.
3. The probe end to end on a fake home holding those files in Documents/ (listing, stat,
   the host's reads, the limits): median MB/s, with the byte limit raised to fit.
4. Both once more in a fresh process, once ("cold"): what an audit pays, which scans a home
   once; the automaton is built state by state as the text needs them, so the first pass is
   slower than the medians of the warm runs.

Run: python bench/bench_seed_phrases.py [MB]   (needs about MB megabytes of free space)
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from pydoc_data.topics import topics

from common import machine, table
from mnemonic import Mnemonic

from securecheck.probes.seed_phrase_files.matcher import find_phrases_in_bytes
from securecheck.probes.seed_phrase_files.runner import Limits, scan
from securecheck.probes.system import SystemHost

MB = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 64
RUNS = 5
FILE_BYTES = 1 << 20
HERE = Path(__file__).parent

# Short words (a quarter of English text; none is a BIP39 word) and common longer ones.
SHORT = "a I is of to in it on at by an or as be we he if no so up do my me us am".split()  # noqa: SIM905
LONGER = (  # noqa: SIM905
    "the and that with this from have they will would there their which could people "
    "because through between government important something different however information "
    "development were been said each what when your more some them than then these very"
).split()
PUNCT = "，。、；：？！"


def english_sentence(rng: random.Random, words: list[str], weights: list[int]) -> str:
    chosen = rng.choices(words, weights, k=rng.randint(6, 30))
    return " ".join(chosen).capitalize() + rng.choice([". ", ".\n", ", ", "? ", ".\n\n"])


def chinese_paragraph(rng: random.Random, chars: list[str]) -> str:
    parts = []
    for _ in range(rng.randint(3, 8)):
        parts.append("".join(rng.choices(chars, k=rng.randint(4, 18))) + rng.choice(PUNCT))
    return "".join(parts) + "\n"


def chinese_piece(rng: random.Random, chars: list[str], english: list[str]) -> str:
    """Chinese prose: mostly paragraphs, some short lines and numbers, English now and then."""
    roll = rng.random()
    if roll < 0.1:
        return rng.choice(english).split("\n")[0] + "\n"  # a line of English prose
    if roll < 0.2:
        return "".join(rng.choices(chars, k=rng.randint(2, 10))) + "\n"  # a heading, a list item
    if roll < 0.25:
        return f"{rng.randint(1, 31)}日 {rng.randint(0, 9999)} 元，" + chinese_paragraph(rng, chars)
    return chinese_paragraph(rng, chars)


def make_text(folder: Path, total: int, rng: random.Random, kind: str) -> int:
    """Write `total` bytes of notes-like text as files of at most 1 MiB; the phrases planted."""
    english = Mnemonic("english")
    zh = [Mnemonic("chinese_simplified"), Mnemonic("chinese_traditional")]
    words = english.wordlist + LONGER + SHORT
    weights = [1] * len(english.wordlist) + [12] * len(LONGER) + [40] * len(SHORT)
    chars = zh[0].wordlist + zh[1].wordlist
    paragraphs = [p + "\n\n" for t in topics.values() for p in t.split("\n\n") if p.strip()]
    written, number, planted = 0, 0, 0
    while written < total:
        chunks: list[str] = []
        size = 0
        while size < FILE_BYTES - 4096:
            if kind == "chinese":
                piece = chinese_piece(rng, chars, paragraphs)
            elif rng.random() < 0.03:
                piece = chinese_paragraph(rng, chars)
            elif kind == "heavy":
                piece = english_sentence(rng, words, weights)
            else:
                piece = rng.choice(paragraphs)
            chunks.append(piece)
            size += len(piece.encode("utf-8"))
        if number % 8 == 0:
            which = number // 8 % 3
            phrase = (english if which == 0 else zh[which - 1]).generate(128)
            chunks.insert(len(chunks) // 2, "\nbackup: " + phrase + "\n")
            planted += 1
        data = "".join(chunks).encode("utf-8")[:FILE_BYTES]
        (folder / f"notes-{number:04d}.txt").write_bytes(data)
        written += len(data)
        number += 1
    return planted


def rates(size: int, work: Callable[[], int]) -> tuple[float, float, int]:
    """(MB/s by the wall clock, MB/s per CPU second, what `work` found): medians of RUNS,
    after one warm-up run (the automaton and the word lists are built on first use). On a
    shared machine the wall clock also counts other processes' turns; CPU time does not."""
    wall, cpu, found = [], [], 0
    for run in range(RUNS + 1):
        started, started_cpu = time.perf_counter(), time.process_time()
        found = work()
        if run:
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
    return size / 1e6 / statistics.median(wall), size / 1e6 / statistics.median(cpu), found


def search_files(folder: Path) -> tuple[int, Callable[[], int]]:
    files = sorted(folder.iterdir())
    datas = [f.read_bytes() for f in files]
    return sum(map(len, datas)), lambda: sum(len(find_phrases_in_bytes(d)) for d in datas)


def scan_home(home: Path) -> tuple[int, Callable[[], int]]:
    host = SystemHost()
    size = sum(f.stat().st_size for f in (home / "Documents").iterdir())
    limits = Limits(total_bytes=size + 1, files=100_000, seconds=600.0)
    return size, lambda: len(scan(host, str(home), "/", limits).found)


def cold_rate(what: str, home: Path) -> float:
    """MB/s of one pass in a fresh process (CPU time: the build of the automaton included)."""
    out = subprocess.run(
        [sys.executable, __file__, "--cold", what, str(home)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip())


def cold_child(what: str, home: Path) -> None:
    size, work = search_files(home / "Documents") if what == "matcher" else scan_home(home)
    started = time.process_time()
    work()
    print(size / 1e6 / (time.process_time() - started))


KINDS = {"prose": "prose", "heavy": "word-list-heavy", "chinese": "Chinese prose"}


def main() -> None:
    if sys.argv[1:2] == ["--cold"]:
        cold_child(sys.argv[2], Path(sys.argv[3]))
        return
    base = Path(os.environ.get("BENCH_DIR", HERE))
    print(machine())
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    rows = []
    for kind, name in KINDS.items():
        work = Path(tempfile.mkdtemp(prefix="seed-bench-", dir=base))
        try:
            home = work / "home"
            docs = home / "Documents"
            docs.mkdir(parents=True)
            planted = make_text(docs, MB * 1_000_000, random.Random(2026), kind)
            files = len(list(docs.iterdir()))
            label = f"{name}, {MB} MB in {files} files, {planted} planted"
            for what, setup in (("matcher", search_files), ("probe scan", scan_home)):
                size, job = setup(docs if what == "matcher" else home)
                wall, cpu, found = rates(size, job)
                cold = cold_rate("matcher" if what == "matcher" else "scan", home)
                unit = "phrases" if what == "matcher" else "files"
                rows.append(
                    [label, what, f"{wall:.0f}", f"{cpu:.0f}", f"{cold:.0f}", f"{found} {unit}"]
                )
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    headers = [
        "text",
        "what",
        f"MB/s wall (median of {RUNS})",
        "MB/s per CPU s",
        "cold, per CPU s",
        "found",
    ]
    print(table(headers, rows))


if __name__ == "__main__":
    main()
