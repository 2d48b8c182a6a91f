"""A sending process for the SIGKILL test: e-mails the cards due, four a chunk.

    python -m tests.email_kill_worker DB

It logs in as the demo clerk and runs ``send_cards`` with the settings the test
stored; the test's mail server kills it with SIGKILL at a chosen recipient, and
the test runs it again to finish the batch. Prints "sent N" at the end.
"""

from __future__ import annotations

import sys
from datetime import datetime

from desk.models.db import open_database
from desk.services import email_cards
from desk.services.users import DEMO_PASSWORD, log_in
from tests.email_helpers import NOW, TODAY


def main(db_path: str) -> int:
    email_cards.CHUNK = 4  # several chunks in a small demo: a kill cuts one midway
    db = open_database(db_path, upgrade=False)
    result, ctx = log_in(db, "sluzhitel", DEMO_PASSWORD, "K1", NOW)
    assert result.ok and ctx is not None

    def clock() -> datetime:
        return NOW

    done = email_cards.send_cards(db, ctx, TODAY, clock)
    print("sent", done.sent, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
