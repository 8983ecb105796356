"""`securecheck check-email FILE.eml`: is this e-mail really from the exchange?

Exit codes: 0 genuine, 1 suspicious or forged, 2 the file cannot be read (or no code given).
The anti-phishing code is asked without echo (or read from standard input with --code-stdin);
it is only compared with the message, never stored, logged or shown.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from securecheck.cli.common import lang_of
from securecheck.core.errors import UsageError
from securecheck.core.inert import json_inert, one_line
from securecheck.i18n import _

LABELS = {
    "suspicious": _("? SUSPICIOUS: not shown to come from the exchange; do not click or reply"),
    "forged": _("✗ FORGED: this e-mail is not from the exchange; do not click or reply"),
}
MARKS = {"ok": "✓", "note": "·", "suspicious": "?", "forged": "✗"}
EXIT = {"genuine": 0, "suspicious": 1, "forged": 1}
HIDDEN = "•••"  # what would stand where the code appeared in anything shown


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    mail = commands.add_parser(
        "check-email",
        parents=[common],
        help="is this e-mail (.eml file) really from the exchange?",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
    )
    mail.add_argument("file", type=Path, metavar="FILE.eml", help="the message, saved as .eml")
    code = mail.add_mutually_exclusive_group()
    code.add_argument(
        "--code-stdin",
        action="store_true",
        help="read your anti-phishing code from standard input (for scripts)",
    )
    code.add_argument(
        "--no-code", action="store_true", help="do not check the anti-phishing code (said so)"
    )
    mail.add_argument("--format", choices=("text", "json"), default="text", help="text or json")
    mail.set_defaults(handler=run)


def _ask_code(args: argparse.Namespace) -> str | None:
    if args.no_code:
        return None
    if args.code_stdin:
        line = sys.stdin.readline()
    elif sys.stdin.isatty():
        line = getpass.getpass("Anti-phishing code (not shown, not stored): ")
    else:
        raise UsageError(
            "no terminal to ask for the anti-phishing code: use --code-stdin or --no-code"
        )
    code = line.strip()
    if not code:
        raise UsageError("no anti-phishing code given (use --no-code to skip the check)")
    return code


def run(args: argparse.Namespace) -> int:
    """See the module's exit codes."""
    from securecheck.tools.email.judge import judge_mail
    from securecheck.tools.email.message import read_mail

    lang = lang_of(args)
    mail = read_mail(args.file)  # before asking for the code: a bad file is said at once
    code = _ask_code(args)
    verdict = judge_mail(mail, code)

    def shown(text: str) -> str:
        # A message may quote the code (in a link, a name): it never reaches the output.
        return text.replace(code, HIDDEN) if code else text

    if args.format == "json":
        document = {
            "input": shown(str(args.file)),
            "verdict": verdict.kind,
            "from_domain": shown(verdict.from_domain),
            "brand": verdict.brand,
            "code_checked": verdict.code_checked,
            "findings": [
                {"severity": f.severity, "text": shown(f.text.get(lang))} for f in verdict.findings
            ],
            "links": [
                {"host": shown(x.host), "kind": x.kind, "brand": x.brand} for x in verdict.links
            ],
        }
        print(json_inert(json.dumps(document, ensure_ascii=False, indent=2)))
    else:
        head = (
            _("✓ genuine: sent by {brand} and verified by your provider", brand=verdict.brand)
            if verdict.kind == "genuine"
            else LABELS[verdict.kind]
        )
        print(one_line(shown(head.get(lang))))
        for finding in verdict.findings:
            print(f"  {MARKS[finding.severity]} {one_line(shown(finding.text.get(lang)))}")
    return EXIT[verdict.kind]
