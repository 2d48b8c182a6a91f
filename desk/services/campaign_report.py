"""The campaign report (issue 6, item 2): campaign.campaign_progress as a printout,
with a page by channel (issue 16).

``campaign_report_data`` is for the supervisor's screen and checks the role;
``campaign_report_pdf`` is for the command line, where the operating system's
user prints it (``desk report campaign``).
"""

from __future__ import annotations

from datetime import date, datetime

from desk.models.db import Database
from desk.printing.campaign_report import (
    TOTAL,
    CampaignReportData,
    CampaignRow,
    ChannelRow,
    render_campaign_report,
)
from desk.services.campaign import DistrictProgress, campaign_progress
from desk.services.context import DeskContext, require_supervisor


def _row(name: str, progress: DistrictProgress) -> CampaignRow:
    return CampaignRow(
        name=name,
        active_payers=progress.active_payers,
        cards_printed=progress.cards_printed,
        cards_returned=progress.cards_returned,
        payers_updated=progress.payers_updated,
        printed_share=progress.printed_share,
        returned_share=progress.returned_share,
        updated_share=progress.updated_share,
        channels=tuple(
            ChannelRow(c.channel, c.cards_issued, c.cards_returned, c.payers_updated)
            for c in progress.channels
        ),
    )


def _data(db: Database, printed_by: str, on: date, now: datetime) -> CampaignReportData:
    progress = campaign_progress(db, on)
    named = tuple(_row(p.district, p) for p in progress.districts if p.district is not None)
    outside = [p for p in progress.districts if p.district is None]
    return CampaignReportData(
        start=progress.start,
        on=progress.on,
        printed_by=printed_by,
        printed_at=now,
        districts=named,
        total=_row(TOTAL, progress.total),  # the printed report's word
        outside=_row("", outside[0]) if outside else None,
        emails_refused=progress.emails_refused,
        emails_bounced=progress.emails_bounced,
    )


def campaign_report_data(
    db: Database, ctx: DeskContext, on: date, now: datetime
) -> CampaignReportData:
    """The campaign at the end of ``on``, printed by the supervisor logged in."""
    require_supervisor(ctx, "what.campaign_report")
    return _data(db, ctx.full_name, on, now)


def campaign_report_for(db: Database, ctx: DeskContext, on: date, now: datetime) -> bytes:
    """The PDF for the supervisor's screen."""
    return render_campaign_report(campaign_report_data(db, ctx, on, now))


def campaign_report_pdf(db: Database, printed_by: str, on: date, now: datetime) -> bytes:
    """The PDF for the command line: ``printed_by`` is the operating system's user."""
    return render_campaign_report(_data(db, printed_by, on, now))
