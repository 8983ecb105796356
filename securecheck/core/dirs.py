"""Where securecheck keeps its files: the user's config, data and cache directories.

On Linux and the BSDs these are the XDG base directories: an absolute `$XDG_CONFIG_HOME`
(`$XDG_DATA_HOME`, `$XDG_CACHE_HOME`), else `~/.config` (`~/.local/share`, `~/.cache`),
with `~` an absolute `$HOME`, else the account's home directory. That is what platformdirs
answers there, read here in a few lines because importing platformdirs (it loads tempfile,
shutil and random) would cost every headless start about 9 ms. macOS and Windows, where the
answer comes from the system (Application Support, Known Folders), ask platformdirs.
`tests/test_dirs.py` checks that both give the same paths on the machine running the tests.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from securecheck.core.errors import SecurecheckError

APP = "securecheck"
_XDG = {
    "config": ("XDG_CONFIG_HOME", ".config"),
    "data": ("XDG_DATA_HOME", ".local/share"),
    "cache": ("XDG_CACHE_HOME", ".cache"),
}


def _home() -> str:
    home = os.environ.get("HOME", "")
    if not os.path.isabs(home):  # unset or relative: the account's own, as expanduser does
        import pwd

        try:
            home = pwd.getpwuid(os.getuid()).pw_dir
        except KeyError:
            home = ""
    if not os.path.isabs(home):
        raise SecurecheckError(
            "cannot tell where your files go: set HOME (or XDG_CONFIG_HOME, XDG_DATA_HOME "
            "and XDG_CACHE_HOME) to an absolute path"
        )
    return home.rstrip("/") or "/"


def _xdg(kind: str) -> Path:
    variable, under_home = _XDG[kind]
    base = os.environ.get(variable, "")
    if not os.path.isabs(base):  # the spec: a relative value is ignored
        base = os.path.join(_home(), under_home)
    return Path(base, APP)


def _platformdirs(kind: str) -> Path:
    import platformdirs

    if kind == "config":
        return platformdirs.user_config_path(APP, appauthor=False)
    if kind == "data":
        return platformdirs.user_data_path(APP, appauthor=False)
    return platformdirs.user_cache_path(APP, appauthor=False)


def _dir(kind: str) -> Path:
    if sys.platform in ("darwin", "win32") or sys.platform.startswith(("ios", "android")):
        return _platformdirs(kind)
    return _xdg(kind)


def config_dir() -> Path:
    """Answers, settings, the address book, the device id."""
    return _dir("config")


def data_dir() -> Path:
    """The history of runs."""
    return _dir("data")


def cache_dir() -> Path:
    """The probes' fact cache."""
    return _dir("cache")
