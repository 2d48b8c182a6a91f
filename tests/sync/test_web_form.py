"""The campaign's web form (issue 16) against a real uvicorn and a real PostgreSQL.

The payer's answers become contact changes with source "web" on the central
database's clock, reach a desk on its next pull and show in the payer's history;
what a person can get wrong is named at its field; floods, forged posts and
oversized bodies are refused and noted; a wrong payer code reads exactly as a
wrong subscriber number; the form's role can do nothing but hand answers in.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from desk.cli import main
from desk.identifiers import make_payer_code
from desk.messages import SOFIA
from desk.services.contacts import CONFIRMED, change_contact, contact_history, payer_contacts
from desk.services.survey_cards import card_number, find_card, issue_cards
from desk.sync.central import CentralDatabase, role_url
from desk.sync.desks import add_desk
from desk.sync.replication import pull, push, queued
from desk.web.role import add_web_role
from desk.web.serve import RunningForm
from tests.desk_fixtures import NOON, PAYER
from tests.sync.test_contacts_sync import _migrate_central
from tests.sync.two_desks import join, load_central
from tests.sync.web_form import SUBSCRIBER, Client, audit, serving

GOOD = {
    "payer_code": PAYER,
    "subscriber_number": SUBSCRIBER,
    "phone": "0888 765 432",
    "email": "ivan@example.bg",
    "preferred_channel": "email",
    "consent": "on",
}
NO_SUCH_PAYER = make_payer_code(99_999)  # a well-formed code no payer has
AHEAD = datetime(2031, 1, 1, 12, 0)


@pytest.fixture
def web(central: CentralDatabase) -> Iterator[RunningForm]:
    load_central(central)
    with serving(central) as running:
        yield running


def _payer(central: CentralDatabase) -> dict[str, object]:
    with central.read() as session:
        row = session.execute(
            text(
                "SELECT phone, phone_2, email, preferred_channel, e_invoice, consent_on, "
                "contacts_confirmed_at FROM payer WHERE payer_code = :p"
            ),
            {"p": PAYER},
        ).one()
    return dict(row._mapping)


def _changes(central: CentralDatabase) -> list[tuple[str, str | None, str, str | None, str]]:
    with central.read() as session:
        rows = session.execute(
            text(
                "SELECT c.field, c.new_value, c.source, s.number, c.hlc FROM contact_change c "
                "LEFT JOIN survey_card s ON s.id = c.survey_card_id ORDER BY c.hlc"
            )
        ).all()
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def test_a_good_submission_changes_the_payer_at_the_centre(
    central: CentralDatabase, web: RunningForm
) -> None:
    reply = Client(web.url).submit(GOOD)

    assert reply.status == 200 and reply.url.endswith("/thanks?lang=bg")
    assert "Получихме отговора ви" in reply.body
    payer = _payer(central)
    today = datetime.now(SOFIA).date()
    assert payer["phone"] == "+359888765432"
    assert payer["email"] == "ivan@example.bg"
    assert payer["preferred_channel"] == "email"
    assert payer["consent_on"] == today
    assert payer["contacts_confirmed_at"] is not None
    changes = _changes(central)
    assert [c[:4] for c in changes] == [
        ("phone", "+359888765432", "web", None),
        ("email", "ivan@example.bg", "web", None),
        ("preferred_channel", "email", "web", None),
        ("consent_on", today.isoformat(), "web", None),
        (CONFIRMED, payer["contacts_confirmed_at"].isoformat(), "web", None),  # type: ignore[union-attr]
    ]
    clocks = [c[4] for c in changes]
    assert all(clock.endswith(".WEB") and len(clock) == 25 for clock in clocks)
    assert clocks == sorted(clocks) and len(set(clocks)) == len(clocks)
    assert audit(central) == [(PAYER, None, "changed")]


def test_a_card_answered_on_the_web_is_returned_and_a_desk_shows_the_change(
    central: CentralDatabase, tmp_path: Path
) -> None:
    load_central(central)
    k1 = join(central, "K1", tmp_path)
    try:
        clerk = k1.log_in("sluzhitel")
        (card,) = issue_cards(k1.local, clerk, [PAYER], 0, NOON)
        # A desk whose clock runs years ahead changed the e-mail: the web's change,
        # made later, must still come after it on the clock, and win.
        change_contact(k1.local, clerk, PAYER, "email", "old@example.bg", AHEAD)
        push(k1.local, k1.central)
        with serving(central) as web:
            client = Client(web.url)
            page = client.get(f"/?card={card.number}")
            assert f'id="card" name="card" type="text" value="{card.number}"' in page.body
            reply = client.post(
                {"csrf": page.csrf, "lang": "bg", **GOOD, "card": card.number, "phone": ""}
            )
        assert reply.status == 200 and "/thanks?" in reply.url
        pull(k1.local, k1.central)
        echoed = queued(k1.local)  # its own card, returned at the centre: not sent back

        history = contact_history(k1.local, PAYER)
        returned = find_card(k1.local, card.number)
        email = payer_contacts(k1.local, PAYER).values.email
    finally:
        k1.close()
    web_lines = [line for line in history if line.source == "web"]
    assert {line.field for line in web_lines} == {
        "email",
        "preferred_channel",
        "consent_on",
        CONFIRMED,
    }
    assert {(line.card_number, line.desk_code, line.who) for line in web_lines} == {
        (card.number, "", "")
    }
    assert email == "ivan@example.bg"
    with central.read() as session:
        rows = session.execute(
            text("SELECT new_value, hlc FROM contact_change WHERE field = 'email'")
        ).all()
    clocks = {str(value): str(hlc) for value, hlc in rows}
    assert clocks["old@example.bg"].endswith(".K1")
    assert clocks["ivan@example.bg"] > clocks["old@example.bg"]
    assert clocks["ivan@example.bg"].endswith(".WEB")
    assert returned is not None and returned.returned_at is not None
    assert echoed == 0
    assert audit(central) == [(PAYER, card.number, "changed")]


def test_a_submission_that_changes_nothing_is_a_confirmation(
    central: CentralDatabase, web: RunningForm
) -> None:
    # The phone on file, typed another way: no change, and the details confirmed.
    reply = Client(web.url).submit(
        {"payer_code": PAYER, "subscriber_number": SUBSCRIBER, "phone": "+359 888 123 456"},
        lang="en",
    )

    # The same thank-you page as for a change: which answer was on file stays unsaid.
    assert reply.status == 200 and reply.url.endswith("/thanks?lang=en")
    assert "We have your answer" in reply.body and '<html lang="en">' in reply.body
    # The language link stays on the page it is on.
    assert 'href="/thanks?lang=bg" lang="bg"' in reply.body
    assert [c[0] for c in _changes(central)] == [CONFIRMED]
    assert _payer(central)["contacts_confirmed_at"] is not None
    assert audit(central) == [(PAYER, None, "confirmed")]


def test_a_wrong_payer_code_reads_exactly_as_a_wrong_subscriber_number(
    central: CentralDatabase, web: RunningForm
) -> None:
    client = Client(web.url)
    token = client.get().csrf
    tries = [
        {**GOOD, "subscriber_number": "1000002"},  # the payer exists, not with this number
        {**GOOD, "payer_code": NO_SUCH_PAYER},  # no such payer
    ]
    replies = [client.post({"csrf": token, "lang": "bg", **fields}) for fields in tries]

    assert [r.status for r in replies] == [400, 400]
    first, second = (r.body.replace(r.csrf, "TOKEN") for r in replies)
    assert first == second
    assert "Не намираме платец с тези данни" in first
    assert 'id="payer_code" name="payer_code" type="text" value=""' in first
    assert _changes(central) == []
    assert audit(central) == [(PAYER, None, "unknown"), (NO_SUCH_PAYER, None, "unknown")]


def test_another_payers_card_is_a_wrong_identification(
    central: CentralDatabase, web: RunningForm
) -> None:
    number = card_number(1, 1)
    with central.write() as session:
        other = session.scalar(
            text(
                "INSERT INTO payer (payer_code, kind, name, e_invoice) "
                "VALUES (:code, 'person', 'X', false) RETURNING id"
            ),
            {"code": NO_SUCH_PAYER},
        )
        session.execute(
            text(
                "INSERT INTO survey_card (id, number, payer_id, printed_at) "
                "VALUES ('c1', :n, :o, now())"
            ),
            {"n": number, "o": other},
        )
    reply = Client(web.url).submit({**GOOD, "card": number})

    assert reply.status == 400 and "Не намираме платец с тези данни" in reply.body
    assert audit(central) == [(PAYER, number, "unknown")]


def test_a_card_the_centre_does_not_hold_yet_is_answered_without_it(
    central: CentralDatabase, web: RunningForm
) -> None:
    # E-mailed by a desk that has not synced since: the payer is known by the notice.
    number = card_number(7, 1)
    reply = Client(web.url).submit({**GOOD, "card": f"{number[:6]} {number[6:]}"})

    assert reply.status == 200 and "/thanks?" in reply.url
    assert {c[3] for c in _changes(central)} == {None}  # no card named
    assert audit(central) == [(PAYER, number, "changed")]


def test_a_card_answered_before_its_desk_pushed_it_counts_returned_when_it_arrives(
    central: CentralDatabase, tmp_path: Path
) -> None:
    load_central(central)
    k1 = join(central, "K1", tmp_path)
    try:
        (card,) = issue_cards(k1.local, k1.log_in("sluzhitel"), [PAYER], 0, NOON)
        with serving(central) as web:  # the desk offline: the centre has no such card
            reply = Client(web.url).submit({**GOOD, "card": card.number})
        push(k1.local, k1.central)
        pull(k1.local, k1.central)
        returned = find_card(k1.local, card.number)
        echoed = queued(k1.local)
    finally:
        k1.close()
    assert reply.status == 200 and "/thanks?" in reply.url
    assert returned is not None and returned.returned_at is not None
    assert echoed == 0
    with central.read() as session:
        at = session.scalar(
            text("SELECT returned_at FROM survey_card WHERE number = :n"), {"n": card.number}
        )
    assert at is not None


def test_codes_copied_with_spaces_or_dashes_are_read_as_their_digits(
    central: CentralDatabase, web: RunningForm
) -> None:
    spaced = {
        **GOOD,
        "payer_code": f"{PAYER[:4]} {PAYER[4:7]}-{PAYER[7:]}",
        "subscriber_number": f" {SUBSCRIBER[:4]} {SUBSCRIBER[4:]} ",
    }
    reply = Client(web.url).submit(spaced)

    assert reply.status == 200 and "/thanks?" in reply.url
    assert audit(central) == [(PAYER, None, "changed")]


def test_the_english_forms_refusals_before_its_body_is_read_are_in_english(
    central: CentralDatabase, web: RunningForm
) -> None:
    client = Client(web.url)
    token = client.get("/?lang=en").csrf
    too_large = client.post(
        {"csrf": token, "lang": "en", **GOOD, "address": "x" * (16 * 1024)}, path="/?lang=en"
    )

    assert too_large.status == 413 and "too large" in too_large.body.lower()
    assert "твърде голямо" not in too_large.body


def test_desk_web_says_in_words_when_it_cannot_log_in_or_listen(
    central: CentralDatabase, capsys: pytest.CaptureFixture[str]
) -> None:
    load_central(central)
    nobody = central.url._replace(username="no_such_web_role", password=None)
    assert main(["web", "--url", nobody.render_as_string(), "--lang", "en"]) == 2
    refused = capsys.readouterr().err

    account = add_web_role(central)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        url = account.url(central.url).render_as_string(hide_password=False)
        args = ["web", "--url", url, "--bind", f"127.0.0.1:{port}", "--lang", "en"]
        assert main(args) == 2
    busy = capsys.readouterr().err
    assert main(["web", "--url", url, "--bind", "127.0.0.1:http", "--lang", "en"]) == 2
    unreadable = capsys.readouterr().err

    assert "no_such_web_role" in refused and "Traceback" not in refused
    assert f"cannot listen on 127.0.0.1:{port}" in busy and "Choose another port" in busy
    assert "--bind: '127.0.0.1:http' is not an address and port" in unreadable


def test_what_is_wrong_is_named_at_its_field_and_the_first_gets_the_focus(
    central: CentralDatabase, web: RunningForm
) -> None:
    fields = {
        "payer_code": PAYER,
        "subscriber_number": "12",
        "phone": "12",
        "preferred_channel": "sms",
        "e_invoice": "on",
    }
    bg = Client(web.url).submit(fields)
    en = Client(web.url).submit(fields, lang="en")

    assert (bg.status, en.status) == (400, 400)
    for reply in (bg, en):
        body = reply.body
        for name in ("subscriber_number", "phone", "e_invoice_email"):
            assert f'<p class="error" id="{name}-error">' in body
            assert f'aria-describedby="{name}-hint {name}-error" aria-invalid="true"' in body or (
                f'aria-describedby="{name}-error" aria-invalid="true"' in body
            )
        assert 'aria-invalid="true" autofocus>' in body
        assert body.index("autofocus") > body.index('id="subscriber_number"')
        assert body.count("autofocus") == 1
        assert 'value="12"' in body  # what was typed stays
        assert 'name="viewport"' in body
    assert "абонатният номер е 7 цифри" in bg.body and '<html lang="bg">' in bg.body
    assert "the number “12” needs 8 or 9 digits" in en.body and '<html lang="en">' in en.body
    assert "required when e-invoice is chosen" in en.body
    assert _changes(central) == []
    assert [row[2] for row in audit(central)] == ["invalid", "invalid"]


def test_a_post_without_the_forms_token_or_with_a_forged_one_is_refused(
    central: CentralDatabase, web: RunningForm
) -> None:
    client = Client(web.url)
    token = client.get().csrf
    nonce = token.split(".")[0]
    missing = client.post({"lang": "bg", **GOOD})
    forged = Client(web.url)  # a token of its own making, in its cookie and the form alike
    forged_token = f"{nonce}.{'0' * 64}"
    forged.get()
    forged.jar.clear()
    forged_reply = forged.post(
        {"csrf": forged_token, "lang": "bg", **GOOD},
        headers={"Cookie": f"desk_csrf={forged_token}"},
    )
    other_cookie = Client(web.url)  # a token read off another browser's page
    other_cookie.get()
    stolen = other_cookie.post({"csrf": token, "lang": "en", **GOOD})

    assert [r.status for r in (missing, forged_reply, stolen)] == [403, 403, 403]
    assert "Формулярът е изтекъл" in missing.body and "The form has expired" in stolen.body
    assert _changes(central) == []
    assert [row[2] for row in audit(central)] == ["csrf"] * 3


def test_a_post_with_a_nul_is_refused_and_audited_not_a_500(
    central: CentralDatabase, web: RunningForm
) -> None:
    client = Client(web.url)
    token = client.get().csrf
    no_token = client.post({"lang": "bg", **GOOD, "payer_code": "40000\x0000"})
    with_token = client.post({"csrf": token, "lang": "bg", **GOOD, "address": "ул.\x00 1"})

    assert (no_token.status, with_token.status) == (403, 400)
    assert [row[2] for row in audit(central)] == ["csrf", "invalid"]
    assert audit(central)[0][0] is None  # not a number: not noted as one


def test_a_body_over_16_kb_is_refused_before_it_is_read(
    central: CentralDatabase, web: RunningForm
) -> None:
    client = Client(web.url)
    token = client.get().csrf
    padding = "x" * (16 * 1024)
    declared = client.post({"csrf": token, "lang": "bg", **GOOD, "address": padding})
    chunked = client.post(body=iter([b"csrf=" + token.encode(), b"&pad=" + padding.encode()]))

    assert (declared.status, chunked.status) == (413, 413)
    assert "твърде голямо" in declared.body and "Traceback" not in declared.body
    assert _changes(central) == []
    assert audit(central) == [(None, None, "too_large")] * 2


_CALL = (
    "SELECT web_submit('10.0.0.1', :code, :subscriber, :card, :phone, NULL, NULL, :address, "
    "NULL, :e_invoice, NULL, NULL)"
)


def _as_web(web: RunningForm, **values: object) -> str:
    """web_submit called as the form's role itself: what a taken-over web server can do."""
    given = {"code": PAYER, "subscriber": SUBSCRIBER, "card": None, "phone": None}
    with web.gateway.engine.begin() as conn:
        return str(
            conn.scalar(text(_CALL), {**given, "address": None, "e_invoice": None, **values})
        )


