"""CSV exports, told apart by their header row (column order is not relied on):

| format | header (as the manager writes it) |
|---|---|
| Bitwarden | folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username, |
| | login_password,login_totp |
| 1Password 8 | Title,Url,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes |
| KeePassXC | "Group","Title","Username","Password","URL","Notes","TOTP","Icon", |
| | "Last Modified","Created" |
| Chrome, Edge | name,url,username,password[,note] |
| Firefox | "url","username","password","httpRealm","formActionOrigin","guid","timeCreated",… |

Older versions drop optional columns (KeePassXC before 2.6 has no TOTP, Bitwarden before 2022
no reprompt); only the columns named in REQUIRED must be there. A row with the wrong number of
fields, an unclosed quote (a truncated file) or a NUL byte is an error at its line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from securecheck.tools.vault.model import Export, VaultEntry, entry, problem


@dataclass(frozen=True)
class CsvFormat:
    name: str
    label: str
    required: frozenset[str]  # lower-case column names that identify it
    title: str
    url: str
    username: str
    password: str
    totp: str | None
    login_type: tuple[str, str] | None = None  # (column, value) of the rows that are logins


FORMATS: tuple[CsvFormat, ...] = (
    CsvFormat(
        "bitwarden-csv",
        "Bitwarden CSV",
        frozenset({"type", "name", "login_uri", "login_username", "login_password"}),
        "name",
        "login_uri",
        "login_username",
        "login_password",
        "login_totp",
        ("type", "login"),
    ),
    CsvFormat(
        "keepassxc-csv",
        "KeePassXC CSV",
        frozenset({"group", "title", "username", "password", "url"}),
        "title",
        "url",
        "username",
        "password",
        "totp",
    ),
    CsvFormat(
        "1password-csv",
        "1Password CSV",
        frozenset({"title", "url", "username", "password", "otpauth"}),
        "title",
        "url",
        "username",
        "password",
        "otpauth",
    ),
    CsvFormat(
        "firefox-csv",
        "Firefox CSV",
        frozenset({"url", "username", "password", "httprealm", "formactionorigin", "guid"}),
        "",  # no title: the entry is named by its domain
        "url",
        "username",
        "password",
        None,
    ),
    CsvFormat(
        "chrome-csv",
        "Chrome/Edge CSV",
        frozenset({"name", "url", "username", "password"}),
        "name",
        "url",
        "username",
        "password",
        None,
    ),
)


def _header_format(header: Sequence[str]) -> CsvFormat | None:
    names = {h.strip().lower() for h in header}
    for fmt in FORMATS:  # most specific first: Chrome's four columns are in others too
        if fmt.required <= names:
            return fmt
    return None


def looks_like_csv(text: str) -> bool:
    first = text.split("\n", 1)[0]
    try:
        header = next(csv.reader([first]))
    except (csv.Error, StopIteration):
        return False
    return _header_format(header) is not None


def parse_csv(text: str, path: str) -> Export:
    """Entries of a CSV export; InputError at file:line for anything malformed."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise problem(path, "the file is empty", 1) from None
    except csv.Error as exc:
        raise problem(path, f"not a CSV file: {exc}", 1) from None
    fmt = _header_format(header)
    if fmt is None:
        known = "; ".join(f.label for f in FORMATS)
        raise problem(path, f"the header row is not one of a known export ({known})", 1)
    columns = {h.strip().lower(): i for i, h in enumerate(header)}
    entries: list[VaultEntry] = []
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise problem(path, f"broken CSV ({exc}): is the file truncated?", line) from None
        if row and len(row) != len(header):
            raise problem(path, f"{len(row)} fields where the header has {len(header)}", line)
        if row:
            found = _entry(fmt, columns, row, line)
            if found is not None:
                entries.append(found)
        line = reader.line_num + 1
    return Export(fmt.name, fmt.label, tuple(entries))


def _entry(
    fmt: CsvFormat, columns: Mapping[str, int], row: Sequence[str], line: int
) -> VaultEntry | None:
    def cell(name: str | None) -> str:
        return row[columns[name]] if name is not None and name in columns else ""

    if fmt.login_type is not None:
        column, value = fmt.login_type
        if cell(column).strip().lower() not in (value, ""):
            return None  # a card, a note, an identity: no password to check
    return entry(
        cell(fmt.title),
        cell(fmt.url),
        cell(fmt.password),
        cell(fmt.username),
        bool(cell(fmt.totp).strip()),
        line,
    )
