"""Proof that a user change made at a desk was made by someone allowed to make it.

A desk machine is not trusted (README, threat model): whoever holds its file can
log in to the central database as the desk's role. So a user change from a desk
(a new user, a role, a password, a deactivation) carries an HMAC-SHA256 of the
change under the acting user's **approval key**, and the central database
applies it only when the HMAC is right and the actor may make that change there
(central migration c0009, ``desk_user_change``).

The approval key is derived from the user's password with argon2id, with a salt
of its own (not the login hash's), so the hash a desk holds for offline login
does not give it. The central database keeps each user's key; desks never hold
one. A desk derives the key only when the password is typed: at a supervisor's
login (kept in memory for the session, never written) and at a password change
(the old password signs, the new one gives the new key sent with the change).

The message is built the same way here and in PL/pgSQL: each field as its length
in characters, a colon and its text, so no value can pass for two.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from argon2.low_level import Type, hash_secret_raw

KEY_BYTES = 32
# The library's defaults for passwords (desk.services.users: PasswordHasher()).
TIME_COST, MEMORY_COST, PARALLELISM = 3, 65536, 4
MESSAGE_VERSION = "desk-user-change/1"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%f"  # PL/pgSQL: 'YYYY-MM-DD"T"HH24:MI:SS.US'


def approval_key(user_id: int, password: str) -> bytes:
    """The user's approval key for this password (argon2id, 32 bytes).

    The salt names the user (a user's key differs from another's with the same
    password) and differs from the login hash's random salt.
    """
    return hash_secret_raw(
        secret=password.encode("utf-8"),
        salt=f"desk-approval-key:{user_id}".encode("ascii"),
        time_cost=TIME_COST,
        memory_cost=MEMORY_COST,
        parallelism=PARALLELISM,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


@dataclass(frozen=True, slots=True)
class UserChange:
    """A user as one change left it, as the central database receives it."""

    change: str  # a fresh UUID: the central database applies each change once
    desk_code: str
    actor: str  # the user name of who made it (the user himself for his own password)
    user_id: int
    username: str
    full_name: str
    role: str
    password_hash: str
    active: bool
    must_change: bool
    changed_at: datetime
    new_key: bytes | None  # with a new password only: its approval key

    def message(self) -> bytes:
        fields: Iterable[str] = (
            MESSAGE_VERSION,
            self.change,
            self.desk_code,
            self.actor,
            str(self.user_id),
            self.username,
            self.full_name,
            self.role,
            self.password_hash,
            "t" if self.active else "f",
            "t" if self.must_change else "f",
            self.changed_at.strftime(TIME_FORMAT),
            self.new_key.hex() if self.new_key is not None else "",
        )
        return "".join(f"{len(field)}:{field}" for field in fields).encode("utf-8")

    def mac(self, key: bytes) -> bytes:
        return hmac.new(key, self.message(), hashlib.sha256).digest()