def test_the_forms_role_writes_no_more_than_the_form_can(
    central: CentralDatabase, web: RunningForm
) -> None:
    refused = []
    for values in (
        {"e_invoice": False},  # an opt-out: the form has no such answer
        {"address": "ул. Витоша 1\u202eтам"},  # shown one way at a desk, stored another
        {"address": "ул.\x07 Витоша 1"},
    ):
        with pytest.raises(DBAPIError) as caught:
            _as_web(web, **values)
        refused.append(caught.value.orig.sqlstate if caught.value.orig else None)  # type: ignore[union-attr]

    assert refused == ["23514"] * 3  # check_violation
    assert _changes(central) == []


def test_the_forms_role_cannot_hold_the_centres_change_numbering_open(
    central: CentralDatabase, web: RunningForm
) -> None:
    # SET CONSTRAINTS ALL IMMEDIATE would number its changes (c0006's global lock) at
    # once, then the transaction could stay open and keep every commit waiting.
    with web.gateway.engine.connect() as conn:
        conn.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))
        with pytest.raises(DBAPIError, match="numbered at its COMMIT only"):
            conn.execute(
                text(_CALL),
                {
                    "code": PAYER,
                    "subscriber": SUBSCRIBER,
                    "card": None,
                    "phone": "+359888765432",
                    "address": None,
                    "e_invoice": None,
                },
            )
        conn.rollback()

    assert Client(web.url).submit(GOOD).status == 200  # at its COMMIT, as ever


