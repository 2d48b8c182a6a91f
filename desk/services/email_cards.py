"""Survey cards by e-mail to the payers who receive electronic invoices (issue 16).

Who: a payer holding a property on the day, e-invoice opted in with an address on
file (``e_invoice_email``, else ``email``), whose contacts were not confirmed since
the campaign start (desk.services.campaign) and who has no card out (printed or
e-mailed, not returned). Each gets a pre-filled card (desk.printing.survey_card)
with its number and barcode, and, when the desk knows the web form's address
(setting ``campaign_web_url``), a link and a QR code to the form bound to the card.

Two ways out: ``send_cards`` hands the messages to a mail server over SMTP;
``export_cards`` writes the PDFs and a manifest for the billing system's
e-invoice mailer to attach.

Resumable, never a second card, and each card sent at most once: the run's cards
are all issued first, chunk by chunk (``survey_card``, channel 'email', this
desk's numbering), each card together with one ``card_email`` row, state
``queued``, in one BEGIN IMMEDIATE transaction a chunk. Then ``before_sending``
runs once: the command line and the dialog push the new cards to the central
database there, because the web form at the centre knows a card only once its
desk pushed it (a payer following a card's link before would be answered without
the card, and the campaign would lose that return). Then the queued cards go.
Before a card's SMTP transaction its row is committed as ``sending``; the
server's answer is then recorded in its own small transaction. A run cut short
(killed, network down, the server refusing) leaves the cards it had not started
queued, and the next run sends those first: the same cards, never new ones for
the same payers (they have a card out).

RFC 1047's window (killed, or the connection lost, after the server took the
message and before its answer was recorded) is closed on the side of "at most
once": a row left ``sending`` by a killed run, or recorded ``uncertain`` (the
connection went after the message's final dot), is never sent again by a batch.
``sending_problems`` lists both as uncertain with the card number; a person
checks the server's log and, if the card did not go, queues it again with
``resend_cards`` (``desk campaign resend``). Nothing goes missing unseen.
"""

from __future__ import annotations

import csv
import io
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Protocol

from sqlalchemy import ColumnElement, Select, and_, case, func, insert, or_, select, update
from sqlalchemy.orm import Session

from desk import messages
from desk.models.db import Database
from desk.models.tables import CardEmail, Payer, Property, Setting, SurveyCard, Tenure
from desk.printing.survey_card import CardData, render_cards
from desk.services.campaign import CAMPAIGN_START_KEY, DEFAULT_CAMPAIGN_START
from desk.services.card_mail import (
    TIMEOUT_S,
    Connection,
    Delivered,
    address_problem,
    card_link,
    card_message,
)
from desk.services.context import INFO_ROLES, DeskContext, audit_as, require_role
from desk.services.email_settings import (
    PASSWORD_ENV,
    SmtpSettings,
    load_password,
    load_smtp_settings,
    load_web_url,
    password_file,
    save_smtp_settings,
    save_web_url,
    store_password,
)
from desk.services.problems import UserError
from desk.services.survey_cards import card_data, record_cards

__all__ = [  # the settings are desk.services.email_settings', named here for the UI
    "PASSWORD_ENV",
    "BatchProgress",
    "SendingProblem",
    "SmtpSettings",
    "card_link",
    "due_payers",
    "export_cards",
    "load_password",
    "load_smtp_settings",
    "load_web_url",
    "password_file",
    "resend_cards",
    "save_smtp_settings",
    "save_web_url",
    "send_cards",
    "sending_problems",
    "store_password",
]

CHUNK = 50  # cards issued per transaction: a cut run leaves at most this many queued
MAX_ATTEMPTS = 3  # dropped connections or 4xx answers before a card is given up
PACE_SLICE_S = 0.25  # the rate limit's wait is slept in slices that look at Cancel
MANIFEST = "manifest.csv"
PRIVATE_FILE = 0o600  # the exported cards and the manifest: personal data
PRIVATE_FOLDER = 0o700  # an export folder the batch makes
# The rate limit's clock and its wait: module names, so a test paces without waiting.
monotonic = time.monotonic
sleep = time.sleep


