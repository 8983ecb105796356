"""Words of ours looked up by name: statuses, categories, severities, report headings.

Each is a gettext message (English msgid), so a name picked at run time (`status.fail`)
is translated like any other text.
"""

from __future__ import annotations

from collections.abc import Mapping

from securecheck.i18n import Message, _

WORDS: Mapping[str, Message] = {
    "score": _("Score"),
    "grade": _("Grade"),
    "coverage": _("Coverage"),
    "capped_by": _("Grade capped by"),
    "fix_first": _("Fix first"),
    "exemptions": _("Exemptions in force"),
    "results": _("Checklist"),
    "summary": _("Summary"),
    "advice": _("Advice"),
    "how_to_fix": _("How to fix"),
    "why": _("Why it matters"),
    "evidence": _("Evidence"),
    "established": _("Established by"),
    "answered_at": _("Answered"),
    "remembered": _("facts remembered from {when} (securecheck audit --fresh checks again)"),
    "gain": _("gain"),
    "points": _("points"),
    "source": _("From the advice"),
    "references": _("References"),
    "generated": _("Generated"),
    "platform": _("Platform"),
    "title": _("securecheck — account security self-audit"),
    "nothing_to_fix": _("Nothing to fix: every known check passed."),
    "status.pass": _("pass"),
    "status.warn": _("warn"),
    "status.fail": _("fail"),
    "status.unknown": _("unknown"),
    "status.skipped": _("skipped"),
    "status.error": _("error"),
    "evidence.detected": _("detected on this machine"),
    "evidence.attested": _("your answer"),
    "evidence.computed": _("computed locally"),
    "category.account": _("Account"),
    "category.device": _("Device"),
    "category.network": _("Network"),
    "category.wallet": _("Wallet"),
    "category.browser": _("Browser"),
    "severity.critical": _("critical"),
    "severity.high": _("high"),
    "severity.medium": _("medium"),
    "severity.low": _("low"),
    "severity.info": _("info"),
}


def t(key: str, lang: str) -> str:
    """The word named `key` in `lang`; a category from a user pack shows its own name."""
    message = WORDS.get(key)
    if message is None:
        return key.split(".", 1)[-1].replace("_", " ")
    return message.get(lang)


COLON = _(": ")  # zh: full-width "："
PARENS = _(" ({text})")  # after a word; zh: full-width "（…）", no space


def colon(lang: str) -> str:
    """The colon after a label: `Score: ` in English, `得分：` in Chinese."""
    return COLON.get(lang)


def paren(text: str, lang: str) -> str:
    """` (text)` in English, `（text）` in Chinese: put it right after the word."""
    return PARENS.get(lang).format(text=text)
