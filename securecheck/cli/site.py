"""`securecheck check-site URL...`: the official site, or a look-alike?"""

from __future__ import annotations

import argparse
from typing import Any

from securecheck.cli.common import lang_of
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
        print(f"{LABELS[verdict.kind].get(lang)}: {verdict.host or url}{target}")
        for reason in verdict.reasons:
            print(f"  - {reason.get(lang)}")
    return 0 if all_official else 1
