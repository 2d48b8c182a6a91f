"""Every interpretive choice of DOMAIN.md in one place.

The utility can change a rule here without touching the rest of the code.
Each line names the DOMAIN.md section (or seed) it comes from.
"""

from __future__ import annotations

from decimal import Decimal

# "Discounts": Търговска отстъпка, 3% of the invoice amount.
COMMERCIAL_RATE = Decimal(3)
COMMERCIAL_KINDS = frozenset({"monthly", "installment"})

# "Installment loyalty": 50% on installment 1 (new client) or 11 (existing).
LOYALTY_RATE = Decimal(50)
PLAN_INSTALLMENTS = 11
PLAN_FIRST_MONTH = 5  # the plan year starts in May (a setting)
NEW_CLIENT_MONTHS = 12  # first tenure started less than this before the plan
NEW_CLIENT_BONUS_INSTALLMENT = 1
EXISTING_CLIENT_BONUS_INSTALLMENT = 11
# Our reading of the seed: 50% and 3% add up to 53% of the invoice amount.
LOYALTY_STACKS_WITH_COMMERCIAL = True
# Our choice of the plan year a payer enrols in: the one under way while its
# installment 1's deadline has not passed (30 June), else the next one. False:
# only a plan year that has not started yet (the first May after this month).
PLAN_JOIN_YEAR_UNDER_WAY = True

# "Invoices and due dates": due by the 30th of M+1 (its last day in February).
DEADLINE_DAY = 30

# "Payments and allocation": default selection takes installments due within.
DEFAULT_SELECTION_DAYS = 31

# "Installment agreements".
AGREEMENT_MIN_INSTALLMENTS = 2
AGREEMENT_MAX_INSTALLMENTS = 24
# An installment unpaid this many days after its due date breaches the agreement;
# the breach takes effect the next day and is permanent.
AGREEMENT_BREACH_DAYS = 30
# Our choice: the down payment is due on the signing day and the installments
# start on the first chosen day after it (False: it falls on that day, and they a month on).
DOWN_PAYMENT_DUE_ON_SIGNING = True

# "Overdue notices and court action": from `filed` on, a case replaces its invoices.
COURT_STAGES = ("warning", "filed", "order", "writ", "enforcement", "closed")
COURT_ITEM_STAGES = frozenset({"filed", "order", "writ", "enforcement"})
# Our reading: a closed case is not shown, and neither are the invoices it covered
# (the court procedure settled or wrote them off; billing sends corrections).
CLOSED_CASE_HIDES_INVOICES = True
# Inside a court sum a payment pays costs, then interest, then principal
# (Закон за задълженията и договорите, чл. 76, ал. 2).
COURT_PART_ORDER = ("costs", "interest", "principal")