def test_a_blank_card_is_nobodys_to_claim_on_the_web(
    central: CentralDatabase, web: RunningForm
) -> None:
    number = card_number(1, 1)
    with central.write() as session:
        session.execute(
            text(
                "INSERT INTO survey_card (id, number, payer_id, printed_at) "
                "VALUES ('blank', :n, NULL, now())"
            ),
            {"n": number},
        )
    reply = Client(web.url).submit({**GOOD, "card": number})

    assert reply.status == 400 and "Не намираме платец с тези данни" in reply.body
    with central.read() as session:
        assert session.scalar(text("SELECT payer_id FROM survey_card WHERE id = 'blank'")) is None


def test_the_webs_clock_counts_on_past_five_digits_into_the_next_millisecond(
    central: CentralDatabase, web: RunningForm
) -> None:
    # A desk's latest clock for the payer, ahead of the centre's, its counter full.
    ahead = "005000000000000.99999.K1"
    with central.write() as session:
        session.execute(
            text(
                "INSERT INTO contact_clock (payer_id, field, hlc, change_id) "
                "SELECT id, 'email', :hlc, 'x' FROM payer WHERE payer_code = :p"
            ),
            {"hlc": ahead, "p": PAYER},
        )
    Client(web.url).submit(GOOD)

    clocks = [c[4] for c in _changes(central)]
    assert clocks[0] == "005000000000001.00000.WEB"
    assert clocks == sorted(clocks) and all(c > ahead for c in clocks)
    assert _payer(central)["email"] == "ivan@example.bg"  # the later clock applied


