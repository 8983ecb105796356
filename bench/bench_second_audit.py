"""The second audit against the first (the fact cache), and Ctrl+C to exit.

1. First vs second `securecheck audit --format json` in one run: each round starts with an
   empty cache dir, times the first audit (computes everything, fills the cache), then the
   second and third (reuse the slow steps). Also `--fresh` after a warm cache, and
   `audit --no-probes` as the floor the second audit cannot go below.
2. Ctrl+C: `securecheck audit` whose probe commands hang (fake tools on PATH that exec
   `sleep`), SIGINT once they run; time to exit, and whether any of them survived.

Run: python bench/bench_second_audit.py [--runs N]
Targets: second audit ≤ 0.5 s median and ≤ 0.1 × the first; exit ≤ 0.5 s after Ctrl+C with
no command left running.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import machine, run_child, securecheck_command, table


def _compile_package() -> None:
    """Byte-compile securecheck as `pip install` does, so no run pays for compiling sources
    (some shells here set PYTHONDONTWRITEBYTECODE, which would make every run compile)."""
    import compileall

    import securecheck

    compileall.compile_dir(str(Path(securecheck.__file__).parent), quiet=1)


def _env(home: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("XDG_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    env.update(HOME=home, XDG_CONFIG_HOME=f"{home}/config", XDG_CACHE_HOME=f"{home}/cache")
    return env


def first_and_second(runs: int) -> dict[str, list[float]]:
    cmd = [*securecheck_command(), "audit", "--format", "json"]
    times: dict[str, list[float]] = {"first": [], "second": [], "third": [], "fresh": []}
    times["no_probes"] = []
    with tempfile.TemporaryDirectory() as warmup:
        run_child(cmd, env=_env(warmup))  # imports and tools into the page cache
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as home:
            env = _env(home)
            times["first"].append(run_child(cmd, env=env))
            times["second"].append(run_child(cmd, env=env))
            times["third"].append(run_child(cmd, env=env))
            times["fresh"].append(run_child([*cmd, "--fresh"], env=env))
            times["no_probes"].append(run_child([*cmd, "--no-probes"], env=env))
    return times


def _sleepers(mark: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ours = mark.encode() in Path(f"/proc/{entry}/cmdline").read_bytes()
                if ours and "State:\tZ" not in Path(f"/proc/{entry}/status").read_text():
                    found.append(int(entry))
            except OSError:
                pass
    return found


def interrupt(runs: int) -> tuple[list[float], int]:
    """Seconds from SIGINT to exit, and the number of probe commands left running."""
    exits: list[float] = []
    survivors = 0
    for _ in range(runs):
        mark = f"{4000 + uuid.uuid4().int % 1000}.{uuid.uuid4().int % 10**6:06d}"
        with tempfile.TemporaryDirectory() as home:
            tools = Path(home) / "bin"
            tools.mkdir()
            for tool in ("ip", "findmnt", "apt-get", "nft", "iptables", "ufw"):
                fake = tools / tool
                fake.write_text(f"#!/bin/sh\nexec /bin/sleep {mark}\n")
                fake.chmod(0o755)
            env = {**_env(home), "PATH": str(tools)}
            proc = subprocess.Popen(
                [*securecheck_command(), "audit", "--format", "json"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            end = time.monotonic() + 30
            while len(_sleepers(mark)) < 3 and time.monotonic() < end:
                time.sleep(0.01)
            started = time.perf_counter()
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=30)
            exits.append(time.perf_counter() - started)
            time.sleep(0.2)
            left = _sleepers(mark)
            survivors += len(left)
            for pid in left:
                os.kill(pid, signal.SIGKILL)
    return exits, survivors


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    _compile_package()
    times = first_and_second(args.runs)
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"machine: {machine()}; {args.runs} rounds, each from an empty cache, medians\n")
    labels = {
        "first": "first audit (empty cache)",
        "second": "second audit",
        "third": "third audit",
        "fresh": "audit --fresh (warm cache)",
        "no_probes": "audit --no-probes (floor)",
    }
    rows = [
        [label, f"{med[key] * 1000:.0f}", f"{med[key] / med['first']:.3f}"]
        for key, label in labels.items()
    ]
    print(table(["what", "median ms", "× first"], rows))
    if sys.platform != "win32" and Path("/proc/self/cmdline").exists():
        exits, survivors = interrupt(args.runs)
        print()
        print(
            table(
                ["Ctrl+C during probes", "median ms", "max ms", "commands left running"],
                [
                    [
                        "audit with hanging probe commands",
                        f"{statistics.median(exits) * 1000:.0f}",
                        f"{max(exits) * 1000:.0f}",
                        str(survivors),
                    ]
                ],
            )
        )


if __name__ == "__main__":
    main()
