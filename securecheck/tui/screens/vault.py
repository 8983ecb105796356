"""The "Password manager export" screen: pick an export, watch the progress, sort the findings.

The audit is the CLI's (`tools.vault`), run in a thread worker that posts its progress; the
findings table names entries by title and domain only, built from plain `Text` (a title is
untrusted: it is made inert and never parsed as markup). When it is done, the exchange
entries' results go to the answers file through the app (`record_vault`), never a password.
A KeePass database asks for its master password in a masked field, held as a `Secret`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, DirectoryTree, Input, Label, ProgressBar, Static
from textual.worker import get_current_worker

from securecheck.core.inert import inert
from securecheck.core.secret import Secret
from securecheck.i18n import _
from securecheck.tui.messages import (
    VaultAudited,
    VaultFailed,
    VaultProgress,
    VaultSummaryReady,
)
from securecheck.tui.screens.base import AppScreen
from securecheck.tui.screens.breach_line import BreachSettings
from securecheck.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from securecheck.tools.vault.audit import VaultAudit

TITLE = _("Password manager export")
PRIVACY = _(
    "The export is read here, in memory, and never changed or copied; only titles and domains "
    "are shown. Delete the export file when you are done: it holds every password in clear."
)
PATH = _("Path of the export (Bitwarden, 1Password, KeePassXC, Chrome, Firefox, .kdbx)")
MASTER = _("KeePass master password (not stored)")
HINT = _("Enter starts · pick a file below · click a column to sort · Escape: back")
READING = _("reading the export…")
STAGES = {
    "strength": _("checking strength"),
    "breaches": _("searching the breach corpus"),
    "online": _("asking the range API"),
}
COLUMNS = (
    ("title", _("Entry")),
    ("domain", _("Domain")),
    ("kind", _("Finding")),
    ("detail", _("Detail")),
)
EXPORT_SUFFIXES = {".csv", ".json", ".1pux", ".kdbx"}


class ExportTree(DirectoryTree):
    """Folders, and the files that can be exports."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            p for p in paths
            if not p.name.startswith(".") and (p.is_dir() or p.suffix.lower() in EXPORT_SUFFIXES)
        ]  # fmt: skip


def vault_job(
    target: MessagePump,
    path: Path,
    master: Secret | None,
    settings: BreachSettings,
    min_score: int,
    min_length: int,
) -> None:
    from securecheck.core.errors import SecurecheckError
    from securecheck.password.corpus import open_corpus
    from securecheck.tools.vault.audit import audit_export
    from securecheck.tools.vault.reader import read_export

    def progress(stage: str, done: int, total: int) -> None:
        target.post_message(VaultProgress(stage, done, total))

    try:
        try:
            export = read_export(path, master)
        finally:
            if master is not None:
                master.clear()
        corpus = open_corpus(settings.corpus) if settings.corpus is not None else None
    except SecurecheckError as exc:
        target.post_message(VaultFailed(str(exc)))
        return
    try:
        if get_current_worker().is_cancelled:
            return
        audit = audit_export(
            export,
            min_score=min_score,
            min_length=min_length,
            corpus=corpus,
            online=settings.online,
            api=settings.api,
            progress=progress,
        )
    except SecurecheckError as exc:
        target.post_message(VaultFailed(str(exc)))
        return
    finally:
        if corpus is not None:
            corpus.close()
    target.post_message(VaultAudited(audit))


