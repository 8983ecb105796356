"""The headless face: `securecheck audit`, `rules`, `facts`, `answer`.

Exit codes: 0 fine, 1 score below --fail-under, 2 bad usage or bad input (a one-line
`file:line:col: field: problem` on stderr, nothing on stdout, no file written).
This module must not import textual: the app is loaded only when asked for.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from securecheck import __version__
from securecheck.core.errors import SecurecheckError, UsageError
from securecheck.core.model import Text
from securecheck.core.secret import Secret
from securecheck.i18n import default_lang

FORMATS = ("text", "json", "markdown")
SUFFIX_FORMATS = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".txt": "text"}
MAX_PASSWORD_LINE = 64 * 1024  # a paste bigger than this is not a password


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"securecheck: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
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
    common = _Parser(add_help=False)
    common.add_argument(
        "--answers",
        type=Path,
        metavar="FILE",
        help="answers file (default: answers.yaml in your config directory)",
    )
    common.add_argument(
        "--rules",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="extra rule pack (a YAML file or a directory); repeatable",
    )
    common.add_argument("--lang", choices=("en", "zh"), help="language (default: from the locale)")
    # The app's own options (the same as `audit`'s), given before any command.
    parser.add_argument("--answers", type=Path, metavar="FILE", help="answers file for the app")
    parser.add_argument(
        "--rules",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="extra rule pack for the app; repeatable",
    )
    parser.add_argument("--lang", choices=("en", "zh"), help="language of the app")
    parser.add_argument(
        "--no-probes", action="store_true", help="the app does not inspect this machine"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    audit = sub.add_parser("audit", parents=[common], help="run the audit and print a report")
    audit.add_argument(
        "--format",
        choices=FORMATS,
        help="report format (default: text, or from the --output file name)",
    )
    audit.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="write the report to FILE (atomically, mode 0600) instead of stdout",
    )
    audit.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the exchange password to check from standard input (one line); "
        "it is analysed in memory and never stored",
    )
    audit.add_argument(
        "--no-probes",
        action="store_true",
        help="do not inspect this machine; probe rules use their questions",
    )
    audit.add_argument(
        "--fail-under",
        type=float,
        default=0.0,
        metavar="N",
        help="exit 1 when the score is below N (default 0)",
    )

    rules = sub.add_parser("rules", help="list or validate rule packs")
    rules_sub = rules.add_subparsers(
        dest="rules_command", metavar="ACTION", required=True, parser_class=_Parser
    )
    rlist = rules_sub.add_parser("list", parents=[common], help="list the loaded rules")
    rlist.add_argument("--format", choices=("text", "json"), default="text")
    rval = rules_sub.add_parser("validate", help="check rule pack files; exit 2 on any problem")
    rval.add_argument("paths", type=Path, nargs="+", metavar="PATH")

    facts = sub.add_parser("facts", help="print what the probes see on this machine")
    facts.add_argument("--format", choices=("text", "json"), default="text")
    facts.add_argument("--rules", type=Path, action="append", default=[], metavar="DIR")

    answer = sub.add_parser(
        "answer", parents=[common], help="answer a question from the command line"
    )
    answer.add_argument("question", help="question id, e.g. two_factor.enabled")
    answer.add_argument("value", nargs="?", help="the choice (omit to list the choices)")
    site = sub.add_parser("check-site", help="is this link the official site or a look-alike?")
    site.add_argument("urls", nargs="+", metavar="URL", help="a link or a domain name")
    site.add_argument("--lang", choices=("en", "zh"), help="language (default: from the locale)")
    address = sub.add_parser(
        "check-address", help="verify a withdrawal address (checksum, address poisoning)"
    )
    address.add_argument("address", help="the address you are about to send to")
    address.add_argument(
        "--expected",
        metavar="ADDRESS",
        help="the address you meant (e.g. from your whitelist), to compare",
    )
    address.add_argument("--lang", choices=("en", "zh"), help="language (default: from the locale)")
    return parser


def _setup_logging(verbosity: int) -> None:
    # Logs go to stderr only, never to a file; they name commands, timings and rule ids,
    # never an answer's free text or anything typed into the password field.
    level = logging.WARNING if verbosity == 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="securecheck %(levelname)s %(name)s: %(message)s")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup_logging(args.verbose)
    try:
        if args.command is None:
            return _open_app(args)
        handler = {
            "audit": cmd_audit,
            "rules": cmd_rules,
            "facts": cmd_facts,
            "answer": cmd_answer,
            "check-site": cmd_check_site,
            "check-address": cmd_check_address,
        }[args.command]
        return handler(args)
    except SecurecheckError as exc:
        print(f"securecheck: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("securecheck: interrupted", file=sys.stderr)
        return 130


def _answers_path(args: argparse.Namespace) -> Path:
    from securecheck.core.answers import default_answers_path

    return args.answers if args.answers is not None else default_answers_path()


def _open_app(args: argparse.Namespace) -> int:
    from securecheck.tui import run_app  # textual loads only for the app

    code: int = run_app(
        answers_path=_answers_path(args),
        extra_rules=args.rules,
        lang=args.lang or default_lang(),
        probes=not args.no_probes,
    )
    return code


def read_password(stream: Any) -> Secret:
    """One line from stdin; on a terminal, without echo. Never from argv or the environment."""
    if stream.isatty():
        return Secret(getpass.getpass("Exchange password (not stored): "))
    raw = (
        stream.buffer.readline(MAX_PASSWORD_LINE + 1)
        if hasattr(stream, "buffer")
        else (stream.readline(MAX_PASSWORD_LINE + 1).encode("utf-8"))
    )
    if len(raw) > MAX_PASSWORD_LINE:
        raise UsageError("--password-stdin: the first line is longer than 64 KiB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError("--password-stdin: the input is not UTF-8 text") from None
    line = text.removesuffix("\n").removesuffix("\r")
    if not line:
        raise UsageError("--password-stdin: no password on standard input (an empty first line)")
    return Secret(line)


def cmd_audit(args: argparse.Namespace) -> int:
    from securecheck import report
    from securecheck.core import audit

    fmt = args.format
    if fmt is None:
        fmt = SUFFIX_FORMATS.get(args.output.suffix.lower(), "text") if args.output else "text"
    if args.output is not None and args.output.is_dir():
        raise UsageError(f"{args.output}: is a directory")
    lang = args.lang or default_lang()
    setup = audit.load_setup(_answers_path(args), args.rules)
    verdict = None
    if args.password_stdin:
        secret = read_password(sys.stdin)
        try:
            verdict = audit.check_password(setup.rules, secret, setup.answers.profile)
        finally:
            secret.clear()
    outcomes = None if args.no_probes else audit.gather_facts(setup.rules)
    card = audit.score(setup.rules, setup.answers, outcomes, verdict)
    data = report.build(card, lang)
    text = report.RENDERERS[fmt](data)
    if args.output is not None:
        from securecheck.core.fileio import atomic_write

        atomic_write(args.output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 1 if card.score.value < args.fail_under else 0


def cmd_rules(args: argparse.Namespace) -> int:
    from securecheck.core.rulepacks import load_rules, validate

    if args.rules_command == "validate":
        problems = validate(args.paths)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            return 2
        print(f"ok: {len(args.paths)} path(s) valid")
        return 0
    lang = args.lang or default_lang()
    rules = load_rules(args.rules)
    if args.format == "json":
        rows = [
            {
                "id": r.id,
                "title": r.title.get(lang),
                "category": r.category,
                "severity": r.severity.value,
                "kind": r.check.kind,
                "platforms": list(r.platforms),
                "source": r.source,
                "origin": r.origin,
            }
            for r in rules
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        width = max(len(r.id) for r in rules)
        for r in rules:
            print(f"{r.id:<{width}}  {r.severity.value:<8}  {r.check.kind:<8}  {r.title.get(lang)}")
    return 0


def cmd_facts(args: argparse.Namespace) -> int:
    from securecheck.core import audit
    from securecheck.core.rulepacks import load_rules

    outcomes = audit.gather_facts(load_rules(args.rules))
    lang = default_lang()
    rows: dict[str, Any] = {}
    for name, o in sorted(outcomes.items()):
        rows[name] = {
            "applicable": o.applicable,
            "facts": dict(o.facts),
            "reason": o.reason.get(lang) if o.reason else None,
            "reasons": {k: v.get(lang) for k, v in o.fact_reasons.items()},
            "sources": list(o.sources),
            "seconds": round(o.duration_s, 3),
        }
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for name, row in rows.items():
        state = "n/a" if not row["applicable"] else ("ok" if row["facts"] else "unknown")
        print(f"{name} [{state}] ({row['seconds']}s)")
        for key, value in row["facts"].items():
            print(f"  {key} = {value!r}")
        if row["reason"]:
            print(f"  reason: {row['reason']}")
        for key, why in row["reasons"].items():
            # A reason beside a known fact explains it; beside a missing one, says why not.
            print(f"  {key}: {'note' if key in row['facts'] else 'unknown'} ({why})")
        for src in row["sources"]:
            print(f"  source: {src}")
    return 0


def cmd_answer(args: argparse.Namespace) -> int:
    from securecheck.core.answers import update_answers
    from securecheck.core.audit import load_setup

    path = _answers_path(args)
    setup = load_setup(path, args.rules)
    lang = args.lang or default_lang()
    question = next(
        (
            r.question
            for r in setup.rules
            if r.question is not None and r.question.id == args.question
        ),
        None,
    )
    if question is None:
        raise UsageError(f"no question '{args.question}'")
    if args.value is None:
        print(question.text.get(lang))
        for c in question.choices:
            print(f"  {c.value:<16} {c.label.get(lang)}")
        return 0
    if question.choice(args.value) is None:
        options = ", ".join(c.value for c in question.choices)
        raise UsageError(f"'{args.value}' is not one of {options}")
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    questions = [r.question for r in setup.rules if r.question is not None]
    update_answers(path, questions, lambda a: a.with_answer(question.id, args.value, now))
    print(f"saved to {path}")
    return 0


SITE_LABELS = {
    "official": Text("✓ official", "✓ 官方网站"),
    "lookalike": Text("✗ LOOK-ALIKE", "✗ 仿冒网站"),
    "unrelated": Text(
        "? not a known exchange site (not proof of safety)", "? 未知网站(不代表安全)"
    ),
    "invalid": Text("✗ cannot read this as a link", "✗ 无法识别的链接"),
}
ADDRESS_LABELS = {
    "valid": Text("✓ valid", "✓ 有效"),
    "invalid": Text("✗ INVALID — do not send", "✗ 无效地址 — 请勿转账"),
    "unknown_format": Text("? unknown format — cannot verify", "? 无法识别的格式 — 无法校验"),
    "mismatch": Text(
        "✗ DIFFERENT from the expected address — do not send", "✗ 与预期地址不一致 — 请勿转账"
    ),
    "poisoned": Text(
        "✗ ADDRESS POISONING: a look-alike of the expected address — DO NOT SEND",
        "✗ 地址投毒:与预期地址相似的伪造地址 — 切勿转账",
    ),
}


def cmd_check_site(args: argparse.Namespace) -> int:
    """Exit 0 when every link is an official site, 1 otherwise."""
    from securecheck.tools.site.lookalike import check_site

    lang = args.lang or default_lang()
    all_official = True
    for url in args.urls:
        verdict = check_site(url)
        all_official &= verdict.kind == "official"
        target = f" ({verdict.brand}, {verdict.official_domain})" if verdict.brand else ""
        print(f"{SITE_LABELS[verdict.kind].get(lang)}: {verdict.host or url}{target}")
        for reason in verdict.reasons:
            print(f"  - {reason.get(lang)}")
    return 0 if all_official else 1


def cmd_check_address(args: argparse.Namespace) -> int:
    """Exit 0 when the address is valid (and equals --expected), 1 otherwise."""
    from securecheck.tools.address.verify import check_address

    lang = args.lang or default_lang()
    verdict = check_address(args.address, args.expected)
    network = f" ({verdict.network})" if verdict.network else ""
    print(f"{ADDRESS_LABELS[verdict.kind].get(lang)}{network}")
    for reason in verdict.reasons:
        print(f"  - {reason.get(lang)}")
    return 0 if verdict.kind == "valid" else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
