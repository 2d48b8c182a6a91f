"""A machine whose clock is not in Sofia (issue 13, point 16): every time shown is Sofia's."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime

import pytest

from desk.messages import SOFIA

# Seven hours behind Sofia in winter, six in summer: no minute of it reads as Sofia's.
OTHER_ZONE = "America/New_York"


@pytest.fixture
def other_zone() -> Iterator[str]:
    """The process's local zone (TZ, as a machine set elsewhere has it) is New York."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", OTHER_ZONE)
        time.tzset()
        assert time.localtime().tm_zone in ("EST", "EDT")
        yield OTHER_ZONE
    time.tzset()  # the zone the process had


def sofia_minutes(before: datetime, after: datetime) -> set[str]:
    """HH:MM in Sofia of every minute from ``before`` to ``after`` (a test may cross one)."""
    first, last = before.astimezone(SOFIA), after.astimezone(SOFIA)
    return {first.strftime("%H:%M"), last.strftime("%H:%M")}
