"""What an importer produces: one member's designation of one subject, as plain data.

Entity data uses followthemoney's schemata and property names, cleaned through
followthemoney's types (countries become ISO codes, dates ISO prefixes), so that
every later stage reads the same vocabulary whatever list a record came from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import orjson
from followthemoney import model
from followthemoney.proxy import EntityProxy
from rigour.text.scripts import text_scripts

from commonlist.exc import SourceFormatError

#: Schemata a member record may have.
SCHEMATA = ("Person", "Organization", "LegalEntity", "Vessel", "Airplane")


class NameKind(str, Enum):
    """How the list presents a name."""

    PRIMARY = "primary"
    ALIAS = "alias"  # a.k.a., good quality
    WEAK_ALIAS = "weak_alias"  # low quality a.k.a.
    ORIGINAL_SCRIPT = "original_script"  # the name as written in its own script
    PREVIOUS = "previous"  # formerly known as


#: followthemoney property that carries each kind of name.
NAME_PROPERTY: Mapping[NameKind, str] = {
    NameKind.PRIMARY: "name",
    NameKind.ALIAS: "alias",
    NameKind.WEAK_ALIAS: "weakAlias",
    NameKind.ORIGINAL_SCRIPT: "alias",
    NameKind.PREVIOUS: "previousName",
}

#: Name part properties of a Person, in followthemoney's vocabulary.
NAME_PART_PROPERTIES = ("firstName", "secondName", "middleName", "fatherName", "lastName")


def name_script(value: str) -> str:
    """The script of a name: ``Latin``, ``Cyrillic``, ``Arabic``…, or ``Mixed``/``Unknown``."""
    scripts = text_scripts(value)
    if not scripts:
        return "Unknown"
    if len(scripts) == 1:
        return next(iter(scripts))
    non_latin = scripts - {"Latin"}
    return next(iter(non_latin)) if len(non_latin) == 1 else "Mixed"


@dataclass(frozen=True, slots=True)
class Name:
    """One name of a subject as the list gives it."""

    value: str
    kind: NameKind
    script: str
    lang: str | None = None
    #: name parts when the list splits them (property name → value), e.g. lastName
    parts: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"value": self.value, "kind": self.kind.value, "script": self.script}
        if self.lang:
            data["lang"] = self.lang
        if self.parts:
            data["parts"] = [list(p) for p in self.parts]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Name:
        return cls(
            value=data["value"],
            kind=NameKind(data["kind"]),
            script=data["script"],
            lang=data.get("lang"),
            parts=tuple((str(k), str(v)) for k, v in data.get("parts", [])),
        )


@dataclass(frozen=True, slots=True)
class IdentityDocument:
    """A passport, national ID or other identifier, with its issuing country."""

    kind: str  # passport | national_id | other
    number: str
    country: str | None = None  # ISO 3166-1 alpha-2, lower case (followthemoney)
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "number": self.number,
            "country": self.country,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IdentityDocument:
        return cls(data["kind"], data["number"], data.get("country"), data.get("note"))


@dataclass(frozen=True, slots=True)
class Designation:
    """Why, when and under what law a member lists the subject."""

    listed_on: str | None = None  # ISO date (prefix)
    legal_basis: str | None = None  # resolution, regulation, decree
    regime: str | None = None  # programme or sanctions regime
    reasons: str | None = None  # statement of reasons, as published
    authority: str | None = None  # who designates
    updated_on: str | None = None  # last amendment date given by the list

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__ if getattr(self, k) is not None}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Designation:
        return cls(**{k: data.get(k) for k in cls.__slots__})


@dataclass(frozen=True, slots=True)
class ParsedRecord:
    """One designation by one member, as read from a list file."""

    native_id: str  # the list's own identifier: QDi.001, ent_num, AFG0001, EU.11.43
    schema: str  # followthemoney schema name
    names: tuple[Name, ...]
    properties: Mapping[str, tuple[str, ...]]  # other followthemoney properties
    documents: tuple[IdentityDocument, ...]
    designation: Designation
    raw: str  # the source fragment, for audit
    ref: str  # where it was in the file: "line 12", "record 3 (QDi.001)"

    def primary_name(self) -> str:
        for name in self.names:
            if name.kind is NameKind.PRIMARY:
                return name.value
        return self.names[0].value

    def content(self) -> dict[str, Any]:
        """The record's data without its location in the file (what versions compare)."""
        return {
            "schema": self.schema,
            "names": [n.to_dict() for n in self.names],
            "properties": {k: list(v) for k, v in sorted(self.properties.items())},
            "documents": [d.to_dict() for d in self.documents],
            "designation": self.designation.to_dict(),
        }

    def content_hash(self) -> str:
        """SHA-256 over the canonical content; raw text and position do not count."""
        blob = orjson.dumps(self.content(), option=orjson.OPT_SORT_KEYS)
        return hashlib.sha256(blob).hexdigest()

    @classmethod
    def from_content(
        cls, native_id: str, content: Mapping[str, Any], raw: str = ""
    ) -> ParsedRecord:
        return cls(
            native_id=native_id,
            schema=content["schema"],
            names=tuple(Name.from_dict(n) for n in content["names"]),
            properties={k: tuple(v) for k, v in content["properties"].items()},
            documents=tuple(IdentityDocument.from_dict(d) for d in content["documents"]),
            designation=Designation.from_dict(content["designation"]),
            raw=raw,
            ref=native_id,
        )

    def to_entity(self, member: str) -> EntityProxy:
        """This record as a followthemoney entity with id ``<member>-<native id>``."""
        entity = model.make_entity(self.schema)
        entity.id = record_entity_id(member, self.native_id)
        for name in self.names:
            entity.add(NAME_PROPERTY[name.kind], name.value, quiet=True, cleaned=True)
            for prop, value in name.parts:
                entity.add(prop, value, quiet=True, cleaned=True)
        for prop, values in self.properties.items():
            entity.add(prop, values, quiet=True, cleaned=True)
        for doc in self.documents:
            prop = "passportNumber" if doc.kind == "passport" else "idNumber"
            entity.add(prop, doc.number, quiet=True, cleaned=True)
        if self.designation.regime:
            entity.add("program", self.designation.regime, quiet=True, cleaned=True)
        entity.add("programId", self.native_id, quiet=True, cleaned=True)
        entity.add("topics", "sanction", quiet=True, cleaned=True)
        return entity


