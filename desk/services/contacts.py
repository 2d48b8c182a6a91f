"""A payer's contact details changed at a desk, with a hybrid logical clock.

Every change is a new ``contact_change`` row (who, when, where, old and new
value), queued for the central database by the outbox trigger in the same
transaction. Desks change the same field while offline; the central database
keeps, per field, the change with the latest clock (migration c0002), and
every version stays in the history.

The clock is ``<milliseconds>.<counter>.<desk>``, fixed-width so that text
order is clock order: the physical time of the change, unless this desk has
already seen a later clock (its own or one pulled from another desk), in
which case it counts on from that one. Causality survives a desk whose wall
clock runs behind.

Values are kept as text the central database casts per field (c0002
``CONTACT_FIELDS``, and c0005 for ``phone_2``): booleans ``true``/``false``,
dates ISO. A payer has two phones (a landline beside a mobile is common): the
same rules for both, never the same number twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import phonenumbers
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, aliased

from desk.messages import SOFIA, Message
from desk.models.db import Database
from desk.models.tables import ContactChange, Desk, Payer, SurveyCard, User
from desk.services.context import ANY_ROLE, DeskContext, audit_as, require_role
from desk.services.problems import Problem, ProblemsError, UserError

TEXT_FIELDS = {
    "phone": "field.phone",
    "phone_2": "field.phone_2",
    "email": "field.email",
    "address": "field.address",
}
PHONES = ("phone", "phone_2")
# Every field of the contact form, in the form's order, with its name's catalogue code
# (desk/messages.py): Problem.where.
FIELDS = {
    **TEXT_FIELDS,
    "preferred_channel": "field.preferred_channel",
    "e_invoice": "field.e_invoice",
    "e_invoice_email": "field.e_invoice_email",
    "consent_on": "field.consent_on",
}
FIELD_OF_NAME = {name: field for field, name in FIELDS.items()}  # Problem.where -> field
# A history row for a form saved with or without changes: the details were confirmed.
CONFIRMED = "confirmed"
SOURCES = ("desk", "info_centre", "survey_card", "web", "e_invoice")
# How the utility may reach a payer; what each needs on file.
CHANNELS = ("post", "email", "sms", "phone")
CHANNEL_NAMES = {channel: f"channel.{channel}" for channel in CHANNELS}  # catalogue codes
# Any one of the fields will do: a call or an SMS goes to either phone.
CHANNEL_NEEDS = {
    "post": ("address",),
    "email": ("email",),
    "sms": PHONES,
    "phone": PHONES,
}
MAX_TEXT = 200  # the payer table's columns
# An RFC 5321 address of ASCII atoms, as the central database's web_submit checks it
# (migration c0012): one @, a dot inside the domain, and nothing a mail server reads
# as another recipient (";", "<", a quote), nothing markup or a spreadsheet formula.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
_EMAIL = re.compile(rf"^{_ATOM}(\.{_ATOM})*@{_LABEL}(\.{_LABEL})+$")
# Text a person types has no control characters (NUL included) and no bidirectional
# overrides, which show one thing at a desk and store another (c0012 refuses them too).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class _Bad(Exception):
    """What is wrong with one field's value (the words after "field: ")."""

    def __init__(self, code: str, **values: object) -> None:
        super().__init__(code)
        self.message = Message(code, **values)


COUNTER_MAX = 99_999  # the clock's counter has five digits, or text order breaks


@dataclass(frozen=True, slots=True)
class Clock:
    millis: int
    counter: int
    node: str

    def __str__(self) -> str:
        return f"{self.millis:015d}.{self.counter:05d}.{self.node}"

    @classmethod
    def parse(cls, text: str) -> Clock:
        millis, counter, node = text.split(".", 2)
        return cls(int(millis), int(counter), node)


def next_clock(seen: str | None, now: datetime, node: str) -> Clock:
    """The clock of a new change after the latest clock this desk has ``seen``.

    ``now`` is Sofia's wall clock, naive as every time the desk stores: read as
    Sofia's, not the machine's zone, so that desks anywhere and the centre's web
    form (central migration c0012, true epoch time) count the same milliseconds."""
    physical = int((now if now.tzinfo else now.replace(tzinfo=SOFIA)).timestamp() * 1000)
    if seen is None:
        return Clock(physical, 0, node)
    last = Clock.parse(seen)
    if physical > last.millis:
        return Clock(physical, 0, node)
    if last.counter >= COUNTER_MAX:  # five digits: on into the next millisecond
        return Clock(last.millis + 1, 0, node)
    return Clock(last.millis, last.counter + 1, node)


