"""`desk report daily|campaign`: the supervisors' reports from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.cli import main
from desk.models.db import Database
from tests.desk_fixtures import work_a_shift
from tests.printing_helpers import pdf_text


def test_the_daily_report_of_a_worked_day_is_written_where_asked(
    day_db: Database, tmp_path: Path
) -> None:
    work_a_shift(day_db)
    path = day_db.path
    day_db.close()
    out = tmp_path / "daily.pdf"

    code = main(
        [
            "report",
            "daily",
            "--date",
            "2026-11-22",
            "--desk",
            "K1",
            "--out",
            str(out),
            "--db",
            str(path),
        ]
    )

    assert code == 0
    text = pdf_text(out.read_bytes())
    assert "ДНЕВЕН ОТЧЕТ" in text and "22.11.2026" in text
    assert "(команден ред)" in text  # who printed it: the machine's user
    assert "грешен платец" in text  # the void's reason
    assert "93,46" in text  # the bill paid again in cash after the void
    assert not (tmp_path / "daily.pdf.partial").exists()


def test_a_bad_date_names_the_option_and_writes_nothing(
    day_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = day_db.path
    day_db.close()
    out = tmp_path / "daily.pdf"

    code = main(["report", "daily", "--date", "22.11.2026", "--out", str(out), "--db", str(path)])

    assert code == 2
    assert "--date" in capsys.readouterr().err
    assert not out.exists()


def test_a_mistyped_database_path_is_refused_and_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such.sqlite"

    code = main(["report", "campaign", "--out", str(tmp_path / "c.pdf"), "--db", str(missing)])

    assert code == 2
    assert "--db" in capsys.readouterr().err
    assert not missing.exists()


def test_an_unknown_desk_is_refused(
    day_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = day_db.path
    day_db.close()
    out = tmp_path / "daily.pdf"

    code = main(
        [
            "report",
            "daily",
            "--date",
            "2026-11-22",
            "--desk",
            "K9",
            "--out",
            str(out),
            "--db",
            str(path),
        ]
    )

    assert code == 2
    assert "K9" in capsys.readouterr().err
    assert not out.exists()


def test_the_campaign_report_is_written_for_the_day_asked(day_db: Database, tmp_path: Path) -> None:
    path = day_db.path
    day_db.close()
    out = tmp_path / "campaign.pdf"

    code = main(["report", "campaign", "--on", "2026-11-22", "--out", str(out), "--db", str(path)])

    assert code == 0
    text = pdf_text(out.read_bytes())
    assert "22.11.2026" in text and "Общо" in text


def test_a_folder_as_out_and_a_lowercase_desk(
    day_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = day_db.path
    day_db.close()
    args = ["report", "daily", "--date", "2026-11-22", "--db", str(path)]

    assert main([*args, "--out", str(tmp_path)]) == 2
    assert "--out" in capsys.readouterr().err

    out = tmp_path / "k1.pdf"
    assert main([*args, "--desk", "k1", "--out", str(out)]) == 0
    assert "каса K1" in pdf_text(out.read_bytes())  # the header names the one desk
