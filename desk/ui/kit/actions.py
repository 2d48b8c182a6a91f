"""Service calls in a worker, with the user's own mistakes kept apart from bugs.

A service raises ``UserError`` with a Bulgarian message meant to be shown as
is (a short payment, a wrong supervisor password). ``Tasks`` would treat any
exception as a bug, so the worker turns a ``UserError`` into a ``Refused``
value and the GUI thread shows its message calmly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from desk.services.problems import UserError
from desk.ui.tasks import Tasks

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Refused:
    message: str


def run_action(
    tasks: Tasks,
    work: Callable[[], T],
    on_done: Callable[[T], None],
    on_refused: Callable[[str], None],
    on_environment_error: Callable[[BaseException], None] | None = None,
) -> None:
    """Run ``work`` off the GUI thread; ``on_done`` or ``on_refused`` runs on it."""

    def attempt() -> T | Refused:
        try:
            return work()
        except UserError as error:
            return Refused(str(error))

    def deliver(outcome: T | Refused) -> None:
        if isinstance(outcome, Refused):
            on_refused(outcome.message)
        else:
            on_done(outcome)

    tasks.run(attempt, deliver, on_environment_error=on_environment_error)
