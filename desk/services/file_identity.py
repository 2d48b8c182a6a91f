"""Is this the file that last synchronised, or a copy or a restored backup of it?

Receipt numbers are per desk and gapless (DOMAIN.md). A joined desk's file
restored from a backup, or copied to a second machine, does not know the
numbers the original gave after the copy was made; offline, it would give
them again. So a joined file remembers which file it is: the file system's
identity of the file (device and inode, a file id on Windows) at its last
sync (``file_fingerprint``). A copy, or a backup copied back after a disk
failure, is a new file with a new identity: it takes no payment and no void
until it has synchronised once (desk.sync.replication), which moves its
series past every number the central database holds for the desk.

A file that never joined a central database (no fingerprint) is not checked.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from desk.models.tables import Setting
from desk.services.desk_identity import DESK_CODE
from desk.services.problems import UserError

FINGERPRINT = "file_fingerprint"


def fingerprint(path: Path | str) -> str:
    """The file system's identity of the file at ``path``: a copy has another."""
    st = os.stat(path)
    return f"{st.st_dev}:{st.st_ino}"


def session_path(session: Session) -> str | None:
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    return engine.url.database or None


def require_same_file(session: Session) -> None:
    """Refuse to give a receipt number in a file copied or restored since its last sync."""
    stored = session.scalar(select(Setting.value).where(Setting.key == FINGERPRINT))
    path = session_path(session)
    if stored is None or path is None or fingerprint(path) == stored:
        return
    code = session.scalar(select(Setting.value).where(Setting.key == DESK_CODE)) or "?"
    raise UserError("payment.file_copied", desk=code)
