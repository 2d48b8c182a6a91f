"""Bounces of e-mailed survey cards: delivery status notifications (RFC 3464) read back.

A mail server that cannot deliver a card sends its sender a DSN: a
``multipart/report; report-type=delivery-status`` whose ``message/delivery-status``
part says, per recipient, ``Action: failed`` with a ``Status`` and a
``Diagnostic-Code``, and whose last part returns the message or its headers
(``message/rfc822`` or ``text/rfc822-headers``). The card is the one that
returned Message-ID or ``X-Desk-Card`` header names (desk.services.card_mail).
Only a DSN that says the delivery failed marks a card: "delayed" and "delivered"
reports do not. The mailbox is an mbox file or a folder of ``.eml`` files.

Anyone can send the sender's mailbox a report, so a report marks a card only
when it returns the card's own Message-ID (``<anketa.NUMBER@`` our sender's
domain ``>``: an ``X-Desk-Card`` header alone names nothing) and its failed
recipient (``Final-Recipient`` or ``Original-Recipient``) is the address that
card went to. A forged report from elsewhere naming another payer's card number
then marks nothing. A card ``sending`` or ``uncertain`` that bounces is marked
too: the bounce proves the server had it.

A mailbox is outside input: a message over MAX_MESSAGE_BYTES or with more than
MAX_PARTS nested or enclosed parts is not parsed, and one the email package
cannot read is counted unreadable; neither stops the others being read.
"""

from __future__ import annotations

import logging
import mailbox
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes, policy
from email.message import Message
from email.utils import parseaddr
from pathlib import Path

from sqlalchemy import select, update

from desk.models.db import Database
from desk.models.tables import CardEmail, SurveyCard
from desk.services.card_mail import CARD_HEADER, card_of_message_id, message_id
from desk.services.context import INFO_ROLES, DeskContext, audit_as, require_role
from desk.services.email_settings import load_smtp_settings
from desk.services.problems import UserError

log = logging.getLogger(__name__)

# A card that went out can bounce; one refused or given up was never delivered. One
# ``sending`` (a kill) or ``uncertain`` (an answer lost) that bounces: the server had it.
BOUNCEABLE = ("sent", "exported", "bounced", "sending", "uncertain")
MAX_MESSAGE_BYTES = 1_000_000  # a report with the returned message's headers is a few kB
MAX_PARTS = 100  # multipart boundaries and enclosed messages: a report has two or three


@dataclass(frozen=True, slots=True)
class Failure:
    recipient: str  # Final-Recipient (or Original-Recipient), the address alone, lowercase
    reason: str  # "5.1.1 (smtp; 550 5.1.1 no such user)"


@dataclass(frozen=True, slots=True)
class Bounce:
    card_number: str | None  # None: the report names no card by a Message-ID of ours
    message_id: str  # the returned message's Message-ID (lowercase), as it names the card
    failures: tuple[Failure, ...]

    def reason_for(self, address: str) -> str | None:
        """Why delivery to ``address`` failed, when this report says it did."""
        wanted = address.strip().lower()
        return next((f.reason for f in self.failures if f.recipient == wanted), None)


@dataclass(frozen=True, slots=True)
class BounceReading:
    messages: int  # read from the mailbox
    reports: int  # of them, DSNs that say a delivery failed
    bounced: int  # cards marked bounced
    unknown: int  # failure reports that name no card of this desk's, or not its address
    unreadable: int = 0  # too large, nested too deep, or not a message the parser reads


def read_bounces(db: Database, ctx: DeskContext, path: Path, now: datetime) -> BounceReading:
    """Mark the cards the DSNs in ``path`` (an mbox file or a folder of .eml) name as
    bounced, with the status and the server's words as the reason."""
    if not path.exists():
        raise UserError("email.no_mailbox", path=str(path))
    settings = load_smtp_settings(db)
    sender = settings.sender if settings is not None else ""
    bounces: list[Bounce] = []
    count = unreadable = 0
    for raw in _raw_messages(path):
        count += 1
        try:
            found = _bounce_of_raw(raw)
        except Exception as exc:  # outside input: whatever the email package chokes on
            log.warning("unreadable message in %s: %s", path, type(exc).__name__)
            unreadable += 1
            continue
        if found is not None:
            bounces.append(found)
    marked = 0
    with db.write() as session:
        require_role(session, ctx, INFO_ROLES, "what.survey_card")
        for bounce in bounces:
            if bounce.card_number is None:
                continue
            if bounce.message_id != message_id(bounce.card_number, sender).lower():
                continue  # not the Message-ID we gave that card: not our report to read
            row = session.execute(
                select(CardEmail.id, CardEmail.address)
                .join(SurveyCard, SurveyCard.id == CardEmail.card_id)
                .where(
                    SurveyCard.number == bounce.card_number,
                    CardEmail.via == "smtp",
                    CardEmail.state.in_(BOUNCEABLE),
                )
            ).first()
            reason = None if row is None else bounce.reason_for(row.address)
            if row is None or reason is None:
                continue
            session.execute(
                update(CardEmail)
                .where(CardEmail.id == row.id)
                .values(state="bounced", reason=reason, changed_at=now)
            )
            marked += 1
        if marked:
            audit_as(session, ctx, "card_bounces_read", now, count=marked)
    return BounceReading(count, len(bounces), marked, len(bounces) - marked, unreadable)


