"""One sync of a desk with the central database: push, then pull.

``sync_once`` is what the desk's background worker and ``desk sync`` call. It
never raises because the central database is out of reach: that is a normal
day at a desk, so it returns an "offline" outcome with a message for the
cashier, and the outbox keeps everything for the next try. A failure of the
local file (locked, disk full) is the desk's own environment error and is
raised as it is. No Qt here: safe to call from any worker thread; calls for
the same file run one at a time.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

import psycopg
from sqlalchemy.exc import DBAPIError

from desk.messages import SOFIA, Message, word
from desk.models.db import Database
from desk.services.problems import UserError
from desk.services.retention import roll_window
from desk.sync.central import CentralDatabase
from desk.sync.config import CentralConfig, central_for, load_config
from desk.sync.replication import last_sync, position, pull, push, queued

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
State = Literal["online", "offline", "failed", "not_configured"]

# What the desk is told, as codes of desk/messages.py: worded where shown.
NOT_CONFIGURED = Message("sync.not_configured")
NO_REPLICA = Message("sync.no_replica")
OFFLINE = Message("sync.offline")
FAILED = Message("sync.failed")


@dataclass(frozen=True, slots=True)
class SyncOutcome:
    state: State
    pushed: int = 0  # outbox rows the central database acknowledged
    pulled: int = 0  # central changes applied here
    queued: int = 0  # outbox rows still waiting after this sync
    error: Message | None = None  # for the cashier, worded in the UI's or CLI's language
    detail: str | None = None  # the driver's message, for the administrator
    last_sync: dict[str, str] = field(default_factory=dict)  # sync_pulled_at / sync_pushed_at

    @property
    def online(self) -> bool:
        return self.state == "online"

    @property
    def configured(self) -> bool:
        return self.state != "not_configured"

    def text(self, lang: str | None = None) -> str:
        """What happened, in ``lang`` (default: the current language)."""
        if self.online:
            values = {"pushed": self.pushed, "pulled": self.pulled, "queued": self.queued}
            return word("sync.online", values, lang)
        waiting = word("sync.waiting", {"queued": self.queued}, lang)
        text = f"{self.error.text(lang)} {waiting}" if self.error else waiting
        return f"{text}\n{self.detail}" if self.detail else text

    def __str__(self) -> str:
        return self.text()


_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def _lock_for(local: Database) -> threading.Lock:
    key = str(local.path.resolve())
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())


def sync_once(
    local: Database,
    central: CentralDatabase | CentralConfig | None = None,
    progress: Progress | None = None,
) -> SyncOutcome:
    """Push the outbox, then pull what changed centrally; ``central`` defaults to the config.

    A ``CentralDatabase`` passed in is used and left open; one built here from
    a config is closed before returning.
    """
    with _lock_for(local):
        if position(local) is None:
            state: State = "not_configured" if load_config(local) is None else "failed"
            message = NOT_CONFIGURED if state == "not_configured" else NO_REPLICA
            return _outcome(local, state, error=message)
        built = None
        try:
            if not isinstance(central, CentralDatabase):
                built = central = central_for(local, central)
            if central is None:
                return _outcome(local, "not_configured", error=NOT_CONFIGURED)
            return _sync(local, central, progress)
        except UserError as exc:  # no password stored
            return _outcome(local, "failed", error=exc.message)
        finally:
            if built is not None:
                built.close()


def _sync(local: Database, central: CentralDatabase, progress: Progress | None) -> SyncOutcome:
    pushed = pulled = 0
    try:
        pushed = push(local, central).sent
        pulled = pull(local, central, progress=progress).changes
    except DBAPIError as exc:
        if isinstance(exc.orig, sqlite3.Error):
            raise  # the local file: the desk's own environment error, for the caller
        detail = str(exc.orig) if exc.orig is not None else str(exc)
        if is_connection_error(exc):
            log.warning("central database unreachable: %s", detail)
            state: State = "offline"
            message = OFFLINE
        else:
            log.error("central database refused the sync", exc_info=exc)
            state, message = "failed", FAILED
        return _outcome(local, state, pushed, pulled, error=message, detail=detail.strip())
    # A day's worth of history leaves the window (desk.services.retention): after a
    # sync, so that nothing it removes is still queued.
    roll_window(local, datetime.now(SOFIA).date())
    return _outcome(local, "online", pushed, pulled)


def is_connection_error(error: DBAPIError) -> bool:
    """Unreachable, refused, timed out, wrong password, dropped: not a bug, just offline."""
    return isinstance(error.orig, psycopg.OperationalError | psycopg.InterfaceError)


def _outcome(
    local: Database,
    state: State,
    pushed: int = 0,
    pulled: int = 0,
    *,
    error: Message | None = None,
    detail: str | None = None,
) -> SyncOutcome:
    return SyncOutcome(
        state=state,
        pushed=pushed,
        pulled=pulled,
        queued=queued(local),
        error=error,
        detail=detail,
        last_sync=last_sync(local),
    )


__all__ = ["SyncOutcome", "is_connection_error", "sync_once"]
