"""Every password input is bounded before any Unicode work, so none can stall a verdict.

Attack (issue 10 §9): NFKC over the whole input is quadratic on runs of combining marks:
100 000 of them took 21.5 s in `analyse` and in the per-keystroke `quick_estimate`, froze the
app for 21 s, and the verdict came after 48 s. The work is now bounded by construction: what
reaches NFKC (and zxcvbn) is at most MAX_ANALYSED_CHARS with runs of marks cut to
MAX_COMBINING_RUN, whatever comes in. This is asserted on what NFKC is given, not on time
(bench/bench_password.py and bench/bench_app.py measure the time).
"""

from __future__ import annotations

import functools
import itertools
import json
import random
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

import pytest
from conftest import Run

from securecheck.core.model import Status
from securecheck.core.secret import Secret
from securecheck.password import quick
from securecheck.password.analyse import analyse, quick_estimate

Cli = Callable[..., Run]
# From the issue: a 100 000-character run of one mark, marks alternating with letters, marks
# of many combining classes (the reordering is the quadratic part), CJK, plain length.
SHAPES = ["alternating-marks", "cjk", "combining-run", "long-ascii", "mixed-class-marks"]


@functools.cache
def hostile(name: str) -> str:
    """The 100 000-character input called `name` (built when a test first asks: at import,
    every worker would build all five)."""
    rng = random.Random(10)
    if name == "combining-run":
        return "a" + "\u0301" * 100_000
    if name == "alternating-marks":
        return "a\u0301" * 50_000
    if name == "mixed-class-marks":
        return "e" + "".join(rng.choice("\u0301\u0327\u0308\u0323\u031b") for _ in range(100_000))
    if name == "cjk":
        return "".join(chr(rng.randrange(0x4E00, 0x9FFF)) for _ in range(100_000))
    assert name == "long-ascii", name
    return "".join(rng.choice("abcdefghijkMNOPQ0123!@#") for _ in range(100_000))


MAX_CHARS = 256
MAX_RUN = 30


def _longest_mark_run(text: str) -> int:
    runs = (len(list(g)) for marks, g in itertools.groupby(text, unicodedata.combining) if marks)
    return max(runs, default=0)


@pytest.fixture
def normalised_inputs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Everything the password code hands to NFKC."""
    seen: list[str] = []
    real = unicodedata.normalize

    def recording(form: Literal["NFC", "NFD", "NFKC", "NFKD"], text: str) -> str:
        seen.append(text)
        return real(form, text)

    monkeypatch.setattr(unicodedata, "normalize", recording)
    yield seen


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("run", [analyse, quick_estimate], ids=["analyse", "quick"])
def test_hostile_password_shape_reaches_nfkc_only_bounded(
    normalised_inputs: list[str], shape: str, run: Callable[[Secret], object]
) -> None:
    run(Secret(hostile(shape)))
    assert normalised_inputs, "nothing was normalised"
    assert max(len(t) for t in normalised_inputs) <= MAX_CHARS
    assert max(_longest_mark_run(t) for t in normalised_inputs) <= MAX_RUN


@pytest.mark.parametrize("shape", SHAPES)
def test_hostile_password_shape_gets_a_real_verdict(shape: str) -> None:
    verdict = analyse(Secret(hostile(shape)))
    assert verdict.status in (Status.PASS, Status.WARN, Status.FAIL)  # never ERROR
    assert verdict.analysed_prefix_only


def test_a_run_of_marks_earns_no_length() -> None:
    # One letter and 100 000 accents is not a long password.
    verdict = analyse(Secret(hostile("combining-run")))
    assert verdict.status is Status.FAIL and not verdict.long_enough


def test_bounding_keeps_ordinary_passwords_whole() -> None:
    for text in (
        "Tr0ub4dor&3",
        "ｐａｓｓｗｏｒｄ１２３",
        "café-crème-brûlée-2025",
        "密码安全很重要123",
    ):
        assert quick.bounded(text) == text


def test_password_service_sends_and_judges_only_the_bounded_text() -> None:
    from securecheck.password.service import PasswordService

    service = PasswordService()
    try:
        for shape in ("combining-run", "cjk"):
            secret = Secret(hostile(shape))
            assert service.analyse(secret, (), min_score=3, min_length=12) == analyse(secret)
    finally:
        service.close()


def test_100000_combining_marks_on_password_stdin_get_a_verdict(cli: Cli, tmp_path: Path) -> None:
    run = cli(
        "audit",
        "--no-probes",
        "--format",
        "json",
        "--password-stdin",
        stdin=(hostile("combining-run") + "\n").encode(),
    )
    assert run.code == 0, run.stderr
    strength = next(r for r in json.loads(run.stdout)["results"] if r["id"] == "password.strength")
    assert strength["status"] == "fail" and strength["evidence_kind"] == "computed"
