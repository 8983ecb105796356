"""What runs in thread workers: probes, the password analysis, starting its child process.

Each job reports by posting a message (thread-safe); none touches a widget. Failures are not
caught here: the worker's ERROR state reaches the app's one handler.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from securecheck.core.model import PasswordCheck, ProbeOutcome
from securecheck.core.secret import Secret
from securecheck.i18n import _
from securecheck.log import get_logger
from securecheck.tui.messages import PasswordAnalysed, ProbeFinished

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from textual.message_pump import MessagePump

    from securecheck.password.service import PasswordService

log = get_logger(__name__)


def probe_job(
    target: MessagePump,
    gather: Callable[[Iterable[str]], Mapping[str, ProbeOutcome]],
    name: str,
) -> None:
    outcome = gather([name]).get(name) or ProbeOutcome(
        name, {}, reason=_("the {name} check gave no answer", name=name)
    )
    target.post_message(ProbeFinished(name, outcome))


def analyse_job(
    target: MessagePump,
    secret: Secret,
    generation: int,
    user_inputs: tuple[str, ...],
    check: PasswordCheck,
    service: PasswordService,
) -> None:
    from securecheck.password.service import ServiceUnavailable

    try:
        if get_current_worker().is_cancelled:
            return  # a newer keystroke already asked again
        options = {"min_score": check.min_score, "min_length": check.min_length}
        try:
            verdict = service.analyse(secret, user_inputs, **options)
        except ServiceUnavailable:
            if service.closed:
                return  # the screen has closed: nobody is waiting for this verdict
            # Correctness first: analyse here (zxcvbn then loads into the app, ~12 MiB).
            log.debug("password service unavailable; analysing in-process")
            from securecheck.password.analyse import analyse

            verdict = analyse(secret, user_inputs, **options)
    finally:
        secret.clear()
    target.post_message(PasswordAnalysed(generation, verdict))


def start_password_service(service: PasswordService) -> None:
    from securecheck.password.service import ServiceUnavailable

    try:
        service.start()
    except ServiceUnavailable:
        log.debug("password service did not start; the analysis will run in-process")


_THRESHOLDS: list[tuple[int, int, int]] = []  # the collector's thresholds while typing


def hold_full_collections() -> None:
    """While the password dialog is open, no full collection runs: one walks every object
    of the app (Textual's DOM, the rules, caches) and took 6-30 ms, a stall between two
    keys. The young generations are still collected as usual, and they are all that typing
    makes. Nothing is frozen: what the dialog leaves is freed when it closes, and nothing
    the app made stays out of the collector's reach for good."""
    gc.collect(1)  # what the dialog's start left, before typing begins
    young, middle, old = gc.get_threshold()
    _THRESHOLDS.append((young, middle, old))
    gc.set_threshold(young, middle, 1 << 30)  # generation 2: not until the dialog closes


def collect_after_typing() -> None:
    """The dialog is closing: its objects are garbage. Full collections are allowed again,
    and one runs now, at a screen change rather than between keys (20-50 ms): it frees what
    the dialog left, any cycle still holding a piece of the password too, now rather than at
    some later collection."""
    if _THRESHOLDS:
        gc.set_threshold(*_THRESHOLDS.pop())
    gc.collect()
