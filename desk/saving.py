"""A safe place and name for a file the desk saves: a folder per database, and a
name no other file has.

Receipts and documents go to ``<data dir>/<kind>/<database id>/`` (the id of
desk.models.identity), so two databases on one machine, both working as K1, never
share a folder. Within it a file never replaces another: a name already taken
gets ``-2``, ``-3``… before its extension. The file is created exclusively (``x``
mode), so two desks saving at the same instant cannot take the same name either.
"""

from __future__ import annotations

from itertools import count
from pathlib import Path

from desk.models.db import Database
from desk.models.identity import database_id

PDF = ".pdf"


def pdf_name(name: str) -> str:
    """``name`` ending in ".pdf" exactly once, whether or not it came with it."""
    return (name[: -len(PDF)] if name.lower().endswith(PDF) else name) + PDF


def database_folder(base: Path, db: Database) -> Path:
    """The folder under ``base`` for the files this database saves."""
    return base / database_id(db)


def numbered(path: Path, number: int) -> Path:
    """``path`` itself for 1, else its name with ``-number`` before the extension."""
    return path if number == 1 else path.with_name(f"{path.stem}-{number}{path.suffix}")


def free_path(path: Path) -> Path:
    """``path``, or the first of ``-2``, ``-3``… beside it that no file has: for a name
    a person gave (``desk report --out``), which is written whole and then renamed."""
    return next(numbered(path, n) for n in count(1) if not numbered(path, n).exists())


def save_new(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` as a PDF named after ``name`` in ``folder`` (made if missing),
    under a name no file there has yet; the path written."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in count(1):
        path = numbered(folder / pdf_name(name), number)
        try:
            handle = path.open("xb")
        except FileExistsError:
            continue
        try:
            with handle:
                handle.write(data)
        except BaseException:
            path.unlink(missing_ok=True)  # a half-written file never sits under the name
            raise
        return path
    raise AssertionError("unreachable")
