"""A safe place and name for a saved file: a folder per database, never over another file."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.cli import main
from desk.models.db import Database, open_database
from desk.models.identity import database_id
from desk.saving import database_folder, pdf_name, save_new


@pytest.mark.parametrize(
    ("given", "named"),
    [
        ("K1-0000001", "K1-0000001.pdf"),
        ("spravka-4000000127-20261122.pdf", "spravka-4000000127-20261122.pdf"),
        ("REPORT.PDF", "REPORT.pdf"),
        ("anketni-karti.pdf.pdf", "anketni-karti.pdf.pdf"),  # only a name's own ending goes
    ],
)
def test_a_pdf_name_ends_in_pdf_once(given: str, named: str) -> None:
    assert pdf_name(given) == named


def test_a_name_taken_gets_the_next_number_and_the_first_file_stays(tmp_path: Path) -> None:
    folder = tmp_path / "made" / "here"
    first = save_new(folder, "spravka-1.pdf", b"first")
    second = save_new(folder, "spravka-1", b"second")
    third = save_new(folder, "spravka-1.pdf", b"third")

    assert [p.name for p in (first, second, third)] == [
        "spravka-1.pdf",
        "spravka-1-2.pdf",
        "spravka-1-3.pdf",
    ]
    assert [p.read_bytes() for p in (first, second, third)] == [b"first", b"second", b"third"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        p.name for p in (first, second, third)
    )


def test_a_write_that_fails_leaves_no_file_under_the_name(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        save_new(tmp_path, "broken", object())  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []
    assert save_new(tmp_path, "broken", b"ok").name == "broken.pdf"


def test_each_database_has_a_folder_of_its_own_that_stays(tmp_path: Path) -> None:
    base = tmp_path / "receipts"
    one, other = open_database(tmp_path / "a.sqlite"), open_database(tmp_path / "b.sqlite")
    try:
        folder = database_folder(base, one)
        assert folder != database_folder(base, other)
        assert folder == database_folder(base, one) and folder.parent == base
    finally:
        one.close()
        other.close()
    # The id is the file's own: the same folder after closing and opening it again.
    again = open_database(tmp_path / "a.sqlite")
    try:
        assert database_folder(base, again) == folder
        assert folder.name == database_id(again)
    finally:
        again.close()


def test_desk_report_never_writes_over_a_file_and_names_the_one_it_wrote(
    day_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = day_db.path
    day_db.close()
    out = tmp_path / "campaign.pdf"
    out.write_bytes(b"the report of yesterday")
    args = ["report", "campaign", "--on", "2026-11-22", "--db", str(path), "--out", str(out)]

    assert main(args) == 0
    assert main(args) == 0

    assert out.read_bytes() == b"the report of yesterday"
    written = capsys.readouterr().out
    for name in ("campaign-2.pdf", "campaign-3.pdf"):
        assert (tmp_path / name).read_bytes().startswith(b"%PDF")
        assert str(tmp_path / name) in written
    assert sorted(p.name for p in tmp_path.glob("campaign*")) == [
        "campaign-2.pdf",
        "campaign-3.pdf",
        "campaign.pdf",
    ]
