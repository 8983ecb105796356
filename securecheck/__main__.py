"""`python -m securecheck`."""

from securecheck.cli import run

raise SystemExit(run())
