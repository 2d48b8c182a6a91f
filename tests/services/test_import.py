"""`desk import` and `desk quote` on a real SQLite file (INTERCHANGE.md).

Import is strict and all-or-nothing: every problem is one line naming its JSON
path, the exit code is 2 and the database is left exactly as it was; the same
file imported twice changes nothing the second time.
"""

from __future__ import annotations

import copy
import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from desk.cli import main
from desk.models.db import Database, open_database
from desk.services.importer import import_data
from desk.services.problems import ProblemsError
from tests.db_templates import from_template

PERSON = "4000000010"
COMPANY = "4000000028"
UNKNOWN = "4000000036"  # a valid code nobody has

GOOD: dict[str, Any] = {
    "format": "desk/1",
    "properties": [
        {
            "subscriber_number": "1000001",
            "district": "Младост",
            "address": "ж.к. Младост 1, бл. 12, вх. А, ет. 3, ап. 9",
        },
        {"subscriber_number": "1000002", "district": "Лозенец", "address": "ул. Милин камък 5"},
    ],
    "payers": [
        {
            "payer_code": PERSON,
            "kind": "person",
            "name": "Иван Петров Иванов",
            "id_number": "7523169263",
            "phone": "+359888123456",
            "email": "ivan@example.bg",
            "address": None,
            "e_invoice": False,
        },
        {
            "payer_code": COMPANY,
            "kind": "company",
            "name": "Топлина ООД",
            "id_number": "175074752",
            "phone": None,
            "email": None,
            "address": "ул. Витоша 1",
            "e_invoice": True,
        },
    ],
    "tenures": [
        {
            "payer_code": PERSON,
            "subscriber_number": "1000001",
            "kind": "ownership",
            "start": "2015-03-01",
            "end": "2025-10-14",
        },
        {
            "payer_code": COMPANY,
            "subscriber_number": "1000001",
            "kind": "tenancy",
            "start": "2025-10-15",
            "end": None,
        },
        {
            "payer_code": PERSON,
            "subscriber_number": "1000002",
            "kind": "use",
            "start": "2020-01-01",
            "end": None,
        },
    ],
    "plans": [
        {
            "id": "PL-1",
            "payer_code": PERSON,
            "subscriber_number": "1000002",
            "first_month": "2026-05",
            "installment": "61.30",
        }
    ],
    "invoices": [
        {
            "number": "0000000001",
            "subscriber_number": "1000001",
            "payer_code": PERSON,
            "period": "2025-09",
            "kind": "monthly",
            "issued": "2025-10-05",
            "amount": "120.00",
            "currency": "BGN",
            "plan": None,
        },
        {
            "number": "0000000002",
            "subscriber_number": "1000002",
            "payer_code": PERSON,
            "period": "2026-05",
            "kind": "installment",
            "issued": "2026-06-05",
            "amount": "61.30",
            "currency": "EUR",
            "plan": "PL-1",
        },
        {
            "number": "0000000003",
            "subscriber_number": "1000002",
            "payer_code": PERSON,
            "period": "2026-04",
            "kind": "settlement",
            "issued": "2026-05-10",
            "amount": "-35.50",
            "currency": "EUR",
            "plan": "PL-1",
        },
        {
            "number": "0000000004",
            "subscriber_number": "1000001",
            "payer_code": COMPANY,
            "period": "2026-01",
            "kind": "monthly",
            "issued": "2026-02-05",
            "amount": "80.00",
            "currency": "EUR",
            "plan": None,
        },
        {
            "number": "0000000005",
            "subscriber_number": "1000001",
            "payer_code": COMPANY,
            "period": "2026-02",
            "kind": "monthly",
            "issued": "2026-03-05",
            "amount": "70.00",
            "currency": "EUR",
            "plan": None,
        },
    ],
    "court_cases": [
        {
            "id": "CC-1",
            "payer_code": COMPANY,
            "subscriber_number": "1000001",
            "case_number": "12345/2026 СРС",
            "stage": "order",
            "since": "2026-06-01",
            "invoices": ["0000000004"],
            "awarded": {
                "costs": "25.00",
                "interest": "10.00",
                "principal": "80.00",
                "currency": "EUR",
            },
        }
    ],
    "agreements": [
        {
            "id": "AG-1",
            "payer_code": COMPANY,
            "signed": "2026-07-01",
            "covers": ["CC-1", "0000000005"],
            "down_payment": "20.00",
            "installments": [
                {"due": "2026-08-10", "amount": "100.00"},
                {"due": "2026-09-10", "amount": "65.00"},
            ],
        }
    ],
    "payments": [
        {
            "id": "6f1c2a9e-0000-4000-8000-000000000001",
            "payer_code": PERSON,
            "paid_at": "2025-11-10T09:30:00",
            "method": "cash",
            "allocations": [{"item": "0000000001", "amount": "40.00", "discount": "0.00"}],
            "credit": "0.00",
        },
        {
            "id": "6f1c2a9e-0000-4000-8000-000000000002",
            "payer_code": COMPANY,
            "paid_at": "2026-07-01T11:00:00",
            "method": "cash",
            "allocations": [{"item": "AG-1/0", "amount": "20.00", "discount": "0.00"}],
            "credit": "0.00",
        },
        {
            "id": "6f1c2a9e-0000-4000-8000-000000000003",
            "payer_code": COMPANY,
            "paid_at": "2026-08-04T22:30:00Z",  # 01:30 on 2026-08-05 in Sofia
            "method": "card",
            "allocations": [{"item": "AG-1/1", "amount": "100.00", "discount": "0.00"}],
            "credit": "0.00",
        },
        {
            "id": "6f1c2a9e-0000-4000-8000-000000000004",
            "payer_code": PERSON,
            "paid_at": "2026-06-20T12:00:00",
            "method": "cash",
            "allocations": [{"item": "0000000002", "amount": "59.46", "discount": "1.84"}],
            "credit": "5.00",
        },
    ],
}


