"""What a desk keeps of the money's history: open items, and six months of the rest.

The central database keeps everything (DOMAIN.md, "The central database and
the desks"). A desk needs far less to apply every rule (docs/design/retention.md,
§1): every bill still open, settlement days since about a month before the day
it quotes, every plan installment, every bill and payment of a court case or an
agreement, and every payment that left or spent credit. So a bill leaves the
desk when all of these hold:

- it was issued before the window's start;
- it was settled exactly, in its own currency, by payments made before the
  window's start, none of them voided and none spending credit;
- no plan, court case or agreement names it.

A payment leaves when it was made before the window's start, moved no credit,
and names only bills that leave; a voided payment that old leaves with its
void. Rows the outbox still names never leave. Removing exactly these changes
no balance, no settlement day inside the window, no credit and no court part,
so every quote from the window on is the same as with the whole history.
"""

from __future__ import annotations

from datetime import date

HISTORY_MONTHS = 6  # a desk keeps this many months of settled history


def history_start(today: date, months: int = HISTORY_MONTHS) -> date:
    """The first day a desk holds in full: the same day ``months`` months before ``today``
    (the month's last day when that month is shorter)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    for day in (today.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")
