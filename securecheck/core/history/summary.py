"""A run's changes in one short line: "since last time: +12, 2FA fixed, 3 new updates"."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from securecheck.core.history.compare import RunDiff
from securecheck.i18n import Localized, Message, Verbatim, _, joined, ngettext

COMMA = _(", ")
BLOCKS = "▁▂▃▄▅▆▇█"
NAMED_AT_MOST = 2  # more fixed (or worse) rules than this are counted, not named


def points_change(change: float) -> str:
    """+12, −3.5 or ±0 (a true minus sign, as in the score panel)."""
    if change > 0:
        return f"+{change:g}"
    if change < 0:
        return f"−{-change:g}"
    return "±0"


def _count_phrase(fact: str, delta: int) -> Message | None:
    """Only counts whose rise means something to a person are told."""
    phrases: Mapping[str, Callable[[int], Message]] = {
        "os_updates.pending_updates": lambda n: ngettext("{n} new update", "{n} new updates", n),
        "hosts_file.hijack_count": lambda n: ngettext(
            "{n} new hosts-file redirect", "{n} new hosts-file redirects", n
        ),
    }
    make = phrases.get(fact)
    return make(delta) if make is not None and delta > 0 else None


def since_last_time(diff: RunDiff, titles: Mapping[str, Localized]) -> Localized:
    """The headline of what changed; rule ids show their title where it is known."""

    def title(rule_id: str) -> Localized:
        return titles.get(rule_id) or Verbatim(rule_id)

    parts: list[Localized] = [Verbatim(points_change(diff.score_change))]
    fixed = [c.rule_id for c in diff.of_kind("better") if c.after == "pass"]
    if len(fixed) > NAMED_AT_MOST:
        parts.append(ngettext("{n} fixed", "{n} fixed", len(fixed)))
    else:
        parts += [_("{rule} fixed", rule=title(rid)) for rid in fixed]
    worse = [c.rule_id for c in diff.of_kind("worse")]
    if len(worse) > NAMED_AT_MOST:
        parts.append(ngettext("{n} got worse", "{n} got worse", len(worse)))
    else:
        parts += [_("{rule} got worse", rule=title(rid)) for rid in worse]
    unknown = diff.of_kind("unknown")
    if unknown:
        parts.append(ngettext("{n} to check again", "{n} to check again", len(unknown)))
    for count in diff.counts:
        phrase = _count_phrase(count.fact, count.delta)
        if phrase is not None:
            parts.append(phrase)
    return _("since last time: {changes}", changes=joined(parts, COMMA))


def sparkline(scores: Sequence[float], width: int = 60) -> str:
    """One block per run on a fixed 0-100 scale, so a small change looks small."""
    shown = list(scores)[-width:]
    top = len(BLOCKS) - 1
    return "".join(BLOCKS[min(top, max(0, int(s / 100 * len(BLOCKS))))] for s in shown)
