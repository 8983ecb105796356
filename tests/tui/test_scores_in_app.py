"""The app shows the core's honest numbers: a header that waits for complete figures, a
fix-first list of things to do, and details that say how to fix before the raw evidence."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from securecheck.core.model import ProbeOutcome
from securecheck.tui.screens.fix_first import FixFirstScreen
from securecheck.tui.widgets.checklist import Checklist
from securecheck.tui.widgets.score_panel import ScorePanel
from tui.tuikit import SIZE, FakeGather, card, checked, make_app, screen_text, wait_until


def panel(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(ScorePanel).render())


async def test_the_header_keeps_the_last_complete_figures_while_a_recheck_runs(
    answers_path: Path, tmp_path: Path
) -> None:
    gather = FakeGather({"firewall": ProbeOutcome("firewall", {"enabled": True})})
    app = make_app(answers_path, tmp_path, probes=True, gather=gather)
    async with app.run_test(size=SIZE) as pilot:
        await checked(app, pilot)
        before = card(app).score
        assert f"Score {before.value:g}/100" in panel(app)
        # Re-check: the firewall is now off, and os_updates takes its time.
        gather.outcomes["firewall"] = ProbeOutcome("firewall", {"enabled": False})
        gather.hold = {"os_updates"}
        gather.release.clear()
        await pilot.press("r")
        await wait_until(pilot, lambda: app.pending == {"os_updates"}, "the other probes")
        assert card(app).score.value != before.value  # the core already knows more …
        shown = panel(app)
        assert f"Score {before.value:g}/100" in shown and "re-checking" in shown  # … not yet shown
        gather.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        after = card(app).score
        assert f"Score {after.value:g}/100" in panel(app) and "re-checking" not in panel(app)


async def test_the_first_check_shows_no_figures_until_it_is_complete(
    answers_path: Path, tmp_path: Path
) -> None:
    gather = FakeGather({}, hold={"os_updates"})
    app = make_app(answers_path, tmp_path, probes=True, gather=gather)
    async with app.run_test(size=SIZE) as pilot:
        assert "Score checking…" in panel(app) and "/100" not in panel(app)  # before they start
        await wait_until(pilot, lambda: app.pending == {"os_updates"}, "the other probes")
        assert "Score checking…" in panel(app) and "/100" not in panel(app)
        gather.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert f"Score {card(app).score.value:g}/100" in panel(app)


async def test_a_fresh_app_has_no_grade_and_names_what_to_answer(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE):
        assert card(app).score.grade is None
        shown = panel(app)
        assert "Grade —" in shown and "— incomplete: answer" in shown
        assert "Account password resists guessing" in shown


async def test_fix_first_lists_things_to_do_not_states(answers_path: Path, tmp_path: Path) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FixFirstScreen)
        text = screen_text(app)
        assert "Turn on 2FA with an authenticator app or a security key" in text
        assert "Two-factor authentication is on, with a strong method" not in text


async def test_the_detail_pane_says_how_to_fix_before_the_raw_evidence(
    answers_path: Path, tmp_path: Path
) -> None:
    facts = {"os_updates": ProbeOutcome(
        "os_updates",
        {"pending_updates": 141, "pending_security_updates": 90, "automatic_updates": True},
        sources=("apt-get -s upgrade",),
    )}  # fmt: skip
    app = make_app(answers_path, tmp_path, probes=True, gather=FakeGather(facts))
    async with app.run_test(size=(110, 80)) as pilot:
        await checked(app, pilot)
        app.screen.query_one(Checklist).highlight_rule("device.os_updates")
        await pilot.pause()
        body = app.screen.query_one("#detail-body", Static)
        text = str(body.render())
        assert "141 updates are waiting, 90 of them security updates" in text
        assert text.index("How to fix") < text.index("Raw evidence")
        assert "os_updates.pending_updates: 141" in text
        assert " = " not in text
