"""The campaign's web form (Starlette): Bulgarian first, English on ``?lang=en``.

``GET /`` shows the form (``?card=NUMBER`` fills the card number in: the link
of an e-mailed card); ``POST /`` checks it by the desk's own rules and hands it
to the central database's ``web_submit`` (c0012), which identifies the payer
and records the answers; ``/thanks`` says they arrived.

A post passes, in order: the limit per client address, a body of at most
``max_body`` bytes (refused before it is parsed), the CSRF token, the form's
rules (problems named at their fields), and the central function (the limit per
payer code, then who the payer is). A wrong payer code and a wrong subscriber
number get the same page: nothing tells which payer codes exist. A bug or the
database away shows a page of our own in both languages, never a trace.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from desk.messages import SOFIA, Message
from desk.services.contacts import CHANNEL_NAMES, CHANNELS
from desk.web.form import ORDER, as_digits, read_answers, typed
from desk.web.gateway import Gateway
from desk.web.guard import CsrfTokens, RateLimit
from desk.web.texts import chooser, name_of, worded

log = logging.getLogger(__name__)

MAX_BODY = 16 * 1024
MAX_FIELDS = 40
BODY_SECONDS = 10  # for the whole body of a post: a form is a few hundred bytes
COOKIE = "desk_csrf"
SECRET_ENV = "DESK_WEB_SECRET"
FORM_TYPE = "application/x-www-form-urlencoded"
# Each field's name, by desk/messages.py's code or the page's own.
LABELS = {
    "payer_code": "field.payer_code",
    "subscriber_number": "field.subscriber_number",
    "card": "card",
    "phone": "field.phone",
    "phone_2": "field.phone_2",
    "email": "field.email",
    "address": "field.address",
    "preferred_channel": "field.preferred_channel",
    "e_invoice": "field.e_invoice",
    "e_invoice_email": "field.e_invoice_email",
    "consent": "field.consent_on",
}
HINTS = {
    "payer_code": "payer_code_hint",
    "subscriber_number": "subscriber_number_hint",
    "card": "card_hint",
    "phone": "phone_hint",
    "phone_2": "phone_hint",
    "e_invoice_email": "e_invoice_email_hint",
}
# The database away, or every connection of the pool busy past its wait: "try later".
UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout)
# No script, no frame, no referrer: a card's number in the address goes nowhere else.
HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'none'; style-src 'self'; img-src 'self'; "
        b"form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]


@dataclass(frozen=True, slots=True)
class WebSettings:
    secret: bytes  # signs the CSRF tokens
    address_limit: int = 20  # posts per client address ...
    address_window: float = 600.0  # ... in this many seconds
    max_body: int = MAX_BODY
    secure_cookie: bool = False  # True behind HTTPS


def secret_from_env() -> bytes:
    """$DESK_WEB_SECRET (shared by the server's processes), or one made at start
    (a form opened before a restart then asks to be opened again)."""
    given = os.environ.get(SECRET_ENV, "")
    return given.encode() if given else secrets.token_bytes(32)


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass


def _lang(value: str | None) -> str:
    return "en" if value == "en" else "bg"


class FormPages:
    """The pages, worded in the language asked for."""

    def __init__(self, gateway: Gateway, settings: WebSettings) -> None:
        self.gateway = gateway
        self.settings = settings
        self.tokens = CsrfTokens(settings.secret)
        self.per_address = RateLimit(settings.address_limit, settings.address_window)
        self.env = Environment(
            loader=PackageLoader("desk.web", "templates"),
            autoescape=select_autoescape(default=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )

    # --- pages ---------------------------------------------------------------------

    async def form(self, request: Request) -> Response:
        lang = _lang(request.query_params.get("lang"))
        values = typed({"card": request.query_params.get("card", "")[:20]})
        return self._form(request, lang, values, {}, 200)

    async def thanks(self, request: Request) -> Response:
        lang = _lang(request.query_params.get("lang"))
        return self._page(
            request, "thanks.html", lang, 200, message="thanks_received", title="thanks_title"
        )

    async def submit(self, request: Request) -> Response:
        client = _client_key(request.client.host if request.client else "unknown")
        if not self.per_address.allow(client):
            if self.per_address.first_refusal(client):
                await self._refuse(client, None, None, "address_limit")
            return self.error(
                request, _lang(request.query_params.get("lang")), "error_limited", 429
            )
        try:
            form = await self._read(request)
        except _TooLarge:
            await self._refuse(client, None, None, "too_large")
            lang = _lang(request.query_params.get("lang"))
            return self.error(request, lang, "error_too_large", 413)
        except _TooSlow:
            await self._refuse(client, None, None, "too_large")
            return self.error(request, _lang(request.query_params.get("lang")), "error_slow", 408)
        lang = _lang(form.get("lang") or request.query_params.get("lang"))
        # What the audit notes of a refused post: the numbers as typed, when they are
        # numbers (a NUL or any text would be refused by the database, unaudited).
        payer_code, card = _digits(form.get("payer_code")), _digits(form.get("card"))
        if not self.tokens.holds(request.cookies.get(COOKIE), form.get("csrf")):
            await self._refuse(client, payer_code, card, "csrf")
            return self.error(request, lang, "error_csrf", 403)
        today = datetime.now(SOFIA).date()
        answers, problems = read_answers(form, today)
        if answers is None:
            await self._refuse(client, payer_code, card, "invalid")
            return self._form(request, lang, typed(form), problems, 400)
        try:
            outcome = await run_in_threadpool(self.gateway.submit, client, answers)
        except UNAVAILABLE:
            log.exception("the central database is unreachable")
            return self.error(request, lang, "error_unavailable", 503)
        if outcome == "limited":
            return self.error(request, lang, "error_limited", 429)
        if outcome == "unknown":
            # Nothing of the identification is shown again: the page is the same
            # whichever of its numbers was wrong, and whether the payer code exists.
            values = typed({**form, "payer_code": "", "subscriber_number": ""})
            return self._form(request, lang, values, {"payer_code": Message("unknown")}, 400)
        # One thank-you page whether anything changed or not: "confirmed" would tell
        # someone holding a notice that the phone they typed is the one on file.
        query = urlencode({"lang": lang})
        return RedirectResponse(f"{_root(request)}thanks?{query}", status_code=303)

    def error(self, request: Request, lang: str, message: str, status: int) -> Response:
        return self._page(request, "error.html", lang, status, message=message, title="error_title")

    # --- rendering -----------------------------------------------------------------

    def _form(
        self,
        request: Request,
        lang: str,
        values: dict[str, str],
        problems: dict[str, Message],
        status: int,
    ) -> Response:
        cookie = request.cookies.get(COOKIE)
        token = cookie if cookie and self.tokens.holds(cookie, cookie) else self.tokens.new()
        errors = {name: worded(message, lang) for name, message in problems.items()}
        described = {
            name: " ".join(
                part
                for part, present in (
                    (f"{name}-hint", name in HINTS),
                    (f"{name}-error", name in errors),
                )
                if present
            )
            for name in ORDER
        }
        response = self._page(
            request,
            "form.html",
            lang,
            status,
            title="title",
            values=values,
            errors=errors,
            summary=[(name, _label(name, lang), text) for name, text in errors.items()],
            first_error=next(iter(errors), None),
            described=described,
            labels={name: _label(name, lang) for name in LABELS},
            hints=HINTS,
            channels=[(c, _capital(name_of(CHANNEL_NAMES[c], lang))) for c in CHANNELS],
            csrf=token,
            card=values.get("card", ""),
        )
        response.set_cookie(
            COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=self.settings.secure_cookie,
            path=_root(request),
        )
        return response

    def _page(
        self, request: Request, template: str, lang: str, status: int, **context: Any
    ) -> HTMLResponse:
        other = "en" if lang == "bg" else "bg"
        if request.method == "GET" and template != "error.html":  # this page, other language
            link = f"{request.url.path}?{urlencode({**request.query_params, 'lang': other})}"
        elif request.method == "GET":  # an error page: the form (never "//host/..." as typed)
            link = f"{_root(request)}?{urlencode({'lang': other})}"
        else:  # the form afresh (what was typed is not carried over)
            card = context.get("card", "")
            link = (
                f"{_root(request)}?{urlencode({'lang': other, **({'card': card} if card else {})})}"
            )
        html = self.env.get_template(template).render(
            lang=lang,
            other_lang=other,
            other_link=link,
            root=_root(request),
            **chooser(lang),
            **context,
        )
        return HTMLResponse(html, status_code=status)

    # --- the body and the audit ----------------------------------------------------

    async def _read(self, request: Request) -> dict[str, str]:
        """The posted fields, from a body of at most ``max_body`` bytes (refused before
        parsing, by its Content-Length if it says, else as it arrives)."""
        limit = self.settings.max_body
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            raise _TooLarge
        body = bytearray()
        try:
            async with asyncio.timeout(BODY_SECONDS):  # a body that trickles in is cut
                async for chunk in request.stream():
                    body += chunk
                    if len(body) > limit:
                        raise _TooLarge
        except TimeoutError:
            raise _TooSlow from None
        if request.headers.get("content-type", "").split(";")[0].strip() != FORM_TYPE:
            return {}
        try:
            pairs = parse_qsl(
                body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FIELDS
            )
        except (UnicodeDecodeError, ValueError):
            return {}
        form: dict[str, str] = {}
        for name, value in pairs:
            form.setdefault(name, value)
        return form

    async def _refuse(
        self, client: str, payer_code: str | None, card: str | None, outcome: str
    ) -> None:
        try:
            await run_in_threadpool(self.gateway.refuse, client, payer_code, card, outcome)
        except DBAPIError:  # unreachable, or refused: the post is answered all the same
            log.exception("a refusal could not be noted at the central database")


def _label(name: str, lang: str) -> str:
    """A field's name as a label: the catalogue's, with a capital."""
    return _capital(name_of(LABELS[name], lang))


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def _digits(value: str | None) -> str | None:
    """A number as typed, if it is one of at most 20 digits."""
    digits = as_digits(value or "")
    return digits if digits.isascii() and digits.isdigit() and len(digits) <= 20 else None


def _client_key(host: str) -> str:
    """Whom the per-address limit counts: an IPv4 address, or an IPv6 address's /64
    (one customer line or host has a whole /64 to pick addresses from)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv4Address):
        return host
    if address.ipv4_mapped is not None:  # IPv4 behind a dual stack
        return str(address.ipv4_mapped)
    return str(ipaddress.IPv6Network((address, 64), strict=False))


