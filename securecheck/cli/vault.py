"""`securecheck vault FILE`: audit a password-manager export (weak, reused, breached, 2FA).

The export is read, never modified; nothing of it is written but the report, which names
entries by title and domain only. What was found about the exchange's entries is saved in the
answers file as results (never passwords) for the audit's rules, unless `--no-save`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from securecheck.cli.breach_options import add_breach_options, announce, breach_options
from securecheck.cli.common import answers_path, lang_of, output_target, write_output
from securecheck.core.errors import UsageError
from securecheck.i18n import _

FORMATS = ("text", "json", "markdown")
SUFFIX_FORMATS = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".txt": "text"}
STAGES = {
    "strength": _("checking strength"),
    "breaches": _("searching the breach corpus"),
    "online": _("asking the range API"),
}


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    vault = commands.add_parser(
        "vault",
        parents=[common],
        help="audit a password-manager export: weak, reused and breached passwords, 2FA",
        description="Formats (detected from the content): Bitwarden CSV and JSON (not "
        "encrypted), 1Password .1pux and CSV, KeePassXC CSV, Chrome/Edge CSV, Firefox CSV, "
        "KeePass .kdbx (master password with --password-stdin).",
    )
    vault.add_argument("file", type=Path, metavar="FILE", help="the exported file")
    vault.add_argument("--format", choices=FORMATS, help="report format (default: text)")
    vault.add_argument(
        "--output", type=Path, metavar="FILE", help="write the report to FILE (0600, atomically)"
    )
    vault.add_argument(
        "--password-stdin",
        action="store_true",
        help="read a .kdbx database's master password from standard input (one line)",
    )
    vault.add_argument(
        "--no-save",
        action="store_true",
        help="do not remember the exchange entries' results in the answers file",
    )
    add_breach_options(vault)
    vault.set_defaults(handler=run)


class _Progress:
    """One updating line on stderr, only when stderr is a terminal."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.shown = sys.stderr.isatty()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.shown:
            percent = 100 * done // max(total, 1)
            label = STAGES[stage].get(self.lang)
            sys.stderr.write(f"\r{label}: {done}/{total} ({percent}%)\x1b[K")
            sys.stderr.flush()

    def end(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    from securecheck.cli.audit import read_password
    from securecheck.core import audit
    from securecheck.core.answers import update_answers
    from securecheck.core.hardening import forbid_core_dumps
    from securecheck.core.model import PasswordCheck
    from securecheck.password.corpus import open_corpus
    from securecheck.tools.vault.audit import audit_export
    from securecheck.tools.vault.reader import needs_master_password, read_export
    from securecheck.tools.vault.render import RENDERERS, vault_dict

    forbid_core_dumps()  # the export's passwords are about to be in memory
    answers = answers_path(args)
    output = output_target(args.output, answers)
    fmt = args.format
    if fmt is None:
        fmt = SUFFIX_FORMATS.get(output.suffix.lower(), "text") if output else "text"
    if output is not None and output.resolve() == args.file.resolve():
        raise UsageError("--output would overwrite the export itself")
    lang = lang_of(args)
    setup = audit.load_setup(answers, args.rules)
    options = breach_options(args)
    master = None
    if needs_master_password(args.file):
        if not args.password_stdin:
            raise UsageError(f"{args.file}: a KeePass database: give --password-stdin")
        master = read_password(sys.stdin, "KeePass master password (not stored): ")
    try:
        export = read_export(args.file, master)
    finally:
        if master is not None:
            master.clear()
    corpus = open_corpus(options.corpus) if options.corpus is not None else None
    announce(options, lang)
    check = next(
        (r.check for r in setup.rules if isinstance(r.check, PasswordCheck)), PasswordCheck()
    )
    progress = _Progress(lang)
    try:
        result = audit_export(
            export,
            min_score=check.min_score,
            min_length=check.min_length,
            corpus=corpus,
            online=options.online,
            api=options.api,
            progress=progress,
            analyse_here=True,  # a command that exits: zxcvbn's word lists may load here
        )
    finally:
        progress.end()
        if corpus is not None:
            corpus.close()
    if not args.no_save:
        questions = [r.question for r in setup.rules if r.question is not None]
        update_answers(setup.answers_path, questions, lambda a: a.with_vault(result.summary))
    write_output(RENDERERS[fmt](vault_dict(result, lang)), output)
    return 0
