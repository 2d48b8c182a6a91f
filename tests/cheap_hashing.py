"""argon2 at its cheapest, for the test suite only.

Every test database hashes the five demo passwords, and every supervisor's login
derives an approval key: at the production cost (argon2id, 64 MiB, three passes,
desk.services.users and desk.services.approval) that is most of a second per
database, a quarter of the suite's time. The tests check what is hashed and
checked, not how hard it is to guess, so tests/conftest.py calls
``use_cheap_hashing`` when pytest starts (in every xdist worker too).

Nothing in desk can select this cost, no setting and no environment variable:
only a process that imports this module and calls the function. A subprocess
that derives approval keys to compare with the test's (none does today) must
call it too; verifying a hash costs what its own parameters say, so a desk
process started by a test logs in with the cheap hashes as fast.
tests/test_hash_cost.py checks that desk, left alone, still hashes at full cost.
"""

from __future__ import annotations

from argon2 import PasswordHasher

from desk.services import approval, users

# argon2's smallest: one pass over 8 KiB (8 KiB a lane), one lane.
TIME_COST, MEMORY_COST, PARALLELISM = 1, 8, 1


def use_cheap_hashing() -> None:
    """Passwords hashed and approval keys derived at the cheapest cost, in this process."""
    assert isinstance(users._hasher, PasswordHasher)  # the names this module replaces
    assert isinstance(approval.TIME_COST, int) and isinstance(approval.MEMORY_COST, int)
    users._hasher = PasswordHasher(
        time_cost=TIME_COST, memory_cost=MEMORY_COST, parallelism=PARALLELISM
    )
    approval.TIME_COST, approval.MEMORY_COST, approval.PARALLELISM = (
        TIME_COST,
        MEMORY_COST,
        PARALLELISM,
    )
