"""Probes: read-only facts about this machine, gathered once per audit, concurrently.

- `registry`: which probes exist, their declarations (`facts`), their runners on demand;
- `gather`: running them under one deadline;
- `host`: the one way a probe touches the machine (commands, files);
- one package per probe: `DECLARATION` in its `__init__`, a pure `parsers` module and a thin
  `runner`; `platform/` holds what several probes share per OS.

This package imports nothing itself, so loading a declaration loads no runner.
"""
