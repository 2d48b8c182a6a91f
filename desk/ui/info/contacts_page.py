"""A payer's contact details: the form, each field's problem next to it, and the history.

Issue 5, items 1 and 2: every field is checked as the clerk types (the same
rules the service applies), Ctrl+S or Enter saves the whole form, which also
confirms the details on file; a scanned returned survey card binds the next
save to that card. Two phones (a landline beside a mobile is common): the second
sits under the first and follows it in the Tab order.
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import pairwise

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.services.contacts import (
    CHANNELS,
    CONFIRMED,
    FIELD_OF_NAME,
    PHONES,
    ContactsSaved,
    ContactValues,
    HistoryLine,
    PayerContacts,
    change_contacts,
    contact_problems,
    payer_contacts,
)
from desk.ui.i18n import QT_TRANSLATE_NOOP
from desk.ui.info.pages import FormPage
from desk.ui.kit.context import PageContext
from desk.ui.kit.formatting import date_text, time_text
from desk.ui.kit.models import AMBER, RowsModel
from desk.ui.kit.widgets import ProblemLabel, key_button, set_style_property
from desk.ui.layout import keep_rows, keep_text_width, scrolling_body
from desk.ui.plain_text import DataLabel
from desk.ui.style import named

WORDS = "ContactsPage"  # the translation context of the words below
FIELD_WORDS = {
    "phone": QT_TRANSLATE_NOOP("ContactsPage", "phone"),
    "phone_2": QT_TRANSLATE_NOOP("ContactsPage", "second phone"),
    "email": QT_TRANSLATE_NOOP("ContactsPage", "e-mail"),
    "address": QT_TRANSLATE_NOOP("ContactsPage", "correspondence address"),
    "preferred_channel": QT_TRANSLATE_NOOP("ContactsPage", "preferred channel"),
    "e_invoice": QT_TRANSLATE_NOOP("ContactsPage", "e-invoice"),
    "e_invoice_email": QT_TRANSLATE_NOOP("ContactsPage", "e-invoice e-mail"),
    "consent_on": QT_TRANSLATE_NOOP("ContactsPage", "consent given on"),
    CONFIRMED: QT_TRANSLATE_NOOP("ContactsPage", "details confirmed"),
}
SOURCE_WORDS = {
    "desk": QT_TRANSLATE_NOOP("ContactsPage", "pay desk"),
    "info_centre": QT_TRANSLATE_NOOP("ContactsPage", "information centre"),
    "survey_card": QT_TRANSLATE_NOOP("ContactsPage", "survey card"),
    "web": QT_TRANSLATE_NOOP("ContactsPage", "web form"),  # the report's word too
    "e_invoice": QT_TRANSLATE_NOOP("ContactsPage", "e-invoice reply"),
}
CHANNEL_WORDS = {
    "post": QT_TRANSLATE_NOOP("ContactsPage", "post"),
    "email": QT_TRANSLATE_NOOP("ContactsPage", "e-mail"),
    "sms": QT_TRANSLATE_NOOP("ContactsPage", "SMS"),
    "phone": QT_TRANSLATE_NOOP("ContactsPage", "phone call"),
}

YES_NO = {
    "true": QT_TRANSLATE_NOOP("ContactsPage", "yes"),
    "false": QT_TRANSLATE_NOOP("ContactsPage", "no"),
}


def _word(table: dict[str, str], key: str) -> str:
    source = table.get(key)
    return QCoreApplication.translate(WORDS, source) if source else key


def value_text(field: str, value: str | None) -> str:
    """A stored value in words: yes/no, a date, a channel, a time."""
    if value is None:
        return ""
    if field == "e_invoice":
        return _word(YES_NO, value)
    if field == "consent_on":
        return date_text(date.fromisoformat(value))
    if field == "preferred_channel":
        return _word(CHANNEL_WORDS, value)
    if field == CONFIRMED:
        return time_text(datetime.fromisoformat(value))
    return value


class ContactHistoryModel(RowsModel[HistoryLine]):
    """The payer's contact changes, newest first."""

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("When"),
            self.tr("Field"),
            self.tr("Old value"),
            self.tr("New value"),
            self.tr("Where"),
            self.tr("Who"),
            self.tr("Desk"),
            self.tr("Survey card"),
        )

    def row_texts(self, line: HistoryLine) -> tuple[str, ...]:
        return (
            time_text(line.when),
            _word(FIELD_WORDS, line.field),
            value_text(line.field, line.old),
            value_text(line.field, line.new),
            _word(SOURCE_WORDS, line.source),
            line.who,
            line.desk_code,
            line.card_number or "",
        )

    def cell_color(self, line: HistoryLine, column: int) -> QColor | None:
        return AMBER if column == 7 and line.card_number else None


