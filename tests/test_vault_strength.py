"""The vault audit's strength check: one password-service child per 32 passwords, one per core
at most; a small export is analysed in the `securecheck vault` process, and by one child in
the app. Either way every password gets the verdict the exchange password would get, in
order, and a failing child loses none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from securecheck.core.secret import Secret
from securecheck.password import service as service_module
from securecheck.password.analyse import analyse
from securecheck.password.service import PasswordService, ServiceUnavailable
from securecheck.password.verdict import PasswordVerdict
from securecheck.tools.vault import weak
from securecheck.tools.vault.weak import PER_CHILD, analyse_many, children_for

MIN_SCORE, MIN_LENGTH = 3, 12
# Weak, common, personal, long, strong: verdicts that differ, so an answer given to the wrong
# entry cannot go unnoticed.
SHAPES = ["password{}", "Tr0ub4dor&{}", "alice-{}-1990", "correct horse battery {}", "x7#Qp{}!zR2m"]


def items(count: int) -> list[tuple[Secret, list[str]]]:
    return [(Secret(SHAPES[i % len(SHAPES)].format(i)), ["alice"]) for i in range(count)]


def in_process(batch: list[tuple[Secret, list[str]]]) -> list[PasswordVerdict]:
    return [analyse(s, inputs, min_score=MIN_SCORE, min_length=MIN_LENGTH) for s, inputs in batch]


def many(batch: list[tuple[Secret, list[str]]], **options: Any) -> list[PasswordVerdict]:
    return analyse_many(batch, min_score=MIN_SCORE, min_length=MIN_LENGTH, **options)


@pytest.mark.parametrize(
    ("count", "workers", "here", "in_app"),
    [
        (6, 2, 0, 1),  # a typical export: in the command's process; one child in the app
        (2 * PER_CHILD - 1, 2, 0, 1),  # one child would be the command's work plus a start
        (2 * PER_CHILD, 2, 2, 2),
        (2 * PER_CHILD, 1, 0, 1),  # one core: a child only adds its start
        (3 * PER_CHILD, 4, 3, 3),
        (5000, 4, 4, 4),  # one per core at most
        (0, 4, 0, 0),
    ],
)
def test_children_start_only_where_they_repay_their_start(
    count: int, workers: int, here: int, in_app: int
) -> None:
    assert children_for(count, workers, here=True) == here
    assert children_for(count, workers, here=False) == in_app


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pid of every password-service child the strength check starts."""
    pids: list[int] = []
    real = PasswordService._ensure_started

    def ensure_started(self: PasswordService) -> object:
        proc = real(self)
        if proc.pid not in pids:
            pids.append(proc.pid)
        return proc

    monkeypatch.setattr(PasswordService, "_ensure_started", ensure_started)
    return pids


def test_a_small_export_is_analysed_here_by_the_command_and_by_one_child_in_the_app(
    started: list[int],
) -> None:
    batch = items(6)
    done: list[int] = []
    verdicts = many(batch, progress=done.append, workers=2, here=True)
    assert verdicts == in_process(batch)
    assert started == [] and done == [1, 2, 3, 4, 5, 6]
    assert many(batch, workers=2) == in_process(batch)
    assert len(started) == 1


def test_a_large_export_gets_one_child_per_core_and_the_same_verdicts(
    started: list[int],
) -> None:
    batch = items(2 * PER_CHILD)
    done: list[int] = []
    assert many(batch, progress=done.append, workers=2, here=True) == in_process(batch)
    assert len(started) == 2  # two real children, both gone once the check returns
    assert not [pid for pid in started if Path(f"/proc/{pid}").exists()]
    assert done == list(range(1, len(batch) + 1))


def test_a_failing_child_is_replaced_by_the_analysis_here(
    started: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def unavailable(self: PasswordService, *args: object, **kwargs: object) -> PasswordVerdict:
        self._ensure_started()
        raise ServiceUnavailable("died")

    monkeypatch.setattr(service_module.PasswordService, "analyse", unavailable)
    batch = items(2 * PER_CHILD)
    assert many(batch, workers=2, here=True) == in_process(batch)
    assert len(started) == 2  # each thread tried its child once, then analysed here


def test_the_default_is_one_worker_per_core_up_to_four(monkeypatch: pytest.MonkeyPatch) -> None:
    for cores, expected in ((None, 1), (1, 1), (2, 2), (16, 4)):
        monkeypatch.setattr("os.cpu_count", lambda cores=cores: cores)
        assert weak.default_workers() == expected
