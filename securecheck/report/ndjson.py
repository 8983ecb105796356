"""The report as NDJSON for a fleet: one self-contained JSON object per line.

One `result` line per rule, then one `summary` line; each carries the run id, the time
(`@timestamp`, which Elasticsearch and OpenSearch take as the event time), the tool version
and the device id, so a line means something on its own in an index of many machines.
Schema: schemas/ndjson.schema.json (one line).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from securecheck.report.fleet import FleetContext, lines

NDJSON_VERSION = 1


def _common(report: Mapping[str, Any], fleet: FleetContext, record: str) -> dict[str, Any]:
    return {
        "@timestamp": report["generated_at"],
        "record": record,
        "schema_version": NDJSON_VERSION,
        "run_id": fleet.run_id,
        "device_id": fleet.device_id,
        "tool": {"name": "securecheck", "version": report["tool"]["version"]},
    }


def _decimal(value: float | None) -> float | None:
    return None if value is None else float(value)


def records(report: Mapping[str, Any], fleet: FleetContext) -> Iterator[dict[str, Any]]:
    for item in report["results"]:
        yield {
            **_common(report, fleet, "result"),
            "rule_id": item["id"],
            "title": item["title"],
            "category": item["category"],
            "severity": item["severity"],
            "status": item["status"],
            "evidence_kind": item["evidence_kind"],
            # Always written as decimals: an engine that maps a field from its first value
            # (Elasticsearch, OpenSearch) would map `20` as a whole number and cut `2.5`.
            "points": float(item["points"]),
            "max_points": float(item["max_points"]),
            "gain": float(item["gain"]),
        }
    score = report["score"]
    yield {
        **_common(report, fleet, "summary"),
        "score": float(score["value"]),
        "potential": _decimal(score.get("potential")),
        "grade": score["grade"],
        "coverage": float(score["coverage"]),
        "capped_by": list(score["capped_by"]),
        "counts": dict(report["summary"]),
        "fix_first": list(report["fix_first"]),
        "platform": {
            "system": report["platform"]["system"],
            "release": report["platform"]["release"],
        },
        "lang": report["lang"],
    }


def to_ndjson(report: Mapping[str, Any], fleet: FleetContext) -> str:
    return lines(records(report, fleet))
