"""The report as JSON: `schema_version` and the shape in schemas/report.schema.json."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from securecheck.core.inert import json_inert


def to_json(report: Mapping[str, Any]) -> str:
    # The same data, with C1 controls and bidi characters as \u escapes (json.dumps leaves
    # them raw): a report shown with `cat` cannot act on the terminal.
    return json_inert(json.dumps(report, ensure_ascii=False, indent=2)) + "\n"
