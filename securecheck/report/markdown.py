"""The report as Markdown, for people: the same content as the JSON."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from securecheck.core.model import Status
from securecheck.i18n.words import t
from securecheck.report.build import MARKS
from securecheck.report.text import categories, gain_text


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
        gain = gain_text(item, lang)
        out.append(f"{n}. **{_md(item['title'])}** ({gain}): {_md(item['advice'])}")
    out += ["", f"## {t('results', lang)}", ""]
    for category in categories(report):
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
            *(
                [f"- {t('remembered', lang).format(when=item['gathered_at'])}"]
                if item.get("from_cache")
                else []
            ),
            f"- **{t('why', lang)}:** {_md(item['why'])}",
            f"- **{t('how_to_fix', lang)}:** {_md(item['remediation'])}",
        ]
        for ref in item["references"]:
            out.append(f"- {t('references', lang)}: [{_md(ref['title'])}]({ref['url']})")
    return "\n".join(out) + "\n"
