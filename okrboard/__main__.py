"""``python -m okrboard``."""

from okrboard.cli import main

raise SystemExit(main())
