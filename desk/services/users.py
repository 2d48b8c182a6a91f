"""Users, roles and logging in (argon2id; five wrong passwords lock for 15 minutes).

Every change a supervisor makes to a user here (new user, role, password reset,
deactivation), and a user's own new password, is written as a ``user_change``
signed with the acting user's approval key (desk.services.approval) and queued in
the outbox in the same transaction, so that it reaches the central database and
every desk (desk.sync.replication; central migrations c0004 and c0009 decide
there). Lock-outs (failed logins, locked_until) and unlocking are this desk's
own and are not sent.
"""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desk.messages import Message
from desk.models.db import Database
from desk.models.tables import Desk, Setting, User, UserChange
from desk.services.approval import UserChange as SignedChange
from desk.services.approval import approval_key
from desk.services.context import (
    ROLES,
    SUPERVISING_ROLES,
    DeskContext,
    audit,
    audit_as,
    require_role,
    require_supervisor,
)
from desk.services.desk_identity import DESK_CODE, SEQ_KEY
from desk.services.desk_rows import next_ids, queue
from desk.services.problems import Problem, ProblemsError, UserError

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 6
_hasher = PasswordHasher()  # argon2id with the library's current parameters

# Documented in the README; created only in demo databases.
DEMO_PASSWORD = "desk1234"
DEMO_USERS = (
    ("kasier1", "Мария Петрова", "cashier"),
    ("kasier2", "Георги Илиев", "cashier"),
    ("sluzhitel", "Елена Димова", "clerk"),
    ("nachalnik", "Стефан Колев", "supervisor"),
    ("admin", "Администратор", "admin"),
)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@dataclass(frozen=True, slots=True)
class LoginResult:
    user_id: int | None
    username: str
    full_name: str = ""
    role: str = ""
    must_change_password: bool = False
    problem: Message | None = None  # worded when shown

    @property
    def ok(self) -> bool:
        return self.problem is None


def _verify(
    session: Session, username: str, password: str, now: datetime, desk_id: int | None = None
) -> LoginResult:
    """The password checked; a wrong one is counted and audited at ``desk_id``, the
    desk where it was typed (None: not known, e.g. a void's approval)."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        return LoginResult(None, username, problem=Message("login.wrong"))
    if user.locked_until is not None and user.locked_until > now:
        left = int((user.locked_until - now).total_seconds() // 60) + 1
        return LoginResult(None, username, problem=Message("login.locked_still", minutes=left))
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        failed = user.failed_logins + 1
        values: dict[str, object] = {"failed_logins": failed}
        problem = Message("login.wrong")
        if failed >= MAX_FAILED_LOGINS:
            values = {"failed_logins": 0, "locked_until": now + timedelta(minutes=LOCK_MINUTES)}
            problem = Message("login.locked_now", minutes=LOCK_MINUTES)
        session.execute(update(User).where(User.id == user.id).values(**values))
        audit(session, "login_failed", now, user_id=user.id, desk_id=desk_id, failed=failed)
        return LoginResult(None, username, problem=problem)
    session.execute(
        update(User).where(User.id == user.id).values(failed_logins=0, locked_until=None)
    )
    return LoginResult(user.id, username, user.full_name, user.role, user.must_change_password)


def log_in(
    db: Database, username: str, password: str, desk_code: str, now: datetime
) -> tuple[LoginResult, DeskContext | None]:
    """Check the password; on success return who is working at which desk.

    A temporary password (a new user, or one a supervisor reset) opens nothing:
    the result says ``must_change_password`` and there is no context, since
    someone else knows that password. The user gets in through
    ``change_password_and_log_in``.
    """
    with db.write() as session:
        desk_id = session.scalar(select(Desk.id).where(Desk.code == desk_code))
        result = _verify(session, username.strip(), password, now, desk_id)
        if not result.ok or result.must_change_password:
            return result, None
        ctx = _enter(session, result, desk_code, now, password)
        if ctx is None:
            problem = Message("login.no_such_desk", desk=desk_code)
            return LoginResult(None, username, problem=problem), None
        return result, ctx


def _enter(
    session: Session, result: LoginResult, desk_code: str, now: datetime, password: str
) -> DeskContext | None:
    """The user of ``result`` (``password`` checked) starts work at ``desk_code``: audited.

    A supervisor or an admin gets the approval key of that password, which signs
    the user changes of the session (desk.services.approval); it is kept in memory
    only.
    """
    desk = session.scalar(select(Desk).where(Desk.code == desk_code))
    if desk is None or result.user_id is None:
        return None
    audit(session, "login", now, user_id=result.user_id, desk_id=desk.id)
    key = approval_key(result.user_id, password) if result.role in SUPERVISING_ROLES else None
    return DeskContext(
        desk.id,
        desk.code,
        desk.name,
        result.user_id,
        result.username,
        result.full_name,
        result.role,
        key,
    )


def approve(session: Session, username: str, password: str, now: datetime) -> LoginResult:
    """A supervisor's name and password in the same dialog (voids)."""
    result = _verify(session, username.strip(), password, now)
    if result.ok and result.role not in SUPERVISING_ROLES:
        return LoginResult(None, username, problem=Message("approve.supervisors_only"))
    if result.ok and result.must_change_password:
        # A temporary password is known to whoever set it (another supervisor).
        return LoginResult(
            None,
            username,
            problem=Message("approve.temporary_password", name=result.full_name or username),
        )
    return result


