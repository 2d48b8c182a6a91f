"""One message catalogue for both languages (issue 13 points 15, 22).

Every code is worded with sample values in Bulgarian and in English (no Cyrillic in
English but data), every call site gives every value its sentence names, every
code is used somewhere, and no Bulgarian sentence is left in the services, the
identifiers or the billing rules (their AST is scanned for string constants).
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import desk
from desk import messages
from desk.identifiers import check_id_number, check_payer_code
from desk.messages import CATALOGUE, WORDS, Message, word
from desk.money import Money
from desk.services.problems import Problem, ProblemsError, UserError

ROOT = Path(desk.__file__).parent
CYRILLIC = re.compile("[\u0400-\u04ff]")

# Sample values by the name a sentence gives them, each of the type its call sites pass
# (money stays Money, moments stay datetimes); any other name gets Latin data.
MONEY = [
    "amount",
    "balance",
    "counted",
    "credit",
    "discount",
    "down_payment",
    "due",
    "expected",
    "float",
    "given",
    "installment",
    "missing",
    "most",
    "overdue",
    "saved",
    "shown",
    "to_pay",
    "total",
    "variance",
    "yearly_estimate",
]
DAYS = ["after", "on", "start", "latest", "later", "printed", "previous_end"]
MOMENTS = ["since", "opened", "when"]
COUNTS = [
    "count",
    "limit",
    "min",
    "max",
    "months",
    "minutes",
    "size",
    "failed",
    "rows",
    "queued",
    "pushed",
    "pulled",
    "blank",
]
SAMPLES: dict[str, object] = {
    **{name: Money(123456) for name in MONEY},
    **{name: date(2026, 11, 22) for name in DAYS},
    **{name: datetime(2026, 11, 22, 6, 30, tzinfo=UTC) for name in MOMENTS},
    **{name: 1234 for name in COUNTS},
    "low": 2,
    "high": 24,
    "role": "cashier",
    "old_role": "clerk",
    "new_role": "supervisor",
    "what": "what.payment",
    "where": Message("field.phone"),
    "field": Message("field.email"),
    "needed": Message("field.address"),
    "other": Message("field.phone_2"),
    "problem": Message("id.payer_code_check_digit"),
    "why": Message("tenure.why_paid"),
}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def sample(code: str) -> dict[str, object]:
    bg, en = CATALOGUE[code]
    return {name: SAMPLES.get(name, "A-1") for name in placeholders(bg) | placeholders(en)}


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_is_worded_in_both_languages_with_its_values(code: str) -> None:
    bg, en = CATALOGUE[code]
    assert placeholders(bg) == placeholders(en), "both languages name the same values"
    values = sample(code)
    messages.set_language("en")
    english = str(UserError(code, **values))
    assert not CYRILLIC.search(english), english
    assert "{" not in english
    messages.set_language("bg")
    bulgarian = str(UserError(code, **values))
    assert "{" not in bulgarian
    # A Bulgarian sentence is Bulgarian: words in English mean it was not translated.
    english_words = re.findall(r"[A-Za-z]{3,}", re.sub(r"\{\w+\}", "", en))
    if english_words and code not in SAME_IN_BOTH:
        assert CYRILLIC.search(bg), f"{code}: {bg!r} is not Bulgarian"


# Sentences that read the same in both languages (an abbreviation, a command line).
SAME_IN_BOTH = {"channel.sms", "audit.cards_range"}


@pytest.mark.parametrize("key", sorted(WORDS))
def test_every_word_has_no_cyrillic_in_english(key: str) -> None:
    assert not CYRILLIC.search(WORDS[key][1])


def test_money_and_times_are_formatted_per_language() -> None:
    values = {"shown": Money(123456), "now": Money(6500)}
    assert word("agreement.total_changed", values, "bg").endswith(
        "1\xa0234,56\xa0€ → 65,00\xa0€, прегледайте графика"
    )
    assert "€1,234.56 → €65.00" in word("agreement.total_changed", values, "en")
    # Europe/Sofia, whatever the machine's zone: 06:30 UTC is 08:30 in November.
    moment = Message(
        "card.already_returned", number="1", on=datetime(2026, 11, 22, 6, 30, tzinfo=UTC)
    )
    assert moment.text("en").endswith("22.11.2026 08:30")


def test_a_user_named_like_a_role_stays_as_typed() -> None:
    assert word("users.admin_managed", {"user": "admin"}, "bg").startswith("admin: ")
    assert word("role.refused", {"what": "what.void", "role": "admin"}, "bg") == (
        "сторно: не е разрешено за роля „администратор“"
    )


def test_the_payer_code_check_is_whole_in_each_language() -> None:
    problem = Problem("field.payer_code", check_payer_code("4000000128"))
    assert problem.text("bg") == "код на платец: грешна контролна цифра на кода на платец"
    assert problem.text("en") == "payer code: wrong check digit in the payer code"
    egn = Problem("field.egn", check_id_number("1234567890", "person"))
    assert egn.text("en") == "EGN: not a valid EGN (personal number)"


def test_problems_are_worded_when_shown_not_when_raised() -> None:
    messages.set_language("bg")
    refused = ProblemsError(
        [
            Problem("field.phone", Message("contacts.not_a_phone", value="12")),
            Problem("items[3].amount", "users.required"),  # a JSON path is data
        ]
    )
    assert str(refused) == "телефон: не е телефонен номер: „12“\nitems[3].amount: задължително"
    messages.set_language("en")
    assert str(refused) == "phone: not a phone number: “12”\nitems[3].amount: required"


# --- the sources ---------------------------------------------------------------------


def sources() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(ROOT.rglob("*.py")):
        if path.name != "messages.py" or path.parent != ROOT:
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _values_given(call: ast.Call) -> set[str] | None:
    """The value names a call passes (keywords, or a dict literal after the code);
    None when they cannot be read from the source (**values, a variable)."""
    if any(k.arg is None for k in call.keywords):
        return None
    names = {k.arg for k in call.keywords if k.arg is not None and k.arg != "lang"}
    rest = call.args[1:]
    if rest and isinstance(rest[0], ast.Dict):
        keys = rest[0].keys
        if not all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in keys):
            return None
        names |= {k.value for k in keys if isinstance(k, ast.Constant)}
    elif rest and not (isinstance(rest[0], ast.Constant) and rest[0].value is None):
        return None
    return names


def test_every_call_gives_every_value_its_sentence_names() -> None:
    wrong = []
    for path, tree in sources():
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call) or not call.args:
                continue
            first = call.args[0]
            if not (isinstance(first, ast.Constant) and first.value in CATALOGUE):
                continue
            given = _values_given(call)
            needed = placeholders(CATALOGUE[first.value][0])
            if given is not None and not needed <= given:
                where = f"{path.relative_to(ROOT.parent)}:{call.lineno}"
                wrong.append(f"{where} {first.value}: misses {sorted(needed - given)}")
    assert wrong == []


def test_every_code_is_used() -> None:
    constants: set[str] = set()
    prefixes: set[str] = set()
    for _path, tree in sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            if isinstance(node, ast.JoinedStr) and node.values:
                head = node.values[0]
                if isinstance(head, ast.Constant) and "." in str(head.value):
                    prefixes.add(str(head.value))
    unused = [
        code
        for code in CATALOGUE
        if code not in constants and not any(code.startswith(p) for p in prefixes)
    ]
    assert unused == []


# Data, not sentences: the demo's names, places and documents, and the demo users.
DATA_FILES = {"services/demo_names.py", "services/demo.py"}
DATA = {"Мария Петрова", "Георги Илиев", "Елена Димова", "Стефан Колев", "Администратор"}


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
        if isinstance(node, kinds) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def test_no_bulgarian_sentence_is_left_in_services_identifiers_or_billing() -> None:
    paths = [
        *sorted((ROOT / "services").rglob("*.py")),
        ROOT / "identifiers.py",
        *sorted((ROOT / "billing").rglob("*.py")),
    ]
    left = []
    for path in paths:
        name = path.relative_to(ROOT).as_posix()
        if name in DATA_FILES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and CYRILLIC.search(node.value)
                and node.value not in DATA
            ):
                left.append(f"{name}:{node.lineno}: {node.value!r}")
    assert left == []
