"""The app's own words, by name: keys, tooltips, palette commands, dialogs, notices.

Named because bindings, palette entries and the help screen pick them by id; each is a
gettext message with an English msgid.
"""

from __future__ import annotations

from collections.abc import Mapping

from securecheck.i18n import Message, _
from securecheck.i18n.words import WORDS

APP_WORDS: Mapping[str, Message] = {
    "key.password": _("Password"),
    "key.guided": _("Guided"),
    "key.fix_first": _("Fix first"),
    "key.export": _("Export"),
    "key.language": _("Language"),
    "key.rerun": _("Re-check"),
    "key.help": _("Help"),
    "key.quit": _("Quit"),
    "key.back": _("Back"),
    "key.back_unrecorded": _("Leave, don't record"),
    "key.reveal": _("Show/hide"),
    "key.skip": _("Skip"),
    "key.vault": _("Vault"),
    "key.breaches": _("Breaches"),
    "tip.breaches": _("Where the breach check looks: the Pwned Passwords corpus, online or not"),
    "tip.vault": _("Audit a password-manager export: weak, reused, breached passwords, 2FA"),
    "app.vault.saved": _("Password-manager results saved (no password was stored)."),
    "app.task.breach": _("The breach check"),
    "app.task.vault": _("The password-manager audit"),
    "tip.password": _("Check an exchange password (analysed in memory, never stored)"),
    "tip.guided": _("Answer the open questions one by one, most valuable first"),
    "tip.fix_first": _("What to fix first, with the points each fix gains"),
    "tip.export": _("Save the report as JSON and Markdown (Enter keeps the default name)"),
    "tip.language": _("Switch the language: English, 简体中文, 繁體中文"),
    "tip.rerun": _("Check this machine again"),
    "tip.help": _("Keys, mouse and how the score works"),
    "tip.quit": _("Quit securecheck"),
    "tip.back": _("Back to the checklist"),
    "tip.back_unrecorded": _("Back to the checklist without recording the result"),
    "tip.reveal": _("Show or hide the password as you type it"),
    "tip.skip": _("Skip this question for now"),
    "cmd.password": _("Check a password"),
    "cmd.guided": _("Answer the open questions (guided)"),
    "cmd.fix_first": _("Show what to fix first"),
    "cmd.export": _("Export the report"),
    "cmd.language": _("Switch the language"),
    "cmd.rerun": _("Re-check this machine"),
    "cmd.help": _("Show help"),
    "app.probes_off": _("machine checks off (--no-probes)"),
    "app.probes_running": _("checking this machine… {done}/{total}"),
    "app.probes_done": _("machine checked · r re-checks"),
    "app.not_capped": _("No failed critical check caps the grade."),
    "app.unsaved": _("answers NOT saved (see the error)"),
    "app.worth": _("worth {points} points"),
    "app.gain_if_fixed": _("+{gain} points if fixed"),
    "app.select_rule": _("Select a rule to see its details."),
    "app.question": _("Question"),
    "app.question_fallback": _("Asked only when this machine cannot tell."),
    "app.answer_hint": _("Press Enter or click the row to answer."),
    "app.password_hint": _("Press Enter or click the row (or p) to check your password."),
    "app.probe_hint": _("Detected on this machine; press r to check again."),
    "app.saved": _("Answer saved."),
    "app.save_failed_title": _("Answer not saved"),
    "app.save_failed": _(
        "{error}\nIt still counts in this session. Fix the file, then answer again to save it."
    ),
    "app.error.title": _("Something went wrong"),
    "app.error.body": _("{task} failed: {error}"),
    "app.task.probes": _("Checking this machine"),
    "app.task.password": _("The password analysis"),
    "app.task.preload": _("Loading the password analyser"),
    "app.task.default": _("A background task"),
    "app.rerun.off": _("Machine checks are off (started with --no-probes)."),
    "app.rerun.busy": _("Already checking this machine…"),
    "app.pw.title": _("Check your exchange password"),
    "app.pw.privacy": _("Analysed on this computer, in memory only: never saved, never sent."),
    "app.pw.placeholder": _("Type or paste the password"),
    "app.pw.reveal": _("Show password (ctrl+r)"),
    "app.pw.strength": _("Strength"),
    "app.pw.analysing": _("analysing"),
    "app.pw.crack": _("Time to crack if the exchange's database leaked"),
    "app.pw.verdict": _("Verdict"),
    "app.pw.status.pass": _("strong enough"),
    "app.pw.status.warn": _("nearly strong enough"),
    "app.pw.status.fail": _("too weak"),
    "app.pw.status.error": _("could not be checked"),
    "app.pw.warning": _("Warning"),
    "app.pw.suggestions": _("Suggestions"),
    "app.pw.prefix_only": _("Only the first 64 characters were analysed."),
    "app.pw.enter_hint": _(
        "Enter records the result (never the password) · Escape leaves without recording"
    ),
    "app.pw.recorded": _("Password result recorded. The password itself was not stored."),
    "app.pw.empty": _("Type a password first."),
    "app.pw.copy_disabled": _("Copying the password is disabled."),
    "app.pw.profile": _(
        "E-mail and user name, to spot them in the password (kept in the answers file):"
    ),
    "app.pw.email": _("E-mail"),
    "app.pw.username": _("User name"),
    "app.pw.profile_saved": _("Profile saved."),
    "app.meter.0": _("very weak"),
    "app.meter.1": _("weak"),
    "app.meter.2": _("fair"),
    "app.meter.3": _("strong"),
    "app.meter.4": _("very strong"),
    "app.q.step": _("Question {n} of {total}"),
    "app.q.hint": _("↑↓ and Enter, a number, or a click · Escape: back"),
    "app.q.hint_guided": _("↑↓ and Enter, a number, or a click · s: skip · Escape: stop"),
    "app.q.all_answered": _("Every question is answered."),
    "app.q.done": _("Guided questions done."),
    "app.fix.hint": _("Enter or a click goes to the rule · Escape: back"),
    "app.export.title": _("Export the report"),
    "app.export.note": _(
        "A JSON report and a Markdown copy next to it, readable only by you (mode 0600). "
        "No password is ever in it."
    ),
    "app.export.hint": _("Enter saves · Escape cancels"),
    "app.export.done": _("Report saved:\n{json}\n{md}"),
    "app.export.failed": _("Export failed"),
    "app.help.title": _("Help"),
    "app.help.enter": _("Open / answer the selected row"),
    "app.help.palette": _("Command palette"),
    "app.help.tab": _("Move between the checklist and the details"),
    "app.help.mouse": _(
        "Mouse: click a row to answer it, click a key at the bottom to use it, scroll the "
        "details with the wheel."
    ),
    "app.help.scoring_title": _("How the score works"),
    "app.help.scoring": _(
        "Each check is worth points by severity (critical 20, high 10, medium 5, low 2). "
        "Pass earns all of them, warn half, fail none; unknown and skipped checks are left "
        "out, and coverage says how much is known. A failed critical check caps the grade "
        "at C. '+N points' is how much the score rises if that check alone passes."
    ),
}

CATALOGUE: Mapping[str, Message] = {**WORDS, **APP_WORDS}


def t(key: str, lang: str) -> str:
    """The word named `key` in `lang`; an unknown name (a user pack's category) shows itself."""
    message = CATALOGUE.get(key)
    if message is None:
        return key.split(".", 1)[-1].replace("_", " ")
    return message.get(lang)
