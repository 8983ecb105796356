"""The antivirus probe: malware protection: present, on, current.

`DECLARATION` is what rules may ask of it (read without loading the runner); `runner` reads
the machine, `parsers` turns what it read into facts.
"""

from __future__ import annotations

from securecheck.probes.facts import Fact, ProbeDeclaration

DECLARATION = ProbeDeclaration(
    name="antivirus",
    facts=(
        Fact.boolean("present"),
        Fact.boolean("enabled"),
        Fact.boolean("realtime"),
        Fact.integer("signatures_age_days"),
        Fact.boolean("auto_update"),
        Fact.text("product"),
    ),
)
