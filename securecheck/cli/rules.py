"""`securecheck rules list|validate`: the loaded rules, and checking a pack before sharing it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from securecheck.cli.common import Parser, lang_of
from securecheck.core.inert import json_inert, one_line


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    rules = commands.add_parser("rules", help="list or validate rule packs")
    actions = rules.add_subparsers(
        dest="rules_command", metavar="ACTION", required=True, parser_class=Parser
    )
    listing = actions.add_parser("list", parents=[common], help="list the loaded rules")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=run_list)
    check = actions.add_parser(
        "validate", parents=[common], help="check rule pack files; exit 2 on any problem"
    )
    check.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    check.set_defaults(handler=run_validate)


def run_validate(args: argparse.Namespace) -> int:
    from securecheck.core.rulepacks import validate

    problems = validate([*args.rules, *args.paths])
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 2
    print(f"ok: {len(args.paths)} path(s) valid")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from securecheck.core.rulepacks import load_rules

    lang = lang_of(args)
    rules = load_rules(args.rules)
    if args.format == "json":
        rows = [
            {
                "id": r.id,
                "title": r.title.get(lang),
                "category": r.category,
                "severity": r.severity.value,
                "kind": r.check.kind,
                "platforms": list(r.platforms),
                "source": r.source,
                "origin": r.origin,
            }
            for r in rules
        ]
        print(json_inert(json.dumps(rows, ensure_ascii=False, indent=2)))
    else:
        width = max(len(r.id) for r in rules)
        for r in rules:
            rid, title = one_line(r.id), one_line(r.title.get(lang))
            print(f"{rid:<{width}}  {r.severity.value:<8}  {r.check.kind:<8}  {title}")
    return 0
