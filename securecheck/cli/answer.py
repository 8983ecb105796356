"""`securecheck answer ID [VALUE]`: answer a question without the app, or list its choices."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from securecheck.cli.common import answers_path, lang_of
from securecheck.core.errors import UsageError
from securecheck.core.inert import one_line, quote
from securecheck.i18n import _


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    answer = commands.add_parser(
        "answer", parents=[common], help="answer a question from the command line"
    )
    answer.add_argument("question", help="question id, e.g. two_factor.enabled")
    answer.add_argument("value", nargs="?", help="the choice (omit to list the choices)")
    answer.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from securecheck.core.answers import update_answers
    from securecheck.core.audit import load_setup

    path = answers_path(args)
    setup = load_setup(path, args.rules)
    lang = lang_of(args)
    question = next(
        (
            r.question
            for r in setup.rules
            if r.question is not None and r.question.id == args.question
        ),
        None,
    )
    if question is None:
        raise UsageError(f"no question {quote(args.question)}")
    if args.value is None:
        print(one_line(question.text.get(lang)))
        for c in question.choices:
            print(f"  {one_line(c.value):<16} {one_line(c.label.get(lang))}")
        return 0
    if question.choice(args.value) is None:
        options = ", ".join(c.value for c in question.choices)
        raise UsageError(f"{quote(args.value)} is not one of {options}")
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    questions = [r.question for r in setup.rules if r.question is not None]
    update_answers(path, questions, lambda a: a.with_answer(question.id, args.value, now))
    print(_("saved to {path}", path=one_line(str(path))).get(lang))
    return 0
