"""The browser_extensions probe: known-malicious or impostor wallet extensions.

`DECLARATION` is what rules may ask of it (read without loading the runner); `runner` finds
the Chrome, Chromium, Edge, Brave and Firefox profiles, `parsers` reads their extension
manifests and judges them against the shipped lists. Findings read `"Name (id)"`.
"""

from __future__ import annotations

from securecheck.probes.facts import Fact, ProbeDeclaration

DECLARATION = ProbeDeclaration(
    name="browser_extensions",
    facts=(
        Fact.strings("malicious"),
        Fact.strings("impostors"),
        Fact.integer("profiles_read"),
        Fact.integer("extensions_checked"),
    ),
)