class VaultScreen(AppScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="back"),
        Binding("ctrl+b", "app.breach_settings", "Breaches", id="breaches"),
        Binding("question_mark", "app.help", "Help", key_display="?", id="help"),
    ]
    DEFAULT_CSS = """
    VaultScreen { layout: vertical; }
    VaultScreen #vault-box { height: 1fr; padding: 0 1; }
    VaultScreen #vault-tree { height: 8; }
    VaultScreen #vault-master { display: none; }
    VaultScreen #vault-master.needed { display: block; }
    VaultScreen #vault-findings { height: 1fr; }
    VaultScreen .dim { color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__(id="vault-screen")
        self.audit: VaultAudit | None = None
        self._sort: tuple[str, bool] = ("kind", False)
        self._busy = False
        self.finished = 0  # audits that ended (done or failed): tests wait on it

    def compose(self) -> ComposeResult:
        with Vertical(id="vault-box"):
            yield Label(markup=False, id="vault-title", classes="dialog-title")
            yield Static(markup=False, id="vault-privacy", classes="dim")
            yield Input(id="vault-path")
            yield Input(password=True, id="vault-master")
            yield ExportTree(Path.cwd(), id="vault-tree")
            yield ProgressBar(id="vault-progress", show_eta=False)
            yield Static(markup=False, id="vault-status")
            yield DataTable(id="vault-findings", cursor_type="row", zebra_stripes=True)
            yield Static(markup=False, id="vault-hint", classes="dim")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self.relabel, init=True)
        self.query_one("#vault-path", Input).focus()

    def relabel(self, lang: str) -> None:
        self.query_one("#vault-title", Label).update(TITLE.get(lang))
        self.query_one("#vault-privacy", Static).update(PRIVACY.get(lang))
        self.query_one("#vault-path", Input).placeholder = PATH.get(lang)
        self.query_one("#vault-master", Input).placeholder = MASTER.get(lang)
        self.query_one("#vault-hint", Static).update(HINT.get(lang))
        self._fill_table()

    def action_back(self) -> None:
        self.query_one("#vault-master", Input).value = ""
        self.dismiss(None)

    # --- picking and starting -------------------------------------------------------------

    @on(DirectoryTree.FileSelected)
    def _picked(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#vault-path", Input).value = str(event.path)
        self._update_master(event.path)
        self.query_one("#vault-path", Input).focus()

    @on(Input.Changed, "#vault-path")
    def _path_changed(self, event: Input.Changed) -> None:
        self._update_master(Path(event.value.strip()))

    def _update_master(self, path: Path) -> None:
        from securecheck.tools.vault.reader import needs_master_password

        needed = path.suffix.lower() == ".kdbx" or (path.is_file() and needs_master_password(path))
        self.query_one("#vault-master", Input).set_class(needed, "needed")

    @on(Input.Submitted, "#vault-path, #vault-master")
    def _start(self, event: Input.Submitted) -> None:
        from securecheck.core.model import PasswordCheck

        event.stop()
        if self._busy:
            return
        text = self.query_one("#vault-path", Input).value.strip()
        if not text:
            return
        path = Path(text).expanduser()
        master_field = self.query_one("#vault-master", Input)
        if master_field.has_class("needed") and not master_field.value:
            master_field.focus()
            return
        master = Secret(master_field.value) if master_field.has_class("needed") else None
        master_field.value = ""
        check = next(
            (r.check for r in self.state.rules if isinstance(r.check, PasswordCheck)),
            PasswordCheck(),
        )
        self._busy = True
        self.audit = None
        self._fill_table()
        self.query_one("#vault-status", Static).update(READING.get(self.lang))
        self.query_one(ProgressBar).update(total=None, progress=0)
        settings = self.state.breach_settings
        self.run_worker(
            lambda: vault_job(self, path, master, settings, check.min_score, check.min_length),
            name="vault",
            group="vault",
            description="password-manager audit",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    # --- what the worker says -------------------------------------------------------------

    def on_vault_progress(self, message: VaultProgress) -> None:
        self.query_one(ProgressBar).update(total=message.total, progress=message.done)
        label = STAGES[message.stage].get(self.lang)
        self.query_one("#vault-status", Static).update(f"{label}: {message.done}/{message.total}")

    def on_vault_failed(self, message: VaultFailed) -> None:
        self._busy = False
        self.finished += 1
        self.query_one("#vault-status", Static).update(Text(inert(message.error)))
        self.query_one(ProgressBar).update(total=1, progress=0)

    def on_vault_audited(self, message: VaultAudited) -> None:
        self._busy = False
        self.finished += 1
        self.audit = message.audit
        self.query_one(ProgressBar).update(total=1, progress=1)
        summary = _(
            "{entries} entries checked, {findings} findings ({exchange} exchange entries)",
            entries=message.audit.entries_checked,
            findings=len(message.audit.findings),
            exchange=message.audit.summary.exchange_entries,
        )
        self.query_one("#vault-status", Static).update(summary.get(self.lang))
        self._fill_table()
        self.post_message(VaultSummaryReady(message.audit.summary))
        self.query_one(DataTable).focus()

    # --- the table ------------------------------------------------------------------------

    def _fill_table(self) -> None:
        from securecheck.tools.vault.audit import KINDS
        from securecheck.tools.vault.render import KIND_LABELS

        table = self.query_one(DataTable)
        table.clear(columns=True)
        for key, label in COLUMNS:
            table.add_column(Text(label.get(self.lang)), key=key)
        if self.audit is None:
            return
        for i, f in enumerate(self.audit.findings):
            title = inert(f.title) + (" ★" if f.exchange else "")
            table.add_row(
                Text(title),
                Text(inert(f.domain or "—")),
                Text(KIND_LABELS[f.kind].get(self.lang)),
                Text(inert(f.detail.get(self.lang))),
                key=str(i),
            )
        column, reverse = self._sort
        # Findings by kind follow the audit's order (weak, reused, breached, 2FA), not A-Z.
        order = {KIND_LABELS[k].get(self.lang): i for i, k in enumerate(KINDS)}

        def sort_key(value: object) -> object:
            text = str(value)
            return (order.get(text, len(order)), text) if column == "kind" else text.casefold()

        table.sort(column, key=sort_key, reverse=reverse)

    @on(DataTable.HeaderSelected)
    def _sort_by(self, event: DataTable.HeaderSelected) -> None:
        column = str(event.column_key.value)
        current, reverse = self._sort
        self._sort = (column, not reverse if column == current else False)
        self._fill_table()
