"""The address book: the user's own verified withdrawal addresses, to compare pastes against.

`addresses.yaml` in the user config directory, beside the answers file:

    version: 1
    addresses:
      - label: cold wallet
        address: bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq
        network: bitcoin

Written like the answers file (0600, atomically, under the same kind of lock so two
securecheck processes never lose each other's change); a file that does not load is reported
with file and line and never overwritten. An address is checked (checksum, chain) before it is
saved. Labels are the user's words: kept as given, shown inert.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from securecheck.core import dirs
from securecheck.core.document import Document, read_bounded
from securecheck.core.errors import InputError, Problem, UsageError
from securecheck.core.fileio import atomic_write, locked
from securecheck.core.safe_yaml import load_bytes
from securecheck.tools.address.verify import check_address

MAX_BOOK_BYTES = 1024 * 1024
MAX_LABEL = 64


@dataclass(frozen=True)
class SavedAddress:
    label: str
    address: str  # as checked (trimmed, payment-link prefix removed)
    network: str


def default_book_path() -> Path:
    return dirs.config_dir() / "addresses.yaml"


def check_label(label: str) -> str:
    """The label as saved; UsageError when it is empty, too long or holds control characters."""
    clean = label.strip()
    if not clean:
        raise UsageError("the label is empty")
    if len(clean) > MAX_LABEL:
        raise UsageError(f"the label is longer than {MAX_LABEL} characters")
    if any(not ch.isprintable() for ch in clean):
        raise UsageError("the label holds control or invisible characters")
    return clean


def _entry(doc: Document, i: int, item: Any) -> SavedAddress:
    where = ("addresses", i)
    if not isinstance(item, dict) or set(item) != {"label", "address", "network"}:
        raise InputError([doc.problem(where, "expected label, address and network")])
    if not all(isinstance(item[k], str) for k in item):
        raise InputError([doc.problem(where, "label, address and network must be text")])
    try:
        label = check_label(item["label"])
    except UsageError as exc:
        raise InputError([doc.problem((*where, "label"), str(exc))]) from None
    verdict = check_address(item["address"])
    if verdict.kind != "valid" or verdict.network != item["network"]:
        raise InputError([doc.problem((*where, "address"), "not a valid address of its network")])
    return SavedAddress(label, verdict.address, item["network"])


def load_book(path: Path) -> list[SavedAddress]:
    """The saved addresses (none when the file does not exist)."""
    if not path.exists():
        return []
    doc = load_bytes(read_bounded(path, MAX_BOOK_BYTES), str(path))
    data = doc.data
    if data is None:
        return []
    if not isinstance(data, dict) or set(data) - {"version", "addresses"}:
        raise InputError([Problem(str(path), "expected version: 1 and a list of addresses", 1, 1)])
    if data.get("version", 1) != 1:
        raise InputError([doc.problem(("version",), "must be 1")])
    items = data.get("addresses") or []
    if not isinstance(items, list):
        raise InputError([doc.problem(("addresses",), "must be a list")])
    book = [_entry(doc, i, item) for i, item in enumerate(items)]
    seen: set[str] = set()
    for i, entry in enumerate(book):
        if entry.label.casefold() in seen:
            raise InputError([doc.problem(("addresses", i, "label"), "this label is used twice")])
        seen.add(entry.label.casefold())
    return book


def dump_book(book: list[SavedAddress]) -> bytes:
    data = {
        "version": 1,
        "addresses": [{"label": e.label, "address": e.address, "network": e.network} for e in book],
    }
    header = "# securecheck address book: your own verified withdrawal addresses.\n"
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return (header + body).encode("utf-8")


def add_address(path: Path, label: str, address: str) -> SavedAddress:
    """Check and save one address; UsageError when it is not valid or the label is taken."""
    label = check_label(label)
    verdict = check_address(address)
    if verdict.kind != "valid" or verdict.network is None:
        why = verdict.reasons[0].get("en") if verdict.reasons else verdict.kind
        raise UsageError(f"not saved: the address is not valid ({why})")
    entry = SavedAddress(label, verdict.address, verdict.network)
    with locked(path) as target:  # no other writer between our read and our rename
        book = load_book(target)
        if any(e.label.casefold() == label.casefold() for e in book):
            raise UsageError("not saved: this label is already in the address book")
        atomic_write(target, dump_book([*book, entry]))
    return entry


def remove_address(path: Path, label: str) -> SavedAddress:
    """Remove the entry of that label; UsageError when there is none."""
    with locked(path) as target:
        book = load_book(target)
        found = [e for e in book if e.label.casefold() == label.strip().casefold()]
        if not found:
            raise UsageError("no address with this label in the address book")
        atomic_write(target, dump_book([e for e in book if e is not found[0]]))
    return found[0]
