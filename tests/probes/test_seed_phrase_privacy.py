"""The recovery-phrase canary: the words of a phrase found on disk appear in no output.

(The same audit also proves a fake MetaMask in a Chromium profile fails browser.extensions.)

A fake home holds a checksum-valid English phrase in Documents/notes.txt and a Chinese one
beside it; the installed CLI audits it in every report format, records its history and
caches its facts; the probe also runs in-process with every log line captured. The phrase's
words (English, as whole words; Chinese, as characters) must be in none of it, while the
finding itself (file and word count) is."""

from __future__ import annotations

import json
import logging
import re

import jsonschema
import pytest
from conftest import Home, write
from mnemonic import Mnemonic

from securecheck.core.validation import load_schema
from securecheck.probes.gather import run_probe
from securecheck.probes.seed_phrase_files.runner import SPEC
from securecheck.probes.system import SystemHost

PHRASE = "zebra walnut vapor umbrella tuna squirrel rhythm quiz pudding oyster jaguar panda"
# Chosen so that none of its characters is in an English report by chance.
HANS = Mnemonic("chinese_simplified").to_mnemonic(bytes(range(16)))


def leaks(text: str) -> list[str]:
    english = [w for w in PHRASE.split() if re.search(rf"(?i)\b{w}\b", text)]
    chinese = [c for c in HANS.split() if c in text]
    return english + chinese


@pytest.fixture
def seeded(home: Home) -> Home:
    write(home.root / "Documents" / "notes.txt", f"todo: call the bank\n{PHRASE}\n")
    write(home.root / "Documents" / "zh-notes.txt", f"备份\n{HANS}\n")
    # And a Chromium profile with an extension named "MetaMask" under a foreign id.
    fake = home.root / ".config/chromium/Default/Extensions" / ("ab" * 16) / "1.0_0"
    write(fake / "manifest.json", '{"name": "MetaMask", "version": "1.0"}')
    return home


@pytest.mark.usefixtures("shared_facts")
def test_no_word_of_a_found_phrase_is_in_any_output(cli, seeded: Home) -> None:  # type: ignore[no-untyped-def]
    outputs: dict[str, str] = {}
    for fmt in ("json", "text", "markdown", "ndjson"):
        run = cli("audit", "--format", fmt, "--lang", "en")
        assert run.code in (0, 1), run.stderr
        outputs[f"audit {fmt}"] = run.stdout
        outputs[f"audit {fmt} stderr"] = run.stderr
    report = json.loads(outputs["audit json"])
    jsonschema.validate(report, load_schema("report.schema.json"))
    result = next(r for r in report["results"] if r["id"] == "wallet.seed_phrase_files")
    assert result["status"] == "fail"
    assert "~/Documents/notes.txt (12 words)" in result["message"]
    assert "~/Documents/zh-notes.txt (12 words)" in result["message"]
    browser = next(r for r in report["results"] if r["id"] == "browser.extensions")
    assert browser["status"] == "fail" and f"MetaMask ({'ab' * 16})" in browser["message"]
    assert r"\~\/Documents\/notes\.txt \(12 words\)" in outputs["audit markdown"]
    assert "~/Documents/notes.txt" in outputs["audit text"]
    for command in (("history",), ("facts", "--format", "json"), ("facts",)):
        run = cli(*command, "--lang", "en")
        outputs[" ".join(command)] = run.stdout + run.stderr
    for path in seeded.files():
        if "Documents" not in path.parts:  # the history, the fact cache, settings, ids
            outputs[str(path)] = path.read_text(encoding="utf-8", errors="replace")
    found = {name: leaks(text) for name, text in outputs.items() if leaks(text)}
    assert not found, f"phrase words leaked: {found}"


def test_no_word_is_logged_or_kept_in_the_outcome(
    seeded: Home, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("HOME", str(seeded.root))
    caplog.set_level(logging.DEBUG)
    outcome = run_probe(SPEC, SystemHost())
    assert outcome.facts["found"] == ["~/Documents/notes.txt (12)", "~/Documents/zh-notes.txt (12)"]
    kept = repr(outcome) + caplog.text
    assert not leaks(kept)


@pytest.mark.usefixtures("shared_facts")
def test_the_chinese_canary_is_not_in_an_english_report_anyway(cli, home: Home) -> None:  # type: ignore[no-untyped-def]
    # Without the files, the same outputs hold none of the canary's words: the test above
    # would see a leak, not a coincidence.
    run = cli("audit", "--format", "json", "--lang", "en")
    assert not leaks(run.stdout)
