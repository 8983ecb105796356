"""A vault audit as data (schemas/vault.schema.json), then JSON, Markdown or text.

Every renderer reads the one dict, so they cannot disagree. Titles and domains come from the
export (untrusted): they are made inert before anything shows them. No password, user name,
hash or note ever enters the dict.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from securecheck import __version__
from securecheck.core.inert import inert
from securecheck.i18n import Message, _, ngettext
from securecheck.tools.vault.audit import KINDS, VaultAudit

SCHEMA_VERSION = 1
KIND_LABELS: Mapping[str, Message] = {
    "weak": _("weak"),
    "reused": _("reused"),
    "breached": _("breached"),
    "two_factor_available": _("2FA available, not set up"),
}
WORDS: Mapping[str, Message] = {
    "title": _("securecheck — password-manager audit"),
    "format": _("Export"),
    "entries": _("Entries checked"),
    "exchange": _("Exchange entries"),
    "breaches": _("Breach check"),
    "not_searched": _("not searched (no --breaches corpus, online check off)"),
    "two_factor": _("2FA data"),
    "findings": _("Findings"),
    "none": _("Nothing found."),
    "entry": _("Entry"),
    "domain": _("Domain"),
    "kind": _("Finding"),
    "detail": _("Detail"),
    "exchange_mark": _("exchange"),
    "privacy": _("Only titles and domains are shown: no password, user name or note."),
}


def vault_dict(audit: VaultAudit, lang: str, now: dt.datetime | None = None) -> dict[str, Any]:
    generated = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    findings = []
    for f in audit.findings:
        item: dict[str, Any] = {
            "title": inert(f.title),
            "domain": inert(f.domain) if f.domain else None,
            "kind": f.kind,
            "detail": inert(f.detail.get(lang)),
        }
        if f.exchange:
            item["exchange"] = True
        findings.append(item)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "securecheck", "version": __version__},
        "generated_at": generated.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "lang": lang,
        "format": audit.format,
        "format_label": audit.label,
        "entries_checked": audit.entries_checked,
        "exchange_entries": audit.summary.exchange_entries,
        "checks": {
            "weak": True,
            "reused": True,
            "breached": audit.breaches,
            "breach_unknown": audit.breach_unknown,
            "two_factor_snapshot": audit.two_factor_captured,
        },
        "summary": {kind: sum(1 for f in audit.findings if f.kind == kind) for kind in KINDS},
        "findings": findings,
    }


def to_json(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _head(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    lang = data["lang"]
    checks = data["checks"]
    breaches = checks["breached"] or WORDS["not_searched"].get(lang)
    if checks["breach_unknown"]:
        unknown = ngettext(
            "{n} entry could not be checked online",
            "{n} entries could not be checked online",
            checks["breach_unknown"],
        )
        breaches += f" ({unknown.get(lang)})"
    return [
        (WORDS["format"].get(lang), data["format_label"]),
        (WORDS["entries"].get(lang), str(data["entries_checked"])),
        (WORDS["exchange"].get(lang), str(data["exchange_entries"])),
        (WORDS["breaches"].get(lang), breaches),
        (
            WORDS["two_factor"].get(lang),
            f"2factorauth/twofactorauth {checks['two_factor_snapshot']}",
        ),
    ]


def _who(item: Mapping[str, Any], lang: str) -> str:
    name = str(item["title"]) + (f" ({item['domain']})" if item["domain"] else "")
    return name + (f" [{WORDS['exchange_mark'].get(lang)}]" if item.get("exchange") else "")


def to_text(data: Mapping[str, Any]) -> str:
    lang = data["lang"]
    lines = [WORDS["title"].get(lang), ""]
    lines += [f"{key}: {value}" for key, value in _head(data)]
    counts = ", ".join(f"{KIND_LABELS[k].get(lang)} {n}" for k, n in data["summary"].items())
    lines += ["", f"{WORDS['findings'].get(lang)}: {counts}"]
    if not data["findings"]:
        lines.append(f"  {WORDS['none'].get(lang)}")
    for item in data["findings"]:
        lines.append(f"  ✗ [{KIND_LABELS[item['kind']].get(lang)}] {_who(item, lang)}")
        lines.append(f"      {item['detail']}")
    lines += ["", WORDS["privacy"].get(lang), ""]
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace("`", "\\`")


def to_markdown(data: Mapping[str, Any]) -> str:
    lang = data["lang"]
    out = [f"# {WORDS['title'].get(lang)}", ""]
    out += [f"- **{key}:** {_md(value)}" for key, value in _head(data)]
    counts = ", ".join(f"{KIND_LABELS[k].get(lang)} {n}" for k, n in data["summary"].items())
    out += ["", f"## {WORDS['findings'].get(lang)}", "", counts, ""]
    if not data["findings"]:
        out.append(WORDS["none"].get(lang))
    else:
        heads = [WORDS[k].get(lang) for k in ("entry", "domain", "kind", "detail")]
        out += ["| " + " | ".join(heads) + " |", "|---|---|---|---|"]
        for item in data["findings"]:
            title = _md(item["title"])
            if item.get("exchange"):
                title += f" **[{WORDS['exchange_mark'].get(lang)}]**"
            cells = [
                title,
                _md(item["domain"] or "—"),
                KIND_LABELS[item["kind"]].get(lang),
                _md(item["detail"]),
            ]
            out.append("| " + " | ".join(cells) + " |")
    out += ["", f"*{WORDS['privacy'].get(lang)}*", ""]
    return "\n".join(out)


RENDERERS = {"json": to_json, "markdown": to_markdown, "text": to_text}