# A phone as people write it: ASCII digits, a leading "+", spaces, brackets, "-", "/" or
# "." between; and 8 or 9 digits after the country code, as Bulgarian numbers have
# (the library takes old 6-digit Sofia numbers, so "2026-1-1" would pass as one).
_PHONE_TEXT = re.compile(r"\+?[0-9 ()./-]{1,30}")
BULGARIA = 359  # the country code


def _phone(value: str) -> str:
    """A Bulgarian number (DOMAIN.md: "phones (validated as Bulgarian numbers)") in E.164."""
    if not _PHONE_TEXT.fullmatch(value):
        raise _Bad("contacts.not_a_phone", value=value)
    try:
        number = phonenumbers.parse(value, "BG")
    except phonenumbers.NumberParseException as exc:
        raise _Bad("contacts.not_a_phone", value=value) from exc
    digits = len(str(number.national_number))  # after 0 or +359
    if number.country_code == BULGARIA and not 8 <= digits <= 9:
        # A digit missing or one too many, not a number that does not exist: say so.
        raise _Bad("contacts.phone_length", value=value)
    if not phonenumbers.is_valid_number(number) or digits < 8:
        raise _Bad("contacts.no_such_number", value=value)
    if phonenumbers.region_code_for_number(number) != "BG":
        raise _Bad("contacts.foreign_phone", value=value, country=str(number.country_code))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_e164(value: str) -> tuple[str | None, Message | None]:
    """The form's rule for a phone, for other ways in (the import): the number in
    E.164, or what is wrong with it."""
    try:
        return _phone(value.strip()), None
    except _Bad as bad:
        return None, bad.message


def email_problem(value: str) -> Message | None:
    """The form's rule for an e-mail address: what is wrong with ``value``, or None."""
    try:
        _email(value.strip())
    except _Bad as bad:
        return bad.message
    return None


# What can take an SMS; FIXED_LINE_OR_MOBILE is where the numbering plan cannot tell
# (none in Bulgaria's today, but the library may say so for a new range).
_MOBILE = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def _is_mobile(stored_phone: str) -> bool:
    return phonenumbers.number_type(phonenumbers.parse(stored_phone, "BG")) in _MOBILE


def _email(value: str) -> str:
    if _CONTROL.search(value):
        raise _Bad("contacts.control_character")
    if not _EMAIL.match(value):
        local, at, domain = value.rpartition("@")
        if not (local and at and "." in domain.strip(".")):
            raise _Bad("contacts.email_form", value=value)
        raise _Bad("contacts.email_characters", value=value)
    if len(value) > MAX_TEXT:
        raise _Bad("contacts.too_long", limit=MAX_TEXT)
    return value


def _text(value: str) -> str:
    if _CONTROL.search(value):
        raise _Bad("contacts.control_character")
    if len(value) > MAX_TEXT:
        raise _Bad("contacts.too_long", limit=MAX_TEXT)
    return value


def normalised(field: str, value: str) -> str | None:
    """The value as stored, or a UserError naming the field and what is wrong."""
    if field not in TEXT_FIELDS:
        raise UserError("contacts.no_such_field", field=repr(field))
    value = value.strip()
    if not value:
        return None
    check = {"phone": _phone, "phone_2": _phone, "email": _email, "address": _text}[field]
    try:
        return check(value)
    except _Bad as bad:
        raise UserError("generic.where", where=Message(FIELDS[field]), what=bad.message) from None


def _same_phone(field: str, number: str) -> Message:
    """What is wrong with ``field`` holding the ``number`` the other phone field has."""
    other = PHONES[1 - PHONES.index(field)]
    return Message("contacts.same_phone", number=number, other=Message(FIELDS[other]))


def change_contact(
    db: Database,
    ctx: DeskContext,
    payer_code: str,
    field: str,
    value: str,
    now: datetime,
    source: str = "desk",
) -> ContactChange | None:
    """Record and apply one field's new value; None when it is the value on file."""
    if source not in SOURCES:
        raise UserError("contacts.no_such_source", source=repr(source))
    new = normalised(field, value)
    with db.write() as session:
        require_role(session, ctx, ANY_ROLE, "what.contacts")
        payer = _payer(session, payer_code)
        old = getattr(payer, field)
        if old == new:
            return None
        if field in PHONES and new is not None:
            other = PHONES[1 - PHONES.index(field)]
            if getattr(payer, other) == new:
                raise UserError(
                    "generic.where", where=Message(FIELDS[field]), what=_same_phone(field, new)
                )
        clock = next_clock(_latest_clock(session), now, ctx.desk_code)
        change = ContactChange(
            payer_id=payer.id,
            field=field,
            old_value=old,
            new_value=new,
            changed_at=now,
            source=source,
            desk_id=ctx.desk_id,
            user_id=ctx.user_id,
            hlc=str(clock),
        )
        session.add(change)
        session.execute(update(Payer).where(Payer.id == payer.id).values({field: new}))
        audit_as(session, ctx, "contact_change", now, payer=payer_code, field=field)
        session.flush()
        return change


