"""The screen_lock probe: whether the screen locks itself when idle.

`DECLARATION` is what rules may ask of it (read without loading the runner); `runner` reads
the machine, `parsers` turns what it read into facts.
"""

from __future__ import annotations

from securecheck.probes.facts import Fact, ProbeDeclaration

DECLARATION = ProbeDeclaration(
    name="screen_lock",
    facts=(
        Fact.boolean("enabled"),
        Fact.integer("idle_delay_s"),
    ),
)
