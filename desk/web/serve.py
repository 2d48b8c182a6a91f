"""Serving the form: ``desk web`` in the foreground, or in a thread (the demo, tests).

The listening socket is bound before uvicorn starts: a client that connects
early waits in the backlog instead of being refused, and a port of 0 gets a
free one. Uvicorn takes no address from X-Forwarded-For unless told it runs
behind a proxy: a client must not choose the address its limit is counted by.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass

import uvicorn
from sqlalchemy.engine import URL

from desk.services.problems import UserError
from desk.web.app import WebSettings, create_app, secret_from_env
from desk.web.gateway import Gateway

LIMIT_CONCURRENCY = 500


def parse_bind(text: str) -> tuple[str, int]:
    """``127.0.0.1:8080`` -> (host, port); a bare port listens on loopback."""
    host, _, port = text.rpartition(":")
    if not port.isdigit() or not 0 <= int(port) <= 65535:
        raise UserError("web.bind_unreadable", bind=text)
    return (host.strip("[]") or "127.0.0.1"), int(port)


def listening(host: str, port: int) -> socket.socket:
    """The listening socket; an address taken or not this machine's is said in words."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UserError(
            "web.bind_failed", bind=f"{host}:{port}", reason=exc.strerror or str(exc)
        ) from exc
    sock.listen(2048)
    return sock


def _config(app: object, behind_proxy: bool, quiet: bool) -> uvicorn.Config:
    return uvicorn.Config(
        app,  # type: ignore[arg-type]
        proxy_headers=behind_proxy,
        server_header=False,
        # Past this many connections at once a client gets 503, not a server out of
        # sockets; an idle keep-alive connection goes after 5 s (uvicorn's default).
        limit_concurrency=LIMIT_CONCURRENCY,
        log_level="warning" if quiet else "info",
        access_log=not quiet,
        lifespan="off",
    )


@dataclass
class RunningForm:
    """The form served in a thread of this process."""

    url: str
    server: uvicorn.Server
    thread: threading.Thread
    gateway: Gateway
    sock: socket.socket

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.sock.close()
        self.gateway.close()


def start_in_thread(
    database_url: str | URL,
    bind: str = "127.0.0.1:0",
    settings: WebSettings | None = None,
    quiet: bool = True,
) -> RunningForm:
    host, port = parse_bind(bind)
    sock = listening(host, port)
    gateway = Gateway(database_url)
    app = create_app(gateway, settings or WebSettings(secret_from_env()))
    server = uvicorn.Server(_config(app, behind_proxy=False, quiet=quiet))
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="desk-web", daemon=True
    )
    thread.start()
    shown = f"[{host}]" if ":" in host else host
    return RunningForm(f"http://{shown}:{sock.getsockname()[1]}", server, thread, gateway, sock)


def serve(
    database_url: str | URL, bind: str, behind_proxy: bool = False, per_address: int = 20
) -> None:
    """Serve in the foreground until Ctrl+C."""
    host, port = parse_bind(bind)
    gateway = Gateway(database_url)
    try:
        gateway.check()  # a wrong password is said now, not as a 503 to every payer
    except BaseException:
        gateway.close()
        raise
    sock = listening(host, port)
    settings = WebSettings(secret_from_env(), address_limit=per_address, secure_cookie=behind_proxy)
    try:
        uvicorn.Server(_config(create_app(gateway, settings), behind_proxy, quiet=False)).run(
            sockets=[sock]
        )
    finally:
        sock.close()
        gateway.close()
