"""`python -m desk` and the installer's entry point."""

import sys

from desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
