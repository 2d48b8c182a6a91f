"""Payer details, holdings and payment history for the account view."""

from __future__ import annotations

from desk.models.db import Database
from desk.services.account_view import payer_view, payment_history
from desk.services.payments import void_payment
from desk.services.users import DEMO_PASSWORD
from tests.desk_fixtures import NOON, PAYER, on_shift, pay_by_card


def test_view_and_history_show_voids(day_db: Database) -> None:
    view = payer_view(day_db, PAYER, NOON.date())
    assert view.name == "Иван Петров Иванов"
    assert [h.subscriber_number for h in view.holdings] == ["1000001"]
    assert view.contacts_stale  # never confirmed: offer a survey card

    ctx = on_shift(day_db)
    done = pay_by_card(day_db, ctx)
    void = void_payment(day_db, ctx, done.payment_id, "грешка", "nachalnik", DEMO_PASSWORD, NOON)
    history = payment_history(day_db, PAYER)
    assert history[0].payment_id == done.payment_id
    assert history[0].voided and history[0].receipt_number == 1
    # The history names the void's own receipt (issue 13 point 6).
    assert history[0].void_receipt == void.receipt_number == 2
    assert [p.voided for p in history[1:]] == [False, False]
    assert [p.void_receipt for p in history[1:]] == [None, None]
