"""The audit log viewer's service: filters, newest first, pages, and who may read it."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import insert, select, text

from desk.models.db import Database
from desk.models.tables import AuditEntry, Desk, User
from desk.services.audit_log import audit_choices, audit_entries, details_text
from desk.services.context import DeskContext, audit
from desk.services.problems import UserError
from desk.services.users import DEMO_PASSWORD, log_in
from tests.desk_fixtures import NOON, work_a_shift

START = datetime(2026, 11, 1, 8, 0)


def as_user(db: Database, username: str) -> DeskContext:
    result, ctx = log_in(db, username, DEMO_PASSWORD, "K1", NOON)
    assert result.ok and ctx is not None
    return ctx


@pytest.fixture
def logged(day_db: Database) -> Database:
    """Ten days of entries by two users at two desks, one every hour 8-17; no others."""
    with day_db.write() as session:
        session.execute(insert(Desk).values(code="K2", name="Каса 2", kind="pay_desk"))
        ids = {u: i for u, i in session.execute(select(User.username, User.id))}
        desks = {c: i for c, i in session.execute(select(Desk.code, Desk.id))}
        for day in range(10):
            for hour in range(10):
                at = START + timedelta(days=day, hours=hour)
                who = "kasier1" if hour % 2 == 0 else "kasier2"
                action = "payment" if hour < 7 else "void"
                audit(
                    session,
                    action,
                    at,
                    user_id=ids[who],
                    desk_id=desks["K1" if day < 5 else "K2"],
                    receipt=f"{day:02}{hour:02}",
                )
    return day_db


def ids(db: Database, *names: str) -> list[int]:
    with db.read() as session:
        found = {u: i for u, i in session.execute(select(User.username, User.id))}
    return [found[name] for name in names]


def test_newest_first_with_names_desk_and_details_in_words(logged: Database) -> None:
    boss = as_user(logged, "nachalnik")
    total, rows = audit_entries(logged, boss, day_to=date(2026, 11, 10), limit=3)
    assert total == 100
    assert [r.at for r in rows] == [
        datetime(2026, 11, 10, 17),
        datetime(2026, 11, 10, 16),
        datetime(2026, 11, 10, 15),
    ]
    assert rows[0].user == "Георги Илиев (kasier2)"
    assert rows[0].desk == "K2"
    assert (rows[0].action, rows[0].details("en")) == ("void", "void receipt no. 0909")
    assert rows[0].details("bg") == "сторно бележка № 0909"


def test_filters_by_user_desk_action_and_dates(logged: Database) -> None:
    boss = as_user(logged, "nachalnik")
    (kasier1,) = ids(logged, "kasier1")
    with logged.read() as session:
        k2 = session.scalar(select(Desk.id).where(Desk.code == "K2"))
    total, rows = audit_entries(logged, boss, user=kasier1, limit=500)
    assert total == 50
    assert {r.user for r in rows} == {"Мария Петрова (kasier1)"}

    total, rows = audit_entries(logged, boss, desk=k2, limit=500)
    assert total == 50 and {r.desk for r in rows} == {"K2"}

    total, rows = audit_entries(logged, boss, action="void", limit=500)
    assert total == 30 and {r.action for r in rows} == {"void"}

    total, rows = audit_entries(
        logged, boss, day_from=date(2026, 11, 3), day_to=date(2026, 11, 4), limit=500
    )
    assert total == 20, "both days whole, the last hour of the 4th included"
    assert rows[0].at == datetime(2026, 11, 4, 17) and rows[-1].at == datetime(2026, 11, 3, 8)

    total, rows = audit_entries(
        logged, boss, user=kasier1, desk=k2, action="payment", day_from=date(2026, 11, 9)
    )
    assert total == 8
    assert [r.details("en") for r in rows[:2]] == ["receipt no. 0906", "receipt no. 0904"]

    with pytest.raises(UserError, match="дата: началото е след края"):
        audit_entries(logged, boss, day_from=date(2026, 11, 5), day_to=date(2026, 11, 4))


def test_pages_follow_each_other_without_gaps_or_repeats(logged: Database) -> None:
    boss = as_user(logged, "nachalnik")
    seen: list[int] = []
    before = None
    while True:
        total, rows = audit_entries(logged, boss, action="payment", limit=30, before=before)
        if not rows:
            break
        seen.extend(r.id for r in rows)
        before = (rows[-1].at, rows[-1].id)
    assert total == 70 and len(seen) == 70 and len(set(seen)) == 70
    with logged.read() as session:
        expected = session.scalars(
            select(AuditEntry.id)
            .where(AuditEntry.action == "payment")
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        ).all()
    assert seen == list(expected)


def test_entries_logged_while_scrolling_neither_repeat_nor_hide_older_ones(
    logged: Database,
) -> None:
    """An OFFSET would shift by the entries logged between two pages and show the
    last ones of the first page again; the next page starts below the last row shown."""
    boss = as_user(logged, "nachalnik")
    with logged.read() as session:
        older = session.scalars(
            select(AuditEntry.id).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        ).all()
    total, first = audit_entries(logged, boss, limit=40)
    assert [r.id for r in first] == older[:40]
    (kasier1,) = ids(logged, "kasier1")
    with logged.write() as session:
        for minute in range(5):  # the log grows at the top meanwhile
            audit(session, "payment", NOON + timedelta(minutes=minute), user_id=kasier1, desk_id=1)
        # One more at the very moment of the last row shown: the tie goes by id, so it is
        # newer than that row and belongs above it, never in the next page.
        audit(session, "payment", first[-1].at, user_id=kasier1, desk_id=1)
    seen = [r.id for r in first]
    last = first[-1]
    while True:
        grown, rows = audit_entries(logged, boss, limit=40, before=(last.at, last.id))
        if not rows:
            break
        seen.extend(r.id for r in rows)
        last = rows[-1]
    assert grown == total + 6
    assert len(seen) == len(set(seen)), "no entry shown twice"
    assert seen == list(older), "every older entry once, in order, none skipped"


def test_the_filters_offer_users_desks_and_the_actions_logged(logged: Database) -> None:
    boss = as_user(logged, "nachalnik")
    choices = audit_choices(logged, boss)
    assert ("K1 · Каса 1" in [t for _i, t in choices.desks]) and len(choices.desks) == 2
    assert "Стефан Колев (nachalnik)" in [t for _i, t in choices.users]
    assert choices.actions == ("login", "payment", "void")


def test_the_page_query_uses_the_index_on_at(logged: Database) -> None:
    with logged.read() as session:
        plan = session.execute(
            text(
                "EXPLAIN QUERY PLAN SELECT id FROM audit_log WHERE at >= :a AND at < :b "
                "ORDER BY at DESC, id DESC LIMIT 200"
            ),
            {"a": START, "b": START + timedelta(days=2)},
        ).all()
    assert any("ix_audit_log_at" in str(row) for row in plan), plan


@pytest.mark.parametrize("username", ["kasier1", "sluzhitel"])
def test_a_cashier_and_a_clerk_may_not_read_the_log(logged: Database, username: str) -> None:
    ctx = as_user(logged, username)
    with pytest.raises(UserError, match="само ръководител или администратор"):
        audit_entries(logged, ctx)
    with pytest.raises(UserError, match="само ръководител или администратор"):
        audit_choices(logged, ctx)


def test_details_in_words_of_either_language() -> None:
    assert details_text(None) == ""
    assert details_text('{"user": "ivan", "role": "cashier"}', lang="en") == (
        "user ivan; role cashier"
    )
    assert details_text('{"user": "ivan", "role": "cashier"}', lang="bg") == (
        "потребител ivan; роля касиер"
    )
    assert details_text("not json") == "not json"
    role = '{"user": "admin", "old": "cashier", "new": "supervisor"}'
    takeover = (
        '{"shift": "x", "from_user": "kasier1", "opened_at": "2026-12-06 08:05:00", '
        '"reason": "болна"}'
    )
    assert details_text(takeover, "shift_takeover", "en") == (
        "taken over from kasier1; opened on 06.12.2026 08:05; reason: болна"
    )
    assert details_text(role, "user_role", "bg") == "роля касиер → ръководител; потребител admin"
    card = '{"payer": "4000000010", "fields": ["phone", "email"], "source": "survey_card", '
    assert details_text(card + '"card": null}', "contact_change", "en") == (
        "payer 4000000010; fields: phone, e-mail; from a survey card"
    )
    assert details_text(card + '"card": "003000005334"}', "contact_change", "bg") == (
        "платец 4000000010; полета: телефон, имейл; от анкетна карта; анкетна карта № 003000005334"
    )
    web = card.replace("survey_card", "web") + '"card": null}'
    assert details_text(web, "contact_change", "bg").endswith("; от уеб формуляр")
    assert details_text(web, "contact_change", "en").endswith("; from the web form")
    items = '{"agreement": "AG-K1-1", "items": ["0000000136", "CC-1"], "total": "1234.50"}'
    assert details_text(items, "agreement_created", "en") == (
        "agreement AG-K1-1; items: 0000000136, CC-1; amount €1,234.50"
    )
    assert details_text(items, "agreement_created", "bg") == (
        "споразумение AG-K1-1; задължения: 0000000136, CC-1; сума 1\xa0234,50\xa0€"
    )


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")


def test_a_day_at_the_desk_reads_in_words_with_receipt_numbers_not_ids(day_db: Database) -> None:
    work_a_shift(day_db)
    boss = as_user(day_db, "nachalnik")

    _total, rows = audit_entries(day_db, boss, limit=500)

    by_action = {row.action: row for row in rows}  # newest first: the first of each action
    english = {action: row.details("en") for action, row in by_action.items()}
    assert english["shift_open"] == "shift of 22.11.2026 12:00; opening float €50.00"
    assert english["payment"] == "receipt no. K1-0000001; payer 4000000010; amount €93.46"
    assert english["void"] == (
        "void receipt no. K1-0000002; reverses receipt no. K1-0000001; reason: грешен платец; "
        "approved by nachalnik"
    )
    assert by_action["shift_open"].details("bg") == (
        "смяна от 22.11.2026 12:00; начална наличност 50,00\xa0€"
    )
    for row in rows:
        for lang in ("en", "bg"):
            text = row.details(lang)
            assert not UUID.search(text) and "None" not in text and "[" not in text, text
