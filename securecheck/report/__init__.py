"""Scorecard → report: a dict built once (`build`), rendered as JSON, Markdown or text.

No host name and no user name ever enter a report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from securecheck.report.build import MARKS, SCHEMA_VERSION, build, result_dict
from securecheck.report.json import to_json
from securecheck.report.markdown import to_markdown
from securecheck.report.text import to_text

RENDERERS: Mapping[str, Callable[[Mapping[str, Any]], str]] = {
    "json": to_json,
    "markdown": to_markdown,
    "text": to_text,
}

__all__ = [
    "MARKS",
    "RENDERERS",
    "SCHEMA_VERSION",
    "build",
    "result_dict",
    "to_json",
    "to_markdown",
    "to_text",
]
