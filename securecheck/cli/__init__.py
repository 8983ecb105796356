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

import gc

# No automatic garbage collection while a headless command runs (see `main`); this covers
# the imports below too, and the state is put back at the end of this module.
_COLLECTING_BEFORE_IMPORT = gc.isenabled()
gc.disable()

import argparse  # noqa: E402
import contextlib  # noqa: E402
import importlib  # noqa: E402
import sys  # noqa: E402
from collections.abc import Iterator, Sequence  # noqa: E402
from typing import NoReturn  # noqa: E402

from securecheck import __version__, log  # noqa: E402
from securecheck.cli.breach_options import add_breach_options  # noqa: E402
from securecheck.cli.common import Parser, add_global_options, finish_globals  # noqa: E402
from securecheck.cli.streams import (  # noqa: E402
    SIGPIPE_EXIT,
    ReaderGone,
    guarded_streams,
    raw_streams,
)
from securecheck.core.errors import SecurecheckError  # noqa: E402

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


def _top_parser(parser_class: type[Parser] = Parser, *, add_help: bool = True) -> Parser:
    """`securecheck` and the options that stand before any command."""
    parser = parser_class(
        prog="securecheck",
        add_help=add_help,
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
    return parser


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; `only`: with that one command's parser alone (each command
    imports its module to add its options)."""
    parser = _top_parser()
    common = Parser(add_help=False)
    add_global_options(common, top=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in COMMANDS if only is None else (only,):
        importlib.import_module(f"securecheck.cli.{name}").register(commands, common)
    return parser


def _setup_logging(verbosity: int) -> None:
    # Logs go to stderr only, never to a file; they name commands, timings and rule ids,
    # never an answer's free text or anything typed into the password field.
    level = 30 if verbosity == 0 else 20 if verbosity == 1 else 10  # WARNING, INFO, DEBUG
    log.configure(level, "securecheck %(levelname)s %(name)s: %(message)s")


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """Automatic garbage collection off, then as it was.

    A headless command is over in well under a second (a few seconds with probes). What it
    allocates (modules, classes, rules, results: tens of thousands of objects) lives until
    it ends, and it makes almost no reference cycles, so each automatic collection only
    walks the same live objects again: a fifth of `audit --no-probes`. Memory is still freed
    as usual (by reference counting). The app and `serve`, which run for hours, turn
    collection back on (`long_running`).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    with _no_collection(), guarded_streams():
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


class _NotTheApp(Exception):
    pass


class _AppParser(Parser):
    """Parses a command line that names no command (the app) or gives up, raising."""

    def error(self, message: str) -> NoReturn:
        raise _NotTheApp


def _first_look(argv: Sequence[str] | None) -> tuple[argparse.Namespace, list[str]] | None:
    """The options before any command, and what is left (the command first, if one is named);
    None for a line only the full parser can judge (it then says what is wrong)."""
    parser = _top_parser(_AppParser, add_help=False)  # -h: the full parser's help
    try:
        return parser.parse_known_args(argv)
    except _NotTheApp:
        return None


def _app_args(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The options of `securecheck [options]` (the app), without the ten commands' parsers:
    None when the line names a command, asks for help or has anything else in it."""
    return _app_of(_first_look(argv))


def _app_of(seen: tuple[argparse.Namespace, list[str]] | None) -> argparse.Namespace | None:
    if seen is None or seen[1]:
        return None
    args = seen[0]
    args.command = None
    return args


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line as `build_parser()` reads it, building only what it needs: no
    command's parser for the app, only the named command's for a command."""
    seen = _first_look(argv)
    app = _app_of(seen)
    if app is not None:
        return finish_globals(app)
    named = seen[1][0] if seen is not None else None
    return finish_globals(build_parser(named if named in COMMANDS else None).parse_args(argv))


def _main(argv: Sequence[str] | None) -> int:
    args = parse(argv)
    _setup_logging(args.verbose)
    if args.command is None or getattr(args, "long_running", False):
        gc.enable()  # an event loop that runs for hours makes cycles (widgets, tasks)
    if args.command is None:
        from securecheck.cli.app import open_app

        with raw_streams():
            return open_app(args)
    code: int = args.handler(args)
    return code


def run() -> int:
    """The `securecheck` program (`[project.scripts]`, `python -m securecheck`)."""
    code = main()
    # Everything alive now dies with the process: out of the collector's sight, the
    # interpreter's last collection at exit does not walk it (~4 ms of a headless audit).
    gc.freeze()
    return code


__all__ = ["COMMANDS", "build_parser", "main", "parse", "run"]

if _COLLECTING_BEFORE_IMPORT:  # importing this module leaves the collector as it was
    gc.enable()
