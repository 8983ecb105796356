"""Scorecard → report: a dict built once (`build`), rendered as JSON, Markdown or text, or
for a fleet as NDJSON or OCSF events.

No host name and no user name ever enter a report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from securecheck.report.build import MARKS, SCHEMA_VERSION, build, result_dict
from securecheck.report.fleet import FleetContext
from securecheck.report.json import to_json
from securecheck.report.markdown import to_markdown
from securecheck.report.ndjson import to_ndjson
from securecheck.report.ocsf import to_ocsf
from securecheck.report.text import to_text

RENDERERS: Mapping[str, Callable[[Mapping[str, Any]], str]] = {
    "json": to_json,
    "markdown": to_markdown,
    "text": to_text,
}
# Fleet formats: one JSON object per line, each carrying the run id and the device id.
FLEET_RENDERERS: Mapping[str, Callable[[Mapping[str, Any], FleetContext], str]] = {
    "ndjson": to_ndjson,
    "ocsf": to_ocsf,
}

__all__ = [
    "FLEET_RENDERERS",
    "MARKS",
    "RENDERERS",
    "SCHEMA_VERSION",
    "FleetContext",
    "build",
    "result_dict",
    "to_json",
    "to_markdown",
    "to_ndjson",
    "to_ocsf",
    "to_text",
]
