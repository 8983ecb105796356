"""The os_supported probe: whether this OS release still gets security updates.

`DECLARATION` is what rules may ask of it (read without loading the runner); `runner` reads
the machine, `parsers` turns what it read into facts.
"""

from __future__ import annotations

from securecheck.probes.facts import Fact, ProbeDeclaration

DECLARATION = ProbeDeclaration(
    name="os_supported",
    facts=(
        Fact.text("os_name"),
        Fact.text("os_version"),
        Fact.boolean("supported"),
        Fact.date("eol_date"),
        Fact.text("data_source"),
    ),
)
