"""Reading common entries: listing, lookup through redirects, the entry view, FtM export.

This is the query API later layers (governance, releases, screening, web) build
on. Every fact in the view says which members assert it, since when and on what
legal basis, because the common list is only as good as its provenance.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import icu
from followthemoney import ValueEntity
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from commonlist.exc import NotFound
from commonlist.names.translit import to_latin
from commonlist.registry.tables import MemberRow, RecordVersionRow, SourceRecordRow
from commonlist.resolve.tables import CommonEntryRow, EntryRecordRow, EntryRedirectRow
from commonlist.sources.model import NameKind, ParsedRecord

#: Members whose spelling of a name is preferred for display, in order.
DISPLAY_PREFERENCE = ("UN", "EU", "UK", "US")
#: Record properties shown as facts (names and identifiers are shown apart).
FACT_PROPERTIES = (
    "birthDate", "deathDate", "birthPlace", "gender", "nationality", "citizenship",
    "country", "jurisdiction", "incorporationDate", "address", "position", "title",
    "topics", "program", "notes",
)  # fmt: skip
_NAME_KIND_ORDER = {k: i for i, k in enumerate(NameKind)}


@dataclass(frozen=True, slots=True)
class EntrySummary:
    id: str
    schema: str
    status: str
    caption: str
    members: tuple[str, ...]
    records: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class Assertion:
    """One member record stating a fact."""

    member: str
    record_id: str
    listed_on: str | None  # the member's designation date, as published
    in_registry_since: datetime  # when the record first entered the registry
    legal_basis: str | None
    regime: str | None


@dataclass(frozen=True, slots=True)
class Fact:
    """One value of one property, and who asserts it."""

    prop: str
    value: str
    assertions: tuple[Assertion, ...]

    @property
    def members(self) -> tuple[str, ...]:
        return tuple(sorted({a.member for a in self.assertions}))


@dataclass(frozen=True, slots=True)
class NameFact:
    value: str
    kind: str  # best kind any member gives it: primary, alias, ...
    assertions: tuple[Assertion, ...]

    @property
    def members(self) -> tuple[str, ...]:
        return tuple(sorted({a.member for a in self.assertions}))


@dataclass(frozen=True, slots=True)
class NameGroup:
    script: str
    lang: str  # ISO 639 code, or "und" when the list does not say
    names: tuple[NameFact, ...]


@dataclass(frozen=True, slots=True)
class EntryRecord:
    """A member record of an entry, current or former."""

    record_id: str
    member: str
    native_id: str
    caption: str
    status: str  # the record's registry status: active | withdrawn
    added_at: datetime
    removed_at: datetime | None


@dataclass(frozen=True, slots=True)
class Redirect:
    old_id: str
    new_id: str
    reason: str  # merged | split
    created_at: datetime


@dataclass(frozen=True, slots=True)
class EntryView:
    id: str
    schema: str
    status: str  # active | merged | split | withdrawn
    created_at: datetime
    updated_at: datetime
    requested_id: str  # the ID asked for; differs from ``id`` after a merge redirect
    display_name_en: str
    display_name_ru: str
    display_name_ru_transliterated: bool  # no member gives a Cyrillic name
    names: tuple[NameGroup, ...]
    facts: tuple[Fact, ...]
    identifiers: tuple[Fact, ...]
    designations: tuple[Assertion, ...]  # one per designating record
    records: tuple[EntryRecord, ...]  # current first, then former
    redirects_in: tuple[Redirect, ...]  # older IDs that now lead here
    successors: tuple[Redirect, ...]  # where a merged or split entry went

    @property
    def members(self) -> tuple[str, ...]:
        return tuple(sorted({a.member for a in self.designations}))


def _filtered(
    stmt: Select[CommonEntryRow],
    *,
    status: str | None,
    member: str | None,
    schema: str | None,
    text: str | None,
) -> Select[CommonEntryRow]:
    if status:
        stmt = stmt.where(CommonEntryRow.status == status)
    if schema:
        stmt = stmt.where(CommonEntryRow.schema == schema)
    if member:
        stmt = stmt.where(
            CommonEntryRow.id.in_(
                select(EntryRecordRow.entry_id)
                .join(SourceRecordRow, SourceRecordRow.id == EntryRecordRow.record_id)
                .where(
                    EntryRecordRow.removed_at.is_(None),
                    SourceRecordRow.member_code == member.upper(),
                )
            )
        )
    if text:
        pattern = f"%{text.lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(CommonEntryRow.id).like(pattern),
                CommonEntryRow.id.in_(
                    select(EntryRecordRow.entry_id)
                    .join(SourceRecordRow, SourceRecordRow.id == EntryRecordRow.record_id)
                    .where(
                        EntryRecordRow.removed_at.is_(None),
                        or_(
                            func.lower(SourceRecordRow.caption).like(pattern),
                            func.lower(SourceRecordRow.id).like(pattern),
                        ),
                    )
                ),
            )
        )
    return stmt


def list_entries(
    session: Session,
    *,
    status: str | None = "active",
    member: str | None = None,
    schema: str | None = None,
    text: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[EntrySummary]:
    """Entries in ID order, filtered; ``text`` matches an ID or any record's caption or ID."""
    stmt = _filtered(select(CommonEntryRow), status=status, member=member, schema=schema, text=text)
    rows = list(session.scalars(stmt.order_by(CommonEntryRow.seq).limit(limit).offset(offset)))
    records: dict[str, list[tuple[str, str, str]]] = {}
    for entry_id, rid, code, caption in session.execute(
        select(
            EntryRecordRow.entry_id,
            SourceRecordRow.id,
            SourceRecordRow.member_code,
            SourceRecordRow.caption,
        )
        .join(SourceRecordRow, SourceRecordRow.id == EntryRecordRow.record_id)
        .where(
            EntryRecordRow.entry_id.in_([r.id for r in rows]), EntryRecordRow.removed_at.is_(None)
        )
    ):
        records.setdefault(entry_id, []).append((rid, code, caption))
    result = []
    for row in rows:
        recs = sorted(records.get(row.id, []), key=lambda r: (_member_rank(r[1]), r[0]))
        result.append(
            EntrySummary(
                row.id,
                row.schema,
                row.status,
                recs[0][2] if recs else "",
                tuple(sorted({r[1] for r in recs})),
                len(recs),
                row.created_at,
                row.updated_at,
            )
        )
    return result


