"""Every time shown or printed is Sofia's, whatever the machine's zone (issue 13, point 16).

Stored times: the desk's tables hold naive Sofia wall clock (desk/models/tables.py);
the sync times hold UTC with their offset. These run with the process in New York.
"""

from __future__ import annotations

from datetime import UTC, datetime

from desk.messages import SOFIA, when
from desk.sync.replication import sync_moment
from desk.ui.kit.session import sofia_now
from desk.ui.sync_status import _when
from tests import zones

other_zone = zones.other_zone

# 20 April 2027 is summer time in Sofia (UTC+3) and in New York (UTC-4).
STORED = "2027-04-20T11:25:09+00:00"


def test_a_sync_time_stored_in_utc_reads_as_sofia_time(other_zone: str) -> None:
    moment = sync_moment(STORED)
    assert moment is not None and moment.utcoffset() is not None
    assert when(moment) == "20.04.2027 14:25"
    same_day = datetime(2027, 4, 20, 20, 0, tzinfo=UTC)  # 23:00 in Sofia, 16:00 in New York
    assert _when(STORED, now=same_day) == "14:25"
    next_day_in_sofia = datetime(2027, 4, 20, 22, 0, tzinfo=UTC)  # 01:00 on the 21st
    assert _when(STORED, now=next_day_in_sofia) == "20.04.2027 14:25"


def test_an_older_naive_sync_time_is_the_desk_clock_in_sofia(other_zone: str) -> None:
    assert _when("2027-04-20T14:25:09", now=datetime(2027, 4, 21, 9, tzinfo=SOFIA)) == (
        "20.04.2027 14:25"
    )
    assert sync_moment("not a time") is None and sync_moment(None) is None


def test_the_desk_clock_is_sofia_wall_clock(other_zone: str) -> None:
    before = datetime.now(SOFIA).replace(tzinfo=None, second=0, microsecond=0)
    now = sofia_now()
    assert now.tzinfo is None
    assert (
        before <= now.replace(second=0, microsecond=0) <= datetime.now(SOFIA).replace(tzinfo=None)
    )
    assert abs((datetime.now() - now).total_seconds()) > 3600  # New York is not Sofia
