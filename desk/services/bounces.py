"""Bounces of e-mailed survey cards: delivery status notifications (RFC 3464) read back.

A mail server that cannot deliver a card sends its sender a DSN: a
``multipart/report; report-type=delivery-status`` whose ``message/delivery-status``
part says, per recipient, ``Action: failed`` with a ``Status`` and a
``Diagnostic-Code``, and whose last part returns the message or its headers
(``message/rfc822`` or ``text/rfc822-headers``). The card is the one that
returned Message-ID or ``X-Desk-Card`` header names (desk.services.card_mail).
Only a DSN that says the delivery failed marks a card: "delayed" and "delivered"
reports do not. The mailbox is an mbox file or a folder of ``.eml`` files.
"""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes, policy
from email.message import Message
from pathlib import Path

from sqlalchemy import select, update

from desk.models.db import Database
from desk.models.tables import CardEmail, SurveyCard
from desk.services.card_mail import CARD_HEADER, card_of_message_id
from desk.services.context import INFO_ROLES, DeskContext, audit_as, require_role
from desk.services.problems import UserError

# A card that went out can bounce; one refused or given up was never delivered.
BOUNCEABLE = ("sent", "exported", "bounced")


@dataclass(frozen=True, slots=True)
class Bounce:
    card_number: str
    reason: str  # "5.1.1 (smtp; 550 5.1.1 no such user)"


@dataclass(frozen=True, slots=True)
class BounceReading:
    messages: int  # read from the mailbox
    reports: int  # of them, DSNs that say a delivery failed
    bounced: int  # cards marked bounced
    unknown: int  # failure reports that name no card of this desk's


def read_bounces(db: Database, ctx: DeskContext, path: Path, now: datetime) -> BounceReading:
    """Mark the cards the DSNs in ``path`` (an mbox file or a folder of .eml) name as
    bounced, with the status and the server's words as the reason."""
    if not path.exists():
        raise UserError("email.no_mailbox", path=str(path))
    bounces: list[Bounce] = []
    count = 0
    for message in _messages(path):
        count += 1
        found = bounce_of(message)
        if found is not None:
            bounces.append(found)
    marked = 0
    with db.write() as session:
        require_role(session, ctx, INFO_ROLES, "what.survey_card")
        for bounce in bounces:
            row = session.scalar(
                select(CardEmail.id)
                .join(SurveyCard, SurveyCard.id == CardEmail.card_id)
                .where(SurveyCard.number == bounce.card_number, CardEmail.state.in_(BOUNCEABLE))
            )
            if row is None:
                continue
            session.execute(
                update(CardEmail)
                .where(CardEmail.id == row)
                .values(state="bounced", reason=bounce.reason, changed_at=now)
            )
            marked += 1
        if marked:
            audit_as(session, ctx, "card_bounces_read", now, count=marked)
    return BounceReading(count, len(bounces), marked, len(bounces) - marked)


def _messages(path: Path) -> Iterator[Message]:
    if path.is_dir():
        for file in sorted(path.glob("*.eml")):
            yield message_from_bytes(file.read_bytes(), policy=policy.default)
        return
    box = mailbox.mbox(path, create=False)
    try:
        for key in box.iterkeys():
            yield message_from_bytes(box.get_bytes(key), policy=policy.default)
    finally:
        box.close()


def bounce_of(message: Message) -> Bounce | None:
    """The card a DSN reports as not delivered, or None (not a DSN, not a failure, or
    not one of our cards)."""
    if message.get_content_type() != "multipart/report":
        return None
    failed = _failure(message)
    if failed is None:
        return None
    number = _card_named(message)
    return None if number is None else Bounce(number, failed)


def _failure(message: Message) -> str | None:
    """``Status (Diagnostic-Code)`` of the first recipient whose action is "failed"."""
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        for fields in _status_groups(part):
            if fields.get("action", "").lower() == "failed":
                status = fields.get("status", "5.0.0")
                diagnostic = fields.get("diagnostic-code", "")
                return f"{status} ({diagnostic})" if diagnostic else status
    return None


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


def _card_named(message: Message) -> str | None:
    """The card number in the returned message's or headers' Message-ID or X-Desk-Card."""
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
        card = str(headers.get(CARD_HEADER, "")).strip()
        if card.isdigit() and len(card) == 12:
            return card
        found = card_of_message_id(str(headers.get("Message-ID", "")))
        if found is not None:
            return found
    return None
