"""`desk import`: load a billing export, strict and all-or-nothing (INTERCHANGE.md).

First every record is checked, and every problem is reported with its JSON
path; only if there is none is anything written, in one transaction. Reference
data is upserted (a row that is already as the file says is not touched) and
payments are inserted once by their id, so importing the same file twice
changes nothing the second time.
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.orm import Session

from desk.services.import_sections import Parsed, check
from desk.services.import_write import write
from desk.services.problems import Problem, ProblemsError


class Writable(Protocol):
    """A local ``Database`` or the central one: anything with a write transaction."""

    def write(self) -> AbstractContextManager[Session]: ...


@dataclass(frozen=True)
class ImportSummary:
    """How many records of each kind the file held, and how many were new."""

    counts: dict[str, int]
    new_payments: int

    def __str__(self) -> str:
        parts = ", ".join(f"{name} {n}" for name, n in self.counts.items())
        return f"imported: {parts}; new payments {self.new_payments}"


def load_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProblemsError([Problem(str(path), f"cannot read: {exc.strerror}")]) from exc
    except UnicodeDecodeError as exc:
        raise ProblemsError([Problem(str(path), "not UTF-8 text")]) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise ProblemsError([Problem(str(path), f"not JSON ({where}): {exc.msg}")]) from exc


def import_file(db: Writable, path: Path) -> ImportSummary:
    return import_data(db, load_json(path))


def import_data(db: Writable, data: Any) -> ImportSummary:
    """Check ``data`` whole; write it in one transaction or raise ProblemsError."""
    with db.write() as session:
        parsed, problems = check(session, data)
        if problems:
            raise ProblemsError(problems)
        new_payments = write(session, parsed)
    counts = {
        "properties": len(parsed.properties),
        "payers": len(parsed.payers),
        "tenures": len(parsed.tenures),
        "plans": len(parsed.plans),
        "invoices": len(parsed.invoices),
        "court_cases": len(parsed.cases),
        "agreements": len(parsed.agreements),
        "payments": len(parsed.payments),
    }
    return ImportSummary(counts=counts, new_payments=new_payments)


__all__ = ["ImportSummary", "Parsed", "check", "import_data", "import_file", "load_json", "write"]
