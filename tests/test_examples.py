"""Every identifier that README.md and the command's --help show as an example is one
the desk accepts: a payer code with its Luhn check digit, a desk the demo has, a real
date. (INTERCHANGE.md once showed a payer code with a wrong check digit.)"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from stdnum import luhn

from desk import messages
from desk.cli import parser
from desk.identifiers import check_id_number, check_payer_code
from desk.services.demo import DESKS

ROOT = Path(__file__).resolve().parents[1]
NUMBER = re.compile(r"(?<![\w.,/-])\d{7,13}(?![\w,/-]|\.\d)")
DAY = re.compile(r"(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\w-])")
DESK = re.compile(r"(?:e\.g\.|напр\.|--desk|set-desk)\s+(?:--desk\s+)?([A-Z]{1,3}\d+)\b")
INVOICE_WORDS = ("invoice", "фактур", "receipt", "квитанц")


def help_texts() -> Iterator[tuple[str, str]]:
    """(where, text) of `desk --help` and every subcommand's, in each language."""
    before = messages.language()
    try:
        for lang in messages.LANGUAGES:
            messages.set_language(lang)
            todo: list[tuple[str, argparse.ArgumentParser]] = [("desk", parser())]
            while todo:
                name, command = todo.pop()
                yield f"{name} --help ({lang})", command.format_help()
                for action in command._actions:
                    if isinstance(action, argparse._SubParsersAction):
                        todo += [(f"{name} {n}", p) for n, p in action.choices.items()]
    finally:
        messages.set_language(before)


def texts() -> list[tuple[str, str]]:
    return [("README.md", (ROOT / "README.md").read_text(encoding="utf-8")), *help_texts()]


def problems(where: str, text: str) -> list[str]:
    found = []
    for match in NUMBER.finditer(text):
        number = match.group()
        before = text[max(0, match.start() - 40) : match.start()].lower()
        if len(number) == 7:
            continue  # a subscriber number: any 7 digits
        if len(number) == 10 and any(w in before for w in INVOICE_WORDS):
            continue  # an invoice or receipt number: any 10 digits
        if len(number) == 10:
            problem = check_payer_code(number)
        elif len(number) == 12:
            problem = None if luhn.is_valid(number) else "wrong survey-card check digit"
        else:
            problem = check_id_number(number, "company")
        if problem is not None:
            found.append(f"{where}: {number}: {problem}")
    for match in DAY.finditer(text):
        try:
            date(*(int(part) for part in match.groups()))
        except ValueError:
            found.append(f"{where}: {match.group()}: not a day")
    desks = {code for code, _, _ in DESKS}
    for match in DESK.finditer(text):
        if match.group(1) not in desks:
            found.append(f"{where}: desk {match.group(1)}: the demo has {sorted(desks)}")
    return found


def test_every_identifier_in_the_readme_and_the_help_is_valid() -> None:
    checked = texts()
    assert len(checked) > 20  # the README and the help of each command in both languages
    assert [p for where, text in checked for p in problems(where, text)] == []


@pytest.mark.parametrize(
    "text",
    [
        "desk quote 4000000017 --on 2026-11-22",  # the old INTERCHANGE.md example
        "desk report daily --date 2026-02-30 --out r.pdf",
        "desk set-desk K7",
    ],
)
def test_a_wrong_example_is_caught(text: str) -> None:
    assert problems("example", text)


def test_the_readme_quotes_the_demo_punctual_payer_with_a_valid_code() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "desk quote 4000000010" in readme
    assert check_payer_code("4000000010") is None and check_payer_code("4000000017")
