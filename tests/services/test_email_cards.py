"""Survey cards by e-mail (issue 16): sent through a real SMTP server on loopback.

Each received message is parsed and its attached card read back as a scanner would
(barcodes and QR code); a batch cut short (the connection dropped, the server gone,
the sending process killed with SIGKILL) continues, and every payer gets one card,
at most once: a card the server may have taken is listed uncertain, not sent again,
until a person queues it again (``resend_cards``).
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from desk import messages
from desk.models.db import Database
from desk.models.tables import AuditEntry, CardEmail, Payer, SurveyCard
from desk.services.context import DeskContext
from desk.services.email_cards import (
    BatchProgress,
    SmtpSettings,
    card_link,
    due_payers,
    export_cards,
    load_smtp_settings,
    password_file,
    resend_cards,
    save_smtp_settings,
    save_web_url,
    send_cards,
    sending_problems,
)
from desk.services.problems import UserError
from desk.services.users import DEMO_PASSWORD, log_in
from tests.desk_fixtures import copy_database
from tests.email_helpers import (
    NOW,
    SENDER,
    TODAY,
    WEB,
    MailServer,
    card_barcodes,
    email_demo_file,
)
from tests.printing_helpers import pdf_barcodes, pdf_text

ROOT = Path(__file__).resolve().parents[2]


def clock() -> datetime:
    return NOW


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return email_demo_file(tmp_path_factory, properties=24)


@pytest.fixture
def desk(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    db = copy_database(demo_file, tmp_path / "desk.sqlite")
    yield db
    db.close()


@pytest.fixture
def server() -> Iterator[MailServer]:
    running = MailServer().start()
    yield running
    running.stop()


def clerk(db: Database) -> DeskContext:
    result, ctx = log_in(db, "sluzhitel", DEMO_PASSWORD, "K1", NOW)
    assert result.ok and ctx is not None
    return ctx


def set_up(db: Database, server: MailServer, web: str | None = WEB) -> DeskContext:
    ctx = clerk(db)
    save_smtp_settings(db, ctx, server.settings(), None)
    if web is not None:
        save_web_url(db, ctx, web)
    return ctx


def expected_addresses(db: Database) -> dict[str, str]:
    """Payer code -> address of the payers due, computed here the long way."""
    start = datetime(2026, 9, 1)
    with db.read() as session:
        rows = session.execute(
            text(
                "SELECT p.payer_code, COALESCE(p.e_invoice_email, p.email) FROM payer p "
                "WHERE p.e_invoice = 1 "
                "AND (p.contacts_confirmed_at IS NULL OR p.contacts_confirmed_at < :start) "
                "AND EXISTS (SELECT 1 FROM tenure t WHERE t.payer_id = p.id "
                'AND t.start <= :on AND (t."end" IS NULL OR t."end" >= :on)) '
                "AND NOT EXISTS (SELECT 1 FROM survey_card c WHERE c.payer_id = p.id "
                "AND c.returned_at IS NULL)"
            ),
            {"start": start, "on": TODAY},
        ).all()
    return dict(rows)


def test_card_link_names_the_card_and_the_language() -> None:
    assert card_link("https://a.bg/", "001000000017") == "https://a.bg/?card=001000000017"
    assert card_link("https://a.bg", "001000000017", "en").endswith("?card=001000000017&lang=en")


def test_a_batch_sends_each_due_payer_one_card_a_scanner_reads(
    desk: Database, server: MailServer
) -> None:
    ctx = set_up(desk, server)
    due = expected_addresses(desk)
    assert len(due) >= 10
    assert due_payers(desk, TODAY) == len(due)
    seen: list[BatchProgress] = []
    done = send_cards(desk, ctx, TODAY, clock, progress=seen.append)
    assert done == BatchProgress(len(due), len(due), len(due), 0, 0)
    assert seen[-1] == done and seen[0].done == 0
    received = server.inbox.received
    assert sorted(str(m["To"]) for m in received) == sorted(due.values())
    with desk.read() as session:
        cards = dict(
            session.execute(
                select(Payer.payer_code, SurveyCard.number)
                .join(SurveyCard, SurveyCard.payer_id == Payer.id)
                .where(SurveyCard.channel == "email")
            ).all()
        )
        names = dict(session.execute(select(Payer.payer_code, Payer.name)).all())
        states = Counter(session.scalars(select(CardEmail.state)))
        audited = session.scalars(
            select(AuditEntry.details).where(AuditEntry.action == "survey_cards_emailed")
        ).all()
    assert set(cards) == set(due) and states == {"sent": len(due)}
    assert audited
    by_address = {address: code for code, address in due.items()}
    for message in received:
        code = by_address[str(message["To"])]
        number = cards[code]
        assert message["Message-ID"] == f"<anketa.{number}@example.bg>"
        assert message["X-Desk-Card"] == number
        assert str(message["From"]) == SENDER
        assert number in str(message["Subject"])
        assert sorted(card_barcodes(message)) == sorted([number, code, f"{WEB}/?card={number}"])
        plain = message.get_body(("plain",))
        html = message.get_body(("html",))
        assert plain is not None and html is not None
        body = plain.get_content() + html.get_content()
        assert f"{WEB}/?card={number}" in body
        # No more personal data than the card: not even the name on it.
        assert names[code] not in body and code not in body
    assert due_payers(desk, TODAY) == 0
    assert send_cards(desk, ctx, TODAY, clock) == BatchProgress(0, 0, 0, 0, 0)
    assert len(server.inbox.received) == len(due)


def test_english_words_the_message_and_the_link_in_english(
    desk: Database, server: MailServer
) -> None:
    ctx = set_up(desk, server)
    messages.set_language("en")
    send_cards(desk, ctx, TODAY, clock, limit=1)
    (message,) = server.inbox.received
    number = str(message["X-Desk-Card"])
    assert str(message["Subject"]).startswith(f"Survey card no. {number}")
    plain = message.get_body(("plain",))
    assert plain is not None
    assert f"{WEB}/?card={number}&lang=en" in plain.get_content()
    assert f"{WEB}/?card={number}&lang=en" in card_barcodes(message)


def test_without_a_web_address_the_card_has_no_link(desk: Database, server: MailServer) -> None:
    ctx = set_up(desk, server, web=None)
    with pytest.raises(UserError) as refused:
        send_cards(desk, ctx, TODAY, clock, require_link=True)
    assert refused.value.code == "email.no_web_url"
    send_cards(desk, ctx, TODAY, clock, limit=1)
    (message,) = server.inbox.received
    assert len(card_barcodes(message)) == 2  # the card number and the payer code
    with pytest.raises(UserError) as bad:
        save_web_url(desk, ctx, "anketa.example.bg")
    assert bad.value.code == "email.bad_web_url"


def test_a_card_another_run_claimed_meanwhile_is_left_to_it(
    desk: Database, server: MailServer
) -> None:
    ctx = set_up(desk, server)
    due = expected_addresses(desk)
    taken: list[str] = []

    def second_run_claims_the_next(count: int) -> None:
        # While this run talks to the server about its first card, another run on the
        # same desk file claims the next queued one (state 'sending').
        if count == 1:
            with desk.write() as session:
                row = session.execute(
                    text(
                        "SELECT e.id, e.address FROM card_email e WHERE e.state = 'queued' "
                        "ORDER BY e.id LIMIT 1"
                    )
                ).one()
                session.execute(
                    text("UPDATE card_email SET state = 'sending' WHERE id = :i"), {"i": row[0]}
                )
            taken.append(row[1])

    server.inbox.on_rcpt = second_run_claims_the_next
    done = send_cards(desk, ctx, TODAY, clock)

    assert len(taken) == 1
    assert (done.sent, done.done) == (len(due) - 1, len(due) - 1)
    assert taken[0] not in server.inbox.recipients()
    assert max(server.inbox.recipients().values()) == 1


def test_a_refused_card_goes_again_only_to_a_corrected_address(
    desk: Database, server: MailServer
) -> None:
    ctx = set_up(desk, server)
    due = expected_addresses(desk)
    code = sorted(due)[0]
    server.inbox.refuse = {due[code]}
    first = send_cards(desk, ctx, TODAY, clock)
    server.inbox.refuse = set()
    same_address = send_cards(desk, ctx, TODAY, clock)  # nothing: not the same bad address
    with desk.write() as session:
        session.execute(
            text("UPDATE payer SET e_invoice_email = 'fixed@example.test' WHERE payer_code = :p"),
            {"p": code},
        )
    corrected = send_cards(desk, ctx, TODAY, clock)

    assert (first.refused, same_address.done, corrected.sent) == (1, 0, 1)
    assert server.inbox.recipients()["fixed@example.test"] == 1
    with desk.read() as session:
        cards = session.scalar(
            select(func.count())
            .select_from(SurveyCard)
            .join(Payer, Payer.id == SurveyCard.payer_id)
            .where(Payer.payer_code == code)
        )
    assert cards == 2  # a new card, not the refused one again


def test_refusals_are_recorded_per_payer_and_listed(desk: Database, server: MailServer) -> None:
    ctx = set_up(desk, server)
    due = expected_addresses(desk)
    codes = sorted(due)
    refused = {due[codes[1]], due[codes[4]]}
    server.inbox.refuse = refused
    server.inbox.refuse_data = {due[codes[6]]}
    server.inbox.later = {due[codes[2]]}
    done = send_cards(desk, ctx, TODAY, clock)
    assert (done.sent, done.refused, done.failed) == (len(due) - 4, 3, 1)
    assert set(server.inbox.recipients()) == set(due.values()) - refused - {
        due[codes[6]],
        due[codes[2]],
    }
    problems = sending_problems(desk)
    assert {(p.payer_code, p.state) for p in problems} == {
        (codes[1], "refused"),
        (codes[4], "refused"),
        (codes[6], "refused"),
    }
    assert all(p.reason.startswith(("550", "554")) and p.card_number for p in problems)
    # The deferred one (451) stays queued and goes with the next run; nobody else again.
    server.inbox.later = set()
    again = send_cards(desk, ctx, TODAY, clock)
    assert (again.done, again.sent) == (1, 1)
    assert server.inbox.recipients()[due[codes[2]]] == 1
    assert max(server.inbox.recipients().values()) == 1


def test_a_connection_dropped_before_the_message_is_reopened_and_nobody_gets_two(
    desk: Database, server: MailServer
) -> None:
    ctx = set_up(desk, server)
    due = expected_addresses(desk)
    server.inbox.drop_rcpt_at = {3, 7}
    done = send_cards(desk, ctx, TODAY, clock)
    assert (done.sent, done.uncertain) == (len(due), 0)
    assert server.inbox.recipients() == Counter(due.values())


def test_a_connection_dropped_after_the_final_dot_is_uncertain_and_not_sent_again(
    desk: Database, server: MailServer
) -> None:
    """The server took the third message and closed without its "250" (RFC 1047): the
    sender cannot know, so the card is uncertain, listed with its number, and neither
    this run nor the next sends it again; everybody else gets theirs."""
    ctx = set_up(desk, server)
    due = expected_addresses(desk)
    server.inbox.lose_answer_at = {3}
    done = send_cards(desk, ctx, TODAY, clock)
    assert (done.done, done.sent, done.uncertain, done.failed) == (len(due), len(due) - 1, 1, 0)
    taken = str(server.inbox.received[2]["X-Desk-Card"])
    (problem,) = sending_problems(desk)
    assert (problem.state, problem.card_number) == ("uncertain", taken)
    assert send_cards(desk, ctx, TODAY, clock).done == 0
    assert due_payers(desk, TODAY) == 0
    assert server.inbox.recipients() == Counter(due.values())
    assert max(server.inbox.cards().values()) == 1


def test_a_server_gone_mid_batch_stops_it_and_the_next_run_sends_the_rest(
    desk: Database, server: MailServer
) -> None:
    ctx = set_up(desk, server)
    due = expected_addresses(desk)

    def gone(count: int) -> None:
        if count == 6:
            server.inbox.drop_rcpt_at = {6}  # before the message: it did not go
            server.controller.loop.call_soon_threadsafe(server.controller.server.close)  # type: ignore[union-attr]

    server.inbox.on_rcpt = gone
    with pytest.raises(UserError) as stopped:
        send_cards(desk, ctx, TODAY, clock)
    assert stopped.value.code == "email.unreachable"
    first = len(server.inbox.received)
    assert first == 5
    server.stop()
    server.inbox.on_rcpt = None
    server.inbox.drop_rcpt_at = set()
    server.start()
    assert due_payers(desk, TODAY) == len(due) - first
    done = send_cards(desk, ctx, TODAY, clock)
    assert done.sent == len(due) - first
    assert server.inbox.recipients() == Counter(due.values())
    with desk.read() as session:
        emailed = session.scalar(
            select(func.count()).select_from(SurveyCard).where(SurveyCard.channel == "email")
        )
    assert emailed == len(due)  # the card of the cut message was sent again, not a new one


@pytest.mark.parametrize("kill_at", [4, 9])
def test_a_process_killed_mid_batch_is_continued_by_the_next(
    desk: Database, server: MailServer, kill_at: int
) -> None:
    """SIGKILL at the n-th recipient (the server kills the sender there), with cards
    issued four a transaction, all of them before the first is sent: the queued cards
    go next time, none issued again. The
    card under way was committed ``sending``: nothing on the desk tells a kill before
    its data from one after, so it is listed uncertain, not sent again, until a person
    queues it again; then it goes, once."""
    ctx = set_up(desk, server)
    due = expected_addresses(desk)
    worker: subprocess.Popen[str] | None = None

    def kill(count: int) -> None:
        if count == kill_at and worker is not None:
            os.kill(worker.pid, signal.SIGKILL)

    server.inbox.on_rcpt = kill
    command = [sys.executable, "-m", "tests.email_kill_worker", str(desk.path)]
    worker = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    worker.communicate(timeout=120)
    assert worker.returncode == -signal.SIGKILL
    server.inbox.on_rcpt = None
    assert len(server.inbox.received) == kill_at - 1
    with desk.read() as session:
        states = Counter(session.scalars(select(CardEmail.state)))
    assert states["sending"] == 1 and states["sent"] == kill_at - 1
    assert states["queued"] == len(due) - kill_at  # all issued before the first went
    rerun = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0 and rerun.stdout.strip().endswith(f"sent {len(due) - kill_at}")
    (cut,) = sending_problems(desk)
    assert cut.state == "uncertain"
    assert server.inbox.recipients() == Counter(set(due.values()) - {cut.email})
    assert resend_cards(desk, ctx, [cut.card_number], NOW) == [cut.card_number]
    subprocess.run(command, cwd=ROOT, capture_output=True, timeout=120, check=True)
    assert server.inbox.recipients() == Counter(due.values())
    assert len(server.inbox.cards()) == len(due)


def test_a_kill_after_the_server_accepted_is_listed_uncertain_not_sent_again(
    desk: Database, server: MailServer
) -> None:
    """RFC 1047's window, which no SMTP client closes: the server has the message, the
    sender dies before it hears "250" and records "sent". Its row was committed
    ``sending`` before the message, so the next run leaves that card alone: it is listed
    uncertain with its number, nobody gets a card twice, and nobody goes unlisted."""
    set_up(desk, server)
    due = expected_addresses(desk)
    worker: subprocess.Popen[str] | None = None

    def kill(count: int) -> None:
        if count == 5 and worker is not None:
            os.kill(worker.pid, signal.SIGKILL)

    server.inbox.on_accepted = kill
    command = [sys.executable, "-m", "tests.email_kill_worker", str(desk.path)]
    worker = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    worker.communicate(timeout=120)
    assert worker.returncode == -signal.SIGKILL
    server.inbox.on_accepted = None
    rerun = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0 and rerun.stdout.strip().endswith(f"sent {len(due) - 5}")
    assert max(server.inbox.cards().values()) == 1
    assert server.inbox.recipients() == Counter(due.values())
    taken = str(server.inbox.received[4]["X-Desk-Card"])
    (problem,) = sending_problems(desk)
    assert (problem.state, problem.card_number) == ("uncertain", taken)
    with desk.read() as session:
        emailed = session.scalar(
            select(func.count()).select_from(SurveyCard).where(SurveyCard.channel == "email")
        )
        states = Counter(session.scalars(select(CardEmail.state)))
    assert emailed == len(due)
    assert states == {"sent": len(due) - 1, "sending": 1}


def test_resend_queues_uncertain_cards_again_and_the_next_batch_sends_them(
    desk: Database, server: MailServer
) -> None:
    """A person checked the server's log: the card did not go. ``resend`` queues it
    (audited), the next batch sends that same card; a number that is not uncertain
    refuses the request, and a cashier may not."""
    ctx = set_up(desk, server)
    due = expected_addresses(desk)
    server.inbox.drop_at = {2, 4}  # after the dot, not taken, unanswered: uncertain
    first = send_cards(desk, ctx, TODAY, clock)
    assert (first.sent, first.uncertain) == (len(due) - 2, 2)
    uncertain = sorted(p.card_number for p in sending_problems(desk))
    assert len(uncertain) == 2
    sent_one = str(server.inbox.received[0]["X-Desk-Card"])
    with pytest.raises(UserError) as refused:
        resend_cards(desk, ctx, [uncertain[0], sent_one], NOW)
    assert refused.value.code == "email.not_uncertain" and refused.value.values == {
        "numbers": sent_one
    }
    _result, cashier = log_in(desk, "kasier1", DEMO_PASSWORD, "K1", NOW)
    assert cashier is not None
    with pytest.raises(UserError) as role:
        resend_cards(desk, cashier, None, NOW)
    assert role.value.code == "role.refused"
    assert resend_cards(desk, ctx, [uncertain[0]], NOW) == [uncertain[0]]
    assert due_payers(desk, TODAY) == 1
    again = send_cards(desk, ctx, TODAY, clock)
    assert (again.done, again.sent) == (1, 1)
    assert resend_cards(desk, ctx, None, NOW) == [uncertain[1]]
    assert send_cards(desk, ctx, TODAY, clock).sent == 1
    assert sending_problems(desk) == []
    assert server.inbox.recipients() == Counter(due.values())
    assert sorted(server.inbox.cards()) == sorted(
        {str(m["X-Desk-Card"]) for m in server.inbox.received}
    )
    with desk.read() as session:
        audited = session.scalars(
            select(AuditEntry.details).where(AuditEntry.action == "card_resend")
        ).all()
    assert len(audited) == 2 and uncertain[0] in audited[0]


def test_export_writes_the_cards_and_a_manifest_and_resumes(desk: Database, tmp_path: Path) -> None:
    ctx = clerk(desk)
    save_web_url(desk, ctx, WEB)
    due = expected_addresses(desk)
    folder = tmp_path / "out"
    folder.mkdir()
    first = export_cards(desk, ctx, TODAY, clock, folder, limit=3)
    assert (first.done, first.sent) == (3, 3)
    rest = export_cards(desk, ctx, TODAY, clock, folder)
    assert rest.sent == len(due) - 3
    lines = (folder / "manifest.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "payer_code,email,card_number,file"
    rows = [line.split(",") for line in lines[1:]]
    assert sorted(code for code, *_ in rows) == sorted(due)
    for index, (code, address, number, file) in enumerate(rows):
        assert due[code] == address and file == f"anketa-{number}.pdf"
        pdf = (folder / file).read_bytes()
        if index < 3:  # a scanner's reading costs; the rest by their text
            assert sorted(pdf_barcodes(pdf)) == sorted([number, code, f"{WEB}/?card={number}"])
        else:
            assert f"Карта № {number}" in pdf_text(pdf)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["manifest.csv", *(file for *_, file in rows)]
    )


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """A machine without a keyring, whatever backend another test module registered
    (tests/sync/helpers.py defines one that keyring then picks as the default)."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_settings_are_kept_and_the_password_stays_out_of_the_file(
    desk: Database, server: MailServer, no_keyring: None
) -> None:
    ctx = clerk(desk)
    assert load_smtp_settings(desk) is None
    with pytest.raises(UserError) as none:
        send_cards(desk, ctx, TODAY, clock)
    assert none.value.code == "email.no_settings"
    settings = SmtpSettings("smtp.example.bg", 465, "tls", "anketa", SENDER, 120)
    save_smtp_settings(desk, ctx, settings, "secret")
    assert load_smtp_settings(desk) == settings
    kept = password_file(desk.path)  # this machine has no keyring: the 0600 file
    assert kept.read_text(encoding="utf-8") == "secret"
    assert kept.stat().st_mode & 0o777 == 0o600
    with desk.read() as session:
        stored = session.scalars(text("SELECT value FROM setting")).all()
    assert "secret" not in stored
    for wrong, code in (
        (replace(settings, port=0), "email.bad_port"),
        (replace(settings, security="ssl"), "email.bad_security"),
        (replace(settings, sender="anketa"), "email.bad_sender"),
        (replace(settings, host=" "), "email.bad_host"),
        (replace(settings, per_minute=-1), "email.bad_rate"),
    ):
        with pytest.raises(UserError) as bad:
            save_smtp_settings(desk, ctx, wrong, None)
        assert bad.value.code == code


