"""The words securecheck itself says (reports, the app), in English and Simplified Chinese.

Rule texts live in the rule packs; this is the frame around them.
"""

from __future__ import annotations

import os

from securecheck.model import Text

CATALOGUE: dict[str, Text] = {
    "score": Text("Score", "得分"),
    "grade": Text("Grade", "等级"),
    "coverage": Text("Coverage", "覆盖率"),
    "capped_by": Text("Grade capped by", "等级受限于"),
    "fix_first": Text("Fix first", "优先修复"),
    "results": Text("Checklist", "检查清单"),
    "summary": Text("Summary", "概要"),
    "advice": Text("Advice", "建议"),
    "how_to_fix": Text("How to fix", "修复方法"),
    "why": Text("Why it matters", "为什么重要"),
    "evidence": Text("Evidence", "证据"),
    "established": Text("Established by", "判定方式"),
    "answered_at": Text("Answered", "回答时间"),
    "gain": Text("gain", "可提升"),
    "points": Text("points", "分"),
    "source": Text("From the advice", "出处"),
    "references": Text("References", "参考"),
    "generated": Text("Generated", "生成时间"),
    "platform": Text("Platform", "平台"),
    "title": Text("securecheck — account security self-audit", "securecheck — 账户安全自查"),
    "nothing_to_fix": Text(
        "Nothing to fix: every known check passed.", "无需修复:所有已知检查均通过。"
    ),
    "status.pass": Text("pass", "通过"),
    "status.warn": Text("warn", "警告"),
    "status.fail": Text("fail", "未通过"),
    "status.unknown": Text("unknown", "未知"),
    "status.skipped": Text("skipped", "已跳过"),
    "status.error": Text("error", "出错"),
    "evidence.detected": Text("detected on this machine", "本机检测"),
    "evidence.attested": Text("your answer", "你的回答"),
    "evidence.computed": Text("computed locally", "本地计算"),
    "category.account": Text("Account", "账户"),
    "category.device": Text("Device", "设备"),
    "category.network": Text("Network", "网络"),
    "severity.critical": Text("critical", "严重"),
    "severity.high": Text("high", "高"),
    "severity.medium": Text("medium", "中"),
    "severity.low": Text("low", "低"),
    "severity.info": Text("info", "提示"),
}


def t(key: str, lang: str) -> str:
    text = CATALOGUE.get(key)
    if text is None:
        # A category from a user pack has no translation: show its own name.
        return key.split(".", 1)[-1].replace("_", " ")
    return text.get(lang)


def default_lang(environ: dict[str, str] | None = None) -> str:
    """zh when the user's locale is Chinese, otherwise en (LC_ALL > LC_MESSAGES > LANG)."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
