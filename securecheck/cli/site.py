"""`securecheck check-site URL...`: the official site, or a look-alike?"""

from __future__ import annotations

import argparse
from typing import Any

from securecheck.cli.common import lang_of
from securecheck.core.inert import one_line
from securecheck.i18n import _

LABELS = {
    "official": _("✓ official"),
    "lookalike": _("✗ LOOK-ALIKE"),
    "unrelated": _("? not a known exchange site (not proof of safety)"),
    "invalid": _("✗ cannot read this as a link"),
}


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    site = commands.add_parser(
        "check-site", parents=[common], help="is this link the official site or a look-alike?"
    )
    site.add_argument("urls", nargs="+", metavar="URL", help="a link or a domain name")
    site.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Exit 0 when every link is an official site, 1 otherwise."""
    from securecheck.tools.site.lookalike import check_site

    lang = lang_of(args)
    all_official = True
    for url in args.urls:
        verdict = check_site(url)
        all_official &= verdict.kind == "official"
        target = f" ({verdict.brand}, {verdict.official_domain})" if verdict.brand else ""
        # The link is the user's paste, perhaps from a phishing message: shown inert.
        print(f"{LABELS[verdict.kind].get(lang)}: {one_line(verdict.host or url)}{target}")
        for reason in verdict.reasons:
            print(f"  - {one_line(reason.get(lang))}")
    return 0 if all_official else 1
