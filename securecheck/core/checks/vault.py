"""Judging what the breach check and a password-manager audit found about the exchange.

- `breach` rules: the exchange password's breach verdict (offline corpus or the range API),
  and the exchange entry of a vault audit when that was searched: a known breach fails.
- `reuse` rules: the vault audit's answer (is the exchange password used by another entry?),
  else the question.
- a question with `vault_totp`: an unanswered question takes that choice when the vault audit
  found an authenticator secret stored with the exchange's entry.

A vault audit older than the rule's `expires_after_days` no longer counts (audit again).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from securecheck.core.checks.question import AnswerJudgement
from securecheck.core.model import EvidenceKind, QuestionCheck, Result, Rule, Status, VaultSummary
from securecheck.i18n import Localized, _, ngettext

if TYPE_CHECKING:
    from securecheck.password.breaches import BreachVerdict

NO_CORPUS = _("no breach corpus configured")
VAULT_BREACHED = _("the exchange's entry in your password manager is in the breach corpus")
NO_EXCHANGE_ENTRY = _(
    "your password-manager audit found no entry for an exchange securecheck knows"
)
VAULT_TOTP = _("your password manager stores an authenticator (TOTP) code for the exchange")


def fresh_vault(vault: VaultSummary | None, rule: Rule, now: dt.datetime) -> VaultSummary | None:
    if vault is None:
        return None
    days = rule.expires_after_days
    if days is not None and (now - vault.checked_at).days > days:
        return None
    return vault


def _vault_evidence(vault: VaultSummary) -> dict[str, object]:
    return {
        "vault_checked_at": vault.checked_at,
        "vault_entries_checked": vault.entries_checked,
        "vault_exchange_entries": vault.exchange_entries,
    }


def judge_breach(
    rule: Rule,
    verdict: BreachVerdict | None,
    vault: VaultSummary | None,
) -> Result:
    if vault is not None and vault.exchange_entries and vault.breached:
        return Result(
            rule, Status.FAIL, EvidenceKind.COMPUTED, VAULT_BREACHED, _vault_evidence(vault)
        )
    if verdict is None:
        if vault is not None and vault.exchange_entries and vault.breached is False:
            message = _("the exchange's entry in your password manager is not in the breach corpus")
            return Result(rule, Status.PASS, EvidenceKind.COMPUTED, message, _vault_evidence(vault))
        return Result(rule, Status.UNKNOWN, EvidenceKind.COMPUTED, NO_CORPUS)
    return Result(
        rule, verdict.status, EvidenceKind.COMPUTED, verdict.message, verdict.evidence_texts()
    )


def judge_reuse(rule: Rule, vault: VaultSummary | None, answered: Result) -> Result:
    """From the vault audit when it saw the exchange's entry; the answer otherwise."""
    if vault is None:
        return answered
    if not vault.exchange_entries:
        if answered.status != Status.UNKNOWN:
            return answered
        return Result(
            rule, Status.UNKNOWN, EvidenceKind.COMPUTED, NO_EXCHANGE_ENTRY, _vault_evidence(vault)
        )
    evidence: dict[str, object] = {**_vault_evidence(vault), "reused_by": vault.reused_by}
    if vault.reused_by:
        message: Localized = ngettext(
            "the exchange password is also the password of {n} other entry",
            "the exchange password is also the password of {n} other entries",
            vault.reused_by,
        )
        return Result(rule, Status.FAIL, EvidenceKind.COMPUTED, message, evidence)
    message = ngettext(
        "no other entry in your password manager has the exchange password ({n} entry checked)",
        "no other entry in your password manager has the exchange password ({n} entries checked)",
        vault.entries_checked,
    )
    return Result(rule, Status.PASS, EvidenceKind.COMPUTED, message, evidence)


def vault_totp_answer(
    rule: Rule, check: QuestionCheck, vault: VaultSummary | None, judged: AnswerJudgement
) -> Result | None:
    """The result a stored TOTP stands for, when the question is still unanswered."""
    if check.vault_totp is None or vault is None or not vault.totp or judged.answer is not None:
        return None
    choice = check.question.choice(check.vault_totp)
    if choice is None:
        return None
    evidence: dict[str, object] = {**_vault_evidence(vault), "vault_totp": True}
    return Result(rule, choice.status, EvidenceKind.COMPUTED, VAULT_TOTP, evidence)
