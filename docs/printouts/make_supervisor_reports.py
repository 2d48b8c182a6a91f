"""The supervisor's reports shown in the README.

    .venv/bin/python docs/printouts/make_supervisor_reports.py

The daily report of the day the tests work (tests/services/test_daily_report:
two desks, two cashiers, cash with change, card, a split payment, a 53%
installment, a void approved by the supervisor, a shortage and a surplus), and
the campaign report of a fresh demo database; each as PDF with its first page
as PNG (1.5×) next to this script.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

import pypdfium2

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # the repository, for the tests' day

from desk.models.db import open_database  # noqa: E402
from desk.services.campaign_report import campaign_report_pdf  # noqa: E402
from desk.services.daily_report import daily_report_pdf  # noqa: E402
from desk.services.demo import generate_demo  # noqa: E402
from tests.services.test_daily_report import DAY, make_report_day  # noqa: E402


def save(name: str, pdf: bytes) -> None:
    (HERE / f"{name}.pdf").write_bytes(pdf)
    document = pypdfium2.PdfDocument(pdf)
    document[0].render(scale=1.5).to_pil().save(HERE / f"{name}.png")
    if len(document) > 1:  # the daily report's charts are on its last page
        document[len(document) - 1].render(scale=1.5).to_pil().save(HERE / f"{name}_last.png")
    document.close()
    print(f"saved {name}.pdf and {name}.png")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="desk-reports-") as folder:
        db = make_report_day(Path(folder) / "day.sqlite")
        try:
            printed = datetime.combine(DAY, datetime.min.time()).replace(hour=19)
            save("daily_report", daily_report_pdf(db, "Стефан Колев", DAY, now=printed))
        finally:
            db.close()
        generate_demo(Path(folder) / "demo.sqlite", today=date(2026, 11, 22))
        db = open_database(Path(folder) / "demo.sqlite")
        try:
            on = date(2026, 11, 22)
            pdf = campaign_report_pdf(db, "Стефан Колев", on, datetime(2026, 11, 22, 17, 30))
            save("campaign_report", pdf)
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
