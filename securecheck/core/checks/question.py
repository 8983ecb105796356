"""Judging the user's answer to a question: the status each choice maps to, if still fresh."""

from __future__ import annotations

import datetime as dt

from securecheck.core.model import Answer, Question, Status
from securecheck.i18n import Localized, _
from securecheck.records import record


@record
class AnswerJudgement:
    status: Status  # the choice's status, or UNKNOWN (unanswered, stale), or ERROR
    message: Localized
    answer: Answer | None = None


NOT_ANSWERED = _("not answered yet")


def judge_answer(
    question: Question, answer: Answer | None, now: dt.datetime, expires_after_days: int | None
) -> AnswerJudgement:
    if answer is None:
        return AnswerJudgement(Status.UNKNOWN, NOT_ANSWERED)
    choice = question.choice(answer.value)
    if choice is None:
        return AnswerJudgement(
            Status.ERROR,
            _("the saved answer '{value}' is not a choice of this question", value=answer.value),
            answer,
        )
    if expires_after_days is not None and answer.answered_at is not None:
        age = (now - answer.answered_at).days
        if age > expires_after_days:
            return AnswerJudgement(
                Status.UNKNOWN,
                _(
                    "answered {age} days ago (older than {expires_after_days} days): answer again",
                    age=age,
                    expires_after_days=expires_after_days,
                ),
                answer,
            )
    return AnswerJudgement(
        choice.status,
        _("You answered: {choice}", choice=choice.label),
        answer,
    )
