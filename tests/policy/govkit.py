"""Test kit of governance: three members, their users, lists written as UN XML."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from commonlist.access.roles import Principal, Role
from commonlist.policy import actions
from commonlist.policy.actions import Evaluation
from commonlist.registry.db import transaction
from commonlist.registry.tables import SourceRecordRow
from commonlist.resolve.tables import CommonEntryRow, EntryRecordRow, ResolutionRunRow

T0 = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
MAX = 10 * 1024 * 1024
SYSTEM = Principal.system("ops")

#: Three subjects: (reference, first name, second name, birth year, nationality)
SUBJECTS = {
    "ivanov": ("Ivan", "Petrovich Sidorenko", "1971", "Ukraine"),
    "hassan": ("Abdul Rahman", "Al Qurashi Haddad", "1968", "Iraq"),
    "mendes": ("Carlos Eduardo", "Mendes Ferreira", "1980", "Brazil"),
}


def un_xml(member: str, keys: list[str], *, comment: str = "") -> str:
    """A UN-layout list naming the given subjects, with ``member``'s own references."""
    nodes = []
    for i, key in enumerate(keys, 1):
        first, second, year, nat = SUBJECTS[key]
        nodes.append(
            f"<INDIVIDUAL><FIRST_NAME>{first}</FIRST_NAME><SECOND_NAME>{second}</SECOND_NAME>"
            f"<UN_LIST_TYPE>Test</UN_LIST_TYPE><REFERENCE_NUMBER>{member}.{key}</REFERENCE_NUMBER>"
            f"<LISTED_ON>2020-01-0{i}</LISTED_ON><COMMENTS1>{escape(comment)}</COMMENTS1>"
            f"<NATIONALITY><VALUE>{nat}</VALUE></NATIONALITY>"
            f"<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>{year}</YEAR>"
            "</INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><CONSOLIDATED_LIST><INDIVIDUALS>'
        + "".join(nodes)
        + "</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>"
    )


def group_entries(session: Session) -> None:
    """Stand-in for resolution: one common entry per subject key (``MEMBER.<key>``).

    Keeps these tests about governance, independent of the matcher's scores.
    """
    run = ResolutionRunRow(
        mode="full",
        actor="test",
        matcher="by-key",
        auto_threshold=1.0,
        review_threshold=1.0,
        started_at=T0,
        stats={},
    )
    session.add(run)
    session.flush()
    known = {
        rid: eid
        for eid, rid in session.execute(select(EntryRecordRow.entry_id, EntryRecordRow.record_id))
    }
    entries = {rid.split(".", 1)[1]: eid for rid, eid in known.items()}
    for rid, schema in session.execute(select(SourceRecordRow.id, SourceRecordRow.schema)):
        if rid in known:
            continue
        key = rid.split(".", 1)[1]
        if key not in entries:
            seq = list(SUBJECTS).index(key) + 1
            entries[key] = f"CL-{seq:06d}"
            session.add(
                CommonEntryRow(
                    id=entries[key],
                    seq=seq,
                    schema=schema,
                    status="active",
                    created_at=T0,
                    created_run_id=run.id,
                    updated_at=T0,
                )
            )
            session.flush()
        session.add(
            EntryRecordRow(entry_id=entries[key], record_id=rid, added_at=T0, added_run_id=run.id)
        )
    session.flush()


@dataclass
class Gov:
    engine: Engine
    tmp: Path
    sub_a: Principal
    app_a: Principal
    sub_b: Principal
    app_b: Principal
    sub_c: Principal
    sec: Principal
    aud: Principal

    def submit(
        self, principal: Principal, member: str, keys: list[str], *, comment: str = ""
    ) -> actions.Submitted:
        path = self.tmp / f"{member}-{len(list(self.tmp.iterdir()))}.xml"
        path.write_text(un_xml(member, keys, comment=comment), encoding="utf-8")
        return actions.submit_import(
            self.engine, principal, path, member=member, max_bytes=MAX, now=T0
        )

    def evaluate(self, now: datetime = T0) -> Evaluation:
        with transaction(self.engine) as session:
            group_entries(session)
        return actions.evaluate_entries(self.engine, self.sec, now=now)

    def policy(self, text: str, now: datetime = T0) -> None:
        actions.apply_policy(self.engine, SYSTEM, text, now=now)


def policy_text(
    rule: str, *, quorum: int = 1, days: int = 0, effect: str = "block", since: str = "2026-01-01"
) -> str:
    return (
        f'[adoption]\nrule = "{rule}"\nquorum = {quorum}\nobjection_days = {days}\n'
        f'objection_effect = "{effect}"\neffective_from = {since}\n[review]\nmonths = 6\n'
    )


def make_gov(engine: Engine, tmp_path: Path) -> Gov:
    for code, en, ru in (
        ("AA", "Aland", "Аланд"),
        ("BB", "Boland", "Боланд"),
        ("CC", "Ceeland", "Силанд"),
    ):
        actions.create_member(engine, SYSTEM, code, name_en=en, name_ru=ru, now=T0)
    made = {}
    for name, member, role in (
        ("sub-a", "AA", Role.SUBMITTER),
        ("app-a", "AA", Role.APPROVER),
        ("sub-b", "BB", Role.SUBMITTER),
        ("app-b", "BB", Role.APPROVER),
        ("sub-c", "CC", Role.SUBMITTER),
        ("sec", None, Role.SECRETARIAT),
        ("aud", None, Role.AUDITOR),
    ):
        user = actions.create_user(
            engine, SYSTEM, name, member=member, roles=frozenset({role}), password=None, now=T0
        )
        made[name.replace("-", "_")] = user.principal()
    files = tmp_path / "lists"
    files.mkdir()
    return Gov(engine, files, **made)
