"""Scorecard → report: JSON (schema_version 1, schema in schemas/report.schema.json),
Markdown and plain text. No host name and no user name ever enter a report."""

from __future__ import annotations

import datetime as dt
import json
import platform
from collections.abc import Mapping
from typing import Any

from securecheck import __version__
from securecheck.i18n import t
from securecheck.model import Result, Scorecard, ScoredResult, Status, Text

SCHEMA_VERSION = 1
MARKS = {"pass": "✓", "warn": "!", "fail": "✗", "unknown": "?", "skipped": "–", "error": "‼"}


def _render(value: object, lang: str) -> Any:
    """Evidence may hold Texts; a report shows them in its language."""
    if isinstance(value, Text):
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
        "remediation": rule.remediation.get(lang),
        "references": [{"title": ref.title, "url": ref.url} for ref in rule.references],
        "answered_at": r.answered_at.isoformat(timespec="seconds") if r.answered_at else None,
    }


def build(card: Scorecard, lang: str, now: dt.datetime | None = None) -> dict[str, Any]:
    generated = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "securecheck", "version": __version__},
        "generated_at": generated.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "platform": {"system": platform.system(), "release": platform.release()},
        "lang": lang,
        "score": {
            "value": card.score.value,
            "grade": card.score.grade,
            "coverage": card.score.coverage,
            "capped_by": list(card.score.capped_by),
        },
        "summary": card.summary(),
        "results": [result_dict(s, lang) for s in card.results],
        "fix_first": list(card.fix_first),
    }


def to_json(report: Mapping[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def _gain(item: Mapping[str, Any], lang: str) -> str:
    return f"+{item['gain']:g} {t('points', lang)}"


def to_text(report: Mapping[str, Any]) -> str:
    lang = report["lang"]
    score = report["score"]
    lines = [
        t("title", lang),
        "",
        f"{t('score', lang)}: {score['value']:g}/100   {t('grade', lang)}: {score['grade']}   "
        f"{t('coverage', lang)}: {score['coverage'] * 100:.0f}%",
    ]
    if score["capped_by"]:
        lines.append(f"{t('capped_by', lang)}: {', '.join(score['capped_by'])}")
    by_id = {r["id"]: r for r in report["results"]}
    lines += ["", f"{t('fix_first', lang)}:"]
    if not report["fix_first"]:
        lines.append(f"  {t('nothing_to_fix', lang)}")
    for n, rid in enumerate(report["fix_first"], 1):
        item = by_id[rid]
        lines.append(f"  {n}. {item['title']} ({_gain(item, lang)}) — {item['advice']}")
    lines += ["", f"{t('results', lang)}:"]
    for category in _categories(report):
        lines.append(f"  {t('category.' + category, lang)}")
        for item in report["results"]:
            if item["category"] != category:
                continue
            mark = MARKS[item["status"]]
            status = t("status." + item["status"], lang)
            lines.append(f"    {mark} [{status}] {item['title']} ({item['id']})")
            lines.append(f"        {item['message']}")
    return "\n".join(lines) + "\n"


def _categories(report: Mapping[str, Any]) -> list[str]:
    seen: list[str] = []
    for item in report["results"]:
        if item["category"] not in seen:
            seen.append(item["category"])
    return seen


def _md(text: str) -> str:
    # Keep evidence from a rule pack or a probe from turning into markup or a table break.
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def to_markdown(report: Mapping[str, Any]) -> str:
    lang = report["lang"]
    score = report["score"]
    out = [
        f"# {t('title', lang)}",
        "",
        f"- **{t('score', lang)}:** {score['value']:g}/100",
        f"- **{t('grade', lang)}:** {score['grade']}",
        f"- **{t('coverage', lang)}:** {score['coverage'] * 100:.0f}%",
    ]
    if score["capped_by"]:
        out.append(f"- **{t('capped_by', lang)}:** {', '.join(score['capped_by'])}")
    out.append(
        f"- **{t('generated', lang)}:** {report['generated_at']} · "
        f"{report['platform']['system']} {report['platform']['release']} · "
        f"securecheck {report['tool']['version']}"
    )
    summary = ", ".join(f"{t('status.' + k, lang)} {v}" for k, v in report["summary"].items())
    out += ["", f"**{t('summary', lang)}:** {summary}", "", f"## {t('fix_first', lang)}", ""]
    by_id = {r["id"]: r for r in report["results"]}
    if not report["fix_first"]:
        out.append(t("nothing_to_fix", lang))
    for n, rid in enumerate(report["fix_first"], 1):
        item = by_id[rid]
        out.append(f"{n}. **{_md(item['title'])}** ({_gain(item, lang)}): {_md(item['advice'])}")
    out += ["", f"## {t('results', lang)}", ""]
    for category in _categories(report):
        out += [f"### {t('category.' + category, lang)}", ""]
        out.append(f"| | {t('results', lang)} | id | {t('gain', lang)} |")
        out.append("|---|---|---|---|")
        for item in report["results"]:
            if item["category"] == category:
                status = t("status." + item["status"], lang)
                out.append(
                    f"| {MARKS[item['status']]} {status} | {_md(item['title'])} | "
                    f"`{item['id']}` | {item['gain']:g} |"
                )
        out.append("")
    out.append(f"## {t('advice', lang)}")
    for item in report["results"]:
        if item["status"] == Status.PASS.value:
            continue
        out += [
            "",
            f"### {_md(item['title'])} (`{item['id']}`)",
            "",
            f"- **{t('evidence', lang)}:** {_md(item['message'])} "
            f"({t('evidence.' + item['evidence_kind'], lang)})",
            f"- **{t('why', lang)}:** {_md(item['why'])}",
            f"- **{t('how_to_fix', lang)}:** {_md(item['remediation'])}",
        ]
        for ref in item["references"]:
            out.append(f"- {t('references', lang)}: [{_md(ref['title'])}]({ref['url']})")
    return "\n".join(out) + "\n"


RENDERERS = {"json": to_json, "markdown": to_markdown, "text": to_text}
