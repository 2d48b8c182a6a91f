"""The central database's approval keys (migration c0009), set by its owner.

A user change from a desk counts only when signed with the approval key of who
made it (desk.services.approval). A user who signs at desks therefore needs a
key here. Changes made at desks bring their keys themselves (a new user's, a new
password's); a user who came another way (copied by ``seed_central``, or given a
password here by the owner) gets one with ``desk central user-key USERNAME``:
the password typed is checked against the user's hash here before its key is
kept. The key is never shown nor stored anywhere else.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import text

from desk.services.approval import approval_key
from desk.services.problems import UserError
from desk.services.users import DEMO_PASSWORD, DEMO_USERS
from desk.sync.central import CentralDatabase

_KEEP = text(
    "INSERT INTO user_approval (user_id, key) VALUES (:i, :k) "
    "ON CONFLICT (user_id) DO UPDATE SET key = EXCLUDED.key, set_at = now()"
)


def set_approval_key(central: CentralDatabase, username: str, password: str) -> None:
    """Keep the approval key of ``username``'s password, once the password is checked."""
    with central.write() as session:
        found = session.execute(
            text('SELECT id, password_hash FROM "user" WHERE username = :u FOR UPDATE'),
            {"u": username},
        ).first()
        if found is None:
            raise UserError("sync.key_no_user", user=username)
        try:
            PasswordHasher().verify(found.password_hash, password)
        except (VerificationError, InvalidHashError):
            raise UserError("sync.key_wrong_password", user=username) from None
        session.execute(_KEEP, {"i": found.id, "k": approval_key(found.id, password)})


# The demo users' keys by id: the same ids and password in every demo database.
_demo_keys: dict[int, bytes] = {}


def set_demo_keys(central: CentralDatabase) -> int:
    """Keys for the documented demo users (desk.services.users.DEMO_USERS); how many.

    Only for a database whose demo users were just made with DEMO_PASSWORD
    (``desk central demo``, the tests): the password is not checked again.
    """
    names = [name for name, _, _ in DEMO_USERS]
    with central.write() as session:
        ids = session.execute(
            text('SELECT id FROM "user" WHERE username = ANY(:n)'), {"n": names}
        ).scalars()
        for user_id in ids:
            if user_id not in _demo_keys:
                _demo_keys[user_id] = approval_key(user_id, DEMO_PASSWORD)
            session.execute(_KEEP, {"i": user_id, "k": _demo_keys[user_id]})
        return len(names)
