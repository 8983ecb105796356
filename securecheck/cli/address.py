"""`securecheck check-address ADDRESS` and `securecheck address add|list|remove`.

check-address verifies the checksum and compares the address with --expected, or else with
every saved address of the same chain in the address book (addresses.yaml in the config
directory). Exit codes: 0 it is the expected or a saved address, 1 invalid / different /
poisoned, 3 valid but not one of yours (or a format securecheck cannot verify), 2 bad input.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from securecheck.cli.common import lang_of
from securecheck.core.inert import json_inert, one_line
from securecheck.i18n import _

LABELS = {
    "valid": _("✓ valid"),
    "invalid": _("✗ INVALID — do not send"),
    "unknown_format": _("? unknown format — cannot verify"),
    "mismatch": _("✗ DIFFERENT from the expected address — do not send"),
    "poisoned": _("✗ ADDRESS POISONING: a look-alike of the expected address — DO NOT SEND"),
    "not_saved": _("? valid, but not one of your saved addresses"),
}
POISONED_SAVED = _("✗ ADDRESS POISONING: a look-alike of your saved address — DO NOT SEND")
SAVED = _("✓ one of your saved addresses")
EXIT = {"valid": 0, "invalid": 1, "mismatch": 1, "poisoned": 1, "unknown_format": 3}
EXIT |= {"not_saved": 3}


def _book_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--book",
        type=Path,
        metavar="FILE",
        help="address book file (default: addresses.yaml in your config directory)",
    )


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    check = commands.add_parser(
        "check-address",
        parents=[common],
        help="verify a withdrawal address (checksum, address poisoning, your address book)",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
    )
    check.add_argument("address", help="the address you are about to send to")
    check.add_argument(
        "--expected",
        metavar="ADDRESS",
        help="the address you meant, to compare (default: every saved address of its chain)",
    )
    check.add_argument("--format", choices=("text", "json"), default="text", help="text or json")
    _book_option(check)
    check.set_defaults(handler=run)

    book = commands.add_parser(
        "address", parents=[common], help="your address book of verified withdrawal addresses"
    )
    actions = book.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", parents=[common], help="check and save an address")
    add.add_argument("label", help="your name for it, e.g. 'cold wallet'")
    add.add_argument("address")
    listing = actions.add_parser("list", parents=[common], help="show the saved addresses")
    remove = actions.add_parser("remove", parents=[common], help="forget a saved address")
    remove.add_argument("label")
    for parser in (add, listing, remove):
        _book_option(parser)
        parser.set_defaults(handler=run_book)


def _book_path(args: argparse.Namespace) -> Path:
    from securecheck.tools.address.book import default_book_path

    path: Path = args.book if args.book is not None else default_book_path()
    return path


def run(args: argparse.Namespace) -> int:
    """See the module's exit codes."""
    from securecheck.tools.address.book import load_book
    from securecheck.tools.address.verify import check_address, check_against_saved

    lang = lang_of(args)
    if args.expected is not None:
        verdict = check_address(args.address, args.expected)
        label = LABELS[verdict.kind]
    else:
        saved = [(e.label, e.address, e.network) for e in load_book(_book_path(args))]
        verdict = check_against_saved(args.address, saved)
        label = LABELS[verdict.kind]
        if verdict.saved_label is not None:
            label = POISONED_SAVED if verdict.kind == "poisoned" else SAVED
    if args.format == "json":
        document = {
            "input": args.address,
            "address": verdict.address,
            "kind": verdict.kind,
            "network": verdict.network,
            "saved_label": verdict.saved_label,
            "reasons": [r.get(lang) for r in verdict.reasons],
        }
        print(json_inert(json.dumps(document, ensure_ascii=False, indent=2)))
    else:
        network = f" ({verdict.network})" if verdict.network else ""
        print(f"{label.get(lang)}{network}")
        for reason in verdict.reasons:
            print(f"  - {one_line(reason.get(lang))}")
    return EXIT[verdict.kind]


def run_book(args: argparse.Namespace) -> int:
    from securecheck.tools.address import book

    lang = lang_of(args)
    path = _book_path(args)
    if args.action == "add":
        entry = book.add_address(path, args.label, args.address)
        print(_("saved '{label}': {address} ({network})", label=one_line(entry.label),
                address=entry.address, network=entry.network).get(lang))  # fmt: skip
    elif args.action == "remove":
        entry = book.remove_address(path, args.label)
        print(_("removed '{label}'", label=one_line(entry.label)).get(lang))
    else:
        entries = book.load_book(path)
        if not entries:
            print(_("the address book is empty: securecheck address add LABEL ADDRESS").get(lang))
        for entry in entries:
            print(f"{one_line(entry.label)}\t{entry.network}\t{entry.address}")
    return 0
