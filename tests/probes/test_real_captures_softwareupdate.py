"""`softwareupdate --list` listings other projects recorded from real Macs (found with the code
search over public repositories, 2026-12-02; see tests/fixtures/os_updates/SOURCES.md): each
reads as a person would count it, with LF or CRLF line ends."""

from __future__ import annotations

import pytest
from fakehost import fixture

from securecheck.probes.os_updates.parsers import parse_softwareupdate


@pytest.mark.parametrize(
    ("name", "major", "pending", "security"),
    [
        ("softwareupdate_recorded_tahoe_26_6_blog.txt", "26", 1, 1),
        ("softwareupdate_recorded_bsi_no_scan.txt", "26", 1, 1),
        ("softwareupdate_recorded_monterey_clt_two_majors.txt", "12", 4, 1),
        ("softwareupdate_recorded_beta_27_2.txt", "26", 1, 0),
        ("softwareupdate_recorded_safari_tahoe_27.txt", "26", 3, 2),
        ("softwareupdate_recorded_mac_mini_clt_tahoe.txt", "26", 2, 1),
        ("softwareupdate_recorded_rsr_clt_verbatim.txt", "26", 3, 2),
    ],
)
def test_recorded_listings(name: str, major: str, pending: int, security: int) -> None:
    text = fixture(f"os_updates/{name}")
    counts = parse_softwareupdate(text, major)
    assert counts is not None
    assert (counts.pending, counts.security) == (pending, security)
    assert parse_softwareupdate(text.replace("\n", "\r\n"), major) == counts
