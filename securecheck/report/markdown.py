"""The report as Markdown, for people: the same content as the JSON."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from securecheck.core.inert import is_inert, one_line
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

# Every ASCII punctuation character may be backslash-escaped in CommonMark, and an escaped
# one is always literal: no emphasis, link, heading, list, table cell, HTML or entity can
# start from text that came from a rule pack, an answer or a probe.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_PLAIN_ID = re.compile(r"^[a-z0-9_.]+$")
# What may stand in a link destination as it is; anything else is percent-encoded.
_URL_SAFE = "/:?#[]@!$&'*+,;=%-._~"


def _md(text: str) -> str:
    """Untrusted text as literal Markdown on one line, its control characters inert."""
    return _PUNCTUATION.sub(r"\\\1", one_line(text))


def _label(key: str, lang: str) -> str:
    """`**Score:**` / `**得分：**` (the colon inside the bold, with no space before `**`)."""
    return f"**{t(key, lang)}{colon(lang).rstrip()}**"


def _code(text: str) -> str:
    """An id as inline code; anything not shaped like an id (a future loader bug) as text."""
    return f"`{text}`" if _PLAIN_ID.match(text) else _md(text)


def _link(title: str, url: str) -> str:
    """A reference as a link only when it is an https URL; otherwise as plain text."""
    if not url.startswith("https://") or not is_inert(url) or any(c.isspace() for c in url):
        return f"{_md(title)} ({_md(url)})"
    return f"[{_md(title)}](<{quote(url, safe=_URL_SAFE)}>)"


def to_markdown(report: Mapping[str, Any]) -> str:
    lang = report["lang"]
    score = report["score"]
    out = [
        f"# {t('title', lang)}",
        "",
        f"- {_label('score', lang)} {score['value']:g}/100",
        f"- {_label('grade', lang)} {_md(grade_text(score, report, lang))}",
        f"- {_label('coverage', lang)} {score['coverage'] * 100:.0f}%",
    ]
    potential = potential_text(score, report, lang)
    if potential:
        out.append(f"- {_md(potential)}")
    if score["capped_by"]:
        capped = _md(names(score["capped_by"], report, lang))
        out.append(f"- {_label('capped_by', lang)} {capped}")
    out.extend(f"- {_md(pack_line(p, report, lang))}" for p in report["packs"])
    out.append(
        f"- {_label('generated', lang)} {report['generated_at']} · "
        f"{_md(report['platform']['system'])} {_md(report['platform']['release'])} · "
        f"securecheck {report['tool']['version']}"
    )
    listed = "、" if lang.startswith("zh") else ", "
    summary = listed.join(f"{t('status.' + k, lang)} {v}" for k, v in report["summary"].items())
    out += ["", f"{_label('summary', lang)} {summary}", ""]
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
        out += [f"### {_md(t('category.' + category, lang))}", ""]
        out.append(f"| | {t('results', lang)} | id | {t('gain', lang)} |")
        out.append("|---|---|---|---|")
        for item in report["results"]:
            if item["category"] == category:
                status = t("status." + item["status"], lang)
                out.append(
                    f"| {MARKS[item['status']]} {status} | {_md(item['title'])} | "
                    f"{_code(item['id'])} | {item['gain']:g} |"
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
            f"### {_md(item['title'])}{paren(_code(item['id']), lang)}",
            "",
            f"- {_label('evidence', lang)} {_md(item['message'])}{kind}",
            *(
                [f"- {t('remembered', lang).format(when=item['gathered_at'])}"]
                if item.get("from_cache")
                else []
            ),
            f"- {_label('why', lang)} {_md(item['why'])}",
            f"- {_label('how_to_fix', lang)} {_md(item['remediation'])}",
        ]
        for ref in item["references"]:
            out.append(f"- {t('references', lang)}{colon(lang)}{_link(ref['title'], ref['url'])}")
    return "\n".join(out) + "\n"
