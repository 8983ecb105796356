"""One run as the history keeps it: numbers, rule ids and statuses, never anything personal.

A record is one line of JSON, built from the report dict (`securecheck.report.build`), so
the history says exactly what the report said:

    {"v": 1, "run": "3f2a…", "at": "2026-11-24T09:30:00Z", "version": "0.1.0", "via": "audit",
     "score": 62.5, "potential": 80.0, "grade": "C", "coverage": 0.41,
     "rules": {"two_factor.enabled": ["fail", 0.0], …},
     "counts": {"os_updates.pending_updates": 3}}

What it never holds: a password or anything of its verdict beyond the rule's status, an
answer's value, a message, evidence text, a host or user name, a path. `counts` keeps only
whole-number facts (pending updates, hosts-file redirects), so "3 new updates" can be told.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

from securecheck.records import field, record

RECORD_VERSION = 1
STATUSES = frozenset({"pass", "warn", "fail", "unknown", "skipped", "error"})
Via = Literal["audit", "app"]
VIAS: frozenset[str] = frozenset({"audit", "app"})
RULE_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
FACT_NAME = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
RUN_ID = re.compile(r"^[0-9a-f]{32}$")
TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
VERSION = re.compile(r"^[0-9A-Za-z.+_-]{1,40}$")
GRADES = frozenset({"A", "B", "C", "D", "F"})
MAX_RULES = 2000  # a record with more came from somewhere else
# Rule ids and fact names already checked: 1,000 runs repeat the same few dozen.
_GOOD_IDS: set[str] = set()
_GOOD_FACTS: set[str] = set()


def new_run_id() -> str:
    """A random id per run: it links a history record to fleet records of the same run."""
    return os.urandom(16).hex()  # what uuid4().hex is, less the version bits and the import


class RuleEntry(NamedTuple):  # a tuple: a full history makes 15,000 of them at once
    status: str
    points: float


@record
class RunRecord:
    run_id: str
    at: str  # UTC, ISO 8601 with Z, seconds
    version: str
    score: float
    potential: float | None
    grade: str | None
    coverage: float
    rules: Mapping[str, RuleEntry]
    counts: Mapping[str, int] = field(default_factory=dict)
    via: str = "audit"

    def summary(self) -> dict[str, int]:
        counts = {s: 0 for s in ("pass", "warn", "fail", "unknown", "skipped", "error")}
        for entry in self.rules.values():
            counts[entry.status] += 1
        return counts

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "v": RECORD_VERSION,
            "run": self.run_id,
            "at": self.at,
            "version": self.version,
            "via": self.via,
            "score": self.score,
            "potential": self.potential,
            "grade": self.grade,
            "coverage": self.coverage,
            "rules": {rid: [e.status, e.points] for rid, e in self.rules.items()},
        }
        if self.counts:
            data["counts"] = dict(self.counts)
        return data


def _counts(results: list[Mapping[str, Any]]) -> dict[str, int]:
    """Whole-number facts seen in this run (pending updates, redirects…); nothing else."""
    found: dict[str, int] = {}
    for item in results:
        evidence = item.get("evidence")
        facts = evidence.get("facts") if isinstance(evidence, Mapping) else None
        if not isinstance(facts, Mapping):
            continue
        for name, value in facts.items():
            # bool is an int in Python: a yes/no fact is not a count.
            if isinstance(value, int) and not isinstance(value, bool) and FACT_NAME.match(name):
                found[name] = value
    return dict(sorted(found.items()))


def from_report(report: Mapping[str, Any], run_id: str, via: Via = "audit") -> RunRecord:
    """The record of one report dict (schema_version 1 or 2)."""
    score = report["score"]
    potential = score.get("potential")
    return RunRecord(
        run_id=run_id,
        at=str(report["generated_at"]),
        version=str(report["tool"]["version"]),
        score=float(score["value"]),
        potential=float(potential) if potential is not None else None,
        grade=score.get("grade"),
        coverage=float(score["coverage"]),
        rules={
            str(item["id"]): RuleEntry(str(item["status"]), float(item["points"]))
            for item in report["results"]
        },
        counts=_counts(list(report["results"])),
        via=via,
    )


class BadRecord(ValueError):
    """A history line that is not a record of ours; the message names the field."""


def _number(data: Mapping[str, Any], key: str, low: float, high: float) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise BadRecord(f"{key}: expected a number from {low:g} to {high:g}")
    return float(value)


def _text(data: Mapping[str, Any], key: str, pattern: re.Pattern[str]) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not pattern.match(value):
        raise BadRecord(f"{key}: missing or malformed")
    return value


def _rules(raw: object) -> dict[str, RuleEntry]:
    if not isinstance(raw, Mapping) or len(raw) > MAX_RULES:
        raise BadRecord("rules: expected a mapping of rule ids")
    rules: dict[str, RuleEntry] = {}
    for rid, entry in raw.items():
        if rid not in _GOOD_IDS:
            if not isinstance(rid, str) or not RULE_ID.match(rid) or len(rid) > 80:
                raise BadRecord(f"rules: {rid!r} is not a rule id")
            _GOOD_IDS.add(rid)
        if type(entry) is not list or len(entry) != 2:
            raise BadRecord(f"rules.{rid}: expected [status, points]")
        status, points = entry
        # type() is exact: a bool (an int subclass) is not points.
        if status not in STATUSES or type(points) not in (int, float) or not 0 <= points <= 1000:
            raise BadRecord(f"rules.{rid}: expected [status, points]")
        rules[rid] = RuleEntry(status, float(points))
    return rules


def _count_map(raw: object) -> dict[str, int]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping) or len(raw) > MAX_RULES:
        raise BadRecord("counts: expected a mapping of fact names")
    counts: dict[str, int] = {}
    for name, value in raw.items():
        if name not in _GOOD_FACTS:
            if not isinstance(name, str) or not FACT_NAME.match(name):
                raise BadRecord(f"counts: {name!r} is not a fact name")
            _GOOD_FACTS.add(name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise BadRecord(f"counts.{name}: expected a whole number")
        counts[name] = value
    return counts


def parse_record(data: object) -> RunRecord:
    """A record from its JSON data; raises BadRecord naming what is wrong."""
    if not isinstance(data, Mapping):
        raise BadRecord("expected a JSON object")
    if data.get("v") != RECORD_VERSION:
        raise BadRecord(f"v: expected {RECORD_VERSION}")
    allowed = {"v", "run", "at", "version", "via", "score", "potential", "grade", "coverage"}
    unknown = sorted(set(data) - allowed - {"rules", "counts"})
    if unknown:
        raise BadRecord(f"{unknown[0]}: unknown key")
    grade = data.get("grade")
    if grade is not None and grade not in GRADES:
        raise BadRecord("grade: expected A, B, C, D, F or null")
    via = data.get("via", "audit")
    if via not in VIAS:
        raise BadRecord("via: expected audit or app")
    potential = data.get("potential")
    return RunRecord(
        run_id=_text(data, "run", RUN_ID),
        at=_text(data, "at", TIME),
        version=_text(data, "version", VERSION),
        score=_number(data, "score", 0, 100),
        potential=None if potential is None else _number(data, "potential", 0, 100),
        grade=grade,
        coverage=_number(data, "coverage", 0, 1),
        rules=_rules(data.get("rules")),
        counts=_count_map(data.get("counts")),
        via=via,
    )
