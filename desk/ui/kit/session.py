"""What every role's screens share: the open database, who is working, the shift, the clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desk.models.db import Database
from desk.services.context import PAYING_ROLES, DeskContext
from desk.services.shifts import ShiftInfo
from desk.settings import TIMEZONE
from desk.ui.kit.actions import run_action
from desk.ui.tasks import Tasks

T = TypeVar("T")


def sofia_now() -> datetime:
    """Local time in Sofia, naive, as payments are stored (DOMAIN.md: the local date counts)."""
    try:
        return datetime.now(ZoneInfo(TIMEZONE)).replace(tzinfo=None)
    except ZoneInfoNotFoundError:  # a Windows PC without the tzdata package
        return datetime.now()


class DeskState:
    """Shared by a role's panel and its dialogs; the window's ``Tasks`` runs all their work."""

    def __init__(self, tasks: Tasks, clock: Callable[[], datetime] = sofia_now) -> None:
        self.tasks = tasks
        self.clock = clock
        self.database: Database | None = None
        self.ctx: DeskContext | None = None
        self.shift: ShiftInfo | None = None
        # The screen is locked: a dialog that an answer opens now waits for the unlock.
        self.locked = False
        # Where a calm message about the machine (database busy, disk full) goes by default.
        self.on_environment_error: Callable[[BaseException], None] | None = None

    @property
    def db(self) -> Database:
        assert self.database is not None, "no database open"
        return self.database

    @property
    def user(self) -> DeskContext:
        assert self.ctx is not None, "nobody is logged in"
        return self.ctx

    @property
    def may_take_payments(self) -> bool:
        return self.ctx is not None and self.ctx.role in PAYING_ROLES

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().date()

    def run(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_refused: Callable[[str], None],
        on_environment_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        run_action(
            self.tasks,
            work,
            on_done,
            on_refused,
            on_environment_error or self.on_environment_error,
        )
