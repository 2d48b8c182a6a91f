"""A payer's account as both desks show it: the one search field, the payer's card
and the open items with live discounts.

The cashier takes payments on it and the information desk builds its tabs around
it; the screens live here, apart from the kit, because they are screens (with a
service call behind each) rather than building blocks.
"""
