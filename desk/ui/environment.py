"""Environment errors: the world's fault, not the code's (as in qutebrowser misc/sql.py).

A locked database, a full disk, a file that cannot be opened: the cashier gets
a calm explanation and a way to try again, never a crash dialog.
"""

from __future__ import annotations

import errno
import sqlite3

from PySide6.QtCore import QCoreApplication
from sqlalchemy.exc import DBAPIError, OperationalError

from desk.ui.i18n import QT_TRANSLATE_NOOP

ENVIRONMENT_ERRORS: tuple[type[BaseException], ...] = (
    sqlite3.OperationalError,
    OperationalError,
    OSError,
)


def is_environment_error(error: BaseException) -> bool:
    """An error the world caused, not the code: worth a calm message, not a crash report."""
    return isinstance(error, ENVIRONMENT_ERRORS)


# What the cashier is told, by kind of problem. Marked here, translated when shown.
PROBLEMS = {
    "busy": (
        QT_TRANSLATE_NOOP("EnvironmentError", "The database is busy."),
        QT_TRANSLATE_NOOP(
            "EnvironmentError", "Another program is using it. Wait a moment and try again."
        ),
    ),
    "disk_full": (
        QT_TRANSLATE_NOOP("EnvironmentError", "The disk is full."),
        QT_TRANSLATE_NOOP(
            "EnvironmentError", "Free some space or call the administrator, then try again."
        ),
    ),
    "read_only": (
        QT_TRANSLATE_NOOP("EnvironmentError", "The database cannot be written to."),
        QT_TRANSLATE_NOOP(
            "EnvironmentError", "The file or its folder is read-only. Call the administrator."
        ),
    ),
    "cannot_open": (
        QT_TRANSLATE_NOOP("EnvironmentError", "The database file cannot be opened."),
        QT_TRANSLATE_NOOP(
            "EnvironmentError",
            "Check that its folder exists and the disk is connected, then try again.",
        ),
    ),
    "unreachable": (
        QT_TRANSLATE_NOOP("EnvironmentError", "The database cannot be reached."),
        QT_TRANSLATE_NOOP(
            "EnvironmentError", "Try again. If this keeps happening, call the administrator."
        ),
    ),
}


def describe_environment_error(error: BaseException) -> tuple[str, str]:
    """A title and an advice for the cashier, in the current language."""
    title, advice = PROBLEMS[problem_kind(error)]
    return (
        QCoreApplication.translate("EnvironmentError", title),
        QCoreApplication.translate("EnvironmentError", advice),
    )


# SQLite's result codes (extended ones start with these) and the OS's errno, by kind.
SQLITE_KINDS = {
    "SQLITE_BUSY": "busy",
    "SQLITE_LOCKED": "busy",
    "SQLITE_FULL": "disk_full",
    "SQLITE_READONLY": "read_only",
    "SQLITE_CANTOPEN": "cannot_open",
}
ERRNO_KINDS = {
    errno.ENOSPC: "disk_full",
    errno.EACCES: "read_only",
    errno.EPERM: "read_only",
    errno.EROFS: "read_only",
    errno.ENOENT: "cannot_open",
}


def problem_kind(error: BaseException) -> str:
    original = error.orig if isinstance(error, DBAPIError) else error
    code_name = getattr(original, "sqlite_errorname", "")
    for prefix, kind in SQLITE_KINDS.items():
        if code_name.startswith(prefix):
            return kind
    number = getattr(original, "errno", None)
    return ERRNO_KINDS.get(number, "unreachable") if isinstance(number, int) else "unreachable"


def technical_detail(error: BaseException) -> str:
    """The driver's own message; SQLAlchemy's adds the SQL and a web link, not for a cashier."""
    original = error.orig if isinstance(error, DBAPIError) else error
    return str(original) or type(original).__name__
