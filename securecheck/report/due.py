"""The reminders of a report ("due"), as the lines text output starts with."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from securecheck.i18n import Message, _, ngettext

DUE_HEADING = _("Due — answer again soon:")


def when_due(overdue: bool, days: int) -> Message:
    """How soon: overdue by 3 days, due today, due in 5 days."""
    if overdue:
        late = max(-days, 0)
        if late == 0:
            return _("overdue since today")
        return ngettext("overdue by {n} day", "overdue by {n} days", late)
    if days <= 0:
        return _("due today")
    return ngettext("due in {n} day", "due in {n} days", days)


def due_lines(report: Mapping[str, Any], lang: str) -> list[str]:
    items = report.get("due") or []
    if not items:
        return []
    titles = {r["id"]: r["title"] for r in report["results"]}
    lines = ["", DUE_HEADING.get(lang)]
    for item in items:
        mark = "!" if not item["overdue"] else "‼"
        title = titles.get(item["id"], item["id"])
        when = when_due(bool(item["overdue"]), int(item["days"])).get(lang)
        lines.append(f"  {mark} {title} ({item['id']}): {when}")
    return lines
