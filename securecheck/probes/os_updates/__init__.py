"""The os_updates probe: pending and security updates, and whether the OS updates itself.

`DECLARATION` is what rules may ask of it (read without loading the runner); `runner` reads
the machine, `parsers` turns what it read into facts.
"""

from __future__ import annotations

from securecheck.probes.facts import Fact, ProbeDeclaration

DECLARATION = ProbeDeclaration(
    name="os_updates",
    facts=(
        Fact.integer("pending_updates"),
        Fact.integer("pending_security_updates"),
        Fact.boolean("automatic_updates"),
        Fact.text("package_manager"),
    ),
)
