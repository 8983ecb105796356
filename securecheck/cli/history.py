"""`securecheck history`: the runs kept, oldest first, with the score's trend."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from securecheck.cli.common import lang_of, write_output
from securecheck.i18n import _, ngettext

if TYPE_CHECKING:
    from securecheck.core.history import RunRecord

HISTORY_SCHEMA_VERSION = 1
SPARK_WIDTH = 60  # runs in the sparkline: the newest ones
TEXT_ROWS = 20  # runs listed in text, unless --limit says otherwise

NO_RUNS = _("No runs in the history yet: each `securecheck audit` and app session adds one.")
TREND = _("Trend")
HEADER = _("#    when              score  grade  coverage  via    run")


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    history = commands.add_parser(
        "history", parents=[common], help="the runs kept in the history, with the score trend"
    )
    history.add_argument("--format", choices=("text", "json"), default="text")
    history.add_argument(
        "--limit",
        type=int,
        metavar="N",
        help=f"list only the newest N runs (default: {TEXT_ROWS} in text, all in JSON)",
    )
    history.set_defaults(handler=run)


def local_time(at: str) -> str:
    when = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def signed(change: float) -> str:
    from securecheck.core.history.summary import points_change

    return points_change(round(change, 1))


def run_data(n: int, record: RunRecord) -> dict[str, Any]:
    """One run as the JSON outputs show it (history and diff)."""
    return {
        "n": n,
        "run_id": record.run_id,
        "at": record.at,
        "version": record.version,
        "via": record.via,
        "score": record.score,
        "potential": record.potential,
        "grade": record.grade,
        "coverage": record.coverage,
        "summary": record.summary(),
    }


def as_json(records: Sequence[RunRecord], first: int) -> str:
    from securecheck.core.history import MAX_RUNS

    runs = []
    for n, record in enumerate(records, first):
        data = run_data(n, record)
        data["rules"] = {
            rid: {"status": e.status, "points": e.points} for rid, e in record.rules.items()
        }
        data["counts"] = dict(record.counts)
        runs.append(data)
    scores = [r.score for r in records]
    document = {
        "schema_version": HISTORY_SCHEMA_VERSION,
        "kept_at_most": MAX_RUNS,
        "runs": runs,
        "trend": {
            "scores": scores,
            "change": round(scores[-1] - scores[0], 1) if scores else 0.0,
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def as_text(records: Sequence[RunRecord], shown: int, lang: str) -> str:
    """The newest `shown` runs as rows (0: all); the trend line covers the newest 60."""
    from securecheck.core.history.summary import sparkline  # only when a trend is shown

    if not records:
        return NO_RUNS.get(lang) + "\n"
    scores = [r.score for r in records][-SPARK_WIDTH:]
    lines = [
        ngettext("History: {n} run", "History: {n} runs", len(records)).get(lang),
        f"{TREND.get(lang)}: {sparkline(scores)}  {scores[0]:g} → {scores[-1]:g} "
        f"({signed(scores[-1] - scores[0])})",
        "",
        HEADER.get(lang),
    ]
    rows = records[-shown:] if shown else records
    for n, r in enumerate(rows, len(records) - len(rows) + 1):
        grade = r.grade or "–"
        lines.append(
            f"{n:<4} {local_time(r.at):<17} {r.score:>5g}  {grade:<5}  {r.coverage * 100:>7.0f}%"
            f"  {r.via:<6} {r.run_id[:8]}"
        )
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from securecheck.core.errors import UsageError
    from securecheck.core.history import load_history

    records = load_history()
    limit = args.limit if args.limit is not None else (TEXT_ROWS if args.format == "text" else 0)
    if limit < 0:
        raise UsageError("--limit: must be 0 (all) or more")
    if args.format == "json":
        shown = records[-limit:] if limit else records
        write_output(as_json(shown, len(records) - len(shown) + 1), None)
    else:
        write_output(as_text(records, limit, lang_of(args)), None)
    return 0
