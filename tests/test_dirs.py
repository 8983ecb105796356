"""securecheck's own reading of the XDG directories gives what platformdirs gives."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import platformdirs
import pytest

from securecheck.core import dirs
from securecheck.core.errors import SecurecheckError

THEIRS: dict[str, Callable[[], Path]] = {
    "config": lambda: platformdirs.user_config_path("securecheck", appauthor=False),
    "data": lambda: platformdirs.user_data_path("securecheck", appauthor=False),
    "cache": lambda: platformdirs.user_cache_path("securecheck", appauthor=False),
}
OURS: dict[str, Callable[[], Path]] = {
    "config": dirs.config_dir,
    "data": dirs.data_dir,
    "cache": dirs.cache_dir,
}
VARIABLES = ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")

ENVIRONMENTS = [
    {"HOME": "/home/al"},
    {"HOME": "/home/al/"},
    {"HOME": "/"},
    {"HOME": "relative/home"},  # ignored: the account's home directory
    {"HOME": ""},
    {},  # no HOME at all
    {"HOME": "/home/al", "XDG_CONFIG_HOME": "/srv/conf", "XDG_DATA_HOME": "/srv/data"},
    {"HOME": "/home/al", "XDG_CACHE_HOME": "/tmp/c/"},
    {"HOME": "/home/al", "XDG_CONFIG_HOME": "conf", "XDG_DATA_HOME": " "},  # relative: ignored
    {"HOME": "/home/al", "XDG_CACHE_HOME": ""},
]


@pytest.mark.parametrize("env", ENVIRONMENTS, ids=repr)
@pytest.mark.parametrize("kind", sorted(OURS))
def test_the_same_directory_as_platformdirs(
    env: dict[str, str], kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert OURS[kind]() == THEIRS[kind]()


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="XDG: Linux and the BSDs")
def test_no_home_at_all_is_a_clear_error_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import pwd

    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)

    def no_account(uid: int) -> object:
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", no_account)
    with pytest.raises(SecurecheckError, match="set HOME"):
        dirs.config_dir()
