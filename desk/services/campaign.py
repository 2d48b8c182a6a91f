"""The contact-data campaign: when it started, and how far it has come.

Progress per district (DOMAIN.md "Contact details and survey cards"): cards
printed, cards returned, payers whose details were confirmed or changed since
the campaign start, as counts and as a share of the active payers.

Our reading: a payer is *active* on a day when one of their tenures is open
on it; a payer holding properties in several districts counts once, in the
first of those districts by name, so the districts add up to the total. A
card or a change of a payer with no open tenure (a blank card not yet
returned, a former payer) goes to a row of its own, ``district=None``, shown
with no share and left out of the total: the total's shares are of the active
payers, so they count only the active payers' cards and changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, SQLColumnExpression, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from desk.models.db import Database
from desk.models.tables import ContactChange, Property, Setting, SurveyCard, Tenure

CAMPAIGN_START_KEY = "campaign_start"
# Until the utility sets its own (a row in ``setting``), the campaign runs from here.
DEFAULT_CAMPAIGN_START = date(2026, 9, 1)


def campaign_start(db: Database) -> date:
    with db.read() as session:
        return _start(session)


def _start(session: Session) -> date:
    value = session.scalar(select(Setting.value).where(Setting.key == CAMPAIGN_START_KEY))
    return DEFAULT_CAMPAIGN_START if value is None else date.fromisoformat(value)


def share(count: int, of: int) -> Decimal | None:
    """``count`` as a percentage of ``of`` with one decimal, half up; None when ``of`` is 0."""
    if of <= 0:
        return None
    permille = (2000 * count + of) // (2 * of)  # integers only: half-up to the tenth
    return Decimal(permille).scaleb(-1)


@dataclass(frozen=True, slots=True)
class DistrictProgress:
    district: str | None  # None: payers with no open tenure, and blank cards
    active_payers: int
    cards_printed: int
    cards_returned: int
    payers_updated: int  # distinct payers with details confirmed or changed

    @property
    def printed_share(self) -> Decimal | None:
        return share(self.cards_printed, self.active_payers)

    @property
    def returned_share(self) -> Decimal | None:
        return share(self.cards_returned, self.active_payers)

    @property
    def updated_share(self) -> Decimal | None:
        return share(self.payers_updated, self.active_payers)


@dataclass(frozen=True, slots=True)
class CampaignProgress:
    start: date
    on: date
    districts: tuple[DistrictProgress, ...]  # by name; the row without a district last
    total: DistrictProgress  # the active payers: the districts with a name, added up


def campaign_progress(db: Database, on: date) -> CampaignProgress:
    """Where the campaign stands at the end of day ``on``: one GROUP BY query.

    Each active payer, card and updated payer is one row of a UNION ALL, joined
    once to the payers' districts (one pass over the tenures).
    """
    with db.read() as session:
        start = _start(session)
        since, until = datetime.combine(start, time()), datetime.combine(on + timedelta(1), time())
        holding = (
            select(Tenure.payer_id, func.min(Property.district).label("district"))
            .join(Property, Property.id == Tenure.property_id)
            .where(Tenure.start <= on, or_(Tenure.end.is_(None), Tenure.end >= on))
            .group_by(Tenure.payer_id)
            .cte("holding")
        )
        events = union_all(
            _event(holding.c.payer_id, ACTIVE),
            _event(SurveyCard.payer_id, PRINTED).where(
                SurveyCard.printed_at >= since, SurveyCard.printed_at < until
            ),
            _event(SurveyCard.payer_id, RETURNED).where(
                SurveyCard.returned_at >= since, SurveyCard.returned_at < until
            ),
            _event(ContactChange.payer_id, UPDATED)
            .where(ContactChange.changed_at >= since, ContactChange.changed_at < until)
            .distinct(),
        ).subquery("events")
        rows = session.execute(
            select(holding.c.district, *(func.sum(events.c[name]) for name in MEASURES))
            .select_from(events.outerjoin(holding, holding.c.payer_id == events.c.payer_id))
            .group_by(holding.c.district)
        ).all()
    districts = tuple(
        DistrictProgress(name, *(int(n or 0) for n in counts))
        for name, *counts in sorted(rows, key=lambda r: (r[0] is None, r[0] or ""))
    )
    active = [r for r in districts if r.district is not None]
    total = DistrictProgress(
        None,
        sum(r.active_payers for r in active),
        sum(r.cards_printed for r in active),
        sum(r.cards_returned for r in active),
        sum(r.payers_updated for r in active),
    )
    return CampaignProgress(start, on, districts, total)


ACTIVE, PRINTED, RETURNED, UPDATED = MEASURES = ("active", "printed", "returned", "updated")


def _event(payer_id: SQLColumnExpression[Any], measure: str) -> Select[*tuple[Any, ...]]:
    """One row per thing counted: the payer, and a 1 in the column of what it counts."""
    return select(
        payer_id.label("payer_id"),
        *(literal(int(name == measure)).label(name) for name in MEASURES),
    )
