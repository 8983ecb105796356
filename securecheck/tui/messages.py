"""Small messages, one module: what background work reports back to the UI thread, and
what screens ask of the app.

Workers never touch widgets; they post one of these and the handler on the UI thread updates
state. Screens never change the audit's state themselves: they post a request (RuleChosen,
ExportRequested, …) that bubbles to the app, which handles each in one place.
A password never travels in a message: only the verdict, which holds none.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.screen import ModalScreen

from securecheck.core.model import ProbeOutcome, Profile

if TYPE_CHECKING:
    from securecheck.core.model import VaultSummary
    from securecheck.password.breaches import BreachVerdict
    from securecheck.password.verdict import PasswordVerdict
    from securecheck.tools.vault.audit import VaultAudit
    from securecheck.tui.screens.breach_line import BreachSettings


@dataclass
class ProbeFinished(Message):
    """One probe is done (it may have learned nothing: its outcome then says why)."""

    probe: str
    outcome: ProbeOutcome


@dataclass
class PasswordAnalysed(Message):
    """The full verdict for the input as it was at `generation` (older ones are dropped)."""

    generation: int
    verdict: PasswordVerdict


@dataclass
class WorkFailed(Message):
    """A background task broke; the app has already shown the error. Lets a screen stop
    waiting (e.g. the password screen's "analysing…")."""

    group: str


@dataclass
class BreachChecked(Message):
    """The breach verdict for the password as it was at `generation` (never the password)."""

    generation: int
    verdict: BreachVerdict


@dataclass
class VaultProgress(Message):
    """How far the password-manager audit is: `stage` ("strength", "breaches", "online")."""

    stage: str
    done: int
    total: int


@dataclass
class VaultAudited(Message):
    """The password-manager audit is done (findings name titles and domains only)."""

    audit: VaultAudit


@dataclass
class VaultFailed(Message):
    """The export could not be read; `error` is our own message, fit to show."""

    error: str


# --- what screens ask of the app (handled with @on in app.py) ----------------------------


@dataclass
class FirstFrameShown(Message):
    """The checklist and its footer's keys have been painted: what a person sees at start is
    complete, so background work (the probes) may begin without holding it up."""


@dataclass
class RuleChosen(Message):
    """The user opened a rule (Enter or a click on its row): answer it or check it."""

    rule_id: str


@dataclass
class ExportRequested(Message):
    """Write the report to `path`; the app dismisses `dialog` once it is written (a failure
    is shown and the dialog stays open, to fix the path)."""

    path: Path
    dialog: ModalScreen[Any]


@dataclass
class ProfileEdited(Message):
    """The e-mail / user name the password analysis looks for changed: save them."""

    profile: Profile


@dataclass
class VaultSummaryReady(Message):
    """A password-manager audit's summary (never a password), for the answers file."""

    summary: VaultSummary


@dataclass
class BreachSettingsChanged(Message):
    """Where the breach check looks now (already saved in settings.yaml)."""

    settings: BreachSettings
