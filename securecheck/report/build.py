"""Scorecard → the report as data (`schema_version` 2, schemas/report.schema.json).

Every renderer (JSON, Markdown, text) reads this one dict, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from securecheck import __version__
from securecheck.core.inert import inert
from securecheck.core.model import Result, Score, Scorecard, ScoredResult
from securecheck.core.reminders import due
from securecheck.i18n import Localized
from securecheck.probes.platform import system_and_release

# 2: unknown earns nothing and stays in the denominator; score.potential and .incomplete;
# grade null while a critical rule is unknown; packs[] and exemptions[]; result action, pack.
SCHEMA_VERSION = 2
MARKS = {"pass": "✓", "warn": "!", "fail": "✗", "unknown": "?", "skipped": "–", "error": "‼"}


def _render(value: object, lang: str) -> Any:
    """Evidence may hold Texts; a report shows them in its language."""
    if isinstance(value, Localized):
        return value.get(lang)
    if isinstance(value, Mapping):
        return {str(k): _render(v, lang) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_render(v, lang) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def result_dict(s: ScoredResult, lang: str) -> dict[str, Any]:
    r: Result = s.result
    rule = r.rule
    return {
        "id": rule.id,
        "title": rule.title.get(lang),
        "category": rule.category,
        "severity": rule.severity.value,
        "status": r.status.value,
        "evidence_kind": r.evidence_kind.value,
        "points": s.points,
        "max_points": s.max_points,
        "gain": s.gain,
        "message": r.message.get(lang),
        "evidence": _render(r.evidence, lang),
        "why": rule.why.get(lang),
        "source": rule.source,
        "advice": rule.advice.get(lang),
        "action": rule.action.get(lang),
        "remediation": rule.remediation.get(lang),
        "references": [{"title": ref.title, "url": ref.url} for ref in rule.references],
        "answered_at": r.answered_at.isoformat(timespec="seconds") if r.answered_at else None,
        # Detected results: when the facts were read off the machine, and whether they were
        # remembered from an earlier audit (the fact cache) rather than read just now.
        "gathered_at": _utc(r.gathered_at),
        "from_cache": r.from_cache,
        "pack": inert(rule.pack) if rule.pack is not None else None,
    }


def _utc(when: dt.datetime | None) -> str | None:
    if when is None:
        return None
    return when.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def score_dict(score: Score) -> dict[str, Any]:
    return {
        "value": score.value,
        "potential": score.potential,
        "grade": score.grade,
        "coverage": score.coverage,
        "capped_by": list(score.capped_by),
        "incomplete": list(score.incomplete),
    }


def exemptions(card: Scorecard) -> list[dict[str, Any]]:
    """The exemptions in force (an expired one no longer skips its rule, so is not listed)."""
    found = []
    for s in card.results:
        evidence = s.result.evidence
        if evidence.get("exempted"):
            found.append(
                {
                    "id": s.rule.id,
                    "reason": inert(str(evidence.get("reason", ""))),
                    "until": evidence.get("until"),
                }
            )
    return found


def build(card: Scorecard, lang: str, now: dt.datetime | None = None) -> dict[str, Any]:
    generated = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    system, release = system_and_release()
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "securecheck", "version": __version__},
        "generated_at": generated.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "platform": {"system": system, "release": release},
        "lang": lang,
        "score": score_dict(card.score),
        "summary": card.summary(),
        "results": [result_dict(s, lang) for s in card.results],
        "fix_first": list(card.fix_first),
        "packs": [
            {"name": inert(p.name), "score": score_dict(p.score), "fix_first": list(p.fix_first)}
            for p in card.packs
        ],
        "exemptions": exemptions(card),
        "due": due_list(card, generated),
    }


def due_list(card: Scorecard, now: dt.datetime) -> list[dict[str, Any]]:
    """Answers to give again soon (or now): the reminders both faces show first."""
    return [
        {
            "id": d.rule_id,
            "stale_at": d.stale_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
            "overdue": d.overdue,
            "days": d.days,
        }
        for d in due(card, now)
    ]
