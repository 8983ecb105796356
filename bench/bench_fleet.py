"""History and fleet formats: what one more run costs as the history fills up.

Run: python bench/bench_fleet.py [--runs N]

- Recording a run (lock, read and check every kept record, write the file again, rename)
  into an empty history and into a full one (1,000 runs of the shipped rules). Target: a
  full history adds <= 100 ms to an audit (of 1-4 s with the probes).
- Loading the full history (`securecheck history`, the app's start) and comparing two runs.
- Rendering a report as NDJSON and as OCSF, against rendering it as JSON (ratio).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import machine, measure, median_ms, table

from securecheck import report
from securecheck.core import audit, history
from securecheck.core.answers import AnswerSet
from securecheck.core.rulepacks import load_rules


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    rules = load_rules([])
    card = audit.score(rules, AnswerSet(), None)
    data = report.build(card, "en")
    fleet = report.FleetContext(history.new_run_id(), "bench-device")
    with tempfile.TemporaryDirectory() as folder:
        empty = Path(folder) / "empty.jsonl"
        full = Path(folder) / "full.jsonl"
        for _ in range(history.MAX_RUNS):
            history.record_run(history.from_report(data, history.new_run_id()), full, keep=10**6)
        size_kib = full.stat().st_size / 1024

        def record_empty() -> None:
            empty.unlink(missing_ok=True)
            history.record_run(history.from_report(data, history.new_run_id()), empty)

        def record_full() -> None:
            history.record_run(history.from_report(data, history.new_run_id()), full)

        kept = history.load_history(full)
        rows = [
            ["record a run, empty history", f"{median_ms(measure(record_empty, runs)):.2f}"],
            ["record a run, 1,000 kept", f"{median_ms(measure(record_full, runs)):.2f}"],
            [
                "load 1,000 runs",
                f"{median_ms(measure(lambda: history.load_history(full), runs)):.2f}",
            ],
            [
                "compare two runs",
                f"{median_ms(measure(lambda: history.compare(kept[0], kept[-1]), runs)):.3f}",
            ],
        ]
    as_json = median_ms(measure(lambda: report.to_json(data), runs))
    as_ndjson = median_ms(measure(lambda: report.to_ndjson(data, fleet), runs))
    as_ocsf = median_ms(measure(lambda: report.to_ocsf(data, fleet), runs))
    rows += [
        ["render JSON", f"{as_json:.3f}"],
        ["render NDJSON", f"{as_ndjson:.3f} ({as_ndjson / as_json:.2f} x JSON)"],
        ["render OCSF", f"{as_ocsf:.3f} ({as_ocsf / as_json:.2f} x JSON)"],
    ]
    print(machine())
    print(f"{len(rules)} rules; a full history is {size_kib:.0f} KiB; median of {runs} runs\n")
    print(table(["step", "median ms"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
