"""Who the payer is: name, codes, contacts, the properties held, and the banners."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desk.billing.quote import Quote
from desk.services.account_view import Holding, PayerView
from desk.services.lookup import Hit
from desk.ui.i18n import Retranslating
from desk.ui.kit.formatting import COURT_STAGES, TENURES, date_text, money_text, word
from desk.ui.kit.widgets import set_style_property
from desk.ui.plain_text import DataLabel


class PayerCard(Retranslating, QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("payerCard")
        self.payer: PayerView | None = None
        self.quote: Quote | None = None
        self.hit: Hit | None = None
        self._name = DataLabel(objectName="payerName")
        self._ids = DataLabel(objectName="payerIds")
        self._ids.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Wrapped, not one line: a payer with both phones, an e-mail and an address
        # (the web form fills all four) made one line wider than a 1366 px screen and
        # pushed the window's buttons off it.
        self._contacts = DataLabel(objectName="payerContacts", wordWrap=True)
        self._survey = DataLabel(objectName="surveyPrompt", wordWrap=True)
        self._holdings = DataLabel(objectName="holdings", wordWrap=True)
        self._former = DataLabel(objectName="formerHolder", wordWrap=True)
        self._banners = QHBoxLayout()
        self._banners.setSpacing(8)
        self._banners.addStretch(1)
        self._banner_labels: list[QLabel] = []
        self.banner_texts: list[str] = []

        top = QHBoxLayout()
        top.addWidget(self._name)
        top.addSpacing(16)
        top.addWidget(self._ids, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(4)
        contacts = QHBoxLayout()
        contacts.setSpacing(24)
        contacts.addWidget(self._contacts, 3)
        contacts.addWidget(self._survey, 2)
        layout.addLayout(top)
        layout.addLayout(contacts)
        layout.addWidget(self._holdings)
        layout.addWidget(self._former)
        layout.addLayout(self._banners)

    def show_payer(self, payer: PayerView, quote: Quote, hit: Hit | None) -> None:
        self.payer, self.quote, self.hit = payer, quote, hit
        self.retranslate()

    @property
    def former_holder(self) -> bool:
        """Opened from a property's history for someone who no longer holds it."""
        return self.hit is not None and self.hit.matched == "subscriber" and not self.hit.current

    def retranslate(self) -> None:
        payer, quote = self.payer, self.quote
        if payer is None or quote is None:
            return
        self._name.setText(payer.name)
        ids = [self.tr("Payer code {code}").format(code=payer.payer_code)]
        if payer.masked_id:
            label = self.tr("EGN") if payer.kind == "person" else self.tr("EIK")
            ids.append(f"{label} {payer.masked_id}")
        self._ids.setText("   ·   ".join(ids))
        self._contacts.setText(self._contact_text(payer))
        self._survey.setVisible(payer.contacts_stale)
        self._survey.setText(
            self.tr("Contacts not confirmed for over a year: offer a survey card.")
        )
        self._holdings.setText("\n".join(self._holding_text(h) for h in payer.holdings))
        self._former.setVisible(self.former_holder)
        if self.hit is not None:
            self._former.setText(
                self.tr(
                    "{name} no longer holds {number}: money taken here pays their own "
                    "past periods, not the current holder's."
                ).format(name=payer.name, number=self.hit.subscriber_number)
            )
        self._show_banners(quote)

    def _contact_text(self, payer: PayerView) -> str:
        parts = [
            self.tr("Phone: {phone}").format(phone=payer.phone or "—"),
            self.tr("E-mail: {email}").format(email=payer.email or "—"),
        ]
        if payer.phone_2:
            parts.insert(1, self.tr("Second phone: {phone}").format(phone=payer.phone_2))
        if payer.address:
            parts.append(self.tr("Address: {address}").format(address=payer.address))
        if payer.contacts_confirmed is None:
            parts.append(self.tr("never confirmed"))
        else:
            parts.append(
                self.tr("confirmed on {day}").format(day=date_text(payer.contacts_confirmed.date()))
            )
        return "   ·   ".join(parts)

    def _holding_text(self, holding: Holding) -> str:
        if holding.end is None:
            period = self.tr("since {start}").format(start=date_text(holding.start))
        else:
            period = f"{date_text(holding.start)} – {date_text(holding.end)}"
        return (
            f"{holding.subscriber_number}   {holding.address} ({holding.district})   "
            f"{word(TENURES, holding.kind)}, {period}"
        )

    def _banner_list(self, quote: Quote) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        if quote.totals.overdue.positive:
            overdue = self.tr("Overdue: {amount}")
            found.append(("danger", overdue.format(amount=money_text(quote.totals.overdue))))
        for banner in quote.banners:
            kind, _, detail = banner.partition(":")
            if kind == "final_warning":
                found.append(("danger", self.tr("Final warning before court action")))
            elif kind == "court":
                text = self.tr("Court case: {stage}").format(stage=word(COURT_STAGES, detail))
                found.append(("danger", text))
            elif kind == "agreement" and detail == "breached":
                found.append(("danger", self.tr("Installment agreement breached")))
            elif kind == "agreement":
                found.append(("info", self.tr("Installment agreement")))
            elif kind == "plan":
                found.append(("info", self.tr("Equal-installment plan {plan}").format(plan=detail)))
        if quote.credit.positive:
            credit = self.tr("Credit balance: {amount}").format(amount=money_text(quote.credit))
            found.append(("good", credit))
        if not found and quote.good_standing:
            found.append(("good", self.tr("In good standing")))
        return found

    def _show_banners(self, quote: Quote) -> None:
        """The banners in labels kept from one payer to the next: a new label costs its
        style sheet's polish and a relayout, several milliseconds an account (issue 15);
        one not needed is hidden, and a tone changed polishes that label again."""
        self.banner_texts = []
        for number, (tone, text) in enumerate(self._banner_list(quote)):
            if number < len(self._banner_labels):
                label = self._banner_labels[number]
                label.setText(text)
                if label.property("tone") != tone:
                    set_style_property(label, "tone", tone)
            else:
                label = DataLabel(text, objectName="banner")
                label.setProperty("tone", tone)
                self._banners.insertWidget(number, label)  # before the stretch
                self._banner_labels.append(label)
            label.show()
            self.banner_texts.append(text)
        for label in self._banner_labels[len(self.banner_texts) :]:
            label.hide()