# --- the whole form -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ContactValues:
    """The contact form as typed (texts as typed; empty means none)."""

    phone: str = ""
    phone_2: str = ""  # a second phone: often a landline beside a mobile
    email: str = ""
    address: str = ""
    preferred_channel: str | None = None  # one of CHANNELS, or None: not chosen
    e_invoice: bool = False
    e_invoice_email: str = ""
    consent: bool = False
    consent_on: date | None = None


@dataclass(frozen=True, slots=True)
class HistoryLine:
    when: datetime
    field: str  # a key of FIELDS, or CONFIRMED
    old: str | None  # as stored: booleans "true"/"false", dates ISO
    new: str | None
    source: str  # one of SOURCES
    who: str  # the user's full name
    desk_code: str
    card_number: str | None


@dataclass(frozen=True, slots=True)
class PayerContacts:
    """What the form shows: the details on file, when last confirmed, and the history."""

    payer_code: str
    name: str
    values: ContactValues
    confirmed_at: datetime | None
    history: tuple[HistoryLine, ...]


@dataclass(frozen=True, slots=True)
class ContactsSaved:
    changed: tuple[str, ...]  # the fields whose value changed, in the form's order
    card_number: str | None


def contact_problems(
    values: ContactValues, today: date, base: ContactValues | None = None
) -> list[Problem]:
    """Everything wrong with the form, one problem per field, named in words; with
    ``base`` (what the form was loaded with), a field left as it was is not judged."""
    return _checked(values, today, base)[1]


def _checked(
    values: ContactValues, today: date, base: ContactValues | None = None
) -> tuple[dict[str, str | bool | date | None], list[Problem]]:
    """The values as stored, field by field, and the problems found.

    A text field left as ``base`` had it is kept as it is on file, unjudged: it may
    predate today's rules (an import, an older desk), and a clerk who corrects the
    phone must not be refused for an e-mail address nobody touched."""
    stored: dict[str, str | bool | date | None] = {}
    problems: list[Problem] = []

    def untouched(field: str) -> bool:
        if base is None:
            return False
        typed, loaded = getattr(values, field), getattr(base, field)
        if isinstance(typed, str):
            return typed.strip() == (loaded or "").strip()
        return bool(typed == loaded)

    def check(field: str, value: str, rule: Callable[[str], str]) -> None:
        value = value.strip()
        if value and untouched(field):
            stored[field] = value
            return
        try:
            stored[field] = rule(value) if value else None
        except _Bad as bad:
            problems.append(Problem(FIELDS[field], bad.message))

    check("phone", values.phone, _phone)
    check("phone_2", values.phone_2, _phone)
    if isinstance(first := stored.get("phone"), str) and first == stored.get("phone_2"):
        problems.append(Problem(FIELDS["phone_2"], _same_phone("phone_2", first)))
    check("email", values.email, _email)
    check("address", values.address, _text)
    stored["e_invoice"] = values.e_invoice
    if values.e_invoice:
        if values.e_invoice_email.strip():
            check("e_invoice_email", values.e_invoice_email, _email)
        else:
            problems.append(Problem(FIELDS["e_invoice_email"], "contacts.e_invoice_email_needed"))
    else:
        stored["e_invoice_email"] = None  # no e-invoice: no address to send it to
    channel = values.preferred_channel
    if channel is not None and channel not in CHANNELS:
        problems.append(
            Problem(
                FIELDS["preferred_channel"],
                Message("contacts.no_such_channel", channel=repr(channel)),
            )
        )
    elif channel is not None and not any(
        getattr(values, f).strip() for f in CHANNEL_NEEDS[channel]
    ):
        needed = [Message(FIELDS[f]) for f in CHANNEL_NEEDS[channel]]
        problems.append(
            Problem(
                FIELDS["preferred_channel"],
                Message(
                    "contacts.channel_needs",
                    channel=Message(CHANNEL_NAMES[channel]),
                    needed=needed[0],
                )
                if len(needed) == 1
                else Message(
                    "contacts.channel_needs_either",
                    channel=Message(CHANNEL_NAMES[channel]),
                    first=needed[0],
                    second=needed[1],
                ),
            )
        )
    elif (
        channel == "sms"
        and not all(untouched(f) for f in ("preferred_channel", *PHONES))
        and (landlines := _no_mobile(values, stored))
    ):
        problems.append(
            Problem(
                FIELDS["preferred_channel"],
                Message("contacts.sms_landline", number=landlines[0])
                if len(landlines) == 1
                else Message("contacts.sms_landlines", first=landlines[0], second=landlines[1]),
            )
        )
    stored["preferred_channel"] = channel
    stored["consent_on"] = None
    if values.consent:
        if values.consent_on is None:
            problems.append(Problem(FIELDS["consent_on"], "contacts.consent_date_missing"))
        elif values.consent_on > today:
            problems.append(
                Problem(
                    FIELDS["consent_on"],
                    Message("contacts.consent_date_future", on=values.consent_on),
                )
            )
        else:
            stored["consent_on"] = values.consent_on
    return stored, problems


