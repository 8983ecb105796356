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
    from securecheck.password.verdict import PasswordVerdict


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
