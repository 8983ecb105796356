"""Probe rules show that they are running and fill in as the background workers report."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from conftest import shared_facts_dir

from securecheck.core.model import ProbeOutcome, Status
from securecheck.tui.widgets.checklist import Checklist, is_pending
from tui.tuikit import (
    SIZE,
    FakeGather,
    card,
    checked,
    errors,
    make_app,
    notifications,
    result,
    screen_text,
    wait_until,
)


def firewall_on() -> ProbeOutcome:
    return ProbeOutcome("firewall", {"enabled": True}, sources=("ufw status",))


async def test_probe_rows_run_then_fill_in_one_by_one(answers_path: Path, tmp_path: Path) -> None:
    gather = FakeGather({"firewall": firewall_on()}, hold={"os_updates"})
    app = make_app(answers_path, tmp_path, probes=True, gather=gather)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.pending == {"os_updates"}, "the other probes")
        # The others are in, this one is still running.
        updates = result(app, "device.os_updates")
        assert is_pending(updates) and updates.status == Status.UNKNOWN
        assert result(app, "device.firewall").status == Status.PASS
        checklist = app.screen.query_one(Checklist)
        checklist.highlight_rule("device.os_updates")
        await pilot.pause()
        text = screen_text(app)
        assert "checking this machine…" in text
        assert "/" in text.splitlines()[0]  # "checking this machine… n/total" in the title bar
        gather.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.pending == frozenset()
        assert not is_pending(result(app, "device.os_updates"))
        assert "machine checked" in screen_text(app)


async def test_rerun_starts_the_probes_again(answers_path: Path, tmp_path: Path) -> None:
    gather = FakeGather({"firewall": firewall_on()})
    app = make_app(answers_path, tmp_path, probes=True, gather=gather)
    async with app.run_test(size=SIZE) as pilot:
        await checked(app, pilot)
        first = len(gather.calls)
        assert first == len(app.probe_names)
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(gather.calls) == 2 * first
        # The first run may use remembered facts; `r` reads the machine anew.
        assert gather.fresh == [False] * first + [True] * first


async def test_rerun_with_probes_off_says_why(answers_path: Path, tmp_path: Path) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        assert any("--no-probes" in n for n in notifications(app))


async def test_a_crashing_probe_worker_is_an_error_not_a_blank(
    answers_path: Path, tmp_path: Path
) -> None:
    def broken(names: Iterable[str], *, fresh: bool = False) -> dict[str, ProbeOutcome]:
        raise RuntimeError("probe bug")

    app = make_app(answers_path, tmp_path, probes=True, gather=broken)
    async with app.run_test(size=SIZE) as pilot:
        # Not checked(): wait_for_complete() would re-raise the failure here.
        await wait_until(pilot, lambda: not app.pending, "the broken probes")  # no spinner forever
        assert errors(app) and "Checking this machine failed: RuntimeError" in errors(app)[0]
        firewall = result(app, "device.firewall")
        assert firewall.status == Status.UNKNOWN
        assert "could not run" in firewall.result.message.get("en")


async def test_real_probes_fill_in_the_device_rules(
    answers_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # The run's shared fact cache: every probe runs, apt's update count is reused.
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared_facts_dir(tmp_path_factory)))
    app = make_app(answers_path, tmp_path, probes=True)  # the real probes.gather
    async with app.run_test(size=SIZE) as pilot:
        await checked(app, pilot)
        assert app.pending == frozenset()
        assert app.outcomes is not None and set(app.outcomes) == set(app.probe_names)
        probed = [s for s in card(app).results if s.rule.category == "device"]
        assert probed and not any(is_pending(s) for s in probed)
        assert not errors(app)