def count_entries(
    session: Session,
    *,
    status: str | None = "active",
    member: str | None = None,
    schema: str | None = None,
    text: str | None = None,
) -> int:
    stmt = _filtered(select(CommonEntryRow), status=status, member=member, schema=schema, text=text)
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def entry_for_record(session: Session, record_id: str) -> str | None:
    """The live entry a member record belongs to now, if any."""
    return session.scalar(
        select(EntryRecordRow.entry_id).where(
            EntryRecordRow.record_id == record_id, EntryRecordRow.removed_at.is_(None)
        )
    )


def _entry_row(session: Session, entry_id: str) -> CommonEntryRow:
    row = session.get(CommonEntryRow, entry_id.strip().upper())
    if row is None:
        raise NotFound(f"no common entry {entry_id!r} (entries are named like CL-000123)")
    return row


def redirects_from(session: Session, entry_id: str) -> list[Redirect]:
    return [
        Redirect(r.old_id, r.new_id, r.reason, r.created_at)
        for r in session.scalars(
            select(EntryRedirectRow)
            .where(EntryRedirectRow.old_id == entry_id)
            .order_by(EntryRedirectRow.id)
        )
    ]


def canonical_id(session: Session, entry_id: str) -> str:
    """The live entry an ID names now: follows merge redirects; a split ID stays itself."""
    row = _entry_row(session, entry_id)
    seen = {row.id}
    while row.status == "merged":
        targets = redirects_from(session, row.id)
        if len(targets) != 1 or targets[0].new_id in seen:
            break
        row = _entry_row(session, targets[0].new_id)
        seen.add(row.id)
    return row.id


def entry_records(
    session: Session, entry_id: str, *, current_only: bool = True
) -> list[tuple[EntryRecord, ParsedRecord, datetime]]:
    """An entry's member records with their current content and registry creation time."""
    stmt = (
        select(EntryRecordRow, SourceRecordRow, RecordVersionRow.content)
        .join(SourceRecordRow, SourceRecordRow.id == EntryRecordRow.record_id)
        .join(
            RecordVersionRow,
            (RecordVersionRow.record_id == SourceRecordRow.id)
            & (RecordVersionRow.version == SourceRecordRow.version),
        )
        .where(EntryRecordRow.entry_id == entry_id)
        .order_by(EntryRecordRow.removed_at.is_not(None), EntryRecordRow.id)
    )
    if current_only:
        stmt = stmt.where(EntryRecordRow.removed_at.is_(None))
    out = []
    for link, src, content in session.execute(stmt):
        out.append(
            (
                EntryRecord(
                    src.id,
                    src.member_code,
                    src.native_id,
                    src.caption,
                    src.status,
                    link.added_at,
                    link.removed_at,
                ),
                ParsedRecord.from_content(src.native_id, content),
                src.created_at,
            )
        )
    return out


