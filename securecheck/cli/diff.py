"""`securecheck diff [RUN] [RUN]`: what changed between two runs of the history.

RUN is a number as `securecheck history` lists it (1 the oldest; -1 the newest, -2 the one
before), or the start of a run id (4 characters or more). Default: the last two runs; with
one RUN, that run against the newest.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from securecheck.cli.common import lang_of, write_output
from securecheck.cli.history import local_time, run_data, signed
from securecheck.core.errors import UsageError
from securecheck.i18n import Localized, Message, Verbatim, _
from securecheck.i18n.words import t

if TYPE_CHECKING:
    from securecheck.core.history import RunDiff, RunRecord
    from securecheck.core.history.compare import Kind

DIFF_SCHEMA_VERSION = 1
RUN_PREFIX = re.compile(r"^[0-9a-f]{4,32}$")
MARKS: Mapping[Kind, str] = {
    "worse": "✗",
    "better": "✓",
    "unknown": "?",
    "known": "•",
    "other": "–",
}
HEADINGS: Mapping[Kind, Message] = {
    "worse": _("Got worse"),
    "better": _("Got better"),
    "unknown": _("Became unknown"),
    "known": _("Newly known"),
    "other": _("Other changes"),
}
COUNTS = _("Counts")
NOTHING = _("Nothing changed between these runs.")
NOT_IN_RUN = _("not in that run")
RUN_LINE = _("Run {n} ({when}, {run})")


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    diff = commands.add_parser(
        "diff",
        parents=[common],
        help="what got worse, better or unknown between two runs (default: the last two)",
    )
    diff.add_argument(
        "runs",
        nargs="*",
        metavar="RUN",
        help="a run number from `securecheck history` (-1: the newest) or a run id prefix",
    )
    diff.add_argument("--format", choices=("text", "json"), default="text")
    diff.set_defaults(handler=run)


def pick(records: Sequence[RunRecord], wanted: str) -> int:
    """The index of RUN in `records`; UsageError naming what was not found."""
    found = []
    if RUN_PREFIX.match(wanted):
        found = [i for i, r in enumerate(records) if r.run_id.startswith(wanted)]
    if re.fullmatch(r"-?\d+", wanted):
        n = int(wanted)
        index = n - 1 if n > 0 else len(records) + n
        if n != 0 and 0 <= index < len(records):
            return index  # a run number wins: `1` is the oldest run, not an id starting "1"
        # An id prefix can be all digits too (one in forty 8-character prefixes is).
        if not found:
            raise UsageError(f"no run {wanted}: the history has runs 1 to {len(records)}")
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise UsageError(f"run id '{wanted}' is ambiguous: give more characters")
    raise UsageError(f"no run '{wanted}' in the history (a number or a run id prefix)")


def _titles(args: argparse.Namespace) -> dict[str, Localized]:
    """Rule titles from the packs loaded now; a rule gone since shows its id."""
    from securecheck.core.rulepacks import load_rules

    return {r.id: r.title for r in load_rules(args.rules)}


def as_json(
    diff: RunDiff, numbers: tuple[int, int], titles: Mapping[str, Localized], lang: str
) -> str:
    changes: dict[str, list[dict[str, Any]]] = {}
    for kind in HEADINGS:
        changes[kind] = [
            {
                "id": c.rule_id,
                "title": titles[c.rule_id].get(lang) if c.rule_id in titles else None,
                "from": c.before,
                "to": c.after,
                "points": round(c.points, 2),
            }
            for c in diff.of_kind(kind)
        ]
    document = {
        "schema_version": DIFF_SCHEMA_VERSION,
        "from": run_data(numbers[0], diff.before),
        "to": run_data(numbers[1], diff.after),
        "score_change": diff.score_change,
        "changes": changes,
        "counts": [
            {"fact": c.fact, "from": c.before, "to": c.after, "change": c.delta}
            for c in diff.counts
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def as_text(
    diff: RunDiff, numbers: tuple[int, int], titles: Mapping[str, Localized], lang: str
) -> str:
    before, after = diff.before, diff.after

    def run_line(n: int, r: RunRecord) -> str:
        return RUN_LINE.get(lang).format(n=n, when=local_time(r.at), run=r.run_id[:8])

    def grade(r: RunRecord) -> str:
        return r.grade or "–"

    lines = [
        f"{run_line(numbers[0], before)} → {run_line(numbers[1], after)}",
        f"{t('score', lang)}: {before.score:g} → {after.score:g} ({signed(diff.score_change)})"
        f"   {t('grade', lang)}: {grade(before)} → {grade(after)}"
        f"   {t('coverage', lang)}: {before.coverage * 100:.0f}% → "
        f"{after.coverage * 100:.0f}%",
    ]
    if not diff.changes and not diff.counts:
        return "\n".join([*lines, "", NOTHING.get(lang)]) + "\n"
    gone = NOT_IN_RUN.get(lang)
    for kind, heading in HEADINGS.items():
        items = diff.of_kind(kind)
        if not items:
            continue
        lines += ["", f"{heading.get(lang)} ({len(items)}):"]
        for c in items:
            title = titles.get(c.rule_id, Verbatim(c.rule_id)).get(lang)
            points = f", {signed(c.points)} {t('points', lang)}" if c.points else ""
            lines.append(
                f"  {MARKS[kind]} {title} ({c.rule_id}): "
                f"{c.before or gone} → {c.after or gone}{points}"
            )
    if diff.counts:
        lines += ["", f"{COUNTS.get(lang)}:"]
        for count in diff.counts:
            both = count.before is not None and count.after is not None
            change = f" ({signed(count.delta)})" if both else ""
            lines.append(
                f"  {count.fact}: {count.before if count.before is not None else '–'} → "
                f"{count.after if count.after is not None else '–'}{change}"
            )
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from securecheck.core.history import compare, load_history

    records = load_history()
    if len(args.runs) > 2:
        raise UsageError("diff takes at most two runs")
    if len(records) < 2 and len(args.runs) < 2:
        raise UsageError(
            f"the history has {len(records)} run(s); diff needs two "
            "(each `securecheck audit` adds one)"
        )
    picked = [pick(records, w) for w in args.runs]
    if not picked:
        picked = [len(records) - 2, len(records) - 1]
    elif len(picked) == 1:
        picked.append(len(records) - 1)
    first, second = picked
    diff = compare(records[first], records[second])
    titles = _titles(args)
    numbers = (first + 1, second + 1)
    if args.format == "json":
        write_output(as_json(diff, numbers, titles, lang_of(args)), None)
    else:
        write_output(as_text(diff, numbers, titles, lang_of(args)), None)
    return 0
