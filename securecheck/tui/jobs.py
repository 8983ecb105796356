"""What runs in thread workers: probes, the password analysis, loading zxcvbn.

Each job reports by posting a message (thread-safe); none touches a widget. Failures are not
caught here: the worker's ERROR state reaches the app's one handler.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from securecheck.model import PasswordCheck, ProbeOutcome, Text
from securecheck.secret import Secret
from securecheck.tui.messages import PasswordAnalysed, ProbeFinished

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from textual.message_pump import MessagePump


def probe_job(
    target: MessagePump,
    gather: Callable[[Iterable[str]], Mapping[str, ProbeOutcome]],
    name: str,
) -> None:
    outcome = gather([name]).get(name) or ProbeOutcome(
        name, {}, reason=Text(f"the {name} check gave no answer", f"{name} 检测没有结果")
    )
    target.post_message(ProbeFinished(name, outcome))


def analyse_job(
    target: MessagePump,
    secret: Secret,
    generation: int,
    user_inputs: tuple[str, ...],
    check: PasswordCheck,
) -> None:
    from securecheck.checks.password import analyse

    try:
        if get_current_worker().is_cancelled:
            return  # a newer keystroke already asked again
        verdict = analyse(
            secret, user_inputs, min_score=check.min_score, min_length=check.min_length
        )
    finally:
        secret.clear()
    target.post_message(PasswordAnalysed(generation, verdict))


def freeze_gc() -> None:
    # A full collection walks every object alive since start-up (Textual's DOM, the rules,
    # later zxcvbn's word lists): ~25 ms in which typing stalls. Those objects live as long
    # as the app, so they are moved out of the collector's sight.
    gc.collect()
    gc.freeze()


def preload_password_module() -> None:
    import securecheck.checks.password  # noqa: F401
