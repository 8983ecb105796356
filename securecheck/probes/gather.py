"""Running probes: concurrently, under one deadline, each checked against its declaration.

A probe that crashes, or returns a fact it did not declare or a value of the wrong type, is
a bug of ours: its outcome is an `error` with the reason logged, never a pass and never a
made-up value. One probe failing does not stop the others.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from securecheck.core.model import ProbeOutcome
from securecheck.i18n import _
from securecheck.probes.host import Host, ProbeSpec, SystemHost, not_applicable, not_on_this_os
from securecheck.probes.privacy import HomeHidden, hide_home
from securecheck.probes.registry import spec as probe_spec

OVERALL_DEADLINE = 30.0
# Told as each probe finishes: its name, how many are done, of how many (a face shows it).
Progress = Callable[[str, int, int], None]
log = logging.getLogger("securecheck.probes")


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
    )


def gather(
    names: Iterable[str],
    host: Host | None = None,
    deadline_s: float = OVERALL_DEADLINE,
    progress: Progress | None = None,
) -> dict[str, ProbeOutcome]:
    """Run the named probes concurrently; whatever is not done by the deadline is unknown."""
    wanted = sorted(set(names))
    if host is None:
        host = SystemHost(deadline=time.monotonic() + deadline_s)
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
    pool = ThreadPoolExecutor(max_workers=len(runnable), thread_name_prefix="probe")
    pending: dict[Future[ProbeOutcome], str] = {
        pool.submit(run_probe, spec, host): spec.name for spec in runnable
    }
    try:
        while pending:
            remaining = end - time.monotonic()
            if remaining <= 0:
                break
            done, _still = wait(pending, timeout=remaining, return_when=FIRST_COMPLETED)
            for fut in done:
                name = pending.pop(fut)
                results[name] = fut.result()
                if progress is not None:
                    progress(name, len(results), len(wanted))
    finally:
        for name in pending.values():
            log.info("probe %s missed the %.0f s deadline", name, deadline_s)
            results[name] = _deadline_passed(name, deadline_s)
        # Do not wait for stragglers: their commands are bounded by the host deadline.
        pool.shutdown(wait=False, cancel_futures=True)
    return results
