"""`securecheck` with no command: the Textual app (textual loads only here)."""

from __future__ import annotations

import argparse

from securecheck.cli.common import answers_path, lang_of


def open_app(args: argparse.Namespace) -> int:
    from securecheck.cli.breach_options import breach_options
    from securecheck.tui import run_app
    from securecheck.tui.screens.breach_line import BreachSettings

    options = breach_options(args)
    code: int = run_app(
        answers_path=answers_path(args),
        extra_rules=args.rules,
        lang=lang_of(args),
        probes=not args.no_probes,
        history=not args.no_history,
        breaches=BreachSettings(options.corpus, options.online, options.api),
    )
    return code
