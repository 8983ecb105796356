"""Hostile rule packs: every text field carries terminal escapes, bidi controls, invisible
characters and Markdown/HTML that would forge a report, as a shared pack from the internet may.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from securecheck.core.rulepacks import shipped_rules_dir

OSC52 = "\x1b]52;c;MHhkZWFkYmVlZg==\x07"  # put an attacker's address on the clipboard
OSC_TITLE = "\x1b]0;pwned\x07"  # set the terminal's title
REWRITE = "\x1b[1A\x1b[2K"  # cursor up, erase the line: rewrite what was printed above
C1_CSI = "\x9b2J"  # the 8-bit CSI: clears the screen on terminals that honour C1
BIDI = "\u202eevil\u202c\u2066x\u2069"  # right-to-left override, isolates
INVISIBLE = "a\u200bb\ufeffc\u2060"  # zero-width space, BOM, word joiner
TERMINAL = f"{OSC52}{OSC_TITLE}{REWRITE}{C1_CSI}{BIDI}{INVISIBLE}\x07\x00\x08"

FAKE_HEADING = "\n\n# ✓ All passed — [log in to verify](https://evil.example/)\n"
MARKUP = (
    "<img src=x onerror=alert(1)> **b** _e_ `c` | x | ![p](https://evil.example/p.png) "
    "<https://evil.example/> &lt;"
)
MARKDOWN = f"{MARKUP}{FAKE_HEADING}- i\n1. o\n> q\n[r]: https://evil.example/\n---\n"

# Every character that must never reach a terminal raw.
DANGEROUS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\u2028\u2029\ufeff]"
)


def _shipped(rule_id: str) -> dict[str, Any]:
    for path in sorted(shipped_rules_dir().glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text("utf-8"))["rules"]:
            if raw["id"] == rule_id:
                return copy.deepcopy(dict(raw))
    raise LookupError(rule_id)


def _poison(node: Any, payload: str, skip: frozenset[str]) -> Any:
    if isinstance(node, dict):
        return {k: node[k] if k in skip else _poison(v, payload, skip) for k, v in node.items()}
    if isinstance(node, list):
        return [_poison(v, payload, skip) for v in node]
    if isinstance(node, str):
        return f"{node} {payload}"
    return node


# Fields the schema constrains to a pattern or an enum: poisoning them tests the schema, which
# other tests do; here the free texts matter.
STRUCTURAL = frozenset(
    {
        "id",
        "kind",
        "category",
        "severity",
        "platforms",
        "status",
        "value",
        "probe",
        "fact",
        "op",
        "url",
        "combine",
        "otherwise",
    }
)


def hostile_pack(payload: str, *, url: str = "https://example.com/help") -> dict[str, Any]:
    """A question rule and a probe rule whose every free text ends in `payload`."""
    rules = []
    for rule_id, new_id in (
        ("login_activity.review", "evil.question"),
        ("device.antivirus", "evil.probe"),
    ):
        raw = _shipped(rule_id)
        raw["id"] = new_id
        if "question" in raw["check"]:
            raw["check"]["question"]["id"] = new_id
        raw["source"] = "FAQ"
        raw["references"] = [{"title": "Help", "url": url}]
        rules.append(_poison(raw, payload, STRUCTURAL))
    return {"version": 1, "rules": rules}


def write_pack(path: Path, pack: dict[str, Any]) -> Path:
    # safe_dump writes the controls as YAML escapes ("\e]52;…"), as an attacker would.
    path.write_text(yaml.safe_dump(pack, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def no_pack_text_check(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The loader's text check switched off, as a future loader bug might: what reaches the
    output must still be inert. (raising=False: on a tree without the check there is none.)"""
    monkeypatch.setattr("securecheck.core.rulepacks.text_problems", lambda doc: [], raising=False)
    from securecheck.core import validation

    real = validation.load_schema

    def lenient(name: str) -> dict[str, Any]:
        schema = copy.deepcopy(real(name))
        if name == "rules.schema.json":
            rule = schema["$defs"]["rule"]["properties"]
            reference = rule["references"]["items"]["properties"]
            reference["url"] = {"type": "string"}
            reference["title"]["maxLength"] = rule["source"]["maxLength"] = 2000
        return schema

    monkeypatch.setattr(validation, "load_schema", lenient)
    # The compiled validator is built once per schema: build it again from the lenient one,
    # and once more from the real one afterwards.
    validation._fast_validator.cache_clear()
    yield
    monkeypatch.undo()
    validation._fast_validator.cache_clear()
