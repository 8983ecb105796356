"""The headless face: `securecheck audit`, `rules`, `facts`, `answer` and the tools.

Exit codes: 0 fine, 1 a finding (score below --fail-under, a look-alike site, a bad
address, a suspicious or forged e-mail), 2 bad usage or bad input (a one-line
`file:line:col: field: problem` on stderr, nothing on stdout, no file written), 3 a tool
could not tell (check-site: a site it does not know; check-address: a valid address that is
not in your address book).
This package must not import textual: the app is loaded only when asked for.

Each command is a module with `register(commands, common)`, which adds its parser and sets
`handler`; `COMMANDS` lists them in the order `--help` shows.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import sys
from collections.abc import Sequence

from securecheck import __version__
from securecheck.cli.breach_options import add_breach_options
from securecheck.cli.common import Parser, add_global_options, finish_globals
from securecheck.cli.streams import SIGPIPE_EXIT, ReaderGone, guarded_streams, raw_streams
from securecheck.core.errors import SecurecheckError

COMMANDS: tuple[str, ...] = (
    "audit",
    "history",
    "diff",
    "rules",
    "facts",
    "answer",
    "site",
    "address",
    "email",
    "vault",
    "serve",
)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="securecheck",
        description="Account-security self-audit for people who keep money on crypto exchanges. "
        "Without a command, opens the interactive checklist.",
    )
    parser.add_argument("--version", action="version", version=f"securecheck {__version__}")
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log what securecheck does to stderr (-vv: debug)",
    )
    add_global_options(parser, top=True)
    add_breach_options(parser)  # for the app; `audit` and `vault` have their own
    common = Parser(add_help=False)
    add_global_options(common, top=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in COMMANDS:
        importlib.import_module(f"securecheck.cli.{name}").register(commands, common)
    return parser


def _setup_logging(verbosity: int) -> None:
    # Logs go to stderr only, never to a file; they name commands, timings and rule ids,
    # never an answer's free text or anything typed into the password field.
    level = logging.WARNING if verbosity == 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="securecheck %(levelname)s %(name)s: %(message)s")


def main(argv: Sequence[str] | None = None) -> int:
    with guarded_streams():
        try:
            code = _main(argv)
            sys.stdout.flush()  # a full disk shows here, as one line, not at exit
            return code
        except SystemExit as exc:  # argparse: --help, --version, a usage error
            with contextlib.suppress(SecurecheckError, ReaderGone):
                sys.stdout.flush()
            return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 2
        except ReaderGone:
            return SIGPIPE_EXIT
        except SecurecheckError as exc:
            print(f"securecheck: error: {exc}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print("securecheck: interrupted", file=sys.stderr)
            return 130


def _main(argv: Sequence[str] | None) -> int:
    args = finish_globals(build_parser().parse_args(argv))
    _setup_logging(args.verbose)
    if args.command is None:
        from securecheck.cli.app import open_app

        with raw_streams():
            return open_app(args)
    code: int = args.handler(args)
    return code


__all__ = ["COMMANDS", "build_parser", "main"]