def test_a_flood_from_one_address_is_cut_and_noted_once(central: CentralDatabase) -> None:
    load_central(central)
    with serving(central, address_limit=3) as web:
        client = Client(web.url)
        token = client.get().csrf
        replies = [
            client.post({"csrf": token, "lang": "bg", **GOOD, "subscriber_number": "1000002"})
            for _ in range(6)
        ]
    assert [r.status for r in replies] == [400, 400, 400, 429, 429, 429]
    assert "Твърде много опити" in replies[-1].body
    assert [row[2] for row in audit(central)] == ["unknown"] * 3 + ["address_limit"]


def test_a_payer_codes_attempts_are_limited_at_the_centre(central: CentralDatabase) -> None:
    load_central(central)
    with serving(central, address_limit=1000) as web:
        client = Client(web.url)
        token = client.get().csrf
        wrong = [
            client.post({"csrf": token, "lang": "bg", **GOOD, "subscriber_number": "1000002"})
            for _ in range(10)
        ]
        # Even the right numbers now: the limit is the payer code's.
        right = client.post({"csrf": token, "lang": "bg", **GOOD})
        other = client.post({"csrf": token, "lang": "bg", **GOOD, "payer_code": NO_SUCH_PAYER})
    assert [r.status for r in wrong] == [400] * 10
    assert right.status == 429 and "Твърде много опити" in right.body
    assert other.status == 400  # another payer code is not held back
    assert _changes(central) == []
    assert [row[2] for row in audit(central)] == ["unknown"] * 10 + ["limited", "unknown"]


