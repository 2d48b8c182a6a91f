"""The web server's only way to the central database: c0012's two functions.

Called from the server's worker threads (blocking I/O stays off the event loop).
"""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import text
from sqlalchemy.engine import URL

from desk.sync.central import make_central_engine
from desk.web.form import Answers

POOL_SIZE = 8  # and as many more on a burst: inside the role's CONNECTION LIMIT (c0012)
POOL_WAIT = 5  # seconds a post waits for a connection before "try again later"

_SUBMIT = text(
    "SELECT web_submit(:client, :payer_code, :subscriber_number, :card, :phone, :phone_2, "
    ":email, :address, :preferred_channel, :e_invoice, :e_invoice_email, :consent)"
)
_REFUSAL = text("SELECT web_refusal(:client, :payer_code, :card, :outcome)")


class Gateway:
    def __init__(self, url: str | URL) -> None:
        # hide_parameters: an error's log line names the statement, never what a payer typed
        self.engine = make_central_engine(
            url,
            pool_size=POOL_SIZE,
            max_overflow=POOL_SIZE,
            pool_timeout=POOL_WAIT,
            hide_parameters=True,
        )

    def check(self) -> None:
        """Log in once: a DBAPIError when the database or the role's password is wrong."""
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def submit(self, client: str, answers: Answers) -> str:
        """'changed', 'confirmed', 'unknown' (no such payer, or not this card's) or
        'limited' (too many attempts for this payer code)."""
        values = asdict(answers)
        with self.engine.begin() as conn:
            return str(conn.scalar(_SUBMIT, {"client": client, **values}))

    def refuse(self, client: str, payer_code: str | None, card: str | None, outcome: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                _REFUSAL,
                {"client": client, "payer_code": payer_code, "card": card, "outcome": outcome},
            )

    def close(self) -> None:
        self.engine.dispose()
