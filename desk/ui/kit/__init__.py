"""What every role's screens are built from: the desk's state (database, who, shift,
clock, workers), the formatting of amounts and dates, small widgets, table models,
the dialogs of a panel and the way a document is shown and printed.

The roles (cashier, info, supervisor) and the shared account screens import it; it
imports none of them, so a role's package holds only that role's screens.
"""
