"""The change log's compaction: what every joined desk has pulled is forgotten.

Its own module (issue 17): push, pull, the first replica and compaction are one
module each, named together by desk.sync.replication.
"""

from __future__ import annotations

from sqlalchemy import text

from desk.sync.central import CentralDatabase


def compact_change_log(central: CentralDatabase) -> int:
    """Forget the changes every joined desk has pulled; the number of log rows removed.

    A desk that joined reported the sequence of its replica, and each pull
    reports how far it got (desk_sync); changes at or below the lowest of those
    are needed by no desk, and a desk that joins later takes a first replica.
    A desk that joined but stopped syncing holds the log back: retire it
    (delete its desk_sync row) to let the log shrink.
    """
    with central.write() as session:
        lowest = session.scalar(text("SELECT min(pulled_seq) FROM desk_sync"))
        if lowest is None:
            return 0
        removed = session.scalar(
            text(
                "WITH gone AS (DELETE FROM change_log c USING change_txn t "
                "WHERE c.xid = t.xid AND t.seq <= :s RETURNING 1) SELECT count(*) FROM gone"
            ),
            {"s": lowest},
        )
        session.execute(text("DELETE FROM change_txn WHERE seq <= :s"), {"s": lowest})
        return int(removed or 0)