def create_user(
    session: Session,
    username: str,
    full_name: str,
    role: str,
    password: str,
    *,
    must_change: bool = False,
) -> int:
    if role not in ROLES:
        raise UserError("users.no_such_role", role=repr(role))
    if len(password) < MIN_PASSWORD:
        raise UserError(
            "generic.where",
            where=Message(F_PASSWORD),
            what=Message("users.at_least", min=MIN_PASSWORD),
        )
    user = User(
        username=username,
        full_name=full_name,
        role=role,
        password_hash=hash_password(password),
        must_change_password=must_change,
    )
    session.add(user)
    session.flush()
    return user.id


def ensure_demo_users(db: Database) -> bool:
    """Create the documented demo users (password DEMO_PASSWORD) when there are none."""
    with db.write() as session:
        if session.scalar(select(User.id).limit(1)) is not None:
            return False
        for username, full_name, role in DEMO_USERS:
            create_user(session, username, full_name, role, DEMO_PASSWORD)
        return True


# --- managing users (issue 6, item 4): supervisors and admins only ------------------

# The accounts that approve voids and manage users: only an admin makes, changes,
# resets, deactivates or unlocks them, so no supervisor takes over another's account.
ADMIN_MANAGED = SUPERVISING_ROLES
ADMINS_CENTRALLY = "users.admins_centrally"  # a catalogue code
USERNAME = re.compile(r"[a-z0-9._-]{3,40}")
# A temporary password is read aloud or from a screen: no 0/o, 1/l/i to confuse.
_TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
TEMPORARY_LENGTH = 10
# Field names of the new-user form, as problems name them (catalogue codes).
F_USERNAME, F_FULL_NAME, F_ROLE, F_PASSWORD = (
    "field.username",
    "field.name",
    "field.role",
    "field.password",
)
F_NEW_PASSWORD = "field.new_password"
F_OLD_PASSWORD = "field.old_password"


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    username: str
    full_name: str
    role: str
    active: bool
    locked_until: datetime | None
    must_change_password: bool


@dataclass(frozen=True, slots=True)
class UserCreated:
    user: UserRow
    password: str | None  # the generated temporary password, shown once; None when typed


def temporary_password() -> str:
    return "".join(secrets.choice(_TEMPORARY_ALPHABET) for _ in range(TEMPORARY_LENGTH))


def roles_given_by(role: str) -> tuple[str, ...]:
    """The roles a user of ``role`` may give (a supervisor: cashier and clerk)."""
    if role == "admin":
        return ROLES
    if role in SUPERVISING_ROLES:
        return tuple(r for r in ROLES if r not in ADMIN_MANAGED)
    return ()


def _require_manager(ctx: DeskContext) -> None:
    require_supervisor(ctx, "what.users")


def _joined(session: Session) -> bool:
    """This file is a replica of the central database (``desk join`` set its position).

    The central database refuses an admin made or changed at a desk (migration
    c0004); a refused user who then opened a shift would hold up every push.
    """
    return session.scalar(select(Setting.value).where(Setting.key == SEQ_KEY)) is not None


def _row(user: User) -> UserRow:
    return UserRow(
        user.id,
        user.username,
        user.full_name,
        user.role,
        user.active,
        user.locked_until,
        user.must_change_password,
    )


def _target(session: Session, ctx: DeskContext, user_id: int) -> User:
    """The user to change; a supervisor's or an admin's account only an admin touches."""
    require_role(session, ctx, SUPERVISING_ROLES, "what.users")
    user = session.get(User, user_id)
    if user is None:
        raise UserError("users.no_such_user", id=str(user_id))
    if user.role in ADMIN_MANAGED and ctx.role != "admin":
        raise UserError("users.admin_managed", user=user.username)
    return user


