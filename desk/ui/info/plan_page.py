"""Equal installments: enrol the open payer's property in a plan year.

Issue 5, item 7 (DOMAIN.md "Installment loyalty"): the payer must be in good
standing; the clerk picks the property and types the yearly estimate, and the
installment (estimate / 11) follows every key. Whether the payer is a new or an
existing client (which installment can earn 50%) is shown before saving.
Enter moves to the next field; only Save (Ctrl+S, or the button) records the
plan, in a worker, and shows the confirmation to print. The plan year follows
the policy (services.plans.plan_first_month). Billing issues the installment
invoices; the desk records the plan.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from desk.billing import policy
from desk.billing.calendar import first_day
from desk.billing.schedule import plan_installment
from desk.printing.plan_confirmation import plan_pdf
from desk.services.plans import (
    PlanDone,
    PlanOffer,
    check_estimate,
    enrol_plan,
    plan_document,
    plan_offer,
    plan_year_text,
)
from desk.ui.info.pages import FormPage
from desk.ui.kit.context import PageContext
from desk.ui.kit.formatting import date_text, money_text
from desk.ui.kit.widgets import MoneyEdit, ProblemLabel, key_button, set_style_property
from desk.ui.layout import keep_text_width, scrolling_body
from desk.ui.plain_text import DataLabel
from desk.ui.style import named


class PlanPage(FormPage):
    def __init__(self, info: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(info, parent)
        self.setObjectName("planPage")
        self.busy = False
        self.offer: PlanOffer | None = None

        self.heading = DataLabel(objectName="sectionTitle")
        self.standing = DataLabel(objectName="planStanding", wordWrap=True)
        self.client = DataLabel(objectName="planClient", wordWrap=True)
        self.property_combo = named(QComboBox(), "planProperty")
        self.estimate = MoneyEdit()
        self.estimate.setObjectName("planEstimate")
        self.installment = DataLabel(objectName="planInstallment")
        self.months = DataLabel(objectName="planMonths", wordWrap=True)
        self._property_label, self._estimate_label = DataLabel(), DataLabel()
        self._installment_label, self._months_label = DataLabel(), DataLabel()
        self._property_label.setBuddy(self.property_combo)
        self._estimate_label.setBuddy(self.estimate)
        self.property_problem, self.estimate_problem = ProblemLabel(), ProblemLabel()
        grid = QGridLayout()
        rows = (
            (self._property_label, self.property_combo, self.property_problem),
            (self._estimate_label, self.estimate, self.estimate_problem),
            (self._installment_label, self.installment, None),
            (self._months_label, self.months, None),
        )
        for row, (label, widget, problem) in enumerate(rows):
            grid.addWidget(label, row, 0)
            grid.addWidget(widget, row, 1)
            if problem is not None:
                grid.addWidget(problem, row, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)

        self.problem = ProblemLabel()
        self.save_button = key_button(default=True)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        keep_text_width(self.estimate, "12 345,67")
        layout = QVBoxLayout(scrolling_body(self))  # scrolls on a small screen (issue 13, 12)
        layout.setContentsMargins(8, 12, 8, 8)
        layout.addWidget(self.heading)
        layout.addWidget(self.standing)
        layout.addWidget(self.client)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        for first, second in pairwise((self.property_combo, self.estimate, self.save_button)):
            QWidget.setTabOrder(first, second)

        self.estimate.textChanged.connect(lambda _t: self.update_installment())
        # Enter moves on: the plan is saved only by Ctrl+S or the button.
        self.estimate.returnPressed.connect(
            lambda: self.save_button.setFocus(Qt.FocusReason.TabFocusReason)
        )
        self.property_combo.currentIndexChanged.connect(lambda _i: self._property_changed())
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.retranslate()
        self.clear()

    # --- the payer ---------------------------------------------------------------------

    def show_payer(self, payer_code: str) -> None:
        if payer_code != self.payer_code:
            self.estimate.clear()
            self.problem.show_problem("")
        super().show_payer(payer_code)
        database, on = self.info.state.db, self.info.state.today()
        self.info.state.run(
            lambda: plan_offer(database, payer_code, on), self._offer_read, self._refused
        )

    def clear(self) -> None:
        super().clear()
        self.offer = None
        self.property_combo.clear()
        self.estimate.clear()
        self.problem.show_problem("")
        self.retranslate()
        self.setEnabled(False)

    def _offer_read(self, offer: PlanOffer) -> None:
        if offer.payer_code != self.payer_code:
            return  # another payer was opened meanwhile
        self.offer = offer
        chosen = self.property_combo.currentData()
        self.property_combo.blockSignals(True)
        self.property_combo.clear()
        for held in offer.properties:
            self.property_combo.addItem(
                f"{held.subscriber_number} · {held.address}", held.subscriber_number
            )
        found = self.property_combo.findData(chosen)
        self.property_combo.setCurrentIndex(max(found, 0) if self.property_combo.count() else -1)
        self.property_combo.blockSignals(False)
        self.setEnabled(True)
        self.retranslate()

    def _property_changed(self) -> None:
        self.retranslate()

    # --- live ------------------------------------------------------------------------------

    def update_installment(self) -> None:
        typed = self.estimate.text().strip()
        estimate = self.estimate.money() if typed else None
        problem = check_estimate(estimate) if typed else None
        self.estimate_problem.show_problem(str(problem or ""))
        if estimate is not None and problem is None:
            amount = plan_installment(estimate)
            self.installment.setText(
                self.tr("{count} × {amount}").format(
                    count=policy.PLAN_INSTALLMENTS, amount=money_text(amount)
                )
            )
        else:
            self.installment.setText("—")

    def _blocked(self) -> str:
        """Why nothing can be saved for this payer and property, or ""."""
        offer = self.offer
        if offer is None:
            return ""
        if not offer.good_standing:
            return self.tr("Overdue {amount}: only a payer with nothing overdue can enrol").format(
                amount=money_text(offer.overdue)
            )
        if not offer.properties:
            return self.tr(
                "The payer holds no property both today and on {day}, "
                "the first day of the plan year"
            ).format(day=date_text(first_day(offer.first_month)))
        held = offer.properties[max(self.property_combo.currentIndex(), 0)]
        if held.enrolled is not None:
            return self.tr("{number} is already enrolled for {year} ({plan})").format(
                number=held.subscriber_number,
                year=plan_year_text(offer.first_month),
                plan=held.enrolled,
            )
        return ""

    # --- save ------------------------------------------------------------------------------

    def save(self) -> None:
        if self.busy or self.offer is None or self.payer_code is None:
            return
        blocked = self._blocked()
        if blocked:
            self.problem.show_problem(blocked)
            return
        typed = self.estimate.text().strip()
        estimate = self.estimate.money() if typed else None
        problem = check_estimate(estimate)
        if problem is not None:
            self.estimate_problem.show_problem(str(problem))
            self.estimate.setFocus()
            return
        db, ctx, now = self.info.state.db, self.info.state.user, self.info.state.now()
        payer_code, subscriber = self.payer_code, self.property_combo.currentData()

        def work() -> tuple[PlanDone, bytes]:
            done = enrol_plan(db, ctx, payer_code, subscriber, estimate, now)
            return done, plan_pdf(plan_document(done))

        self._set_busy(True)
        self.problem.show_problem("")
        self.info.state.run(work, self._saved, self._refused, self._environment_error)

    def _saved(self, result: tuple[PlanDone, bytes]) -> None:
        done, pdf = result
        self._set_busy(False)
        self.estimate.clear()
        self.info.show_payer_message(  # the line goes when another payer opens
            self.tr("Plan {number} saved: {count} installments of {amount} from {month}").format(
                number=done.id,
                count=policy.PLAN_INSTALLMENTS,
                amount=money_text(done.installment),
                month=done.first_month,
            )
        )
        title = self.tr("Equal installments {number}").format(number=done.id)
        self.info.documents.show(pdf, title, done.id)
        self.changed.emit()

    # --- texts -------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Equal installments")

    def retranslate(self) -> None:
        self._property_label.setText(self.tr("&Property"))
        self._estimate_label.setText(self.tr("Yearly &estimate"))
        self._installment_label.setText(self.tr("Installment"))
        self._months_label.setText(self.tr("Months"))
        self.save_button.setText(self.tr("&Save and print (Ctrl+S)"))
        offer = self.offer
        if offer is None:
            for label in (self.heading, self.standing, self.client, self.months):
                label.setText("")
            self.update_installment()
            return
        self.heading.setText(
            self.tr("Equal installments for the plan year {year}").format(
                year=plan_year_text(offer.first_month)
            )
        )
        blocked = self._blocked()
        self.standing.setText(blocked or self.tr("In good standing: nothing overdue."))
        set_style_property(self.standing, "problem", bool(blocked))
        if offer.new_client:
            self.client.setText(
                self.tr("New client: installment {n} can be paid at {rate}% off.").format(
                    n=policy.NEW_CLIENT_BONUS_INSTALLMENT, rate=policy.LOYALTY_RATE
                )
            )
        else:
            self.client.setText(
                self.tr(
                    "Existing client: installment {n} can be paid at {rate}% off when "
                    "installments 1–{last} are each paid in full by their deadlines."
                ).format(
                    n=policy.EXISTING_CLIENT_BONUS_INSTALLMENT,
                    rate=policy.LOYALTY_RATE,
                    last=policy.EXISTING_CLIENT_BONUS_INSTALLMENT - 1,
                )
            )
        self.months.setText(f"{offer.months[0]} … {offer.months[-1]}")
        self._enable_save(not blocked and not self.busy)
        self.update_installment()