def test_the_forms_role_can_only_hand_answers_in(central: CentralDatabase) -> None:
    load_central(central)
    account = add_web_role(central)
    as_web = CentralDatabase(account.url(central.url))
    try:
        for sql in (
            "SELECT phone FROM payer",
            "SELECT * FROM web_submission",
            "SELECT * FROM contact_change",
            "INSERT INTO contact_change (id, payer_id, field, changed_at, source) "
            "VALUES ('x', 1, 'phone', now(), 'web')",
            "UPDATE payer SET phone = NULL",
            "SELECT web_role_setup('postgres')",
        ):
            with pytest.raises(DBAPIError, match="permission denied"), as_web.write() as s:
                s.execute(text(sql))
        # More than the form can send: a phone that is no E.164 Bulgarian number.
        with pytest.raises(DBAPIError, match="not what the form sends"), as_web.write() as s:
            s.execute(
                text(
                    "SELECT web_submit('1.2.3.4', :p, :s, NULL, '+1 555 0100', NULL, NULL, "
                    "NULL, NULL, NULL, NULL, NULL)"
                ),
                {"p": PAYER, "s": SUBSCRIBER},
            )
        with as_web.write() as s:
            outcome = s.scalar(
                text(
                    "SELECT web_submit('1.2.3.4', :p, :s, NULL, '+359888765432', NULL, NULL, "
                    "NULL, 'sms', NULL, NULL, NULL)"
                ),
                {"p": PAYER, "s": SUBSCRIBER},
            )
    finally:
        as_web.close()
    assert outcome == "changed"
    assert _payer(central)["preferred_channel"] == "sms"


