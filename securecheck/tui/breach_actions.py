"""App mixin: the breach check and the password-manager audit (keys v and b).

Kept apart from the app's state like `KeyActions`: each method starts a worker or opens a
screen, and hands results back to the app's own `_change` (which saves the answers file).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from securecheck.core.secret import Secret
from securecheck.tui.screens.breach_line import breach_job

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from securecheck.core.model import VaultSummary


class BreachActions:
    def check_breach(
        self, target: MessagePump, secret: Secret, generation: int, online: bool
    ) -> None:
        """Search the breach corpus (and the range API if `online`) off the UI thread."""
        job = partial(breach_job, target, secret, generation, self.breach_settings, online)  # type: ignore[attr-defined]
        self.run_worker(  # type: ignore[attr-defined]
            job,
            name="breach",
            group="breach",
            description="breach check",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def record_vault(self, summary: VaultSummary) -> None:
        """A password-manager audit's results (never a password) into the answers file."""
        self._change(lambda answers: answers.with_vault(summary), "app.vault.saved")  # type: ignore[attr-defined]

    def action_vault(self) -> None:
        from securecheck.tui.screens.vault import VaultScreen

        self.push_screen(VaultScreen())  # type: ignore[attr-defined]

    def action_breach_settings(self) -> None:
        from securecheck.tui.screens.breach_settings import BreachSettingsScreen

        self.push_screen(BreachSettingsScreen())  # type: ignore[attr-defined]
