"""Passwords, API tokens and web sessions on a real registry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from commonlist.access.roles import Action, Role
from commonlist.access.sessions import check_csrf, login, logout, session_principal
from commonlist.access.tables import ApiTokenRow, UserRow
from commonlist.access.tokens import authenticate_token, create_token, revoke_token
from commonlist.access.users import add_user, check_password, disable_user
from commonlist.exc import InvalidInput, PermissionDenied
from commonlist.registry.db import transaction
from commonlist.registry.members import add_member

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


@pytest.fixture
def users(engine: Engine) -> Engine:
    with transaction(engine) as session:
        add_member(session, "KZ", name_en="Kazakhstan", name_ru="Казахстан", actor="t")
        add_user(
            session,
            "alice",
            member="KZ",
            roles=frozenset({Role.SUBMITTER}),
            password=PASSWORD,
            actor="t",
            now=NOW,
        )
        add_user(
            session,
            "sec",
            member=None,
            roles=frozenset({Role.SECRETARIAT}),
            password=None,
            actor="t",
            now=NOW,
        )
    return engine


def test_password_stored_as_argon2_and_checked(users: Engine) -> None:
    with transaction(users) as session:
        row = session.get(UserRow, "alice")
        assert row is not None and row.password_hash is not None
        assert row.password_hash.startswith("$argon2") and PASSWORD not in row.password_hash
        assert check_password(session, "Alice", PASSWORD).member == "KZ"
        for name, pw in (("alice", "wrong password!!"), ("nobody", PASSWORD), ("sec", PASSWORD)):
            with pytest.raises(PermissionDenied, match="wrong user name or password"):
                check_password(session, name, pw)


def check_user_rules(users: Engine) -> None:
    with transaction(users) as session:
        with pytest.raises(InvalidInput, match="must belong to a member"):
            add_user(
                session,
                "bob",
                member=None,
                roles=frozenset({Role.APPROVER}),
                password=None,
                actor="t",
                now=NOW,
            )
        with pytest.raises(InvalidInput, match="12 characters"):
            add_user(
                session,
                "bob",
                member="KZ",
                roles=frozenset({Role.APPROVER}),
                password="short",
                actor="t",
                now=NOW,
            )


def test_token_hashed_scoped_expiring_revocable(users: Engine) -> None:
    with transaction(users) as session:
        token, clear = create_token(
            session, "alice", scopes=[Action.IMPORT_SUBMIT.value], days=30, now=NOW
        )
        stored = session.scalars(select(ApiTokenRow.secret_sha256)).all()
        secret = clear.split("_", 2)[2]  # the secret itself may contain "_"
        assert secret not in stored[0] and len(stored[0]) == 64 and len(secret) >= 43
        principal = authenticate_token(session, clear, now=NOW + timedelta(days=1))
        assert principal.name == "alice" and principal.member == "KZ"
        assert principal.scopes == frozenset({"import.submit"})
        with pytest.raises(PermissionDenied):
            authenticate_token(session, clear, now=NOW + timedelta(days=30))
        with pytest.raises(PermissionDenied):
            authenticate_token(session, clear[:-2] + "xx", now=NOW)
        with pytest.raises(InvalidInput, match="not an action this user may perform"):
            create_token(session, "alice", scopes=["release.create"], days=30, now=NOW)
        revoke_token(session, token.id, now=NOW)
        with pytest.raises(PermissionDenied):
            authenticate_token(session, clear, now=NOW)


def check_disabled_user(users: Engine) -> None:
    with transaction(users) as session:
        _, clear = create_token(session, "alice", scopes=["all"], days=30, now=NOW)
        web = login(session, "alice", PASSWORD, now=NOW, hours=8)
        disable_user(session, "alice", now=NOW)
        with pytest.raises(PermissionDenied):
            authenticate_token(session, clear, now=NOW)
        with pytest.raises(PermissionDenied):
            session_principal(session, web.session_id, now=NOW)


def check_session_and_csrf(users: Engine) -> None:
    with transaction(users) as session:
        web = login(session, "alice", PASSWORD, now=NOW, hours=8)
        assert session_principal(session, web.session_id, now=NOW).roles == {Role.SUBMITTER}
        check_csrf(session, web.session_id, web.csrf_token, now=NOW)
        for bad in (None, "", web.csrf_token[:-1] + "x"):
            with pytest.raises(PermissionDenied, match="CSRF"):
                check_csrf(session, web.session_id, bad, now=NOW)
        with pytest.raises(PermissionDenied):
            session_principal(session, web.session_id, now=NOW + timedelta(hours=8))
        logout(session, web.session_id, now=NOW)
        with pytest.raises(PermissionDenied):
            session_principal(session, web.session_id, now=NOW)


def test_users_sessions_and_disabling(users: Engine) -> None:
    check_user_rules(users)
    check_session_and_csrf(users)
    check_disabled_user(users)
