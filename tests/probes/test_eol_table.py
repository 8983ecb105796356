"""The shipped end-of-life table (securecheck/data/eol.yaml) is sorted, complete and dated:
every row names its source and the day it was checked; no release of a line is skipped."""

from __future__ import annotations

import csv
import datetime as dt
import io
from importlib import resources
from typing import Any

import pytest
import yaml
from fakehost import fixture

from securecheck.probes.os_supported.parsers import load_eol_table

RAW: dict[str, Any] = yaml.safe_load(
    resources.files("securecheck").joinpath("data/eol.yaml").read_text(encoding="utf-8")
)
CAPTURED: dt.date = RAW["captured"]
WINDOWS_FAMILIES = ("consumer", "enterprise", "ltsc", "iot_ltsc")
# Every Windows client feature release by build (10 1507 … 11 26H2), and 7 SP1, 8, 8.1.
WINDOWS_BUILDS = [
    7601, 9200, 9600, 10240, 10586, 14393, 15063, 16299, 17134, 17763, 18362, 18363,
    19041, 19042, 19043, 19044, 19045, 22000, 22621, 22631, 26100, 26200, 26300, 28000,
]  # fmt: skip


def rows() -> list[tuple[str, str, dict[str, Any]]]:
    found = [("macos", str(k), v) for k, v in RAW["macos"].items()]
    found += [("windows", str(k), v) for k, v in RAW["windows"].items()]
    for distro, entries in RAW["linux"].items():
        found += [(f"linux.{distro}", str(k), v) for k, v in entries.items()]
    return found


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


@pytest.mark.parametrize(("section", "key", "row"), rows())
def test_every_row_names_its_source_and_when_it_was_checked(
    section: str, key: str, row: dict[str, Any]
) -> None:
    assert row.get("src") in RAW["sources"], f"{section}.{key}: unknown source"
    checked = row.get("checked")
    assert isinstance(checked, dt.date), f"{section}.{key}: no checked date"
    assert CAPTURED - dt.timedelta(days=365) <= checked <= CAPTURED
    dates = [row[f] for f in WINDOWS_FAMILIES if f in row] if section == "windows" else [row["eol"]]
    assert dates, f"{section}.{key}: no end date"
    for date in dates:
        assert date is None or isinstance(date, dt.date)


def test_sections_are_sorted_newest_first() -> None:
    assert list(RAW["windows"]) == sorted(RAW["windows"], reverse=True)
    macos = [version_key(str(k)) for k in RAW["macos"]]
    assert macos == sorted(macos, reverse=True)
    for distro, entries in RAW["linux"].items():
        versions = [version_key(str(k)) for k in entries]
        assert versions == sorted(versions, reverse=True), distro


def test_no_release_is_skipped() -> None:
    assert sorted(RAW["windows"]) == WINDOWS_BUILDS
    macos = [str(k) for k in RAW["macos"]]
    assert macos == ["27", "26", "15", "14", "13", "12", "11", "10.15", "10.14", "10.13"]
    for distro in ("debian", "fedora", "rhel", "rocky", "almalinux", "centos"):
        majors = [int(str(k)) for k in RAW["linux"][distro]]
        assert majors == list(range(majors[0], majors[-1] - 1, -1)), distro
    ubuntu = [str(k) for k in RAW["linux"]["ubuntu"]]
    newest = version_key(ubuntu[0])
    expected = [
        f"{year}.{month:02d}"
        for year in range(newest[0], 11, -1)
        for month in (10, 4)
        if (year, month) <= newest and (year, month) >= (12, 4)
    ]
    assert ubuntu == expected


def test_windows_servicing_ends_on_a_patch_tuesday() -> None:
    for build, row in RAW["windows"].items():
        for family in WINDOWS_FAMILIES:
            if family in row:
                day: dt.date = row[family]
                assert day.weekday() == 1 and 8 <= day.day <= 14, f"{build} {family}: {day}"


def test_only_the_three_newest_macos_majors_are_open_ended() -> None:
    open_ended = [str(k) for k, v in RAW["macos"].items() if v["eol"] is None]
    assert open_ended == ["27", "26", "15"]
    assert all(v["eol"] is not None for k, v in RAW["macos"].items() if str(k) not in open_ended)


@pytest.mark.parametrize("distro", ["debian", "ubuntu"])
def test_debian_and_ubuntu_rows_agree_with_distro_info(distro: str) -> None:
    text = fixture(f"os_supported/distro-info_{distro}.csv")
    by_series = {r["series"]: r for r in csv.DictReader(io.StringIO(text))}
    for version, row in RAW["linux"][distro].items():
        info = by_series[row["codename"]]
        lts = info["version"].endswith(" LTS")
        if distro == "ubuntu":
            expected = (info.get("eol-server") if lts else None) or info["eol"]
        else:
            expected = info.get("eol-lts") or info["eol"]
        assert str(row["eol"]) == expected, f"{distro} {version}"
        assert info["version"].removesuffix(" LTS") == str(version)


def test_the_table_loads_and_is_fresh_for_a_year() -> None:
    table = load_eol_table()
    assert table.captured == CAPTURED
    assert not table.stale(CAPTURED + dt.timedelta(days=365))
    assert table.stale(CAPTURED + dt.timedelta(days=366))


def test_libyaml_and_pure_python_pyyaml_read_the_same_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from securecheck.probes.os_supported.parsers import parse_eol_table

    text = resources.files("securecheck").joinpath("data/eol.yaml").read_text(encoding="utf-8")
    assert hasattr(yaml, "CSafeLoader"), "PyYAML without libyaml: the fast path is not tested"
    fast = parse_eol_table(text)
    monkeypatch.delattr(yaml, "CSafeLoader")
    assert parse_eol_table(text) == fast
