"""The Textual face of securecheck: `securecheck` with no command opens it.

`run_app` loads rules and answers exactly as `securecheck audit` does (a broken file raises
InputError before any screen is drawn, and the CLI prints it), runs the app, and returns the
exit code: 0 after ctrl+q, 1 after a crash.

Bench hook: with SECURECHECK_BENCH_EXIT_ON_READY=1 in the environment the app exits (code 0)
as soon as the first frame with the checklist has been painted (before any probe starts);
bench/bench_app.py uses it to time a cold start.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from securecheck.tui.screens.breach_line import BreachSettings

BENCH_EXIT_ON_READY = "SECURECHECK_BENCH_EXIT_ON_READY"


def run_app(
    *,
    answers_path: Path,
    extra_rules: Sequence[Path] = (),
    lang: str = "en",
    probes: bool = True,
    history: bool = True,
    breaches: BreachSettings | None = None,
) -> int:
    """Run the app until the user quits; returns the process exit code."""
    from securecheck.core import audit
    from securecheck.core.hardening import forbid_core_dumps

    forbid_core_dumps()  # a password may be typed: no core file, no ptrace (README, Privacy)

    setup = audit.load_setup(answers_path, extra_rules)

    from securecheck.tui.app import SecurecheckApp

    exit_on_ready = os.environ.get(BENCH_EXIT_ON_READY) == "1"
    from securecheck.core.history import default_history_path

    app = SecurecheckApp(
        setup,
        lang=lang,
        probes=probes,
        exit_on_ready=exit_on_ready,
        breaches=breaches,
        history=default_history_path() if history else None,
    )
    app.run()
    return 1 if app.return_code is None else app.return_code


__all__ = ["BENCH_EXIT_ON_READY", "run_app"]
