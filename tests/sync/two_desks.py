"""Two pay desks, K1 and K2, joined to a real central database.

The central database gets the on-time scenario (one punctual payer with a
current bill), the demo users and the two desks with their roles; each desk
is an empty SQLite file that takes its first replica through its own role,
as `desk join` does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from desk.models.db import Database
from desk.money import Money
from desk.services.context import DeskContext
from desk.services.importer import import_data
from desk.services.payments import PaymentDone, Tender, take_payment
from desk.services.shifts import open_shift
from desk.services.users import DEMO_PASSWORD, ensure_demo_users, log_in
from desk.sync.approval_keys import set_demo_keys
from desk.sync.central import CentralDatabase, role_url
from desk.sync.desks import add_desk
from desk.sync.replication import first_replica
from tests.conftest import SHARED
from tests.db_templates import migrated_database
from tests.desk_fixtures import NOON, PAYER

BILL = "0000000003"  # the punctual payer's current bill: 96.35, 93.46 after 3%


@dataclass
class JoinedDesk:
    code: str
    local: Database
    central: CentralDatabase  # connected as the desk's own role

    def log_in(self, username: str = "kasier1") -> DeskContext:
        result, ctx = log_in(self.local, username, DEMO_PASSWORD, self.code, NOON)
        assert result.ok and ctx is not None
        return ctx

    def on_shift(self, username: str = "kasier1") -> DeskContext:
        ctx = self.log_in(username)
        open_shift(self.local, ctx, Money(0), NOON)
        return ctx

    def pay_bill(self, ctx: DeskContext, cents: int = 9346) -> PaymentDone:
        return take_payment(
            self.local, ctx, PAYER, {BILL: None}, Tender(card=Money(cents)), Money(cents), NOON
        )

    def close(self) -> None:
        self.central.close()
        self.local.close()


def load_central(central: CentralDatabase, keys: bool = True) -> None:
    scenario = json.loads(
        (SHARED / "scenarios" / "commercial_discount_on_time.json").read_text("utf-8")
    )
    import_data(central, scenario["data"])
    ensure_demo_users(central)  # type: ignore[arg-type]
    if keys:  # the keys their changes at desks are signed with (central c0009 on)
        set_demo_keys(central)


def join(central: CentralDatabase, code: str, folder: Path) -> JoinedDesk:
    account = add_desk(central, code, f"Каса {code[1:]}")
    as_desk = CentralDatabase(role_url(central.url, account.role, account.password))
    local = migrated_database(folder / f"{code.lower()}.sqlite")
    first_replica(local, as_desk, code)
    return JoinedDesk(code, local, as_desk)