# --- helpers -------------------------------------------------------------------------


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every real table, with its rowid where it has one."""
    con = sqlite3.connect(path)
    try:
        found: dict[str, list[tuple[Any, ...]]] = {}
        tables = con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
        for name, sql in tables:
            if sql is None or sql.upper().startswith("CREATE VIRTUAL"):
                continue  # an FTS table reads its content table, dumped already
            if "WITHOUT ROWID" in sql.upper():
                rows = con.execute(f'SELECT * FROM "{name}"').fetchall()
                found[name] = sorted(rows, key=repr)
            else:
                found[name] = con.execute(
                    f'SELECT rowid, * FROM "{name}" ORDER BY rowid'
                ).fetchall()
        return found
    finally:
        con.close()


def counts(path: Path) -> dict[str, int]:
    return {name: len(rows) for name, rows in dump(path).items()}


class Watcher:
    """A second connection: PRAGMA data_version changes when anyone else commits."""

    def __init__(self, path: Path) -> None:
        self.con = sqlite3.connect(path)
        self.start = self.version()

    def version(self) -> int:
        return int(self.con.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        return self.version() != self.start

    def close(self) -> None:
        self.con.close()


@pytest.fixture
def watch() -> Iterator[Callable[[Path], Watcher]]:
    opened: list[Watcher] = []

    def start(path: Path) -> Watcher:
        watcher = Watcher(path)
        opened.append(watcher)
        return watcher

    yield start
    for watcher in opened:
        watcher.close()


def write_json(tmp_path: Path, data: Any, name: str = "export.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, list[str]]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err.splitlines()


@pytest.fixture
def loaded(tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A database that holds GOOD, imported through the command (once per test
    process: each test has a copy, tests/db_templates.py)."""
    export = write_json(tmp_path, GOOD)

    def through_the_command(fresh: Path) -> Database:
        code, _, err = run(["import", str(export), "--db", str(fresh)], capsys)
        assert code == 0, err
        return open_database(fresh)

    from_template(db_path, "import:GOOD", through_the_command).close()
    return db_path


