"""A zero is only a zero when the metadata could see: apt sources and lists, dnf updateinfo,
zypper patches; apt output in other languages and without a summary line."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fakehost import FakeHost, Reply, fixture

from securecheck.core.model import ProbeOutcome
from securecheck.probes.host import FileStat
from securecheck.probes.os_updates import runner as os_updates
from securecheck.probes.os_updates.apt import (
    AptSource,
    is_security_suite,
    list_prefix,
    parse_apt_simulation,
    parse_deb822_sources,
    parse_one_line_sources,
    source_files,
)
from securecheck.probes.os_updates.debian import APT_LISTS, SOURCES_DIR, SOURCES_LIST
from securecheck.probes.os_updates.parsers import (
    parse_dnf_check_update,
    parse_dnf_security,
    parse_zypper_security,
)

NOW = datetime(2026, 12, 1, 21, 30, tzinfo=UTC)
APT = "apt-get -s dist-upgrade"
APT_CONFIG = "apt-config dump APT::Periodic"
DEBIAN_SOURCES = f"{SOURCES_DIR}/debian.sources"


def f(name: str) -> str:
    return fixture(f"os_updates/{name}")


def ns(day: int, hour: int = 12) -> int:
    return int(datetime(2026, 11, day, hour, tzinfo=UTC).timestamp() * 1e9)


# --- sources ------------------------------------------------------------------------------


def test_deb822_sources_of_debian12() -> None:
    sources = parse_deb822_sources(f("debian12_debian.sources"))
    assert sources == [
        AptSource("deb", "http://deb.debian.org/debian", "bookworm"),
        AptSource("deb", "http://deb.debian.org/debian", "bookworm-updates"),
        AptSource("deb", "http://deb.debian.org/debian-security", "bookworm-security"),
    ]
    assert [s.security for s in sources] == [False, False, True]


def test_deb822_multiline_key_disabled_stanza_and_several_values() -> None:
    text = (
        "# managed by hand\n"
        "Types: deb deb-src\n"
        "URIs: http://archive.ubuntu.com/ubuntu/\n"
        "Suites: noble noble-updates\n"
        "Components: main\n"
        "Signed-By:\n"
        " -----BEGIN PGP PUBLIC KEY BLOCK-----\n"
        " .\n"
        " mQINBF...\n"
        "\n"
        "Types: deb\n"
        "URIs: http://security.ubuntu.com/ubuntu/\n"
        "Suites: noble-security\n"
        "Components: main\n"
        "Enabled: no\n"
    )
    sources = parse_deb822_sources(text)
    assert sources is not None and len(sources) == 5
    assert [s for s in sources if s.security] == [
        AptSource("deb", "http://security.ubuntu.com/ubuntu/", "noble-security", enabled=False)
    ]
    assert parse_deb822_sources("Types deb\n") is None
    assert parse_deb822_sources("Types: deb\nURIs: http://x/\n") is None  # no Suites


def test_one_line_sources_with_options_and_comments() -> None:
    text = (
        "deb [arch=amd64 signed-by=/usr/share/keyrings/x.gpg] http://deb.debian.org/debian"
        " buster main  # the main archive\n"
        "# deb http://old.example/ buster main\n"
        "deb http://security.debian.org/debian-security buster/updates main contrib\n"
        "deb-src http://deb.debian.org/debian buster main\n"
    )
    sources = parse_one_line_sources(text)
    assert sources == [
        AptSource("deb", "http://deb.debian.org/debian", "buster"),
        AptSource("deb", "http://security.debian.org/debian-security", "buster/updates"),
        AptSource("deb-src", "http://deb.debian.org/debian", "buster"),
    ]
    assert parse_one_line_sources("rpm http://x/ y\n") is None
    assert parse_one_line_sources("deb [arch=amd64 http://x/ y\n") is None


@pytest.mark.parametrize(
    ("uri", "suite", "security"),
    [
        ("http://deb.debian.org/debian-security", "bookworm-security", True),
        ("http://security.debian.org/debian-security", "buster/updates", True),
        ("http://security.debian.org/", "stretch/updates", True),
        ("http://archive.ubuntu.com/ubuntu", "jammy-security", True),
        ("https://esm.ubuntu.com/apps/ubuntu", "jammy-apps-security", True),
        ("http://deb.debian.org/debian", "bookworm-updates", False),
        ("http://deb.debian.org/debian", "buster/updates", False),  # not the security site
        ("http://http.kali.org/kali", "kali-rolling", False),
    ],
)
def test_security_archives(uri: str, suite: str, security: bool) -> None:
    assert is_security_suite(uri, suite) is security


def test_only_list_and_sources_files_are_read_from_sources_list_d() -> None:
    names = ["debian.sources", "google.list.disabled-by-farm", "node.sources.save", "x.list"]
    assert source_files(names) == ["debian.sources", "x.list"]


def test_list_file_names_follow_apts_uri_escaping() -> None:
    assert (
        list_prefix("http://deb.debian.org/debian-security", "bookworm-security")
        == "deb.debian.org_debian-security_dists_bookworm-security_"
    )
    assert (
        list_prefix("http://security.debian.org/", "buster/updates")
        == "security.debian.org_dists_buster_updates_"
    )
    assert list_prefix("https://user:pw@repo.example/my_repo/", "stable") == (
        "repo.example_my%5frepo_dists_stable_"
    )
    assert list_prefix("mirror+file:/etc/apt/mirrors/debian.list", "bookworm") is None
    assert list_prefix("http://repo.example/flat", "./") is None


# --- apt-get output -------------------------------------------------------------------------

UBUNTU = f("apt_ubuntu2204_dist_upgrade.txt")
SUMMARY = "4 upgraded, 2 newly installed, 0 to remove and 0 not upgraded."


@pytest.mark.parametrize(
    "summary",
    [
        "4 aktualisiert, 2 neu installiert, 0 zu entfernen und 0 nicht aktualisiert.",
        "4 mis à jour, 2 nouvellement installés, 0 à enlever et 0 non mis à jour.",
        "升级了 4 个软件包，新安装了 2 个软件包，要卸载 0 个软件包，有 0 个软件包未被升级。",
        "アップグレード: 4 個、新規インストール: 2 個、削除: 0 個、保留: 0 個。",
        "обновлено 4, установлено 2 новых пакетов, для удаления отмечено 0 пакетов, и 0 "
        "пакетов не обновлено.",
    ],
)
def test_apt_summary_line_in_other_languages(summary: str) -> None:
    counts = parse_apt_simulation(UBUNTU.replace(SUMMARY, summary))
    assert counts is not None and (counts.pending, counts.security) == (6, 5)
    wrong = summary.replace("4", "5", 1)
    assert parse_apt_simulation(UBUNTU.replace(SUMMARY, wrong)) is None


def test_apt_quiet_output_without_a_summary_line() -> None:
    counts = parse_apt_simulation(f("apt_debian12_sqq.txt"))
    assert counts is not None and (counts.pending, counts.security) == (143, 92)


def test_apt_quiet_output_cut_short_is_not_fewer_updates() -> None:
    text = f("apt_debian12_sqq.txt")
    lines = text.splitlines()
    # Cut between an Inst and its Conf: an installed package is never configured.
    cut = "\n".join(lines[: len(lines) // 2 - 1]) + "\n"
    assert parse_apt_simulation(cut) is None
    assert parse_apt_simulation(text + "E: Sub-process returned an error code\n") is None
    assert parse_apt_simulation("") is None
    counts = parse_apt_simulation("", quiet=True)
    assert counts is not None and counts.pending == 0


# --- apt on a machine -------------------------------------------------------------------------


def apt_machine(
    simulation: str,
    lists: str = "debian12_lists_before_update.txt",
    sources: str | None = "debian12_debian.sources",
    sources_mtime: int = ns(20),
    lists_mtime: int = ns(25),
) -> FakeHost:
    names = [n for n in f(lists).split() if n not in ("partial", "auxfiles", "lock")]
    files = {f"{APT_LISTS}/{n}": "" for n in names}
    stats = {f"{APT_LISTS}/{n}": FileStat(1, lists_mtime) for n in names}
    if sources is not None:
        files[DEBIAN_SOURCES] = f(sources)
        stats[DEBIAN_SOURCES] = FileStat(443, sources_mtime)
    return FakeHost(
        system="linux",
        commands={APT: simulation, APT_CONFIG: f("apt_config_periodic_unset.txt")},
        files=files,
        stats=stats,
        dirs={SOURCES_DIR, f"{APT_LISTS}/partial"},
    )


def assess(host: FakeHost) -> ProbeOutcome:
    return os_updates.assess(host, NOW)


def test_before_the_first_update_of_the_security_list_zero_security_is_unknown() -> None:
    """This machine before `apt update`: bookworm-security configured, its list missing."""
    out = assess(apt_machine(f("apt_debian12_security_list_missing.txt")))
    assert "pending_security_updates" not in out.facts
    why = out.why_unknown("pending_security_updates").get("en")
    assert "debian-security bookworm-security" in why and "apt update" in why
    # The 106 upgrades apt does see are waiting: at least that many.
    assert out.facts["pending_updates"] == 106


def test_after_the_update_both_counts_are_known() -> None:
    host = apt_machine(f("apt_debian12_sqq.txt"), lists="debian12_lists_after_update.txt")
    host.commands = {**host.commands, APT: f("apt_debian12_sqq.txt")}
    out = assess(host)
    assert (out.facts["pending_updates"], out.facts["pending_security_updates"]) == (143, 92)


def test_no_security_archive_configured_means_security_unknown() -> None:
    only_main = "Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm\n"
    host = apt_machine(f("apt_debian12_security_list_missing.txt"), sources=None)
    host.files = {**host.files, DEBIAN_SOURCES: only_main}
    out = assess(host)
    assert out.facts["pending_updates"] == 106
    assert "pending_security_updates" not in out.facts
    assert "security archive" in out.why_unknown("pending_security_updates").get("en")


def test_sources_changed_after_the_last_update_mean_zero_is_unknown() -> None:
    host = apt_machine(
        "0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n",
        lists="debian12_lists_after_update.txt",
        sources_mtime=ns(28),
        lists_mtime=ns(25),
    )
    out = assess(host)
    assert "pending_updates" not in out.facts and "pending_security_updates" not in out.facts
    assert "changed after" in out.why_unknown("pending_updates").get("en")


def test_an_unreadable_sources_file_leaves_zero_unknown() -> None:
    host = apt_machine(
        "0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n",
        lists="debian12_lists_after_update.txt",
        sources=None,
    )
    host.unreadable = [DEBIAN_SOURCES]
    out = assess(host)
    assert "pending_security_updates" not in out.facts
    assert "cannot be read" in out.why_unknown("pending_security_updates").get("en")


def test_one_line_sources_list_is_read_too() -> None:
    host = apt_machine(f("apt_debian12_security_list_missing.txt"), sources=None)
    host.files = {
        **host.files,
        SOURCES_LIST: "deb http://deb.debian.org/debian-security bookworm-security main\n",
    }
    out = assess(host)
    assert "pending_security_updates" not in out.facts
    assert "bookworm-security" in out.why_unknown("pending_security_updates").get("en")


# --- dnf and zypper -------------------------------------------------------------------------

DNF = "dnf -q -C check-update"
DNF_SEC = "dnf -q -C updateinfo list --security"
DNF_REPO = "/var/cache/dnf/appstream-0a1b2c3d4e5f6a7b"


def dnf_machine(metadata: list[str], refreshed: int = ns(30)) -> FakeHost:
    files = {f"{DNF_REPO}/repodata/{name}": "" for name in metadata}
    return FakeHost(
        system="linux",
        commands={DNF: Reply(f("dnf4_check_update.txt"), code=100), DNF_SEC: ""},
        files=files,
        stats={DNF_REPO: FileStat(0, refreshed, True)},
        tools={"systemctl"},
    )


def test_dnf_zero_security_without_any_advisories_is_unknown() -> None:
    """CentOS-style repositories publish no updateinfo: dnf then always says 0."""
    out = assess(dnf_machine(["repomd.xml", "primary.xml.gz"]))
    assert out.facts["pending_updates"] == 4
    assert "pending_security_updates" not in out.facts
    assert "security advisories" in out.why_unknown("pending_security_updates").get("en")
    out = assess(dnf_machine(["repomd.xml", "updateinfo.xml.gz"]))
    assert out.facts["pending_security_updates"] == 0


def test_dnf_metadata_weeks_old_cannot_vouch_for_zero() -> None:
    host = dnf_machine(["updateinfo.xml.gz"], refreshed=ns(1))
    host.commands = {**host.commands, DNF: Reply("", code=0)}
    out = assess(host)
    assert "pending_updates" not in out.facts
    assert "too old" in out.why_unknown("pending_updates").get("en")


EMPTY_PATCHES = (
    '<?xml version="1.0"?><stream><update-status version="0.6"><update-list/>'
    "</update-status></stream>"
)


def test_zypper_security_patches_listed_with_all() -> None:
    assert parse_zypper_security(f("zypper_list_patches_security.xml")) == (1, 2)
    assert parse_zypper_security(EMPTY_PATCHES) == (0, 0)
    assert parse_zypper_security("oops") is None


def test_zypper_repositories_without_patches_leave_security_unknown() -> None:
    zypper = "zypper --non-interactive --no-refresh --xmlout"
    empty = EMPTY_PATCHES
    raw = "/var/cache/zypp/raw/repo-oss"
    host = FakeHost(
        system="linux",
        commands={
            f"{zypper} list-updates": f("zypper_list_updates.xml"),
            f"{zypper} list-patches --all --category security": empty,
        },
        files={f"{raw}/repodata/repomd.xml": ""},
        stats={raw: FileStat(0, ns(30), True)},
    )
    out = assess(host)
    assert out.facts["pending_updates"] == 2
    assert "no security patches" in out.why_unknown("pending_security_updates").get("en")


DNF5_PREAMBLE = (
    "Updating and loading repositories:\n"
    " Fedora 44 - x86_64 - Updates          100% |  41.5 KiB/s |  24.3 KiB |  00m01s\n"
    " Fedora 44 - x86_64                    100% |  57.0 KiB/s |  28.2 KiB |  00m00s\n"
    "Repositories loaded.\n"
)


def test_dnf5_repository_loading_block_on_stdout_is_skipped() -> None:
    text = DNF5_PREAMBLE + fixture("os_updates/dnf5_check_update.txt")
    assert parse_dnf_check_update(text) == parse_dnf_check_update(
        fixture("os_updates/dnf5_check_update.txt")
    )
    sec = DNF5_PREAMBLE + fixture("os_updates/dnf5_updateinfo_security.txt")
    assert parse_dnf_security(sec) == parse_dnf_security(
        fixture("os_updates/dnf5_updateinfo_security.txt")
    )


def test_dnf5_loading_block_cut_short_is_not_read() -> None:
    text = "Updating and loading repositories:\n Fedora 44 - x86_64   45% | 1 KiB/s\n"
    assert parse_dnf_check_update(text) is None
    assert parse_dnf_security(text) is None
