"""What a clerk records at an information centre reaches the central database and
the pay desks: agreements, plans, changes of holder, returned blank cards.

Two desks joined to a real PostgreSQL holding court_case_and_final_warning: an
information centre IC1 and a pay desk K1, each an SQLite file with its replica.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import DBAPIError

from desk.billing.quote import Quote, quote
from desk.models.db import open_database
from desk.models.tables import Outbox
from desk.money import Money
from desk.services.accounts import load_account
from desk.services.agreements import AgreementDone, create_agreement
from desk.services.contacts import ContactValues, change_contacts, payer_contacts
from desk.services.desk_rows import block_of
from desk.services.importer import import_data
from desk.services.payments import Tender, take_payment
from desk.services.plans import enrol_plan
from desk.services.survey_cards import issue_cards
from desk.services.tenure import NewPayer, change_holder
from desk.services.users import ensure_demo_users
from desk.sync.approval_keys import set_demo_keys
from desk.sync.central import CentralDatabase, role_url
from desk.sync.desks import add_desk
from desk.sync.replication import first_replica, pull, push, queued
from tests.conftest import SHARED
from tests.desk_fixtures import NOON
from tests.sync.two_desks import JoinedDesk

WARNED = "4000000127"  # two overdue bills (40.00, 35.00) under a final warning
SELLER = "4000000119"  # holds 1000011; bill 0000000004 for 2026-10, untouched
BUYER = NewPayer("person", "Мария Иванова Петрова", "7523169263")


def join_as(central: CentralDatabase, code: str, kind: str, folder: Path) -> JoinedDesk:
    account = add_desk(central, code, f"Място {code}", kind)
    as_desk = CentralDatabase(role_url(central.url, account.role, account.password))
    local = open_database(folder / f"{code.lower()}.sqlite")
    first_replica(local, as_desk, code)
    return JoinedDesk(code, local, as_desk)


@pytest.fixture
def desks(central: CentralDatabase, tmp_path: Path) -> Iterator[tuple[JoinedDesk, JoinedDesk]]:
    scenario = SHARED / "scenarios" / "court_case_and_final_warning.json"
    import_data(central, json.loads(scenario.read_text("utf-8"))["data"])
    ensure_demo_users(central)  # type: ignore[arg-type]
    set_demo_keys(central)  # the keys their changes at desks are signed with
    ic1 = join_as(central, "IC1", "info_centre", tmp_path)
    k1 = join_as(central, "K1", "pay_desk", tmp_path)
    yield ic1, k1
    ic1.close()
    k1.close()


def sync(*desks: JoinedDesk) -> None:
    for desk in desks:
        push(desk.local, desk.central)
    for desk in desks:
        pull(desk.local, desk.central)


def quote_at(desk: JoinedDesk, payer_code: str) -> Quote:
    with desk.local.read() as session:
        account = load_account(session, payer_code)
    assert account is not None
    return quote(account, NOON.date())


def rows(database: Any, sql: str, **params: object) -> list[tuple[Any, ...]]:
    with database.read() as session:
        return [tuple(r) for r in session.execute(text(sql), params)]


def make_agreement(ic1: JoinedDesk) -> AgreementDone:
    return create_agreement(
        ic1.local,
        ic1.log_in("sluzhitel"),
        WARNED,
        ["0000000005", "0000000006"],
        None,
        3,
        10,
        NOON,
    )


def test_an_agreement_made_at_the_centre_is_paid_at_the_pay_desk_once_everywhere(
    central: CentralDatabase, desks
) -> None:
    ic1, k1 = desks
    done = make_agreement(ic1)
    # The agreement, its two covers and three installments, queued with them.
    assert queued(ic1.local) == 6
    sync(ic1, k1)
    assert queued(ic1.local) == 0

    offered = quote_at(k1, WARNED)
    first = f"{done.id}/1"
    assert [(e.item, e.balance.plain()) for e in offered.items if e.kind == "agreement"] == [
        (f"{done.id}/{n}", "25.00") for n in (1, 2, 3)
    ]
    cashier = k1.on_shift()
    take_payment(
        k1.local, cashier, WARNED, {first: None}, Tender(cash=Money(2500)), Money(2500), NOON
    )
    sync(k1, ic1)

    ids = rows(
        central,
        "SELECT i.id FROM agreement_installment i WHERE i.agreement_id = :a ORDER BY i.seq",
        a=done.id,
    )
    low, high = block_of(rows(central, "SELECT id FROM desk WHERE code = 'IC1'")[0][0])
    assert len(ids) == 3 and all(low <= i <= high for (i,) in ids)
    assert rows(central, "SELECT count(*) FROM agreement") == [(1,)]
    assert rows(central, "SELECT count(*) FROM agreement_cover") == [(2,)]
    paid = (
        "SELECT a.installment_id, a.amount_cents FROM allocation a "
        "WHERE a.installment_id IS NOT NULL"
    )
    assert rows(central, paid) == [(ids[0][0], 2500)]
    # Both desks hold the same rows under the same ids, the payment too.
    for desk in (ic1, k1):
        assert (
            rows(
                desk.local,
                "SELECT id FROM agreement_installment WHERE agreement_id = :a ORDER BY seq",
                a=done.id,
            )
            == ids
        )
        assert rows(desk.local, paid) == [(ids[0][0], 2500)]
        assert first not in [e.item for e in quote_at(desk, WARNED).items]


def test_a_plan_and_a_change_of_holder_reach_the_pay_desk(central: CentralDatabase, desks) -> None:
    ic1, k1 = desks
    clerk = ic1.log_in("sluzhitel")
    changed = change_holder(
        ic1.local,
        clerk,
        "1000011",
        date(2026, 10, 1),
        "ownership",
        "нот. акт № 12/2026",
        NOON,
        new_payer=BUYER,
    )
    # The new payer, in good standing, enrols at once: the plan names a payer
    # that the central database learns of in the same push.
    plan = enrol_plan(ic1.local, clerk, changed.payer_code, "1000011", Money.parse("720.00"), NOON)
    assert changed.moved_invoices == ("0000000004",)
    # payer, new tenure, the ended one, the moved bill, plan
    assert queued(ic1.local) == 5
    sync(ic1, k1)

    assert rows(central, "SELECT id, first_month FROM plan") == [(plan.id, "2027-05")]
    assert rows(k1.local, "SELECT id, first_month FROM plan") == [(plan.id, "2027-05")]
    tenures = (
        'SELECT p.payer_code, t.start, t."end" FROM tenure t JOIN payer p ON p.id = t.payer_id '
        "JOIN property r ON r.id = t.property_id WHERE r.subscriber_number = '1000011' "
        "ORDER BY t.start"
    )
    want = [
        (SELLER, date(2015, 3, 1), date(2026, 9, 30)),
        (changed.payer_code, date(2026, 10, 1), None),
    ]
    assert _dated(rows(central, tenures)) == want
    assert _dated(rows(k1.local, tenures)) == want
    owner = (
        "SELECT p.payer_code FROM invoice i JOIN payer p ON p.id = i.payer_id "
        "WHERE i.number = '0000000004'"
    )
    assert rows(central, owner) == rows(k1.local, owner) == [(changed.payer_code,)]
    buyer = quote_at(k1, changed.payer_code)
    assert [(e.item, e.balance.plain()) for e in buyer.items] == [("0000000004", "55.00")]
    assert [e.item for e in quote_at(k1, SELLER).items] == ["CC-11"]
    assert rows(central, "SELECT count(*) FROM sync_issue") == [(0,)]


def _dated(found: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """SQLite gives dates as text through text(): compare as dates."""
    return [(code, _as_date(start), _as_date(end)) for code, start, end in found]


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def test_a_lost_acknowledgement_sends_everything_again_and_doubles_nothing(
    central: CentralDatabase, desks
) -> None:
    ic1, k1 = desks
    make_agreement(ic1)
    change_holder(
        ic1.local,
        ic1.log_in("sluzhitel"),
        "1000011",
        date(2026, 10, 1),
        "ownership",
        "нот. акт № 12/2026",
        NOON,
        new_payer=BUYER,
    )
    with ic1.local.read() as session:
        outbox = [
            {"tbl": o.tbl, "key": o.key, "queued_at": o.queued_at}
            for o in session.scalars(select(Outbox).order_by(Outbox.id))
        ]
    counts = (
        "SELECT (SELECT count(*) FROM payer), (SELECT count(*) FROM tenure), "
        "(SELECT count(*) FROM agreement), (SELECT count(*) FROM agreement_cover), "
        "(SELECT count(*) FROM agreement_installment), (SELECT count(*) FROM sync_issue)"
    )
    before = rows(central, counts)[0]
    first = push(ic1.local, ic1.central)
    after_first = rows(central, counts)[0]
    # The desk did not hear the commit: its outbox is as it was, and it sends again.
    with ic1.local.write() as session:
        session.execute(insert(Outbox), outbox)
    again = push(ic1.local, ic1.central)

    assert after_first == (before[0] + 1, before[1] + 1, 1, 2, 3, 0)
    assert rows(central, counts)[0] == after_first
    assert first.new["tenure_end"] == 1 and first.new["invoice_moved"] == 1
    assert sum(again.new.values()) == 0
    sync(ic1, k1)
    assert rows(k1.local, "SELECT count(*) FROM agreement_installment") == [(3,)]


def test_a_desk_inserts_only_in_its_own_block_and_ends_only_what_its_change_needs(
    central: CentralDatabase, desks
) -> None:
    ic1, k1 = desks
    done = make_agreement(ic1)
    sync(ic1, k1)
    k1_id = rows(central, "SELECT id FROM desk WHERE code = 'K1'")[0][0]
    k1_low, _ = block_of(k1_id)
    ic1_low, _ = block_of(rows(central, "SELECT id FROM desk WHERE code = 'IC1'")[0][0])
    payer_id, property_id = rows(
        central,
        "SELECT t.payer_id, t.property_id FROM tenure t JOIN property p ON p.id = t.property_id "
        "WHERE p.subscriber_number = '1000011'",
    )[0]

    def refused(sql: str, **params: object) -> str:
        with pytest.raises(DBAPIError) as caught, ic1.central.write() as session:
            session.execute(text(sql), params)
        return str(caught.value.orig)

    # A tenure in K1's block, or in billing's range.
    for forged in (k1_low + 5, 77):
        assert "row-level security" in refused(
            "INSERT INTO tenure (id, payer_id, property_id, kind, start) "
            "VALUES (:i, :p, :r, 'ownership', '2027-01-01')",
            i=forged,
            p=payer_id,
            r=property_id,
        )
    # An agreement in K1's name; an installment added to IC1's own agreement is
    # fine only in IC1's block, and never to another desk's agreement.
    assert "row-level security" in refused(
        "INSERT INTO agreement (id, payer_id, signed, down_payment_cents) "
        "VALUES ('AG-K1-20261122-1', :p, '2026-11-22', 0)",
        p=payer_id,
    )
    assert "row-level security" in refused(
        "INSERT INTO agreement_installment (id, agreement_id, seq, due, amount_cents) "
        "VALUES (:i, :a, 9, '2027-06-10', 1)",
        i=k1_low + 1,
        a=done.id,
    )
    # A payer code outside IC1's block, even with an id inside it.
    assert "row-level security" in refused(
        "INSERT INTO payer (id, payer_code, kind, name, e_invoice) "
        "VALUES (:i, '4000000999', 'person', 'X', false)",
        i=ic1_low + 500,
    )
    # No direct change of a tenure or a bill; the functions want a new tenure of
    # IC1's own that starts the next day.
    assert "permission denied for table tenure" in refused('UPDATE tenure SET "end" = NULL')
    assert "permission denied for table invoice" in refused(
        "UPDATE invoice SET payer_id = :p", p=payer_id
    )
    tenure_id = rows(central, "SELECT id FROM tenure WHERE property_id = :r", r=property_id)[0][0]
    assert "not a tenure of this desk" in refused(
        "SELECT desk_end_tenure(:t, '2026-12-31', :n)", t=tenure_id, n=tenure_id
    )
    assert "not a tenure of this desk" in refused("SELECT desk_move_invoice(1, :n)", n=k1_low + 1)
    assert "permission denied for table agreement_installment" in refused(
        "DELETE FROM agreement_installment"
    )
    assert rows(central, "SELECT count(*) FROM agreement_installment") == [(3,)]


def return_card(desk: JoinedDesk, payer_code: str, phone: str, card: str, at: datetime) -> None:
    """The card comes back with a new phone; the rest as on file."""
    base = payer_contacts(desk.local, payer_code).values
    values: ContactValues = replace(base, phone=phone)
    change_contacts(
        desk.local,
        desk.log_in("sluzhitel"),
        payer_code,
        values,
        at,
        base=base,
        survey_card_number=card,
    )


def test_a_returned_blank_card_gets_its_payer_centrally(central: CentralDatabase, desks) -> None:
    ic1, k1 = desks
    clerk = ic1.log_in("sluzhitel")
    (elsewhere,) = issue_cards(ic1.local, clerk, None, 1, NOON)
    sync(ic1, k1)
    assert rows(central, "SELECT count(*) FROM survey_card WHERE payer_id IS NULL") == [(1,)]

    later = datetime(2026, 11, 23, 9, 0)
    # One comes back at the other desk; one is printed and comes back at the
    # centre before any push (the card and its changes go in one batch).
    return_card(k1, WARNED, "0888123456", elsewhere.number, later)
    (here,) = issue_cards(ic1.local, clerk, None, 1, later)
    return_card(ic1, SELLER, "0888654321", here.number, later)
    sync(k1, ic1)

    cards = (
        "SELECT c.number, p.payer_code, c.returned_at IS NOT NULL FROM survey_card c "
        "JOIN payer p ON p.id = c.payer_id ORDER BY c.number"
    )
    want = sorted([(elsewhere.number, WARNED, True), (here.number, SELLER, True)])
    assert rows(central, cards) == want
    for desk in (ic1, k1):
        assert [(n, c, bool(r)) for n, c, r in rows(desk.local, cards)] == want


def test_two_desks_changing_one_holder_offline_end_with_the_first_and_a_supervisor_note(
    central: CentralDatabase, desks
) -> None:
    ic1, k1 = desks
    other = NewPayer("company", "Топлина ООД", "831609046")
    for desk, holder in ((ic1, BUYER), (k1, other)):
        change_holder(
            desk.local,
            desk.log_in("sluzhitel"),
            "1000011",
            date(2026, 10, 1),
            "ownership",
            "нот. акт № 12/2026",
            NOON,
            new_payer=holder,
        )
    sync(ic1, k1)

    tenures = (
        'SELECT p.name, t.start, t."end" FROM tenure t JOIN payer p ON p.id = t.payer_id '
        "JOIN property r ON r.id = t.property_id WHERE r.subscriber_number = '1000011' "
        "ORDER BY t.start"
    )
    owner = (
        "SELECT p.name FROM invoice i JOIN payer p ON p.id = i.payer_id "
        "WHERE i.number = '0000000004'"
    )
    want = [
        ("Георги Димитров Николов", date(2015, 3, 1), date(2026, 9, 30)),
        (BUYER.name, date(2026, 10, 1), None),
    ]
    # The first push wins; the second desk's change is refused, noted, and undone
    # at that desk by its next pull, so every copy says the same.
    assert _dated(rows(central, tenures)) == want
    for desk in (ic1, k1):
        assert _dated(rows(desk.local, tenures)) == want
        assert rows(desk.local, owner) == [(BUYER.name,)]
    issues = rows(central, "SELECT kind, details FROM sync_issue")
    assert [kind for kind, _ in issues] == ["tenure_clash"]
    assert "1000011" in issues[0][1] and "K1" in issues[0][1]
