"""Judging the user's answer to a question: the status each choice maps to, if still fresh."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from securecheck.core.model import Answer, Question, Status, Text


@dataclass(frozen=True)
class AnswerJudgement:
    status: Status  # the choice's status, or UNKNOWN (unanswered, stale), or ERROR
    message: Text
    answer: Answer | None = None


NOT_ANSWERED = Text("not answered yet", "尚未回答")


def judge_answer(
    question: Question, answer: Answer | None, now: dt.datetime, expires_after_days: int | None
) -> AnswerJudgement:
    if answer is None:
        return AnswerJudgement(Status.UNKNOWN, NOT_ANSWERED)
    choice = question.choice(answer.value)
    if choice is None:
        return AnswerJudgement(
            Status.ERROR,
            Text(
                f"the saved answer '{answer.value}' is not a choice of this question",
                f"保存的答案 '{answer.value}' 不是此问题的选项",
            ),
            answer,
        )
    if expires_after_days is not None and answer.answered_at is not None:
        age = (now - answer.answered_at).days
        if age > expires_after_days:
            return AnswerJudgement(
                Status.UNKNOWN,
                Text(
                    f"answered {age} days ago (older than {expires_after_days} days): answer again",
                    f"{age} 天前回答(超过 {expires_after_days} 天):请重新回答",
                ),
                answer,
            )
    return AnswerJudgement(
        choice.status,
        Text(f"You answered: {choice.label.en}", f"你的回答:{choice.label.zh}"),
        answer,
    )
