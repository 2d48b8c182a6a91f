"""Push, pull and the first replica between a desk's SQLite file and the central database.

One module each: desk.sync.push, desk.sync.pull, desk.sync.first_replica and
desk.sync.compaction, with what they share in desk.sync.exchange; this module
names the whole for its callers.

Push: the outbox (filled in the same transaction as the row it names: by
triggers for money, shifts, contact changes and cards, migration 0004; by the
information centre's services for the payers, tenures, moved bills, plans and
agreements they make, desk.services.desk_rows; by desk.services.users for the
users a supervisor makes or changes) is sent in batches, oldest first. The central side
inserts with the desk's UUIDs and ignores rows it already has, so sending a
batch twice (the desk did not hear the commit) changes nothing; only after the
central commit does the desk clear those outbox rows. At-least-once delivery,
exactly-once effect. A batch holds nothing another desk waits for while this
desk makes its round trips: the paid-twice check, which takes the bills' locks,
is its last statement before the commit (fifty desks at once, bench.desks50).

Pull: the central change sequence (migration c0002) numbers committed
transactions in commit order; the desk keeps the (sequence, change id) it has
applied up to and asks for what comes after, in pages, each applied in one
local transaction together with the new position. Rows are read as SQLite
stores them (as the first replica copies them) and written with the driver's
executemany, nothing converted row by row on the way.

First replica: every replicated table copied in one REPEATABLE READ snapshot,
and the position of that snapshot in the change sequence, so the first pull
starts exactly where the copy ended.

A restored or copied file (issue 14, migration c0007): every push names the
lineage token of this file's last acknowledged push and a new one; the central
database tells a file that missed pushes of another file of the same desk
("diverged": a restored backup, a copy run beside the original), takes its
rows all the same and puts it on the supervisors' list. Receipt numbers stay
unique per desk there: a number another file of the desk already gave is
replaced by a fresh one (recorded there, and here in the audit log), and the
desk moves its series past the highest number held centrally. The pull brings
in the shifts, payments and receipts another file of this desk pushed. A file
copied or restored since its last sync takes no payment before one
(desk.services.file_identity).
"""

from desk.services.desk_identity import CID_KEY, PULLED_AT, PUSHED_AT, SEQ_KEY, sync_moment
from desk.sync.compaction import compact_change_log
from desk.sync.exchange import (
    LINEAGE,
    PULLED,
    PUSHED,
    PullResult,
    Quoted,
    ReplicaRefused,
    last_sync,
    position,
    queued,
    update_setting,
)
from desk.sync.first_replica import first_replica
from desk.sync.pull import pending_changes, pull
from desk.sync.push import PushResult, push, push_audit

__all__ = [
    "CID_KEY",
    "LINEAGE",
    "PULLED",
    "PULLED_AT",
    "PUSHED",
    "PUSHED_AT",
    "SEQ_KEY",
    "PullResult",
    "PushResult",
    "Quoted",
    "ReplicaRefused",
    "compact_change_log",
    "first_replica",
    "last_sync",
    "pending_changes",
    "position",
    "pull",
    "push",
    "push_audit",
    "queued",
    "sync_moment",
    "update_setting",
]
