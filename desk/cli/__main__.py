"""``python -m desk.cli``, as before desk.cli became a package (``python -m desk`` too)."""

import sys

from desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
