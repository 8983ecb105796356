"""Build hook: compile the gettext catalogues (.po → .mo) into the wheel.

The .po files are what translators edit and what git keeps; the .mo files are generated at
build time only. An editable install gets them beside the .po files (ignored by git), so a
checkout runs with the same catalogues as an installed wheel.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALE = Path("securecheck") / "i18n" / "locale"


def compile_catalogue(po: Path, mo: Path) -> None:
    from babel.messages import mofile, pofile

    with po.open("rb") as fh:
        catalog = pofile.read_po(fh)
    mo.parent.mkdir(parents=True, exist_ok=True)
    with mo.open("wb") as fh:
        mofile.write_mo(fh, catalog)


class CatalogueHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        self._tmp = Path(tempfile.mkdtemp(prefix="securecheck-mo-"))
        for po in sorted((root / LOCALE).glob("*/LC_MESSAGES/*.po")):
            relative = po.relative_to(root).with_suffix(".mo")
            if version == "editable":
                compile_catalogue(po, root / relative)
            else:
                target = self._tmp / relative
                compile_catalogue(po, target)
                build_data["force_include"][str(target)] = str(relative)

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        tmp = getattr(self, "_tmp", None)
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
