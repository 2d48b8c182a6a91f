"""`desk web` and `desk central web-role`: the campaign's web form and its role.

Building the parser stays quick: Starlette, uvicorn and SQLAlchemy are imported
by the commands that run.
"""

from __future__ import annotations

import argparse
import os

from desk.cli.common import Command, central_at, unreachable
from desk.messages import word

PASSWORD_ENV = "DESK_WEB_DB_PASSWORD"  # the role's password, kept out of the process list


def cmd_web(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DBAPIError

    from desk.sync.central import central_url
    from desk.web.serve import serve

    url = central_url(args.url)
    if url.password is None and os.environ.get(PASSWORD_ENV):
        url = url.set(password=os.environ[PASSWORD_ENV])
    try:
        serve(
            url,
            args.bind,
            behind_proxy=args.behind_proxy,
            per_address=args.per_address,
        )
    except DBAPIError as exc:  # the first log-in, before serving
        raise unreachable(args.url, exc) from exc
    return 0


def cmd_central_web_role(args: argparse.Namespace) -> int:
    from desk.web.role import add_web_role

    with central_at(args.url) as central:
        account = add_web_role(central)
    print(word("web.role_made", {"role": account.role, "password": account.password}))
    print(word("web.serve_with", {"env": PASSWORD_ENV}))
    shown = account.url(args.url)._replace(password=None).render_as_string()
    print(f"  {PASSWORD_ENV}=… desk web --url '{shown}' --bind 127.0.0.1:8080")
    return 0


def add_parsers(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    central: argparse._SubParsersAction,  # type: ignore[type-arg]
    command: Command,
) -> None:
    p = command(central, "web-role", "cli.help.web_role", db=False)
    p.add_argument("--url", required=True, help=word("cli.help.owner_url"))
    p.set_defaults(func=cmd_central_web_role)

    p = command(sub, "web", "cli.help.web", db=False)
    p.add_argument("--url", required=True, help=word("cli.help.web_url"))
    p.add_argument("--bind", default="127.0.0.1:8080", help=word("cli.help.web_bind"))
    p.add_argument("--per-address", type=int, default=20, help=word("cli.help.per_address"))
    p.add_argument("--behind-proxy", action="store_true", help=word("cli.help.behind_proxy"))
    p.set_defaults(func=cmd_web)
