"""A change of owner or tenant: the split of the bills, new payer codes, refusals."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from stdnum import luhn

from desk.billing.quote import Quote, quote
from desk.models.db import Database, open_database
from desk.models.tables import AuditEntry, Desk, Invoice, Payer, Tenure
from desk.services.accounts import load_account
from desk.services.context import DeskContext
from desk.services.desk_identity import set_this_desk
from desk.services.importer import import_data
from desk.services.payments import void_payment
from desk.services.problems import Problem, ProblemsError, UserError
from desk.services.tenure import (
    FIELD_OF_NAME,
    MAX_MONTHS_AHEAD,
    HolderChanged,
    NewPayer,
    change_holder,
    desk_payer_code,
    tenures_of,
)
from desk.services.users import DEMO_PASSWORD, ensure_demo_users, log_in
from tests.conftest import SHARED
from tests.desk_fixtures import NOON, on_shift, pay_by_card

ON = NOON.date()
OLD = "4000000119"  # holds 1000011 since 2015; CC-11 at `order`, bill 0000000004 for 2026-10
BUYER = NewPayer("person", "Мария Иванова Петрова", "7523169263")
COMPANY = NewPayer("company", "Топлина ООД", "831609046")


@pytest.fixture
def court_db(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "court.sqlite")
    scenario = SHARED / "scenarios" / "court_case_and_final_warning.json"
    import_data(db, json.loads(scenario.read_text("utf-8"))["data"])
    with db.write() as session:
        session.execute(
            insert(Desk).values(code="IC1", name="Информационен център", kind="info_centre")
        )
    set_this_desk(db, "IC1")
    ensure_demo_users(db)
    yield db
    db.close()


@pytest.fixture
def clerk(court_db: Database) -> DeskContext:
    result, ctx = log_in(court_db, "sluzhitel", DEMO_PASSWORD, "IC1", NOON)
    assert result.ok and ctx is not None
    return ctx


def quote_of(db: Database, payer_code: str) -> Quote:
    with db.read() as session:
        account = load_account(session, payer_code)
    assert account is not None
    return quote(account, ON)


def sell(db: Database, ctx: DeskContext, start: date, **holder: object) -> HolderChanged:
    if not holder:
        holder = {"new_payer": BUYER}
    return change_holder(
        db,
        ctx,
        "1000011",
        start,
        "ownership",
        "нот. акт № 12/2026",
        NOON,
        **holder,  # type: ignore[arg-type]
    )


def test_a_sale_from_the_first_of_an_invoiced_month_moves_that_bill_to_the_buyer(
    court_db: Database, clerk: DeskContext
) -> None:
    assert quote_of(court_db, OLD).totals.balance.plain() == "370.00"

    done = sell(court_db, clerk, date(2026, 10, 1))

    assert done.created and done.previous_payer_code == OLD
    assert done.previous_end == date(2026, 9, 30)
    assert done.moved_invoices == ("0000000004",)
    # The seller keeps the court sum for the bills up to the change; the buyer
    # has only the October bill.
    seller = quote_of(court_db, OLD)
    assert [e.item for e in seller.items] == ["CC-11"]
    assert seller.totals.balance.plain() == "315.00"
    buyer = quote_of(court_db, done.payer_code)
    assert [(e.item, e.balance.plain(), e.overdue) for e in buyer.items] == [
        ("0000000004", "55.00", False)
    ]
    assert [
        (t.subscriber_number, t.kind, t.start, t.end, t.document)
        for t in tenures_of(court_db, done.payer_code)
    ] == [("1000011", "ownership", date(2026, 10, 1), None, "нот. акт № 12/2026")]
    assert [(t.start, t.end) for t in tenures_of(court_db, OLD)] == [
        (date(2015, 3, 1), date(2026, 9, 30))
    ]
    with court_db.read() as session:
        actions = [a for (a,) in session.execute(select(AuditEntry.action))]
        payer = session.execute(
            select(Payer).where(Payer.payer_code == done.payer_code)
        ).scalar_one()
        assert (payer.name, payer.kind, payer.id_number) == (BUYER.name, "person", BUYER.id_number)
    assert {"payer_create", "tenure_change"} <= set(actions)


def test_a_sale_after_the_last_invoiced_month_leaves_every_bill_with_the_seller(
    court_db: Database, clerk: DeskContext
) -> None:
    done = sell(court_db, clerk, date(2026, 11, 1))
    assert done.moved_invoices == ()
    assert quote_of(court_db, OLD).totals.balance.plain() == "370.00"
    assert quote_of(court_db, done.payer_code).items == ()


def test_an_existing_payer_can_take_over_and_tenures_never_overlap(
    court_db: Database, clerk: DeskContext
) -> None:
    done = sell(court_db, clerk, date(2026, 11, 1), payer_code="4000000127")
    assert not done.created and done.payer_code == "4000000127"
    with court_db.read() as session:
        spans = session.execute(
            select(Tenure.start, Tenure.end).where(Tenure.property_id == 1).order_by(Tenure.start)
        ).all()
    assert [tuple(s) for s in spans] == [
        (date(2015, 3, 1), date(2026, 10, 31)),
        (date(2026, 11, 1), None),
    ]
    held = [t.subscriber_number for t in tenures_of(court_db, "4000000127")]
    assert sorted(held) == ["1000011", "1000012"]


def test_new_payer_codes_come_from_the_desks_block_luhn_valid_and_unique(
    court_db: Database, clerk: DeskContext
) -> None:
    first = sell(court_db, clerk, date(2026, 11, 1))
    second = change_holder(
        court_db,
        clerk,
        "1000012",
        date(2026, 11, 1),
        "tenancy",
        "договор за наем 7/2026",
        NOON,
        new_payer=COMPANY,
    )
    codes = [first.payer_code, second.payer_code]
    assert codes == [desk_payer_code(clerk.desk_id, 1), desk_payer_code(clerk.desk_id, 2)]
    for code in codes:
        assert len(code) == 10 and luhn.is_valid(code)
        assert code.startswith(f"9{clerk.desk_id:03d}")
    assert desk_payer_code(2, 1)[:4] == "9002"  # another desk, another block


@pytest.mark.parametrize(
    ("start", "holder", "field"),
    [
        (date(2015, 3, 1), {}, "начална дата: трябва да е след началото"),
        (date(2014, 1, 1), {}, "начална дата: трябва да е след началото"),
        (date(2026, 11, 1), {"payer_code": OLD}, "код на платец: новият платец е същият"),
        (date(2026, 11, 1), {"payer_code": "4000000118"}, "код на платец: грешна контролна"),
        (date(2026, 11, 1), {"payer_code": "4000000135"}, "няма такъв платец"),
        (date(2026, 11, 1), {"new_payer": NewPayer("person", "Иван", "7523169264")}, "ЕГН: "),
        (date(2026, 11, 1), {"new_payer": NewPayer("company", "Фирма", "831609047")}, "ЕИК"),
        (date(2026, 11, 1), {"new_payer": NewPayer("person", "  ", "7523169263")}, "име: "),
        (date(2026, 11, 1), {"new_payer": NewPayer("person", "Иван", "")}, "ЕГН: въведете"),
        (date(2026, 11, 1), {"payer_code": "4000000127", "new_payer": BUYER}, "нов платец: "),
        (date(2026, 10, 15), {}, "начална дата: месец 2026-10 вече е фактуриран"),
        (date(2026, 2, 1), {}, "фактура 0000000003 за 2026-02 е по съдебно дело"),
    ],
)
def test_refusals_name_the_field_and_write_nothing(
    court_db: Database, clerk: DeskContext, start: date, holder: dict[str, object], field: str
) -> None:
    with pytest.raises(UserError, match=field):
        sell(court_db, clerk, start, **holder)
    assert_nothing_written(court_db)


def test_refusals_are_problems_naming_a_field_of_the_form(
    court_db: Database, clerk: DeskContext
) -> None:
    with pytest.raises(ProblemsError) as refused:
        sell(court_db, clerk, date(2026, 11, 1), payer_code=OLD)
    assert refused.value.problems == [Problem("field.payer_code", "tenure.same_payer")]
    assert FIELD_OF_NAME[refused.value.problems[0].where] == "payer_code"
    # The message shown is the Bulgarian one it always was.
    assert str(refused.value) == "код на платец: новият платец е същият като сегашния"
    with pytest.raises(ProblemsError) as refused:
        sell(court_db, clerk, date(2026, 11, 1), new_payer=NewPayer("company", "Фирма", "1"))
    assert [FIELD_OF_NAME[p.where] for p in refused.value.problems] == ["id_number"]


def test_every_wrong_field_is_named_at_once_not_the_first_only(
    court_db: Database, clerk: DeskContext
) -> None:
    # No document, no name, a wrong EGN, a start years ahead: four problems in one refusal.
    with pytest.raises(ProblemsError) as refused:
        change_holder(
            court_db,
            clerk,
            "1000011",
            date(2062, 12, 1),
            "ownership",
            " ",
            NOON,
            new_payer=NewPayer("person", " ", "7523169260"),
        )
    fields = sorted(FIELD_OF_NAME[p.where] for p in refused.value.problems)
    assert fields == ["document", "id_number", "name", "start"]
    # What is found in the database joins what is wrong in the form.
    with pytest.raises(ProblemsError) as refused:
        sell(court_db, clerk, date(2015, 1, 1), payer_code=OLD)
    fields = sorted(FIELD_OF_NAME[p.where] for p in refused.value.problems)
    assert fields == ["payer_code", "start"]
    assert_nothing_written(court_db)


def test_a_start_too_far_ahead_is_refused_and_does_not_block_later_changes(
    court_db: Database, clerk: DeskContext
) -> None:
    assert MAX_MONTHS_AHEAD == 3  # NOON is 22.11.2026: the latest start is 22.02.2027
    for typo in (date(2062, 12, 1), date(2027, 3, 1), date(2027, 2, 23)):
        with pytest.raises(ProblemsError) as refused:
            sell(court_db, clerk, typo)
        (problem,) = refused.value.problems
        assert problem.field() == "начална дата"
        assert problem.what() == (
            f"{typo:%d.%m.%Y} е повече от 3 месеца напред; най-късно 22.02.2027"
        )
        assert_nothing_written(court_db)
    # Up to the limit it is accepted, and an earlier change still can follow the typo.
    assert sell(court_db, clerk, date(2027, 2, 22)).start == date(2027, 2, 22)


def test_an_empty_document_or_unknown_kind_is_refused(
    court_db: Database, clerk: DeskContext
) -> None:
    with pytest.raises(UserError, match="документ: "):
        change_holder(
            court_db, clerk, "1000011", date(2026, 11, 1), "ownership", "  ", NOON, new_payer=BUYER
        )
    with pytest.raises(UserError, match="вид правоотношение"):
        change_holder(
            court_db, clerk, "1000011", date(2026, 11, 1), "lease", "акт", NOON, new_payer=BUYER
        )
    with pytest.raises(UserError, match="вече има платец с този номер"):
        sell(court_db, clerk, date(2026, 11, 1))
        sell(court_db, clerk, date(2026, 12, 1))
    assert_nothing_written(court_db, tenures=3)


def assert_nothing_written(db: Database, tenures: int = 2) -> None:
    with db.read() as session:
        assert len(session.execute(select(Tenure.id)).all()) == tenures
        assert session.scalar(select(Tenure.end).where(Tenure.property_id == 1)) in (
            None,
            date(2026, 10, 31),
        )
        owners = {n: p for n, p in session.execute(select(Invoice.number, Invoice.payer_id))}
    assert owners["0000000004"] == 1


def test_a_paid_bill_stays_and_the_change_is_refused_until_the_payment_is_voided(
    day_db: Database,
) -> None:
    ctx = on_shift(day_db)
    done = pay_by_card(day_db, ctx)  # pays 0000000003, the October bill of 1000001
    _, at_k1 = log_in(day_db, "sluzhitel", DEMO_PASSWORD, "K1", NOON)
    assert at_k1 is not None
    with pytest.raises(UserError, match="фактура 0000000003 за 2026-10 е платена"):
        change_holder(
            day_db,
            at_k1,
            "1000001",
            date(2026, 10, 1),
            "tenancy",
            "договор 1",
            NOON,
            new_payer=BUYER,
        )
    void_payment(day_db, ctx, done.payment_id, "грешка", "nachalnik", DEMO_PASSWORD, NOON)
    moved = change_holder(
        day_db, at_k1, "1000001", date(2026, 10, 1), "tenancy", "договор 1", NOON, new_payer=BUYER
    )
    assert moved.moved_invoices == ("0000000003",)
    assert [e.item for e in quote_of(day_db, moved.payer_code).items] == ["0000000003"]
    assert "0000000003" not in [e.item for e in quote_of(day_db, "4000000010").items]
