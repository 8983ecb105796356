"""Run every benchmark in this folder, one after another, and print their tables.

Run: python bench/run_all.py   (with securecheck installed in the same Python)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
BENCHES = [
    "bench_audit.py",
    "bench_second_audit.py",
    "bench_password.py",
    "bench_app.py",
    "bench_fleet.py",
    "bench_breaches.py",
]


def main() -> int:
    failed = 0
    for name in BENCHES:
        script = HERE / name
        print(f"\n=== {name}\n", flush=True)
        failed |= subprocess.run([sys.executable, str(script)], check=False).returncode
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
