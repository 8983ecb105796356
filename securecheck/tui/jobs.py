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


def freeze_gc() -> None:
    # A full collection walks every object alive since start-up (Textual's DOM, the rules):
    # ~25 ms in which typing stalls. Those objects live as long as the app, so they are moved
    # out of the collector's sight.
    gc.collect()
    gc.freeze()


_THRESHOLDS: list[tuple[int, int, int]] = []  # the collector's thresholds while typing


def freeze_for_typing() -> None:
    """While the password dialog is open, what was alive when it opened (the app, the
    checklist, the dialog's own widgets) stays out of the collector's sight, and no full
    collection runs: one walks everything typing kept since (caches, messages) and took
    6-13 ms even so, a stall between two keys. The young generations are still collected
    as usual. Nothing typed is frozen: the field is empty when this runs."""
    gc.collect(1)  # the young garbage first: frozen, it would never be freed
    gc.freeze()
    young, middle, old = gc.get_threshold()
    _THRESHOLDS.append((young, middle, old))
    gc.set_threshold(young, middle, 1 << 30)  # generation 2: not until the dialog closes


def thaw_after_typing() -> None:
    """The dialog is closing: its objects are garbage. Everything goes back under the
    collector, one full collection frees what the dialog left (any cycle still holding a
    piece of the password too, now rather than at some later collection), and what lives on
    is frozen again. One pass of ~20-50 ms, at a screen change rather than between keys."""
    if _THRESHOLDS:
        gc.set_threshold(*_THRESHOLDS.pop())
    gc.unfreeze()
    freeze_gc()
