"""``python -m tests.replica <command>``: see tests/replica/cli.py."""

from tests.replica.cli import main

raise SystemExit(main())
