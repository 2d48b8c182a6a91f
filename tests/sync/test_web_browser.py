"""A payer answers an e-mailed survey card in a real browser (Debian's chromium,
driven by Playwright), by keyboard only, on a phone-sized screen; a desk then
shows the change. Screenshots of the form land in /tmp/web16/ (README)."""

from __future__ import annotations

from pathlib import Path

from desk.services.contacts import CONFIRMED, contact_history
from desk.services.survey_cards import find_card, issue_cards
from desk.sync.central import CentralDatabase
from desk.sync.replication import pull, push
from tests.desk_fixtures import NOON, PAYER
from tests.sync.two_desks import join, load_central
from tests.sync.web_form import SUBSCRIBER, serving

SHOTS = Path("/tmp/web16")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


def _focused(page: object) -> str:
    return str(page.evaluate("document.activeElement.id || document.activeElement.name"))  # type: ignore[attr-defined]


def test_a_payer_answers_a_card_by_keyboard_and_a_desk_shows_it(
    central: CentralDatabase, tmp_path: Path, browser: object
) -> None:
    load_central(central)
    k1 = join(central, "K1", tmp_path)
    SHOTS.mkdir(exist_ok=True)
    try:
        (card,) = issue_cards(k1.local, k1.log_in("sluzhitel"), [PAYER], 0, NOON)
        push(k1.local, k1.central)
        with serving(central) as web:
            page = browser.new_page(viewport=PHONE)  # type: ignore[attr-defined]
            page.goto(f"{web.url}/?card={card.number}")
            assert page.input_value("#card") == card.number
            # Every field has its label, for a screen reader.
            unlabelled = page.evaluate(
                "[...document.querySelectorAll('input:not([type=hidden])')]"
                ".filter(i => i.labels.length === 0).map(i => i.name)"
            )
            assert unlabelled == []
            page.screenshot(path=str(SHOTS / "web_form_phone_bg.png"), full_page=True)

            page.keyboard.press("Tab")  # the language link
            page.keyboard.press("Tab")
            assert _focused(page) == "payer_code"
            page.keyboard.type(PAYER)
            page.keyboard.press("Tab")
            page.keyboard.type(SUBSCRIBER)
            page.keyboard.press("Tab")  # the card: filled in by the link
            page.keyboard.press("Tab")
            assert _focused(page) == "phone"
            page.keyboard.type("0888 12")  # too short: 8 or 9 digits after 0
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
            page.keyboard.type("ivan@example.bg")
            page.keyboard.press("Tab")  # the address
            page.keyboard.press("Tab")  # the channels: "no change" is chosen
            page.keyboard.press("ArrowDown")
            page.keyboard.press("ArrowDown")  # e-mail
            page.keyboard.press("Tab")  # the e-invoice box
            page.keyboard.press("Tab")  # its e-mail
            page.keyboard.press("Tab")
            assert _focused(page) == "consent"
            page.keyboard.press("Space")
            page.keyboard.press("Tab")
            page.keyboard.press("Enter")

            page.wait_for_selector("#phone-error")
            assert _focused(page) == "phone"  # the first problem has the focus
            described = page.get_attribute("#phone", "aria-describedby") or ""
            assert "phone-error" in described.split()
            assert page.get_attribute("html", "lang") == "bg"
            page.screenshot(path=str(SHOTS / "web_form_phone_errors_bg.png"), full_page=True)
            page.keyboard.press("Control+A")
            page.keyboard.type("0888 765 432")
            page.keyboard.press("Enter")  # Enter in a field sends the form

            page.wait_for_url("**/thanks?**")
            assert "Получихме отговора ви" in page.inner_text("main")
            page.screenshot(path=str(SHOTS / "web_thanks_phone_bg.png"), full_page=True)
            _screens(browser, web.url, card.number)

        pull(k1.local, k1.central)
        history = contact_history(k1.local, PAYER)
        returned = find_card(k1.local, card.number)
    finally:
        k1.close()
    from_web = {line.field: line.new for line in history if line.source == "web"}
    assert from_web["phone"] == "+359888765432"
    assert from_web["email"] == "ivan@example.bg"
    assert from_web["preferred_channel"] == "email"
    assert CONFIRMED in from_web and "consent_on" in from_web
    assert returned is not None and returned.returned_at is not None


def _screens(browser: object, url: str, card: str) -> None:
    """The form in both languages on a desktop screen, and in English on a phone."""
    for name, viewport, lang in (
        ("desktop_bg", DESKTOP, "bg"),
        ("desktop_en", DESKTOP, "en"),
        ("phone_en", PHONE, "en"),
    ):
        page = browser.new_page(viewport=viewport)  # type: ignore[attr-defined]
        page.goto(f"{url}/?card={card}&lang={lang}")
        assert page.get_attribute("html", "lang") == lang
        page.screenshot(path=str(SHOTS / f"web_form_{name}.png"), full_page=True)
        page.close()
