"""The strength of many passwords at once: the exchange password's analysis, on every core.

Each password goes to a password-service child (`securecheck.password.service`: zxcvbn in a
process that never logs and never prints a traceback) over its stdin pipe — never argv, the
environment or a file. One child per core, fed by one thread each; a child that fails is
replaced by the same analysis in this process, so every entry still gets its verdict. Each
analysis is bounded (the first 64 characters go through zxcvbn, ~3 ms each).
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Sequence

from securecheck.core.secret import Secret
from securecheck.password.verdict import PasswordVerdict

Work = tuple[int, Secret, Sequence[str]]


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def analyse_many(
    items: Sequence[tuple[Secret, Sequence[str]]],
    *,
    min_score: int,
    min_length: int,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> list[PasswordVerdict]:
    """One verdict per (password, user inputs), in order; `progress(done)` as they land."""
    results: list[PasswordVerdict | None] = [None] * len(items)
    todo: queue.SimpleQueue[Work | None] = queue.SimpleQueue()
    for i, (secret, inputs) in enumerate(items):
        todo.put((i, secret, inputs))
    count = min(workers or default_workers(), len(items))
    for _ in range(count):
        todo.put(None)
    done = [0]
    lock = threading.Lock()

    def record(i: int, verdict: PasswordVerdict) -> None:
        results[i] = verdict
        with lock:
            done[0] += 1
            if progress is not None:
                progress(done[0])

    threads = [
        threading.Thread(
            target=_worker, args=(todo, record, min_score, min_length), name="vault-strength"
        )
        for _ in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [r for r in results if r is not None]


def _worker(
    todo: queue.SimpleQueue[Work | None],
    record: Callable[[int, PasswordVerdict], None],
    min_score: int,
    min_length: int,
) -> None:
    from securecheck.password.analyse import analyse
    from securecheck.password.service import PasswordService, ServiceUnavailable

    service: PasswordService | None = PasswordService()
    try:
        while (work := todo.get()) is not None:
            i, secret, inputs = work
            verdict = None
            if service is not None:
                try:
                    verdict = service.analyse(
                        secret, inputs, min_score=min_score, min_length=min_length
                    )
                except ServiceUnavailable:
                    service.close()
                    service = None
            if verdict is None:
                verdict = analyse(secret, inputs, min_score=min_score, min_length=min_length)
            record(i, verdict)
    finally:
        if service is not None:
            service.close()
