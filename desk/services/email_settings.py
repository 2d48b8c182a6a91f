"""Where a desk's e-mailed survey cards go from: the mail server and the web form.

The server's settings live in the desk's file (table ``setting``, keys ``smtp_*``),
so they travel with it; the password does not: it goes to the system keyring
(service ``desk-smtp``), as the central database's does (desk.sync.config), or,
where the machine has none, to a file beside the database readable by its owner
only. ``DESK_SMTP_PASSWORD`` gives it from outside (a server run from a script).
The web form's address (``campaign_web_url``) makes each card's link and QR code.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from desk import messages
from desk.models.db import Database
from desk.models.tables import Setting
from desk.services.card_mail import SECURITIES, sender_address
from desk.services.contacts import email_problem
from desk.services.context import INFO_ROLES, DeskContext, audit_as, require_role
from desk.services.keyrings import keyring_usable
from desk.services.problems import UserError

WEB_URL_KEY = "campaign_web_url"
SMTP_KEYS = ("host", "port", "security", "username", "sender", "per_minute")
KEYRING_SERVICE = "desk-smtp"
PASSWORD_SUFFIX = ".smtp-password"
PASSWORD_ENV = "DESK_SMTP_PASSWORD"  # a server without a keyring: the password from outside


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # "starttls" | "tls" | "none"
    username: str | None
    sender: str  # "Топлофикация София <anketa@example.bg>"
    per_minute: int  # sending rate limit, 0 = none


def load_smtp_settings(db: Database) -> SmtpSettings | None:
    """The mail server this desk sends through, or None when none was set."""
    with db.read() as session:
        stored = _settings(session, [f"smtp_{key}" for key in SMTP_KEYS])
    if "smtp_host" not in stored:
        return None
    return SmtpSettings(
        host=stored["smtp_host"],
        port=int(stored.get("smtp_port", "587")),
        security=stored.get("smtp_security", "starttls"),
        username=stored.get("smtp_username") or None,
        sender=stored.get("smtp_sender", ""),
        per_minute=int(stored.get("smtp_per_minute", "0")),
    )


def save_smtp_settings(
    db: Database, ctx: DeskContext, settings: SmtpSettings, password: str | None
) -> None:
    """Keep the settings in the desk's file and the password in the keyring (or, where
    the machine has none, a file beside the database readable by its owner only)."""
    _check_settings(settings)
    values = {
        "smtp_host": settings.host.strip(),
        "smtp_port": str(settings.port),
        "smtp_security": settings.security,
        "smtp_username": (settings.username or "").strip(),
        "smtp_sender": settings.sender.strip(),
        "smtp_per_minute": str(settings.per_minute),
    }
    with db.write() as session:
        require_role(session, ctx, INFO_ROLES, "what.survey_card")
        for key, value in values.items():
            _put(session, key, value)
        audit_as(
            session,
            ctx,
            "smtp_settings_saved",
            datetime.now(messages.SOFIA).replace(tzinfo=None),
            host=values["smtp_host"],
            port=settings.port,
            security=settings.security,
            user=values["smtp_username"],
            sender=values["smtp_sender"],
            per_minute=settings.per_minute,
        )
    if password is not None and settings.username:
        store_password(db.path, settings, password)


def _check_settings(settings: SmtpSettings) -> None:
    if not settings.host.strip() or any(c.isspace() for c in settings.host.strip()):
        raise UserError("email.bad_host", host=settings.host)
    if not 1 <= settings.port <= 65535:
        raise UserError("email.bad_port", port=str(settings.port))
    if settings.security not in SECURITIES:
        raise UserError("email.bad_security", security=settings.security)
    if settings.security == "none" and settings.username and not _loopback(settings.host):
        # AUTH PLAIN/LOGIN would carry the password in the clear across the network.
        raise UserError("email.cleartext_login", user=settings.username, host=settings.host)
    address = sender_address(settings.sender)
    if not address or email_problem(address) is not None:
        raise UserError("email.bad_sender", sender=settings.sender)
    if settings.per_minute < 0:
        raise UserError("email.bad_rate", per_minute=str(settings.per_minute))


def _loopback(host: str) -> bool:
    """This machine: a relay on it sees the password only inside the machine."""
    host = host.strip().strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_web_url(db: Database) -> str | None:
    with db.read() as session:
        return _settings(session, [WEB_URL_KEY]).get(WEB_URL_KEY) or None


def save_web_url(db: Database, ctx: DeskContext, url: str) -> None:
    """The web form's address (the cards' links and QR codes): http or https."""
    url = url.strip()
    if not url.startswith(("https://", "http://")) or len(url.split("://", 1)[1]) < 1:
        raise UserError("email.bad_web_url", url=url)
    with db.write() as session:
        require_role(session, ctx, INFO_ROLES, "what.survey_card")
        _put(session, WEB_URL_KEY, url)


def _settings(session: Session, keys: Sequence[str]) -> dict[str, str]:
    rows = session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(keys)))
    return {key: value for key, value in rows}


def _put(session: Session, key: str, value: str) -> None:
    upsert = sqlite_insert(Setting).values(key=key, value=value)
    session.execute(upsert.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def _account(settings: SmtpSettings) -> str:
    return f"{settings.username}@{settings.host}:{settings.port}"


def password_file(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + PASSWORD_SUFFIX)


def store_password(db_path: Path, settings: SmtpSettings, password: str) -> None:
    """Into the keyring where there is a real one, as the central password
    (desk.sync.config), else into a 0600 file beside the database."""
    import keyring
    from keyring.errors import KeyringError

    if keyring_usable():
        try:
            keyring.set_password(KEYRING_SERVICE, _account(settings), password)
            password_file(db_path).unlink(missing_ok=True)
            return
        except KeyringError:
            pass  # a locked or broken keyring: the file
    path = password_file(db_path)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(password)
    os.chmod(path, 0o600)


def load_password(db_path: Path, settings: SmtpSettings) -> str | None:
    """From the environment (DESK_SMTP_PASSWORD), the keyring, or the file, in that order."""
    import keyring
    from keyring.errors import KeyringError

    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if keyring_usable():
        try:
            found = keyring.get_password(KEYRING_SERVICE, _account(settings))
        except KeyringError:
            found = None
        if found is not None:
            return found
    path = password_file(db_path)
    return path.read_text(encoding="utf-8") if path.is_file() else None
