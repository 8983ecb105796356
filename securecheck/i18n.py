"""The words securecheck itself says (reports, the app), in English and Simplified Chinese.

Rule texts live in the rule packs; this is the frame around them.
"""

from __future__ import annotations

import os

from securecheck.core.model import Text

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
    # --- the app (securecheck/tui): keys, dialogs, notices ---------------------------------
    "key.password": Text("Password", "密码"),
    "key.guided": Text("Guided", "引导问答"),
    "key.fix_first": Text("Fix first", "优先修复"),
    "key.export": Text("Export", "导出"),
    "key.language": Text("中文", "English"),
    "key.rerun": Text("Re-check", "重新检测"),
    "key.help": Text("Help", "帮助"),
    "key.quit": Text("Quit", "退出"),
    "key.back": Text("Back", "返回"),
    "key.back_unrecorded": Text("Leave, don't record", "离开(不记录)"),
    "key.reveal": Text("Show/hide", "显示/隐藏"),
    "key.skip": Text("Skip", "跳过"),
    "tip.password": Text(
        "Check an exchange password (analysed in memory, never stored)",
        "检查交易所密码(仅在内存中分析,从不保存)",
    ),
    "tip.guided": Text(
        "Answer the open questions one by one, most valuable first", "按重要性逐一回答未答的问题"
    ),
    "tip.fix_first": Text(
        "What to fix first, with the points each fix gains", "优先修复的事项及每项可提升的分数"
    ),
    "tip.export": Text(
        "Save the report as JSON and Markdown (Enter keeps the default name)",
        "将报告保存为 JSON 和 Markdown(回车使用默认文件名)",
    ),
    "tip.language": Text("Switch to Chinese", "切换为英文"),
    "tip.rerun": Text("Check this machine again", "重新检测本机"),
    "tip.help": Text("Keys, mouse and how the score works", "按键、鼠标操作与评分方式"),
    "tip.quit": Text("Quit securecheck", "退出 securecheck"),
    "tip.back": Text("Back to the checklist", "返回检查清单"),
    "tip.back_unrecorded": Text(
        "Back to the checklist without recording the result", "返回检查清单,不记录结果"
    ),
    "tip.reveal": Text("Show or hide the password as you type it", "显示或隐藏输入的密码"),
    "tip.skip": Text("Skip this question for now", "暂时跳过此问题"),
    "cmd.password": Text("Check a password", "检查密码"),
    "cmd.guided": Text("Answer the open questions (guided)", "回答未答问题(引导)"),
    "cmd.fix_first": Text("Show what to fix first", "查看优先修复"),
    "cmd.export": Text("Export the report", "导出报告"),
    "cmd.language": Text("Switch language: 中文", "切换语言:English"),
    "cmd.rerun": Text("Re-check this machine", "重新检测本机"),
    "cmd.help": Text("Show help", "显示帮助"),
    "app.probes_off": Text("machine checks off (--no-probes)", "本机检测已关闭(--no-probes)"),
    "app.probes_running": Text(
        "checking this machine… {done}/{total}", "正在检测本机… {done}/{total}"
    ),
    "app.probes_done": Text("machine checked · r re-checks", "本机检测完成 · 按 r 重新检测"),
    "app.not_capped": Text(
        "No failed critical check caps the grade.", "没有严重项未通过,等级未受限。"
    ),
    "app.unsaved": Text("answers NOT saved (see the error)", "答案未保存(见错误提示)"),
    "app.worth": Text("worth {points} points", "满分 {points} 分"),
    "app.gain_if_fixed": Text("+{gain} points if fixed", "修复后 +{gain} 分"),
    "app.select_rule": Text("Select a rule to see its details.", "选择一项以查看详情。"),
    "app.question": Text("Question", "问题"),
    "app.question_fallback": Text(
        "Asked only when this machine cannot tell.", "仅在无法自动检测时需要回答。"
    ),
    "app.answer_hint": Text("Press Enter or click the row to answer.", "按回车或点击该行作答。"),
    "app.password_hint": Text(
        "Press Enter or click the row (or p) to check your password.",
        "按回车或点击该行(或按 p)检查密码。",
    ),
    "app.probe_hint": Text(
        "Detected on this machine; press r to check again.", "由本机检测得出;按 r 重新检测。"
    ),
    "app.saved": Text("Answer saved.", "答案已保存。"),
    "app.save_failed_title": Text("Answer not saved", "答案未保存"),
    "app.save_failed": Text(
        "{error}\nIt still counts in this session. Fix the file, then answer again to save it.",
        "{error}\n本次会话中仍然有效。请修复该文件后重新回答以保存。",
    ),
    "app.error.title": Text("Something went wrong", "出错了"),
    "app.error.body": Text("{task} failed: {error}", "{task}失败:{error}"),
    "app.task.probes": Text("Checking this machine", "本机检测"),
    "app.task.password": Text("The password analysis", "密码分析"),
    "app.task.preload": Text("Loading the password analyser", "加载密码分析器"),
    "app.task.default": Text("A background task", "后台任务"),
    "app.rerun.off": Text(
        "Machine checks are off (started with --no-probes).",
        "本机检测已关闭(启动时使用了 --no-probes)。",
    ),
    "app.rerun.busy": Text("Already checking this machine…", "正在检测本机…"),
    "app.pw.title": Text("Check your exchange password", "检查交易所密码"),
    "app.pw.privacy": Text(
        "Analysed on this computer, in memory only: never saved, never sent.",
        "仅在本机内存中分析:从不保存,从不发送。",
    ),
    "app.pw.placeholder": Text("Type or paste the password", "输入或粘贴密码"),
    "app.pw.reveal": Text("Show password (ctrl+r)", "显示密码(ctrl+r)"),
    "app.pw.strength": Text("Strength", "强度"),
    "app.pw.analysing": Text("analysing", "分析中"),
    "app.pw.crack": Text(
        "Time to crack if the exchange's database leaked", "若交易所数据库泄露,破解所需时间"
    ),
    "app.pw.verdict": Text("Verdict", "结论"),
    "app.pw.status.pass": Text("strong enough", "强度足够"),
    "app.pw.status.warn": Text("nearly strong enough", "接近足够"),
    "app.pw.status.fail": Text("too weak", "强度不够"),
    "app.pw.status.error": Text("could not be checked", "无法检查"),
    "app.pw.warning": Text("Warning", "警告"),
    "app.pw.suggestions": Text("Suggestions", "建议"),
    "app.pw.prefix_only": Text(
        "Only the first 64 characters were analysed.", "仅分析了前 64 个字符。"
    ),
    "app.pw.enter_hint": Text(
        "Enter records the result (never the password) · Escape leaves without recording",
        "回车记录结果(不记录密码本身)· Esc 离开且不记录",
    ),
    "app.pw.recorded": Text(
        "Password result recorded. The password itself was not stored.",
        "已记录密码检查结果。密码本身没有被保存。",
    ),
    "app.pw.empty": Text("Type a password first.", "请先输入密码。"),
    "app.pw.copy_disabled": Text("Copying the password is disabled.", "已禁止复制密码。"),
    "app.pw.profile": Text(
        "E-mail and user name, to spot them in the password (kept in the answers file):",
        "邮箱和用户名,用于发现密码中是否包含它们(保存在答案文件中):",
    ),
    "app.pw.email": Text("E-mail", "邮箱"),
    "app.pw.username": Text("User name", "用户名"),
    "app.pw.profile_saved": Text("Profile saved.", "资料已保存。"),
    "app.meter.0": Text("very weak", "很弱"),
    "app.meter.1": Text("weak", "弱"),
    "app.meter.2": Text("fair", "一般"),
    "app.meter.3": Text("strong", "强"),
    "app.meter.4": Text("very strong", "很强"),
    "app.q.step": Text("Question {n} of {total}", "第 {n} 题,共 {total} 题"),
    "app.q.hint": Text(
        "↑↓ and Enter, a number, or a click · Escape: back",
        "↑↓ 加回车、数字键或点击选择 · Esc 返回",
    ),
    "app.q.hint_guided": Text(
        "↑↓ and Enter, a number, or a click · s: skip · Escape: stop",
        "↑↓ 加回车、数字键或点击选择 · s 跳过 · Esc 结束",
    ),
    "app.q.all_answered": Text("Every question is answered.", "所有问题均已回答。"),
    "app.q.done": Text("Guided questions done.", "引导问答已完成。"),
    "app.fix.hint": Text(
        "Enter or a click goes to the rule · Escape: back", "回车或点击转到该项 · Esc 返回"
    ),
    "app.export.title": Text("Export the report", "导出报告"),
    "app.export.note": Text(
        "A JSON report and a Markdown copy next to it, readable only by you "
        "(mode 0600). No password is ever in it.",
        "生成 JSON 报告及同名 Markdown 副本,仅你可读(权限 0600)。报告中不含任何密码。",
    ),
    "app.export.hint": Text("Enter saves · Escape cancels", "回车保存 · Esc 取消"),
    "app.export.done": Text("Report saved:\n{json}\n{md}", "报告已保存:\n{json}\n{md}"),
    "app.export.failed": Text("Export failed", "导出失败"),
    "app.help.title": Text("Help", "帮助"),
    "app.help.enter": Text("Open / answer the selected row", "打开/回答所选项"),
    "app.help.palette": Text("Command palette", "命令面板"),
    "app.help.tab": Text("Move between the checklist and the details", "在清单与详情之间切换"),
    "app.help.mouse": Text(
        "Mouse: click a row to answer it, click a key at the bottom to use it, "
        "scroll the details with the wheel.",
        "鼠标:点击某行作答,点击底部按键执行,滚轮滚动详情。",
    ),
    "app.help.scoring_title": Text("How the score works", "评分方式"),
    "app.help.scoring": Text(
        "Each check is worth points by severity (critical 20, high 10, medium 5, low 2). Pass "
        "earns all of them, warn half, fail none; unknown and skipped checks are left out, and "
        "coverage says how much is known. A failed critical check caps the grade at C. "
        "'+N points' is how much the score rises if that check alone passes.",
        "每项检查按严重程度计分(严重 20、高 10、中 5、低 2)。通过得全部分数,警告得一半,"
        "未通过不得分;未知和已跳过的检查不计入,覆盖率表示已知的比例。"
        "任一严重项未通过时,等级最高为 C。“+N 分”表示仅修复该项后得分的提升。",
    ),
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
