"""Probes: read-only facts about this machine, gathered once per audit, concurrently."""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from securecheck.core.model import ProbeOutcome
from securecheck.i18n import _
from securecheck.probes.host import Host, ProbeSpec, SystemHost, not_applicable, not_on_this_os
from securecheck.probes.privacy import HomeHidden, hide_home

# One module per probe; each exports SPEC. Listed here, not discovered, so a stray file in
# the package can never become a probe.
PROBE_MODULES: tuple[str, ...] = (
    "os_updates",
    "os_supported",
    "wifi",
    "vpn",
    "firewall",
    "disk_encryption",
    "screen_lock",
    "antivirus",
    "hosts_file",
)

OVERALL_DEADLINE = 30.0
log = logging.getLogger("securecheck.probes")

_registry: dict[str, ProbeSpec] | None = None


def registry() -> Mapping[str, ProbeSpec]:
    global _registry
    if _registry is None:
        specs: dict[str, ProbeSpec] = {}
        for name in PROBE_MODULES:
            module = importlib.import_module(f"securecheck.probes.{name}.runner")
            spec: ProbeSpec = module.SPEC
            specs[spec.name] = spec
        _registry = specs
    return _registry


def _crashed(name: str, exc: BaseException) -> ProbeOutcome:
    # A probe bug must show as unknown with a reason, never as a pass or a blank.
    kind = type(exc).__name__
    return ProbeOutcome(
        name, {}, reason=_("the {name} probe failed ({kind})", name=name, kind=kind)
    )


def _deadline_passed(name: str, seconds: float) -> ProbeOutcome:
    return ProbeOutcome(
        name,
        {},
        reason=_("{name} did not finish within {seconds:g} s", name=name, seconds=seconds),
    )


def run_probe(spec: ProbeSpec, host: Host) -> ProbeOutcome:
    if host.system not in spec.platforms:
        return not_applicable(spec.name, not_on_this_os(spec.name, host.system))
    started = time.monotonic()
    try:
        outcome = spec.run(host)
    except Exception as exc:  # one probe's bug must not take down the audit
        log.warning("probe %s crashed", spec.name, exc_info=True)
        return _crashed(spec.name, exc)
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
) -> dict[str, ProbeOutcome]:
    """Run the named probes concurrently; whatever is not done by the deadline is unknown."""
    wanted = sorted(set(names))
    specs = registry()
    if host is None:
        host = SystemHost(deadline=time.monotonic() + deadline_s)
    results: dict[str, ProbeOutcome] = {}
    runnable = []
    for name in wanted:
        spec = specs.get(name)
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
    finally:
        for name in pending.values():
            log.info("probe %s missed the %.0f s deadline", name, deadline_s)
            results[name] = _deadline_passed(name, deadline_s)
        # Do not wait for stragglers: their commands are bounded by the host deadline.
        pool.shutdown(wait=False, cancel_futures=True)
    return results
