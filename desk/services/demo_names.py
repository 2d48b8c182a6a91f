"""Word lists and identifiers for the demo data: names, addresses, ЕГН, ЕИК.

Everything draws from the ``random.Random`` it is given, so a seed gives the
same people and buildings every time.
"""

from __future__ import annotations

import random
from datetime import date


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _places(text: str) -> tuple[tuple[str, str, int], ...]:
    """Lines of "district | place | weight"."""
    rows = []
    for line in text.strip().splitlines():
        district, place, weight = (part.strip() for part in line.split("|"))
        rows.append((district, place, int(weight)))
    return tuple(rows)


# A man's first name and the patronymic (and family name) made from it.
MALE = tuple(
    tuple(pair.split(":"))
    for pair in _words(
        """
        Иван:Иванов Георги:Георгиев Димитър:Димитров Петър:Петров Николай:Николаев
        Христо:Христов Стоян:Стоянов Тодор:Тодоров Йордан:Йорданов Васил:Василев
        Атанас:Атанасов Никола:Николов Илия:Илиев Красимир:Красимиров
        Александър:Александров Стефан:Стефанов Константин:Константинов Кирил:Кирилов
        Борис:Борисов Емил:Емилов Любомир:Любомиров Пламен:Пламенов Валентин:Валентинов
        Цветан:Цветанов Ангел:Ангелов Михаил:Михайлов Марин:Маринов Веселин:Веселинов
        Симеон:Симеонов Костадин:Костадинов Радослав:Радославов Здравко:Здравков
        Мартин:Мартинов Росен:Росенов Ивайло:Ивайлов Станислав:Станиславов
        Владимир:Владимиров Огнян:Огнянов Благой:Благоев Андрей:Андреев Павел:Павлов
        Генади:Генадиев Бойко:Бойков Асен:Асенов Филип:Филипов Велизар:Велизаров
        Драгомир:Драгомиров Румен:Руменов
        """
    )
)
FEMALE = _words(
    """
    Мария Елена Йорданка Иванка Пенка Галина Светла Даниела Цветелина Десислава
    Николета Гергана Надежда Росица Силвия Милена Веселина Красимира Валентина
    Теодора Радка Стефка Снежана Ваня Катя Таня Павлина Виолета Емилия Антоанета
    Петя Димитрина Христина Ивелина Маргарита Лиляна Анелия Биляна Нина Боряна
    """
)
# Family names in the masculine form; the feminine adds "а" ("-ски" → "-ска").
FAMILY = tuple(patronymic for _, patronymic in MALE) + _words(
    """
    Попов Колев Костов Митев Пеев Янев Радев Славов Станев Найденов Желязков Цветков
    Добрев Кръстев Лазаров Ненов Гочев Бонев Вълчев Дончев Генов Димов Енчев Захариев
    Пенев Минчев Тончев Кирков Рачев Шопов Чолаков Тасев Дечев Аврамов Ковачев Бакалов
    Грозев Русев Мутафчиев Раковски Самоковски Пловдивски Търновски
    """
)
COMPANY_WORDS = _words(
    "Витоша Искър Сердика Средец Балкан Родопи Хемус Дунав Струма Тракия Пирин Рила "
    "Мизия Бояна Лозен Перун"
)
COMPANY_TRADES = _words(
    "Инвест Консулт Имоти Трейд Билд Сервиз Хаус Софт Медикал Логистик Дизайн Груп "
    "Строй Текс Фарм Мебел"
)
# Housing estates (панелни комплекси) of Sofia's districts, with a weight.
ESTATES = _places(
    """
    Младост | ж.к. Младост 1 | 4
    Младост | ж.к. Младост 1А | 2
    Младост | ж.к. Младост 2 | 4
    Младост | ж.к. Младост 3 | 4
    Младост | ж.к. Младост 4 | 3
    Люлин | ж.к. Люлин 1 | 2
    Люлин | ж.к. Люлин 2 | 2
    Люлин | ж.к. Люлин 3 | 3
    Люлин | ж.к. Люлин 4 | 3
    Люлин | ж.к. Люлин 5 | 3
    Люлин | ж.к. Люлин 6 | 2
    Люлин | ж.к. Люлин 7 | 3
    Люлин | ж.к. Люлин 8 | 2
    Люлин | ж.к. Люлин 9 | 2
    Люлин | ж.к. Люлин 10 | 2
    Дружба | ж.к. Дружба 1 | 5
    Дружба | ж.к. Дружба 2 | 5
    Надежда | ж.к. Надежда 1 | 3
    Надежда | ж.к. Надежда 2 | 3
    Надежда | ж.к. Надежда 3 | 2
    Надежда | ж.к. Надежда 4 | 3
    Красно село | ж.к. Борово | 3
    Красно село | ж.к. Хиподрума | 2
    Красно село | ж.к. Белите брези | 2
    Красно село | ж.к. Красно село | 2
    Овча купел | ж.к. Овча купел 1 | 3
    Овча купел | ж.к. Овча купел 2 | 2
    Студентски град | ж.к. Студентски град | 4
    Илинден | ж.к. Илинден | 3
    Илинден | ж.к. Гевгелийски | 1
    Красна поляна | ж.к. Красна поляна 1 | 2
    Красна поляна | ж.к. Красна поляна 2 | 2
    Красна поляна | ж.к. Красна поляна 3 | 2
    Красна поляна | ж.к. Разсадника | 1
    Слатина | ж.к. Гео Милев | 3
    Слатина | ж.к. Христо Смирненски | 2
    Изгрев | ж.к. Изток | 2
    Изгрев | ж.к. Дианабад | 2
    Възраждане | ж.к. Зона Б-5 | 2
    Възраждане | ж.к. Зона Б-18 | 1
    """
)
# Streets of the older centre, with a weight.
STREETS = _places(
    """
    Оборище | ул. Шипка | 2
    Оборище | ул. Оборище | 2
    Оборище | ул. Кракра | 1
    Оборище | бул. Мадрид | 1
    Средец | ул. Шейново | 1
    Средец | ул. Граф Игнатиев | 1
    Средец | ул. Гладстон | 1
    Средец | бул. Витоша | 1
    Лозенец | ул. Криволак | 2
    Лозенец | ул. Милин камък | 2
    Лозенец | ул. Хенрих Ибсен | 1
    Лозенец | бул. Черни връх | 2
    Лозенец | ул. Бяла черква | 1
    Възраждане | ул. Пиротска | 2
    Възраждане | ул. Опълченска | 2
    Слатина | ул. Николай Коперник | 1
    Красно село | ул. Хубча | 1
    """
)
ENTRANCES = "АБВГД"
# Закон за транслитерацията, for e-mail addresses.
_LATIN = dict(
    zip(
        "абвгдежзийклмнопрстуфхцчшщъьюя",
        _words("a b v g d e zh z i y k l m n o p r s t u f h ts ch sh sht a y yu ya"),
        strict=True,
    )
)
# Reserved names (RFC 2606 ".example"), never real mailboxes: a demo's e-mail campaign
# pointed at a real relay must not mail real people. Five, as the real domains these
# stand for were, so a seed draws the same stream and builds the same demo otherwise.
MAIL_DOMAINS = _words("abv.example gmail.example mail.example yahoo.example dir.example")


