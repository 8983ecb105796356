"""The user's settings: what securecheck remembers between runs that is not an answer.

`settings.yaml` in the user config directory, beside the answers file:

    version: 1
    language: zh-Hant          # the language last chosen in the app
    breaches: /data/pwnedpasswords.txt   # the Pwned Passwords corpus (a file or a directory)
    breaches_online: false     # the opt-in k-anonymity range API check (shown whenever on)
    breaches_api: https://api.pwnedpasswords.com/range/   # a mirror of the range API

Written like the answers file (0600, atomically); a file that does not load is reported
with file and line and never overwritten. Unknown keys are errors, as everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from securecheck.core import dirs
from securecheck.core.document import Document, read_bounded
from securecheck.core.errors import InputError, Problem
from securecheck.core.fileio import atomic_write
from securecheck.i18n import LANGUAGES, canonical
from securecheck.records import record, replace

MAX_SETTINGS_BYTES = 64 * 1024


def default_settings_path() -> Path:
    return dirs.config_dir() / "settings.yaml"


@record
class Settings:
    language: str | None = None
    breaches: Path | None = None
    breaches_online: bool = False
    breaches_api: str | None = None

    def with_language(self, language: str) -> Settings:
        return replace(self, language=language)

    def with_breaches(self, corpus: Path | None, online: bool, api: str | None = None) -> Settings:
        return replace(self, breaches=corpus, breaches_online=online, breaches_api=api)


def _language(doc: Document, value: Any) -> str:
    found = canonical(value) if isinstance(value, str) else None
    if found is None:
        raise InputError(
            [doc.problem(("language",), f"{value!r} is not one of {', '.join(LANGUAGES)}")]
        )
    return found


def _breaches(doc: Document, value: Any) -> Path:
    if not isinstance(value, str) or not value.strip() or "\0" in value:
        raise InputError([doc.problem(("breaches",), "must be the path of a file or directory")])
    return Path(value).expanduser()


def _online(doc: Document, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InputError([doc.problem(("breaches_online",), "must be true or false")])
    return value


def _api(doc: Document, value: Any) -> str:
    from securecheck.core.errors import UsageError
    from securecheck.password.range_api import check_api_url

    try:
        return check_api_url(value if isinstance(value, str) else "", "breaches_api")
    except UsageError as exc:
        raise InputError([doc.problem(("breaches_api",), str(exc).partition(": ")[2])]) from None


KEYS: tuple[str, ...] = ("version", "language", "breaches", "breaches_online", "breaches_api")


def load_settings(path: Path) -> Settings:
    if not path.exists():
        return Settings()
    from securecheck.core.safe_yaml import load_bytes  # PyYAML: only when there is a file

    doc = load_bytes(read_bounded(path, MAX_SETTINGS_BYTES), str(path))
    data = doc.data
    if data is None:
        return Settings()
    if not isinstance(data, dict):
        raise InputError([Problem(str(path), "expected a mapping of settings", 1, 1)])
    allowed = ", ".join(KEYS)
    problems = [
        doc.problem((key,), f"unknown key '{key}' (allowed: {allowed})", key=True)
        for key in data
        if key not in KEYS
    ]
    if data.get("version", 1) != 1:
        problems.append(doc.problem(("version",), "must be 1"))
    if problems:
        raise InputError(problems)
    language = _language(doc, data["language"]) if "language" in data else None
    return Settings(
        language=language,
        breaches=_breaches(doc, data["breaches"]) if "breaches" in data else None,
        breaches_online=_online(doc, data["breaches_online"])
        if "breaches_online" in data
        else False,
        breaches_api=_api(doc, data["breaches_api"]) if "breaches_api" in data else None,
    )


def dump_settings(settings: Settings) -> bytes:
    data: dict[str, Any] = {"version": 1}
    if settings.language is not None:
        data["language"] = settings.language
    if settings.breaches is not None:
        data["breaches"] = str(settings.breaches)
    if settings.breaches_online:
        data["breaches_online"] = True
    if settings.breaches_api is not None:
        data["breaches_api"] = settings.breaches_api
    import yaml

    header = "# securecheck settings. Never put a password here: securecheck never does.\n"
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return (header + body).encode("utf-8")


def update_settings(path: Path, change: Callable[[Settings], Settings]) -> Settings:
    """Apply one change to the file as it is now (a broken file stays untouched)."""
    updated = change(load_settings(path))
    atomic_write(path, dump_settings(updated))
    return updated
