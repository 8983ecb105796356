"""The report as plain text for a terminal (and the wording Markdown shares with it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from securecheck.core.inert import one_line
from securecheck.i18n import _, ngettext
from securecheck.i18n.words import colon, paren, t
from securecheck.report.build import MARKS
from securecheck.report.due import due_lines

UNSEEN = ("unknown", "error")


def gain_text(item: Mapping[str, Any], lang: str) -> str:
    return f"+{item['gain']:g} {t('points', lang)}"


def names(ids: Sequence[str], report: Mapping[str, Any], lang: str) -> str:
    """Rules by title (a person reads the report), in the language's list style."""
    titles = {r["id"]: r["title"] for r in report["results"]}
    shown = [one_line(titles.get(rid, rid)) for rid in ids]
    return ("、" if lang.startswith("zh") else ", ").join(shown)


def grade_text(score: Mapping[str, Any], report: Mapping[str, Any], lang: str) -> str:
    """The letter, or why there is none yet: "— incomplete: answer …" naming the rules."""
    if score["grade"] is not None:
        return str(score["grade"])
    if score["incomplete"]:
        return _(
            "— incomplete: answer {rules}", rules=names(score["incomplete"], report, lang)
        ).get(lang)
    return "—"


def potential_text(
    score: Mapping[str, Any], report: Mapping[str, Any], lang: str, pack: str | None = None
) -> str | None:
    """ "up to 71 once the 4 unknown checks are answered or seen", when that is more."""
    unseen = sum(1 for r in report["results"] if r["status"] in UNSEEN and r.get("pack") == pack)
    if not unseen or score["potential"] <= score["value"]:
        return None
    potential = f"{score['potential']:g}"
    return ngettext(
        "up to {potential} once the {n} unknown check is answered or seen",
        "up to {potential} once the {n} unknown checks are answered or seen",
        unseen,
        potential=potential,
    ).get(lang)


def pack_line(pack: Mapping[str, Any], report: Mapping[str, Any], lang: str) -> str:
    score = pack["score"]
    value = f"{score['value']:g}"
    coverage = f"{score['coverage'] * 100:.0f}"
    return _(
        "pack {name}: {value}/100 (grade {grade}, coverage {coverage}%)",
        name=one_line(pack["name"]),
        value=value,
        grade=grade_text(score, report, lang),
        coverage=coverage,
    ).get(lang)


def exemption_line(item: Mapping[str, Any], report: Mapping[str, Any], lang: str) -> str:
    return _(
        "{rule}: {reason} (until {until})",
        rule=names([item["id"]], report, lang),
        reason=one_line(item["reason"]),
        until=item["until"] or "—",
    ).get(lang)


def headline(report: Mapping[str, Any], lang: str) -> list[str]:
    """The score, its grade, what it could reach, what caps it, and each pack's own line."""
    score = report["score"]
    lines = [
        f"{t('score', lang)}{colon(lang)}{score['value']:g}/100   "
        f"{t('coverage', lang)}{colon(lang)}{score['coverage'] * 100:.0f}%",
        f"{t('grade', lang)}{colon(lang)}{grade_text(score, report, lang)}",
    ]
    potential = potential_text(score, report, lang)
    if potential:
        lines.append(potential)
    if score["capped_by"]:
        lines.append(
            f"{t('capped_by', lang)}{colon(lang)}{names(score['capped_by'], report, lang)}"
        )
    lines.extend(pack_line(p, report, lang) for p in report["packs"])
    return lines


def fix_item(item: Mapping[str, Any], lang: str) -> str:
    """A thing to do, not a state: the rule's action, its mark and what it gains; for a
    check not known yet, why (answer it, or check the password)."""
    line = f"{MARKS[item['status']]} {one_line(item['action'])}{paren(gain_text(item, lang), lang)}"
    if item["status"] in UNSEEN:
        line += f" — {one_line(item['message'])}"
    return line


def to_text(report: Mapping[str, Any]) -> str:
    lang = report["lang"]
    lines = [t("title", lang), "", *headline(report, lang)]
    if report["exemptions"]:
        lines += ["", (t("exemptions", lang) + colon(lang)).rstrip()]
        lines.extend(f"  - {exemption_line(e, report, lang)}" for e in report["exemptions"])
    lines += due_lines(report, lang)  # reminders first: they expire
    by_id = {r["id"]: r for r in report["results"]}
    lines += ["", (t("fix_first", lang) + colon(lang)).rstrip()]
    if not report["fix_first"]:
        lines.append(f"  {t('nothing_to_fix', lang)}")
    for n, rid in enumerate(report["fix_first"], 1):
        lines.append(f"  {n}. {fix_item(by_id[rid], lang)}")
    lines += ["", (t("results", lang) + colon(lang)).rstrip()]
    for category in categories(report):
        lines.append(f"  {one_line(t('category.' + category, lang))}")
        for item in report["results"]:
            if item["category"] != category:
                continue
            mark = MARKS[item["status"]]
            status = t("status." + item["status"], lang)
            lines.append(
                f"    {mark} [{status}] {one_line(item['title'])}{paren(item['id'], lang)}"
            )
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
