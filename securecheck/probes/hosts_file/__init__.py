"""The hosts_file probe: hosts-file entries that redirect exchange, wallet or bank domains.

`DECLARATION` is what rules may ask of it (read without loading the runner); `runner` reads
the machine, `parsers` turns what it read into facts.
"""

from __future__ import annotations

from securecheck.probes.facts import Fact, ProbeDeclaration

DECLARATION = ProbeDeclaration(
    name="hosts_file",
    facts=(
        Fact.strings("hijacked_domains"),
        Fact.integer("hijack_count"),
        Fact.integer("entries_checked"),
    ),
)
