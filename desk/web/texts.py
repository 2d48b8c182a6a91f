"""The web form's own words in Bulgarian and English (code -> (bg, en)).

What the form shares with the desk's contact form (the fields' names, what is
wrong with a phone or an e-mail address) is worded by desk/messages.py; these
are the page's own sentences, which no desk shows.
"""

from __future__ import annotations

from typing import Any

from desk.messages import CATALOGUE, LANGUAGES, Message, word

TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Данни за връзка с платеца", "Payer's contact details"),
    "utility": ("Топлофикация", "District heating"),
    "intro": (
        "Попълнете данните, на които да се свързваме с вас. Показваме само това, което "
        "въведете: данните ни за вас не се виждат тук.",
        "Fill in the details we should reach you by. We show only what you type: the "
        "details we hold about you are not shown here.",
    ),
    "other_language": ("English", "Български"),
    "identity": ("Кой сте вие", "Who you are"),
    "identity_hint": (
        "Кодът на платец и абонатният номер са отпечатани на всяко известие.",
        "The payer code and the subscriber number are printed on every notice.",
    ),
    "payer_code_hint": ("10 цифри", "10 digits"),
    "subscriber_number_hint": ("7 цифри", "7 digits"),
    "card": ("номер на анкетна карта", "survey card number"),
    "card_hint": (
        "12 цифри, ако сте дошли от анкетна карта; иначе оставете празно.",
        "12 digits if you came from a survey card; leave it empty otherwise.",
    ),
    "card_digits": (
        "номерът на анкетна карта е 12 цифри",
        "a survey card number is 12 digits",
    ),
    "contacts": ("Как да се свържем с вас", "How to reach you"),
    "contacts_hint": (
        "Празно поле оставя данните ни за него такива, каквито са.",
        "An empty field leaves what we hold for it as it is.",
    ),
    "phone_hint": ("например 0888 123 456", "for example 0888 123 456"),
    "channel_none": ("Без промяна", "No change"),
    "e_invoice_yes": ("Искам електронна фактура", "I want an electronic invoice"),
    "e_invoice_email_hint": (
        "Нужен, ако искате електронна фактура.",
        "Needed if you want an electronic invoice.",
    ),
    "consent_yes": (
        "Съгласен/съгласна съм данните ми за връзка да се обработват за известия.",
        "I consent to my contact details being processed for notices.",
    ),
    "submit": ("Изпрати", "Send"),
    "errors_title": ("Моля, поправете:", "Please correct:"),
    "unknown": (
        "Не намираме платец с тези данни. Проверете кода на платец, абонатния номер и "
        "номера на картата.",
        "We find no payer with these details. Check the payer code, the subscriber "
        "number and the card number.",
    ),
    "thanks_title": ("Благодарим ви", "Thank you"),
    "thanks_received": (
        "Получихме отговора ви. Данните, които въведохте, ще виждат и служителите на всяка "
        "каса; каквото оставихте празно, остава както е.",
        "We have your answer. Every pay desk will see the details you typed; what you left "
        "empty stays as it is.",
    ),
    "error_slow": (
        "Изпратеното пристигаше твърде бавно. Опитайте отново.",
        "What was sent arrived too slowly. Please try again.",
    ),
    "again": ("Обратно към формуляра", "Back to the form"),
    "error_title": ("Нещо се обърка", "Something went wrong"),
    "error_generic": (
        "Не успяхме да обработим заявката. Опитайте отново по-късно.",
        "We could not handle the request. Please try again later.",
    ),
    "error_unavailable": (
        "Услугата временно не е достъпна. Опитайте отново след малко.",
        "The service is unavailable for a moment. Please try again shortly.",
    ),
    "error_not_found": ("Няма такава страница.", "There is no such page."),
    "error_limited": (
        "Твърде много опити. Опитайте отново по-късно.",
        "Too many attempts. Please try again later.",
    ),
    "error_csrf": (
        "Формулярът е изтекъл. Отворете го отново и го изпратете пак.",
        "The form has expired. Open it again and send it once more.",
    ),
    "error_too_large": (
        "Изпратеното е твърде голямо за този формуляр.",
        "What was sent is too large for this form.",
    ),
}


def say(code: str, lang: str) -> str:
    """One of the page's sentences in ``lang``."""
    return TEXTS[code][LANGUAGES.index(lang)]


def worded(message: Message, lang: str) -> str:
    """A problem's message: the page's own words, or desk/messages.py's."""
    if message.code in TEXTS:
        return say(message.code, lang)
    return message.text(lang)


def name_of(field_code: str, lang: str) -> str:
    """A field's name: desk/messages.py's ``field.*`` codes, or the page's own."""
    if field_code in CATALOGUE:
        return word(field_code, None, lang)
    return say(field_code, lang)


def chooser(lang: str) -> dict[str, Any]:
    """What the templates word with: ``t('submit')``, ``field('field.phone')``."""
    return {
        "t": lambda code: say(code, lang),
        "field": lambda code: name_of(code, lang),
        "say": lambda code: word(code, None, lang),
    }
