"""Users, roles and logging in (argon2id; five wrong passwords lock for 15 minutes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desk.models.db import Database
from desk.models.tables import Desk, User
from desk.services.context import ROLES, DeskContext, audit
from desk.services.problems import UserError

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
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _verify(session: Session, username: str, password: str, now: datetime) -> LoginResult:
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        return LoginResult(None, username, problem="грешно потребителско име или парола")
    if user.locked_until is not None and user.locked_until > now:
        left = int((user.locked_until - now).total_seconds() // 60) + 1
        return LoginResult(None, username, problem=f"профилът е заключен още {left} мин.")
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        failed = user.failed_logins + 1
        values: dict[str, object] = {"failed_logins": failed}
        problem = "грешно потребителско име или парола"
        if failed >= MAX_FAILED_LOGINS:
            values = {"failed_logins": 0, "locked_until": now + timedelta(minutes=LOCK_MINUTES)}
            problem = f"пет грешни опита: профилът е заключен за {LOCK_MINUTES} минути"
        session.execute(update(User).where(User.id == user.id).values(**values))
        audit(session, "login_failed", now, user_id=user.id, desk_id=None, failed=failed)
        return LoginResult(None, username, problem=problem)
    session.execute(
        update(User).where(User.id == user.id).values(failed_logins=0, locked_until=None)
    )
    return LoginResult(user.id, username, user.full_name, user.role, user.must_change_password)


def log_in(
    db: Database, username: str, password: str, desk_code: str, now: datetime
) -> tuple[LoginResult, DeskContext | None]:
    """Check the password; on success return who is working at which desk."""
    with db.write() as session:
        result = _verify(session, username.strip(), password, now)
        if not result.ok or result.user_id is None:
            return result, None
        desk = session.scalar(select(Desk).where(Desk.code == desk_code))
        if desk is None:
            return LoginResult(None, username, problem=f"няма каса с код {desk_code}"), None
        audit(session, "login", now, user_id=result.user_id, desk_id=desk.id)
        ctx = DeskContext(
            desk.id,
            desk.code,
            desk.name,
            result.user_id,
            result.username,
            result.full_name,
            result.role,
        )
        return result, ctx


def approve(session: Session, username: str, password: str, now: datetime) -> LoginResult:
    """A supervisor's name and password in the same dialog (voids)."""
    result = _verify(session, username.strip(), password, now)
    if result.ok and result.role not in ("supervisor", "admin"):
        return LoginResult(None, username, problem="одобрява само ръководител")
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
        raise UserError(f"роля: няма такава роля {role!r}")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"парола: поне {MIN_PASSWORD} знака")
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
