"""`python -m securecheck`."""

from securecheck.cli import main

raise SystemExit(main())
