"""The disk_encryption probe: whether the system disk is encrypted.

`DECLARATION` is what rules may ask of it (read without loading the runner); `runner` reads
the machine, `parsers` turns what it read into facts.
"""

from __future__ import annotations

from securecheck.probes.facts import Fact, ProbeDeclaration

DECLARATION = ProbeDeclaration(
    name="disk_encryption",
    facts=(
        Fact.boolean("system_encrypted"),
        Fact.text("method"),
    ),
)
