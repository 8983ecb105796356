"""Running probes: concurrently, under one deadline, each checked against its declaration.

A probe that crashes, or returns a fact it did not declare or a value of the wrong type, is
a bug of ours: its outcome is an `error` with the reason logged, never a pass and never a
made-up value. One probe failing does not stop the others.
"""

from __future__ import annotations

import datetime as dt
import queue
import threading
import time
from collections.abc import Callable, Iterable

from securecheck.core.model import ProbeOutcome
from securecheck.i18n import _
from securecheck.log import get_logger
from securecheck.probes.host import Host, ProbeSpec, not_applicable, not_on_this_os
from securecheck.probes.privacy import HomeHidden, hide_home
from securecheck.probes.registry import spec as probe_spec
from securecheck.probes.system import SystemHost

OVERALL_DEADLINE = 30.0
# Told as each probe finishes: its name, how many are done, of how many (a face shows it).
Progress = Callable[[str, int, int], None]
log = get_logger("securecheck.probes")


def _broken(name: str, why: str) -> ProbeOutcome:
    return ProbeOutcome(
        name, {}, error=_("the {name} check broke ({why}); please report it", name=name, why=why)
    )


def _deadline_passed(name: str, seconds: float) -> ProbeOutcome:
    return ProbeOutcome(
        name,
        {},
        reason=_("{name} did not finish within {seconds:g} s", name=name, seconds=seconds),
    )


def _type_problem(spec: ProbeSpec, outcome: ProbeOutcome) -> str | None:
    if outcome.probe != spec.name:
        return f"reported as {outcome.probe!r}"
    for name, value in outcome.facts.items():
        fact = spec.declaration.fact(name)
        if fact is None:
            return f"undeclared fact {name!r}"
        if not fact.accepts(value):
            return f"{name} is not {fact.describe()}"
    return None


def run_probe(spec: ProbeSpec, host: Host) -> ProbeOutcome:
    if host.system not in spec.platforms:
        return not_applicable(spec.name, not_on_this_os(spec.name, host.system))
    started = time.monotonic()
    started_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        outcome = spec.run(host)
    except Exception as exc:  # one probe's bug must not take down the audit
        log.warning("probe %s crashed", spec.name, exc_info=True)
        return _broken(spec.name, type(exc).__name__)
    problem = _type_problem(spec, outcome)
    if problem is not None:
        log.warning("probe %s returned a bad outcome: %s", spec.name, problem)
        return _broken(spec.name, problem)
    homes = tuple(
        h
        for h in ((host.env(v) or "").rstrip("/\\") for v in ("HOME", "USERPROFILE"))
        if len(h) > 1
    )
    return ProbeOutcome(
        outcome.probe,
        outcome.facts,
        HomeHidden(outcome.reason, homes) if outcome.reason else None,
        outcome.applicable,
        tuple(hide_home(source, homes) for source in outcome.sources),
        time.monotonic() - started,
        {k: HomeHidden(v, homes) for k, v in outcome.fact_reasons.items()},
        gathered_at=outcome.gathered_at or started_at,
        from_cache=outcome.from_cache,
    )


def _worker(spec: ProbeSpec, host: Host, done: queue.SimpleQueue[tuple[str, ProbeOutcome]]) -> None:
    done.put((spec.name, run_probe(spec, host)))


def system_host(deadline_s: float = OVERALL_DEADLINE, *, fresh: bool = False) -> SystemHost:
    """The real machine, with the fact cache in the user cache dir (`fresh`: recompute)."""
    from securecheck.probes.cache import FactCache, default_path

    return SystemHost(
        deadline=time.monotonic() + deadline_s, cache=FactCache(default_path(), fresh=fresh)
    )


def gather(
    names: Iterable[str],
    host: Host | None = None,
    deadline_s: float = OVERALL_DEADLINE,
    progress: Progress | None = None,
    *,
    fresh: bool = False,
) -> dict[str, ProbeOutcome]:
    """Run the named probes concurrently; whatever is not done by the deadline is unknown.

    `fresh`: recompute every fact instead of reusing remembered ones (the fact cache).
    Ctrl+C (KeyboardInterrupt) ends every running command with its children and is raised
    again at once: the probe threads are daemons and never hold the process.
    """
    wanted = sorted(set(names))
    own_host = host is None
    real = system_host(deadline_s, fresh=fresh) if host is None else host
    results: dict[str, ProbeOutcome] = {}
    runnable = []
    for name in wanted:
        spec = probe_spec(name)
        if spec is None:
            results[name] = ProbeOutcome(name, {}, reason=_("no probe named {name}", name=name))
        else:
            runnable.append(spec)
    if not runnable:
        return results
    end = time.monotonic() + deadline_s
    done: queue.SimpleQueue[tuple[str, ProbeOutcome]] = queue.SimpleQueue()
    pending = {spec.name for spec in runnable}
    try:
        for spec in runnable:
            threading.Thread(
                target=_worker, args=(spec, real, done), name=f"probe-{spec.name}", daemon=True
            ).start()
        while pending:
            remaining = end - time.monotonic()
            if remaining <= 0:
                break
            try:
                name, outcome = done.get(timeout=min(remaining, 0.25))
            except queue.Empty:
                continue
            pending.discard(name)
            results[name] = outcome
            if progress is not None:
                progress(name, len(results), len(wanted))
    except BaseException:
        # Ctrl+C or shutdown: end the commands still running, with their children.
        _cancel(real)
        raise
    for name in sorted(pending):
        log.info("probe %s missed the %.0f s deadline", name, deadline_s)
        results[name] = _deadline_passed(name, deadline_s)
    if own_host and pending:
        _cancel(real)  # the stragglers' commands must not outlive the audit
    return results


def _cancel(host: Host) -> None:
    cancel = getattr(host, "cancel", None)
    if callable(cancel):
        cancel()