def record_id(member: str, native_id: str) -> str:
    """Registry key and public reference of a member record: ``UN:QDi.001``."""
    return f"{member}:{native_id}"


def record_entity_id(member: str, native_id: str) -> str:
    """followthemoney entity id of a member record (ids allow ``[a-zA-Z0-9.-]``)."""
    safe = "".join(c if c.isalnum() or c in ".-" else "-" for c in native_id)
    return f"{member.lower()}-{safe}"


@dataclass(slots=True)
class RecordBuilder:
    """Accumulates one record while an importer walks its source fragment.

    Values go through followthemoney's type cleaning, so a country given as
    ``"Russian Federation"`` or ``"ИРАК"`` is stored as ``ru``/``iq``. A value the type
    rejects is kept in ``notes`` rather than lost.
    """

    native_id: str
    schema: str
    ref: str
    file: str | None = None
    raw: str = ""
    names: list[Name] = field(default_factory=list)
    properties: dict[str, list[str]] = field(default_factory=dict)
    documents: list[IdentityDocument] = field(default_factory=list)
    designation: Designation = field(default_factory=Designation)

    def add_name(
        self,
        value: str | None,
        kind: NameKind = NameKind.ALIAS,
        *,
        lang: str | None = None,
        parts: Iterable[tuple[str, str | None]] = (),
    ) -> None:
        """Add a name unless empty or already present.

        An alias in another script than a Latin primary name is the name in its
        original script (UN, EU and UK lists give Arabic or Cyrillic that way); on a
        list written in Cyrillic or Arabic, other spellings stay aliases.
        """
        text = clean_text(value)
        if text is None:
            return
        script = name_script(text)
        if (
            kind is NameKind.ALIAS
            and script not in ("Latin", "Unknown", "Mixed")
            and any(n.kind is NameKind.PRIMARY and n.script == "Latin" for n in self.names)
        ):
            kind = NameKind.ORIGINAL_SCRIPT
        clean_parts = tuple((p, v) for p, v in ((p, clean_text(v)) for p, v in parts) if v)
        for i, known in enumerate(self.names):
            if known.value == text:
                # a list may repeat a name (once per language, or primary and alias):
                # keep it once, as primary if either occurrence is
                if kind is NameKind.PRIMARY and known.kind is not NameKind.PRIMARY:
                    self.names[i] = Name(
                        text, kind, known.script, known.lang or lang, clean_parts or known.parts
                    )
                return
        self.names.append(Name(text, kind, script, lang, clean_parts))

    def add(self, prop: str, value: str | None) -> None:
        """Add a followthemoney property value, cleaned by the property's type."""
        text = clean_text(value)
        if text is None:
            return
        schema = model.get(self.schema)
        if schema is None:  # pragma: no cover - schema checked in build()
            raise SourceFormatError(f"unknown schema {self.schema!r}", file=self.file, ref=self.ref)
        prop_obj = schema.get(prop)
        if prop_obj is None:
            raise SourceFormatError(
                f"property {prop!r} is not in schema {self.schema}",
                file=self.file,
                ref=self.ref,
                field=prop,
            )
        cleaned = prop_obj.type.clean(text, proxy=None)
        if cleaned is None:
            if prop != "notes":
                self.add("notes", f"{prop}: {text}")
            return
        values = self.properties.setdefault(prop, [])
        if cleaned not in values:
            values.append(cleaned)

    def add_document(
        self, kind: str, number: str | None, country: str | None = None, note: str | None = None
    ) -> None:
        num = clean_text(number)
        if num is None:
            return
        code = None
        if country:
            code = model.get("Passport").get("country").type.clean(country)  # type: ignore[union-attr]
            if code is None:
                note = f"{country}; {note}" if note else country
        doc = IdentityDocument(kind, num, code, clean_text(note))
        if doc not in self.documents:
            self.documents.append(doc)

    def build(self) -> ParsedRecord:
        if self.schema not in SCHEMATA:
            raise SourceFormatError(
                f"unsupported schema {self.schema!r}", file=self.file, ref=self.ref, field="schema"
            )
        if not self.native_id:
            raise SourceFormatError("record has no identifier", file=self.file, ref=self.ref)
        if not self.names:
            raise SourceFormatError(
                "record has no name", file=self.file, ref=self.ref, field="name"
            )
        if not any(n.kind is NameKind.PRIMARY for n in self.names):
            first = self.names[0]
            self.names[0] = Name(
                first.value, NameKind.PRIMARY, first.script, first.lang, first.parts
            )
        return ParsedRecord(
            native_id=self.native_id,
            schema=self.schema,
            names=tuple(self.names),
            properties={k: tuple(v) for k, v in self.properties.items()},
            documents=tuple(self.documents),
            designation=self.designation,
            raw=self.raw,
            ref=self.ref,
        )


def clean_text(value: str | None) -> str | None:
    """Collapse white space; ``None`` for empty values and list placeholders (``-0-``, ``-``)."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    if text in ("", "-", "-0-", "--", "n/a", "N/A", "na", "NA"):
        return None
    return text
