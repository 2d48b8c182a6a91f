"""The campaign's web form served for a test: a real uvicorn in a thread on a free
loopback port, logging in to the test's central database as the form's own role,
and a client that keeps its cookies as a browser does (urllib, no fakes)."""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookiejar import CookieJar
from urllib.parse import urlencode

from sqlalchemy import text

from desk.sync.central import CentralDatabase
from desk.web.app import WebSettings
from desk.web.role import add_web_role
from desk.web.serve import RunningForm, start_in_thread

SECRET = b"a test's own secret"
SUBSCRIBER = "1000001"  # the punctual payer's property (tests/desk_fixtures.PAYER)
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@contextmanager
def serving(central: CentralDatabase, **limits: int | float) -> Iterator[RunningForm]:
    account = add_web_role(central)
    running = start_in_thread(account.url(central.url), settings=WebSettings(SECRET, **limits))  # type: ignore[arg-type]
    try:
        wait_until_listening(running.url)
        yield running
    finally:
        running.stop()


def wait_until_listening(url: str) -> None:
    """The socket is bound before the server starts: a connection is queued, then
    answered once uvicorn serves (a GET proves it, no sleep)."""
    host, port = url.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10):
        pass
    urllib.request.urlopen(url + "/", timeout=30).read()


@dataclass
class Reply:
    status: int
    url: str
    headers: dict[str, str]
    body: str

    @property
    def csrf(self) -> str:
        found = CSRF.search(self.body)
        assert found, "no CSRF token on the page"
        return found.group(1)


class Client:
    """A browser's worth of HTTP: cookies kept, redirects followed, errors read."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str = "/") -> Reply:
        return self._open(urllib.request.Request(self.base + path))

    def post(
        self,
        fields: dict[str, str] | None = None,
        *,
        body: bytes | Iterable[bytes] | None = None,
        headers: dict[str, str] | None = None,
        path: str = "/",
    ) -> Reply:
        data = body if body is not None else urlencode(fields or {}).encode()
        request = urllib.request.Request(
            self.base + path,
            data=data,  # type: ignore[arg-type]
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or {})},
        )
        return self._open(request)

    def submit(self, fields: dict[str, str], lang: str = "bg") -> Reply:
        """Open the form, then post ``fields`` with its token, as a person would."""
        token = self.get(f"/?lang={lang}").csrf
        # Where the form's action posts it: its language in the address too.
        return self.post({"csrf": token, "lang": lang, **fields}, path=f"/?lang={lang}")

    def _open(self, request: urllib.request.Request) -> Reply:
        try:
            with self.opener.open(request, timeout=30) as response:
                return Reply(
                    response.status,
                    response.geturl(),
                    dict(response.headers),
                    response.read().decode(),
                )
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.geturl(), dict(error.headers), error.read().decode())


def audit(central: CentralDatabase) -> list[tuple[str | None, str | None, str]]:
    """web_submission: (payer code tried, card, outcome), oldest first."""
    with central.read() as session:
        rows = session.execute(
            text("SELECT payer_code, card_number, outcome FROM web_submission ORDER BY id")
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]
