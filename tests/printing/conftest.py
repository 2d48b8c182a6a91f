"""The cups-pdf queue for the printing tests (tests/printing/cups_queue.py)."""

from tests.printing.cups_queue import cups

__all__ = ["cups"]
