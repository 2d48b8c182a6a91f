"""The Z-report shown in the README, from the shift the tests work.

    .venv/bin/python docs/printouts/make_shift_report.py

A 50 € float, a card payment voided by the supervisor, the bill paid again in
cash with change, a count six cents short (tests/desk_fixtures.work_a_shift),
on a temporary database; writes shift_report.pdf and shift_report.png (the
page at 3×, 681 px wide) next to this script.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pypdfium2

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # the repository, for tests.desk_fixtures

from desk.printing.shift_report import render_shift_report  # noqa: E402
from desk.services.shift_report import shift_report_data  # noqa: E402
from tests.desk_fixtures import make_day_db, work_a_shift  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="desk-printout-") as folder:
        db = make_day_db(Path(folder) / "desk.sqlite")
        try:
            pdf = render_shift_report(shift_report_data(db, work_a_shift(db)))
        finally:
            db.close()
    (HERE / "shift_report.pdf").write_bytes(pdf)
    document = pypdfium2.PdfDocument(pdf)
    document[0].render(scale=3).to_pil().save(HERE / "shift_report.png")
    document.close()
    print("saved shift_report.pdf and shift_report.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
