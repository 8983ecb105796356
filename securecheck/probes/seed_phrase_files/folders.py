"""Where people keep notes, and which files could be notes: pure decisions, no reading.

The folders are the home's Desktop, Documents and Downloads under their usual names in the
languages securecheck's users write (and the XDG user-dirs a Linux desktop names), plus the
home folder's top level. A file is read only when its extension says text (or it has none).
"""

from __future__ import annotations

import re
import shlex

# Desktop, Documents, Downloads, and their usual localized names (zh-Hans, zh-Hant, de, fr,
# es/pt); Windows moves them under OneDrive when its folder backup is on.
NOTE_FOLDERS = (
    "Desktop",
    "Documents",
    "Downloads",
    "桌面",
    "文档",
    "文件",
    "下载",
    "下載",
    "Schreibtisch",
    "Dokumente",
    "Bureau",
    "Téléchargements",
    "Escritorio",
    "Documentos",
    "Descargas",
    "OneDrive/Desktop",
    "OneDrive/Documents",
    "OneDrive/桌面",
    "OneDrive/文档",
    "OneDrive/文件",
)
XDG_USER_DIRS = ".config/user-dirs.dirs"
XDG_KEYS = ("XDG_DESKTOP_DIR", "XDG_DOCUMENTS_DIR", "XDG_DOWNLOAD_DIR")

# Plain-text formats a note, an export or a backup is kept in; no extension counts too.
TEXT_EXTENSIONS = frozenset(
    {
        "txt",
        "text",
        "md",
        "markdown",
        "rtf",
        "csv",
        "tsv",
        "json",
        "log",
        "ini",
        "cfg",
        "conf",
        "yaml",
        "yml",
        "xml",
        "html",
        "htm",
        "tex",
        "org",
        "rst",
        "note",
        "notes",
        "bak",
        "old",
        "asc",
        "key",
        "backup",
        "wallet",
        "seed",
        "mnemonic",
    }
)


def parse_user_dirs(text: str, home: str) -> list[str]:
    """The Desktop, Documents and Download folders `~/.config/user-dirs.dirs` names.

    Lines read `XDG_DOCUMENTS_DIR="$HOME/Dokumente"` (shell syntax, `$HOME` or an absolute
    path); a folder set to the home itself means "none" and is left out.
    """
    folders = []
    for line in text.splitlines():
        match = re.match(r"^\s*(XDG_[A-Z]+_DIR)\s*=\s*(.+?)\s*$", line)
        if not match or match.group(1) not in XDG_KEYS:
            continue
        try:
            parts = shlex.split(match.group(2))
        except ValueError:
            continue
        if len(parts) != 1:
            continue
        value = parts[0]
        for prefix in ("$HOME", "${HOME}"):
            if value.startswith(prefix):
                value = home + value[len(prefix) :]
        value = value.rstrip("/")
        if value.startswith("/") and value != home.rstrip("/"):
            folders.append(value)
    return folders


def looks_like_text(name: str) -> bool:
    """Whether a file name says text: a listed extension, or none at all."""
    if name.startswith("."):
        return False
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        return True
    return extension.lower() in TEXT_EXTENSIONS


def is_binary(data: bytes) -> bool:
    """A NUL among the first 8 KiB: a binary file (or UTF-16), not a note."""
    return data.find(b"\x00", 0, 8192) >= 0