class ContactsPage(FormPage):
    def __init__(self, info: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(info, parent)
        self.setObjectName("contactsPage")
        self.card_number: str | None = None
        self.busy = False
        self.loaded: PayerContacts | None = None
        self._touched: set[str] = set()

        # Whose details these are, always in sight: a clerk entering a scanned card checks
        # the card belongs to the person at the counter (issue 13, point 20).
        self.payer_line = DataLabel(objectName="contactsPayer", wordWrap=True)
        self.card_line = DataLabel(objectName="banner", wordWrap=True)
        set_style_property(self.card_line, "tone", "info")
        self.card_line.hide()
        self.phone = named(QLineEdit(), "contactPhone")
        self.phone_2 = named(QLineEdit(), "contactPhone2")
        self.email = named(QLineEdit(), "contactEmail")
        self.address = named(QLineEdit(), "contactAddress")
        self.channel = named(QComboBox(), "contactChannel")
        self.channel.addItem("", None)
        for channel in CHANNELS:
            self.channel.addItem("", channel)
        self.e_invoice = named(QCheckBox(), "contactEInvoice")
        self.e_invoice_email = named(QLineEdit(), "contactEInvoiceEmail")
        self.consent = named(QCheckBox(), "contactConsent")
        self.consent_on = named(QDateEdit(), "contactConsentOn")
        self.consent_on.setDisplayFormat("dd.MM.yyyy")
        self.consent_on.setCalendarPopup(True)
        # The field each problem belongs to (a key of desk.services.contacts.FIELDS).
        self.inputs: dict[str, QWidget] = {
            "phone": self.phone,
            "phone_2": self.phone_2,
            "email": self.email,
            "address": self.address,
            "preferred_channel": self.channel,
            "e_invoice": self.e_invoice,
            "e_invoice_email": self.e_invoice_email,
            "consent_on": self.consent_on,
        }
        self.problems = {field: ProblemLabel() for field in self.inputs}
        self.labels = {field: DataLabel() for field in self.inputs}
        grid = QGridLayout()
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 1)
        for row, (field, widget) in enumerate(self.inputs.items()):
            label = self.labels[field]
            label.setBuddy(self.consent if field == "consent_on" else widget)
            grid.addWidget(label, row, 0)
            if field == "consent_on":
                both = QHBoxLayout()
                both.addWidget(self.consent)
                both.addWidget(self.consent_on, 1)
                grid.addLayout(both, row, 1)
            else:
                grid.addWidget(widget, row, 1)
            grid.addWidget(self.problems[field], row, 2)

        self.confirmed = DataLabel(objectName="contactsConfirmed")
        self.problem = ProblemLabel()
        self.save_button = key_button(default=True)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirmed, 1)
        buttons.addWidget(self.save_button)
        self.history_title = DataLabel(objectName="sectionTitle")
        self.model = ContactHistoryModel(self)
        self.history = named(QTableView(), "contactHistory")
        self.history.setModel(self.model)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.history.verticalHeader().hide()
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        # The form scrolls on a small screen; the history keeps a few rows (issue 13, 12).
        keep_rows(self.history, 4)
        for edit in (self.phone, self.phone_2):
            keep_text_width(edit, "+359 888 123 456")
        for edit in (self.email, self.e_invoice_email, self.address):
            keep_text_width(edit, "ivan.petrov@example.com")
        layout = QVBoxLayout(scrolling_body(self))
        layout.setContentsMargins(8, 12, 8, 8)
        layout.addWidget(self.payer_line)
        layout.addWidget(self.card_line)
        layout.addLayout(grid)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        layout.addWidget(self.history_title)
        layout.addWidget(self.history, 1)
        order = [
            self.phone,
            self.phone_2,
            self.email,
            self.address,
            self.channel,
            self.e_invoice,
            self.e_invoice_email,
            self.consent,
            self.consent_on,
            self.save_button,
            self.history,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

        for field, edit in (
            ("phone", self.phone),
            ("phone_2", self.phone_2),
            ("email", self.email),
            ("address", self.address),
            ("e_invoice_email", self.e_invoice_email),
        ):
            edit.textEdited.connect(lambda _text, f=field: self._edited(f))
            edit.returnPressed.connect(self.save)
        self.channel.activated.connect(lambda _i: self._edited("preferred_channel"))
        self.e_invoice.toggled.connect(self._e_invoice_toggled)
        self.consent.toggled.connect(self._consent_toggled)
        self.consent_on.dateChanged.connect(lambda _d: self._edited("consent_on"))
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.retranslate()
        self.clear()

    # --- the payer -------------------------------------------------------------------

    def show_payer(self, payer_code: str) -> None:
        if payer_code != self.payer_code:
            self.bind_card(None)
            self.loaded = None
            self._fill(ContactValues())
            self.model.set_rows([])
        super().show_payer(payer_code)
        self._payer_text()
        database = self.info.state.db
        self.info.state.run(
            lambda: payer_contacts(database, payer_code), self._loaded, self._refused
        )

    def clear(self) -> None:
        super().clear()
        self.bind_card(None)
        self.loaded = None
        self._fill(ContactValues())
        self.model.set_rows([])
        self.problem.show_problem("")
        self.confirmed.setText("")
        self._payer_text()
        self.setEnabled(False)

    def bind_card(self, card_number: str | None) -> None:
        """The next save is recorded against this returned survey card."""
        self.card_number = card_number
        self.card_line.setVisible(card_number is not None)
        self._card_text()
        if card_number is not None:
            self.phone.setFocus()

    def _loaded(self, contacts: PayerContacts) -> None:
        if contacts.payer_code != self.payer_code:
            return  # another payer was opened meanwhile
        self.loaded = contacts
        self.setEnabled(True)
        self._fill(contacts.values)
        self.model.set_rows(list(contacts.history))
        self._confirmed_text()
        self._payer_text()
        self._card_text()

    def _fill(self, values: ContactValues) -> None:
        self._touched.clear()
        for widget in self.inputs.values():
            widget.blockSignals(True)
        self.consent.blockSignals(True)
        self.phone.setText(values.phone)
        self.phone_2.setText(values.phone_2)
        self.email.setText(values.email)
        self.address.setText(values.address)
        self.channel.setCurrentIndex(max(0, self.channel.findData(values.preferred_channel)))
        self.e_invoice.setChecked(values.e_invoice)
        self.e_invoice_email.setText(values.e_invoice_email)
        self.consent.setChecked(values.consent)
        on = values.consent_on or self.info.state.today()
        self.consent_on.setDate(QDate(on.year, on.month, on.day))
        for widget in self.inputs.values():
            widget.blockSignals(False)
        self.consent.blockSignals(False)
        self.e_invoice_email.setEnabled(values.e_invoice)
        self.consent_on.setEnabled(values.consent)
        for label in self.problems.values():
            label.show_problem("")

    # --- the form --------------------------------------------------------------------

    def values(self) -> ContactValues:
        on = self.consent_on.date()
        return ContactValues(
            phone=self.phone.text(),
            phone_2=self.phone_2.text(),
            email=self.email.text(),
            address=self.address.text(),
            preferred_channel=self.channel.currentData(),
            e_invoice=self.e_invoice.isChecked(),
            e_invoice_email=self.e_invoice_email.text(),
            consent=self.consent.isChecked(),
            consent_on=date(on.year(), on.month(), on.day()),
        )

    def _e_invoice_toggled(self, on: bool) -> None:
        self.e_invoice_email.setEnabled(on)
        self._edited("e_invoice")
        self._edited("e_invoice_email")

    def _consent_toggled(self, on: bool) -> None:
        self.consent_on.setEnabled(on)
        self._edited("consent_on")

    def _edited(self, field: str) -> None:
        self._touched.add(field)
        if field in PHONES:
            # The same number twice is the second phone's problem: show it whichever is typed.
            self._touched.update(PHONES)
        self._check(self._touched)

    def _check(self, fields: set[str]) -> str | None:
        """Show the problems of ``fields``; the first field with a problem, if any."""
        found = {
            FIELD_OF_NAME.get(p.where, ""): str(p)
            for p in contact_problems(
                self.values(),
                self.info.state.today(),
                self.loaded.values if self.loaded is not None else None,
            )
        }
        for field, label in self.problems.items():
            problem = found.get(field, "") if field in fields else ""
            label.show_problem(problem)
            if isinstance(self.inputs[field], QLineEdit):
                set_style_property(self.inputs[field], "problem", bool(problem))
        return next((f for f in self.inputs if f in found and f in fields), None)

    def save(self) -> None:
        if self.busy or self.payer_code is None or self.loaded is None:
            return
        self.problem.show_problem("")
        self._touched.update(self.inputs)
        first = self._check(self._touched)
        if first is not None:
            widget = self.consent if first == "consent_on" else self.inputs[first]
            widget.setFocus()
            return
        state, code, values, card = (
            self.info.state,
            self.payer_code,
            self.values(),
            self.card_number,
        )
        # What the form was loaded with: only the fields the clerk changed are written.
        base = self.loaded.values
        database, ctx, now = state.db, state.user, state.now()
        self._set_busy(True)
        state.run(
            lambda: change_contacts(
                database, ctx, code, values, now, base=base, survey_card_number=card
            ),
            self._saved,
            self._refused,
            self._environment_error,
        )

    def _saved(self, saved: ContactsSaved) -> None:
        self._set_busy(False)
        if saved.card_number is not None and saved.card_number == self.card_number:
            self.bind_card(None)  # entered; a card scanned while saving stays bound
        if saved.card_number is not None:
            text = self.tr("Survey card {number} entered: {count} changes.")
            message = text.format(number=saved.card_number, count=len(saved.changed))
        elif saved.changed:
            message = self.tr("Contact details saved: {count} changes.").format(
                count=len(saved.changed)
            )
        else:
            message = self.tr("Contact details confirmed unchanged.")
        self.info.show_payer_message(message)
        self.changed.emit()

    # --- texts -----------------------------------------------------------------------

    def _payer(self) -> tuple[str, str] | None:
        """The name and payer code of the payer shown, once read."""
        loaded = self.loaded
        if loaded is None or loaded.payer_code != self.payer_code:
            return None
        return loaded.name, loaded.payer_code

    def _payer_text(self) -> None:
        payer = self._payer()
        if payer is not None:
            text = self.tr("{name}, payer code {code}").format(name=payer[0], code=payer[1])
        elif self.payer_code is not None:
            text = self.tr("Payer code {code}").format(code=self.payer_code)
        else:
            text = ""
        self.payer_line.setText(text)
        self.payer_line.setVisible(bool(text))

    def _card_text(self) -> None:
        if self.card_number is None:
            return
        payer = self._payer()
        if payer is None:
            self.card_line.setText(
                self.tr(
                    "Survey card {number}: saving records the changes against this card."
                ).format(number=self.card_number)
            )
            return
        self.card_line.setText(
            self.tr(
                "Survey card {number} for {name}, payer code {code}: check it is the "
                "person at the counter; saving records the changes against this card."
            ).format(number=self.card_number, name=payer[0], code=payer[1])
        )

    def _confirmed_text(self) -> None:
        at = self.loaded.confirmed_at if self.loaded is not None else None
        self.confirmed.setText(
            self.tr("Last confirmed {when}").format(when=time_text(at))
            if at is not None
            else self.tr("Never confirmed")
            if self.loaded is not None
            else ""
        )

    def title(self) -> str:
        return self.tr("Contacts")

    def retranslate(self) -> None:
        texts = {
            "phone": self.tr("&Phone"),
            "phone_2": self.tr("&Second phone"),
            "email": self.tr("&E-mail"),
            "address": self.tr("Correspondence a&ddress"),
            "preferred_channel": self.tr("Preferred c&hannel"),
            "e_invoice": self.tr("E-&invoice"),
            "e_invoice_email": self.tr("E-invoice e-&mail"),
            "consent_on": self.tr("C&onsent"),
        }
        for field, text in texts.items():
            self.labels[field].setText(text)
        self.phone.setPlaceholderText("0888 123 456")
        self.phone_2.setPlaceholderText("02 123 4567")
        self.channel.setItemText(0, self.tr("not chosen"))
        for index, channel in enumerate(CHANNELS, start=1):
            self.channel.setItemText(index, _word(CHANNEL_WORDS, channel))
        self.e_invoice.setText(self.tr("Send invoices by e-mail"))
        self.consent.setText(self.tr("Consent to processing of personal data given on"))
        self.save_button.setText(self.tr("Save (Ctrl+S)"))
        self.history_title.setText(self.tr("History of changes"))
        self._card_text()
        self._payer_text()
        self._confirmed_text()
        self.model.retranslate()
