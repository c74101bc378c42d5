"""Roles, actions and the one authorisation check every state-changing operation calls.

The rules are a table, not code paths: ``RULES`` says which roles may perform
each action and whether the action is bound to the actor's own member (a member
may only create, change or withdraw its own designations and objections).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from commonlist.exc import InvalidInput, PermissionDenied


class Role(str, Enum):
    """What a user is trusted with."""

    SUBMITTER = "submitter"  # prepares designations and objections for their member
    APPROVER = "approver"  # second person of the same member (four eyes)
    SECRETARIAT = "secretariat"  # review queue, releases, petitions, users
    AUDITOR = "auditor"  # reads everything, changes nothing
    PUBLIC = "public"  # anyone: published releases, screening, petitions
    SYSTEM = "system"  # the operator's CLI on the server itself


class Action(str, Enum):
    """Every operation that authorisation knows about, stored by value in the audit log."""

    MEMBER_ADD = "member.add"
    USER_ADD = "user.add"
    USER_DISABLE = "user.disable"
    TOKEN_CREATE = "token.create"
    TOKEN_REVOKE = "token.revoke"
    IMPORT_SUBMIT = "import.submit"
    DESIGNATION_WITHDRAW = "designation.withdraw"
    SUBMISSION_DECIDE = "submission.decide"
    OBJECTION_RAISE = "objection.raise"
    OBJECTION_WITHDRAW = "objection.withdraw"
    STATEMENT_SET = "statement.set"
    ENTRY_EVALUATE = "entry.evaluate"
    ENTRY_HOLD = "entry.hold"
    ENTRY_UNHOLD = "entry.unhold"
    ENTRY_DELIST = "entry.delist"
    ENTRY_REVIEW = "entry.review"
    PETITION_FILE = "petition.file"
    PETITION_DECIDE = "petition.decide"
    RELEASE_CREATE = "release.create"
    POLICY_CHANGE = "policy.change"
    # reads that not everyone may do
    AUDIT_READ = "audit.read"
    CONFIDENTIAL_READ = "confidential.read"


#: Actions that change state; the rest only read.
STATE_CHANGING = tuple(a for a in Action if a not in (Action.AUDIT_READ, Action.CONFIDENTIAL_READ))

S, A, SEC, AUD, PUB = (Role.SUBMITTER, Role.APPROVER, Role.SECRETARIAT, Role.AUDITOR, Role.PUBLIC)


@dataclass(frozen=True, slots=True)
class Rule:
    roles: frozenset[Role]
    #: the actor must belong to the member the action concerns
    own_member: bool = False
    #: a user may do this for their own account whatever their roles (tokens)
    self_service: bool = False


def _rule(*roles: Role, own_member: bool = False, self_service: bool = False) -> Rule:
    return Rule(frozenset(roles), own_member, self_service)


RULES: dict[Action, Rule] = {
    Action.MEMBER_ADD: _rule(SEC),
    Action.USER_ADD: _rule(SEC),
    Action.USER_DISABLE: _rule(SEC),
    Action.TOKEN_CREATE: _rule(SEC, self_service=True),
    Action.TOKEN_REVOKE: _rule(SEC, self_service=True),
    Action.IMPORT_SUBMIT: _rule(S, own_member=True),
    Action.DESIGNATION_WITHDRAW: _rule(S, own_member=True),
    Action.SUBMISSION_DECIDE: _rule(A, own_member=True),
    Action.OBJECTION_RAISE: _rule(S, own_member=True),
    Action.OBJECTION_WITHDRAW: _rule(S, own_member=True),
    Action.STATEMENT_SET: _rule(SEC),
    Action.ENTRY_EVALUATE: _rule(SEC),
    Action.ENTRY_HOLD: _rule(SEC),
    Action.ENTRY_UNHOLD: _rule(SEC),
    Action.ENTRY_DELIST: _rule(SEC),
    Action.ENTRY_REVIEW: _rule(SEC),
    Action.PETITION_FILE: _rule(PUB, S, A, SEC, AUD),
    Action.PETITION_DECIDE: _rule(SEC),
    Action.RELEASE_CREATE: _rule(SEC),
    Action.POLICY_CHANGE: _rule(SEC),
    Action.AUDIT_READ: _rule(SEC, AUD),
    Action.CONFIDENTIAL_READ: _rule(S, A, SEC, AUD),
}


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is acting: a user (from a password session or a token), the public, or the system."""

    name: str
    member: str | None
    roles: frozenset[Role]
    #: a token's scopes (action values); ``None`` when not restricted
    scopes: frozenset[str] | None = None

    @classmethod
    def public(cls) -> Principal:
        return cls("public", None, frozenset({Role.PUBLIC}))

    @classmethod
    def system(cls, name: str = "cli") -> Principal:
        return cls(name, None, frozenset({Role.SYSTEM}))

    @property
    def is_system(self) -> bool:
        return Role.SYSTEM in self.roles

    def has(self, role: Role) -> bool:
        return role in self.roles


def authorize(
    principal: Principal,
    action: Action,
    *,
    member: str | None = None,
    owner: str | None = None,
) -> None:
    """Raise PermissionDenied unless ``principal`` may perform ``action``.

    ``member`` is the member the action concerns (whose designation, objection or
    submission); ``owner`` the user account it concerns (tokens).
    """
    if principal.scopes is not None and action.value not in principal.scopes:
        raise PermissionDenied(
            f"{principal.name}: this token is not scoped for {action.value} "
            f"(scopes: {', '.join(sorted(principal.scopes)) or 'none'})"
        )
    if principal.is_system:
        return
    rule = RULES[action]
    if rule.self_service and owner is not None and owner == principal.name:
        return
    if not rule.roles & principal.roles:
        allowed = ", ".join(sorted(r.value for r in rule.roles))
        raise PermissionDenied(f"{principal.name} may not {action.value} (needs role: {allowed})")
    if rule.own_member and (member is None or principal.member != member):
        raise PermissionDenied(
            f"{principal.name} ({principal.member or 'no member'}) may not {action.value} "
            f"for member {member or '?'}: members act only on their own designations"
        )


def parse_roles(values: Iterable[str]) -> frozenset[Role]:
    """Roles from their names; InvalidInput naming the known roles otherwise."""
    roles = set()
    for value in values:
        try:
            roles.add(Role(value.strip().lower()))
        except ValueError:
            known = ", ".join(r.value for r in Role if r not in (Role.PUBLIC, Role.SYSTEM))
            raise InvalidInput(f"unknown role {value!r} (roles: {known})") from None
    if Role.PUBLIC in roles or Role.SYSTEM in roles:
        raise InvalidInput("public and system are not roles a user can hold")
    return frozenset(roles)
