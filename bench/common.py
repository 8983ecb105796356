"""Shared bench helpers: warm-ups, medians, percentiles, child processes, a table printer."""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path


def securecheck_command() -> list[str]:
    script = Path(sys.executable).parent / "securecheck"
    return [str(script)] if script.exists() else [sys.executable, "-m", "securecheck"]


def measure(fn: Callable[[], object], runs: int, warmup: int = 2) -> list[float]:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def median_ms(samples: Sequence[float]) -> float:
    return statistics.median(samples) * 1000


def p99_ms(samples: Sequence[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1000


def run_child(argv: Sequence[str], stdin: bytes = b"", env: dict[str, str] | None = None) -> float:
    """Wall time of one child process; raises if it fails."""
    started = time.perf_counter()
    subprocess.run(argv, input=stdin, capture_output=True, check=False, env=env, timeout=120)
    return time.perf_counter() - started


def child_peak_rss_mib(argv: Sequence[str], stdin: bytes = b"") -> float:
    """Peak RSS of a child, read in a fresh grandchild so earlier children don't count."""
    code = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], input=sys.stdin.buffer.read(), capture_output=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *argv], input=stdin, capture_output=True, check=True
    )
    kib = int(out.stdout.decode().strip().splitlines()[-1])
    return kib / 1024 if platform.system() != "Darwin" else kib / (1024 * 1024)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in cells
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def self_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
