"""A desk process for the SIGKILL test: takes one-cent payments and pushes now and then.

    python -m tests.sync.kill_worker DB CENTRAL_URL TARGET

It logs in as the demo cashier (reusing the open shift after a restart), and
until the desk holds TARGET payments of its own it takes a payment, prints
"paid N", and after every seventh prints "pushing" and pushes. The test kills
it with SIGKILL after a random line and starts it again.
"""

from __future__ import annotations

import sys

from sqlalchemy import func, select

from desk.models.db import open_database
from desk.models.tables import Payment
from desk.money import Money
from desk.services.payments import Tender, take_payment
from desk.services.shifts import current_shift, open_shift
from desk.services.users import DEMO_PASSWORD, log_in
from desk.sync.central import CentralDatabase
from desk.sync.replication import push
from tests.desk_fixtures import NOON, PAYER
from tests.sync.two_desks import BILL


def main(db_path: str, url: str, target: int) -> int:
    local = open_database(db_path, upgrade=False)
    central = CentralDatabase(url)
    result, ctx = log_in(local, "kasier1", DEMO_PASSWORD, "K1", NOON)
    assert result.ok and ctx is not None
    if current_shift(local, ctx) is None:
        open_shift(local, ctx, Money(0), NOON)
    while True:
        with local.read() as session:
            held = session.scalar(
                select(func.count()).select_from(Payment).where(Payment.desk_id == ctx.desk_id)
            )
        if held is not None and held >= target:
            return 0
        cent = Money(1)
        take_payment(local, ctx, PAYER, {BILL: cent}, Tender(card=cent), cent, NOON)
        print("paid", (held or 0) + 1, flush=True)
        if ((held or 0) + 1) % 7 == 0:
            print("pushing", flush=True)
            push(local, central, batch=3)
            print("pushed", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
