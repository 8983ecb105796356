"""The history file: compact records, 0600, locked and atomic, bounded, never half-written."""

from __future__ import annotations

import json
import multiprocessing
import stat
from pathlib import Path
from typing import Any

import pytest

from securecheck.core.errors import InputError
from securecheck.core.history import compare, from_report, load_history, new_run_id, record_run
from securecheck.core.history.record import RuleEntry, RunRecord, parse_record


def report(score: float = 50.0, **statuses: str) -> dict[str, Any]:
    """The parts of a report dict a record reads (as `report.build` makes them)."""
    rules = statuses or {"two_factor.enabled": "fail", "device.firewall": "pass"}
    return {
        "generated_at": "2026-11-24T09:30:00Z",
        "tool": {"name": "securecheck", "version": "0.1.0"},
        "score": {"value": score, "grade": "C", "coverage": 0.5, "capped_by": []},
        "results": [
            {
                "id": rid.replace("__", "."),
                "status": status,
                "points": 5.0 if status == "pass" else 0.0,
                "message": "You answered: totp",
                "evidence": {
                    "answer": "totp",
                    "facts": {"os_updates.pending_updates": 3, "wifi.connected": True},
                    "sources": ["/home/alice/.config/x"],
                },
            }
            for rid, status in rules.items()
        ],
    }


def record(score: float = 50.0, **statuses: str) -> RunRecord:
    return from_report(report(score, **statuses), new_run_id())


def test_a_record_keeps_numbers_ids_and_statuses_but_no_answer_message_or_path() -> None:
    data = record().to_data()
    text = json.dumps(data)
    assert data["rules"] == {"two_factor.enabled": ["fail", 0.0], "device.firewall": ["pass", 5.0]}
    assert data["score"] == 50.0 and data["grade"] == "C" and data["coverage"] == 0.5
    assert data["version"] == "0.1.0" and data["at"] == "2026-11-24T09:30:00Z"
    # A whole-number fact is a count; a yes/no fact (bool is an int in Python) is not.
    assert data["counts"] == {"os_updates.pending_updates": 3}
    for private in ("totp", "You answered", "alice", "/home", "sources"):
        assert private not in text


def test_a_record_round_trips_through_its_json() -> None:
    original = record()
    assert parse_record(json.loads(json.dumps(original.to_data()))) == original


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"v": 2}, "v"),
        ({"run": "not-hex"}, "run"),
        ({"score": 101}, "score"),
        ({"grade": "Z"}, "grade"),
        ({"rules": {"Bad Id": ["pass", 1]}}, "rules"),
        ({"rules": {"a.b": ["great", 1]}}, "rules.a.b"),
        ({"counts": {"a.b": True}}, "counts.a.b"),
        ({"hostname": "box"}, "hostname"),
    ],
)
def test_a_record_that_is_not_ours_is_refused_naming_the_field(
    change: dict[str, Any], field: str
) -> None:
    data = {**record().to_data(), **change}
    with pytest.raises(ValueError, match=field.replace(".", r"\.")):
        parse_record(data)


def test_the_history_file_is_private_and_one_line_per_run(tmp_path: Path) -> None:
    path = tmp_path / "data" / "history.jsonl"
    first, second = record(40), record(60)
    record_run(first, path)
    record_run(second, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    lines = path.read_text().splitlines()
    assert [json.loads(line)["run"] for line in lines] == [first.run_id, second.run_id]
    assert load_history(path) == [first, second]


def test_the_same_run_recorded_again_replaces_its_record(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    early = record(40)
    record_run(early, path)
    record_run(record(10), path)
    later = RunRecord(**{**early.__dict__, "score": 70.0})
    record_run(later, path)
    kept = load_history(path)
    assert [r.score for r in kept] == [10.0, 70.0]
    assert kept[-1].run_id == early.run_id


def test_only_the_newest_runs_are_kept_and_older_ones_go_whole(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    runs = [record(float(n)) for n in range(7)]
    for r in runs:
        record_run(r, path, keep=5)
    kept = load_history(path)
    assert [r.score for r in kept] == [2.0, 3.0, 4.0, 5.0, 6.0]
    assert all(parse_record(json.loads(line)) for line in path.read_text().splitlines())


def test_a_thousand_runs_are_kept_by_default(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    line = json.dumps(record().to_data(), separators=(",", ":"))
    lines = []
    for n in range(1000):
        data = json.loads(line)
        data["run"] = f"{n:032x}"
        lines.append(json.dumps(data, separators=(",", ":")))
    path.write_text("\n".join(lines) + "\n")
    newest = record(99)
    record_run(newest, path)
    kept = load_history(path)
    assert len(kept) == 1000
    assert kept[0].run_id == f"{1:032x}" and kept[-1] == newest


def test_a_broken_history_is_reported_with_its_line_and_never_overwritten(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.jsonl"
    record_run(record(), path)
    good = path.read_bytes()
    path.write_bytes(good + b'{"v": 1, "oops"\n')
    before = path.read_bytes()
    with pytest.raises(InputError, match=r"history\.jsonl:2: not a securecheck history record"):
        record_run(record(), path)
    assert path.read_bytes() == before
    with pytest.raises(InputError, match=":2:"):
        load_history(path)


def _write_runs(path: str, count: int) -> None:
    for n in range(count):
        record_run(from_report(report(float(n)), new_run_id()), Path(path))


def test_writers_at_the_same_time_lose_no_run(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_runs, args=(str(path), 10)) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
        assert w.exitcode == 0
    kept = load_history(path)
    assert len(kept) == 40 and len({r.run_id for r in kept}) == 40
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_compare_sorts_changes_into_worse_better_unknown_known_and_other() -> None:
    before = record(
        50,
        a__worse="pass",
        b__better="fail",
        c__unknown="warn",
        d__known="unknown",
        e__other="fail",
        f__same="pass",
        g__gone="pass",
    )
    after = record(
        60,
        a__worse="warn",
        b__better="pass",
        c__unknown="error",
        d__known="fail",
        e__other="skipped",
        f__same="pass",
        h__new="pass",
    )
    diff = compare(before, after)
    kinds = {c.rule_id: c.kind for c in diff.changes}
    assert kinds == {
        "a.worse": "worse",
        "b.better": "better",
        "c.unknown": "unknown",
        "d.known": "known",
        "e.other": "other",
        "g.gone": "other",
        "h.new": "known",
    }
    assert diff.score_change == 10.0
    better = diff.of_kind("better")[0]
    assert (better.before, better.after, better.points) == ("fail", "pass", 5.0)


def test_counts_that_change_are_compared() -> None:
    before = RunRecord("a" * 32, "2026-11-24T09:30:00Z", "0.1.0", 50, None, "C", 0.5, {})
    after = RunRecord(
        "b" * 32,
        "2026-11-25T09:30:00Z",
        "0.1.0",
        50,
        None,
        "C",
        0.5,
        {"x.y": RuleEntry("pass", 1)},
        {"os_updates.pending_updates": 5},
    )
    (count,) = compare(before, after).counts
    assert (count.fact, count.before, count.after, count.delta) == (
        "os_updates.pending_updates",
        None,
        5,
        5,
    )