def egn(rng: random.Random, male: bool) -> str:
    """A valid ЕГН: birth date, region digits (9th even for men), check digit."""
    born = date.fromordinal(
        rng.randrange(date(1938, 1, 1).toordinal(), date(2001, 1, 1).toordinal())
    )
    month = born.month + (40 if born.year >= 2000 else 0)
    region = rng.randrange(500) * 2 + (0 if male else 1)
    digits = f"{born.year % 100:02d}{month:02d}{born.day:02d}{region:03d}"
    weights = (2, 4, 8, 5, 10, 9, 7, 3, 6)
    check = sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11 % 10
    return f"{digits}{check}"


def eik(rng: random.Random) -> str:
    """A valid nine-digit ЕИК of a company (the БУЛСТАТ check digit)."""
    prefix = "20" if rng.randrange(2) else "1"  # newer companies have 20…
    digits = prefix + "".join(str(rng.randrange(10)) for _ in range(8 - len(prefix)))
    check = sum((i + 1) * int(d) for i, d in enumerate(digits)) % 11
    if check == 10:
        check = sum((i + 3) * int(d) for i, d in enumerate(digits)) % 11 % 10
    return f"{digits}{check}"


def feminine(family: str) -> str:
    return family[:-1] + "а" if family.endswith("ски") else family + "а"


