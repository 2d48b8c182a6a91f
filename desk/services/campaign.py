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

By channel (issue 16), per district and in total, each figure in exactly one
channel of its measure:

- *cards issued*: ``pay_desk`` printed at a pay desk, ``info_centre`` printed
  at an information centre (the card's ``desk_id`` -> ``desk.kind``; a card
  with no desk or a desk this file does not know counts as the information
  centre's, where cards are printed), ``email_card`` e-mailed
  (``survey_card.channel = 'email'``). They add up to ``cards_printed``, which
  the report calls "cards issued": e-mailed cards are in it, never printed.
- *cards returned*, by the way the answer came back: ``email_card`` a card that
  went out by e-mail, however it was answered (the web form, or printed and
  brought in); ``web`` a printed card answered on the web form (a ``web``
  contact change names it); ``scanned_card`` a printed card entered at a desk
  from the paper. They add up to the cards returned. A card is returned when a
  desk entered it (``returned_at``) or when a web answer in the period names
  it, whether or not the web form marked it returned; once either way.
- *payers confirmed or changed*, by the contact change: ``pay_desk`` source
  ``desk``, ``info_centre`` source ``info_centre``, ``scanned_card`` source
  ``survey_card`` with a printed card, ``email_card`` any answer whose card went
  out by e-mail and a reply to an e-invoice e-mail (source ``e_invoice``),
  ``web`` source ``web`` without an e-mailed card. A payer counts once per
  channel, and once in the total however many channels they used: the
  channels may add up to more than the total.

No card goes out by a scan or the web, and none comes back "at a pay desk" or
"at an information centre" as such (a paper card entered there is a scanned
card): those figures are None.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    SQLColumnExpression,
    and_,
    case,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from desk.models.db import Database
from desk.models.tables import (
    CardEmail,
    ContactChange,
    Desk,
    Property,
    Setting,
    SurveyCard,
    Tenure,
)

CAMPAIGN_START_KEY = "campaign_start"
# Until the utility sets its own (a row in ``setting``), the campaign runs from here.
DEFAULT_CAMPAIGN_START = date(2026, 9, 1)

CHANNELS = PAY_DESK, INFO_CENTRE, SCANNED_CARD, EMAIL_CARD, WEB = (
    "pay_desk",
    "info_centre",
    "scanned_card",
    "email_card",
    "web",
)
ISSUED_BY = frozenset({PAY_DESK, INFO_CENTRE, EMAIL_CARD})  # how a card can go out
RETURNED_BY = frozenset({SCANNED_CARD, EMAIL_CARD, WEB})  # how it can come back


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
class ChannelFigures:
    """One channel's figures in a district (see the module's docstring)."""

    channel: str  # one of CHANNELS
    cards_issued: int | None  # None: no card goes out this way
    cards_returned: int | None  # None: no card comes back this way
    payers_updated: int


@dataclass(frozen=True, slots=True)
class DistrictProgress:
    district: str | None  # None: payers with no open tenure, and blank cards
    active_payers: int
    cards_printed: int
    cards_returned: int
    payers_updated: int  # distinct payers with details confirmed or changed
    # In the order of CHANNELS: a breakdown of the figures above, left out of ==, which
    # compares the figures (the report's totals meaning).
    channels: tuple[ChannelFigures, ...] = field(default=(), compare=False)

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
    # E-mailed cards of the period the mail server refused or that bounced: this desk's
    # own (card_email is local to the desk that sent them; another desk counts 0).
    emails_refused: int = 0
    emails_bounced: int = 0


def campaign_progress(db: Database, on: date) -> CampaignProgress:
    """Where the campaign stands at the end of day ``on``: one GROUP BY query.

    Each active payer, card and updated payer is one row of a UNION ALL with
    what it counts and by which channel, joined once to the payers' districts
    (one pass over the tenures). A card is one row, in the channel it went out
    by (and one more if returned, in the channel it came back by); an updated
    payer is one row without a channel (the payers_updated of old) and one per
    channel they used.
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
        events = _events(holding.c.payer_id, since, until).subquery("events")
        rows = session.execute(
            select(holding.c.district, events.c.measure, events.c.channel, func.count())
            .select_from(events.outerjoin(holding, holding.c.payer_id == events.c.payer_id))
            .group_by(holding.c.district, events.c.measure, events.c.channel)
        ).all()
        refused, bounced = _mail_problems(session, since, until)
    counts: dict[str | None, Counter[tuple[str, str | None]]] = {}
    for district, measure, channel, count in rows:
        counts.setdefault(district, Counter())[measure, channel] += count
    districts = tuple(
        _district(name, counts[name])
        for name in sorted(counts, key=lambda name: (name is None, name or ""))
    )
    total = _added_up(r for r in districts if r.district is not None)
    return CampaignProgress(start, on, districts, total, refused, bounced)


def _mail_problems(session: Session, since: datetime, until: datetime) -> tuple[int, int]:
    """The cards e-mailed in the period that were refused and that bounced, as they
    stand now (card_email keeps a card's latest state, not its history)."""
    counts = dict(
        session.execute(
            select(CardEmail.state, func.count())
            .join(SurveyCard, SurveyCard.id == CardEmail.card_id)
            .where(
                CardEmail.state.in_(("refused", "bounced")),
                SurveyCard.printed_at >= since,
                SurveyCard.printed_at < until,
            )
            .group_by(CardEmail.state)
        ).all()
    )
    return counts.get("refused", 0), counts.get("bounced", 0)


ACTIVE, PRINTED, RETURNED, UPDATED = MEASURES = ("active", "printed", "returned", "updated")


def _events(
    active: SQLColumnExpression[Any], since: datetime, until: datetime
) -> CompoundSelect[*tuple[Any, ...]]:
    """Each thing counted as (payer_id, measure, channel); see campaign_progress.

    The changes are read, not kept in a temporary table: the payers updated by the
    index on (payer_id, changed_at) alone, as before issue 16; the channels and the
    web's cards through it with the rows. Measured on a copy of bench/out's 25,000-
    property file with 110,000 cards and 264,000 change rows added: 0.86 s of CPU
    against 0.25 s for the report without channels (a temporary table of the
    changes read once: 1.0 s).
    """
    in_period = and_(ContactChange.changed_at >= since, ContactChange.changed_at < until)
    # The cards answered on the web form in the period, read from its changes (the
    # central form names the card on each change; it need not mark the card returned).
    on_web = (
        select(ContactChange.survey_card_id.label("card_id"))
        .where(in_period, ContactChange.source == "web", ContactChange.survey_card_id.is_not(None))
        .distinct()
        .subquery("on_web")
    )
    answered_card = SurveyCard.__table__.alias("answered_card")
    card_channel = answered_card.c.channel
    emailed = SurveyCard.channel == "email"
    return union_all(
        _event(active, ACTIVE, null()),
        _event(
            SurveyCard.payer_id,
            PRINTED,
            case(
                (emailed, EMAIL_CARD),
                (Desk.kind == "pay_desk", PAY_DESK),
                else_=INFO_CENTRE,
            ),
        )
        .outerjoin(Desk, Desk.id == SurveyCard.desk_id)
        .where(SurveyCard.printed_at >= since, SurveyCard.printed_at < until),
        _event(
            SurveyCard.payer_id,
            RETURNED,
            case((emailed, EMAIL_CARD), (on_web.c.card_id.is_not(None), WEB), else_=SCANNED_CARD),
        )
        .outerjoin(on_web, on_web.c.card_id == SurveyCard.id)
        .where(
            or_(
                and_(SurveyCard.returned_at >= since, SurveyCard.returned_at < until),
                on_web.c.card_id.is_not(None),
            )
        ),
        _event(ContactChange.payer_id, UPDATED, null()).where(in_period).distinct(),
        _event(ContactChange.payer_id, UPDATED, _change_channel(ContactChange, card_channel))
        .outerjoin(answered_card, answered_card.c.id == ContactChange.survey_card_id)
        .where(in_period)
        .distinct(),
    )


def _change_channel(change: Any, card_channel: ColumnElement[Any]) -> ColumnElement[str]:
    return case(
        (or_(card_channel == "email", change.source == "e_invoice"), EMAIL_CARD),
        (change.source == "desk", PAY_DESK),
        (change.source == "survey_card", SCANNED_CARD),
        (change.source == "web", WEB),
        else_=INFO_CENTRE,
    )


def _event(
    payer_id: SQLColumnExpression[Any], measure: str, channel: ColumnElement[Any]
) -> Select[*tuple[Any, ...]]:
    """One row per thing counted: the payer, what it counts, and by which channel."""
    return select(
        payer_id.label("payer_id"), literal(measure).label("measure"), channel.label("channel")
    )


def _district(name: str | None, counts: Counter[tuple[str, str | None]]) -> DistrictProgress:
    by_channel = tuple(
        ChannelFigures(
            channel,
            counts[PRINTED, channel] if channel in ISSUED_BY else None,
            counts[RETURNED, channel] if channel in RETURNED_BY else None,
            counts[UPDATED, channel],
        )
        for channel in CHANNELS
    )
    return DistrictProgress(
        name,
        counts[ACTIVE, None],
        sum(counts[PRINTED, c] for c in ISSUED_BY),
        sum(counts[RETURNED, c] for c in RETURNED_BY),
        counts[UPDATED, None],
        by_channel,
    )


def _added_up(rows: Iterable[DistrictProgress]) -> DistrictProgress:
    rows = list(rows)
    channels = tuple(
        ChannelFigures(
            channel,
            _sum(r.channels[n].cards_issued for r in rows) if channel in ISSUED_BY else None,
            _sum(r.channels[n].cards_returned for r in rows) if channel in RETURNED_BY else None,
            sum(r.channels[n].payers_updated for r in rows),
        )
        for n, channel in enumerate(CHANNELS)
    )
    return DistrictProgress(
        None,
        sum(r.active_payers for r in rows),
        sum(r.cards_printed for r in rows),
        sum(r.cards_returned for r in rows),
        sum(r.payers_updated for r in rows),
        channels,
    )


def _sum(counts: Iterable[int | None]) -> int:
    return sum(n or 0 for n in counts)