def _root(request: Request) -> str:
    return str(request.scope.get("root_path", "")) + "/"


Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class SecurityHeaders:
    """``headers`` on every response, the error pages' included."""

    def __init__(
        self,
        app: Callable[[Scope, Receive, Send], Awaitable[None]],
        headers: list[tuple[bytes, bytes]],
    ) -> None:
        self.app = app
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(gateway: Gateway, settings: WebSettings) -> SecurityHeaders:
    pages = FormPages(gateway, settings)

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        lang = _lang(request.query_params.get("lang"))
        message = "error_not_found" if status in (404, 405) else "error_generic"
        return pages.error(request, lang, message, status)

    async def server_error(request: Request, exc: Exception) -> Response:
        return pages.error(request, _lang(request.query_params.get("lang")), "error_generic", 500)

    app = Starlette(
        routes=[
            Route("/", pages.form, methods=["GET"]),
            Route("/", pages.submit, methods=["POST"]),
            Route("/thanks", pages.thanks, methods=["GET"]),
            Mount("/static", StaticFiles(packages=[("desk.web", "static")]), name="static"),
        ],
        exception_handlers={HTTPException: http_error, Exception: server_error},
    )
    # Behind HTTPS (the proxy's): browsers are told to come back by HTTPS only.
    hsts = [(b"strict-transport-security", b"max-age=31536000")] if settings.secure_cookie else []
    return SecurityHeaders(app, [*HEADERS, *hsts])
