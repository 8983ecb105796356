"""The report as OCSF 1.5.0 Compliance Finding events (class 2003), one per rule per line.

Any OCSF-aware engine (a SIEM, a security data lake) ingests these as they are. Mapping:
- `compliance.control` is the rule id, `compliance.standards` is ["securecheck"];
  `compliance.status_id`: pass → 1 Pass, warn and fail → 3 Fail (warn is not compliant,
  only closer), unknown → 2 Warning (OCSF: "did not yield a result due to missing
  information"), skipped and error → 99 Other with `status` "Skipped" or "Error".
- `severity_id`: info 1, low 2, medium 3, high 4, critical 5.
- `status_id` (the finding's workflow): 1 New, or 3 Suppressed for a skipped rule (exempted,
  or not for this system).
- `finding_info.uid` is device id + rule id: the same finding across runs, so an engine can
  follow it; `metadata.correlation_uid` is the run id, shared by the events of one run.
- `device.uid` is the device id, the only identity; `device.os` names the system, no host.
- securecheck's own numbers (status, points, gain, evidence kind, the run's score) are in
  `unmapped.securecheck`.
Tests validate every event against the OCSF schema (package `ocsf-json-schema`) and the
`py-ocsf-models` model of the class.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from securecheck.report.fleet import FleetContext, epoch_ms, lines

OCSF_VERSION = "1.5.0"
CLASS_UID = 2003
CATEGORY_UID = 2
ACTIVITY_CREATE = 1
SEVERITY_IDS: Mapping[str, tuple[int, str]] = {
    "info": (1, "Informational"),
    "low": (2, "Low"),
    "medium": (3, "Medium"),
    "high": (4, "High"),
    "critical": (5, "Critical"),
}
COMPLIANCE_STATUS: Mapping[str, tuple[int, str]] = {
    "pass": (1, "Pass"),
    "warn": (3, "Fail"),
    "fail": (3, "Fail"),
    "unknown": (2, "Warning"),
    "skipped": (99, "Skipped"),
    "error": (99, "Error"),
}
OS_TYPES: Mapping[str, int] = {"Linux": 200, "Windows": 100, "Darwin": 300}


def _os(platform: Mapping[str, Any]) -> dict[str, Any]:
    system = str(platform.get("system") or "unknown")
    return {
        "name": "macOS" if system == "Darwin" else system,
        "type_id": OS_TYPES.get(system, 0),
        "version": str(platform.get("release") or ""),
    }


def _event(
    report: Mapping[str, Any], item: Mapping[str, Any], fleet: FleetContext
) -> dict[str, Any]:
    version = report["tool"]["version"]
    time = epoch_ms(report["generated_at"])
    severity_id, severity = SEVERITY_IDS[item["severity"]]
    status_id, status = COMPLIANCE_STATUS[item["status"]]
    skipped = item["status"] == "skipped"
    product = {"name": "securecheck", "vendor_name": "securecheck", "version": version}
    event: dict[str, Any] = {
        "activity_id": ACTIVITY_CREATE,
        "activity_name": "Create",
        "category_uid": CATEGORY_UID,
        "category_name": "Findings",
        "class_uid": CLASS_UID,
        "class_name": "Compliance Finding",
        "type_uid": CLASS_UID * 100 + ACTIVITY_CREATE,
        "type_name": "Compliance Finding: Create",
        "time": time,
        "severity_id": severity_id,
        "severity": severity,
        "status_id": 3 if skipped else 1,
        "status": "Suppressed" if skipped else "New",
        "message": item["message"],
        "metadata": {
            "version": OCSF_VERSION,
            "product": product,
            "uid": f"{fleet.run_id}:{item['id']}",
            "correlation_uid": fleet.run_id,
            "log_name": "securecheck",
        },
        "finding_info": {
            "uid": f"{fleet.device_id}:{item['id']}",
            "title": item["title"],
            "desc": item.get("why") or item["title"],
            "types": [item["category"]],
            "created_time": time,
            "product": product,
        },
        "compliance": {
            "control": item["id"],
            "standards": ["securecheck"],
            "status_id": status_id,
            "status": status,
            "status_detail": item["message"],
        },
        "device": {
            "uid": fleet.device_id,
            "type_id": 0,
            "type": "Unknown",
            "os": _os(report["platform"]),
        },
        "unmapped": {
            "securecheck": {
                "status": item["status"],
                "evidence_kind": item["evidence_kind"],
                "points": float(item["points"]),
                "max_points": float(item["max_points"]),
                "gain": float(item["gain"]),
                "score": float(report["score"]["value"]),
                "grade": report["score"]["grade"],
            }
        },
    }
    remediation = item.get("remediation")
    if remediation:
        event["remediation"] = {
            "desc": remediation,
            "references": [ref["url"] for ref in item.get("references", [])],
        }
    return event


def events(report: Mapping[str, Any], fleet: FleetContext) -> Iterator[dict[str, Any]]:
    for item in report["results"]:
        yield _event(report, item, fleet)


def to_ocsf(report: Mapping[str, Any], fleet: FleetContext) -> str:
    return lines(events(report, fleet))
