"""The cashier's panel and its dialogs: shift open, tender, receipt, history, void
and shift close (issue 3).

``CashierDesk`` (desk.ui.shell.desk) fits them into the main window; every
database and print job goes through the window's ``Tasks``. What the other roles
use too lives in desk.ui.kit and desk.ui.account.
"""
