"""What keeps a flood and a forged post out: CSRF tokens, a limit per client address.

The CSRF token is a signed double submit: a random value and its HMAC under the
server's secret, set as a cookie (SameSite=Strict, HttpOnly) and put in the
form; a post counts only when both carry the same token and its signature
holds. Another site can make a browser post, but can neither read the cookie
nor make one that our secret signed.

The limit per address is kept in this process (a flood at one server process);
the limit per payer code is the central database's (c0012 ``web_submit``), so it
holds across processes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Callable

TOKEN_BYTES = 18


class CsrfTokens:
    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def new(self) -> str:
        nonce = secrets.token_urlsafe(TOKEN_BYTES)
        return f"{nonce}.{self._signature(nonce)}"

    def holds(self, cookie: str | None, posted: str | None) -> bool:
        """The posted token is the cookie's, and this server signed it."""
        if not cookie or not posted or not hmac.compare_digest(cookie, posted):
            return False
        nonce, _, signature = posted.partition(".")
        return hmac.compare_digest(signature, self._signature(nonce))

    def _signature(self, nonce: str) -> str:
        return hmac.new(self._secret, nonce.encode(), hashlib.sha256).hexdigest()


class RateLimit:
    """At most ``limit`` events per key in any ``window`` seconds; at most ``keys``
    keys remembered (the longest idle forgotten first), so memory stays bounded."""

    def __init__(
        self,
        limit: int,
        window: float,
        keys: int = 50_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.keys = keys
        self._clock = clock
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()
        self._refused: dict[str, float] = {}

    def allow(self, key: str) -> bool:
        """Count one event of ``key``; False when it is over the limit (not counted)."""
        now = self._clock()
        times = self._seen.pop(key, None) or deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        allowed = len(times) < self.limit
        if allowed:
            times.append(now)
        self._seen[key] = times
        while len(self._seen) > self.keys:
            self._seen.popitem(last=False)
        return allowed

    def first_refusal(self, key: str) -> bool:
        """Whether a refusal of ``key`` is its first in a window: a flood is noted
        once per window, not once per post."""
        now = self._clock()
        noted = self._refused.get(key)
        if noted is not None and noted > now - self.window:
            return False
        self._refused[key] = now
        while len(self._refused) > self.keys:
            del self._refused[next(iter(self._refused))]
        return True
