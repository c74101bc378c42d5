"""Russian and English labels for every status, reason and outcome code."""

from __future__ import annotations

from enum import Enum

from commonlist.policy.codes import PetitionStatus, ReviewOutcome, SubmissionStatus
from commonlist.policy.lifecycle import EntryStatus, Reason
from commonlist.policy.model import AdoptionRule, ObjectionEffect

LABELS: dict[Enum, tuple[str, str]] = {
    EntryStatus.PROPOSED: ("proposed", "предложено"),
    EntryStatus.HELD: ("on hold", "приостановлено"),
    EntryStatus.LISTED: ("listed", "включено в перечень"),
    EntryStatus.AMENDED: ("listed, amended", "включено, изменено"),
    EntryStatus.DELISTED: ("delisted", "исключено из перечня"),
    EntryStatus.WITHDRAWN: ("withdrawn before listing", "отозвано до включения"),
    Reason.DESIGNATED: ("designated by a member", "назначено государством-участником"),
    Reason.ADOPTED: ("adoption policy satisfied", "выполнены условия включения"),
    Reason.QUORUM_NOT_MET: ("quorum not reached", "кворум не достигнут"),
    Reason.OBJECTION_BLOCKS: ("blocked by an objection", "заблокировано возражением"),
    Reason.OBJECTION_HOLD: ("held by an objection", "приостановлено из-за возражения"),
    Reason.SECRETARIAT_HOLD: ("held by the secretariat", "приостановлено секретариатом"),
    Reason.HOLD_LIFTED: ("hold lifted by the secretariat", "приостановка снята секретариатом"),
    Reason.CONTENT_CHANGED: ("data amended", "сведения изменены"),
    Reason.SUPPORT_LOST: (
        "no longer designated by any member",
        "более не назначено ни одним участником",
    ),
    Reason.SECRETARIAT_DECISION: ("decision of the secretariat", "решение секретариата"),
    Reason.PETITION_GRANTED: (
        "delisting petition granted",
        "ходатайство об исключении удовлетворено",
    ),
    Reason.REVIEW_DELISTING: (
        "delisted after periodic review",
        "исключено по итогам периодического пересмотра",
    ),
    AdoptionRule.UNION: (
        "union: any member's designation",
        "объединение: достаточно одного участника",
    ),
    AdoptionRule.QUORUM: ("quorum: k of n members", "кворум: k участников из n"),
    AdoptionRule.CONSENSUS: (
        "consensus with a no-objection period",
        "консенсус с периодом для возражений",
    ),
    ObjectionEffect.BLOCK: ("an objection blocks listing", "возражение блокирует включение"),
    ObjectionEffect.HOLD: (
        "an objection puts the entry on hold",
        "возражение приостанавливает включение",
    ),
    SubmissionStatus.PENDING: ("awaiting approval", "ожидает утверждения"),
    SubmissionStatus.APPROVED: ("approved", "утверждено"),
    SubmissionStatus.REJECTED: ("rejected", "отклонено"),
    ReviewOutcome.MAINTAINED: ("listing maintained", "включение сохранено"),
    ReviewOutcome.DELIST: ("to be delisted", "подлежит исключению"),
    PetitionStatus.RECEIVED: ("received", "получено"),
    PetitionStatus.UNDER_REVIEW: ("under review", "на рассмотрении"),
    PetitionStatus.GRANTED: ("granted: delisted", "удовлетворено: исключено"),
    PetitionStatus.REJECTED: ("rejected", "отклонено"),
}

#: Every code that must have both labels.
CODES: tuple[type[Enum], ...] = (
    EntryStatus,
    Reason,
    AdoptionRule,
    ObjectionEffect,
    SubmissionStatus,
    ReviewOutcome,
    PetitionStatus,
)


def label(code: Enum, lang: str = "en") -> str:
    """The label of a code in ``en`` or ``ru``; the code itself when it has none."""
    pair = LABELS.get(code)
    if pair is None:
        return str(code.value)
    return pair[1] if lang == "ru" else pair[0]
