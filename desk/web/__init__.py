"""The campaign's web form (issue 16): payers hand in their survey card's answers.

Served by ``desk web`` next to the central database, through a role that can only
call ``web_submit`` (central migration c0012). No Qt here (tests/test_architecture.py).
"""
