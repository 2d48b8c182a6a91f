"""Survey cards: numbered per desk without gaps, a group chosen in SQL, the cards still out."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update
from stdnum import luhn

from desk.models.db import Database, open_database
from desk.models.tables import AuditEntry, Desk, Outbox, Payer, SurveyCard, User
from desk.services.context import DeskContext
from desk.services.desk_identity import set_this_desk
from desk.services.importer import import_data
from desk.services.problems import UserError
from desk.services.survey_cards import (
    GroupCount,
    NumbersMoved,
    count_group,
    districts,
    find_card,
    group_payers,
    issue_cards,
    next_cards,
    unreturned_cards,
)
from desk.services.users import ensure_demo_users

NOON = datetime(2026, 11, 22, 12, 0)
ON = NOON.date()
# payer code (Luhn-valid), name, district, address, tenure end
PAYERS = [
    ("4000000010", "Иван Петров", "Младост", "ж.к. Младост 1, бл. 20", None),
    ("4000000028", "Мария Иванова", "Люлин", "ж.к. Люлин 5, бл. 501", None),
    ("4000000036", "Петър Стоянов", "Младост", "ж.к. Младост 1, бл. 10", None),
    ("4000000044", "Елена Георгиева", "Люлин", "ж.к. Люлин 3, бл. 301", None),
    ("4000000051", "Бивш Наемател", "Младост", "ж.к. Младост 2, бл. 1", "2026-06-30"),
]


def _data() -> dict[str, object]:
    properties, payers, tenures = [], [], []
    for i, (code, name, district, address, end) in enumerate(PAYERS):
        number = f"{2000001 + i}"
        properties.append({"subscriber_number": number, "district": district, "address": address})
        payers.append(
            {
                "payer_code": code,
                "kind": "person",
                "name": name,
                "id_number": None,
                "phone": "+359888123456",
                "email": None,
                "address": None,
                "e_invoice": False,
            }
        )
        tenures.append(
            {
                "payer_code": code,
                "subscriber_number": number,
                "kind": "ownership",
                "start": "2015-03-01",
                "end": end,
            }
        )
    return {
        "format": "desk/1",
        "properties": properties,
        "payers": payers,
        "tenures": tenures,
        "plans": [],
        "invoices": [],
        "court_cases": [],
        "agreements": [],
        "payments": [],
    }


@pytest.fixture
def cards_db(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "desk.sqlite")
    import_data(db, _data())
    with db.write() as session:
        session.execute(
            insert(Desk).values(
                [
                    {"code": "IC1", "name": "Информационен център", "kind": "info_centre"},
                    {"code": "IC2", "name": "Информационен център 2", "kind": "info_centre"},
                ]
            )
        )
    set_this_desk(db, "IC1")
    ensure_demo_users(db)
    yield db
    db.close()


def clerk(db: Database, desk: str = "IC1") -> DeskContext:
    with db.read() as session:
        desk_id = session.scalar(select(Desk.id).where(Desk.code == desk))
        user_id = session.scalar(select(User.id).where(User.username == "sluzhitel"))
    assert desk_id is not None and user_id is not None
    return DeskContext(desk_id, desk, desk, user_id, "sluzhitel", "Служител", "clerk")


def test_cards_are_numbered_per_desk_without_gaps_and_carry_what_is_on_file(
    cards_db: Database,
) -> None:
    ic1, ic2 = clerk(cards_db), clerk(cards_db, "IC2")
    first = issue_cards(cards_db, ic1, ["4000000010", "4000000028"], 1, NOON)
    other = issue_cards(cards_db, ic2, None, 2, NOON)
    second = issue_cards(cards_db, ic1, ["4000000036"], 0, NOON)

    numbers = [card.number for card in first + second]
    assert all(len(n) == 12 and n.isdigit() and luhn.is_valid(n) for n in numbers)
    assert [n[:3] for n in numbers] == [f"{ic1.desk_id:03d}"] * 4
    assert [int(n[3:11]) for n in numbers] == [1, 2, 3, 4]  # gapless across requests
    assert [int(n[3:11]) for n in (c.number for c in other)] == [1, 2]  # IC2's own series
    assert len(set(numbers) | {c.number for c in other}) == 6

    filled, blank = first[0], first[2]
    assert (filled.payer_code, filled.payer_name, filled.phone) == (
        "4000000010",
        "Иван Петров",
        "+359888123456",
    )
    assert [p.subscriber_number for p in filled.properties] == ["2000001"]
    assert blank.payer_code is None and blank.payer_name == ""

    card = find_card(cards_db, filled.number)
    assert card is not None and card.payer_code == "4000000010" and card.returned_at is None
    with cards_db.read() as session:
        rows = session.execute(select(SurveyCard.number, SurveyCard.payer_id)).all()
        assert len(rows) == 6
        assert sum(1 for _, payer in rows if payer is None) == 3
        audited = session.scalars(
            select(AuditEntry.action).where(AuditEntry.action == "survey_cards_printed")
        ).all()
        assert len(audited) == 3
        # This database is IC1's: its own four cards are queued for the central database.
        assert session.scalars(select(Outbox.tbl)).all().count("survey_card") == 4


def test_an_unknown_payer_code_writes_no_card(cards_db: Database) -> None:
    with pytest.raises(UserError, match="код на платец"):
        issue_cards(cards_db, clerk(cards_db), ["4000000010", "4000000069"], 0, NOON)
    with pytest.raises(UserError, match="брой карти"):
        issue_cards(cards_db, clerk(cards_db), [], 0, NOON)
    with cards_db.read() as session:
        assert session.scalars(select(SurveyCard)).all() == []


def test_two_clerks_on_one_desk_database_never_take_the_same_number(
    cards_db: Database,
) -> None:
    ctx = clerk(cards_db)
    other = Database(cards_db.path)  # a second connection pool, as a second window would have
    barrier = threading.Barrier(2)
    taken: list[str] = []

    def issue(db: Database) -> None:
        barrier.wait()
        for _ in range(10):
            taken.extend(card.number for card in issue_cards(db, ctx, None, 3, NOON))

    threads = [threading.Thread(target=issue, args=(db,)) for db in (cards_db, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.close()
    assert len(taken) == len(set(taken)) == 60
    assert sorted(int(n[3:11]) for n in taken) == list(range(1, 61))


def test_a_group_is_chosen_by_district_and_confirmation_in_delivery_order(
    cards_db: Database,
) -> None:
    with cards_db.write() as session:
        confirmed = {"4000000036": datetime(2026, 10, 1), "4000000044": datetime(2026, 8, 1)}
        for code, at in confirmed.items():
            session.execute(
                update(Payer).where(Payer.payer_code == code).values(contacts_confirmed_at=at)
            )
    since = date(2026, 9, 1)

    # The former tenant (tenure ended in June) gets no card; ordered by district, address.
    assert group_payers(cards_db, None, None, ON) == [
        "4000000044",
        "4000000028",
        "4000000036",
        "4000000010",
    ]
    assert group_payers(cards_db, "Младост", None, ON) == ["4000000036", "4000000010"]
    assert group_payers(cards_db, "Младост", since, ON) == ["4000000010"]
    assert group_payers(cards_db, None, since, ON) == ["4000000044", "4000000028", "4000000010"]
    assert count_group(cards_db, None, since, ON) == GroupCount(3, 0)
    assert count_group(cards_db, "Лозенец", None, ON) == GroupCount(0, 0)
    assert districts(cards_db) == ["Люлин", "Младост"]


def test_the_cards_still_out_newest_first_with_their_count(cards_db: Database) -> None:
    ctx = clerk(cards_db)
    issue_cards(cards_db, ctx, ["4000000010"], 0, NOON.replace(hour=9))
    later = issue_cards(cards_db, ctx, ["4000000028"], 2, NOON)
    with cards_db.write() as session:  # the pre-filled later card came back
        session.execute(
            update(SurveyCard)
            .where(SurveyCard.number == later[0].number)
            .values(returned_at=NOON.replace(hour=15))
        )

    out = unreturned_cards(cards_db)
    assert out.total == 3
    assert [row.payer_code for row in out.rows] == [None, None, "4000000010"]
    assert out.rows[0].number > out.rows[1].number  # the same minute: the higher number first
    assert out.rows[2].payer_name == "Иван Петров" and out.rows[2].desk_code == "IC1"
    page = unreturned_cards(cards_db, limit=2, offset=2)
    assert page.total == 3 and [row.payer_code for row in page.rows] == ["4000000010"]


def test_a_preview_writes_nothing_and_printing_checks_its_numbers_are_still_next(
    cards_db: Database,
) -> None:
    ctx = clerk(cards_db)
    shown = next_cards(cards_db, ctx, ["4000000010"], 1, NOON)
    assert [int(card.number[3:11]) for card in shown] == [1, 2]
    assert shown[0].payer_name == "Иван Петров" and shown[1].payer_code is None
    assert next_cards(cards_db, ctx, ["4000000010"], 1, NOON) == shown  # nothing was taken
    with pytest.raises(UserError, match="код на платец"):
        next_cards(cards_db, ctx, ["4000000069"], 0, NOON)
    with cards_db.read() as session:
        assert session.scalars(select(SurveyCard)).all() == []

    # Printed as previewed: the same numbers, now recorded.
    printed = issue_cards(cards_db, ctx, ["4000000010"], 1, NOON, expect_first=shown[0].number)
    assert printed == shown
    assert unreturned_cards(cards_db).total == 2

    # Another clerk on this desk database prints between a preview and its Print.
    stale = next_cards(cards_db, ctx, ["4000000028"], 0, NOON)
    issue_cards(cards_db, ctx, None, 1, NOON)
    with pytest.raises(NumbersMoved, match="номер на карта"):
        issue_cards(cards_db, ctx, ["4000000028"], 0, NOON, expect_first=stale[0].number)
    assert unreturned_cards(cards_db).total == 3  # the refused print wrote nothing
    fresh = next_cards(cards_db, ctx, ["4000000028"], 0, NOON)
    assert int(fresh[0].number[3:11]) == int(stale[0].number[3:11]) + 1


def test_a_group_leaves_out_payers_with_a_card_still_out(cards_db: Database) -> None:
    ctx = clerk(cards_db)
    everyone = ["4000000044", "4000000028", "4000000036", "4000000010"]
    assert group_payers(cards_db, None, None, ON) == everyone
    assert group_payers(cards_db, None, None, ON, limit=2) == everyone[:2]
    out = issue_cards(cards_db, ctx, ["4000000028", "4000000010"], 1, NOON)  # + a blank card

    assert group_payers(cards_db, None, None, ON) == ["4000000044", "4000000036"]
    assert count_group(cards_db, None, None, ON) == GroupCount(payers=2, card_out=2)
    assert count_group(cards_db, "Младост", None, ON) == GroupCount(payers=1, card_out=1)

    # A card that came back no longer keeps its payer out.
    with cards_db.write() as session:
        session.execute(
            update(SurveyCard)
            .where(SurveyCard.number == out[0].number)
            .values(returned_at=NOON.replace(hour=15))
        )
    assert group_payers(cards_db, None, None, ON) == ["4000000044", "4000000028", "4000000036"]
    assert count_group(cards_db, None, None, ON) == GroupCount(payers=3, card_out=1)


def test_a_second_card_for_a_payer_with_one_out_needs_that_card_confirmed(
    cards_db: Database,
) -> None:
    """Issue 13, point 20: the service refuses, naming the card out, unless told the clerk
    confirmed that very card; a preview refuses the same."""
    from desk.messages import word
    from desk.services.survey_cards import CardStillOut

    ctx = clerk(cards_db)
    first = issue_cards(cards_db, ctx, ["4000000010"], 0, NOON.replace(hour=9))[0]
    before = cards_count(cards_db)

    for ask in (
        lambda: next_cards(cards_db, ctx, ["4000000010"], 0, NOON),
        lambda: issue_cards(cards_db, ctx, ["4000000010"], 0, NOON),
        lambda: issue_cards(cards_db, ctx, ["4000000028", "4000000010"], 1, NOON),
        lambda: issue_cards(cards_db, ctx, ["4000000010"], 0, NOON, confirmed_out=["x"]),
    ):
        with pytest.raises(CardStillOut) as refused:
            ask()
        out = refused.value.out
        assert [(c.payer_code, c.number) for c in out] == [("4000000010", first.number)]
        assert cards_count(cards_db) == before, "nothing was written"
    said = word(refused.value.code, refused.value.values, "bg")
    assert first.number in said and "4000000010" in said and first.payer_name in said
    assert "22.11.2026" in said
    english = word(refused.value.code, refused.value.values, "en")
    assert english.endswith("printed on 22.11.2026 and not returned")

    # Confirmed: the second card is printed, and the audit says which card it follows.
    preview = next_cards(cards_db, ctx, ["4000000010"], 0, NOON, confirmed_out=[first.number])
    second = issue_cards(
        cards_db,
        ctx,
        ["4000000010"],
        0,
        NOON,
        expect_first=preview[0].number,
        confirmed_out=[first.number],
    )
    assert second[0].number != first.number and cards_count(cards_db) == before + 1
    with cards_db.read() as session:
        audit = session.scalars(
            select(AuditEntry.details).order_by(AuditEntry.id.desc()).limit(1)
        ).one()
    assert first.number in str(audit)

    # Two out now: confirming the first only is not enough for a third.
    with pytest.raises(CardStillOut) as again:
        issue_cards(cards_db, ctx, ["4000000010"], 0, NOON, confirmed_out=[first.number])
    assert [c.number for c in again.value.out] == [second[0].number]


def cards_count(db: Database) -> int:
    with db.read() as session:
        return len(session.scalars(select(SurveyCard.id)).all())
