"""The contact-data campaign: when it started, and how far it has come."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desk.models.db import Database
from desk.models.tables import Setting

CAMPAIGN_START_KEY = "campaign_start"
# Until the utility sets its own (a row in ``setting``), the campaign runs from here.
DEFAULT_CAMPAIGN_START = date(2026, 9, 1)


def campaign_start(db: Database) -> date:
    with db.read() as session:
        value = session.scalar(select(Setting.value).where(Setting.key == CAMPAIGN_START_KEY))
    return DEFAULT_CAMPAIGN_START if value is None else date.fromisoformat(value)
