"""Build securecheck/data/two_factor_sites.txt from a checkout of 2factorauth/twofactorauth.

usage:
    python scripts/two_factor_snapshot.py CHECKOUT COMMIT DATE \
        > securecheck/data/two_factor_sites.txt

CHECKOUT is a directory holding the project's `entries/<letter>/<domain>.json` files (a git
clone, or `git archive` of one); COMMIT and DATE (YYYY-MM-DD) name the version it is, for the
header. Each entry file is `{"Name": {"domain": ..., "additional-domains": [...], "tfa":
["totp", "u2f", "sms", ...], ...}}`; the snapshot keeps only the domains whose `tfa` lists
`totp` or `u2f` (what a password manager can hold, or a security key), one line each:
`domain methods`. Copy the project's LICENSE.md beside it as two_factor_sites.LICENSE.md.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

KEPT = ("totp", "u2f")
DOMAIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")


def main(checkout: Path, commit: str, date: str) -> int:
    sites: dict[str, set[str]] = {}
    for path in sorted((checkout / "entries").glob("*/*.json")):
        for entry in json.loads(path.read_text(encoding="utf-8")).values():
            methods = {m for m in entry.get("tfa", []) if m in KEPT}
            if not methods:
                continue
            for domain in [entry.get("domain", ""), *entry.get("additional-domains", [])]:
                domain = str(domain).strip().lower().removeprefix("www.")
                if DOMAIN.match(domain):
                    sites.setdefault(domain, set()).update(methods)
    out = sys.stdout
    out.write(
        "# Sites that offer two-factor authentication with an authenticator app (totp) or a\n"
        "# security key (u2f): `domain methods`, one a line.\n"
        "# Source: 2factorauth/twofactorauth (https://github.com/2factorauth/twofactorauth),\n"
        f"# entries/*/*.json at commit {commit}. MIT licence: two_factor_sites.LICENSE.md.\n"
        "# Refresh: python scripts/two_factor_snapshot.py CHECKOUT COMMIT DATE > this file.\n"
        f"captured: {date}\n"
    )
    for domain in sorted(sites):
        out.write(f"{domain} {','.join(sorted(sites[domain]))}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2], sys.argv[3]))
