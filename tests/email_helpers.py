"""A real SMTP server on loopback (aiosmtpd) and a demo desk whose payers take e-invoices.

``MailServer`` keeps what it accepted, parsed; it can refuse chosen recipients (5xx)
or defer them (4xx), drop the connection at a chosen recipient (before the message:
the sender tries again) or after a chosen message's final dot (taken or not, never
answered: RFC 1047's window, the card is uncertain), and call a hook at each
recipient (the kill test kills the sending process there: before the message's data,
so the message is not accepted, and the resumed run must send it once).
"""

from __future__ import annotations

import socket
import threading
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import text

from desk.models.db import Database, open_database
from desk.services.demo import generate_demo
from desk.services.email_cards import SmtpSettings
from desk.services.users import ensure_demo_users
from tests.printing_helpers import pdf_barcodes

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 12, 0)
WEB = "https://anketa.example.bg"
SENDER = "Топлофикация София <anketa@example.bg>"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Inbox:
    """aiosmtpd's handler: what was accepted, and the faults asked for."""

    def __init__(self) -> None:
        self.received: list[EmailMessage] = []
        self.refuse: set[str] = set()  # 550 at RCPT
        self.later: set[str] = set()  # 451 at RCPT
        self.refuse_data: set[str] = set()  # 554 after DATA
        self.drop_at: set[int] = set()  # the n-th DATA (1-based): dropped, not taken
        self.lose_answer_at: set[int] = set()  # the n-th DATA: taken, dropped unanswered
        self.drop_rcpt_at: set[int] = set()  # the n-th RCPT: dropped before the message
        self.on_rcpt: Callable[[int], None] | None = None
        self.on_accepted: Callable[[int], None] | None = None  # before its "250"
        self.rcpts = 0
        self.datas = 0
        self.lock = threading.Lock()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        with self.lock:
            self.rcpts += 1
            count = self.rcpts
        if self.on_rcpt is not None:
            self.on_rcpt(count)
        if count in self.drop_rcpt_at:
            server.transport.close()
            return "421 4.3.0 closing"
        if address in self.refuse:
            return "550 5.1.1 <" + address + ">: mailbox unavailable"
        if address in self.later:
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.datas += 1
            count = self.datas
        if count in self.drop_at:
            server.transport.close()  # before "250": the message is not accepted
            return "421 4.3.0 closing"
        if set(envelope.rcpt_tos) & self.refuse_data:
            return "554 5.6.0 message refused"
        content = envelope.original_content or envelope.content
        message = message_from_bytes(content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        with self.lock:
            self.received.append(message)
        if self.on_accepted is not None:
            self.on_accepted(len(self.received))
        if count in self.lose_answer_at:
            server.transport.close()  # the message kept, its "250" never reaches the sender
        return "250 OK"

    def recipients(self) -> Counter[str]:
        return Counter(str(m["To"]) for m in self.received)

    def cards(self) -> Counter[str]:
        return Counter(str(m["X-Desk-Card"]) for m in self.received)


def _authenticate(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and auth_data.password == b"secret"
    return AuthResult(success=ok, handled=False)


class MailServer:
    """An aiosmtpd server on 127.0.0.1, started and stopped by the test (and started
    again on the same port: a server that was away and came back)."""

    def __init__(self, inbox: Inbox | None = None, *, auth: bool = False) -> None:
        self.inbox = inbox or Inbox()
        self.port = free_port()
        self.auth = auth
        self.controller: Controller | None = None

    def start(self) -> MailServer:
        extra: dict[str, Any] = {}
        if self.auth:
            extra = {"authenticator": _authenticate, "auth_require_tls": False}
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, **extra)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def settings(self, username: str | None = None) -> SmtpSettings:
        return SmtpSettings("127.0.0.1", self.port, "none", username, SENDER, 0)


def make_email_demo(path: Path, properties: int = 40, seed: int = 3) -> Database:
    """A demo desk (K1, the demo users) whose payers with an e-mail on file take
    e-invoices: half to a separate e-invoice address, half to their own e-mail."""
    generate_demo(path, properties=properties, seed=seed, today=TODAY)
    db = open_database(path)
    ensure_demo_users(db)
    with db.write() as session:
        session.execute(
            text(
                "UPDATE payer SET e_invoice = 1, "
                "email = 'p' || payer_code || '@example.test', "
                "e_invoice_email = CASE WHEN id % 2 = 0 "
                "THEN 'f' || payer_code || '@example.test' END"
            )
        )
    return db


def email_demo_file(factory: pytest.TempPathFactory, properties: int) -> Path:
    """A module's demo file, made once; each test works on a copy (copy_database)."""
    path = factory.mktemp("email") / "demo.sqlite"
    make_email_demo(path, properties=properties).close()
    return path


def attachment(message: EmailMessage) -> bytes:
    parts = list(message.iter_attachments())
    assert len(parts) == 1
    content = parts[0].get_content()
    assert isinstance(content, bytes)
    return content


def card_barcodes(message: EmailMessage) -> list[str]:
    """What a scanner reads off the attached card: its number, the link, the payer code."""
    return pdf_barcodes(attachment(message))
