"""Headless audit, with and without probes; the probe phase against its slowest probe.

Run: python bench/bench_audit.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import (
    child_peak_rss_mib,
    machine,
    measure,
    median_ms,
    run_child,
    securecheck_command,
    table,
)

from securecheck.core import engine
from securecheck.core.rulepacks import load_rules
from securecheck.probes import gather as probes


def probe_phase(runs: int) -> list[tuple[str, float, float, float]]:
    """Per run: wall time of gather() and the slowest single probe inside it."""
    names = engine.probes_needed(load_rules())
    # fresh: this measures the probes themselves, not the fact cache (bench_second_audit.py)
    probes.gather(names, fresh=True)  # warm-up: imports, first exec of each tool
    rows = []
    walls, slowests = [], []
    for _ in range(runs):
        started = time.perf_counter()
        outcomes = probes.gather(names, fresh=True)
        wall = time.perf_counter() - started
        slowest = max(o.duration_s for o in outcomes.values())
        walls.append(wall)
        slowests.append(slowest)
    wall_med, slow_med = statistics.median(walls), statistics.median(slowests)
    rows.append(
        (
            "probe phase (all probes, concurrent)",
            wall_med * 1000,
            slow_med * 1000,
            wall_med / slow_med if slow_med else float("nan"),
        )
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    cmd = securecheck_command()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "HOME": home, "XDG_CONFIG_HOME": home}
        base = [*cmd, "audit", "--format", "json"]

        def no_probes() -> float:
            return run_child([*base, "--no-probes"], env=env)

        def with_probes() -> float:
            return run_child([*base, "--fresh"], env=env)

        def version() -> float:
            return run_child([*cmd, "--version"], env=env)

        t_version = measure(version, args.runs, warmup=1)
        t_off = measure(no_probes, args.runs, warmup=1)
        t_on = measure(with_probes, args.runs, warmup=1)
        rss_off = child_peak_rss_mib([*base, "--no-probes"])
        rss_on = child_peak_rss_mib(base)
    print(f"machine: {machine()}; {args.runs} runs after warm-up, medians\n")
    print(
        table(
            ["what", "median ms", "ratio", "peak RSS MiB"],
            [
                [
                    "securecheck --version (process start)",
                    f"{median_ms(t_version):.0f}",
                    "1.00",
                    "",
                ],
                [
                    "audit --no-probes --format json",
                    f"{median_ms(t_off):.0f}",
                    f"{median_ms(t_off) / median_ms(t_version):.2f}",
                    f"{rss_off:.1f}",
                ],
                [
                    "audit --format json (probes on)",
                    f"{median_ms(t_on):.0f}",
                    f"{median_ms(t_on) / median_ms(t_version):.2f}",
                    f"{rss_on:.1f}",
                ],
            ],
        )
    )
    print()
    rows = probe_phase(args.runs)
    print(
        table(
            ["what", "wall median ms", "slowest probe median ms", "wall / slowest"],
            [[name, f"{w:.0f}", f"{s:.0f}", f"{r:.2f}"] for name, w, s, r in rows],
        )
    )


if __name__ == "__main__":
    main()