def _no_mobile(values: ContactValues, stored: dict[str, str | bool | date | None]) -> list[str]:
    """The numbers typed when none of them takes an SMS; empty when one does, or when
    a typed number is wrong (its own problem is shown; it may be the mobile)."""
    typed = [f for f in PHONES if getattr(values, f).strip()]
    numbers = [stored.get(f) for f in typed]
    if not all(isinstance(n, str) for n in numbers):
        return []
    found = [str(n) for n in numbers]
    return [] if any(_is_mobile(n) for n in found) else found


def as_text(value: str | bool | date | None) -> str | None:
    """A value as the history keeps it (and the central database casts it back)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return value


def change_contacts(
    db: Database,
    ctx: DeskContext,
    payer_code: str,
    values: ContactValues,
    now: datetime,
    *,
    base: ContactValues,
    source: str = "info_centre",
    survey_card_number: str | None = None,
) -> ContactsSaved:
    """Save the form: a history row per field the clerk changed, and the details confirmed.

    ``base`` is what the form was loaded with (``payer_contacts(...).values``).
    Only the fields where ``values`` differ from it are written: a field the
    clerk did not touch is never written back, so a change made meanwhile at
    another desk (or pulled from the central database) is not undone with a
    newer clock. A field the clerk changed that was also changed meanwhile to
    something else is refused (ProblemsError naming it): the clerk reloads and
    decides. With a returned survey card, every row names the card and the
    card is marked returned. ProblemsError (nothing written) when any field is wrong.
    """
    if source not in SOURCES:
        raise UserError("contacts.no_such_source", source=repr(source))
    stored, problems = _checked(values, now.date(), base)
    if problems:
        raise ProblemsError(problems)
    loaded = _as_stored(base)
    edited = [f for f in FIELDS if stored[f] != loaded[f]]
    with db.write() as session:
        require_role(session, ctx, ANY_ROLE, "what.contacts")
        payer = _payer(session, payer_code)
        on_file = _as_stored(_values_of(payer))
        conflicts = [
            Problem(
                FIELDS[f],
                Message("contacts.changed_meanwhile", value=_in_words(f, on_file[f])),
            )
            for f in edited
            if on_file[f] not in (loaded[f], stored[f])
        ]
        if conflicts:
            raise ProblemsError(conflicts)
        # Already the value on file (the same change made meanwhile): nothing to record.
        changed = tuple(f for f in edited if on_file[f] != stored[f])
        card = None
        if survey_card_number is not None:
            card = _returned_card(session, survey_card_number, payer, now)
            source = "survey_card"
        seen = _latest_clock(session)
        rows = [(f, as_text(getattr(payer, f)), as_text(stored[f])) for f in changed]
        confirmed = payer.contacts_confirmed_at
        rows.append((CONFIRMED, confirmed.isoformat() if confirmed else None, now.isoformat()))
        for field, old, new in rows:
            clock = next_clock(seen, now, ctx.desk_code)
            seen = str(clock)
            session.add(
                ContactChange(
                    payer_id=payer.id,
                    field=field,
                    old_value=old,
                    new_value=new,
                    changed_at=now,
                    source=source,
                    survey_card_id=None if card is None else card.id,
                    desk_id=ctx.desk_id,
                    user_id=ctx.user_id,
                    hlc=seen,
                )
            )
        session.execute(
            update(Payer)
            .where(Payer.id == payer.id)
            .values({**{f: stored[f] for f in changed}, "contacts_confirmed_at": now})
        )
        audit_as(
            session,
            ctx,
            "contact_change",
            now,
            payer=payer_code,
            fields=list(changed),
            source=source,
            card=survey_card_number,
        )
    return ContactsSaved(changed, survey_card_number)


def _in_words(field: str, value: str | bool | date | None) -> Message | date | str:
    """A value on file as a message shows it (worded in the language of the moment)."""
    if value is None:
        return Message("contacts.empty")
    if isinstance(value, bool):
        return Message("word.yes" if value else "word.no")
    if isinstance(value, date):
        return value
    if field == "preferred_channel" and value in CHANNEL_NAMES:
        return Message(CHANNEL_NAMES[value])
    return value


def _as_stored(loaded: ContactValues) -> dict[str, str | bool | date | None]:
    """The form's values as ``payer_contacts`` read them from the payer row, unchecked
    (what is on file is compared, not judged: it may predate today's rules)."""
    return {
        "phone": loaded.phone or None,
        "phone_2": loaded.phone_2 or None,
        "email": loaded.email or None,
        "address": loaded.address or None,
        "preferred_channel": loaded.preferred_channel,
        "e_invoice": loaded.e_invoice,
        "e_invoice_email": loaded.e_invoice_email or None,
        "consent_on": loaded.consent_on if loaded.consent else None,
    }


def _returned_card(session: Session, number: str, payer: Payer, now: datetime) -> SurveyCard:
    """The card coming back for ``payer``, marked returned (a blank card becomes theirs)."""
    number = number.strip()
    card = session.scalars(select(SurveyCard).where(SurveyCard.number == number)).first()
    if card is None:
        raise UserError("card.no_such", number=number)
    if card.payer_id is not None and card.payer_id != payer.id:
        owner = session.scalar(select(Payer.payer_code).where(Payer.id == card.payer_id))
        raise UserError("card.other_payer", number=number, owner=owner)
    if card.returned_at is not None:
        raise UserError("card.already_returned", number=number, on=card.returned_at)
    card.payer_id = payer.id
    card.returned_at = now
    session.flush()
    return card


def payer_contacts(db: Database, payer_code: str) -> PayerContacts:
    """The payer's details on file and their history, newest first."""
    with db.read() as session:
        payer = _payer(session, payer_code)
        history = _history(session, payer.id)
        return PayerContacts(
            payer.payer_code, payer.name, _values_of(payer), payer.contacts_confirmed_at, history
        )


def _values_of(payer: Payer) -> ContactValues:
    """The payer's details on file as the form shows them (``_as_stored`` undoes this)."""
    return ContactValues(
        phone=payer.phone or "",
        phone_2=payer.phone_2 or "",
        email=payer.email or "",
        address=payer.address or "",
        preferred_channel=payer.preferred_channel,
        e_invoice=bool(payer.e_invoice),
        e_invoice_email=payer.e_invoice_email or "",
        consent=payer.consent_on is not None,
        consent_on=payer.consent_on,
    )


def contact_history(db: Database, payer_code: str) -> tuple[HistoryLine, ...]:
    """Every change of the payer's contact details, newest first."""
    with db.read() as session:
        return _history(session, _payer(session, payer_code).id)


def _history(session: Session, payer_id: int) -> tuple[HistoryLine, ...]:
    desk = aliased(Desk)
    rows = session.execute(
        select(
            ContactChange.changed_at,
            ContactChange.field,
            ContactChange.old_value,
            ContactChange.new_value,
            ContactChange.source,
            func.coalesce(User.full_name, ""),
            func.coalesce(desk.code, ""),
            SurveyCard.number,
        )
        .outerjoin(User, User.id == ContactChange.user_id)
        .outerjoin(desk, desk.id == ContactChange.desk_id)
        .outerjoin(SurveyCard, SurveyCard.id == ContactChange.survey_card_id)
        .where(ContactChange.payer_id == payer_id)
        .order_by(ContactChange.changed_at.desc(), ContactChange.hlc.desc())
    ).all()
    return tuple(HistoryLine(*row) for row in rows)


def _payer(session: Session, payer_code: str) -> Payer:
    payer = session.scalars(select(Payer).where(Payer.payer_code == payer_code)).first()
    if payer is None:
        raise UserError("payer.no_such", code=payer_code)
    return payer


def _latest_clock(session: Session) -> str | None:
    return session.scalar(select(func.max(ContactChange.hlc)))
