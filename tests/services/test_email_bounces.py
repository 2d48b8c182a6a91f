"""Bounces of e-mailed cards: delivery status notifications (RFC 3464) read from an
mbox file or a folder of .eml files mark the cards they name, and are listed."""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desk.models.db import Database
from desk.models.tables import CardEmail, SurveyCard
from desk.services.bounces import read_bounces
from desk.services.email_cards import send_cards, sending_problems
from desk.services.problems import UserError
from tests.desk_fixtures import copy_database
from tests.email_helpers import NOW, TODAY, MailServer, email_demo_file
from tests.services.test_email_cards import clerk, clock, set_up

DSN = """From: MAILER-DAEMON@mx.example.test (Mail Delivery System)
To: anketa@example.bg
Subject: Undelivered Mail Returned to Sender
Message-ID: <{report_id}@mx.example.test>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="=_b"

--=_b
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.test.
Your message could not be delivered to one or more recipients.

--=_b
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.test
Arrival-Date: Sun, 22 Nov 2026 12:00:05 +0200

Final-Recipient: rfc822; {rcpt}
Original-Recipient: rfc822;{rcpt}
Action: {action}
Status: {status}
Diagnostic-Code: smtp; 550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown

--=_b
Content-Type: {returned}

{original}
--=_b--
"""


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return email_demo_file(tmp_path_factory, properties=20)


@pytest.fixture
def sent(demo_file: Path, tmp_path: Path) -> Iterator[tuple[Database, list[EmailMessage]]]:
    """A desk that sent its cards, and the messages as the server received them."""
    db = copy_database(demo_file, tmp_path / "desk.sqlite")
    server = MailServer().start()
    try:
        send_cards(db, set_up(db, server), TODAY, clock)
    finally:
        server.stop()
    yield db, server.inbox.received
    db.close()


def dsn(
    original: EmailMessage,
    action: str = "failed",
    status: str = "5.1.1",
    headers_only: bool = False,
    our_header: bool = True,
) -> bytes:
    copy = EmailMessage()
    for key, value in original.items():
        if key.lower().startswith(("content-", "mime-")):
            continue  # the body returned is a stand-in: its own type
        if our_header or key != "X-Desk-Card":
            copy[key] = value
    if headers_only:
        returned, text = "text/rfc822-headers", copy.as_string().split("\n\n")[0]
    else:
        copy.set_content("(body)")
        returned, text = "message/rfc822", copy.as_string()
    return DSN.format(
        report_id=str(original["X-Desk-Card"]),
        rcpt=str(original["To"]),
        action=action,
        status=status,
        returned=returned,
        original=text,
    ).encode()


def states(db: Database) -> dict[str, str]:
    with db.read() as session:
        return dict(
            session.execute(
                select(SurveyCard.number, CardEmail.state).join(
                    SurveyCard, SurveyCard.id == CardEmail.card_id
                )
            ).all()
        )


def test_an_mbox_of_reports_marks_the_cards_it_names(
    sent: tuple[Database, list[EmailMessage]], tmp_path: Path
) -> None:
    db, received = sent
    first, second, third, fourth = received[:4]
    box = mailbox.mbox(tmp_path / "bounces.mbox")
    box.add(dsn(first))  # the whole message returned, our header on it
    box.add(dsn(second, our_header=False))  # only the Message-ID names the card
    box.add(dsn(third, action="delayed", status="4.4.1"))  # not a failure (yet)
    box.add(b"From: someone@example.test\nSubject: thanks\n\nNot a report.\n")
    box.add(dsn(fourth).replace(str(fourth["X-Desk-Card"]).encode(), b"999000000019"))
    box.flush()
    box.close()
    read = read_bounces(db, clerk(db), tmp_path / "bounces.mbox", NOW)
    assert (read.messages, read.reports, read.bounced, read.unknown) == (5, 3, 2, 1)
    now = states(db)
    assert now[str(first["X-Desk-Card"])] == "bounced"
    assert now[str(second["X-Desk-Card"])] == "bounced"
    assert now[str(third["X-Desk-Card"])] == "sent"
    assert now[str(fourth["X-Desk-Card"])] == "sent"
    problems = sending_problems(db)
    assert {p.card_number for p in problems} == {
        str(first["X-Desk-Card"]),
        str(second["X-Desk-Card"]),
    }
    assert all(p.state == "bounced" and p.reason.startswith("5.1.1 (smtp; 550") for p in problems)


def test_a_folder_of_eml_files_with_returned_headers(
    sent: tuple[Database, list[EmailMessage]], tmp_path: Path
) -> None:
    db, received = sent
    folder = tmp_path / "dsn"
    folder.mkdir()
    (folder / "1.eml").write_bytes(dsn(received[0], headers_only=True))
    (folder / "2.eml").write_bytes(dsn(received[1], headers_only=True, our_header=False))
    (folder / "notes.txt").write_text("not a message")
    read = read_bounces(db, clerk(db), folder, NOW)
    assert (read.messages, read.bounced) == (2, 2)
    # Read again: the same cards, still bounced, nothing new.
    assert read_bounces(db, clerk(db), folder, NOW).bounced == 2
    assert sum(state == "bounced" for state in states(db).values()) == 2