def list_users(db: Database, ctx: DeskContext) -> tuple[UserRow, ...]:
    """Every user, active ones first, by user name."""
    _require_manager(ctx)
    with db.read() as session:
        users = session.scalars(select(User).order_by(User.active.desc(), User.username))
        return tuple(_row(user) for user in users)


def add_user(
    db: Database,
    ctx: DeskContext,
    username: str,
    full_name: str,
    role: str,
    password: str,
    password_again: str,
    now: datetime,
) -> UserCreated:
    """A new user with a temporary password (typed twice, or made up when both are empty).

    The id comes from this desk's block (desk.services.desk_rows), so it never meets
    a user pulled from the central database. The user must change the password at
    first login.
    """
    _require_manager(ctx)
    username, full_name = username.strip(), " ".join(full_name.split())
    problems: list[Problem] = []
    if not USERNAME.fullmatch(username):
        problems.append(Problem(F_USERNAME, "users.username_form"))
    if not full_name:
        problems.append(Problem(F_FULL_NAME, "users.required"))
    elif len(full_name) > 100:
        problems.append(Problem(F_FULL_NAME, Message("users.at_most", max=100)))
    if role not in ROLES:
        problems.append(Problem(F_ROLE, "users.choose_role"))
    elif role in ADMIN_MANAGED and ctx.role != "admin":
        problems.append(Problem(F_ROLE, "users.admin_creates_supervisors"))
    generated = None
    if not password and not password_again:
        generated = password = temporary_password()
    elif len(password) < MIN_PASSWORD:
        problems.append(Problem(F_PASSWORD, Message("users.at_least", min=MIN_PASSWORD)))
    elif password != password_again:
        problems.append(Problem(F_PASSWORD, "users.passwords_differ"))
    with db.write() as session:
        require_role(session, ctx, SUPERVISING_ROLES, "what.users")
        if USERNAME.fullmatch(username) and session.scalar(
            select(User.id).where(User.username == username)
        ):
            problems.append(Problem(F_USERNAME, Message("users.username_taken", username=username)))
        if role == "admin" and ctx.role == "admin" and _joined(session):
            problems.append(Problem(F_ROLE, ADMINS_CENTRALLY))
        if problems:
            raise ProblemsError(problems)
        (user_id,) = next_ids(session, User.id, ctx.desk_id)
        user = User(
            id=user_id,
            username=username,
            full_name=full_name,
            role=role,
            password_hash=hash_password(password),
            failed_logins=0,
            must_change_password=True,
            active=True,
        )
        session.add(user)
        session.flush()
        _signed(session, user, ctx.username, ctx.approval_key, now, approval_key(user_id, password))
        audit_as(session, ctx, "user_create", now, user=username, role=role)
        return UserCreated(_row(user), generated)


def change_role(db: Database, ctx: DeskContext, user_id: int, role: str, now: datetime) -> UserRow:
    _require_manager(ctx)
    if role not in ROLES:
        raise UserError("users.no_such_role", role=repr(role))
    if user_id == ctx.user_id:
        raise UserError("users.own_role")
    if role in ADMIN_MANAGED and ctx.role != "admin":
        raise UserError("users.admin_gives_supervisors")
    with db.write() as session:
        user = _target(session, ctx, user_id)
        if user.role != role and "admin" in (role, user.role) and _joined(session):
            raise UserError("generic.where", where=Message(F_ROLE), what=Message(ADMINS_CENTRALLY))
        if user.role != role:
            old, user.role = user.role, role  # changed first: the audit row records it
            audit_as(session, ctx, "user_role", now, user=user.username, old=old, new=role)
            _signed(session, user, ctx.username, ctx.approval_key, now)
        return _row(user)


def reset_password(
    db: Database, ctx: DeskContext, user_id: int, now: datetime
) -> tuple[UserRow, str]:
    """A new temporary password (returned once, never stored in clear); lock-out cleared."""
    _require_manager(ctx)
    password = temporary_password()
    with db.write() as session:
        user = _target(session, ctx, user_id)
        user.password_hash = hash_password(password)
        user.must_change_password = True
        user.failed_logins = 0
        user.locked_until = None
        _signed(session, user, ctx.username, ctx.approval_key, now, approval_key(user.id, password))
        audit_as(session, ctx, "user_password_reset", now, user=user.username)
        return _row(user), password


