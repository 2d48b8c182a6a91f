"""The confirmation of enrolment in equal installments (Разсрочена лоялност) on A4.

DOMAIN.md "Installment loyalty": the 11 installments, and the 50% bonus the
payer can earn, stated for a new or an existing client, with the 3% rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from desk.billing import policy
from desk.money import Money
from desk.printing.agreement import (
    BODY,
    CENTRED,
    SECTION,
    SMALL,
    TITLE,
    company_block,
    day_text,
    facts_table,
    grid_table,
    payer_rows,
    render_a4,
    signatures,
)
from desk.printing.receipt import eur
from desk.settings import COMPANY

MONTH_NAMES = (
    "януари",
    "февруари",
    "март",
    "април",
    "май",
    "юни",
    "юли",
    "август",
    "септември",
    "октомври",
    "ноември",
    "декември",
)


@dataclass(frozen=True, slots=True)
class PlanData:
    number: str
    enrolled_on: date
    payer_name: str
    payer_code: str
    payer_id_number: str | None
    subscriber_number: str
    address: str
    desk_name: str
    clerk: str
    months: tuple[str, ...]  # "2027-05" …, the 11 consumption months
    deadlines: tuple[date, ...]
    yearly_estimate: Money
    installment: Money
    new_client: bool


def month_text(period: str) -> str:
    """ "2027-05" -> "май 2027"."""
    return f"{MONTH_NAMES[int(period[5:7]) - 1]} {period[:4]}"


def plan_year_text(months: tuple[str, ...]) -> str:
    return f"{month_text(months[0])} – {month_text(months[-1])}"


def bonus_text(data: PlanData) -> str:
    """The 50% the payer can earn, as DOMAIN.md "Installment loyalty" has it."""
    rate = f"{policy.LOYALTY_RATE:f}%"
    if data.new_client:
        first = policy.NEW_CLIENT_BONUS_INSTALLMENT
        return (
            f"Като нов клиент получавате {rate} отстъпка от вноска {first} "
            f"(за {month_text(data.months[first - 1])}), когато я платите изцяло "
            f"до срока ѝ ({day_text(data.deadlines[first - 1])})."
        )
    last = policy.EXISTING_CLIENT_BONUS_INSTALLMENT
    return (
        f"Като съществуващ клиент получавате {rate} отстъпка от вноска {last} "
        f"(за {month_text(data.months[last - 1])}), когато вноски 1–{last - 1} "
        f"са платени изцяло, всяка до своя срок, и вноска {last} е платена изцяло "
        f"до срока ѝ ({day_text(data.deadlines[last - 1])})."
    )


def conditions_text() -> str:
    commercial = f"{policy.COMMERCIAL_RATE:f}%"
    text = (
        f"Отстъпката от {policy.LOYALTY_RATE:f}% и търговската отстъпка от {commercial} "
        "се дават при едни и същи условия: към датата на издаване на вноската нямате "
        "просрочени задължения; вноската е платена изцяло до срока ѝ; след плащането "
        "не остава нищо просрочено. Всяка вноска, платена така, носи търговска отстъпка "
        f"от {commercial}."
    )
    if policy.LOYALTY_STACKS_WITH_COMMERCIAL:
        both = policy.LOYALTY_RATE + policy.COMMERCIAL_RATE
        text += (
            f" За вноската с {policy.LOYALTY_RATE:f}% двете отстъпки се събират: "
            f"{both:f}% от сумата на вноската."
        )
    return text


def plan_pdf(data: PlanData) -> bytes:
    story: list[Flowable] = company_block()
    story += [
        Paragraph("ПОТВЪРЖДЕНИЕ ЗА РАВНИ МЕСЕЧНИ ВНОСКИ", TITLE),
        Paragraph("„Разсрочена лоялност“", CENTRED),
        Paragraph(f"№ {data.number} от {day_text(data.enrolled_on)}", CENTRED),
        Spacer(1, 6 * mm),
        facts_table(
            [
                *payer_rows(data.payer_name, data.payer_code, data.payer_id_number),
                ["Имот (аб. №)", f"{data.subscriber_number}, {data.address}"],
                ["Година на плана", plan_year_text(data.months)],
                ["Годишна прогноза", eur(data.yearly_estimate)],
                ["Месечна вноска", eur(data.installment)],
                ["Клиент", "нов" if data.new_client else "съществуващ"],
            ]
        ),
        Paragraph(f"1. {policy.PLAN_INSTALLMENTS} равни месечни вноски", SECTION),
        grid_table(
            ("Вноска", "Месец", "Платима до", "Сума"),
            [
                (str(n), month_text(month), day_text(due), eur(data.installment))
                for n, (month, due) in enumerate(
                    zip(data.months, data.deadlines, strict=True), start=1
                )
            ],
            (25 * mm, 50 * mm, 45 * mm, 45 * mm),
            total=False,
        ),
        Spacer(1, 2 * mm),
        Paragraph(
            "Вноската е прогнозната годишна сума, разделена на "
            f"{policy.PLAN_INSTALLMENTS}. След последната вноска се издава изравнителна "
            "сметка за действително потребената топлинна енергия: за доплащане или в полза "
            "на платеца.",
            BODY,
        ),
        Paragraph(f"2. Отстъпка {policy.LOYALTY_RATE:f}%", SECTION),
        Paragraph(bonus_text(data), BODY),
        Spacer(1, 2 * mm),
        Paragraph(conditions_text(), BODY),
        Spacer(1, 6 * mm),
        signatures("За дружеството:", "Платец:"),
        Spacer(1, 4 * mm),
        Paragraph(f"Изготвил: {data.clerk}, {data.desk_name}", SMALL),
    ]
    return render_a4(
        story,
        f"Равни вноски {data.number}",
        f"{COMPANY.name} · Равни вноски № {data.number} · платец {data.payer_code}",
    )