def test_an_unreachable_server_or_a_refused_login_issues_nothing(desk: Database) -> None:
    ctx = clerk(desk)
    away = MailServer()  # never started: nothing listens on its port
    save_smtp_settings(desk, ctx, away.settings(), None)
    with pytest.raises(UserError) as unreachable:
        send_cards(desk, ctx, TODAY, clock)
    assert unreachable.value.code == "email.unreachable"
    guarded = MailServer(auth=True).start()
    try:
        save_smtp_settings(desk, ctx, guarded.settings("anketa"), "wrong")
        with pytest.raises(UserError) as login:
            send_cards(desk, ctx, TODAY, clock)
        assert login.value.code == "email.login_refused"
        save_smtp_settings(desk, ctx, guarded.settings("anketa"), "secret")
        assert send_cards(desk, ctx, TODAY, clock, limit=2).sent == 2
    finally:
        guarded.stop()
    with desk.read() as session:
        emailed = session.scalar(
            select(func.count()).select_from(SurveyCard).where(SurveyCard.channel == "email")
        )
    assert emailed == 2


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_a_server_without_tls_is_refused_when_tls_is_asked(
    desk: Database, server: MailServer, security: str
) -> None:
    """This server speaks plain SMTP only: STARTTLS is not offered, and a TLS handshake
    meets a greeting. Nothing goes out in the clear, and the refusal names TLS."""
    ctx = clerk(desk)
    save_smtp_settings(desk, ctx, replace(server.settings(), security=security), None)
    with pytest.raises(UserError) as refused:
        send_cards(desk, ctx, TODAY, clock)
    assert refused.value.code == "email.tls_failed"
    assert server.inbox.received == []


