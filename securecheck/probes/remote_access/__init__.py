"""The remote_access probe: remote-control apps running, set for unattended access, installed.

`DECLARATION` is what rules may ask of it (read without loading the runner); `runner` reads
the machine, `parsers` turns what it read into facts. Each fact is a list of app names from
the shipped catalogue (`data/remote_access.yaml`).
"""

from __future__ import annotations

from securecheck.probes.facts import Fact, ProbeDeclaration

DECLARATION = ProbeDeclaration(
    name="remote_access",
    facts=(
        Fact.strings("running"),
        Fact.strings("unattended"),
        Fact.strings("installed"),
    ),
)
