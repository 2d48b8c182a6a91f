"""The campaign end to end, through every real part (issue 16): a desk e-mails a
card to an e-invoice payer over SMTP (aiosmtpd on loopback), the payer follows the
message's link in a real browser (Debian's chromium, by Playwright), answers the
form served by uvicorn against a real PostgreSQL, and the desk's next pull shows
the answer in the payer's history with the card returned. In the same browser:
wrong codes are answered at the field, and a form posted from another site is
refused."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import text

from desk.services.contacts import contact_history
from desk.services.email_cards import save_smtp_settings, save_web_url, send_cards
from desk.services.survey_cards import find_card
from desk.sync.central import CentralDatabase
from desk.sync.replication import pull, push
from tests.desk_fixtures import NOON, PAYER
from tests.email_helpers import MailServer, card_barcodes
from tests.sync.two_desks import join, load_central
from tests.sync.web_form import SUBSCRIBER, audit, serving

PHONE = {"width": 390, "height": 844}
ADDRESS = "ivan.petrov@example.test"


def test_a_payer_answers_the_e_mailed_card_from_its_link_and_the_desk_shows_it(
    central: CentralDatabase, tmp_path: Path, browser: object
) -> None:
    load_central(central)
    k1 = join(central, "K1", tmp_path)
    mail = MailServer().start()
    try:
        clerk = k1.log_in("sluzhitel")
        # The one payer due: e-invoice to an address on file, not confirmed since the start.
        with k1.local.write() as session:
            session.execute(
                text(
                    "UPDATE payer SET e_invoice = (payer_code = :p), "
                    "e_invoice_email = CASE WHEN payer_code = :p THEN :a END, "
                    "contacts_confirmed_at = NULL"
                ),
                {"p": PAYER, "a": ADDRESS},
            )
        with serving(central) as web:
            save_smtp_settings(k1.local, clerk, mail.settings(), None)
            save_web_url(k1.local, clerk, web.url)
            sent = send_cards(k1.local, clerk, NOON.date(), lambda: NOON)
            push(k1.local, k1.central)  # the centre knows the card its link names

            (message,) = mail.inbox.received
            body = message.get_body(preferencelist=("plain",))
            assert body is not None
            links = re.findall(r"https?://\S+\?card=\d{12}", body.get_content())
            assert len(links) == 1 and links[0] in card_barcodes(message)  # the QR code too
            number = links[0].rsplit("=", 1)[1]

            page = browser.new_page(viewport=PHONE)  # type: ignore[attr-defined]
            page.goto(links[0])
            assert page.input_value("#card") == number
            # A wrong subscriber number first: named, nothing of the notice shown again.
            page.fill("#payer_code", PAYER)
            page.fill("#subscriber_number", "1000999")
            page.fill("#phone", "0888 765 432")
            page.press("#phone", "Enter")
            page.wait_for_selector("#payer_code-error")
            assert "Не намираме платец" in page.inner_text("#payer_code-error")
            assert page.input_value("#subscriber_number") == ""
            # Then as on the notice.
            page.fill("#payer_code", PAYER)
            page.fill("#subscriber_number", SUBSCRIBER)
            page.fill("#phone", "0888 765 432")
            page.press("#phone", "Enter")
            page.wait_for_url("**/thanks?**")

            # A page of another site posting to the form: no token of ours, refused.
            forged = browser.new_page()  # type: ignore[attr-defined]
            forged.set_content(
                f'<form method="post" action="{web.url}/?lang=en">'
                f'<input name="payer_code" value="{PAYER}">'
                f'<input name="subscriber_number" value="{SUBSCRIBER}">'
                '<input name="phone" value="0899 111 222"><button>go</button></form>'
            )
            with forged.expect_navigation():
                forged.click("button")
            assert "The form has expired" in forged.inner_text("body")

        pull(k1.local, k1.central)
        history = contact_history(k1.local, PAYER)
        card = find_card(k1.local, number)
    finally:
        mail.stop()
        k1.close()
    assert sent.sent == 1
    from_web = {(line.field, line.new, line.card_number) for line in history}
    assert ("phone", "+359888765432", number) in from_web
    assert card is not None and card.returned_at is not None
    assert [row[2] for row in audit(central)] == ["unknown", "changed", "csrf"]
