"""The report as plain text for a terminal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from securecheck.core.inert import one_line
from securecheck.i18n.words import t
from securecheck.report.build import MARKS
from securecheck.report.due import due_lines


def gain_text(item: Mapping[str, Any], lang: str) -> str:
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
        lines.append(f"{t('capped_by', lang)}: {one_line(', '.join(score['capped_by']))}")
    lines += due_lines(report, lang)  # reminders first: they expire
    by_id = {r["id"]: r for r in report["results"]}
    lines += ["", f"{t('fix_first', lang)}:"]
    if not report["fix_first"]:
        lines.append(f"  {t('nothing_to_fix', lang)}")
    for n, rid in enumerate(report["fix_first"], 1):
        item = by_id[rid]
        title, advice = one_line(item["title"]), one_line(item["advice"])
        lines.append(f"  {n}. {title} ({gain_text(item, lang)}) — {advice}")
    lines += ["", f"{t('results', lang)}:"]
    for category in categories(report):
        lines.append(f"  {one_line(t('category.' + category, lang))}")
        for item in report["results"]:
            if item["category"] != category:
                continue
            mark = MARKS[item["status"]]
            status = t("status." + item["status"], lang)
            # Each line is one field of ours or one line of theirs: none can forge another.
            title, rid = one_line(item["title"]), one_line(item["id"])
            lines.append(f"    {mark} [{status}] {title} ({rid})")
            lines.append(f"        {one_line(item['message'])}")
            if item.get("from_cache"):
                when = one_line(item.get("gathered_at") or "?")
                lines.append(f"        {t('remembered', lang).format(when=when)}")
    return "\n".join(lines) + "\n"


def categories(report: Mapping[str, Any]) -> list[str]:
    seen: list[str] = []
    for item in report["results"]:
        if item["category"] not in seen:
            seen.append(item["category"])
    return seen
