"""Two runs side by side: what got worse, what got better, what became unknown.

Statuses rank pass > warn > fail. Between two ranked statuses the change is worse or better;
a ranked status turning unknown (or error) "became unknown"; an unknown one turning ranked is
"newly known"; a rule turning skipped or back, appearing or disappearing is "other".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from securecheck.core.history.record import RunRecord
from securecheck.records import record

RANK: Mapping[str, int] = {"pass": 3, "warn": 2, "fail": 1}
UNSEEN = frozenset({"unknown", "error"})
Kind = Literal["worse", "better", "unknown", "known", "other"]
KINDS: tuple[Kind, ...] = ("worse", "better", "unknown", "known", "other")


@record
class RuleChange:
    rule_id: str
    kind: Kind
    before: str | None  # None: the rule was not in that run
    after: str | None
    points: float  # points after minus points before


@record
class CountChange:
    fact: str
    before: int | None
    after: int | None

    @property
    def delta(self) -> int:
        return (self.after or 0) - (self.before or 0)


@record
class RunDiff:
    before: RunRecord
    after: RunRecord
    changes: tuple[RuleChange, ...]
    counts: tuple[CountChange, ...]

    @property
    def score_change(self) -> float:
        return round(self.after.score - self.before.score, 1)

    def of_kind(self, kind: Kind) -> list[RuleChange]:
        return [c for c in self.changes if c.kind == kind]


def _kind(before: str | None, after: str | None) -> Kind | None:
    if before == after:
        return None
    if before is not None and after is not None and before in RANK and after in RANK:
        return "worse" if RANK[after] < RANK[before] else "better"
    if before in RANK and after in UNSEEN:
        return "unknown"
    if (before is None or before in UNSEEN) and after in RANK:
        return "known"
    return "other"


def compare(before: RunRecord, after: RunRecord) -> RunDiff:
    changes: list[RuleChange] = []
    ids = list(before.rules) + [rid for rid in after.rules if rid not in before.rules]
    for rid in ids:
        old, new = before.rules.get(rid), after.rules.get(rid)
        kind = _kind(old.status if old else None, new.status if new else None)
        if kind is None:
            continue
        points = (new.points if new else 0.0) - (old.points if old else 0.0)
        changes.append(
            RuleChange(rid, kind, old.status if old else None, new.status if new else None, points)
        )
    facts = sorted(set(before.counts) | set(after.counts))
    counts = tuple(
        CountChange(f, before.counts.get(f), after.counts.get(f))
        for f in facts
        if before.counts.get(f) != after.counts.get(f)
    )
    return RunDiff(before, after, tuple(changes), counts)