def test_a_cashier_may_not_send_cards(desk: Database, server: MailServer) -> None:
    set_up(desk, server)
    _result, cashier = log_in(desk, "kasier1", DEMO_PASSWORD, "K1", NOW)
    assert cashier is not None
    with pytest.raises(UserError) as refused:
        send_cards(desk, cashier, TODAY, clock)
    assert refused.value.code == "role.refused"
    assert server.inbox.received == []


def test_a_payer_confirmed_since_the_start_or_with_a_card_out_gets_none(
    desk: Database, server: MailServer
) -> None:
    ctx = set_up(desk, server)
    due = sorted(expected_addresses(desk))
    with desk.write() as session:
        session.execute(
            text("UPDATE payer SET contacts_confirmed_at = :at WHERE payer_code = :code"),
            {"at": NOW - timedelta(days=3), "code": due[0]},
        )
        session.execute(
            text("UPDATE payer SET e_invoice = 0 WHERE payer_code = :code"), {"code": due[1]}
        )
        session.execute(
            text("UPDATE payer SET e_invoice_email = NULL, email = '  ' WHERE payer_code = :code"),
            {"code": due[2]},
        )
    from desk.services.survey_cards import issue_cards

    issue_cards(desk, ctx, [due[3]], 0, NOW)
    assert due_payers(desk, TODAY) == len(due) - 4
    send_cards(desk, ctx, TODAY, clock)
    with desk.read() as session:
        sent_to = set(
            session.scalars(
                select(Payer.payer_code)
                .join(CardEmail, CardEmail.payer_id == Payer.id)
                .where(CardEmail.state == "sent")
            )
        )
    assert sent_to == set(due[4:])


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The rate limit's clock and sleep, replaced: a sleep moves the clock the test keeps
    and is noted (no real waiting, nothing timed)."""
    from desk.services import email_cards

    moment = [1000.0]
    noted: list[float] = []

    def sleep(seconds: float) -> None:
        noted.append(seconds)
        moment[0] += seconds

    monkeypatch.setattr(email_cards, "monotonic", lambda: moment[0])
    monkeypatch.setattr(email_cards, "sleep", sleep)
    return noted


def test_the_rate_limit_spaces_the_messages_by_sleeping(
    desk: Database, server: MailServer, slept: list[float]
) -> None:
    """120 a minute: one message every half second, slept out in short slices."""
    from desk.services.email_cards import PACE_SLICE_S

    ctx = set_up(desk, server)
    save_smtp_settings(desk, ctx, replace(server.settings(), per_minute=120), None)
    assert send_cards(desk, ctx, TODAY, clock, limit=4).sent == 4
    assert sum(slept) == 1.5 and max(slept) <= PACE_SLICE_S


def test_a_cancel_is_heard_while_the_rate_limit_waits(
    desk: Database, server: MailServer, slept: list[float]
) -> None:
    """One a minute: the second card waits 60 s in slices, each after a look at Cancel,
    so the cancel pressed during the wait stops the batch after one slice; the card
    waiting its turn stays queued for the next run, not half-sent."""
    from desk.services.email_cards import PACE_SLICE_S

    ctx = set_up(desk, server)
    save_smtp_settings(desk, ctx, replace(server.settings(), per_minute=1), None)
    done = send_cards(desk, ctx, TODAY, clock, cancelled=lambda: bool(slept))
    assert (done.done, done.sent) == (1, 1)
    assert slept == [PACE_SLICE_S]
    assert len(server.inbox.received) == 1
    with desk.read() as session:
        states = Counter(session.scalars(select(CardEmail.state)))
    assert states["sent"] == 1 and states["queued"] >= 1 and "sending" not in states


def test_a_manifest_cell_a_spreadsheet_would_run_is_quoted(desk: Database, tmp_path: Path) -> None:
    """An address from the billing import (not checked there) that starts like a formula
    is written with a leading apostrophe (OWASP CSV injection): the spreadsheet that
    opens the manifest shows it, never runs it."""
    ctx = clerk(desk)
    due = sorted(expected_addresses(desk))
    formulas = {due[0]: "=1+1@example.bg", due[1]: "-2+3@example.bg", due[2]: "+x@example.bg"}
    with desk.write() as session:
        for code, address in formulas.items():
            session.execute(
                text("UPDATE payer SET e_invoice_email = :a WHERE payer_code = :code"),
                {"a": address, "code": code},
            )
    folder = tmp_path / "out"
    folder.mkdir()
    export_cards(desk, ctx, TODAY, clock, folder)
    with (folder / "manifest.csv").open(encoding="utf-8", newline="") as manifest:
        rows = {row["payer_code"]: row for row in csv.DictReader(manifest)}
    assert len(rows) == len(due)
    for code, address in formulas.items():
        assert rows[code]["email"] == "'" + address
    assert not any(row["email"].startswith(("=", "+", "-", "@")) for row in rows.values())


def test_a_login_without_encryption_is_refused_unless_the_server_is_this_machine(
    desk: Database,
) -> None:
    """Security "none" with a user name would send AUTH PLAIN in the clear: refused,
    naming the security setting, for any server but one on loopback."""
    ctx = clerk(desk)
    settings = SmtpSettings("smtp.example.bg", 25, "none", "anketa", SENDER, 0)
    for host in ("smtp.example.bg", "192.0.2.10", "::ffff:192.0.2.1"):
        with pytest.raises(UserError) as refused:
            save_smtp_settings(desk, ctx, replace(settings, host=host), "secret")
        assert refused.value.code == "email.cleartext_login"
        assert str(refused.value).startswith("SMTP защита: „none“")
    assert load_smtp_settings(desk) is None and not password_file(desk.path).exists()
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        save_smtp_settings(desk, ctx, replace(settings, host=host), "secret")
        assert load_smtp_settings(desk) == replace(settings, host=host)
    save_smtp_settings(desk, ctx, replace(settings, username=None), None)  # no login: fine
    save_smtp_settings(desk, ctx, replace(settings, security="starttls"), "secret")


@pytest.mark.parametrize("language", ["bg", "en"])
def test_the_subject_reads_back_exactly_in_both_languages(
    desk: Database, server: MailServer, language: str
) -> None:
    """The Subject as the server received it, decoded as a mail client does, is the
    catalogue's text to the character: Python 3.11 folded the Bulgarian one with spaces
    left between encoded words, and clients dropped them ("даннииза контакт")."""
    from desk.settings import COMPANY

    ctx = set_up(desk, server)
    messages.set_language(language)
    send_cards(desk, ctx, TODAY, clock, limit=2)
    assert len(server.inbox.received) == 2
    for message in server.inbox.received:
        number = str(message["X-Desk-Card"])
        values = {"company": COMPANY.name, "card": number}
        assert str(message["Subject"]) == messages.word("email.subject", values, language)


def test_an_address_a_server_would_misread_fails_that_card_and_the_batch_goes_on(
    desk: Database, server: MailServer
) -> None:
    """The billing import does not check e-mails: "a;b@example.bg" (a server reads "a")
    and one with a line break and a Bcc header of its own stopped every run at that
    card (ValueError). Each card is now failed with a reason and listed; everybody else
    gets theirs, and nobody is mailed at the Bcc."""
    ctx = set_up(desk, server)
    due = expected_addresses(desk)
    codes = sorted(due)
    bad = {codes[1]: "a;b@example.bg", codes[3]: "x@example.bg\r\nBcc: y@example.bg"}
    with desk.write() as session:
        for code, address in bad.items():
            session.execute(
                text("UPDATE payer SET e_invoice_email = :a WHERE payer_code = :code"),
                {"a": address, "code": code},
            )
    done = send_cards(desk, ctx, TODAY, clock)
    assert (done.done, done.sent, done.failed) == (len(due), len(due) - 2, 2)
    good = {address for code, address in due.items() if code not in bad}
    assert server.inbox.recipients() == Counter(good)
    assert not any("y@example.bg" in str(m) for m in server.inbox.received)
    problems = {p.payer_code: p for p in sending_problems(desk)}
    assert set(problems) == set(bad)
    assert all(p.state == "failed" for p in problems.values())
    assert problems[codes[1]].reason.startswith("адресът не е един обикновен имейл адрес")
    assert problems[codes[3]].reason.startswith("адресът съдържа интервал, нов ред")
    assert send_cards(desk, ctx, TODAY, clock).done == 0  # given up, not tried again


def test_the_cards_are_all_issued_before_the_first_is_sent(
    desk: Database, server: MailServer
) -> None:
    """``before_sending`` runs once, after every card of the run was issued (its row
    queued) and before the first message: where the command line and the dialog push
    the cards to the centre, so that the web form knows a card before its payer can
    follow the link."""
    ctx = set_up(desk, server)
    due = expected_addresses(desk)
    seen: list[tuple[Counter[str], int]] = []

    def before() -> None:
        with desk.read() as session:
            seen.append(
                (Counter(session.scalars(select(CardEmail.state))), len(server.inbox.received))
            )

    done = send_cards(desk, ctx, TODAY, clock, before_sending=before)
    assert done.sent == len(due)
    assert seen == [(Counter({"queued": len(due)}), 0)]
    # A run with nothing due calls it all the same (a card a cut run left may wait).
    assert send_cards(desk, ctx, TODAY, clock, before_sending=before).done == 0
    assert len(seen) == 2


# --- a queued card as its payer stands when it goes (the review of issue 16) ------------


def test_a_queued_card_goes_only_if_still_due_and_to_the_address_on_file_then(
    desk: Database, server: MailServer
) -> None:
    ctx = set_up(desk, server)
    due = expected_addresses(desk)
    confirmed, stopped, moved = sorted(due)[:3]

    def meanwhile() -> None:  # between issuing and sending (a cut run resumed days later)
        with desk.write() as session:
            for sql, code in (
                ("UPDATE payer SET contacts_confirmed_at = :now WHERE payer_code = :p", confirmed),
                ("UPDATE payer SET e_invoice = 0 WHERE payer_code = :p", stopped),
                (
                    "UPDATE payer SET e_invoice_email = 'new@example.test' WHERE payer_code = :p",
                    moved,
                ),
            ):
                session.execute(text(sql), {"p": code, "now": NOW})

    done = send_cards(desk, ctx, TODAY, clock, before_sending=meanwhile)

    received = server.inbox.recipients()
    assert due[confirmed] not in received and due[stopped] not in received
    assert received["new@example.test"] == 1 and due[moved] not in received
    assert (done.sent, done.failed) == (len(due) - 2, 2)
    reasons = {p.payer_code: p.reason for p in sending_problems(desk)}
    assert reasons == {
        confirmed: messages.word("email.confirmed_meanwhile"),
        stopped: messages.word("email.e_invoice_off"),
    }


def _issue_then_cut(desk: Database, ctx: DeskContext, folder: Path) -> None:
    """An export run cut right after issuing its cards: all queued, none written."""
    cut: list[bool] = []
    export_cards(
        desk,
        ctx,
        TODAY,
        clock,
        folder,
        before_sending=lambda: cut.append(True),
        cancelled=lambda: bool(cut),
    )


def test_an_export_run_leaves_the_mail_runs_queue_alone(
    desk: Database, server: MailServer, tmp_path: Path
) -> None:
    ctx = set_up(desk, server)
    due = expected_addresses(desk)
    # An export cut short leaves its cards queued for an export, not for the mail server.
    _issue_then_cut(desk, ctx, tmp_path / "out")
    done = send_cards(desk, ctx, TODAY, clock)

    assert done.sent == 0 and server.inbox.received == []
    resumed = export_cards(desk, ctx, TODAY, clock, tmp_path / "out")
    assert resumed.sent == len(due)


def test_resend_all_leaves_the_card_a_run_is_handing_over_now(
    desk: Database, tmp_path: Path
) -> None:
    ctx = clerk(desk)
    save_web_url(desk, ctx, WEB)
    _issue_then_cut(desk, ctx, tmp_path)
    with desk.write() as session:
        ids = list(session.scalars(text("SELECT id FROM card_email ORDER BY id LIMIT 2")))
        session.execute(
            text(
                "UPDATE card_email SET via = 'smtp', state = 'sending', changed_at = :t "
                "WHERE id = :i"
            ),
            [{"i": ids[0], "t": NOW - timedelta(minutes=10)}, {"i": ids[1], "t": NOW}],
        )
    resent = resend_cards(desk, ctx, None, NOW)

    assert len(resent) == 1  # the stale one; the other belongs to a run under way
