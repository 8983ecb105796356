"""The strength of many passwords at once: the exchange password's analysis, on every core.

The passwords go to password-service children (`securecheck.password.service`: zxcvbn in a
process that never logs and never prints a traceback), each over a child's stdin pipe — never
argv, the environment or a file. Each child is fed by one thread; a child that fails is
replaced by the same analysis in this process, so every entry still gets its verdict. Each
analysis is bounded (the first 64 characters go through zxcvbn, ~3 ms each).

A child costs ~0.1 s of CPU to start (it loads zxcvbn's word lists), the time of ~30
analyses, so there is one child per PER_CHILD passwords, one per core at most. Where this
process may load zxcvbn itself (`here=True`: `securecheck vault`, a command that exits when
the audit is done), a small export is analysed here, without a child: one child would be this
process's own work plus a start. The app keeps zxcvbn's ~12 MiB out of its memory: at least
one child there.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Sequence

from securecheck.core.secret import Secret
from securecheck.password.verdict import PasswordVerdict

Work = tuple[int, Secret, Sequence[str]]


PER_CHILD = 32  # passwords a child needs to repay its start


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def children_for(count: int, workers: int, *, here: bool) -> int:
    """How many children analyse `count` passwords with `workers` cores (see the docstring
    of this module): none below two if the analysis may run `here`, else at least one."""
    children = min(workers, count // PER_CHILD)
    if here:
        return children if children >= 2 else 0
    return max(children, 1) if count else 0


def analyse_many(
    items: Sequence[tuple[Secret, Sequence[str]]],
    *,
    min_score: int,
    min_length: int,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
    here: bool = False,
) -> list[PasswordVerdict]:
    """One verdict per (password, user inputs), in order; `progress(done)` as they land.
    `here`: this process may load zxcvbn (a small batch is then analysed without a child)."""
    results: list[PasswordVerdict | None] = [None] * len(items)
    todo: queue.SimpleQueue[Work | None] = queue.SimpleQueue()
    for i, (secret, inputs) in enumerate(items):
        todo.put((i, secret, inputs))
    count = children_for(len(items), workers or default_workers(), here=here)
    for _ in range(max(count, 1)):  # one end mark for each thread that takes work
        todo.put(None)
    done = [0]
    lock = threading.Lock()

    def record(i: int, verdict: PasswordVerdict) -> None:
        results[i] = verdict
        with lock:
            done[0] += 1
            if progress is not None:
                progress(done[0])

    if count == 0:  # a small batch (or none): analysed here, in this thread
        _worker(todo, record, min_score, min_length, child=False)
        return [r for r in results if r is not None]
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
    *,
    child: bool = True,
) -> None:
    from securecheck.password.analyse import analyse
    from securecheck.password.service import PasswordService, ServiceUnavailable

    service = PasswordService() if child else None
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
