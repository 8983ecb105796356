"""How long the password check takes: raw zxcvbn against our bounded analysis.

Run: python bench/bench_password.py [--budget SECONDS]

For each input kind (ordinary human-style, random, crafted l33t, and the hostile shapes: a run
of combining marks, alternating marks, CJK) and length (8 ... 10 000, and 100 000 for the
random and hostile kinds) it
times `analyse()`, `quick_estimate()` and raw `zxcvbn()`, after a warm-up, and prints the median
and p99 per call. Raw zxcvbn refuses more than 72 characters (its own guard), shown as "refused".
Each cell runs until it has 200 samples or has used its time budget (at least 5 samples), so a
p99 from few samples is close to the maximum.
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import sys
import time
from collections.abc import Callable

from zxcvbn import zxcvbn  # type: ignore[import-untyped]
from zxcvbn.frequency_lists import FREQUENCY_LISTS  # type: ignore[import-untyped]

from securecheck.core.secret import Secret
from securecheck.password.analyse import analyse, quick_estimate

LENGTHS = (8, 16, 32, 64, 256, 10_000)
CRAFTED_UNIT = "4@8({[</369&#!1/|0$5+7%2/"  # every l33t character zxcvbn knows
MAX_SAMPLES = 200
MIN_SAMPLES = 5


def ordinary(rng: random.Random, length: int) -> str:
    """What people type: common words, capitalised, with years and a symbol."""
    common = FREQUENCY_LISTS["passwords"][:5000] + FREQUENCY_LISTS["english_wikipedia"][:5000]
    text = ""
    while len(text) < length:
        text += rng.choice(common).capitalize() + rng.choice(["", str(rng.randint(1970, 2026))])
        text += rng.choice(["", "!", "@", "#", "."])
    return text[:length]


def random_text(rng: random.Random, length: int) -> str:
    alphabet = string.ascii_letters + string.digits + string.punctuation
    return "".join(rng.choice(alphabet) for _ in range(length))


def crafted(rng: random.Random, length: int) -> str:
    start = rng.randrange(len(CRAFTED_UNIT))
    unit = CRAFTED_UNIT[start:] + CRAFTED_UNIT[:start]
    return (unit * (length // len(unit) + 1))[:length]


def combining_run(rng: random.Random, length: int) -> str:
    """One letter and a run of combining marks (NFKC reorders them by insertion sort)."""
    return "a" + "".join(rng.choice("\u0301\u0327\u0308\u0323\u031b") for _ in range(length - 1))


def alternating_marks(rng: random.Random, length: int) -> str:
    return ("a\u0301" * (length // 2 + 1))[:length]


def cjk(rng: random.Random, length: int) -> str:
    return "".join(chr(rng.randrange(0x4E00, 0x9FFF)) for _ in range(length))


KINDS: dict[str, Callable[[random.Random, int], str]] = {
    "ordinary": ordinary,
    "random": random_text,
    "crafted": crafted,
    # Hostile shapes (issue 10 §9): before the bound, 100 000 marks took 21.5 s.
    "marks": combining_run,
    "alt-marks": alternating_marks,
    "cjk": cjk,
}
LONG_KINDS = ("random", "marks", "alt-marks", "cjk")  # also at 100 000 characters


def measure(run: Callable[[str], object], inputs: list[str], budget: float) -> list[float]:
    times: list[float] = []
    started = time.perf_counter()
    while len(times) < MAX_SAMPLES:
        text = inputs[len(times) % len(inputs)]
        t0 = time.perf_counter()
        run(text)
        times.append((time.perf_counter() - t0) * 1000)
        if len(times) >= MIN_SAMPLES and time.perf_counter() - started > budget:
            break
    return times


def p99(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def stdin_audit_ms(runs: int = 5) -> float:
    """Median wall time of `securecheck audit --no-probes --password-stdin` fed 100 000
    combining marks (a child process: start-up, rules, analysis and report)."""
    import subprocess
    from pathlib import Path

    script = Path(sys.executable).parent / "securecheck"
    argv = [str(script)] if script.exists() else [sys.executable, "-m", "securecheck"]
    data = ("a" + "\u0301" * 100_000 + "\n").encode()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(
            [*argv, "audit", "--no-probes", "--format", "json", "--password-stdin"],
            input=data,
            capture_output=True,
            check=True,
        )
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--budget", type=float, default=2.0, help="seconds per cell (default 2)")
    args = parser.parse_args()

    rng = random.Random(20250101)
    for text in ("warm-up", "p@ssw0rd", crafted(rng, 64), random_text(rng, 10_000)):
        analyse(Secret(text), ["someone@example.com"])
        quick_estimate(Secret(text))
        if len(text) <= 72:
            zxcvbn(text)

    runners: dict[str, Callable[[str], object]] = {
        "analyse": lambda t: analyse(Secret(t), ["someone@example.com"]),
        "quick": lambda t: quick_estimate(Secret(t)),
        "zxcvbn": lambda t: zxcvbn(t, ["someone@example.com"]),
    }
    head = (
        f"{'kind':9} {'len':>6} | {'analyse med':>11} {'p99':>8} | {'quick med':>9} {'p99':>7} | "
        f"{'zxcvbn med':>10} {'p99':>8} | {'med ratio':>9} {'p99 ratio':>9} | {'n':>3}"
    )
    print("times in milliseconds per call; ratio = raw zxcvbn / our analyse")
    print(head)
    print("-" * len(head))
    worst = 0.0
    for kind, make in KINDS.items():
        for length in (*LENGTHS, 100_000) if kind in LONG_KINDS else LENGTHS:
            inputs = [make(rng, length) for _ in range(20 if length < 100_000 else 3)]
            ours = measure(runners["analyse"], inputs, args.budget)
            quick = measure(runners["quick"], inputs, args.budget / 4)
            worst = max(worst, p99(ours))
            row = (
                f"{kind:9} {length:>6} | {statistics.median(ours):>11.2f} {p99(ours):>8.2f} | "
                f"{statistics.median(quick):>9.3f} {p99(quick):>7.3f} | "
            )
            if length <= 72:
                raw = measure(runners["zxcvbn"], inputs, args.budget)
                row += (
                    f"{statistics.median(raw):>10.2f} {p99(raw):>8.2f} | "
                    f"{statistics.median(raw) / statistics.median(ours):>8.1f}x "
                    f"{p99(raw) / p99(ours):>8.1f}x | {len(ours):>3}"
                )
            else:
                row += f"{'refused':>10} {'':>8} | {'':>9} {'':>9} | {len(ours):>3}"
            print(row, flush=True)
    print(f"\nworst analyse() p99: {worst:.1f} ms")
    print(f"--password-stdin with 100 000 combining marks, end to end: {stdin_audit_ms():.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
