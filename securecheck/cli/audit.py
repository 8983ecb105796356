"""`securecheck audit`: the whole checklist, headless, as text, JSON or Markdown."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from securecheck.cli.breach_options import add_breach_options, announce, breach_options
from securecheck.cli.common import (
    add_fresh,
    answers_path,
    lang_of,
    output_target,
    record_history,
    write_output,
)
from securecheck.core.errors import UsageError
from securecheck.core.hardening import forbid_core_dumps
from securecheck.core.secret import Secret

FORMATS = ("text", "json", "markdown", "ndjson", "ocsf")
SUFFIX_FORMATS = {
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
}
# A paste bigger than this is not a password; below it every input gets a verdict (the
# analysis looks at a bounded prefix, securecheck.password.quick.bounded).
MAX_PASSWORD_LINE = 1024 * 1024


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    audit = commands.add_parser("audit", parents=[common], help="run the audit and print a report")
    audit.add_argument(
        "--format",
        choices=FORMATS,
        help="report format (default: text, or from the --output file name); for a fleet: "
        "ndjson (one JSON object per result, plus a summary) or ocsf (OCSF Compliance "
        "Finding events, one per line)",
    )
    audit.add_argument(
        "--device-id",
        metavar="ID",
        help="the device id fleet records carry (default: a random id kept in your config "
        "directory, never derived from the machine)",
    )
    audit.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="write the report to FILE (atomically, mode 0600) instead of stdout; '-' is stdout",
    )
    audit.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the exchange password to check from standard input (one line); "
        "it is analysed in memory and never stored: only the verdict, its 0-4 score and the "
        "date are kept in the answers file",
    )
    audit.add_argument(
        "--no-save",
        action="store_true",
        help="with --password-stdin: do not keep the verdict in the answers file",
    )
    audit.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="do not show what is being checked on stderr",
    )
    audit.add_argument(
        "--fail-under",
        type=float,
        default=0.0,
        metavar="N",
        help="exit 1 when the headline score (the shipped rules; user packs have their own "
        "lines) is below N (default 0)",
    )
    add_fresh(audit)
    add_breach_options(audit)  # --breaches, --breaches-online, --breaches-api
    audit.set_defaults(handler=run)


def read_password(stream: Any, prompt: str = "Exchange password (not stored): ") -> Secret:
    """One line from stdin; on a terminal, without echo. Never from argv or the environment."""
    if stream is None:  # `<&-`: the shell closed it
        raise UsageError("--password-stdin: standard input is closed")
    try:
        if stream.isatty():
            import getpass

            return Secret(getpass.getpass(prompt))
        raw = (
            stream.buffer.readline(MAX_PASSWORD_LINE + 1)
            if hasattr(stream, "buffer")
            else (stream.readline(MAX_PASSWORD_LINE + 1).encode("utf-8"))
        )
    except EOFError:  # ctrl+d at the prompt
        raise UsageError("--password-stdin: no password given") from None
    except OSError as exc:  # `0>file`: open, but not for reading
        reason = exc.strerror or type(exc).__name__
        raise UsageError(f"--password-stdin: cannot read standard input: {reason}") from None
    if len(raw) > MAX_PASSWORD_LINE:
        raise UsageError("--password-stdin: the first line is longer than 1 MiB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError("--password-stdin: the input is not UTF-8 text") from None
    line = text.removesuffix("\n").removesuffix("\r")
    if not line:
        raise UsageError("--password-stdin: no password on standard input (an empty first line)")
    return Secret(line)


def run(args: argparse.Namespace) -> int:
    from securecheck import report
    from securecheck.core import audit, engine

    if args.password_stdin:  # before the password is in memory: no core file can hold it
        forbid_core_dumps()
    answers = answers_path(args)
    output = output_target(args.output, answers)
    fmt = args.format
    if fmt is None:
        fmt = SUFFIX_FORMATS.get(output.suffix.lower(), "text") if output else "text"
    if args.device_id is not None:
        from securecheck.core.device import checked_device_id

        checked_device_id(args.device_id)  # before any work: a typo is exit 2 at once
    lang = lang_of(args)
    setup = audit.load_setup(answers, args.rules)
    given = setup.answers
    breaches = breach_options(args)
    verdict = breach = None
    if args.password_stdin:
        secret = read_password(sys.stdin)
        try:
            verdict = audit.check_password(setup.rules, secret, setup.answers.profile)
            announce(breaches, lang)
            breach = audit.check_breach(secret, breaches.corpus, breaches.online, breaches.api)
        finally:
            secret.clear()
        record = audit.password_record(verdict, dt.datetime.now(dt.UTC))
        if record is not None and not args.no_save:
            given = audit.save_password_verdict(setup, record)
    outcomes = None
    if not args.no_probes:
        from securecheck.cli.progress import ProgressLine

        line = None if args.quiet else ProgressLine.on(sys.stderr, lang)
        needed = sorted(engine.probes_needed(setup.rules))
        if line is not None:
            line.start(needed)
        try:
            outcomes = audit.gather_facts(
                setup.rules, fresh=args.fresh, progress=line.done if line else None
            )
        finally:
            if line is not None:
                line.clear()
    card = audit.score(setup.rules, given, outcomes, verdict, breach=breach)
    data = report.build(card, lang)
    # One id links the history record to the fleet records of this run (when there are any).
    fleet_format = fmt in report.FLEET_RENDERERS
    run_id = _new_run_id() if fleet_format or not args.no_history else ""
    if fleet_format:
        from securecheck.core.device import device_id

        fleet = report.FleetContext(run_id, device_id(args.device_id))
        text = report.FLEET_RENDERERS[fmt](data, fleet)
    else:
        text = report.RENDERERS[fmt](data)
    write_output(text, output)
    if not args.no_history:
        record_history(data, run_id)
    return 1 if card.score.value < args.fail_under else 0


def _new_run_id() -> str:
    from securecheck.core.history.record import new_run_id

    return new_run_id()