# --- who is due --------------------------------------------------------------------------


def _address() -> ColumnElement[str | None]:
    """The e-invoice address, else the payer's e-mail (the e-invoice goes there then)."""
    return func.coalesce(
        func.nullif(func.trim(Payer.e_invoice_email), ""), func.nullif(func.trim(Payer.email), "")
    )


def _since(session: Session) -> datetime:
    """The campaign's start: a payer confirmed since needs no card."""
    value = session.scalar(select(Setting.value).where(Setting.key == CAMPAIGN_START_KEY))
    start = DEFAULT_CAMPAIGN_START if value is None else date.fromisoformat(value)
    return datetime.combine(start, clock())


def _due_query(session: Session, on: date) -> Select[int, str, str | None]:
    """Payers a new card goes to now, by payer code: id, code, address."""
    since = _since(session)
    holding = (
        select(Tenure.id)
        .join(Property, Property.id == Tenure.property_id)
        .where(
            Tenure.payer_id == Payer.id,
            Tenure.start <= on,
            or_(Tenure.end.is_(None), Tenure.end >= on),
        )
        .exists()
    )
    address = _address()
    # An e-mailed card refused, bounced or given up never reached the payer: once the
    # address on file is another (the billing system's import brought a new one; a
    # payer who corrected it at a desk or on the web confirmed and is due no card), a
    # new card goes there; to the same address, none (a bad one is not mailed again).
    never_arrived = (
        select(CardEmail.id)
        .where(
            CardEmail.card_id == SurveyCard.id,
            CardEmail.state.in_(("refused", "bounced", "failed")),
            CardEmail.address != address,
        )
        .correlate_except(CardEmail)  # the card and the payer are the enclosing queries'
        .exists()
    )
    card_out = (
        select(SurveyCard.id)
        .where(SurveyCard.payer_id == Payer.id, SurveyCard.returned_at.is_(None), ~never_arrived)
        .exists()
    )
    return (
        select(Payer.id, Payer.payer_code, address)
        .where(
            Payer.e_invoice.is_(True),
            address.is_not(None),
            or_(Payer.contacts_confirmed_at.is_(None), Payer.contacts_confirmed_at < since),
            holding,
            ~card_out,
        )
        .order_by(Payer.payer_code)
    )


def due_payers(db: Database, on: date) -> int:
    """How many payers a batch would send a card to now: the cards a cut run left
    queued, and the payers due a new one."""
    with db.read() as session:
        new = session.scalar(select(func.count()).select_from(_due_query(session, on).subquery()))
        left = session.scalar(
            select(func.count()).select_from(CardEmail).where(CardEmail.state == "queued")
        )
    return (new or 0) + (left or 0)


# --- the batch --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BatchProgress:
    done: int  # cards handled this run
    total: int
    sent: int  # handed to the server (or written out, for an export)
    refused: int  # the server refused the address (5xx)
    failed: int  # not sent this run: given up, or left queued for the next run (4xx)
    uncertain: int = 0  # the connection went after the message's end: never resent


@dataclass(frozen=True, slots=True)
class _Queued:
    id: int
    number: str
    printed_at: datetime
    payer_code: str
    address: str
    attempts: int
    gone: str | None = None  # why the payer is no longer due (a catalogue code)
    moved: bool = False  # the address on file is another since the card was issued


class _Way(Protocol):
    """Where a batch's cards go: a mail server, or a folder."""

    via: str
    once: bool  # a card handed over twice reaches the payer twice: mark it ``sending``

    @property
    def handed(self) -> bool:
        """The card under way may have reached the other side (its final dot went)."""
        ...

    def pace(self, cancelled: Callable[[], bool] | None) -> bool:
        """Wait for the next card's turn; False when cancelled meanwhile."""
        ...

    def ready(self) -> None:
        """Reopen what a drop closed; a UserError when it cannot be."""
        ...

    def deliver(self, item: _Queued, card: CardData, pdf: bytes) -> Delivered: ...


