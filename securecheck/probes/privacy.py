"""What a probe saw, minus who the user is: the home directory shows as `~`.

`/home/alice/.config/...` names the user, and sources and reasons end up in reports and bug
reports. Only a whole path prefix is replaced: with HOME=/home/al, `/home/alice` stays as
it is, since it is not inside that home.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from securecheck.i18n import Localized


def hide_home(text: str, homes: Sequence[str]) -> str:
    """`text` with every path inside one of `homes` starting with `~` instead."""
    for home in sorted(homes, key=len, reverse=True):
        # The home itself, then a separator or the end of the path (not more name letters);
        # before it nothing that would make it the middle of another path or word.
        pattern = re.compile(r"(?<![\w.~/\\-])" + re.escape(home) + r"(?=[/\\]|$|[^\w.-])")
        text = pattern.sub("~", text)
    return text


@dataclass(frozen=True, slots=True)
class HomeHidden:
    """A reason shown with the home directory as `~`, in any language."""

    localized: ClassVar[bool] = True

    inner: Localized
    homes: tuple[str, ...]

    def get(self, lang: str) -> str:
        return hide_home(self.inner.get(lang), self.homes)