def _member_rank(member: str) -> tuple[int, str]:
    if member in DISPLAY_PREFERENCE:
        return (DISPLAY_PREFERENCE.index(member), member)
    return (len(DISPLAY_PREFERENCE), member)


def _assertion(link: EntryRecord, record: ParsedRecord, since: datetime) -> Assertion:
    d = record.designation
    return Assertion(link.member, link.record_id, d.listed_on, since, d.legal_basis, d.regime)


#: English and French spellings of names before the letter-by-letter ICU rules, which
#: read ``j`` as ``й``, ``w`` as ``у`` and ``ou`` as two vowels (``Jamal`` → ``Йамал``).
_CYR_SPELLINGS = (
    ("shch", "щ"), ("you", "ю"), ("kh", "х"), ("zh", "ж"), ("dj", "дж"), ("ch", "ч"),
    ("sh", "ш"), ("ts", "ц"), ("gh", "г"), ("ph", "ф"), ("yu", "ю"), ("ya", "я"),
    ("ou", "у"), ("oo", "у"), ("ee", "и"), ("j", "дж"), ("w", "в"), ("q", "к"), ("x", "кс"),
)  # fmt: skip
#: ``y`` after a vowel is ``й`` (``Sayed`` → ``Сайед``), at the end of a word ``и`` (``Badry``).
_CYR_Y = ((re.compile(r"(?<=[aeiouаеиоуюя])y"), "й"), (re.compile(r"y\b"), "и"))


@cache
def _latin_cyrillic() -> icu.Transliterator:
    return icu.Transliterator.createInstance("Latin-Cyrillic")


def cyrillic_display(latin: str) -> str:
    """A Russian reading of a Latin name (as Russian lists write Arabic names), in title case."""
    text = latin.lower()
    for spelling, letters in _CYR_SPELLINGS:
        text = text.replace(spelling, letters)
    for pattern, letter in _CYR_Y:
        text = pattern.sub(letter, text)
    return str(_latin_cyrillic().transliterate(text)).title()


_HAS_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def _display_names(
    names: Sequence[tuple[EntryRecord, ParsedRecord]],
) -> tuple[str, str, bool]:
    ranked = sorted(names, key=lambda r: _member_rank(r[0].member))
    latin: list[tuple[int, str]] = []
    cyrillic: list[tuple[int, int, str]] = []
    for link, record in ranked:
        for name in record.names:
            order = _NAME_KIND_ORDER[name.kind]
            if name.script == "Latin":
                latin.append((order, name.value))
            elif name.script == "Cyrillic" or _HAS_CYRILLIC.search(name.value):
                cyrillic.append((0 if link.member == "RU" else 1, order, name.value))
    first = ranked[0][1] if ranked else None
    en = (
        min(latin, key=lambda x: x[0])[1]
        if latin
        else (to_latin(first.primary_name()) if first else "")
    )
    if cyrillic:
        return en, min(cyrillic, key=lambda x: (x[0], x[1]))[2], False
    return en, cyrillic_display(en), True