def person_name(rng: random.Random) -> tuple[str, bool]:
    """First name, father's name and family name with the right endings; and male?"""
    male = rng.randrange(2) == 0
    father = MALE[rng.randrange(len(MALE))][1]
    family = FAMILY[rng.randrange(len(FAMILY))]
    if male:
        return f"{MALE[rng.randrange(len(MALE))][0]} {father} {family}", True
    first = FEMALE[rng.randrange(len(FEMALE))]
    return f"{first} {feminine(father)} {feminine(family)}", False


def company_name(rng: random.Random) -> str:
    word = COMPANY_WORDS[rng.randrange(len(COMPANY_WORDS))]
    trade = COMPANY_TRADES[rng.randrange(len(COMPANY_TRADES))]
    form = "ЕООД" if rng.randrange(3) else "ООД"
    return f"{word} {trade} {form}"


def latin(text: str) -> str:
    """Bulgarian transliteration (Закон за транслитерацията), lower case."""
    return "".join(_LATIN.get(char, char) for char in text.lower())


def email(rng: random.Random, name: str) -> str:
    words = [latin(w) for w in name.split() if w not in ("ЕООД", "ООД")]
    local = f"{words[0]}.{words[-1]}" if rng.randrange(2) else f"{words[0][0]}{words[-1]}"
    if rng.randrange(2):
        local += str(rng.randrange(1, 100))
    return f"{local}@{MAIL_DOMAINS[rng.randrange(len(MAIL_DOMAINS))]}"


def phone(rng: random.Random) -> str:
    """A Bulgarian mobile number in E.164 (+359 87/88/89 …)."""
    return f"+3598{7 + rng.randrange(3)}{rng.randrange(10_000_000):07d}"


def _weighted(rows: tuple[tuple[str, str, int], ...]) -> list[tuple[str, str]]:
    return [(district, place) for district, place, weight in rows for _ in range(weight)]


class Addresses:
    """Apartments building by building, so neighbours get neighbouring numbers.

    A panel block of an estate ("ж.к. Младост 1, бл. 12, вх. А, ет. 3, ап. 9")
    or a house of a central street ("ул. Шипка 12, ет. 2, ап. 5").
    """

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._estates = _weighted(ESTATES)
        self._streets = _weighted(STREETS)
        self._numbers: dict[str, int] = {}
        self._district = ""
        self._left: list[str] = []

    def next(self) -> tuple[str, str]:
        """The district and address of the next apartment."""
        if not self._left:
            self._building()
        return self._district, self._left.pop()

    def _next_number(self, place: str) -> int:
        number = self._numbers.get(place, 0) + 1 + self._rng.randrange(3)
        self._numbers[place] = number
        return number

    def _building(self) -> None:
        rng = self._rng
        flats: list[str] = []
        if rng.randrange(6):
            self._district, place = self._estates[rng.randrange(len(self._estates))]
            block = f"{place}, бл. {self._next_number(place)}"
            floors, per_floor = 4 + rng.randrange(12), 2 + rng.randrange(3)
            for entrance in ENTRANCES[: 1 + rng.randrange(4)]:
                for floor in range(1, floors + 1):
                    for k in range(per_floor):
                        flat = (floor - 1) * per_floor + k + 1
                        flats.append(f"{block}, вх. {entrance}, ет. {floor}, ап. {flat}")
        else:
            self._district, place = self._streets[rng.randrange(len(self._streets))]
            house = f"{place} {self._next_number(place)}"
            floors, per_floor = 2 + rng.randrange(5), 1 + rng.randrange(3)
            for floor in range(1, floors + 1):
                for k in range(per_floor):
                    flats.append(f"{house}, ет. {floor}, ап. {(floor - 1) * per_floor + k + 1}")
        flats.reverse()  # pop() hands them out from the first flat on
        self._left = flats
