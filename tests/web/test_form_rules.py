"""The web form's own rules, without a server: what a post says, what is wrong with
it, the CSRF token and the limit per client address (desk.web.form, desk.web.guard)."""

from __future__ import annotations

from datetime import date

from desk.web.form import Answers, read_answers
from desk.web.guard import CsrfTokens, RateLimit
from tests.desk_fixtures import PAYER

TODAY = date(2026, 12, 6)
WHO = {"payer_code": PAYER, "subscriber_number": "1000001"}


def test_an_empty_field_says_nothing_and_the_answers_are_stored_as_the_desk_stores_them() -> None:
    answers, problems = read_answers(
        {**WHO, "phone": " 0888 765 432 ", "e_invoice_email": "not read: the box is not ticked"},
        TODAY,
    )
    assert problems == {}
    assert answers == Answers(
        payer_code=PAYER,
        subscriber_number="1000001",
        card=None,
        phone="+359888765432",
        phone_2=None,
        email=None,
        address=None,
        preferred_channel=None,
        e_invoice=None,
        e_invoice_email=None,
        consent=None,
    )


def test_ticked_boxes_say_yes() -> None:
    answers, _ = read_answers(
        {**WHO, "e_invoice": "on", "e_invoice_email": "a@b.bg", "consent": "on"}, TODAY
    )
    assert answers is not None
    assert (answers.e_invoice, answers.e_invoice_email, answers.consent) == (True, "a@b.bg", True)


def test_problems_are_named_at_the_forms_fields_in_its_order() -> None:
    answers, problems = read_answers(
        {
            "payer_code": "4000000011",  # a wrong check digit
            "subscriber_number": "1000001",
            "card": "123",
            "phone": "0888 765 432",
            "phone_2": "+359 888 765 432",
            "preferred_channel": "fax",
            "e_invoice": "on",
        },
        TODAY,
    )
    assert answers is None
    assert {name: m.code for name, m in problems.items()} == {
        "payer_code": "id.payer_code_check_digit",
        "card": "card_digits",
        "phone_2": "contacts.same_phone",
        "preferred_channel": "contacts.no_such_channel",
        "e_invoice_email": "contacts.e_invoice_email_needed",
    }
    assert list(problems) == [
        "payer_code",
        "card",
        "phone_2",
        "preferred_channel",
        "e_invoice_email",
    ]


def test_a_channel_needs_what_it_reaches_the_payer_by_typed_in_the_form() -> None:
    _, problems = read_answers({**WHO, "preferred_channel": "email"}, TODAY)
    assert problems["preferred_channel"].code == "contacts.channel_needs"


def test_a_token_holds_only_as_this_server_signed_it_and_in_both_places() -> None:
    tokens = CsrfTokens(b"one secret")
    token = tokens.new()
    assert tokens.holds(token, token)
    assert not tokens.holds(token, tokens.new())  # another page's token
    assert not tokens.holds(None, token) and not tokens.holds(token, None)
    other = CsrfTokens(b"another secret").new()
    assert not tokens.holds(other, other)
    nonce = token.split(".")[0]
    assert not tokens.holds(f"{nonce}.{'0' * 64}", f"{nonce}.{'0' * 64}")


def test_the_limit_per_address_slides_and_forgets_the_longest_idle() -> None:
    now = [0.0]
    limit = RateLimit(2, 60.0, keys=2, clock=lambda: now[0])
    assert [limit.allow("a") for _ in range(3)] == [True, True, False]
    assert limit.first_refusal("a") and not limit.first_refusal("a")
    now[0] = 61.0
    assert limit.allow("a")  # the window has slid
    assert limit.allow("b") and limit.allow("c")  # "a" is forgotten: two keys at most
    assert len(limit._seen) == 2 and "a" not in limit._seen


def test_the_per_address_limit_counts_an_ipv6_client_by_its_64() -> None:
    from desk.web.app import _client_key

    one_line = {_client_key(f"2001:db8:1:2::{n:x}") for n in range(1, 300)}

    assert one_line == {"2001:db8:1:2::/64"}
    assert _client_key("2001:db8:1:3::1") != _client_key("2001:db8:1:2::1")
    assert _client_key("192.0.2.7") == "192.0.2.7"
    assert _client_key("::ffff:192.0.2.7") == "192.0.2.7"  # IPv4 behind a dual stack
    assert _client_key("unknown") == "unknown"
