"""A local database works as the desk it was told it is, and as no desk before that."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.cli import main
from desk.models.db import Database, open_database
from desk.services.demo import generate_demo
from desk.services.desk_identity import set_this_desk, this_desk_code
from desk.services.problems import UserError


def test_the_demo_database_is_the_first_pay_desk(tmp_path: Path) -> None:
    generate_demo(tmp_path / "demo.sqlite", properties=3)
    db = open_database(tmp_path / "demo.sqlite")
    try:
        assert this_desk_code(db) == "K1"
    finally:
        db.close()


def test_a_desk_code_must_name_one_of_the_desks(day_db: Database) -> None:
    with pytest.raises(UserError, match=r"каса: няма каса с код 'K7' \(има: K1\)"):
        set_this_desk(day_db, "k7")
    assert this_desk_code(day_db) == "K1", "the refused code changed nothing"


def test_set_desk_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.sqlite"
    generate_demo(path, properties=3)
    assert main(["set-desk", " k2 ", "--db", str(path)]) == 0
    assert "каса K2" in capsys.readouterr().out  # Bulgarian unless --lang en
    assert main(["set-desk", "K2", "--db", str(path), "--lang", "en"]) == 0
    assert "desk K2" in capsys.readouterr().out
    db = open_database(path)
    try:
        assert this_desk_code(db) == "K2"
    finally:
        db.close()
    assert main(["set-desk", "Z9", "--db", str(path)]) != 0
    assert "няма каса с код 'Z9'" in capsys.readouterr().err
