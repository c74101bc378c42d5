"""Every state-changing operation × every role, allowed and refused, through the actions.

An attempt counts as refused only when it raises PermissionDenied; any other
outcome (success, or a state error such as Conflict) means authorisation let it through.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import timedelta

from govkit import MAX, SYSTEM, T0, Gov, policy_text, un_xml

from commonlist.access.roles import STATE_CHANGING, Action, Principal, Role
from commonlist.exc import CommonListError, PermissionDenied
from commonlist.policy import actions
from commonlist.policy.codes import PetitionStatus, ReviewOutcome

ROLES = ("sub_a", "app_a", "sub_b", "sub_c", "sec", "aud", "public")

#: Who may do what, written out independently of ``access.roles.RULES``.
EXPECTED: dict[Action, set[str]] = {
    Action.MEMBER_ADD: {"sec"},
    Action.USER_ADD: {"sec"},
    Action.USER_DISABLE: {"sec"},
    Action.TOKEN_CREATE: {"sec"},  # for someone else; one's own is self-service
    Action.TOKEN_REVOKE: {"sec"},
    Action.IMPORT_SUBMIT: {"sub_a"},  # AA's list
    Action.DESIGNATION_WITHDRAW: {"sub_a"},  # AA's record
    Action.SUBMISSION_DECIDE: {"app_a"},  # AA's submission
    Action.OBJECTION_RAISE: {"sub_a", "sub_b", "sub_c"},  # each for its own member
    Action.OBJECTION_WITHDRAW: {"sub_c"},  # CC's objection
    Action.STATEMENT_SET: {"sec"},
    Action.ENTRY_EVALUATE: {"sec"},
    Action.ENTRY_HOLD: {"sec"},
    Action.ENTRY_UNHOLD: {"sec"},
    Action.PETITION_FILE: {"sub_a", "app_a", "sub_b", "sub_c", "sec", "aud", "public"},
    Action.PETITION_DECIDE: {"sec"},
    Action.ENTRY_REVIEW: {"sec"},
    Action.ENTRY_DELIST: {"sec"},
    Action.RELEASE_CREATE: {"sec"},
    Action.POLICY_CHANGE: {"sec"},
}


def test_access_matrix(gov: Gov) -> None:
    eng = gov.engine
    principals: dict[str, Principal] = {
        name: getattr(gov, name) for name in ROLES if name != "public"
    }
    principals["public"] = Principal.public()
    gov.policy(policy_text("quorum", quorum=2))
    gov.submit(SYSTEM, "AA", ["ivanov", "hassan"])
    gov.submit(SYSTEM, "BB", ["ivanov"])
    gov.evaluate()
    listed, proposed = "CL-000001", "CL-000002"
    pending = gov.submit(gov.sub_a, "AA", ["ivanov", "hassan", "mendes"]).submission_id
    objection = actions.raise_objection(eng, gov.sub_c, proposed, "doubt", now=T0)
    tokens = {n: actions.create_token(eng, SYSTEM, "app-b", scopes=["all"])[0].id for n in ROLES}
    for n in ROLES:
        actions.create_user(
            eng, SYSTEM, f"victim-{n}", member=None, roles=frozenset({Role.AUDITOR}), password=None
        )
    petition, _ = actions.file_petition(
        eng,
        Principal.public(),
        listed,
        petitioner="X",
        contact="x@example.org",
        grounds="wrong person",
        max_attachment_bytes=1000,
    )
    counter = itertools.count()
    upload = gov.tmp / "aa.xml"
    upload.write_text(un_xml("AA", ["ivanov", "hassan"]), encoding="utf-8")
    from commonlist.releases.actions import create_release

    attempts: dict[Action, Callable[[Principal, str], object]] = {
        Action.MEMBER_ADD: lambda p, n: actions.create_member(
            eng, p, f"M{next(counter)}", name_en="M", name_ru="М"
        ),
        Action.USER_ADD: lambda p, n: actions.create_user(
            eng, p, f"new-{n}", member=None, roles=frozenset({Role.AUDITOR}), password=None
        ),
        Action.USER_DISABLE: lambda p, n: actions.disable_user(eng, p, f"victim-{n}"),
        Action.TOKEN_CREATE: lambda p, n: actions.create_token(eng, p, "app-b", scopes=["all"]),
        Action.TOKEN_REVOKE: lambda p, n: actions.revoke_token(eng, p, tokens[n]),
        Action.IMPORT_SUBMIT: lambda p, n: actions.submit_import(
            eng, p, upload, member="AA", max_bytes=MAX
        ),
        Action.DESIGNATION_WITHDRAW: lambda p, n: actions.withdraw_designation(
            eng, p, "AA:AA.hassan"
        ),
        Action.SUBMISSION_DECIDE: lambda p, n: actions.decide_submission(
            eng, p, pending, approve=True
        ),
        Action.OBJECTION_RAISE: lambda p, n: actions.raise_objection(
            eng, p, proposed, "reasons", member=p.member or "AA", now=T0
        ),
        Action.OBJECTION_WITHDRAW: lambda p, n: actions.withdraw_objection(eng, p, objection),
        Action.STATEMENT_SET: lambda p, n: actions.set_statement(
            eng, p, listed, public_summary="summary", confidential="secret"
        ),
        Action.ENTRY_EVALUATE: lambda p, n: actions.evaluate_entries(eng, p, now=T0),
        Action.ENTRY_HOLD: lambda p, n: actions.hold_entry(eng, p, proposed, "check"),
        Action.ENTRY_UNHOLD: lambda p, n: actions.lift_hold(eng, p, proposed, "checked"),
        Action.PETITION_FILE: lambda p, n: actions.file_petition(
            eng, p, listed, petitioner=n, contact="c", grounds="g", max_attachment_bytes=10
        ),
        Action.PETITION_DECIDE: lambda p, n: actions.decide_petition(
            eng, p, petition, PetitionStatus.UNDER_REVIEW, "looking"
        ),
        Action.ENTRY_REVIEW: lambda p, n: actions.record_review(
            eng, p, listed, ReviewOutcome.MAINTAINED, "still relevant"
        ),
        Action.ENTRY_DELIST: lambda p, n: actions.delist_entry(eng, p, listed, "decided"),
        Action.RELEASE_CREATE: lambda p, n: create_release(
            eng,
            p,
            out=gov.tmp / "releases" / n,
            key_path=gov.tmp / "key.pem",
            now=T0 + timedelta(days=1),
        ),
        Action.POLICY_CHANGE: lambda p, n: actions.apply_policy(
            eng, p, policy_text("union", since="2027-01-01"), now=T0
        ),
    }
    assert set(attempts) == set(STATE_CHANGING) == set(EXPECTED)
    allowed: dict[Action, set[str]] = {}
    for action, attempt in attempts.items():
        allowed[action] = set()
        for name, principal in principals.items():
            try:
                attempt(principal, name)
            except PermissionDenied:
                continue
            except CommonListError:
                pass
            allowed[action].add(name)
    assert allowed == EXPECTED
    check_tokens_self_service_and_scoped(gov)


def check_tokens_self_service_and_scoped(gov: Gov) -> None:
    token, _ = actions.create_token(gov.engine, gov.aud, "aud", scopes=["petition.file"])
    scoped = Principal("sub-a", "AA", gov.sub_a.roles, frozenset({"petition.file"}))
    try:
        actions.raise_objection(gov.engine, scoped, "CL-000001", "r")
    except PermissionDenied as exc:
        assert "not scoped" in exc.detail
    else:
        raise AssertionError("a token scoped for petitions raised an objection")
    actions.revoke_token(gov.engine, gov.aud, token.id)
    for p in (gov.sub_a, Principal.public()):
        try:
            actions.create_token(gov.engine, p, "aud", scopes=["all"])
        except PermissionDenied:
            continue
        raise AssertionError(f"{p.name} created a token for someone else")
