"""The firewall probe: whether a firewall filters incoming traffic.

`DECLARATION` is what rules may ask of it (read without loading the runner); `runner` reads
the machine, `parsers` turns what it read into facts.
"""

from __future__ import annotations

from securecheck.probes.facts import Fact, ProbeDeclaration

DECLARATION = ProbeDeclaration(
    name="firewall",
    facts=(
        Fact.boolean("enabled"),
        Fact.text("product"),
    ),
)
