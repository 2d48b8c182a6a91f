"""The posted form read and checked by the desk's own rules (desk.services.contacts).

Empty means "no change": the page never shows what is on file, so a payer who
leaves a field empty has said nothing about it. A ticked box says yes (an
e-invoice, consent from today); an unticked one says nothing. What is wrong is
named at its field, by the same codes the desk's contact form words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from stdnum import luhn

from desk.identifiers import check_payer_code, check_subscriber_number, is_ascii_digits
from desk.messages import Message
from desk.services.contacts import (
    FIELD_OF_NAME,
    ContactValues,
    contact_problems,
    normalised,
)
from desk.services.survey_cards import CARD_NUMBER_LENGTH

# The form's fields in the page's order: the first with a problem gets the focus.
IDENTITY = ("payer_code", "subscriber_number", "card")
CONTACT = (
    "phone",
    "phone_2",
    "email",
    "address",
    "preferred_channel",
    "e_invoice",
    "e_invoice_email",
    "consent",
)
ORDER = (*IDENTITY, *CONTACT)
TEXT_INPUTS = ("payer_code", "subscriber_number", "card", *CONTACT[:4], "e_invoice_email")
TICKED = "on"
# The desk's field names (Problem.where) that are named otherwise here.
_FIELD = {"consent_on": "consent"}


@dataclass(frozen=True, slots=True)
class Answers:
    """What ``web_submit`` takes: None is "no change"; values as the desk stores them."""

    payer_code: str
    subscriber_number: str
    card: str | None
    phone: str | None
    phone_2: str | None
    email: str | None
    address: str | None
    preferred_channel: str | None
    e_invoice: bool | None
    e_invoice_email: str | None
    consent: bool | None


def typed(form: Mapping[str, str]) -> dict[str, str]:
    """The form's fields as typed (the page shows them again), nothing else."""
    return {name: form.get(name, "") for name in ORDER}


def as_digits(text: str) -> str:
    """A number as typed, without the spaces and dashes people group digits with."""
    return "".join(text.split()).replace("-", "")


def read_answers(form: Mapping[str, str], today: date) -> tuple[Answers | None, dict[str, Message]]:
    """The answers, or None and what is wrong, per field of the form."""
    values = typed(form)
    problems: dict[str, Message] = {}
    # As people copy them from a notice: "1000 001", "4000-000-010".
    payer_code = as_digits(values["payer_code"])
    subscriber = as_digits(values["subscriber_number"])
    card = as_digits(values["card"])
    if (wrong := check_payer_code(payer_code)) is not None:
        problems["payer_code"] = wrong
    if (wrong := check_subscriber_number(subscriber)) is not None:
        problems["subscriber_number"] = wrong
    if card and not (is_ascii_digits(card, CARD_NUMBER_LENGTH) and luhn.is_valid(card)):
        problems["card"] = Message("card_digits")
    e_invoice = values["e_invoice"] == TICKED
    consent = values["consent"] == TICKED
    contacts = ContactValues(
        phone=values["phone"],
        phone_2=values["phone_2"],
        email=values["email"],
        address=values["address"],
        preferred_channel=values["preferred_channel"] or None,
        e_invoice=e_invoice,
        e_invoice_email=values["e_invoice_email"] if e_invoice else "",
        consent=consent,
        consent_on=today if consent else None,
    )
    for problem in contact_problems(contacts, today):
        field = FIELD_OF_NAME[problem.where]
        message = problem.message
        problems.setdefault(
            _FIELD.get(field, field),
            message if isinstance(message, Message) else Message(message),
        )
    if problems:
        return None, {name: problems[name] for name in ORDER if name in problems}
    return Answers(
        payer_code=payer_code,
        subscriber_number=subscriber,
        card=card or None,
        phone=normalised("phone", values["phone"]),
        phone_2=normalised("phone_2", values["phone_2"]),
        email=normalised("email", values["email"]),
        address=normalised("address", values["address"]),
        preferred_channel=contacts.preferred_channel,
        e_invoice=True if e_invoice else None,
        e_invoice_email=values["e_invoice_email"].strip() if e_invoice else None,
        consent=True if consent else None,
    ), {}
