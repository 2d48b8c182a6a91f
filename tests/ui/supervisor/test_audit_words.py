"""Every action the services write to the audit log has words on the supervisor's page.

A new action without them shows in the log as logged ("card_resend"), in English
on a Bulgarian screen; this reads the actions from the code that writes them.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from desk.ui.i18n import Translations
from desk.ui.supervisor.audit_page import ACTION_WORDS, action_word

DESK = Path(__file__).resolve().parents[3] / "desk"


def literal_actions(node: ast.expr) -> Iterator[str]:
    """The action strings of an argument: a literal, or either side of ``a if … else b``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from literal_actions(node.body)
        yield from literal_actions(node.orelse)


def logged_actions() -> dict[str, str]:
    """Each action written with ``audit(session, action, …)`` or ``audit_as(session, ctx,
    action, …)`` outside the UI, and where."""
    found: dict[str, str] = {}
    for path in DESK.rglob("*.py"):
        if "ui" in path.relative_to(DESK).parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            place = {"audit": 1, "audit_as": 2}.get(node.func.id)
            if place is None or len(node.args) <= place:
                continue
            for action in literal_actions(node.args[place]):
                found.setdefault(action, f"{path.relative_to(DESK)}:{node.lineno}")
    return found


def test_every_logged_action_has_words_in_both_languages(translations: Translations) -> None:
    logged = logged_actions()
    assert {"card_resend", "survey_cards_emailed", "login"} <= set(logged)  # the scan works
    missing = {action: where for action, where in logged.items() if action not in ACTION_WORDS}
    assert missing == {}

    translations.use("bg")
    assert action_word("card_resend") == "несигурни анкетни карти – отново в опашката"
    assert action_word("survey_cards_emailed") == "анкетни карти, изпратени по имейл"
    assert action_word("smtp_settings_saved") == "запазени настройки на пощенския сървър"
    assert action_word("card_bounces_read") == "прочетени върнати писма"
    translations.use("en")
    assert action_word("card_resend") == "uncertain survey cards queued again"
