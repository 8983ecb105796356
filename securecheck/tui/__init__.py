"""The Textual face of securecheck: `securecheck` with no command opens it.

`run_app` loads rules and answers exactly as `securecheck audit` does (a broken file raises
InputError before any screen is drawn, and the CLI prints it), runs the app, and returns the
exit code: 0 after ctrl+q, 1 after a crash.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from securecheck.tui.screens.breach_line import BreachSettings

# Textual features that send or write every key event (a typed password among them).
_TELLTALE_FEATURES = frozenset({"devtools", "debug"})


def quiet_textual(environ: MutableMapping[str, str]) -> None:
    """Turn off what would record key events, whatever the environment says: devtools (which
    sends each event to a console on 127.0.0.1:8081) and debug via TEXTUAL, the file log via
    TEXTUAL_LOG. Done before Textual is imported, as it reads them at import and in
    `App.__init__`; the app drops a devtools client it finds built anyway."""
    features = [f.strip() for f in environ.get("TEXTUAL", "").split(",") if f.strip()]
    kept = [f for f in features if f.lower() not in _TELLTALE_FEATURES]
    if kept:
        environ["TEXTUAL"] = ",".join(kept)
    else:
        environ.pop("TEXTUAL", None)
    environ.pop("TEXTUAL_LOG", None)
    if "textual.constants" in sys.modules:  # imported already (an embedding, a test)
        import textual.constants

        textual.constants.LOG_FILE = None  # type: ignore[misc]


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
    quiet_textual(os.environ)
    # Thread workers (the breach search, a vault audit, a probe's parser) are pure Python:
    # hand the GIL back to the UI thread every 1 ms (default 5 ms) so a keystroke never waits
    # a frame for them. Process-wide, hence here and not in the app.
    sys.setswitchinterval(0.001)

    from securecheck.tui.mends import mend_textual

    mend_textual()  # Textual bugs without a public hook (mends.py); process-wide too

    setup = audit.load_setup(answers_path, extra_rules)

    from securecheck.core.history import default_history_path
    from securecheck.tui.app import SecurecheckApp

    app = SecurecheckApp(
        setup,
        lang=lang,
        probes=probes,
        breaches=breaches,
        history=default_history_path() if history else None,
    )
    app.run()
    return 1 if app.return_code is None else app.return_code


__all__ = ["quiet_textual", "run_app"]
