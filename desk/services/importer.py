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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.orm import Session

from desk.messages import Message, word
from desk.services.import_sections import Parsed, check
from desk.services.import_write import write
from desk.services.problems import Problem, ProblemsError


class Writable(Protocol):
    """A local ``Database`` or the central one: anything with a write transaction."""

    def write(self) -> AbstractContextManager[Session]: ...


@dataclass(frozen=True)
class ImportSummary:
    """How many records of each kind the file held, how many of them were new and
    how many changed a stored record; the rest were already there as the file says."""

    counts: dict[str, int]
    new: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)

    @property
    def new_payments(self) -> int:
        return self.new.get("payments", 0)

    def present(self, kind: str) -> int:
        return self.counts[kind] - self.new.get(kind, 0) - self.changed.get(kind, 0)

    def lines(self, lang: str | None = None) -> list[str]:
        """What the import did, worded in ``lang``: the whole, then each kind it held."""
        new, changed = sum(self.new.values()), sum(self.changed.values())
        total = sum(self.counts.values())
        values = {"new": new, "changed": changed, "present": total - new - changed}
        head = "import.nothing_changed" if new + changed == 0 else "import.done"
        lines = [word(head, {"total": total, **values}, lang)]
        for kind, count in self.counts.items():
            if count:
                line = {
                    "kind": word(f"import.kind.{kind}", None, lang),
                    "total": count,
                    "new": self.new.get(kind, 0),
                    "changed": self.changed.get(kind, 0),
                    "present": self.present(kind),
                }
                lines.append(word("import.kind_line", line, lang))
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())


# What a file may be: its size (a billing export of every payer of the city is some
# tens of MB), and how deep its JSON may nest (the format needs 5 levels:
# payments[0].allocations[0].item; 10 leaves room for new optional keys).
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_DEPTH = 10


class _Keys(dict[str, Any]):
    """A JSON object; ``twice`` names the keys the file gave more than once."""

    twice: list[str]


def _pairs(pairs: list[tuple[str, Any]]) -> _Keys:
    obj = _Keys(pairs)
    obj.twice = []
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen and key not in obj.twice:
                obj.twice.append(key)
            seen.add(key)
    return obj


def _path(where: str, key: str) -> str:
    if len(key) > 60:  # a refusal never repeats a huge key whole
        key = key[:59] + "…"
    return f"{where}.{key}" if where != "$" else key


def _shape_problems(data: Any) -> list[Problem]:
    """Keys given twice (json would keep the last silently) and nesting past
    MAX_DEPTH, each named by its JSON path; walked without recursion."""
    problems: list[Problem] = []
    stack: list[tuple[str, Any, int]] = [("$", data, 1)]
    while stack:
        where, value, depth = stack.pop()
        if isinstance(value, (dict, list)) and depth > MAX_DEPTH:
            problems.append(Problem(where, Message("import.too_deep", limit=MAX_DEPTH)))
            continue
        if isinstance(value, dict):
            for key in getattr(value, "twice", ()):
                problems.append(Problem(_path(where, key), Message("import.key_twice")))
            stack.extend((_path(where, k), v, depth + 1) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            items = reversed(list(enumerate(value)))
            stack.extend((f"{where}[{i}]", v, depth + 1) for i, v in items)
    return problems


def load_json(path: Path) -> Any:
    """The file's JSON, or ProblemsError: never a traceback, whatever the bytes."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ProblemsError([Problem(str(path), f"cannot read: {exc.strerror}")]) from exc
    if len(raw) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise ProblemsError([Problem(str(path), Message("import.too_big", limit=limit))])
    try:
        text = raw.decode("utf-8-sig")  # a byte order mark some editors write is accepted
    except UnicodeDecodeError as exc:
        raise ProblemsError([Problem(str(path), "not UTF-8 text")]) from exc
    try:
        data = json.loads(text, object_pairs_hook=_pairs)
    except json.JSONDecodeError as exc:
        raise ProblemsError([Problem(str(path), _not_json(text, exc))]) from exc
    except RecursionError as exc:
        problem = Problem(str(path), Message("import.too_deep", limit=MAX_DEPTH))
        raise ProblemsError([problem]) from exc
    except ValueError as exc:  # a number too long for an int (over 4300 digits)
        problem = Problem(str(path), Message("import.not_json_number"))
        raise ProblemsError([problem]) from exc
    problems = _shape_problems(data)
    if problems:
        raise ProblemsError(problems)
    return data


def _not_json(text: str, exc: json.JSONDecodeError) -> Message:
    """Where the JSON breaks, in a whole sentence. A file that ends inside a string or
    before its brackets close was most likely cut short: say so, and where it ends."""
    if exc.msg.startswith("Unterminated string") or not text[exc.pos :].strip():
        body = text.rstrip()
        line = body.count("\n") + 1
        column = len(body) - (body.rfind("\n") + 1) + 1
        return Message("import.cut_short", line=line, column=column)
    # json's own words, some of which end in "at" before the place it gives apart
    reason = exc.msg.removesuffix(" at")
    return Message("import.not_json", line=exc.lineno, column=exc.colno, reason=reason)


def import_file(db: Writable, path: Path) -> ImportSummary:
    return import_data(db, load_json(path))


def import_data(db: Writable, data: Any) -> ImportSummary:
    """Check ``data`` whole; write it in one transaction or raise ProblemsError."""
    with db.write() as session:
        parsed, problems = check(session, data)
        if problems:
            raise ProblemsError(problems)
        written = write(session, parsed)
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
    return ImportSummary(counts=counts, new=written.new, changed=written.changed)


__all__ = ["ImportSummary", "Parsed", "check", "import_data", "import_file", "load_json", "write"]
