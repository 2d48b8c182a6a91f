"""Contact changes at a desk: validated, kept as history, stamped with a clock."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, text

from desk.models.db import Database
from desk.models.tables import AuditEntry, ContactChange, Outbox, Payer, SurveyCard
from desk.services.account_view import payer_view
from desk.services.contacts import (
    FIELD_OF_NAME,
    Clock,
    ContactValues,
    HistoryLine,
    change_contact,
    change_contacts,
    contact_history,
    contact_problems,
    email_problem,
    next_clock,
    normalised,
    payer_contacts,
    phone_e164,
)
from desk.services.importer import import_data
from desk.services.problems import ProblemsError, UserError
from desk.services.survey_cards import card_number
from tests.conftest import SHARED
from tests.desk_fixtures import NOON, PAYER, cashier


def test_a_clock_follows_the_wall_clock_and_counts_on_when_it_runs_behind() -> None:
    first = next_clock(None, NOON, "K1")
    later = next_clock(str(first), datetime(2026, 11, 22, 12, 0, 1), "K1")
    behind = next_clock(str(later), datetime(2026, 11, 22, 11, 0), "K2")  # slow wall clock

    assert later.millis == first.millis + 1000 and later.counter == 0
    assert (behind.millis, behind.counter) == (later.millis, 1)
    assert str(first) < str(later) < str(behind)  # text order is clock order
    assert Clock.parse(str(behind)) == behind


def test_a_clock_counts_sofias_milliseconds_whatever_the_machines_zone() -> None:
    # 12:00 in Sofia on 22 November (EET, UTC+2) is 10:00 UTC, on a machine in any zone;
    # the web form's clock (central migration c0012) counts true epoch time.
    clock = next_clock(None, NOON, "K1")

    assert datetime(2026, 11, 22, 12, 0) == NOON
    assert clock.millis == int(datetime(2026, 11, 22, 10, 0, tzinfo=UTC).timestamp() * 1000)


def test_a_phone_is_stored_in_e164_and_the_change_kept_with_its_clock(day_db: Database) -> None:
    ctx = cashier(day_db)
    change = change_contact(day_db, ctx, PAYER, "phone", "0899 765 432", NOON)
    again = change_contact(day_db, ctx, PAYER, "phone", "+359899765432", NOON)

    assert change is not None and again is None  # the same number: nothing to record
    with day_db.read() as session:
        assert session.scalar(select(Payer.phone).where(Payer.payer_code == PAYER)) == (
            "+359899765432"
        )
        row = session.scalars(select(ContactChange)).one()
        assert (row.field, row.new_value, row.source) == ("phone", "+359899765432", "desk")
        assert row.hlc is not None and row.hlc.endswith(".K1")
        assert session.scalars(select(Outbox.tbl)).all() == ["contact_change"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12", "телефон:"),
        ("phone", "abc", "телефон:"),
        ("email", "ivan.bg", "имейл:"),
        ("fax", "1", "поле за контакт"),
    ],
)
def test_bad_contact_values_name_the_field_and_write_nothing(
    day_db: Database, field: str, value: str, message: str
) -> None:
    with pytest.raises(UserError, match=message):
        change_contact(day_db, cashier(day_db), PAYER, field, value, NOON)
    with day_db.read() as session:
        assert session.scalars(select(ContactChange)).all() == []


# --- the whole form (issue 5, item 1) ---------------------------------------------------

CARD = card_number(1, 1)  # "001000000016": desk 1, card 1, Luhn digit 6
OTHER_CARD, UNKNOWN_CARD = card_number(1, 2), card_number(1, 3)
GOOD = ContactValues(
    phone="0899 765 432",
    email="ivan@example.bg",
    address="ул. Алабин 12, София",
    preferred_channel="email",
    e_invoice=True,
    e_invoice_email="faktura@example.bg",
    consent=True,
    consent_on=date(2026, 11, 1),
)


def on_file(db: Database, payer_code: str = PAYER) -> ContactValues:
    """What a form opened now is loaded with: the base of its save."""
    return payer_contacts(db, payer_code).values


def _changes(db: Database) -> list[ContactChange]:
    with db.read() as session:
        return list(session.scalars(select(ContactChange).order_by(ContactChange.hlc)))


def _add_card(
    db: Database, payer_code: str | None, number: str = CARD, desk_id: int | None = None
) -> None:
    with db.write() as session:
        payer_id = (
            None
            if payer_code is None
            else session.scalar(select(Payer.id).where(Payer.payer_code == payer_code))
        )
        session.add(SurveyCard(number=number, payer_id=payer_id, printed_at=NOON, desk_id=desk_id))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (replace(GOOD, phone="12"), "телефон: "),
        (replace(GOOD, phone="abc"), "телефон: не е телефонен номер"),
        (replace(GOOD, phone_2="12"), "втори телефон: "),
        (replace(GOOD, phone_2="+44 20 7946 0958"), "втори телефон: номерът"),
        (replace(GOOD, phone_2="0899765432"), "втори телефон: +359899765432 вече е записан"),
        (replace(GOOD, email="ivan.bg"), "имейл: липсва @ или домейн"),
        (replace(GOOD, email="ivan@bg"), "имейл: липсва @ или домейн"),
        (replace(GOOD, address="я" * 201), "адрес за кореспонденция: по-дълъг от 200"),
        (replace(GOOD, preferred_channel="fax"), "предпочитан канал: няма такъв канал"),
        (replace(GOOD, email=""), "предпочитан канал: имейл изисква попълнен имейл"),
        (replace(GOOD, e_invoice_email=""), "имейл за електронна фактура: задължителен"),
        (replace(GOOD, e_invoice_email="faktura"), "имейл за електронна фактура: липсва @"),
        (replace(GOOD, consent_on=None), "съгласие за обработка: липсва датата"),
        (replace(GOOD, consent_on=date(2026, 11, 23)), "съгласие за обработка: датата 23.11.2026"),
    ],
)
def test_every_field_is_checked_in_words_and_nothing_is_written(
    day_db: Database, values: ContactValues, message: str
) -> None:
    with pytest.raises(ProblemsError) as raised:
        change_contacts(day_db, cashier(day_db), PAYER, values, NOON, base=on_file(day_db))
    assert [str(p) for p in raised.value.problems] == [str(raised.value)]
    assert str(raised.value).startswith(message)
    assert _changes(day_db) == []
    with day_db.read() as session:
        assert session.scalar(select(Payer.contacts_confirmed_at)) is None


def test_all_the_problems_are_listed_at_once(day_db: Database) -> None:
    bad = replace(GOOD, phone="12", email="x", e_invoice_email="", consent_on=None)
    with pytest.raises(ProblemsError) as raised:
        change_contacts(day_db, cashier(day_db), PAYER, bad, NOON, base=on_file(day_db))
    assert [FIELD_OF_NAME[p.where] for p in raised.value.problems] == [
        "phone",
        "email",
        "e_invoice_email",
        "consent_on",
    ]


def test_each_changed_field_is_kept_with_old_new_who_where_and_a_rising_clock(
    day_db: Database,
) -> None:
    ctx = cashier(day_db)
    saved = change_contacts(day_db, ctx, PAYER, GOOD, NOON, base=on_file(day_db))

    assert saved.changed == (
        "phone",
        "email",
        "address",
        "preferred_channel",
        "e_invoice",
        "e_invoice_email",
        "consent_on",
    )
    rows = _changes(day_db)
    assert [(r.field, r.old_value, r.new_value) for r in rows] == [
        ("phone", "+359888123456", "+359899765432"),
        ("email", None, "ivan@example.bg"),
        ("address", None, "ул. Алабин 12, София"),
        ("preferred_channel", None, "email"),
        ("e_invoice", "false", "true"),
        ("e_invoice_email", None, "faktura@example.bg"),
        ("consent_on", None, "2026-11-01"),
        ("confirmed", None, "2026-11-22T12:00:00"),
    ]
    assert {(r.source, r.desk_id, r.user_id, r.changed_at) for r in rows} == {
        ("info_centre", ctx.desk_id, ctx.user_id, NOON)
    }
    clocks = [Clock.parse(r.hlc or "") for r in rows]
    assert [(c.millis, c.counter) for c in clocks] == [
        (clocks[0].millis, n) for n in range(len(rows))
    ]  # one clock per row, all at noon, counting on
    with day_db.read() as session:
        payer = session.scalars(select(Payer).where(Payer.payer_code == PAYER)).one()
        assert (payer.phone, payer.e_invoice, payer.consent_on, payer.contacts_confirmed_at) == (
            "+359899765432",
            True,
            date(2026, 11, 1),
            NOON,
        )
        assert session.scalars(select(Outbox.tbl)).all() == ["contact_change"] * len(rows)
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "contact_change"))
        assert '"source": "info_centre"' in (audit.one().details or "")

    history = contact_history(day_db, PAYER)
    assert history[0] == HistoryLine(
        NOON, "confirmed", None, "2026-11-22T12:00:00", "info_centre", ctx.full_name, "K1", None
    )
    assert [line.field for line in history][-1] == "phone"  # newest first


def test_saving_unchanged_details_confirms_them_and_a_later_clock_follows(
    day_db: Database,
) -> None:
    ctx = cashier(day_db)
    change_contacts(day_db, ctx, PAYER, GOOD, NOON, base=on_file(day_db))
    later = NOON.replace(hour=13)
    again = change_contacts(
        day_db, ctx, PAYER, replace(GOOD, phone="+359 899 765 432"), later, base=on_file(day_db)
    )

    assert again.changed == ()
    last = _changes(day_db)[-1]
    assert (last.field, last.old_value, last.new_value) == (
        "confirmed",
        "2026-11-22T12:00:00",
        "2026-11-22T13:00:00",
    )
    assert [line.when for line in contact_history(day_db, PAYER)][:2] == [later, NOON]


def test_turning_e_invoice_off_clears_its_email_and_no_consent_clears_the_date(
    day_db: Database,
) -> None:
    ctx = cashier(day_db)
    change_contacts(day_db, ctx, PAYER, GOOD, NOON, base=on_file(day_db))
    off = replace(GOOD, e_invoice=False, e_invoice_email="ignored", consent=False)
    assert change_contacts(day_db, ctx, PAYER, off, NOON, base=on_file(day_db)).changed == (
        "e_invoice",
        "e_invoice_email",
        "consent_on",
    )
    assert [(r.old_value, r.new_value) for r in _changes(day_db)[-4:-1]] == [
        ("true", "false"),
        ("faktura@example.bg", None),
        ("2026-11-01", None),
    ]


def test_a_returned_card_is_recorded_against_and_refused_the_second_time(
    day_db: Database,
) -> None:
    ctx = cashier(day_db)
    _add_card(day_db, PAYER, desk_id=ctx.desk_id)  # printed here: its return is pushed too
    values = replace(GOOD, email="nov@example.bg")
    saved = change_contacts(
        day_db, ctx, PAYER, values, NOON, base=on_file(day_db), survey_card_number=CARD
    )

    assert saved.card_number == CARD
    history = contact_history(day_db, PAYER)
    assert {(line.source, line.card_number) for line in history} == {("survey_card", CARD)}
    with day_db.read() as session:
        card = session.scalars(select(SurveyCard)).one()
        assert card.returned_at == NOON
        assert {r.survey_card_id for r in session.scalars(select(ContactChange))} == {card.id}
        assert set(session.scalars(select(Outbox.tbl))) == {"contact_change", "survey_card"}

    with pytest.raises(UserError, match=f"анкетна карта {CARD}: вече е въведена на 22.11.2026"):
        change_contacts(
            day_db, ctx, PAYER, values, NOON, base=on_file(day_db), survey_card_number=CARD
        )
    assert len(_changes(day_db)) == len(history)


def test_a_blank_card_becomes_the_payers_and_another_payers_card_is_refused(
    day_db: Database,
) -> None:
    ctx = cashier(day_db)
    _add_card(day_db, None)
    with day_db.write() as session:
        session.add(Payer(payer_code="4000000028", kind="person", name="Друг Платец"))
    _add_card(day_db, "4000000028", number=OTHER_CARD)

    change_contacts(day_db, ctx, PAYER, GOOD, NOON, base=on_file(day_db), survey_card_number=CARD)
    with pytest.raises(UserError, match=f"анкетна карта {OTHER_CARD}: е за друг платец"):
        change_contacts(
            day_db, ctx, PAYER, GOOD, NOON, base=on_file(day_db), survey_card_number=OTHER_CARD
        )
    with pytest.raises(UserError, match=f"анкетна карта {UNKNOWN_CARD}: няма такава карта"):
        change_contacts(
            day_db, ctx, PAYER, GOOD, NOON, base=on_file(day_db), survey_card_number=UNKNOWN_CARD
        )
    with day_db.read() as session:
        payer_id = session.scalar(select(Payer.id).where(Payer.payer_code == PAYER))
        blank = session.scalars(select(SurveyCard).where(SurveyCard.number == CARD)).one()
        other = session.scalars(select(SurveyCard).where(SurveyCard.number != CARD)).one()
        assert (blank.payer_id, blank.returned_at) == (payer_id, NOON)
        assert other.returned_at is None


# --- a form loaded before a change made elsewhere (review, item 1) ----------------------


def test_a_stale_form_writes_only_what_the_clerk_changed_and_keeps_a_newer_email(
    day_db: Database,
) -> None:
    ctx = cashier(day_db)
    base = on_file(day_db)  # clerk A opens the payer
    # Meanwhile clerk B (or a pull from the central database) changes the e-mail.
    change_contact(day_db, ctx, PAYER, "email", "b@example.bg", NOON.replace(minute=1))
    b_clock = _changes(day_db)[-1].hlc or ""

    # A changes only the phone; the form still shows the e-mail as it was loaded.
    form = replace(base, phone="0899 765 432")
    saved = change_contacts(day_db, ctx, PAYER, form, NOON.replace(minute=2), base=base)

    assert saved.changed == ("phone",)
    with day_db.read() as session:
        payer = session.scalars(select(Payer).where(Payer.payer_code == PAYER)).one()
        assert (payer.phone, payer.email) == ("+359899765432", "b@example.bg")
    rows = _changes(day_db)
    assert [(r.field, r.new_value) for r in rows] == [
        ("email", "b@example.bg"),
        ("phone", "+359899765432"),
        ("confirmed", "2026-11-22T12:02:00"),
    ]
    # B's e-mail keeps the latest clock of its field, so it wins centrally too.
    assert max(r.hlc or "" for r in rows if r.field == "email") == b_clock


def test_a_field_changed_by_the_clerk_and_meanwhile_elsewhere_is_refused_by_name(
    day_db: Database,
) -> None:
    ctx = cashier(day_db)
    base = on_file(day_db)
    change_contact(day_db, ctx, PAYER, "email", "b@example.bg", NOON)
    before = len(_changes(day_db))

    form = replace(base, phone="0899 765 432", email="a@example.bg")
    with pytest.raises(ProblemsError) as raised:
        change_contacts(day_db, ctx, PAYER, form, NOON, base=base)

    assert [FIELD_OF_NAME[p.where] for p in raised.value.problems] == ["email"]
    assert str(raised.value).startswith("имейл: променено междувременно на b@example.bg")
    assert "отворете платеца отново" in str(raised.value)
    assert len(_changes(day_db)) == before  # nothing written, not even the phone
    with day_db.read() as session:
        assert session.scalar(select(Payer.phone).where(Payer.payer_code == PAYER)) == (
            "+359888123456"
        )

    # Reloaded (a new base), the same form saves.
    saved = change_contacts(day_db, ctx, PAYER, form, NOON, base=on_file(day_db))
    assert saved.changed == ("phone", "email")


def test_the_same_change_made_meanwhile_is_not_a_conflict_and_not_written_twice(
    day_db: Database,
) -> None:
    ctx = cashier(day_db)
    base = on_file(day_db)
    change_contact(day_db, ctx, PAYER, "email", "b@example.bg", NOON)
    form = replace(base, email="b@example.bg")
    assert change_contacts(day_db, ctx, PAYER, form, NOON, base=base).changed == ()
    assert [r.field for r in _changes(day_db)] == ["email", "confirmed"]


# --- Bulgarian phones; SMS needs a mobile (review, item 2) ------------------------------


@pytest.mark.parametrize(
    ("value", "bg", "en"),
    [
        ("0888 12", "трябва да има 8 или 9 цифри след 0 / +359", "needs 8 or 9 digits"),
        ("+359 888 12", "трябва да има 8 или 9 цифри след 0 / +359", "needs 8 or 9 digits"),
        ("0888 1234567", "трябва да има 8 или 9 цифри след 0 / +359", "needs 8 or 9 digits"),
        ("02 981 123", "трябва да има 8 или 9 цифри след 0 / +359", "needs 8 or 9 digits"),
        ("0888 123 45", "няма такъв номер: „0888 123 45“", "no such number: “0888 123 45”"),
        ("08x8", "не е телефонен номер", "not a phone number"),
    ],
)
def test_a_number_too_short_or_too_long_is_told_apart_from_one_that_does_not_exist(
    day_db: Database, value: str, bg: str, en: str
) -> None:
    number, problem = phone_e164(value)
    assert number is None and problem is not None
    assert bg in problem.text("bg") and en in problem.text("en")
    with pytest.raises(UserError, match=f"^телефон: .*{re.escape(bg)}"):
        change_contact(day_db, cashier(day_db), PAYER, "phone", value, NOON)
    assert _changes(day_db) == []


@pytest.mark.parametrize("foreign", ["+44 20 7946 0958", "+49 30 901820"])
def test_a_foreign_phone_is_refused_in_words(day_db: Database, foreign: str) -> None:
    ctx = cashier(day_db)
    with pytest.raises(UserError, match=r"телефон: номерът .* е чуждестранен .*само български"):
        change_contact(day_db, ctx, PAYER, "phone", foreign, NOON)
    form = replace(on_file(day_db), phone=foreign)
    with pytest.raises(ProblemsError, match=r"^телефон: номерът .* е чуждестранен"):
        change_contacts(day_db, ctx, PAYER, form, NOON, base=on_file(day_db))
    assert _changes(day_db) == []


def test_sms_needs_a_mobile_phone_and_the_problem_names_the_channel(day_db: Database) -> None:
    ctx = cashier(day_db)
    landline = replace(on_file(day_db), phone="02 981 1234", preferred_channel="sms")
    with pytest.raises(ProblemsError) as raised:
        change_contacts(day_db, ctx, PAYER, landline, NOON, base=on_file(day_db))
    assert str(raised.value) == (
        "предпочитан канал: SMS изисква мобилен телефон, а +35929811234 не е мобилен номер"
    )
    assert _changes(day_db) == []

    by_phone = replace(landline, preferred_channel="phone")  # a call reaches a landline
    assert change_contacts(day_db, ctx, PAYER, by_phone, NOON, base=on_file(day_db)).changed == (
        "phone",
        "preferred_channel",
    )
    mobile = replace(landline, phone="0888 123 456")
    saved = change_contacts(day_db, ctx, PAYER, mobile, NOON, base=on_file(day_db))
    assert saved.changed == ("phone", "preferred_channel")


# --- a second phone (issue 5, item 1: "phones") -----------------------------------------


def test_a_second_phone_is_checked_like_the_first_stored_in_e164_and_kept_in_history(
    day_db: Database,
) -> None:
    ctx = cashier(day_db)
    form = replace(on_file(day_db), phone_2="02 981 1234")  # a landline beside the mobile
    saved = change_contacts(day_db, ctx, PAYER, form, NOON, base=on_file(day_db))

    assert saved.changed == ("phone_2",)
    assert on_file(day_db).phone_2 == "+35929811234"
    assert on_file(day_db).phone == "+359888123456"  # the first phone is untouched
    history = contact_history(day_db, PAYER)
    assert [(h.field, h.old, h.new) for h in history] == [
        ("confirmed", None, "2026-11-22T12:00:00"),
        ("phone_2", None, "+35929811234"),
    ]
    with day_db.read() as session:
        assert session.scalars(select(Outbox.tbl)).all() == ["contact_change"] * 2

    # One field at a time too; emptied, the change is kept with the old number.
    change_contact(day_db, ctx, PAYER, "phone_2", "", NOON.replace(minute=1))
    assert on_file(day_db).phone_2 == ""
    assert (_changes(day_db)[-1].field, _changes(day_db)[-1].old_value) == (
        "phone_2",
        "+35929811234",
    )
    with pytest.raises(UserError, match=r"^втори телефон: номерът .* е чуждестранен"):
        change_contact(day_db, ctx, PAYER, "phone_2", "+49 30 901820", NOON)


def test_the_same_number_in_both_phones_is_refused_and_nothing_is_written(
    day_db: Database,
) -> None:
    ctx = cashier(day_db)
    twice = replace(on_file(day_db), phone_2="+359 888 123 456")  # the phone, written otherwise
    with pytest.raises(ProblemsError) as raised:
        change_contacts(day_db, ctx, PAYER, twice, NOON, base=on_file(day_db))
    assert [FIELD_OF_NAME[p.where] for p in raised.value.problems] == ["phone_2"]
    assert str(raised.value) == "втори телефон: +359888123456 вече е записан като телефон"
    with pytest.raises(UserError, match=r"^втори телефон: .* вече е записан като телефон$"):
        change_contact(day_db, ctx, PAYER, "phone_2", "0888123456", NOON)
    change_contact(day_db, ctx, PAYER, "phone_2", "02 981 1234", NOON)
    with pytest.raises(UserError, match=r"^телефон: .* вече е записан като втори телефон$"):
        change_contact(day_db, ctx, PAYER, "phone", "029811234", NOON)
    assert [r.field for r in _changes(day_db)] == ["phone_2"]

    # The two numbers swapped in one save are two different numbers: saved.
    base = on_file(day_db)
    swapped = replace(base, phone=base.phone_2, phone_2=base.phone)
    assert change_contacts(day_db, ctx, PAYER, swapped, NOON, base=base).changed == (
        "phone",
        "phone_2",
    )


def test_sms_needs_a_mobile_in_either_phone_and_a_call_either_phone(day_db: Database) -> None:
    ctx = cashier(day_db)
    base = on_file(day_db)
    landline_first = replace(base, phone="02 981 1234", phone_2="0899 765 432")
    sms = replace(landline_first, preferred_channel="sms")
    assert change_contacts(day_db, ctx, PAYER, sms, NOON, base=base).changed == (
        "phone",
        "phone_2",
        "preferred_channel",
    )

    two_landlines = replace(sms, phone_2="032 63 1234")
    with pytest.raises(ProblemsError) as raised:
        change_contacts(day_db, ctx, PAYER, two_landlines, NOON, base=on_file(day_db))
    assert str(raised.value) == (
        "предпочитан канал: SMS изисква мобилен телефон, "
        "а +35929811234 и +35932631234 не са мобилни номера"
    )

    # The first phone empty: a call goes to the second; no phone at all is refused.
    only_second = replace(on_file(day_db), phone="", preferred_channel="phone")
    assert change_contacts(day_db, ctx, PAYER, only_second, NOON, base=on_file(day_db)).changed == (
        "phone",
        "preferred_channel",
    )
    none = replace(only_second, phone_2="")
    with pytest.raises(ProblemsError) as raised:
        change_contacts(day_db, ctx, PAYER, none, NOON, base=on_file(day_db))
    assert str(raised.value) == (
        "предпочитан канал: телефон изисква попълнен телефон или втори телефон"
    )


def test_the_account_view_carries_the_second_phone_and_a_reimport_keeps_it(
    day_db: Database,
) -> None:
    change_contact(day_db, cashier(day_db), PAYER, "phone_2", "02 981 1234", NOON)
    view = payer_view(day_db, PAYER, NOON.date())
    assert (view.phone, view.phone_2) == ("+359888123456", "+35929811234")

    # `desk import` has no second phone (INTERCHANGE.md): importing the same payer
    # again updates what the file has and leaves the second phone as it is.
    scenario = json.loads(
        (SHARED / "scenarios" / "commercial_discount_on_time.json").read_text("utf-8")
    )
    import_data(day_db, scenario["data"])
    assert payer_view(day_db, PAYER, NOON.date()).phone_2 == "+35929811234"


# --- what a person cannot mean (the attack on the web form, issue 16) ------------------


@pytest.mark.parametrize(
    "address",
    [
        "a;b@example.bg",
        "<img/src=x>@evil.bg",
        '=HYPERLINK("http://evil.example/@a.bg")',
        "ivan@exa mple.bg",
        "ivan@-example.bg",
        "ivan..petrov@example.bg",
    ],
)
def test_an_email_a_mail_server_would_read_as_another_recipient_is_refused(address: str) -> None:
    assert email_problem(address) is not None


@pytest.mark.parametrize(
    "address", ["ivan.petrov@example.bg", "o'brien+bills@mail.example.com", "x_1@a-b.bg"]
)
def test_ordinary_email_addresses_still_pass(address: str) -> None:
    assert email_problem(address) is None


@pytest.mark.parametrize("typed", ["ул. Витоша 1\x00", "ул.\x07 Витоша", "ул. \u202eтам 1"])
def test_an_address_with_control_or_direction_characters_is_refused(typed: str) -> None:
    with pytest.raises(UserError, match="управляващ знак"):
        normalised("address", typed)


def test_a_field_nobody_touched_is_not_judged_by_todays_rules(day_db: Database) -> None:
    # On file from an import of older rules: an e-mail today's rule refuses.
    with day_db.write() as session:
        session.execute(
            text("UPDATE payer SET email = 'a;b@example.bg' WHERE payer_code = :p"), {"p": PAYER}
        )
    ctx = cashier(day_db)
    base = payer_contacts(day_db, PAYER).values
    edited = replace(base, phone="0888 765 432")

    assert contact_problems(edited, NOON.date(), base) == []
    saved = change_contacts(day_db, ctx, PAYER, edited, NOON, base=base)
    assert saved.changed == ("phone",)
    assert payer_contacts(day_db, PAYER).values.email == "a;b@example.bg"
    # Typed again, the same address is judged.
    assert contact_problems(replace(edited, email="a;b@example.bg "), NOON.date()) != []


def test_a_clock_counter_full_goes_on_in_the_next_millisecond() -> None:
    full = Clock(5_000_000_000_000, 99_999, "K1")
    after = next_clock(str(full), NOON, "K2")

    assert (after.millis, after.counter) == (full.millis + 1, 0)
    assert str(full) < str(after)