def unlock(db: Database, ctx: DeskContext, user_id: int, now: datetime) -> UserRow:
    """End a lock-out after five wrong passwords before its fifteen minutes are up.

    Lock-outs are this desk's own: nothing is sent.
    """
    _require_manager(ctx)
    with db.write() as session:
        user = _target(session, ctx, user_id)
        user.locked_until = None
        user.failed_logins = 0
        audit_as(session, ctx, "user_unlock", now, user=user.username)
        return _row(user)


def set_active(
    db: Database, ctx: DeskContext, user_id: int, active: bool, now: datetime
) -> UserRow:
    """Deactivate (no more logins) or reactivate; a user is never deleted: payments name users."""
    _require_manager(ctx)
    if user_id == ctx.user_id and not active:
        raise UserError("users.deactivate_self")
    with db.write() as session:
        user = _target(session, ctx, user_id)
        if user.active != active:
            action = "user_reactivate" if active else "user_deactivate"
            user.active = active  # changed first: the audit row records it
            audit_as(session, ctx, action, now, user=user.username)
            _signed(session, user, ctx.username, ctx.approval_key, now)
        return _row(user)


def _signed(
    session: Session,
    user: User,
    actor: str,
    key: bytes | None,
    now: datetime,
    new_key: bytes | None = None,
) -> None:
    """The user as this change left it, signed by ``actor``, queued for the push.

    The central database applies it only with a right HMAC under the actor's
    approval key and only if the actor may make it there (central migration c0009).
    """
    if key is None:  # a context not made by logging in with a password
        raise UserError("users.sign_in_again")
    session.flush()
    fields: dict[str, Any] = {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "password_hash": user.password_hash,
        "active": user.active,
        "must_change": user.must_change_password,
        "changed_at": now,
        "new_key": new_key,
    }
    change = str(uuid.uuid4())
    desk_code = session.scalar(select(Setting.value).where(Setting.key == DESK_CODE)) or ""
    signed = SignedChange(change, desk_code, actor, user.id, **fields)
    row = UserChange(change=change, user_id=user.id, actor=actor, mac=signed.mac(key), **fields)
    session.add(row)
    session.flush()
    queue(session, "user_change", [row.id], now)


def _check_new_password(old: str, new: str) -> None:
    if len(new) < MIN_PASSWORD:
        raise UserError(
            "generic.where",
            where=Message(F_NEW_PASSWORD),
            what=Message("users.at_least", min=MIN_PASSWORD),
        )
    if new == old:
        raise UserError(
            "generic.where", where=Message(F_NEW_PASSWORD), what=Message("users.password_same")
        )


def _change_own(
    session: Session, username: str, old: str, new: str, now: datetime, desk_id: int | None = None
) -> LoginResult:
    # A wrong old password counts as a failed login, so it is kept: no raise in here.
    result = _verify(session, username.strip(), old, now, desk_id)
    if result.ok and result.user_id is not None:
        user = session.get(User, result.user_id)
        assert user is not None
        user.password_hash = hash_password(new)
        user.must_change_password = False
        # Signed with the key of the password just checked; the new one's key goes along.
        old_key, new_key = approval_key(user.id, old), approval_key(user.id, new)
        _signed(session, user, user.username, old_key, now, new_key)
        audit(session, "password_change", now, user_id=result.user_id, desk_id=desk_id)
    return result


def change_own_password(db: Database, username: str, old: str, new: str, now: datetime) -> None:
    """The user's own new password; clears must_change_password."""
    _check_new_password(old, new)
    with db.write() as session:
        result = _change_own(session, username, old, new, now)
    if not result.ok:
        raise UserError(
            "generic.where", where=Message(F_OLD_PASSWORD), what=result.problem or Message("")
        )


def change_password_and_log_in(
    db: Database, username: str, old: str, new: str, desk_code: str, now: datetime
) -> DeskContext:
    """A temporary password replaced by the user's own, then work at ``desk_code``.

    The way in after ``log_in`` said must_change_password: only a password that
    nobody else knows opens the desk (and approves voids).
    """
    _check_new_password(old, new)
    with db.write() as session:
        desk_id = session.scalar(select(Desk.id).where(Desk.code == desk_code))
        if desk_id is None:
            raise UserError("login.no_such_desk", desk=desk_code)
        result = _change_own(session, username, old, new, now, desk_id)
        ctx = _enter(session, result, desk_code, now, new) if result.ok else None
    if ctx is None:
        raise UserError(
            "generic.where", where=Message(F_OLD_PASSWORD), what=result.problem or Message("")
        )
    return ctx
