"""Whether this machine has a system keyring to keep a password in.

Both passwords a desk keeps, the central database's (desk.sync.config) and the mail
server's (desk.services.email_settings), go to the keyring only when it is a real one,
and else to a 0600 file beside the database. The test lives here, in the lower of the
two rooms, so that services need not reach up into sync for it.
"""

from __future__ import annotations

from typing import Any


def keyring_usable() -> bool:
    """True when keyring has a real backend (not ``fail``, not an empty chainer)."""
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    priority: Any = backend.priority  # a number (keyring types it loosely)
    return not isinstance(backend, fail.Keyring) and priority > 0
