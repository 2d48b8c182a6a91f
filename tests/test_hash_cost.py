"""The suite hashes cheaply (tests/cheap_hashing.py); desk on its own does not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw

from desk.services.approval import approval_key
from desk.services.users import hash_password

ROOT = Path(__file__).resolve().parents[1]

# A desk process that is not the test suite: what a cashier's machine runs.
_PRODUCTION = """
from desk.services.approval import approval_key
from desk.services.users import hash_password
print(hash_password("desk1234"))
print(approval_key(4, "desk1234").hex())
"""


def test_desk_alone_hashes_and_derives_keys_at_full_cost() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PRODUCTION],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    hashed, key = done.stdout.split()
    # argon2id with 64 MiB, three passes, four lanes: the library's defaults.
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    full = hash_secret_raw(
        secret=b"desk1234",
        salt=b"desk-approval-key:4",
        time_cost=3,
        memory_cost=65536,
        parallelism=4,
        hash_len=32,
        type=Type.ID,
    )
    assert bytes.fromhex(key) == full


def test_the_suite_hashes_at_the_cheapest_cost() -> None:
    assert hash_password("desk1234").startswith("$argon2id$v=19$m=8,t=1,p=1$")
    cheap = hash_secret_raw(
        secret=b"desk1234",
        salt=b"desk-approval-key:4",
        time_cost=1,
        memory_cost=8,
        parallelism=1,
        hash_len=32,
        type=Type.ID,
    )
    assert approval_key(4, "desk1234") == cheap
