"""`securecheck check-address ADDRESS`: checksum and address poisoning, before you send."""

from __future__ import annotations

import argparse
from typing import Any

from securecheck.cli.common import lang_of
from securecheck.core.inert import one_line
from securecheck.i18n import _

LABELS = {
    "valid": _("✓ valid"),
    "invalid": _("✗ INVALID — do not send"),
    "unknown_format": _("? unknown format — cannot verify"),
    "mismatch": _("✗ DIFFERENT from the expected address — do not send"),
    "poisoned": _("✗ ADDRESS POISONING: a look-alike of the expected address — DO NOT SEND"),
}


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    address = commands.add_parser(
        "check-address",
        parents=[common],
        help="verify a withdrawal address (checksum, address poisoning)",
    )
    address.add_argument("address", help="the address you are about to send to")
    address.add_argument(
        "--expected",
        metavar="ADDRESS",
        help="the address you meant (e.g. from your whitelist), to compare",
    )
    address.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Exit 0 when the address is valid (and equals --expected), 1 otherwise."""
    from securecheck.tools.address.verify import check_address

    lang = lang_of(args)
    verdict = check_address(args.address, args.expected)
    network = f" ({verdict.network})" if verdict.network else ""
    print(f"{LABELS[verdict.kind].get(lang)}{network}")
    for reason in verdict.reasons:
        print(f"  - {one_line(reason.get(lang))}")
    return 0 if verdict.kind == "valid" else 1
