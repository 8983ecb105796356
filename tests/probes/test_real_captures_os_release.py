"""os_supported over os-release files of real installs (ansible's distribution fixtures, see
tests/fixtures/os_supported/SOURCES.md): each old release is known to be unsupported, a
derivative is judged by its base, and a distribution the table lacks stays unknown."""

from __future__ import annotations

from datetime import date

import pytest
from fakehost import fixture

from securecheck.probes.os_supported.parsers import load_eol_table, parse_os_release
from securecheck.probes.os_supported.runner import linux_verdict

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("name", "supported", "eol"),
    [
        ("debian_7_9", False, date(2018, 5, 31)),
        ("ubuntu_14_04", False, date(2019, 4, 25)),
        ("fedora_31", False, date(2020, 11, 24)),
        ("opensuse_leap_15_1", False, date(2021, 2, 2)),
        ("opensuse_leap_42_1", False, date(2017, 5, 17)),
        ("amazon_linux_2", False, date(2026, 6, 30)),
        ("linux_mint_19_1", False, date(2023, 5, 31)),  # Ubuntu 18.04 base
        ("pop_os_20_04", False, date(2025, 5, 29)),  # Ubuntu 20.04 base
        ("kali_2019_1", None, None),  # not in the table: unknown, not guessed
    ],
)
def test_real_os_release_files(name: str, supported: bool | None, eol: date | None) -> None:
    release = parse_os_release(fixture(f"os_supported/os-release_{name}_ansible"))
    assert release is not None
    verdict = linux_verdict(release, {}, load_eol_table(), TODAY)
    assert (verdict.supported, verdict.eol) == (supported, eol)
