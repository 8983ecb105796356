"""Which export is this? Decided from the content (magic bytes, JSON keys, the CSV header),
not only the file name; then the parser of that family reads it."""

from __future__ import annotations

from pathlib import Path

from securecheck.core.errors import InputError, Problem
from securecheck.core.secret import Secret
from securecheck.tools.vault.csv_exports import looks_like_csv, parse_csv
from securecheck.tools.vault.json_exports import is_bitwarden, load_json, parse_bitwarden, read_1pux
from securecheck.tools.vault.kdbx import is_kdbx, read_kdbx
from securecheck.tools.vault.model import MAX_EXPORT_BYTES, Export, problem

SUPPORTED = (
    "Bitwarden CSV or JSON, 1Password .1pux or CSV, KeePassXC CSV, Chrome/Edge CSV, "
    "Firefox CSV, KeePass .kdbx"
)


def needs_master_password(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return is_kdbx(fh.read(8))
    except OSError:
        return False


def read_export(path: Path, master: Secret | None = None) -> Export:
    """The entries of an export; InputError naming file (and line) when it is not one."""
    shown = str(path)
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_EXPORT_BYTES + 1)
    except OSError as exc:
        raise InputError([Problem(shown, f"cannot read: {exc.strerror or exc}")]) from None
    if len(raw) > MAX_EXPORT_BYTES:
        raise problem(shown, "larger than 64 MiB: not a password-manager export")
    if is_kdbx(raw):
        return read_kdbx(path, master)
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"PK\x05\x06"):
        return read_1pux(raw, shown)
    if not raw.strip():
        raise problem(shown, "the file is empty", 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise problem(shown, "not UTF-8 text (export again as UTF-8)", line) from None
    if "\0" in text:
        line = text[: text.index("\0")].count("\n") + 1
        raise problem(shown, "a NUL byte: not a text export", line)
    if text.lstrip().startswith(("{", "[")):
        data = load_json(text, shown)
        if is_bitwarden(data):
            return parse_bitwarden(data, shown)
        raise problem(shown, f"a JSON file, but not a Bitwarden export (supported: {SUPPORTED})")
    if looks_like_csv(text):
        return parse_csv(text, shown)
    raise problem(shown, f"not a password-manager export securecheck reads ({SUPPORTED})", 1)
