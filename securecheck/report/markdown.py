"""The report as Markdown, for people: the same content as the JSON."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from securecheck.core.inert import inert
from securecheck.core.model import Status
from securecheck.i18n.words import colon, paren, t
from securecheck.report.build import MARKS
from securecheck.report.text import (
    categories,
    exemption_line,
    gain_text,
    grade_text,
    names,
    pack_line,
    potential_text,
)

DECIDED = (Status.PASS.value, Status.WARN.value, Status.FAIL.value)


def _md(text: str) -> str:
    # Keep evidence from a rule pack or a probe from turning into markup or a table break.
    flat = inert(text.replace("\n", " "))
    return flat.replace("|", "\\|").replace("<", "&lt;")


def to_markdown(report: Mapping[str, Any]) -> str:
    lang = report["lang"]
    score = report["score"]
    out = [
        f"# {t('title', lang)}",
        "",
        f"- **{t('score', lang)}{colon(lang)}** {score['value']:g}/100",
        f"- **{t('grade', lang)}{colon(lang)}** {_md(grade_text(score, report, lang))}",
        f"- **{t('coverage', lang)}{colon(lang)}** {score['coverage'] * 100:.0f}%",
    ]
    potential = potential_text(score, report, lang)
    if potential:
        out.append(f"- {_md(potential)}")
    if score["capped_by"]:
        capped = _md(names(score["capped_by"], report, lang))
        out.append(f"- **{t('capped_by', lang)}{colon(lang)}** {capped}")
    out.extend(f"- {_md(pack_line(p, report, lang))}" for p in report["packs"])
    out.append(
        f"- **{t('generated', lang)}{colon(lang)}** {report['generated_at']} · "
        f"{report['platform']['system']} {report['platform']['release']} · "
        f"securecheck {report['tool']['version']}"
    )
    listed = "、" if lang.startswith("zh") else ", "
    summary = listed.join(f"{t('status.' + k, lang)} {v}" for k, v in report["summary"].items())
    out += ["", f"**{t('summary', lang)}{colon(lang)}** {summary}", ""]
    if report["exemptions"]:
        out += [f"## {t('exemptions', lang)}", ""]
        out += [f"- {_md(exemption_line(e, report, lang))}" for e in report["exemptions"]]
        out.append("")
    out += [f"## {t('fix_first', lang)}", ""]
    by_id = {r["id"]: r for r in report["results"]}
    if not report["fix_first"]:
        out.append(t("nothing_to_fix", lang))
    for n, rid in enumerate(report["fix_first"], 1):
        item = by_id[rid]
        gain = gain_text(item, lang)
        out.append(
            f"{n}. {MARKS[item['status']]} **{_md(item['action'])}**{paren(gain, lang)} — "
            f"{_md(item['title'])}"
        )
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
        # How it was established, only for what was established: an unknown was not.
        kind = (
            paren(t("evidence." + item["evidence_kind"], lang), lang)
            if item["status"] in DECIDED
            else ""
        )
        out += [
            "",
            f"### {_md(item['title'])}{paren('`' + item['id'] + '`', lang)}",
            "",
            f"- **{t('evidence', lang)}{colon(lang)}** {_md(item['message'])}{kind}",
            f"- **{t('why', lang)}{colon(lang)}** {_md(item['why'])}",
            f"- **{t('how_to_fix', lang)}{colon(lang)}** {_md(item['remediation'])}",
        ]
        for ref in item["references"]:
            out.append(f"- {t('references', lang)}{colon(lang)}[{_md(ref['title'])}]({ref['url']})")
    return "\n".join(out) + "\n"
