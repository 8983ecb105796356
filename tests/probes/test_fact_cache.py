"""The fact cache: slow steps are remembered while their inputs are unchanged, for a day at most,
never when they failed, and only as values (no command output, no paths)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import Home, Run, shared_facts_dir
from fakehost import FakeHost, Reply, fixture

from securecheck.core.validation import load_schema
from securecheck.probes.cache import FactCache, state_key
from securecheck.probes.gather import run_probe
from securecheck.probes.host import FileStat
from securecheck.probes.os_updates import runner as os_updates
from securecheck.probes.os_updates.debian import APT_LISTS

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
KEY = "a" * 64
APT = "apt-get -s dist-upgrade"


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def cache_at(path: Path, clock: Clock, fresh: bool = False) -> FactCache:
    return FactCache(path / "facts-cache.json", fresh=fresh, clock=clock)


def test_remembered_values_come_back_until_a_day_has_passed(tmp_path: Path) -> None:
    clock = Clock(T0)
    cache = cache_at(tmp_path, clock)
    assert cache.recall("os_updates.apt", KEY) is None
    cache.remember("os_updates.apt", KEY, {"pending": 3, "security": 1})
    clock.now = T0 + dt.timedelta(hours=23)
    recalled = cache_at(tmp_path, clock).recall("os_updates.apt", KEY)
    assert recalled is not None
    assert dict(recalled.values) == {"pending": 3, "security": 1} and recalled.at == T0
    clock.now = T0 + dt.timedelta(days=1, seconds=1)
    assert cache.recall("os_updates.apt", KEY) is None


def test_another_key_or_fresh_recomputes(tmp_path: Path) -> None:
    clock = Clock(T0)
    cache_at(tmp_path, clock).remember("os_updates.apt", KEY, {"pending": 3})
    assert cache_at(tmp_path, clock).recall("os_updates.apt", "b" * 64) is None
    assert cache_at(tmp_path, clock, fresh=True).recall("os_updates.apt", KEY) is None


def test_an_entry_from_the_future_is_not_trusted(tmp_path: Path) -> None:
    cache_at(tmp_path, Clock(T0 + dt.timedelta(hours=2))).remember("x.y", KEY, {"n": 1})
    assert cache_at(tmp_path, Clock(T0)).recall("x.y", KEY) is None


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_the_file_is_private_and_holds_only_values(tmp_path: Path) -> None:
    cache_at(tmp_path, Clock(T0)).remember(
        "os_updates.apt",
        KEY,
        {"pending": 3, "sources": ["x"], "bad": {"nested": 1}},  # type: ignore[dict-item]
    )
    path = tmp_path / "facts-cache.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    doc = json.loads(path.read_text())
    assert doc == {
        "format": 1,
        "steps": {
            "os_updates.apt": {
                "key": KEY,
                "at": "2026-12-01T09:00:00+00:00",
                "values": {"pending": 3, "sources": ["x"]},
            }
        },
    }


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        '{"format": 1, "steps": {"os_updates.apt": {"key": "zz", "at": "x", "values": {}}}}',
        '{"format": 1, "steps": {"os_updates.apt": {"key": "' + KEY + '", '
        '"at": "2026-12-01T09:00:00+00:00", "values": {"pending": {"a": 1}}}}}',
        '{"format": 99, "steps": {}}',
        "\xff\xfe",
    ],
)
def test_a_damaged_file_is_ignored_and_rewritten(tmp_path: Path, content: str) -> None:
    path = tmp_path / "facts-cache.json"
    path.write_text(content, encoding="latin-1")
    cache = cache_at(tmp_path, Clock(T0))
    assert cache.recall("os_updates.apt", KEY) is None
    cache.remember("os_updates.apt", KEY, {"pending": 1})
    assert cache.recall("os_updates.apt", KEY) is not None


def test_an_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = FactCache(blocker / "sub" / "facts-cache.json", clock=Clock(T0))
    cache.remember("os_updates.apt", KEY, {"pending": 1})  # no exception
    assert cache.recall("os_updates.apt", KEY) is None


def test_the_key_follows_sizes_and_modification_times() -> None:
    host = FakeHost(files={"/a": "x", "/d/e": "y"}, stats={"/a": FileStat(1, 10)})
    first = state_key(host, "s", ["/a", "/missing"], ["/d"])
    assert first == state_key(host, "s", ["/a", "/missing"], ["/d"])
    host.stats = {"/a": FileStat(1, 11)}
    assert state_key(host, "s", ["/a", "/missing"], ["/d"]) != first
    host.stats = {"/a": FileStat(1, 10)}
    host.files = {**host.files, "/d/new": ""}
    assert state_key(host, "s", ["/a", "/missing"], ["/d"]) != first
    assert state_key(host, "other", ["/a", "/missing"], ["/d"]) != first


# --- through the apt runner ---------------------------------------------------------------


def apt_host(cache: FactCache) -> FakeHost:
    lists = f"{APT_LISTS}/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4"
    return FakeHost(
        system="linux",
        commands={
            APT: fixture("os_updates/apt_debian12_dist_upgrade.txt"),
            "apt-config dump APT::Periodic": "",
        },
        files={lists: "", "/var/lib/dpkg/status": "Package: x\n"},
        cache=cache,
    )


def test_the_second_audit_recalls_the_slow_step_and_says_so(tmp_path: Path) -> None:
    clock = Clock(T0)
    host = apt_host(cache_at(tmp_path, clock))
    first = os_updates.assess(host, T0)
    assert first.from_cache is False and first.gathered_at is not None  # computed just now
    assert host.calls.count(tuple(APT.split())) == 1
    clock.now = T0 + dt.timedelta(minutes=5)
    again = os_updates.assess(host, clock.now)
    assert host.calls.count(tuple(APT.split())) == 1  # not run again
    assert again.facts == first.facts
    assert again.from_cache is True and again.gathered_at == first.gathered_at
    assert any("(remembered from " in s for s in again.sources)
    # dpkg installed something: the key changed, apt runs again.
    host.stats = {"/var/lib/dpkg/status": FileStat(999, 5)}
    third = os_updates.assess(host, clock.now)
    assert host.calls.count(tuple(APT.split())) == 2 and third.from_cache is False


def test_a_failed_step_is_not_remembered(tmp_path: Path) -> None:
    host = apt_host(cache_at(tmp_path, Clock(T0)))
    host.commands = {**host.commands, APT: Reply(timeout=True)}
    assert "pending_updates" not in os_updates.assess(host, T0).facts
    host.commands = {**host.commands, APT: fixture("os_updates/apt_debian12_dist_upgrade.txt")}
    out = os_updates.assess(host, T0)
    assert out.facts["pending_updates"] == 128 and out.from_cache is False


def test_every_gathered_outcome_says_when() -> None:
    from securecheck.probes.registry import spec

    hosts_file = spec("hosts_file")
    assert hosts_file is not None
    out = run_probe(hosts_file, FakeHost(files={"/etc/hosts": "127.0.0.1 localhost\n"}))
    assert out.gathered_at is not None and out.gathered_at.tzinfo is not None
    assert out.from_cache is False


# --- the real CLI, twice ----------------------------------------------------------------------


def updates_result(run: Run) -> dict[str, Any]:
    assert run.code == 0, run.stderr
    report = json.loads(run.stdout)
    jsonschema.validate(report, load_schema("report.schema.json"))
    (result,) = [r for r in report["results"] if r["id"] == "device.os_updates"]
    return dict(result)


@pytest.mark.skipif(shutil.which("apt-get") is None, reason="needs apt")
def test_fresh_counts_again_and_the_next_audit_reuses_that_count(
    cli: Callable[..., Run], home: Home, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # From a cache a real audit filled (this run's shared one, with the real apt's count;
    # copied: this test changes it). An `apt-get` first on PATH answers as apt does on a
    # Debian 12 machine with 128 updates and notes each call, so the test sees which audit
    # ran it; every other probe command is the real one.
    shutil.copytree(
        shared_facts_dir(tmp_path_factory),
        home.env["XDG_CACHE_HOME"],
        ignore=shutil.ignore_patterns(".lock", ".warm"),
    )
    calls = tmp_path / "apt-calls"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    apt = bin_dir / "apt-get"
    canned = tmp_path / "dist-upgrade.txt"
    canned.write_text(fixture("os_updates/apt_debian12_dist_upgrade.txt"), encoding="utf-8")
    apt.write_text(f'#!/bin/sh\necho "$*" >> "{calls}"\ncat "{canned}"\n', encoding="utf-8")
    apt.chmod(0o755)
    path = {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}

    def apt_runs() -> list[str]:
        return calls.read_text(encoding="utf-8").splitlines() if calls.exists() else []

    remembered = updates_result(cli("audit", "--format", "json", env=path))
    assert apt_runs() == []
    fresh = updates_result(cli("audit", "--format", "json", "--fresh", env=path))
    assert apt_runs() == ["-s dist-upgrade"]
    after = updates_result(cli("audit", "--format", "json", env=path))
    assert apt_runs() == ["-s dist-upgrade"]
    assert remembered["from_cache"] is True and isinstance(remembered["gathered_at"], str)
    assert fresh["from_cache"] is False and fresh["gathered_at"] > remembered["gathered_at"]
    assert fresh["evidence"]["facts"]["os_updates.pending_updates"] == 128  # apt's new answer
    assert after["from_cache"] is True and after["gathered_at"] == fresh["gathered_at"]
    assert after["status"] == fresh["status"]
    assert after["evidence"]["facts"] == fresh["evidence"]["facts"]
    text = cli("audit", "--format", "text")
    assert "facts remembered from " in text.stdout and "--fresh" in text.stdout