def test_a_missing_mailbox_is_named(
    sent: tuple[Database, list[EmailMessage]], tmp_path: Path
) -> None:
    db, _received = sent
    with pytest.raises(UserError) as missing:
        read_bounces(db, clerk(db), tmp_path / "nowhere.mbox", NOW)
    assert missing.value.code == "email.no_mailbox"


def forged(number: str, rcpt: str, returned: str) -> bytes:
    """A report an attacker's server sends: it names one of our card numbers."""
    return (
        DSN.format(
            report_id="x",
            rcpt=rcpt,
            action="failed",
            status="5.1.1",
            returned="text/rfc822-headers",
            original=returned,
        )
        .replace("mx.example.test", "mx.attacker.test")
        .encode()
    )


def test_a_forged_report_marks_nothing(
    sent: tuple[Database, list[EmailMessage]], tmp_path: Path
) -> None:
    """Anyone can mail a report to the sender: one carrying only X-Desk-Card, or a
    Message-ID on another domain, or our Message-ID but another recipient than the card
    went to, marks no card; the real report of the same card does."""
    db, received = sent
    victim = received[0]
    number, address = str(victim["X-Desk-Card"]), str(victim["To"])
    box = mailbox.mbox(tmp_path / "forged.mbox")
    box.add(forged(number, address, f"X-Desk-Card: {number}\nTo: {address}\n"))
    box.add(forged(number, address, f"Message-ID: <anketa.{number}@attacker.test>\n"))
    box.add(forged(number, "someone@attacker.test", f"Message-ID: {victim['Message-ID']}\n"))
    box.close()
    read = read_bounces(db, clerk(db), tmp_path / "forged.mbox", NOW)
    assert (read.messages, read.reports, read.bounced, read.unknown) == (3, 3, 0, 3)
    assert states(db)[number] == "sent"
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "1.eml").write_bytes(dsn(victim, headers_only=True))
    assert read_bounces(db, clerk(db), tmp_path / "real", NOW).bounced == 1
    assert states(db)[number] == "bounced"


def test_a_message_too_deep_or_too_large_is_unreadable_and_the_rest_are_read(
    sent: tuple[Database, list[EmailMessage]], tmp_path: Path
) -> None:
    """A message nested 2,000 levels deep overflowed the parser (RecursionError) and
    stopped the whole run; one over a megabyte was read whole. Each is now counted
    unreadable and the reports beside them are read."""
    db, received = sent
    levels = 2000
    nested = "".join(
        f'--b{i}\nContent-Type: multipart/mixed; boundary="b{i + 1}"\n\n' for i in range(levels)
    )
    deep = (
        'From: x@attacker.test\nContent-Type: multipart/report; boundary="b0"\n\n'
        + nested
        + f"--b{levels}\nContent-Type: text/plain\n\nx\n"
    ).encode()
    large = b"From: x@attacker.test\nSubject: big\n\n" + b"x" * 1_100_000 + b"\n"
    folder = tmp_path / "dsn"
    folder.mkdir()
    (folder / "1.eml").write_bytes(deep)
    (folder / "2.eml").write_bytes(dsn(received[0]))
    (folder / "3.eml").write_bytes(large)
    read = read_bounces(db, clerk(db), folder, NOW)
    assert (read.messages, read.bounced, read.unreadable) == (3, 1, 2)
    box = mailbox.mbox(tmp_path / "mixed.mbox")
    box.add(deep)
    box.add(dsn(received[1]))
    box.add(large)
    box.close()
    read = read_bounces(db, clerk(db), tmp_path / "mixed.mbox", NOW)
    assert (read.messages, read.bounced, read.unreadable) == (3, 1, 2)
    assert states(db)[str(received[1]["X-Desk-Card"])] == "bounced"


@pytest.mark.parametrize("state", ["sending", "uncertain"])
def test_a_bounce_of_an_uncertain_card_proves_the_server_had_it(
    sent: tuple[Database, list[EmailMessage]], tmp_path: Path, state: str
) -> None:
    db, received = sent
    number = str(received[2]["X-Desk-Card"])
    with db.write() as session:
        session.execute(
            text(
                "UPDATE card_email SET state = :state WHERE card_id = "
                "(SELECT id FROM survey_card WHERE number = :number)"
            ),
            {"state": state, "number": number},
        )
    (tmp_path / "1.eml").write_bytes(dsn(received[2]))
    assert read_bounces(db, clerk(db), tmp_path, NOW).bounced == 1
    assert states(db)[number] == "bounced"
    (problem,) = [p for p in sending_problems(db) if p.card_number == number]
    assert problem.state == "bounced"
