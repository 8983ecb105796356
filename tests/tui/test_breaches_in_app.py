"""The breach line in the password screen, and the Password manager export screen."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from corpus_maker import write_file_corpus
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Input
from vault_maker import CORPUS, MASTER, PASSWORDS, write_export

from securecheck.core.model import Status
from securecheck.core.secret import Secret
from securecheck.password.breaches import BreachVerdict
from securecheck.tui.app import SecurecheckApp
from securecheck.tui.screens import breach_line
from securecheck.tui.screens.breach_line import BreachLine, BreachSettings
from securecheck.tui.screens.main import MainScreen
from securecheck.tui.screens.vault import VaultScreen
from tui.tuikit import SIZE, make_app, result, screen_text, settle

LEAKED = "Sunflower-Leaked-In-App-77"


async def vault_done(app: SecurecheckApp, pilot: Pilot[int], count: int = 1) -> None:
    """Wait for the audit (the file picker keeps a loader worker alive, so not for all)."""
    for _ in range(1200):
        await pilot.pause(0.05)
        if isinstance(app.screen, VaultScreen) and app.screen.finished >= count:
            break
    await pilot.pause()


def line_text(app: SecurecheckApp) -> str:
    return str(app.screen.query_one(BreachLine).render())


async def test_breach_line_shows_the_count_after_the_debounce(
    answers_path: Path, tmp_path: Path
) -> None:
    corpus = write_file_corpus(tmp_path / "c.txt", {LEAKED: 3861})
    app = make_app(answers_path, tmp_path, breaches=BreachSettings(corpus))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.press(*LEAKED)
        await settle(app, pilot)
        assert "Breaches: ✗ seen 3,861 times in breaches" in line_text(app)
        assert app.screen.query_one(BreachLine).has_class("breached")
        await pilot.press("x")  # typed on: the line follows the new input
        await settle(app, pilot)
        assert "✓ not in the breach corpus" in line_text(app)
        await pilot.press("backspace")
        await settle(app, pilot)
        await pilot.press("enter")  # record: the breach verdict goes with it
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
        result = app.result_for("password.breached")
        assert result is not None and result.status == Status.FAIL
        assert result.result.message.get("en") == "seen 3,861 times in breaches"


async def test_without_a_corpus_the_line_says_how_to_get_one(
    answers_path: Path, tmp_path: Path
) -> None:
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        assert "no breach corpus configured" in line_text(app)
        await pilot.press(*"whatever-password")
        await settle(app, pilot)
        assert "no breach corpus configured" in line_text(app)
        assert not [w for w in app.workers if w.group == "breach"]


async def test_online_check_waits_for_a_pause_and_is_announced(
    answers_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []

    def fake_check(
        secret: Secret, *, corpus: Path | None = None, online: bool = False, api: str | None = None
    ) -> BreachVerdict:
        from securecheck.password.breaches import absent

        asked.append(online)
        return absent("online")

    monkeypatch.setattr("securecheck.password.breaches.check_secret", fake_check)
    # A pause longer than any test run while typing (no clock decides the assertion), then a
    # short one for the last keystroke, after which the input stays still.
    monkeypatch.setattr(breach_line, "ONLINE_PAUSE_S", 3600)
    app = make_app(answers_path, tmp_path, breaches=BreachSettings(None, True, "https://m/r/"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.press(*"abc")
        await pilot.pause(0.05)
        await pilot.press(*"de")
        await app.workers.wait_for_complete()
        assert asked == []  # still typing: nothing sent
        assert "online check on: 5 of the 40 characters" in line_text(app)
        monkeypatch.setattr(breach_line, "ONLINE_PAUSE_S", 0.05)
        await pilot.press("f")
        for _ in range(200):  # a safety net: the request comes 0.05 s after the keystroke
            if asked:
                break
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert asked == [True]  # one request, after the pause
        assert "not in Have I Been Pwned" in line_text(app)


async def test_vault_screen_audits_an_export_and_sorts_the_findings(
    answers_path: Path, tmp_path: Path
) -> None:
    corpus = write_file_corpus(tmp_path / "c.txt", CORPUS)
    export = write_export("bitwarden-csv", tmp_path / "in")
    app = make_app(answers_path, tmp_path, breaches=BreachSettings(corpus))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("v")
        assert isinstance(app.screen, VaultScreen)
        app.screen.query_one("#vault-path", Input).value = str(export)
        await pilot.press("enter")
        await vault_done(app, pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 7
        kinds = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        assert kinds[0] == "weak" and "2FA available, not set up" in kinds
        assert all(isinstance(c, Text) for c in table.get_row_at(0))  # never parsed as markup
        assert "6 entries checked, 7 findings (1 exchange entries)" in screen_text(app)
        await pilot.click("#vault-findings", offset=(3, 0))  # the "Entry" header: sort by it
        await pilot.pause()
        titles = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert titles == sorted(titles, key=str.casefold)
        text = screen_text(app)
        for secret in PASSWORDS:
            assert secret not in text
    saved = yaml.safe_load((answers_path).read_text("utf-8"))
    assert saved["vault"]["reused_by"] == 1 and saved["vault"]["entries_checked"] == 6
    assert result(app, "password.unique").status == Status.FAIL


async def test_vault_screen_asks_a_kdbx_master_password_and_shows_errors(
    answers_path: Path, tmp_path: Path
) -> None:
    export = write_export("kdbx", tmp_path / "in")
    app = make_app(answers_path, tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("v")
        app.screen.query_one("#vault-path", Input).value = str(export)
        await pilot.pause()
        master = app.screen.query_one("#vault-master", Input)
        assert master.has_class("needed") and master.password
        master.value = "wrong-master"
        master.focus()
        await pilot.press("enter")
        await vault_done(app, pilot)
        assert "master password is wrong" in screen_text(app)
        assert master.value == ""  # never kept after use
        master.value = MASTER
        await pilot.press("enter")
        await vault_done(app, pilot, 2)
        assert app.screen.query_one(DataTable).row_count == 5  # no corpus: none breached


async def test_breach_settings_are_checked_saved_and_used(
    answers_path: Path, tmp_path: Path
) -> None:
    from securecheck.core.settings import load_settings

    corpus = write_file_corpus(tmp_path / "c.txt", {LEAKED: 5})
    broken = tmp_path / "broken.txt"
    broken.write_text("not a corpus\n")
    settings_path = tmp_path / "settings.yaml"
    app = make_app(answers_path, tmp_path, settings_path=settings_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p", "ctrl+b")
        field = app.screen.query_one("#breach-corpus", Input)
        field.value = str(broken)
        await pilot.press("enter")
        await pilot.pause()
        assert f"{broken}:1:" in screen_text(app)  # refused, with file and line
        assert not settings_path.exists()
        field.value = str(corpus)
        await pilot.press("enter")
        await pilot.pause()
        assert app.breach_settings.corpus == corpus
        await pilot.press(*LEAKED)
        await settle(app, pilot)
        assert "seen 5 times in breaches" in line_text(app)
    saved = load_settings(settings_path)
    assert saved.breaches == corpus and saved.breaches_online is False
