"""Scorecard → report: a dict built once (`build`), rendered as JSON, Markdown or text, or
for a fleet as NDJSON or OCSF events.

No host name and no user name ever enter a report.

A renderer's module loads when that format is first asked for: an audit prints one format,
and the app's rows only need `MARKS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from securecheck.core.lazy import lazy_attributes
from securecheck.report.build import MARKS, SCHEMA_VERSION, build, result_dict

if TYPE_CHECKING:
    from securecheck.report.fleet import FleetContext
    from securecheck.report.json import to_json
    from securecheck.report.markdown import to_markdown
    from securecheck.report.ndjson import to_ndjson
    from securecheck.report.ocsf import to_ocsf
    from securecheck.report.text import to_text

# Each name, and the module that holds it.
_HOME = {
    "FleetContext": "fleet",
    "to_json": "json",
    "to_markdown": "markdown",
    "to_ndjson": "ndjson",
    "to_ocsf": "ocsf",
    "to_text": "text",
}

__getattr__ = lazy_attributes(__name__, _HOME)


def _json(data: Mapping[str, Any]) -> str:
    from securecheck.report.json import to_json

    return to_json(data)


def _markdown(data: Mapping[str, Any]) -> str:
    from securecheck.report.markdown import to_markdown

    return to_markdown(data)


def _text(data: Mapping[str, Any]) -> str:
    from securecheck.report.text import to_text

    return to_text(data)


def _ndjson(data: Mapping[str, Any], fleet: FleetContext) -> str:
    from securecheck.report.ndjson import to_ndjson

    return to_ndjson(data, fleet)


def _ocsf(data: Mapping[str, Any], fleet: FleetContext) -> str:
    from securecheck.report.ocsf import to_ocsf

    return to_ocsf(data, fleet)


RENDERERS: Mapping[str, Callable[[Mapping[str, Any]], str]] = {
    "json": _json,
    "markdown": _markdown,
    "text": _text,
}
# Fleet formats: one JSON object per line, each carrying the run id and the device id.
FLEET_RENDERERS: Mapping[str, Callable[[Mapping[str, Any], FleetContext], str]] = {
    "ndjson": _ndjson,
    "ocsf": _ocsf,
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
