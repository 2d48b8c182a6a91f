"""Test databases built once per test process and copied into each test's own file.

Migrating a fresh SQLite file through every Alembic migration, importing a
scenario and making the demo users costs a test far more than its own work. A
template of each kind is built the first time a test asks for one (once per
process: each xdist worker has its own) and copied with sqlite3's backup API, so
every test still has a real file of its own, made by the same code, with the same
rows. Tests of the migrations themselves migrate their own files.
"""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from desk.models.db import Database, open_database

_templates: dict[str, Path] = {}
_folder: list[Path] = []


def copy_database(source: Path, target: Path) -> Database:
    """A copy of a desk's file, its write-ahead log included (a file copy would miss
    what is still in the log), opened."""
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    original.close()
    copy.close()
    return open_database(target)


def from_template(path: Path | str, name: str, build: Callable[[Path], Database]) -> Database:
    """The database ``build`` makes, at ``path``: copied from this process's template
    ``name``, which ``build`` makes the first time. A file already at ``path`` is
    built on, as ``build`` would."""
    path = Path(path)
    if path.exists():
        return build(path)
    template = _templates.get(name)
    if template is None:
        template = _template_folder() / f"{len(_templates)}.sqlite"
        build(template).close()
        _templates[name] = template
    return copy_database(template, path)


def migrated_database(path: Path | str) -> Database:
    """``open_database(path)`` for a new file: the newest schema, no rows."""
    return from_template(path, "migrated", open_database)


def _template_folder() -> Path:
    if not _folder:
        folder = Path(tempfile.mkdtemp(prefix="desk-templates-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _folder.append(folder)
    return _folder[0]