def variant(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    change(data)
    return data


# --- a good file ---------------------------------------------------------------------


def test_a_good_file_imports(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_json(tmp_path, GOOD)
    code, out, err = run(["import", str(path), "--db", str(db_path), "--lang", "en"], capsys)
    assert (code, err) == (0, [])
    assert out.splitlines() == [
        "import: 19 records: 19 new, 0 changed, 0 already present",
        "  properties 2: 2 new, 0 changed, 0 already present",
        "  payers 2: 2 new, 0 changed, 0 already present",
        "  tenures 3: 3 new, 0 changed, 0 already present",
        "  equal-installment plans 1: 1 new, 0 changed, 0 already present",
        "  invoices 5: 5 new, 0 changed, 0 already present",
        "  court cases 1: 1 new, 0 changed, 0 already present",
        "  agreements 1: 1 new, 0 changed, 0 already present",
        "  payments 4: 4 new, 0 changed, 0 already present",
    ]
    rows = counts(db_path)
    assert rows["property"] == 2
    assert rows["payer"] == 2
    assert rows["tenure"] == 3
    assert rows["plan"] == 1
    assert rows["invoice"] == 5
    assert rows["court_case"] == 1
    assert rows["court_case_invoice"] == 1
    assert rows["agreement"] == 1
    assert rows["agreement_cover"] == 2
    assert rows["agreement_installment"] == 3  # the down payment is installment 0
    assert rows["payment"] == 4
    assert rows["allocation"] == 4


def test_imported_data_reads_back_as_the_file_says(
    loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        ["quote", PERSON, "--on", "2026-06-25", "--db", str(loaded), "--json"], capsys
    )
    assert code == 0, err
    person = json.loads(out)
    assert person["credit"] == "40.50"  # the negative settlement 35.50 + overpayment 5.00
    assert [i["item"] for i in person["items"]] == ["0000000001"]
    leva = person["items"][0]
    assert leva["original"] == {"amount": "120.00", "currency": "BGN"}
    assert leva["balance"] == "40.90"  # 80 leva left, converted once
    assert leva["overdue"] is True
    assert person["banners"] == ["plan:PL-1"]

    code, out, err = run(
        ["quote", COMPANY, "--on", "2026-08-20", "--db", str(loaded), "--json"], capsys
    )
    assert code == 0, err
    company = json.loads(out)
    assert company["banners"] == ["court:order", "agreement:active"]
    assert [i["item"] for i in company["items"]] == ["AG-1/2"]
    assert company["good_standing"] is True


def test_a_time_with_a_zone_is_stored_as_sofia_local_time(loaded: Path) -> None:
    con = sqlite3.connect(loaded)
    try:
        (paid_at,) = con.execute(
            "SELECT paid_at FROM payment WHERE id = ?", ("6f1c2a9e-0000-4000-8000-000000000003",)
        ).fetchone()
    finally:
        con.close()
    assert datetime.fromisoformat(paid_at) == datetime(2026, 8, 5, 1, 30)


def test_importing_the_same_file_twice_changes_nothing(
    tmp_path: Path,
    loaded: Path,
    capsys: pytest.CaptureFixture[str],
    watch: Callable[[Path], Watcher],
) -> None:
    before = dump(loaded)
    watcher = watch(loaded)
    path = write_json(tmp_path, GOOD)
    code, out, err = run(["import", str(path), "--db", str(loaded), "--lang", "en"], capsys)
    assert (code, err) == (0, [])
    # the second import says what it changed: nothing
    lines = out.splitlines()
    assert lines[0] == (
        "import: nothing changed: all 19 records were already present (0 new, 19 already present)"
    )
    assert "  payments 4: 0 new, 0 changed, 4 already present" in lines
    assert all(" 0 new, 0 changed" in line for line in lines[1:])
    assert not watcher.changed()
    assert dump(loaded) == before
    code, out, err = run(["import", str(path), "--db", str(loaded), "--lang", "bg"], capsys)
    assert out.splitlines()[0] == (
        "внасяне: нищо не е променено: всички 19 записа вече са налични (0 нови, 19 вече налични)"
    )


def test_a_changed_file_says_what_it_changed_and_what_is_new(
    tmp_path: Path, loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def change(data: dict[str, Any]) -> None:
        data["payers"][0]["name"] = "Иван Петров"  # a stored payer changed
        data["court_cases"][0]["invoices"] = data["court_cases"][0]["invoices"][:1]
        data["payments"].append(
            {
                "id": "6f1c2a9e-0000-4000-8000-000000000099",
                "payer_code": PERSON,
                "paid_at": "2026-06-22T10:00:00",
                "method": "cash",
                "allocations": [],
                "credit": "5.00",
            }
        )

    path = write_json(tmp_path, variant(change))
    code, out, err = run(["import", str(path), "--db", str(loaded), "--lang", "en"], capsys)
    assert (code, err) == (0, [])
    lines = out.splitlines()
    assert lines[0] == "import: 20 records: 1 new, 1 changed, 18 already present"
    assert "  payers 2: 0 new, 1 changed, 1 already present" in lines
    assert "  payments 5: 1 new, 0 changed, 4 already present" in lines


def _unawarded(data: dict[str, Any]) -> None:
    """An unawarded filed case without a case number, an agreement without a down
    payment, and a payment of nothing but credit: the NULLs and zeros of the format."""
    data["court_cases"][0].update(awarded=None, case_number=None, stage="filed")
    data["agreements"][0]["down_payment"] = "0.00"
    data["payments"][1]["allocations"][0]["item"] = "AG-1/1"
    data["payments"][2]["allocations"][0].update(item="AG-1/2", amount="65.00")
    data["payments"].append(
        {
            "id": "6f1c2a9e-0000-4000-8000-000000000005",
            "payer_code": PERSON,
            "paid_at": "2026-06-21T10:00:00",
            "method": "credit",
            "allocations": [],
            "credit": "0.00",
        }
    )


@pytest.mark.parametrize(
    "data",
    [pytest.param(GOOD, id="good"), pytest.param(variant(_unawarded), id="nulls-and-zeros")],
)
def test_import_data_twice_changes_nothing(
    data: dict[str, Any], db: Database, watch: Callable[[Path], Watcher]
) -> None:
    first = import_data(db, copy.deepcopy(data))
    assert first.new_payments == len(data["payments"])
    assert first.counts["invoices"] == 5
    before = dump(db.path)
    watcher = watch(db.path)

    second = import_data(db, copy.deepcopy(data))

    assert second.new_payments == 0
    assert not watcher.changed()
    assert dump(db.path) == before


def test_a_changed_record_is_updated_in_place(db: Database) -> None:
    import_data(db, copy.deepcopy(GOOD))
    before = dump(db.path)
    import_data(db, variant(lambda d: d["payers"][0].update(name="Иван Петров")))
    after = dump(db.path)
    changed = {t for t in before if before[t] != after[t]}
    assert "payer" in changed
    assert {t for t in changed if "_fts" not in t} == {"payer"}  # the search index follows
    assert len(after["payer"]) == len(before["payer"])
    assert [row[0] for row in after["payer"]] == [row[0] for row in before["payer"]]


# --- a bad file ----------------------------------------------------------------------

BAD = [
    pytest.param(
        lambda d: d["invoices"][1].update(amount="84,2"),
        ['invoices[1].amount: not an amount: "84,2"'],
        id="amount-with-a-comma",
    ),
    pytest.param(
        lambda d: d["invoices"][1].update(amount="1.5"),
        ['invoices[1].amount: not an amount: "1.5"'],
        id="amount-with-one-decimal",
    ),
    pytest.param(
        lambda d: d["payers"][0].update(payer_code="4000000017"),
        ['payers[0].payer_code: wrong check digit in payer code: "4000000017"'],
        id="payer-code-check-digit",
    ),
    pytest.param(
        lambda d: d["invoices"][0].update(subscriber_number="1999999"),
        ['invoices[0].subscriber_number: unknown property: "1999999"'],
        id="unknown-subscriber",
    ),
    pytest.param(
        lambda d: d["tenures"].append(
            {
                "payer_code": COMPANY,
                "subscriber_number": "1000002",
                "kind": "tenancy",
                "start": "2024-01-01",
                "end": None,
            }
        ),
        ["tenures[3].start: overlaps the tenure from 2020-01-01 (tenures[2])"],
        id="overlapping-tenures",
    ),
    pytest.param(
        lambda d: d["invoices"][2].update(number="0000000001"),
        ['invoices[2].number: "0000000001" appears twice (first at invoices[0].number)'],
        id="duplicate-invoice-number",
    ),
    pytest.param(
        lambda d: d["invoices"][3].update(currency="BGN"),
        ["invoices[3].currency: an invoice issued 2026-02-05 is in EUR, not BGN"],
        id="currency-after-the-euro",
    ),
    pytest.param(
        lambda d: d["invoices"][0].update(currency="EUR"),
        ["invoices[0].currency: an invoice issued 2025-10-05 is in BGN, not EUR"],
        id="currency-before-the-euro",
    ),
    pytest.param(
        lambda d: d["payments"][1].update(paid_at="2026-07-02T11:00:00"),
        [
            "payments[1].id: a different payment with this id is already stored: "
            '"6f1c2a9e-0000-4000-8000-000000000002" (payments are never changed)'
        ],
        id="payment-id-reused-other-time",
    ),
    pytest.param(
        lambda d: d["payments"][1].update(method="card"),
        [
            "payments[1].id: a different payment with this id is already stored: "
            '"6f1c2a9e-0000-4000-8000-000000000002" (payments are never changed)'
        ],
        id="payment-id-reused-other-method",
    ),
    pytest.param(
        lambda d: d["payers"][0].update(id_number="7523169264"),
        ['payers[0].id_number: not a valid EGN: "7523169264"'],
        id="egn-check-digit",
    ),
    pytest.param(
        lambda d: d["payments"][2]["allocations"][0].update(item="AG-1/5"),
        ['payments[2].allocations[0].item: unknown invoice, court case or installment: "AG-1/5"'],
        id="unknown-installment",
    ),
    pytest.param(
        lambda d: d.update(format="desk/2"),
        ['format: expected "desk/1", got "desk/2"'],
        id="format",
    ),
    pytest.param(
        lambda d: (d["invoices"][1].update(amount="84,2"), d["invoices"][4].update(amount=70.0)),
        ['invoices[1].amount: not an amount: "84,2"', "invoices[4].amount: not an amount: 70.0"],
        id="two-problems-two-lines",
    ),
]


@pytest.mark.parametrize(("change", "lines"), BAD)
def test_a_bad_file_names_each_problem_exits_2_and_writes_nothing(
    change: Callable[[dict[str, Any]], object],
    lines: list[str],
    tmp_path: Path,
    loaded: Path,
    capsys: pytest.CaptureFixture[str],
    watch: Callable[[Path], Watcher],
) -> None:
    before = dump(loaded)
    watcher = watch(loaded)
    path = write_json(tmp_path, variant(change), "bad.json")

    code, out, err = run(["import", str(path), "--db", str(loaded), "--lang", "en"], capsys)

    assert code == 2
    assert err == lines
    assert out == ""
    assert not watcher.changed()
    assert dump(loaded) == before


@pytest.mark.parametrize(("change", "lines"), BAD)
def test_import_data_reports_problems_with_their_paths(
    change: Callable[[dict[str, Any]], object], lines: list[str], db: Database
) -> None:
    import_data(db, copy.deepcopy(GOOD))
    before = dump(db.path)
    with pytest.raises(ProblemsError) as caught:
        import_data(db, variant(change))
    assert [p.text("en") for p in caught.value.problems] == lines
    assert [p.where for p in caught.value.problems] == [line.split(": ", 1)[0] for line in lines]
    assert dump(db.path) == before


def test_a_bad_file_into_an_empty_database_writes_no_data(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_json(tmp_path, variant(lambda d: d["tenures"][0].update(start="2015-02-30")))
    code, _, err = run(["import", str(path), "--db", str(db_path), "--lang", "en"], capsys)
    assert code == 2
    assert err == ['tenures[0].start: not a date (YYYY-MM-DD): "2015-02-30"']
    code, _, err = run(["import", str(path), "--db", str(db_path)], capsys)  # Bulgarian
    assert err == ['tenures[0].start: не е дата (ГГГГ-ММ-ДД): "2015-02-30"']
    data_tables = ("property", "payer", "tenure", "plan", "invoice", "court_case", "payment")
    assert all(counts(db_path)[t] == 0 for t in data_tables)


def test_a_payment_id_reused_with_other_allocations_is_refused(
    tmp_path: Path,
    loaded: Path,
    capsys: pytest.CaptureFixture[str],
    watch: Callable[[Path], Watcher],
) -> None:
    # INTERCHANGE.md: importing never changes a stored payment; a different payment
    # under a stored id is a problem (as for a changed time or method), not a no-op.
    before = dump(loaded)
    watcher = watch(loaded)
    changed = variant(lambda d: d["payments"][1]["allocations"][0].update(amount="25.00"))
    code, _, err = run(["import", str(write_json(tmp_path, changed)), "--db", str(loaded)], capsys)
    assert code == 2
    assert len(err) == 1
    assert err[0].startswith("payments[1]")
    assert not watcher.changed()
    assert dump(loaded) == before


def test_two_tenures_of_one_property_from_the_same_day_overlap(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # DOMAIN.md "Tenure": for one property, tenures never overlap.
    twice = variant(
        lambda d: d["tenures"].append(
            {
                "payer_code": PERSON,
                "subscriber_number": "1000001",
                "kind": "tenancy",
                "start": "2025-10-15",
                "end": None,
            }
        )
    )
    code, _, err = run(["import", str(write_json(tmp_path, twice)), "--db", str(db_path)], capsys)
    assert code == 2
    assert len(err) == 1
    assert err[0].startswith("tenures[3].start: ")


def test_malformed_json_is_one_line_and_exit_2(
    tmp_path: Path, loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = dump(loaded)
    path = tmp_path / "broken.json"
    path.write_text('{"format": "desk/1", "properties": [{"district": 1,}]}', encoding="utf-8")
    code, out, err = run(["import", str(path), "--db", str(loaded), "--lang", "en"], capsys)
    assert code == 2
    assert out == ""
    assert err == [
        f"{path}: not JSON (line 1, column 52): Expecting property name enclosed in double quotes"
    ]
    assert dump(loaded) == before


@pytest.mark.parametrize(
    "text",
    [
        '{"format": "desk/1", "properties": [',
        '{"format": "desk/1",\n "properties": [{"district": "Младо',  # inside a string
        '{"format": "desk/1",\n "properties": [{"district": ',
    ],
)
def test_a_file_cut_short_is_said_to_be_cut_short(
    text: str, tmp_path: Path, loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """json's own words stop mid-sentence ("Unterminated string starting at"): the
    message says, in a whole sentence, where the file ends and what that means."""
    before = dump(loaded)
    path = tmp_path / "cut.json"
    path.write_text(text, encoding="utf-8")
    last = text.rstrip().split("\n")
    where = f"line {len(last)}, column {len(last[-1]) + 1}"
    code, out, err = run(["import", str(path), "--db", str(loaded), "--lang", "en"], capsys)
    assert (code, out) == (2, "")
    assert err == [
        f"{path}: not JSON: the file ends at {where} before its JSON is complete; was it cut short?"
    ]
    code, out, err = run(["import", str(path), "--db", str(loaded), "--lang", "bg"], capsys)
    assert err[0].endswith("преди JSON да е завършен; дали не е отрязан?")
    assert dump(loaded) == before


def test_a_missing_file_is_one_line_and_exit_2(
    tmp_path: Path, loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = dump(loaded)
    path = tmp_path / "nowhere.json"
    code, out, err = run(["import", str(path), "--db", str(loaded)], capsys)
    assert code == 2
    assert out == ""
    assert err == [f"{path}: cannot read: No such file or directory"]
    assert dump(loaded) == before


def test_a_file_that_is_not_an_object_is_one_line(
    tmp_path: Path, loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_json(tmp_path, [1, 2])
    code, _, err = run(["import", str(path), "--db", str(loaded), "--lang", "en"], capsys)
    assert (code, err) == (2, ["$: expected an object, got [1, 2]"])
    code, _, err = run(["import", str(path), "--db", str(loaded)], capsys)
    assert (code, err) == (2, ["$: очаква се обект, а е [1, 2]"])


# --- the quote command ---------------------------------------------------------------


def test_quote_for_an_unknown_payer_is_one_line_and_exit_2(
    loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["quote", UNKNOWN, "--on", "2026-11-22", "--db", str(loaded)], capsys)
    assert code == 2
    assert out == ""
    assert len(err) == 1 and UNKNOWN in err[0]


def test_quote_for_a_code_with_a_wrong_check_digit_is_one_line_and_exit_2(
    loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["quote", "4000000017", "--on", "2026-11-22", "--db", str(loaded)], capsys)
    assert code == 2
    assert out == ""
    assert len(err) == 1 and "4000000017" in err[0]


@pytest.mark.parametrize(
    "item",
    ["0000000002", "0000000009", "0000000004", "AG-1/1"],
    ids=["paid", "unknown", "in-court-for-another-payer", "installment-paid"],
)
def test_quote_paying_an_item_that_is_not_open_is_exit_2(
    item: str, loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        ["quote", PERSON, "--on", "2026-08-20", "--db", str(loaded), "--pay", item], capsys
    )
    assert code == 2
    assert out == ""
    assert len(err) == 1 and item in err[0]


def test_quote_pay_names_the_items_paid(loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        ["quote", COMPANY, "--on", "2026-08-20", "--db", str(loaded), "--pay", "AG-1/2", "--json"],
        capsys,
    )
    assert code == 0, err
    result = json.loads(out)
    assert [(i["item"], i["selected"]) for i in result["items"]] == [("AG-1/2", True)]
    assert result["totals"]["to_pay"] == "65.00"


def test_quote_table_lists_the_item_numbers(
    loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["quote", PERSON, "--on", "2026-06-25", "--db", str(loaded)], capsys)
    assert code == 0, err
    assert "0000000001" in out
    assert "40,90\xa0€" in out  # Bulgarian: the amounts as Bulgarian writes them
    assert "просрочено" in out and "месечна" in out and "25.06.2026" in out
    assert "EUR" not in out and "monthly" not in out and "40.90" not in out
    code, out, err = run(
        ["quote", PERSON, "--on", "2026-06-25", "--db", str(loaded), "--lang", "en"], capsys
    )
    assert code == 0, err
    assert "€40.90" in out and "overdue" in out and "monthly" in out
    assert not re.search("[А-Яа-я]", out), out
    code, out, err = run(["quote", COMPANY, "--on", "2026-08-20", "--db", str(loaded)], capsys)
    assert code == 0, err
    assert "AG-1/2" in out
    assert "65,00\xa0€" in out


def test_quote_json_has_the_interchange_shape(
    loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["quote", PERSON, "--on", "2026-06-25", "--db", str(loaded), "--json"], capsys
    )
    assert code == 0
    result = json.loads(out)
    assert set(result) == {
        "payer_code",
        "on",
        "good_standing",
        "credit",
        "banners",
        "items",
        "totals",
    }
    assert (result["payer_code"], result["on"]) == (PERSON, "2026-06-25")
    assert set(result["totals"]) == {"balance", "overdue", "selected", "discount", "to_pay"}
    assert set(result["items"][0]) == {
        "item",
        "kind",
        "period",
        "deadline",
        "amount",
        "original",
        "balance",
        "overdue",
        "selected",
        "discounts",
        "discount",
        "to_pay",
        "parts",
    }


def test_quote_with_a_bad_date_or_no_database_is_exit_2(
    tmp_path: Path, loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["quote", PERSON, "--on", "2026-13-01", "--db", str(loaded)], capsys)
    assert code == 2 and len(err) == 1
    missing = tmp_path / "none.sqlite"
    code, _, err = run(["quote", PERSON, "--on", "2026-11-22", "--db", str(missing)], capsys)
    assert code == 2 and len(err) == 1
    assert not missing.exists()


# --- hostile files (issue 14, the import) --------------------------------------------


def refused(
    path: Path, db: Path, capsys: pytest.CaptureFixture[str], lang: str = "en"
) -> list[str]:
    """Import ``path`` expecting a refusal: exit 2, nothing on stdout, nothing written."""
    before = dump(db)
    code, out, err = run(["import", str(path), "--db", str(db), "--lang", lang], capsys)
    assert (code, out) == (2, ""), err
    assert err, "a refusal says why"
    assert dump(db) == before
    return err


@pytest.mark.parametrize(
    ("change", "where"),
    [
        pytest.param(
            lambda d: d["invoices"][2].update(number="𝟘𝟘𝟘𝟘𝟘𝟘𝟘𝟘𝟘𝟛"),
            "invoices[2].number",
            id="math-digits",
        ),
        pytest.param(
            lambda d: d["invoices"][2].update(number="٠٠٠٠٠٠٠٠٠٣"),
            "invoices[2].number",
            id="arabic",
        ),
        pytest.param(
            lambda d: d["invoices"][2].update(number="0000000003\n"), "invoices[2].number", id="nl"
        ),
        pytest.param(
            lambda d: d["properties"][0].update(subscriber_number="１０００００１"),
            "properties[0].subscriber_number",
            id="fullwidth-subscriber",
        ),
        pytest.param(
            lambda d: d["payments"][0].update(payer_code="٤٠٠٠٠٠٠٠١٠"),
            "payments[0].payer_code",
            id="arabic-payer-code",
        ),
        pytest.param(
            lambda d: d["invoices"][0].update(period="٢٠٢٥-09"), "invoices[0].period", id="period"
        ),
        pytest.param(
            lambda d: d["invoices"][0].update(amount="١٢٠.00"), "invoices[0].amount", id="amount"
        ),
        pytest.param(
            lambda d: d["payers"][0].update(id_number="٧٥٢٣١٦٩٢٦٣"), "payers[0].id_number", id="egn"
        ),
        pytest.param(
            lambda d: d["payers"][1].update(id_number="١٧٥٠٧٤٧٥٢"), "payers[1].id_number", id="eik"
        ),
    ],
)
def test_an_identifier_is_ascii_digits_matched_whole(
    change: Callable[[dict[str, Any]], object],
    where: str,
    tmp_path: Path,
    loaded: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Before, "𝟘𝟘𝟘𝟘𝟘𝟘𝟘𝟘𝟘𝟛" or "0000000003\\n" imported as a second invoice 0000000003 and
    the payer's balance doubled; now it is a problem at its path and nothing is written."""
    err = refused(write_json(tmp_path, variant(change)), loaded, capsys)
    assert [line.split(": ", 1)[0] for line in err] == [where]


@pytest.mark.parametrize(
    ("payment_id", "says"),
    [
        pytest.param("\u0000", "U+0000", id="nul"),
        pytest.param("6f1c2a9e\u202e", "U+202E", id="bidi-override"),
        pytest.param("😀", "not an id", id="emoji"),
        pytest.param(1e308, "not text: 1e+308", id="float"),
        pytest.param("x" * 37, "longer than 36 characters (37)", id="too-long"),
        pytest.param("AG-1/2", "not an id", id="slash"),
        pytest.param(" 6f1c2a9e", "not an id", id="space"),
    ],
)
def test_a_payment_id_has_a_format(
    payment_id: object,
    says: str,
    tmp_path: Path,
    loaded: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = variant(lambda d: d["payments"][0].update(id=payment_id))
    err = refused(write_json(tmp_path, data), loaded, capsys)
    assert len(err) == 1
    assert err[0].startswith("payments[0].id: ")
    assert says in err[0]


def test_the_same_payment_under_another_id_is_refused_against_the_database(
    tmp_path: Path, loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, it was applied twice and an 81.67 credit appeared. The rule (README): same
    payer, moment, method, credit and allocations is the same payment, whatever its id."""
    again = copy.deepcopy(GOOD["payments"][3])
    again["id"] = "billing-0004"
    data = variant(lambda d: d.update(payments=[again]))
    err = refused(write_json(tmp_path, data), loaded, capsys)
    assert err == [
        "payments[0].id: payment billing-0004 is the same as "
        "6f1c2a9e-0000-4000-8000-000000000004 (same payer, moment, method, credit and "
        "allocations) under another id; refused as a probable duplicate"
    ]
    # one cent different is another payment, and imports
    again["allocations"][0]["amount"] = "59.47"
    path = write_json(tmp_path, variant(lambda d: d.update(payments=[again])), "other.json")
    code, _, err = run(["import", str(path), "--db", str(loaded)], capsys)
    assert code == 0, err


def test_the_same_payment_twice_in_one_file_is_refused(
    tmp_path: Path, loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    again = copy.deepcopy(GOOD["payments"][0])
    again["id"] = "billing-0001"
    data = variant(lambda d: d["payments"].append(again))
    err = refused(write_json(tmp_path, data), loaded, capsys)
    assert len(err) == 1
    assert err[0].startswith("payments[4].id: payment billing-0001 is the same as 6f1c2a9e-")


def test_a_key_given_twice_is_refused_at_its_path(
    tmp_path: Path, loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = json.dumps(GOOD, ensure_ascii=False)
    text = text.replace('"amount": "120.00"', '"amount": "120.00", "amount": "1.00"', 1)
    text = text.replace('"format": "desk/1"', '"format": "desk/1", "format": "desk/1"', 1)
    path = tmp_path / "twice.json"
    path.write_text(text, encoding="utf-8")
    err = refused(path, loaded, capsys)
    said = "this key is given more than once in one object; each key is given once"
    assert err == [f"format: {said}", f"invoices[0].amount: {said}"]


@pytest.mark.parametrize("phone", ["84,2", "2026-1-1", "+44 20 7946 0958", "0888123456x"])
def test_a_phone_follows_the_contacts_form_rule(
    phone: str, tmp_path: Path, loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = variant(lambda d: d["payers"][0].update(phone=phone))
    err = refused(write_json(tmp_path, data), loaded, capsys)
    assert len(err) == 1 and err[0].startswith("payers[0].phone: ")


def test_a_phone_is_stored_as_the_contacts_form_stores_it(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = variant(lambda d: d["payers"][0].update(phone="0888 123 456"))
    code, _, err = run(["import", str(write_json(tmp_path, data)), "--db", str(db_path)], capsys)
    assert code == 0, err
    con = sqlite3.connect(db_path)
    try:
        stored = con.execute("SELECT phone FROM payer WHERE payer_code = ?", (PERSON,)).fetchone()
    finally:
        con.close()
    assert stored == ("+359888123456",)


def test_a_huge_name_is_refused_in_one_short_line(
    tmp_path: Path, loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = variant(lambda d: d["payers"][0].update(name="Я" * 25_000_000))
    err = refused(write_json(tmp_path, data), loaded, capsys)
    assert err == ["payers[0].name: longer than 200 characters (25,000,000)"]


@pytest.mark.parametrize(
    ("change", "line"),
    [
        pytest.param(
            lambda d: d["properties"][0].update(district="Д" * 81),
            "properties[0].district: longer than 80 characters (81)",
            id="district",
        ),
        pytest.param(
            lambda d: d["court_cases"][0].update(case_number="1" * 61),
            "court_cases[0].case_number: longer than 60 characters (61)",
            id="case-number",
        ),
        pytest.param(
            lambda d: d["payers"][1].update(address="ул.\u0000Витоша 1"),
            'payers[1].address: holds a character no text may hold, U+0000: "ул.\\u0000Витоша 1"',
            id="nul-in-address",
        ),
        pytest.param(
            lambda d: d["payers"][0].update(email="ivan@example"),
            "payers[0].email: the @ or the domain is missing: “ivan@example”",
            id="email",
        ),
    ],
)
def test_every_text_has_a_length_and_a_form(
    change: Callable[[dict[str, Any]], object],
    line: str,
    tmp_path: Path,
    loaded: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = refused(write_json(tmp_path, variant(change)), loaded, capsys)
    assert err == [line]


@pytest.mark.parametrize(
    ("change", "line"),
    [
        pytest.param(
            lambda d: d["payments"][0].update(paid_at="0001-01-01T00:00:00+14:00"),
            "payments[0].paid_at: the year must be from 1900 to 2199",
            id="moment-overflow",  # was an OverflowError traceback
        ),
        pytest.param(
            lambda d: d["tenures"][0].update(start="2026-W01-1"),
            'tenures[0].start: not a date (YYYY-MM-DD): "2026-W01-1"',
            id="iso-week",
        ),
        pytest.param(
            lambda d: d["invoices"][4].update(amount="999999999999.99"),
            "invoices[4].amount: larger than €10,000,000.00",
            id="amount",  # past PostgreSQL's 32-bit cents columns
        ),
    ],
)
def test_dates_and_amounts_have_a_range(
    change: Callable[[dict[str, Any]], object],
    line: str,
    tmp_path: Path,
    loaded: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = refused(write_json(tmp_path, variant(change)), loaded, capsys)
    assert err == [line]


def test_deep_nesting_is_refused_in_words(
    tmp_path: Path, loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert refused(path, loaded, capsys) == [f"{path}: the JSON nests deeper than 10 levels"]
    path.write_text('{"format": "desk/1", "payers": [[[[[[[[[[[1]]]]]]]]]]]}', encoding="utf-8")
    assert refused(path, loaded, capsys) == [
        "payers[0][0][0][0][0][0][0][0][0]: the JSON nests deeper than 10 levels"
    ]


def test_a_byte_order_mark_is_accepted(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD, ensure_ascii=False).encode("utf-8"))
    code, out, err = run(["import", str(path), "--db", str(db_path), "--lang", "en"], capsys)
    assert (code, err) == (0, [])
    assert out.startswith("import: 19 records: 19 new")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        pytest.param(b"\xff\xfe{\x00}", "not UTF-8 text", id="bytes"),
        pytest.param(b'{"format": "desk/1", "n": ' + b"9" * 5000 + b"}", "4300 digits", id="int"),
        pytest.param(b"", "not JSON: the file ends at line 1, column 1", id="empty"),
    ],
)
def test_any_bytes_are_refused_in_one_line(
    content: bytes, says: str, tmp_path: Path, loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "junk.json"
    path.write_bytes(content)
    err = refused(path, loaded, capsys)
    assert len(err) == 1 and err[0].startswith(f"{path}: ") and says in err[0]


def test_a_file_over_the_size_limit_is_refused_unread(
    tmp_path: Path,
    loaded: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desk.services import importer

    path = write_json(tmp_path, GOOD)
    monkeypatch.setattr(importer, "MAX_FILE_BYTES", path.stat().st_size - 1)
    err = refused(path, loaded, capsys)
    assert err == [f"{path}: the file is larger than 0 MB; split the export"]
    assert importer.MAX_FILE_BYTES < 200 * 1024 * 1024


@pytest.mark.parametrize("text", ["٠٠٠٠٠٠٠٠٠٣", "𝟘𝟘𝟘𝟘𝟘𝟘𝟘𝟘𝟘𝟛", "0000000003\n", "1000001\n"])
def test_identifiers_are_ascii_wherever_they_are_checked(text: str) -> None:
    """The same rule for the search field, the scanner and the forms as for the import."""
    from desk.identifiers import check_invoice_number, check_payer_code, check_subscriber_number
    from desk.services.lookup import classify, payer_code_problem
    from desk.services.survey_cards import looks_like_card_number

    assert check_invoice_number(text) is not None
    assert check_payer_code(text) is not None
    assert check_subscriber_number(text) is not None
    assert classify(text.strip() + "\u0663") == "words"
    if not text.isascii():  # not a payer code at all: searched as words
        assert payer_code_problem(text) is None
    assert not looks_like_card_number("٠" * 12)
