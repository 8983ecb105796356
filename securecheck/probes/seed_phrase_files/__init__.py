"""The seed_phrase_files probe: wallet recovery phrases kept in plain files.

`DECLARATION` is what rules may ask of it (read without loading the runner); `runner` walks
the folders where people keep notes, `matcher` finds checksum-valid BIP39 phrases in text.
A finding is a file (home shown as `~`) and the phrase's word count: `"~/notes.txt (12)"`.
The words themselves are never part of any fact, reason or source.
`not_scanned` lists what a limit left out, as `kind:count` (`too_large:3`, `time_budget:1`).
"""

from __future__ import annotations

from securecheck.probes.facts import Fact, ProbeDeclaration

DECLARATION = ProbeDeclaration(
    name="seed_phrase_files",
    facts=(
        Fact.strings("found"),
        Fact.integer("files_scanned"),
        Fact.strings("not_scanned"),
    ),
)