def test_errors_show_a_page_of_our_own_in_both_languages(
    central: CentralDatabase, web: RunningForm
) -> None:
    client = Client(web.url)
    token = client.get().csrf
    missing = client.get("/no/such/page?lang=en")
    elsewhere = client.get("//evil.example/anketa")  # a path that reads as another site
    # The database away (the form's role locked out): a calm page, no trace.
    with central.write() as session:
        role = session.scalar(text("SELECT rolname FROM pg_roles WHERE rolname LIKE '%web_form'"))
        session.execute(text(f'ALTER ROLE "{role}" NOLOGIN'))
    web.gateway.engine.dispose()
    away = client.post({"csrf": token, "lang": "bg", **GOOD})

    assert missing.status == 404 and "There is no such page" in missing.body
    assert elsewhere.status == 404 and "evil.example" not in elsewhere.body
    assert away.status == 503 and "Услугата временно не е достъпна" in away.body
    for reply in (missing, away):
        assert "Traceback" not in reply.body and "psycopg" not in reply.body
        assert reply.headers["referrer-policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in reply.headers["content-security-policy"]


def test_desk_central_web_role_then_desk_web_serve_the_form(
    central: CentralDatabase, capsys: pytest.CaptureFixture[str]
) -> None:
    load_central(central)
    owner = central.url.render_as_string(hide_password=False)
    assert main(["central", "web-role", "--url", owner, "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    found = re.search(r"role (\S+) for the web form; its password \(shown once\): (\S+)", printed)
    assert found and found.group(1).endswith("_web_form")
    assert "desk web --url" in printed and found.group(2) not in printed.split("\n", 1)[1]
    with socket.socket() as probe:  # a free port for the server to take
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # The role's password from the environment: never on the command line.
    url = central.url._replace(username=found.group(1), password=None)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "desk",
            "web",
            "--url",
            url.render_as_string(),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "DESK_WEB_DB_PASSWORD": found.group(2)},
    )
    try:
        assert server.stderr is not None
        # The socket listens before uvicorn says it started: then a request waits for it.
        for line in server.stderr:
            if "Started server process" in line:
                break
        reply = Client(f"http://127.0.0.1:{port}").submit(GOOD)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert reply.status == 200 and "/thanks?" in reply.url
    assert _payer(central)["phone"] == "+359888765432"


def test_c0012_downgrades_to_c0011_and_upgrades_again(central: CentralDatabase) -> None:
    def state() -> tuple[bool, int]:
        with central.engine.connect() as connection:
            table = connection.scalar(text("SELECT to_regclass('web_submission') IS NOT NULL"))
            functions = connection.scalar(
                text("SELECT count(*) FROM pg_proc WHERE proname LIKE 'web\\_%'")
            )
            return bool(table), int(functions or 0)

    assert state() == (True, 4)
    for direction, revision, expected in (
        ("downgrade", "c0011", (False, 0)),
        ("upgrade", "head", (True, 4)),
    ):
        _migrate_central(central, direction, revision)
        assert state() == expected


def test_a_desks_role_can_neither_read_the_web_audit_nor_post_as_the_web(
    central: CentralDatabase,
) -> None:
    load_central(central)
    account = add_desk(central, "K7", "Каса 7")
    as_desk = CentralDatabase(role_url(central.url, account.role, account.password))
    try:
        for sql in (
            "SELECT * FROM web_submission",
            "SELECT web_refusal('1.2.3.4', NULL, NULL, 'csrf')",
            f"SELECT web_submit('1.2.3.4', '{PAYER}', '{SUBSCRIBER}', NULL, NULL, NULL, NULL, "
            "NULL, NULL, NULL, NULL, NULL)",
        ):
            with pytest.raises(DBAPIError, match="permission denied"), as_desk.write() as s:
                s.execute(text(sql))
    finally:
        as_desk.close()
