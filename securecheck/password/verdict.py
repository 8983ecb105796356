"""A password verdict, and its exact JSON form (how it comes back from password_service).

No zxcvbn here, so the app can hold and show verdicts without loading it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from securecheck.core.model import Status
from securecheck.i18n import Localized, from_data, to_data
from securecheck.password import feedback as words

PREFIX_CHARS = 64  # characters that go through zxcvbn; the rest is judged by length only


@dataclass(frozen=True)
class PasswordVerdict:
    status: Status  # PASS / WARN / FAIL; ERROR only if our analysis itself broke
    score: int  # zxcvbn 0-4 (of the analysed prefix)
    guesses_log10: float  # rounded to 0.1, capped at GUESSES_LOG10_CAP
    crack_time: Localized  # offline attack on a slow hash, 1e4 guesses a second
    warning: Localized | None
    suggestions: tuple[Localized, ...]
    reasons: tuple[Localized, ...]  # why it is not a pass, in the user's words
    long_enough: bool
    contains_personal: bool
    analysed_prefix_only: bool  # True when only the first PREFIX_CHARS went through zxcvbn

    def summary(self) -> Localized:
        return words.summary(self.status.value, self.score, self.crack_time)

    def evidence_texts(self) -> dict[str, object]:
        """Evidence with Texts left for the report to localise. No password, hash or length."""
        return {
            "score": self.score,
            "guesses_log10": self.guesses_log10,
            "crack_time": self.crack_time,
            "warning": self.warning,
            "suggestions": list(self.suggestions),
            "reasons": list(self.reasons),
            "long_enough": self.long_enough,
            "contains_personal": self.contains_personal,
            "analysed_prefix_only": self.analysed_prefix_only,
            "analysed_prefix_chars": PREFIX_CHARS if self.analysed_prefix_only else None,
        }

    def evidence(self, lang: str) -> dict[str, object]:
        """JSON-able evidence in one language."""

        def local(value: object) -> object:
            if isinstance(value, Localized):
                return value.get(lang)
            if isinstance(value, list):
                return [local(v) for v in value]
            return value

        return {key: local(value) for key, value in self.evidence_texts().items()}


def verdict_to_json(verdict: PasswordVerdict) -> dict[str, Any]:
    return {
        "status": verdict.status.value,
        "score": verdict.score,
        "guesses_log10": verdict.guesses_log10,
        "crack_time": to_data(verdict.crack_time),
        "warning": None if verdict.warning is None else to_data(verdict.warning),
        "suggestions": [to_data(s) for s in verdict.suggestions],
        "reasons": [to_data(r) for r in verdict.reasons],
        "long_enough": verdict.long_enough,
        "contains_personal": verdict.contains_personal,
        "analysed_prefix_only": verdict.analysed_prefix_only,
    }


def verdict_from_json(data: Any) -> PasswordVerdict:
    """The inverse of verdict_to_json; ValueError (no input quoted) for anything else."""
    try:
        flags = [data[k] for k in ("long_enough", "contains_personal", "analysed_prefix_only")]
        score, guesses = data["score"], data["guesses_log10"]
        verdict = PasswordVerdict(
            status=Status(data["status"]),
            score=score,
            guesses_log10=float(guesses),
            crack_time=from_data(data["crack_time"]),
            warning=None if data["warning"] is None else from_data(data["warning"]),
            suggestions=tuple(from_data(s) for s in data["suggestions"]),
            reasons=tuple(from_data(r) for r in data["reasons"]),
            long_enough=flags[0],
            contains_personal=flags[1],
            analysed_prefix_only=flags[2],
        )
    except (KeyError, TypeError, ValueError):
        raise ValueError("not a password verdict") from None
    valid = (
        set(data) == set(verdict_to_json(verdict))
        and type(score) is int
        and type(guesses) in (int, float)
        and all(type(flag) is bool for flag in flags)
    )
    if not valid:
        raise ValueError("not a password verdict")
    return verdict
