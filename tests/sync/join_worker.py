"""A `desk join` that is killed mid-copy: the resume test's subprocess.

    python -m tests.sync.join_worker DB DESK_URL CODE KILL_AT

Copies in pages of seven rows and sends itself SIGKILL once KILL_AT rows are
in (nothing is cleaned up, as when the power or the process goes).
"""

from __future__ import annotations

import os
import signal
import sys

from desk.models.db import open_database
from desk.sync import first_replica as replica
from desk.sync.central import CentralDatabase
from tests.sync.joining import TODAY


def main(db_path: str, url: str, code: str, kill_at: int) -> int:
    replica.PAGE = 7

    def progress(done: int, _total: int) -> None:
        if done >= kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    local = open_database(db_path)
    replica.first_replica(local, CentralDatabase(url), code, progress, today=TODAY)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))
