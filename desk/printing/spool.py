"""A PDF to a CUPS queue as it is: text stays text and the page keeps its size.

Where the printers are CUPS queues (Linux, macOS) the queue takes PDF itself and
its own filters make what the printer needs, at the printer's resolution. Qt's
way instead rasterised every page at 1,200 dpi in our process (557 MB for one
A4 page, 2.9 s) and sent an image without text (issue 15). ``lp`` (cups-client)
hands the bytes to the spooler in tens of milliseconds, a 1,000-card batch as one
job. Where there is no ``lp`` (Windows) desk.ui.printer_output draws the pages
through Qt instead.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

# What CUPS calls A4 (ISO 216, in points); any other page goes as a custom size,
# so the 80 mm receipt stays 80 mm and as long as its lines.
A4 = (595.276, 841.89)
SUBMIT_SECONDS = 120  # a local spooler answers at once; a stuck one must not hang a worker
JOB_ID = re.compile(r"request id is (\S+)")


class PrintRefused(OSError):
    """The queue or ``lp`` said no: an environment problem, shown calmly with lp's words."""


def cups_available() -> bool:
    """True where printers are CUPS queues and ``lp`` can reach them."""
    return sys.platform != "win32" and shutil.which("lp") is not None


def media(width: float, height: float) -> str:
    """The CUPS ``media`` option for a page of ``width`` x ``height`` points."""
    if abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1:
        return "A4"
    return f"Custom.{width:.2f}x{height:.2f}"


def submit(pdf: bytes, queue: str, title: str, page: tuple[float, float]) -> str:
    """Spool ``pdf`` on ``queue`` as one job named ``title``; its CUPS job id.

    ``page`` is the document's page size in points, asked for as the job's media:
    without it CUPS would fit an 80 mm receipt onto the queue's default A4."""
    command = ["lp", "-d", queue, "-t", title, "-o", f"media={media(*page)}", "-"]
    try:
        done = subprocess.run(
            command, input=pdf, capture_output=True, timeout=SUBMIT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise PrintRefused(f"lp: no answer from the print spooler in {SUBMIT_SECONDS} s") from error
    said = (done.stderr or done.stdout).decode(errors="replace").strip()
    if done.returncode != 0:
        raise PrintRefused(said or f"lp: exit status {done.returncode}")
    found = JOB_ID.search(done.stdout.decode(errors="replace"))
    return found.group(1) if found else ""
