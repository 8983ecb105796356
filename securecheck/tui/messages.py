"""What background work reports back to the UI thread: small messages, one module.

Workers never touch widgets; they post one of these and the handler on the UI thread updates
state. A password never travels in a message: only the verdict, which holds none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from securecheck.core.model import ProbeOutcome

if TYPE_CHECKING:
    from securecheck.password.breaches import BreachVerdict
    from securecheck.password.verdict import PasswordVerdict
    from securecheck.tools.vault.audit import VaultAudit


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
