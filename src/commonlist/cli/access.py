"""Commands over accounts: ``users add/list/disable``, ``tokens create/list/revoke``.

Every governance command acts as someone: ``--token`` (an API token), ``--as``
(a registered user; the CLI runs on the server, so its operator may act for a
user without their password) or, by default, the system principal named by
``COMMONLIST_ACTOR``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import Engine

from commonlist.access.roles import Principal, parse_roles
from commonlist.access.tokens import authenticate_token, list_tokens
from commonlist.access.users import active_user, list_users
from commonlist.cli.common import DbOption, actor, console, engine_for, user_errors
from commonlist.policy import actions
from commonlist.registry.clock import utcnow
from commonlist.registry.db import transaction

users_app = typer.Typer(help="User accounts and their roles.", no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens for machines.", no_args_is_help=True)

AsOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        help="Act as this registered user (default: the system principal).",
        show_default=False,
    ),
]
TokenOption = Annotated[
    str | None,
    typer.Option("--token", help="Act with this API token.", show_default=False),
]


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.add_typer(tokens_app, name="tokens")


def principal_for(engine: Engine, as_user: str | None, token: str | None) -> Principal:
    """Who a command acts as: the token's user, the ``--as`` user, else the system."""
    with user_errors(), transaction(engine) as session:
        if token:
            return authenticate_token(session, token, now=utcnow())
        if as_user:
            return active_user(session, as_user).principal()
    return Principal.system(actor())


@contextmanager
def acting(
    db: str | None, as_user: str | None, token: str | None
) -> Iterator[tuple[Engine, Principal]]:
    """The engine and principal of a command; domain errors inside become one clear line."""
    engine = engine_for(db)
    principal = principal_for(engine, as_user, token)
    with user_errors():
        yield engine, principal


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="Login name, e.g. a.ivanova")],
    roles: Annotated[
        list[str],
        typer.Option("--role", "-r", help="submitter, approver, secretariat or auditor (repeat)."),
    ],
    member: Annotated[
        str | None, typer.Option("--member", "-m", help="Member the user acts for.")
    ] = None,
    password: Annotated[
        bool, typer.Option("--password", help="Prompt for a password (web UI login).")
    ] = False,
    as_user: AsOption = None,
    token: TokenOption = None,
    db: DbOption = None,
) -> None:
    """Create a user (secretariat only)."""
    engine = engine_for(db)
    principal = principal_for(engine, as_user, token)
    secret = (
        typer.prompt("password", hide_input=True, confirmation_prompt=True) if password else None
    )
    with user_errors():
        user = actions.create_user(
            engine, principal, name, member=member, roles=parse_roles(roles), password=secret
        )
    console.print(f"user {user.name} added ({', '.join(sorted(r.value for r in user.roles))})")


@users_app.command("list")
def users_list(db: DbOption = None) -> None:
    """List users, their member, roles and whether they are active."""
    engine = engine_for(db)
    with transaction(engine) as session:
        users = list_users(session)
    table = Table("user", "member", "roles", "status", "since")
    for u in users:
        table.add_row(
            u.name,
            u.member or "—",
            ", ".join(sorted(r.value for r in u.roles)),
            "active" if u.active else f"disabled {u.disabled_at:%Y-%m-%d}",
            u.created_at.date().isoformat(),
        )
    console.print(table)


@users_app.command("disable")
def users_disable(
    name: str, as_user: AsOption = None, token: TokenOption = None, db: DbOption = None
) -> None:
    """Disable a user: their sessions and tokens stop working at once."""
    with acting(db, as_user, token) as (engine, principal):
        user = actions.disable_user(engine, principal, name)
    console.print(f"user {user.name} disabled")


@tokens_app.command("create")
def tokens_create(
    user: Annotated[str, typer.Argument(help="Whose token it is.")],
    scopes: Annotated[
        list[str],
        typer.Option("--scope", "-s", help="An action, e.g. import.submit, or 'all' (repeat)."),
    ],
    days: Annotated[int, typer.Option(min=1, max=366, help="Days until it expires.")] = 90,
    as_user: AsOption = None,
    token: TokenOption = None,
    db: DbOption = None,
) -> None:
    """Create an API token; its secret is printed once and never stored."""
    with acting(db, as_user, token) as (engine, principal):
        created, clear = actions.create_token(engine, principal, user, scopes=scopes, days=days)
    console.print(
        f"token {created.id} for {created.user}, expires {created.expires_at:%Y-%m-%d}, "
        f"scopes: {', '.join(sorted(created.scopes))}"
    )
    typer.echo(clear)


@tokens_app.command("list")
def tokens_list(
    user: Annotated[str | None, typer.Option("--user", "-u")] = None, db: DbOption = None
) -> None:
    """List tokens (never their secrets)."""
    engine = engine_for(db)
    with transaction(engine) as session:
        tokens = list_tokens(session, user)
    table = Table("token", "user", "scopes", "expires", "status")
    now = utcnow()
    for t in tokens:
        status = "revoked" if t.revoked_at else "expired" if t.expires_at <= now else "active"
        table.add_row(
            t.id, t.user, ", ".join(sorted(t.scopes)), t.expires_at.date().isoformat(), status
        )
    console.print(table)


@tokens_app.command("revoke")
def tokens_revoke(
    token_id: Annotated[str, typer.Argument(help="The token's id (shown by tokens list).")],
    as_user: AsOption = None,
    token: TokenOption = None,
    db: DbOption = None,
) -> None:
    """Revoke a token now."""
    with acting(db, as_user, token) as (engine, principal):
        revoked = actions.revoke_token(engine, principal, token_id)
    console.print(f"token {revoked.id} of {revoked.user} revoked")
