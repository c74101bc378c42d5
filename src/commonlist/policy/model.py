"""A deployment's adoption policy: how a common entry becomes listed, read from TOML.

A policy applies from its ``effective_from`` date; the policy in force at a time
is the newest one whose date has come (see ``store.policy_at``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from commonlist.exc import InvalidInput


class AdoptionRule(str, Enum):
    """How many members must designate a subject before the common entry is listed."""

    UNION = "union"  # any one member's designation suffices
    QUORUM = "quorum"  # at least ``quorum`` members
    CONSENSUS = "consensus"  # one member, then a no-objection period nobody objects in


class ObjectionEffect(str, Enum):
    """What an objection raised in the no-objection period does."""

    BLOCK = "block"  # not listed while the objection stands (the objector withdraws it)
    HOLD = "hold"  # on hold until the secretariat lifts the hold


@dataclass(frozen=True, slots=True)
class Policy:
    rule: AdoptionRule
    effective_from: date
    quorum: int = 1
    objection_days: int = 0
    objection_effect: ObjectionEffect = ObjectionEffect.BLOCK
    review_months: int = 12
    four_eyes: bool = True
    #: imports made by the operator's CLI (system principal) count without an approver
    auto_approve_system: bool = True

    def threshold(self) -> int:
        """Members that must designate the subject."""
        return self.quorum if self.rule is AdoptionRule.QUORUM else 1

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            rule=self.rule.value,
            effective_from=self.effective_from.isoformat(),
            objection_effect=self.objection_effect.value,
        )
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Policy:
        return cls(
            rule=AdoptionRule(data["rule"]),
            effective_from=date.fromisoformat(data["effective_from"]),
            quorum=int(data["quorum"]),
            objection_days=int(data["objection_days"]),
            objection_effect=ObjectionEffect(data["objection_effect"]),
            review_months=int(data["review_months"]),
            four_eyes=bool(data["four_eyes"]),
            auto_approve_system=bool(data["auto_approve_system"]),
        )


#: Used until a deployment applies its own policy file.
DEFAULT_POLICY = Policy(AdoptionRule.UNION, date(2000, 1, 1))


def _get(table: Mapping[str, Any], key: str, kind: type, default: Any, where: str) -> Any:
    value = table.get(key, default)
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise InvalidInput(f"{where}: {key} must be a whole number, not {value!r}")
    if not isinstance(value, kind):
        raise InvalidInput(f"{where}: {key} must be a {kind.__name__}, not {value!r}")
    return value


def parse_policy(text: str, *, source: str = "policy") -> Policy:
    """A policy from TOML text; InvalidInput naming the file and the key otherwise."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{source}: not valid TOML: {exc}") from None
    adoption = data.get("adoption", {})
    review = data.get("review", {})
    submissions = data.get("submissions", {})
    where = f"{source} [adoption]"
    rule_text = _get(adoption, "rule", str, "union", where)
    try:
        rule = AdoptionRule(rule_text)
    except ValueError:
        raise InvalidInput(f"{where}: rule must be union, quorum or consensus") from None
    raw_from = adoption.get("effective_from")
    if isinstance(raw_from, date):
        effective = raw_from
    else:
        raise InvalidInput(f"{where}: effective_from must be a TOML date, e.g. 2026-01-01")
    effect_text = _get(adoption, "objection_effect", str, "block", where)
    try:
        effect = ObjectionEffect(effect_text)
    except ValueError:
        raise InvalidInput(f"{where}: objection_effect must be block or hold") from None
    policy = Policy(
        rule=rule,
        effective_from=effective,
        quorum=_get(adoption, "quorum", int, 1, where),
        objection_days=_get(adoption, "objection_days", int, 0, where),
        objection_effect=effect,
        review_months=_get(review, "months", int, 12, f"{source} [review]"),
        four_eyes=_get(submissions, "four_eyes", bool, True, f"{source} [submissions]"),
        auto_approve_system=_get(
            submissions, "auto_approve_system", bool, True, f"{source} [submissions]"
        ),
    )
    if policy.quorum < 1:
        raise InvalidInput(f"{where}: quorum must be at least 1")
    if not 0 <= policy.objection_days <= 365:
        raise InvalidInput(f"{where}: objection_days must be between 0 and 365")
    if rule is AdoptionRule.CONSENSUS and policy.objection_days < 1:
        raise InvalidInput(f"{where}: consensus needs a no-objection period (objection_days ≥ 1)")
    if not 1 <= policy.review_months <= 120:
        raise InvalidInput(f"{source} [review]: months must be between 1 and 120")
    return policy


def load_policy(path: Path) -> Policy:
    if not path.is_file():
        raise InvalidInput(f"no policy file at {path}")
    return parse_policy(path.read_text(encoding="utf-8"), source=path.name)
