"""The wifi probe: the WiFi connection and how it is protected.

`DECLARATION` is what rules may ask of it (read without loading the runner); `runner` reads
the machine, `parsers` turns what it read into facts.
"""

from __future__ import annotations

from securecheck.probes.facts import Fact, ProbeDeclaration

DECLARATION = ProbeDeclaration(
    name="wifi",
    facts=(
        Fact.boolean("connected"),
        Fact.enum("security", ("open", "owe", "wep", "wpa", "wpa2", "wpa3", "enterprise")),
        Fact.text("ssid"),
    ),
)
