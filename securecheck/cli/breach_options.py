"""`--breaches PATH`, `--breaches-online`, `--breaches-api URL`: shared by `audit` and `vault`.

Each falls back to the settings file (`breaches`, `breaches_online`, `breaches_api`), so a
corpus chosen once in the app is used by the CLI too. The online check is never on unless the
user turned it on; when it is, a line on stderr says so on every run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from securecheck.i18n import _
from securecheck.records import record


@record
class BreachOptions:
    corpus: Path | None
    online: bool
    api: str

    @property
    def any(self) -> bool:
        return self.corpus is not None or self.online


def add_breach_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("breached passwords")
    group.add_argument(
        "--breaches",
        type=Path,
        metavar="PATH",
        help="the Pwned Passwords SHA-1 corpus, ordered by hash: one file, or the downloader's "
        "directory of 00000.txt … FFFFF.txt (default: the one saved in the settings)",
    )
    group.add_argument(
        "--breaches-online",
        action="store_true",
        default=None,
        help="also ask Have I Been Pwned's range API (k-anonymity: only the first 5 hex "
        "characters of the SHA-1 are sent); off unless given or saved in the settings",
    )
    group.add_argument(
        "--breaches-api",
        metavar="URL",
        help="base URL of the range API or a mirror (https://, or http:// on loopback); "
        "the 5 characters are appended",
    )


def breach_options(args: argparse.Namespace) -> BreachOptions:
    """The command line first, then the settings file; UsageError for a bad URL."""
    from securecheck.core.settings import default_settings_path, load_settings
    from securecheck.password.range_api import DEFAULT_API, check_api_url

    saved = load_settings(default_settings_path())
    corpus = args.breaches if args.breaches is not None else saved.breaches
    online = bool(args.breaches_online) or saved.breaches_online
    api = check_api_url(args.breaches_api) if args.breaches_api else saved.breaches_api
    return BreachOptions(corpus, online, api or DEFAULT_API)


def announce(options: BreachOptions, lang: str) -> None:
    """Say on every run that the online check is on (stderr: the report stays clean)."""
    if options.online:
        notice = _(
            "online breach check on: only the first 5 of the 40 characters of each "
            "password's SHA-1 are sent to {url}",
            url=options.api,
        )
        print(notice.get(lang), file=sys.stderr)
