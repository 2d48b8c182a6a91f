"""The cashier's screens: login, shift, lookup, account with live discounts,
tender, receipt, history, void and shift close (issue 3).

``CashierDesk`` (desk.py) fits them into the main window; every database and
print job goes through the window's ``Tasks``.
"""
