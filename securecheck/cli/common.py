"""What every command shares: the global options, the language, files, errors.

The global options (`--answers`, `--rules`, `--lang`, `--no-probes`, `--no-history`, `-v`)
may stand before the command or after it: `securecheck --lang zh audit` and
`securecheck audit --lang zh` mean the same. After the command they win over the same option
before it; `--rules` adds up.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from securecheck.core.errors import UsageError
from securecheck.core.inert import inert
from securecheck.i18n import LANGUAGES, canonical, from_locale

if TYPE_CHECKING:
    from securecheck.core.history.record import Via


def terminal_width() -> int:
    """The terminal's columns, as `shutil.get_terminal_size` says them (`COLUMNS`, then
    stdout's terminal, then 80), without importing shutil.

    argparse makes a help formatter for every option it adds (to check its metavar), and
    each one imported shutil for the width, with the three compressors shutil loads: ~3 ms of
    every command, for help that is almost never shown.
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Formatter(argparse.HelpFormatter):
    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = terminal_width() - 2  # what argparse itself leaves
        super().__init__(prog, indent_increment, max_help_position, width)


class Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"securecheck: error: {message}\n")


def language(value: str) -> str:
    found = canonical(value)
    if found is None:
        raise argparse.ArgumentTypeError(
            f"'{value}' is not a language securecheck speaks ({', '.join([*LANGUAGES, 'zh'])})"
        )
    return found


def add_global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """The options every command accepts; `top` for the parser before the command."""
    # After the command, a missing option must not reset what was given before it.
    unset = {} if top else {"default": argparse.SUPPRESS}
    parser.add_argument(
        "--answers",
        type=Path,
        metavar="FILE",
        help="answers file (default: answers.yaml in your config directory)",
        **({"default": None} if top else unset),
    )
    parser.add_argument(
        "--rules",
        type=Path,
        action="append",
        dest="rules" if top else "more_rules",
        default=[],
        metavar="PATH",
        help="extra rule pack (a YAML file or a directory of them); repeatable",
    )
    parser.add_argument(
        "--lang",
        type=language,
        metavar="LANG",
        help="language: en, zh (= zh-Hans, Simplified), zh-Hant (Traditional); "
        "default: the one chosen in the app, else your locale",
        **({"default": None} if top else unset),
    )
    parser.add_argument(
        "--no-probes",
        action="store_true",
        help="do not inspect this machine; probe rules use their questions",
        **({"default": False} if top else unset),
    )
    parser.add_argument(
        "--no-history",
        action="store_true",
        help="do not add this run to the history (securecheck history)",
        **({"default": False} if top else unset),
    )


def finish_globals(args: argparse.Namespace) -> argparse.Namespace:
    args.rules = [*args.rules, *getattr(args, "more_rules", [])]
    return args


def answers_path(args: argparse.Namespace) -> Path:
    from securecheck.core.answers import default_answers_path

    path: Path = args.answers if args.answers is not None else default_answers_path()
    return path


def lang_of(args: argparse.Namespace) -> str:
    """--lang, else the language last chosen in the app, else the locale's."""
    if args.lang is not None:
        return str(args.lang)
    from securecheck.core.settings import default_settings_path, load_settings

    remembered = load_settings(default_settings_path()).language
    return remembered or from_locale()


def output_target(output: Path | None, answers: Path) -> Path | None:
    """The file `--output` names, checked before any work: None for stdout (none, or `-`).

    Refused up front (UsageError, exit 2): a directory, a device, a FIFO or a socket (as root,
    a rename would replace /dev/null itself), and the answers file (the report would
    overwrite the user's answers).
    """
    if output is None or str(output) == "-":
        return None
    from securecheck.core.fileio import not_regular

    refused = not_regular(output)
    if refused:
        raise UsageError(f"--output {inert(str(output))}: {refused}")
    if _same_file(output, answers):
        raise UsageError(f"--output {inert(str(output))}: is the answers file; choose another")
    return output


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return a.samefile(b)
        return os.path.realpath(a) == os.path.realpath(b)
    except (OSError, ValueError):
        return False


def write_output(text: str, output: Path | None) -> None:
    """The report on stdout, or atomically (0600) in `output`."""
    if output is None:
        sys.stdout.write(text)
        return
    from securecheck.core.fileio import atomic_write

    atomic_write(output, text.encode("utf-8"))


def add_fresh(parser: argparse.ArgumentParser) -> None:
    """`--fresh`: read every fact off the machine again, ignoring remembered ones."""
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="check the machine from scratch: do not reuse facts remembered from an earlier "
        "audit (slow steps such as counting pending updates are remembered for up to a day "
        "while what they depend on is unchanged)",
    )


def record_history(report: Mapping[str, Any], run_id: str, via: Via = "audit") -> None:
    """Add the run to the history; a failure is a warning, never the audit's failure."""
    from securecheck.core import history
    from securecheck.core.errors import SecurecheckError

    try:
        history.record_run(history.from_report(report, run_id, via))
    except SecurecheckError as exc:
        print(f"securecheck: warning: this run is not in the history: {exc}", file=sys.stderr)
