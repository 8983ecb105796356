"""`securecheck facts`: what the probes see on this machine, with sources and reasons."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from securecheck.cli.common import add_fresh, lang_of
from securecheck.core.inert import json_inert, one_line


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    facts = commands.add_parser(
        "facts", parents=[common], help="print what the probes see on this machine"
    )
    facts.add_argument("--format", choices=("text", "json"), default="text")
    add_fresh(facts)
    facts.set_defaults(handler=run)


def _iso(when: dt.datetime | None) -> str | None:
    if when is None:
        return None
    return when.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def run(args: argparse.Namespace) -> int:
    from securecheck.core import audit
    from securecheck.core.rulepacks import load_rules

    outcomes = audit.gather_facts(load_rules(args.rules), fresh=args.fresh)
    lang = lang_of(args)
    rows: dict[str, Any] = {}
    for name, o in sorted(outcomes.items()):
        rows[name] = {
            "applicable": o.applicable,
            "facts": dict(o.facts),
            "reason": o.reason.get(lang) if o.reason else None,
            "reasons": {k: v.get(lang) for k, v in o.fact_reasons.items()},
            "sources": list(o.sources),
            "seconds": round(o.duration_s, 3),
            "gathered_at": _iso(o.gathered_at),
            "from_cache": o.from_cache,
        }
    if args.format == "json":
        print(json_inert(json.dumps(rows, ensure_ascii=False, indent=2)))
        return 0
    for name, row in rows.items():
        state = "n/a" if not row["applicable"] else ("ok" if row["facts"] else "unknown")
        when = f", remembered from {row['gathered_at']}" if row["from_cache"] else ""
        print(f"{name} [{state}] ({row['seconds']}s{when})")
        for key, value in row["facts"].items():
            print(f"  {key} = {one_line(repr(value))}")
        if row["reason"]:
            print(f"  reason: {one_line(row['reason'])}")
        for key, why in row["reasons"].items():
            # A reason beside a known fact explains it; beside a missing one, says why not.
            kind = "note" if key in row["facts"] else "unknown"
            print(f"  {key}: {kind} ({one_line(why)})")
        for src in row["sources"]:
            print(f"  source: {one_line(src)}")
    return 0
