"""What hosts the roles in the main window: the login, the idle lock, the Desk menu
and the choice of panel (cashier, information desk, supervisor) by who logged in.
"""
