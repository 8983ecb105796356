"""The device id: the only identity a fleet record (NDJSON, OCSF) carries.

`--device-id ID` names the machine as the fleet's owner wants (an asset tag); otherwise a
random id is made once and kept in `device-id` in the user config directory. It is never
derived from the hardware, the host name, a MAC address or the user name, so it says nothing
about the machine and can be replaced at will (delete the file).
"""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from pathlib import Path

from securecheck.core import dirs
from securecheck.core.document import read_bounded
from securecheck.core.errors import InputError, OutputError, Problem, UsageError
from securecheck.core.fileio import atomic_write

DEVICE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")
SHAPE = "1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit"


def default_device_id_path() -> Path:
    return dirs.config_dir() / "device-id"


def checked_device_id(value: str) -> str:
    if not DEVICE_ID.match(value):
        raise UsageError(f"--device-id: {value!r} is not a device id ({SHAPE})")
    return value


def device_id(explicit: str | None = None, path: Path | None = None) -> str:
    """`explicit` when given; else the kept random id, made (0600, atomically) on first use."""
    if explicit is not None:
        return checked_device_id(explicit)
    target = path or default_device_id_path()
    if target.exists():
        kept = read_bounded(target, 1024).decode("utf-8", "replace").strip()
        if not DEVICE_ID.match(kept):
            raise InputError(
                [Problem(str(target), f"not a device id ({SHAPE}); delete the file for a new one")]
            )
        return kept
    made = uuid.uuid4().hex  # random: nothing of the machine goes into it
    # Written beside the target, then linked into place: the link fails if another run made
    # the id meanwhile, and then that one is used, so two first runs agree on one id.
    draft = target.with_name(f".{target.name}.{made}.tmp")
    atomic_write(draft, (made + "\n").encode("ascii"))
    try:
        os.link(draft, target)
    except FileExistsError:
        return device_id(None, target)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(draft)
    return made