class Unreadable(ValueError):
    """A message not parsed: too large, or too many parts (the parser recurses once a
    level, and 2,000 levels overflow Python's stack)."""


def _bounce_of_raw(raw: bytes | None) -> Bounce | None:
    """The failure report in ``raw``, or None when it is none."""
    if raw is None or len(raw) > MAX_MESSAGE_BYTES:
        raise Unreadable("too large")
    lowered = raw.lower()
    if lowered.count(b"boundary=") + lowered.count(b"message/rfc822") > MAX_PARTS:
        raise Unreadable("too many parts")
    return bounce_of(message_from_bytes(raw, policy=policy.default))


def _raw_messages(path: Path) -> Iterator[bytes | None]:
    """Each message's bytes; None for one too large to read."""
    if path.is_dir():
        for file in sorted(path.glob("*.eml")):
            if file.stat().st_size > MAX_MESSAGE_BYTES:
                yield None
            else:
                yield file.read_bytes()
        return
    box = mailbox.mbox(path, create=False)
    try:
        for key in box.iterkeys():
            yield box.get_bytes(key)
    finally:
        box.close()


def bounce_of(message: Message) -> Bounce | None:
    """A DSN's failure: the recipients it failed for and the card its returned message
    names (None when it names none by a Message-ID of ours), or None (not a DSN, or not
    a failure)."""
    if message.get_content_type() != "multipart/report":
        return None
    failures = _failures(message)
    if not failures:
        return None
    number, returned_id = _card_named(message) or (None, "")
    return Bounce(number, returned_id, failures)


def _failures(message: Message) -> tuple[Failure, ...]:
    """Each recipient whose action is "failed": its address and ``Status
    (Diagnostic-Code)``; both Final- and Original-Recipient count as its address."""
    found: list[Failure] = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        for fields in _status_groups(part):
            if fields.get("action", "").lower() != "failed":
                continue
            status = fields.get("status", "5.0.0")
            diagnostic = fields.get("diagnostic-code", "")
            reason = f"{status} ({diagnostic})" if diagnostic else status
            for key in ("final-recipient", "original-recipient"):
                address = _recipient(fields.get(key, ""))
                if address:
                    found.append(Failure(address, reason))
    return tuple(found)


def _recipient(value: str) -> str:
    """The address of "rfc822; someone@example.bg" (RFC 3464 2.3.2), lowercase."""
    kind, _semicolon, address = value.partition(";")
    if kind.strip().lower() != "rfc822":
        return ""
    return parseaddr(address.strip())[1].strip().lower()


def _status_groups(part: Message) -> list[dict[str, str]]:
    """The per-message and per-recipient field groups of a delivery-status part.

    The email package parses the part into a list of header blocks; a DSN that it
    could not (a bare text body) is read line by line, blank lines between groups."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return [
            {k.lower(): str(v).strip() for k, v in block.items()}
            for block in payload
            if isinstance(block, Message)
        ]
    text = payload if isinstance(payload, str) else ""
    groups: list[dict[str, str]] = [{}]
    for line in text.splitlines():
        if not line.strip():
            groups.append({})
        elif ":" in line and not line[0].isspace():
            key, _, value = line.partition(":")
            groups[-1][key.strip().lower()] = value.strip()
    return [group for group in groups if group]


def _card_named(message: Message) -> tuple[str, str] | None:
    """The card number and Message-ID (lowercase) of the returned message or headers: its
    Message-ID names the card; an X-Desk-Card header that names another one, or alone,
    names nothing."""
    for part in message.walk():
        kind = part.get_content_type()
        headers: Message | None = None
        if kind == "message/rfc822":
            inner = part.get_payload()
            first = inner[0] if isinstance(inner, list) and inner else None
            headers = first if isinstance(first, Message) else None
        elif kind == "text/rfc822-headers":
            raw = part.get_payload(decode=True)
            if isinstance(raw, bytes):
                headers = message_from_bytes(raw, policy=policy.default)
        if headers is None:
            continue
        returned = str(headers.get("Message-ID", "")).strip()
        number = card_of_message_id(returned)
        if number is None:
            continue
        card = str(headers.get(CARD_HEADER, "")).strip()
        if card and card != number:
            continue
        return number, returned.lower()
    return None