def send_cards(
    db: Database,
    ctx: DeskContext,
    on: date,
    now: Callable[[], datetime],
    *,
    progress: Callable[[BatchProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    limit: int | None = None,
    require_link: bool = False,
    before_sending: Callable[[], None] | None = None,
) -> BatchProgress:
    """E-mail the cards due (``due_payers``) through the desk's mail server, at most
    ``limit`` this run; the cards a cut run left queued go first. The cards are all
    issued before ``before_sending`` runs, once, and the first one goes after it. Stops,
    its progress kept, when the server cannot be reached again (UserError)."""
    _may(db, ctx)
    settings = load_smtp_settings(db)
    if settings is None:
        raise UserError("email.no_settings")
    link = _link_base(db, require_link)
    password = load_password(db.path, settings) if settings.username else None
    if settings.username and password is None:
        raise UserError("email.no_password", user=settings.username, server=settings.host)
    connection = Connection(
        settings.host,
        settings.port,
        settings.security,
        settings.username,
        password,
        settings.sender,
    )
    connection.open()
    way = _Smtp(connection, settings, now)
    try:
        return _run(db, ctx, on, now, way, link, progress, cancelled, limit, before_sending)
    finally:
        connection.close()


def export_cards(
    db: Database,
    ctx: DeskContext,
    on: date,
    now: Callable[[], datetime],
    folder: Path,
    *,
    progress: Callable[[BatchProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    limit: int | None = None,
    require_link: bool = False,
    before_sending: Callable[[], None] | None = None,
) -> BatchProgress:
    """Write the cards due as PDFs into ``folder`` with ``manifest.csv`` (payer code,
    e-mail, card number, file) for the billing system's e-invoice mailer. The manifest
    lists every card exported into the folder so far, a cut export's included.
    ``before_sending`` as for ``send_cards``."""
    folder = folder.resolve()
    _may(db, ctx)
    _make_folder(folder)
    link = _link_base(db, require_link)
    way = _Folder(folder)
    result = _run(db, ctx, on, now, way, link, progress, cancelled, limit, before_sending)
    _write_manifest(db, folder)
    return result


def _make_folder(folder: Path) -> None:
    """The export folder, made with its parents when missing, readable by its owner only
    (the cards carry personal data); one that exists is left as its owner set it."""
    if folder.is_dir():
        return
    try:
        folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
        folder.chmod(PRIVATE_FOLDER)  # whatever the umask left
    except OSError as exc:  # a file in its place, no right to make it
        raise UserError(
            "email.folder_unwritable", path=str(folder), reason=str(exc.strerror or exc)
        ) from exc


def _may(db: Database, ctx: DeskContext) -> None:
    with db.read() as session:
        require_role(session, ctx, INFO_ROLES, "what.survey_card")


def _link_base(db: Database, required: bool) -> str | None:
    base = load_web_url(db)
    if base is None and required:
        raise UserError("email.no_web_url")
    return base


def _run(
    db: Database,
    ctx: DeskContext,
    on: date,
    now: Callable[[], datetime],
    way: _Way,
    link_base: str | None,
    progress: Callable[[BatchProgress], None] | None,
    cancelled: Callable[[], bool] | None,
    limit: int | None,
    before_sending: Callable[[], None] | None = None,
) -> BatchProgress:
    total = due_payers(db, on) if limit is None else min(limit, due_payers(db, on))
    counts = {"sent": 0, "refused": 0, "failed": 0, "uncertain": 0}
    done, last = 0, 0
    language = messages.language()

    def state() -> BatchProgress:
        return BatchProgress(done, max(total, done), **counts)

    if progress is not None:
        progress(state())
    if not _issue_all(db, ctx, on, now, way.via, limit, cancelled):
        return state()
    if before_sending is not None:
        before_sending()
    while limit is None or done < limit:
        room = CHUNK if limit is None else min(CHUNK, limit - done)
        batch = _queued(db, last, room, way.via)
        if not batch:
            break
        cards = _cards_of(db, batch, on)
        for item in batch:
            if cancelled is not None and cancelled():
                return state()
            last = item.id
            card = cards[item.id]
            if link_base is not None:
                card = replace(card, link=card_link(link_base, card.number, language))
            outcome = _unusable(db, item, now) or _deliver(db, way, item, card, now, cancelled)
            if outcome is None:  # cancelled while waiting its turn: still queued
                return state()
            if outcome.state == ELSEWHERE:
                continue
            done += 1
            if outcome.state in ("sent", "exported"):
                counts["sent"] += 1
            elif outcome.state in ("refused", "uncertain"):
                counts[outcome.state] += 1
            else:
                counts["failed"] += 1
            if progress is not None:
                progress(state())
    return state()


def _unusable(db: Database, item: _Queued, now: Callable[[], datetime]) -> Delivered | None:
    """An address a mail server would read as another one, or as a header of its own
    (the billing import does not check e-mails): the card is given up, the reason says
    why, and the batch goes on with the next card instead of stopping at this one."""
    if item.gone is not None:
        reason = messages.word(item.gone)
        _record(db, item.id, "failed", reason, now(), item.attempts)
        return Delivered("failed", reason)
    if item.moved:
        with db.write() as session:
            session.execute(
                update(CardEmail).where(CardEmail.id == item.id).values(address=item.address)
            )
    problem = address_problem(item.address)
    if problem is None:
        return None
    reason = messages.word(problem)
    _record(db, item.id, "failed", reason, now(), item.attempts)
    return Delivered("failed", reason)


def _deliver(
    db: Database,
    way: _Way,
    item: _Queued,
    card: CardData,
    now: Callable[[], datetime],
    cancelled: Callable[[], bool] | None,
) -> Delivered | None:
    """Hand one card to its way out and record what became of it; None when cancelled
    while waiting for its turn. A connection dropped before the message was handed
    over is reopened (a UserError when it cannot be: the run stops, the card stays
    queued) and the card tried again, up to MAX_ATTEMPTS in all. A card that may have
    reached the server (``uncertain``, or ``sending`` left by a kill) is not."""
    pdf = render_cards([card])
    attempts = item.attempts
    while True:
        if not way.pace(cancelled):
            return None
        way.ready()
        outcome = _handed_over(db, way, item, card, pdf, now, attempts)
        if outcome.state == ELSEWHERE:
            return outcome
        if outcome.state != "dropped":
            break
        attempts += 1
        _record(db, item.id, "queued", outcome.reason, now(), attempts)
        if attempts >= MAX_ATTEMPTS:
            outcome = Delivered("failed", outcome.reason)
            break
    if outcome.state == "later":
        attempts += 1
        final = "failed" if attempts >= MAX_ATTEMPTS else "queued"
        _record(db, item.id, final, outcome.reason, now(), attempts)
        return Delivered("failed" if final == "failed" else "later", outcome.reason)
    _record(db, item.id, outcome.state, outcome.reason, now(), attempts, file=_file(outcome))
    return outcome


def _handed_over(
    db: Database,
    way: _Way,
    item: _Queued,
    card: CardData,
    pdf: bytes,
    now: Callable[[], datetime],
    attempts: int,
) -> Delivered:
    """One try, its row ``sending`` (committed) while it lasts where a second copy would
    reach the payer. Stopped before the message was handed over (a refused sender, an
    interrupt), the row is queued again; after, it stays ``sending``: uncertain."""
    if way.once and not _claim(db, item.id, now(), attempts):
        return Delivered(ELSEWHERE)  # another run on this desk file took it meanwhile
    try:
        return way.deliver(item, card, pdf)
    except BaseException:
        if way.once and not way.handed:
            _record(db, item.id, "queued", None, now(), attempts)
        raise


def _claim(db: Database, row_id: int, at: datetime, attempts: int) -> bool:
    """Mark a queued card ``sending``, only if it is still queued: two runs on one desk
    file (two clerks, a clerk and a script) read the same queue, and the one that
    claims a card sends it; the other goes on to the next."""
    with db.write() as session:
        claimed = session.execute(
            update(CardEmail)
            .where(CardEmail.id == row_id, CardEmail.state == "queued")
            .values(state="sending", attempts=attempts, changed_at=at, reason=None)
        )
    return bool(claimed.rowcount)  # type: ignore[attr-defined]


def _file(outcome: Delivered) -> str | None:
    return outcome.reason if outcome.state == "exported" else None


def _record(
    db: Database,
    row_id: int,
    state: str,
    reason: str | None,
    at: datetime,
    attempts: int,
    file: str | None = None,
) -> None:
    values: dict[str, object] = {"state": state, "attempts": attempts, "changed_at": at}
    if state == "exported":
        values.update(file=file, reason=None)
    else:
        values["reason"] = reason
    with db.write() as session:
        session.execute(update(CardEmail).where(CardEmail.id == row_id).values(**values))


def _queued(db: Database, after: int, count: int, via: str) -> list[_Queued]:
    """The next queued cards of this way out (an export's cards are not mailed, nor the
    other way round), each as its payer stands now: a card left queued by a cut run
    may be days old, and goes only where and if it is still due."""
    with db.read() as session:
        since = _since(session)
        rows = session.execute(
            select(
                CardEmail.id,
                SurveyCard.number,
                SurveyCard.printed_at,
                Payer.payer_code,
                CardEmail.address,
                CardEmail.attempts,
                _address(),
                Payer.e_invoice,
                Payer.contacts_confirmed_at,
            )
            .join(SurveyCard, SurveyCard.id == CardEmail.card_id)
            .join(Payer, Payer.id == CardEmail.payer_id)
            .where(CardEmail.state == "queued", CardEmail.via == via, CardEmail.id > after)
            .order_by(CardEmail.id)
            .limit(count)
        ).all()
    queued = []
    for row in rows:
        card_id, number, printed_at, code, sent_to, attempts, address, e_invoice, confirmed = row
        item = _Queued(card_id, number, printed_at, code, sent_to, attempts)
        if not e_invoice or address is None:
            item = replace(item, gone="email.e_invoice_off")
        elif confirmed is not None and confirmed >= since:
            item = replace(item, gone="email.confirmed_meanwhile")
        elif address != item.address:
            item = replace(item, address=address, moved=True)
        queued.append(item)
    return queued


def _cards_of(db: Database, batch: Sequence[_Queued], on: date) -> dict[int, CardData]:
    """Each queued card as it prints, by its row: what is on file now, its own number."""
    with db.read() as session:
        found = card_data(session, [item.payer_code for item in batch], on)
    return {
        item.id: replace(found[item.payer_code][1], number=item.number, printed_at=item.printed_at)
        for item in batch
    }


def _issue_all(
    db: Database,
    ctx: DeskContext,
    on: date,
    now: Callable[[], datetime],
    via: str,
    limit: int | None,
    cancelled: Callable[[], bool] | None,
) -> bool:
    """Issue the run's cards, CHUNK a transaction, until nobody is due or the queue
    holds ``limit``; False when cancelled meanwhile (the cards issued stay queued)."""
    with db.read() as session:
        waiting = session.scalar(
            select(func.count()).select_from(CardEmail).where(CardEmail.state == "queued")
        )
    wanted = None if limit is None else limit - (waiting or 0)
    issued = 0
    while wanted is None or issued < wanted:
        if cancelled is not None and cancelled():
            return False
        room = CHUNK if wanted is None else min(CHUNK, wanted - issued)
        count = _issue(db, ctx, on, now(), room, via)
        if not count:
            break
        issued += count
    return True


def _issue(db: Database, ctx: DeskContext, on: date, now: datetime, count: int, via: str) -> int:
    """Issue the next ``count`` due payers their cards, each with its queued row, in one
    transaction: who is due is read under the write lock, so two runs at once never
    pick the same payer. Returns how many were issued."""
    with db.write() as session:
        require_role(session, ctx, INFO_ROLES, "what.survey_card")
        due = session.execute(_due_query(session, on).limit(count)).all()
        if not due:
            return 0
        # A due payer's card out is one that never reached the address on file now
        # (_due_query): the new card goes beside it, knowingly (audited as such).
        never_arrived = session.scalars(
            select(SurveyCard.number).where(
                SurveyCard.payer_id.in_([payer_id for payer_id, _code, _address in due]),
                SurveyCard.returned_at.is_(None),
            )
        ).all()
        _cards, ids = record_cards(
            session,
            ctx,
            [code for _id, code, _address in due],
            0,
            now,
            channel="email",
            confirmed_out=never_arrived,
        )
        session.execute(
            insert(CardEmail),
            [
                {
                    "card_id": card_id,
                    "payer_id": payer_id,
                    "address": address,
                    "via": via,
                    "state": "queued",
                    "attempts": 0,
                    "queued_at": now,
                    "changed_at": now,
                }
                for (payer_id, _code, address), card_id in zip(due, ids, strict=True)
            ],
        )
    return len(due)


class _Smtp:
    via = "smtp"
    once = True

    def __init__(
        self, connection: Connection, settings: SmtpSettings, now: Callable[[], datetime]
    ) -> None:
        self.connection = connection
        self.settings = settings
        self.now = now
        self.language = messages.language()
        self.interval = 60.0 / settings.per_minute if settings.per_minute > 0 else 0.0
        self.next_at = monotonic()

    @property
    def handed(self) -> bool:
        return self.connection.handed

    def pace(self, cancelled: Callable[[], bool] | None) -> bool:
        """The server's rate limit: one message every ``interval`` seconds, slept out in
        slices of PACE_SLICE_S so a Cancel is heard at once even at one a minute."""
        if not self.interval:
            return True
        while (wait := self.next_at - monotonic()) > 0:
            if cancelled is not None and cancelled():
                return False
            sleep(min(wait, PACE_SLICE_S))
        self.next_at = max(self.next_at, monotonic()) + self.interval
        return True

    def ready(self) -> None:
        if not self.connection.is_open:
            self.connection.open()

    def deliver(self, item: _Queued, card: CardData, pdf: bytes) -> Delivered:
        message = card_message(
            card, item.address, self.settings.sender, pdf, self.now(), card.link, self.language
        )
        return self.connection.send(message, item.address)


class _Folder:
    via = "export"
    once = False  # a file written again is the same file: nobody gets two
    handed = False

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def pace(self, cancelled: Callable[[], bool] | None) -> bool:
        return True

    def ready(self) -> None:
        """A folder does not drop."""

    def deliver(self, item: _Queued, card: CardData, pdf: bytes) -> Delivered:
        """The PDF, whole or not at all; the file's path is the outcome's reason."""
        target = self.folder / f"anketa-{card.number}.pdf"
        _write_whole(target, pdf)  # a card written again after a cut run: the same file
        return Delivered("exported", str(target))


def _write_manifest(db: Database, folder: Path) -> None:
    """manifest.csv: every card exported into ``folder``, by card number."""
    with db.read() as session:
        rows = session.execute(
            select(Payer.payer_code, CardEmail.address, SurveyCard.number, CardEmail.file)
            .join(SurveyCard, SurveyCard.id == CardEmail.card_id)
            .join(Payer, Payer.id == CardEmail.payer_id)
            .where(CardEmail.state == "exported", CardEmail.file.is_not(None))
            .order_by(SurveyCard.number)
        ).all()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["payer_code", "email", "card_number", "file"])
    for code, address, number, file in rows:
        path = Path(file or "")
        if path.parent == folder:
            writer.writerow([_cell(code), _cell(address), _cell(number), _cell(path.name)])
    _write_whole(folder / MANIFEST, out.getvalue().encode("utf-8"))


# A spreadsheet reads a cell starting with these as a formula (OWASP "CSV injection"):
# an address from the billing import is not checked, so "=HYPERLINK(...)" could be one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """The value as a spreadsheet shows it, never as a formula: a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _write_whole(target: Path, data: bytes) -> None:
    """Whole or not at all: the mailer never attaches a half-written file; readable by
    its owner only."""
    partial = target.with_name(target.name + ".partial")
    try:
        # 0600 from the start: a card carries the payer's name, address and contacts.
        partial.unlink(missing_ok=True)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
        os.chmod(partial, PRIVATE_FILE)  # whatever the umask left
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UserError(
            "email.folder_unwritable", path=str(target), reason=str(exc.strerror or exc)
        ) from exc


# --- what went wrong ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SendingProblem:
    payer_code: str
    payer_name: str
    email: str
    card_number: str
    state: str  # "refused" | "bounced" | "failed" | "uncertain"
    reason: str
    at: datetime


# ``sending`` outside a batch is a run killed mid-message: as uncertain as ``uncertain``.
UNCERTAIN_STATES = ("sending", "uncertain")
ELSEWHERE = "elsewhere"  # a card another run on this desk file claimed first: not ours
PROBLEM_STATES = ("refused", "bounced", "failed", *UNCERTAIN_STATES)


def sending_problems(db: Database, limit: int = 200, offset: int = 0) -> list[SendingProblem]:
    """Refusals, bounces, cards given up and cards the server may have (uncertain: the
    connection went, or the sender was killed, between the message and the answer),
    newest first."""
    shown = case((CardEmail.state == "sending", "uncertain"), else_=CardEmail.state)
    with db.read() as session:
        rows = session.execute(
            select(
                Payer.payer_code,
                Payer.name,
                CardEmail.address,
                SurveyCard.number,
                shown,
                func.coalesce(CardEmail.reason, ""),
                CardEmail.changed_at,
            )
            .join(SurveyCard, SurveyCard.id == CardEmail.card_id)
            .join(Payer, Payer.id == CardEmail.payer_id)
            .where(CardEmail.state.in_(PROBLEM_STATES))
            .order_by(CardEmail.changed_at.desc(), CardEmail.id.desc())
            .limit(limit)
            .offset(offset)
        ).all()
    return [SendingProblem(*row) for row in rows]


def count_problems(db: Database) -> int:
    with db.read() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(CardEmail)
                .where(and_(CardEmail.state.in_(PROBLEM_STATES)))
            )
            or 0
        )


def resend_cards(
    db: Database, ctx: DeskContext, numbers: Sequence[str] | None, now: datetime
) -> list[str]:
    """Queue uncertain cards again (``numbers``, or every one when None), once a person
    has checked the server's log: the next batch sends them, same number and Message-ID.
    A number that is not an uncertain e-mailed card refuses the whole request
    (UserError ``email.not_uncertain``). Audited as ``card_resend``. Returns the numbers
    queued."""
    with db.write() as session:
        require_role(session, ctx, INFO_ROLES, "what.survey_card")
        query = (
            select(CardEmail.id, SurveyCard.number)
            .join(SurveyCard, SurveyCard.id == CardEmail.card_id)
            .where(CardEmail.state.in_(UNCERTAIN_STATES), CardEmail.via == "smtp")
        )
        if numbers is not None:
            query = query.where(SurveyCard.number.in_(set(numbers)))
        else:  # every one: not the card a run under way is handing over right now
            stale = now - timedelta(seconds=2 * TIMEOUT_S)
            query = query.where(or_(CardEmail.state == "uncertain", CardEmail.changed_at < stale))
        found = dict(session.execute(query.order_by(SurveyCard.number)).all())
        missing = sorted(set(numbers or ()) - set(found.values()))
        if missing:
            raise UserError("email.not_uncertain", numbers=", ".join(missing))
        if not found:
            return []
        session.execute(
            update(CardEmail)
            .where(CardEmail.id.in_(found))
            .values(state="queued", attempts=0, reason=None, changed_at=now)
        )
        resent = sorted(found.values())
        audit_as(session, ctx, "card_resend", now, count=len(resent), cards=resent)
    return resent
