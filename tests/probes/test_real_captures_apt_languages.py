"""apt-get -s dist-upgrade captured on the build machine (Debian 12) in ten display languages
(LANGUAGE=xx): apt translates the summary sentence, never the Inst/Conf lines; every language
reads the same counts. See tests/fixtures/os_updates/SOURCES.md."""

from __future__ import annotations

import pytest
from fakehost import fixture

from securecheck.probes.os_updates.apt import parse_apt_simulation

CAPTURED = ("C", "de", "ja", "zh_CN")
# The summary line of the same run in the other languages (LANGUAGE=fr, ru, es, pt_BR, it, ko).
SUMMARIES = {
    "fr": "127 mis à jour, 0 nouvellement installés, 0 à enlever et 0 non mis à jour.",
    "ru": (
        "Обновлено 127 пакетов, установлено 0 новых пакетов, для удаления отмечено 0 пакетов, "
        "и 0 пакетов не обновлено."
    ),
    "es": "127 actualizados, 0 nuevos se instalarán, 0 para eliminar y 0 no actualizados.",
    "pt_BR": (
        "127 pacotes atualizados, 0 pacotes novos instalados, 0 a serem removidos e "
        "0 não atualizados."
    ),
    "it": "127 aggiornati, 0 installati, 0 da rimuovere e 0 non aggiornati.",
    "ko": "127개 업그레이드, 0개 새로 설치, 0개 제거 및 0개 업그레이드 안 함.",
}


@pytest.mark.parametrize("lang", CAPTURED)
def test_captured_apt_simulation_reads_the_same_in_every_language(lang: str) -> None:
    counts = parse_apt_simulation(fixture(f"os_updates/apt_debian12_dist_upgrade_lang_{lang}.txt"))
    assert counts is not None
    assert (counts.pending, counts.security) == (127, 85)


@pytest.mark.parametrize("lang", sorted(SUMMARIES))
def test_translated_summary_line_agrees_with_the_inst_lines(lang: str) -> None:
    english = fixture("os_updates/apt_debian12_dist_upgrade_lang_C.txt")
    lines = [line for line in english.splitlines() if not line.startswith("127 upgraded")]
    counts = parse_apt_simulation("\n".join([*lines, SUMMARIES[lang]]) + "\n")
    assert counts is not None
    assert (counts.pending, counts.security) == (127, 85)


@pytest.mark.parametrize("lang", sorted(SUMMARIES))
def test_translated_summary_with_a_wrong_count_is_refused(lang: str) -> None:
    english = fixture("os_updates/apt_debian12_dist_upgrade_lang_C.txt")
    lines = [line for line in english.splitlines() if not line.startswith("127 upgraded")]
    summary = SUMMARIES[lang].replace("127", "128")
    assert parse_apt_simulation("\n".join([*lines, summary]) + "\n") is None


def test_apt_sqq_sample_from_jc_counts_each_package_once() -> None:
    # kellyjonbrazil/jc tests/fixtures/generic/apt_get_sqq--sample.out (Debian 10): the same
    # package's Inst line appears three times; it is one pending update, a security one.
    counts = parse_apt_simulation(fixture("os_updates/apt_sqq_debian10_jc.txt"), quiet=True)
    assert counts is not None
    assert (counts.pending, counts.security) == (2, 1)
