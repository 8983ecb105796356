"""The report as Markdown, for people: the same content as the JSON."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from securecheck.core.inert import is_inert, one_line
from securecheck.core.model import Status
from securecheck.i18n.words import t
from securecheck.report.build import MARKS
from securecheck.report.text import categories, gain_text

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
        f"- **{t('score', lang)}:** {score['value']:g}/100",
        f"- **{t('grade', lang)}:** {score['grade']}",
        f"- **{t('coverage', lang)}:** {score['coverage'] * 100:.0f}%",
    ]
    if score["capped_by"]:
        capped = ", ".join(_code(rid) for rid in score["capped_by"])
        out.append(f"- **{t('capped_by', lang)}:** {capped}")
    out.append(
        f"- **{t('generated', lang)}:** {report['generated_at']} · "
        f"{_md(report['platform']['system'])} {_md(report['platform']['release'])} · "
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
        out += [
            "",
            f"### {_md(item['title'])} ({_code(item['id'])})",
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
            out.append(f"- {t('references', lang)}: {_link(ref['title'], ref['url'])}")
    return "\n".join(out) + "\n"
