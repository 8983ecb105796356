"""`securecheck check-site URL...`: the official site, or a look-alike?"""

from __future__ import annotations

import argparse
import json
from typing import Any

from securecheck.cli.common import lang_of
from securecheck.core.inert import json_inert, one_line
from securecheck.i18n import _

LABELS = {
    "official": _("✓ official"),
    "lookalike": _("✗ LOOK-ALIKE"),
    "unrelated": _("? not a known exchange site (not proof of safety)"),
    "invalid": _("✗ cannot read this as a link"),
}
EXIT = {"official": 0, "lookalike": 1, "unrelated": 3, "invalid": 2}
# With several links, the exit code is the worst one's: unreadable > look-alike > unknown > ok.
WORST_FIRST = ("invalid", "lookalike", "unrelated", "official")


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    site = commands.add_parser(
        "check-site",
        parents=[common],
        help="is this link the official site or a look-alike?",
        description="Judge links against securecheck's list of official exchange, wallet and "
        "bank domains. Exit codes: 0 every link official, 1 a look-alike, 3 a site securecheck "
        "does not know (not proof of safety), 2 a link it cannot read. With several links the "
        "worst wins, in the order 2 > 1 > 3 > 0.",
    )
    site.add_argument("urls", nargs="+", metavar="URL", help="a link or a domain name")
    site.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default) or json: a list of {input, host, kind, brand, official_domain, "
        "reasons} (schema: securecheck/schemas/site.schema.json)",
    )
    site.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """The worst link's exit code (see the command's description)."""
    from securecheck.tools.site.lookalike import check_site

    lang = lang_of(args)
    verdicts = [(url, check_site(url)) for url in args.urls]
    if args.format == "json":
        rows = [
            {
                "input": url,
                "host": v.host,
                "kind": v.kind,
                "brand": v.brand,
                "official_domain": v.official_domain,
                "reasons": [r.get(lang) for r in v.reasons],
            }
            for url, v in verdicts
        ]
        print(json_inert(json.dumps(rows, ensure_ascii=False, indent=2)))
    else:
        for url, verdict in verdicts:
            target = f" ({verdict.brand}, {verdict.official_domain})" if verdict.brand else ""
            # The link is the user's paste, perhaps from a phishing message: shown inert.
            print(f"{LABELS[verdict.kind].get(lang)}: {one_line(verdict.host or url)}{target}")
            for reason in verdict.reasons:
                print(f"  - {one_line(reason.get(lang))}")
    worst = min((v.kind for _url, v in verdicts), key=WORST_FIRST.index)
    return EXIT[worst]
