"""The contacts tab at the information desk: each field checked in words, Ctrl+S
saves the whole form, the history shows the change; a scanned returned survey
card binds the save to that card."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk.models.tables import ContactChange, Payer, SurveyCard
from desk.services.contacts import change_contact
from desk.services.survey_cards import card_number
from desk.ui.info.contacts_page import ContactsPage
from desk.ui.main_window import MainWindow
from tests.desk_fixtures import NOON, cashier
from tests.ui.info.steps import enter, info_panel, open_payer, type_text

PAYER = "4000000127"
CARD = card_number(1, 1)  # "001000000016"


def contacts_tab(qtbot: QtBot, window: MainWindow) -> ContactsPage:
    """Click the Contacts tab of the open payer; wait until the form is read."""
    panel = info_panel(window)
    bar = panel.payer_tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    page = panel.contacts
    qtbot.waitUntil(lambda: panel.payer_tabs.currentWidget() is page)
    qtbot.waitUntil(lambda: page.loaded is not None and page.isEnabled())
    return page


def retype(qtbot: QtBot, field: QWidget, text: str) -> None:
    """Focus the field, select what is there (Ctrl+A), type over it."""
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    type_text(field, text)


def save(qtbot: QtBot, page: ContactsPage) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def changes(window: MainWindow) -> list[tuple[str, str | None, str | None, str | None]]:
    with window.cashier.state.db.read() as session:
        rows = session.execute(
            select(
                ContactChange.field,
                ContactChange.new_value,
                ContactChange.source,
                SurveyCard.number,
            )
            .outerjoin(SurveyCard, SurveyCard.id == ContactChange.survey_card_id)
            .order_by(ContactChange.hlc)
        ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_a_bad_phone_is_shown_in_words_and_a_good_one_saved_into_the_history(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    open_payer(qtbot, window, PAYER)
    page = contacts_tab(qtbot, window)
    assert page.phone.text() == "+359888123456"

    retype(qtbot, page.phone, "12")
    qtbot.waitUntil(page.problems["phone"].isVisible)
    assert page.problems["phone"].text().startswith("телефон: ")
    save(qtbot, page)
    assert page.phone.hasFocus()  # back to the field that is wrong
    assert not page.busy and changes(window) == []

    retype(qtbot, page.phone, "0899 765 432")
    assert not page.problems["phone"].isVisible()
    retype(qtbot, page.address, "ул. Алабин 12, София")
    save(qtbot, page)

    qtbot.waitUntil(lambda: page.model.rowCount() == 3)  # reloaded from the database
    assert page.phone.text() == "+359899765432"
    texts = [[page.model.text(r, c) for c in range(8)] for r in range(3)]
    assert [row[2:4] for row in texts[1:]] == [
        ["", "ул. Алабин 12, София"],
        ["+359888123456", "+359899765432"],
    ]
    assert {row[0] for row in texts} == {"22.11.2026 12:00"}
    assert {(row[5], row[6], row[7]) for row in texts} == {("Елена Димова", "IC1", "")}
    assert changes(window) == [
        ("phone", "+359899765432", "info_centre", None),
        ("address", "ул. Алабин 12, София", "info_centre", None),
        ("confirmed", "2026-11-22T12:00:00", "info_centre", None),
    ]


def test_e_invoice_needs_its_email_and_consent_a_date_not_in_the_future(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    open_payer(qtbot, window, PAYER)
    page = contacts_tab(qtbot, window)
    assert not page.e_invoice_email.isEnabled() and not page.consent_on.isEnabled()

    page.e_invoice.setFocus()
    qtbot.keyClick(page.e_invoice, Qt.Key.Key_Space)
    assert page.e_invoice_email.isEnabled()
    assert page.problems["e_invoice_email"].text().startswith("имейл за електронна фактура: ")
    page.consent.setFocus()
    qtbot.keyClick(page.consent, Qt.Key.Key_Space)
    page.consent_on.setFocus()
    qtbot.keyClick(page.consent_on, Qt.Key.Key_Up)  # today + 1 day
    assert "в бъдещето" in page.problems["consent_on"].text()
    save(qtbot, page)
    assert changes(window) == []

    retype(qtbot, page.e_invoice_email, "faktura@example.bg")
    page.consent_on.setFocus()
    qtbot.keyClick(page.consent_on, Qt.Key.Key_Down)
    assert not any(label.isVisible() for label in page.problems.values())
    enter(qtbot, page.e_invoice_email)  # Enter in a field saves as well
    qtbot.waitUntil(lambda: len(changes(window)) == 4)
    assert [c[:2] for c in changes(window)] == [
        ("e_invoice", "true"),
        ("e_invoice_email", "faktura@example.bg"),
        ("consent_on", "2026-11-22"),
        ("confirmed", "2026-11-22T12:00:00"),
    ]


def test_tab_goes_down_the_form(qtbot: QtBot, info_window: Callable[[str], MainWindow]) -> None:
    window = info_window("court_case_and_final_warning")
    open_payer(qtbot, window, PAYER)
    page = contacts_tab(qtbot, window)
    page.phone.setFocus()
    qtbot.waitUntil(page.phone.hasFocus)
    seen = []
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [
        page.phone_2,  # the second phone, right under the first
        page.email,
        page.address,
        page.channel,
        page.e_invoice,
        page.consent,
    ]


def test_a_scanned_survey_card_binds_the_save_and_is_returned(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], qtmodeltester: ModelTester
) -> None:
    window = info_window("court_case_and_final_warning")
    with window.cashier.state.db.write() as session:
        payer_id = session.scalar(select(Payer.id).where(Payer.payer_code == PAYER))
        session.add(SurveyCard(number=CARD, payer_id=payer_id, printed_at=NOON.replace(hour=9)))
    panel = info_panel(window)

    qtbot.keyClicks(panel.search.field, CARD)
    enter(qtbot, panel.search.field)
    page = panel.contacts
    qtbot.waitUntil(lambda: page.card_number == CARD and page.loaded is not None)
    assert panel.payer_tabs.currentWidget() is page
    assert page.card_line.isVisible() and CARD in page.card_line.text()

    retype(qtbot, page.email, "nov@example.bg")
    save(qtbot, page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 and not page.busy)

    assert [page.model.text(r, 7) for r in range(2)] == [CARD, CARD]
    assert page.model.text(1, 3) == "nov@example.bg"
    qtmodeltester.check(page.model)
    assert page.card_number is None and not page.card_line.isVisible()
    assert changes(window) == [
        ("email", "nov@example.bg", "survey_card", CARD),
        ("confirmed", "2026-11-22T12:00:00", "survey_card", CARD),
    ]
    with window.cashier.state.db.read() as session:
        assert session.scalar(select(SurveyCard.returned_at)) == NOON

    # The same card scanned again: the desk says it was entered, and binds nothing.
    qtbot.keyClick(panel.search.field, Qt.Key.Key_F2)
    qtbot.keyClicks(panel.search.field, CARD)
    enter(qtbot, panel.search.field)
    qtbot.waitUntil(lambda: "22.11.2026" in panel.message.text())
    assert page.card_number is None


def test_a_blank_card_is_entered_for_the_payer_found_after_it(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    with window.cashier.state.db.write() as session:
        session.add(SurveyCard(number=CARD, payer_id=None, printed_at=NOON.replace(hour=9)))
    panel = info_panel(window)
    qtbot.keyClicks(panel.search.field, CARD)
    enter(qtbot, panel.search.field)
    qtbot.waitUntil(lambda: panel.pending_card is not None and panel.pending_card.number == CARD)

    open_payer(qtbot, window, PAYER)
    page = panel.contacts
    qtbot.waitUntil(lambda: page.card_number == CARD and page.loaded is not None)
    retype(qtbot, page.phone, "0878 111 222")
    save(qtbot, page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)

    with window.cashier.state.db.read() as session:
        card = session.scalars(select(SurveyCard)).one()
        payer_id = session.scalar(select(Payer.id).where(Payer.payer_code == PAYER))
        assert (card.payer_id, card.returned_at) == (payer_id, NOON)
    assert changes(window)[0] == ("phone", "+359878111222", "survey_card", CARD)


# --- review fixes ------------------------------------------------------------------------


def payer_row(window: MainWindow) -> tuple[str | None, str | None]:
    with window.cashier.state.db.read() as session:
        row = session.execute(
            select(Payer.phone, Payer.email).where(Payer.payer_code == PAYER)
        ).one()
    return row.phone, row.email


def test_a_form_opened_before_a_change_elsewhere_writes_only_what_the_clerk_changed(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    open_payer(qtbot, window, PAYER)
    page = contacts_tab(qtbot, window)
    assert page.email.text() == ""
    # Meanwhile the cashier at K1 takes the payer's e-mail (or a pull brings it).
    db = window.cashier.state.db
    change_contact(db, cashier(db), PAYER, "email", "b@example.bg", NOON)

    retype(qtbot, page.phone, "0899 765 432")  # the form still shows no e-mail
    save(qtbot, page)
    qtbot.waitUntil(lambda: page.email.text() == "b@example.bg" and not page.busy)

    assert payer_row(window) == ("+359899765432", "b@example.bg")
    assert changes(window) == [
        ("email", "b@example.bg", "desk", None),
        ("phone", "+359899765432", "info_centre", None),
        ("confirmed", "2026-11-22T12:00:00", "info_centre", None),
    ]


def test_a_field_changed_here_and_meanwhile_elsewhere_is_refused_in_words(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    open_payer(qtbot, window, PAYER)
    page = contacts_tab(qtbot, window)
    db = window.cashier.state.db
    change_contact(db, cashier(db), PAYER, "email", "b@example.bg", NOON)

    retype(qtbot, page.email, "a@example.bg")
    save(qtbot, page)
    qtbot.waitUntil(lambda: page.problem.isVisible() and not page.busy)
    assert page.problem.text().startswith("имейл: променено междувременно на b@example.bg")
    assert payer_row(window) == ("+359888123456", "b@example.bg")
    assert [c[0] for c in changes(window)] == ["email"]  # only the other desk's change


def test_a_foreign_phone_and_sms_to_a_landline_are_shown_in_words(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    open_payer(qtbot, window, PAYER)
    page = contacts_tab(qtbot, window)

    retype(qtbot, page.phone, "+44 20 7946 0958")
    qtbot.waitUntil(page.problems["phone"].isVisible)
    assert "чуждестранен" in page.problems["phone"].text()
    assert page.problems["phone"].text().startswith("телефон: ")

    retype(qtbot, page.phone, "02 981 1234")
    assert not page.problems["phone"].isVisible()
    page.channel.setFocus()
    while page.channel.currentData() != "sms":  # down the list: post, e-mail, SMS
        qtbot.keyClick(page.channel, Qt.Key.Key_Down)
    assert (
        page.problems["preferred_channel"]
        .text()
        .startswith("предпочитан канал: SMS изисква мобилен телефон")
    )
    save(qtbot, page)
    assert page.channel.hasFocus() and changes(window) == []

    retype(qtbot, page.phone, "0878 111 222")
    assert not page.problems["preferred_channel"].isVisible()


def test_tab_leaves_the_history_table_instead_of_walking_its_cells(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    open_payer(qtbot, window, PAYER)
    page = contacts_tab(qtbot, window)
    save(qtbot, page)  # confirmed: a row in the history
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.busy)

    page.history.setFocus()
    qtbot.waitUntil(page.history.hasFocus)
    page.history.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.history, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not page.history
    assert page.history.currentIndex().column() == 0

    page.history.setFocus()
    qtbot.waitUntil(page.history.hasFocus)
    qtbot.keyClick(page.history, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is page.save_button


# --- the second phone (issue 5, item 1: "phones") ----------------------------------------


def test_a_second_phone_under_the_first_is_checked_saved_and_shown_on_the_account(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    open_payer(qtbot, window, PAYER)
    page = contacts_tab(qtbot, window)
    assert page.phone_2.text() == ""
    assert page.labels["phone_2"].buddy() is page.phone_2
    assert page.phone.y() < page.phone_2.y() < page.email.y()  # under the phone

    retype(qtbot, page.phone_2, "+49 30 901820")
    qtbot.waitUntil(page.problems["phone_2"].isVisible)
    assert page.problems["phone_2"].text().startswith("втори телефон: номерът")
    assert "чуждестранен" in page.problems["phone_2"].text()
    # Its problem next to it, on its row.
    assert page.problems["phone_2"].x() > page.phone_2.x() + page.phone_2.width() // 2
    assert abs(page.problems["phone_2"].y() - page.phone_2.y()) < page.phone_2.height()

    retype(qtbot, page.phone_2, "0888 123 456")  # the first phone again
    assert page.problems["phone_2"].text() == (
        "втори телефон: +359888123456 вече е записан като телефон"
    )
    page.email.setFocus()
    save(qtbot, page)
    assert page.phone_2.hasFocus()  # back to the field that is wrong
    assert not page.busy and changes(window) == []

    # A landline beside the mobile; SMS still fine, the mobile is the first phone.
    retype(qtbot, page.phone_2, "02 981 1234")
    assert not page.problems["phone_2"].isVisible()
    page.channel.setFocus()
    while page.channel.currentData() != "sms":
        qtbot.keyClick(page.channel, Qt.Key.Key_Down)
    assert not page.problems["preferred_channel"].isVisible()
    save(qtbot, page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3 and not page.busy)

    assert page.phone_2.text() == "+35929811234"  # reloaded from the database
    rows = [[page.model.text(r, c) for c in range(4)] for r in range(3)]
    assert rows[2][0] == "22.11.2026 12:00" and rows[2][2:] == ["", "+35929811234"]
    assert rows[2][1] == "втори телефон"
    assert changes(window) == [
        ("phone_2", "+35929811234", "info_centre", None),
        ("preferred_channel", "sms", "info_centre", None),
        ("confirmed", "2026-11-22T12:00:00", "info_centre", None),
    ]
    # The payer card on the Account tab lists both phones.
    card = info_panel(window).account.card.findChild(QLabel, "payerContacts")
    qtbot.waitUntil(lambda: "+35929811234" in card.text())
    assert card.text().index("+359888123456") < card.text().index("Втори телефон: +35929811234")


def test_emptying_the_mobile_beside_a_landline_refuses_sms_in_words(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    db = window.cashier.state.db
    change_contact(db, cashier(db), PAYER, "phone_2", "02 981 1234", NOON)
    open_payer(qtbot, window, PAYER)
    page = contacts_tab(qtbot, window)
    assert page.phone_2.text() == "+35929811234"
    page.channel.setFocus()
    while page.channel.currentData() != "sms":
        qtbot.keyClick(page.channel, Qt.Key.Key_Down)

    retype(qtbot, page.phone, "02 980 0000")  # the mobile replaced by another landline
    qtbot.waitUntil(page.problems["preferred_channel"].isVisible)
    assert page.problems["preferred_channel"].text() == (
        "предпочитан канал: SMS изисква мобилен телефон, "
        "а +35929800000 и +35929811234 не са мобилни номера"
    )
    retype(qtbot, page.phone_2, "0878 111 222")  # a mobile in the second phone will do
    assert not page.problems["preferred_channel"].isVisible()


def test_the_saved_line_belongs_to_its_payer_and_goes_when_another_opens(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    panel = info_panel(window)
    open_payer(qtbot, window, PAYER)
    page = contacts_tab(qtbot, window)
    retype(qtbot, page.phone, "0899 765 432")
    save(qtbot, page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 and window.tasks.pending == 0)
    said = panel.message.text()
    assert said.startswith("Данните за контакт са записани: ")
    assert panel.message.isVisible()  # the reload of the same payer keeps it

    open_payer(qtbot, window, "4000000119")  # another payer at the counter

    assert panel.payer_code == "4000000119"
    assert panel.message.text() == "" and not panel.message.isVisible()


def test_a_change_from_the_web_form_is_named_as_the_campaign_report_names_it(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    db = window.cashier.state.db
    change_contact(db, cashier(db), PAYER, "email", "b@example.bg", NOON, source="web")
    open_payer(qtbot, window, PAYER)
    page = contacts_tab(qtbot, window)

    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.text(0, 4) == "уеб формуляр"  # the report's "уеб формуляр", not "уебсайт"