def get_entry(session: Session, entry_id: str) -> EntryView:
    """The view of an entry; an ID merged away leads to the entry that absorbed it.

    A split or withdrawn entry is shown as it was, with its former records and
    (for a split) its successors.
    """
    requested = entry_id.strip().upper()
    row = _entry_row(session, canonical_id(session, requested))
    live = row.status == "active"
    linked = entry_records(session, row.id, current_only=live)
    if not live:
        latest = max((link.removed_at for link, _, _ in linked if link.removed_at), default=None)
        linked = [x for x in linked if x[0].removed_at == latest]
    names: dict[tuple[str, str], dict[str, tuple[int, list[Assertion]]]] = {}
    facts: dict[tuple[str, str], list[Assertion]] = {}
    identifiers: dict[tuple[str, str], list[Assertion]] = {}
    designations: list[Assertion] = []
    for link, record, since in linked:
        assertion = _assertion(link, record, since)
        designations.append(assertion)
        for name in record.names:
            group = names.setdefault((name.script, name.lang or "und"), {})
            order, found = group.get(name.value, (len(_NAME_KIND_ORDER), []))
            found.append(assertion)
            group[name.value] = (min(order, _NAME_KIND_ORDER[name.kind]), found)
        for prop in FACT_PROPERTIES:
            for value in record.properties.get(prop, ()):
                facts.setdefault((prop, value), []).append(assertion)
        for doc in record.documents:
            label = doc.number + (f" ({doc.country})" if doc.country else "")
            identifiers.setdefault((doc.kind, label), []).append(assertion)
    kinds = list(NameKind)
    name_groups = tuple(
        NameGroup(
            script,
            lang,
            tuple(
                NameFact(value, kinds[order].value, tuple(found))
                for value, (order, found) in sorted(
                    group.items(), key=lambda item: (item[1][0], item[0])
                )
            ),
        )
        for (script, lang), group in sorted(names.items(), key=lambda i: (i[0][0] != "Latin", i[0]))
    )
    en, ru, ru_translit = _display_names([(link, record) for link, record, _ in linked])
    prop_order = {p: i for i, p in enumerate(FACT_PROPERTIES)}
    redirects_in = [
        Redirect(r.old_id, r.new_id, r.reason, r.created_at)
        for r in session.scalars(
            select(EntryRedirectRow)
            .where(EntryRedirectRow.new_id == row.id)
            .order_by(EntryRedirectRow.id)
        )
    ]
    return EntryView(
        id=row.id,
        schema=row.schema,
        status=row.status,
        created_at=row.created_at,
        updated_at=row.updated_at,
        requested_id=requested,
        display_name_en=en,
        display_name_ru=ru,
        display_name_ru_transliterated=ru_translit,
        names=name_groups,
        facts=tuple(
            Fact(p, v, tuple(a))
            for (p, v), a in sorted(facts.items(), key=lambda i: (prop_order[i[0][0]], i[0][1]))
        ),
        identifiers=tuple(Fact(k, v, tuple(a)) for (k, v), a in sorted(identifiers.items())),
        designations=tuple(designations),
        records=tuple(link for link, _, _ in entry_records(session, row.id, current_only=False)),
        redirects_in=tuple(redirects_in),
        successors=tuple(redirects_from(session, row.id)),
    )


def designating_members(session: Session, entry_id: str) -> list[Assertion]:
    """The members that designate an entry now: one assertion per current record."""
    return list(get_entry(session, entry_id).designations)


def member_names(session: Session) -> dict[str, tuple[str, str]]:
    """Member code → (English, Russian) name."""
    return {
        code: (en, ru)
        for code, en, ru in session.execute(
            select(MemberRow.code, MemberRow.name_en, MemberRow.name_ru)
        )
    }


def entry_entity(
    entry_id: str, schema: str, records: Sequence[tuple[str, ParsedRecord]]
) -> ValueEntity:
    """A common entry as one followthemoney entity; ``referents`` are ``MEMBER:NATIVE_ID``."""
    entity = ValueEntity.from_dict({"id": entry_id, "schema": schema})
    for member, record in records:
        source = record.to_entity(member)
        for prop, values in source.properties.items():
            if prop in entity.schema.properties and prop != "programId":
                entity.add(prop, values, quiet=True, cleaned=True)
        entity.referents.add(f"{member}:{record.native_id}")
    if records and not entity.has("name"):
        entity.add("name", records[0][1].primary_name(), quiet=True)
    return entity


def export_entities(session: Session, *, batch_size: int = 1000) -> Iterator[ValueEntity]:
    """Every active entry as a followthemoney entity, in ID order."""
    last = 0
    while True:
        rows = list(
            session.execute(
                select(CommonEntryRow.id, CommonEntryRow.seq, CommonEntryRow.schema)
                .where(CommonEntryRow.status == "active", CommonEntryRow.seq > last)
                .order_by(CommonEntryRow.seq)
                .limit(batch_size)
            )
        )
        if not rows:
            return
        members: dict[str, list[tuple[str, ParsedRecord]]] = {}
        for entry_id, code, native, content in session.execute(
            select(
                EntryRecordRow.entry_id,
                SourceRecordRow.member_code,
                SourceRecordRow.native_id,
                RecordVersionRow.content,
            )
            .join(SourceRecordRow, SourceRecordRow.id == EntryRecordRow.record_id)
            .join(
                RecordVersionRow,
                (RecordVersionRow.record_id == SourceRecordRow.id)
                & (RecordVersionRow.version == SourceRecordRow.version),
            )
            .where(
                EntryRecordRow.entry_id.in_([r[0] for r in rows]),
                EntryRecordRow.removed_at.is_(None),
            )
            .order_by(SourceRecordRow.id)
        ):
            members.setdefault(entry_id, []).append(
                (code, ParsedRecord.from_content(native, content))
            )
        for entry_id, _, schema in rows:
            yield entry_entity(entry_id, schema, members.get(entry_id, []))
        last = rows[-1][1]
