"""Writing a release's entries as followthemoney JSON lines, CSV and UN-layout XML.

The XML follows the UN Security Council consolidated list layout so existing
screening software loads it unchanged; REFERENCE_NUMBER carries the common
entry id. Countries are written as names (screening tools expect "Iraq", not
"iq"); our own UN importer reads them back to the same codes.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from followthemoney import model
from followthemoney.types import registry
from lxml import etree

Entry = Mapping[str, Any]

#: name-part property → UN XML element
UN_NAME_PARTS = (
    ("firstName", "FIRST_NAME"),
    ("secondName", "SECOND_NAME"),
    ("middleName", "THIRD_NAME"),
    ("lastName", "FOURTH_NAME"),
)
LIST_TYPE = "Common List"


def _props(entry: Entry, name: str) -> list[str]:
    values: list[str] = entry.get("properties", {}).get(name, [])
    return values


def ftm_entities(entry: Entry) -> list[dict[str, Any]]:
    """The entry as a followthemoney entity with its ``referents``, plus one Sanction
    entity per designating member.

    Values are already cleaned by followthemoney (the records were built through
    it), so the entities are written as plain dicts, keeping only the properties
    the entry's schema has.
    """
    schema = model.get(entry["schema"])
    assert schema is not None
    props = {
        prop: list(values)
        for prop, values in entry.get("properties", {}).items()
        if prop in schema.properties and prop != "programId"
    }
    if entry.get("statement"):
        props["notes"] = [*props.get("notes", []), entry["statement"]]
    referents = sorted(
        {item["record"] for item in entry.get("designations", []) if item.get("record")}
    )
    # ``referents``: the member records behind the entry (MEMBER:NATIVE_ID), as yente reports them
    found = [
        {"id": entry["id"], "schema": schema.name, "properties": props, "referents": referents}
    ]
    for item in entry.get("designations", []):
        sanction = {
            "entity": [entry["id"]],
            "authority": [item["member"]],
            "program": [item["regime"]] if item.get("regime") else [],
            "startDate": [item["listed_on"]] if item.get("listed_on") else [],
        }
        found.append(
            {
                "id": f"{entry['id']}-{item['member'].lower()}",
                "schema": "Sanction",
                "properties": {k: v for k, v in sanction.items() if v},
            }
        )
    return found


def write_ftm(path: Path, entries: Iterable[Entry]) -> None:
    with path.open("wb") as fh:
        for entry in entries:
            for entity in ftm_entities(entry):
                fh.write(orjson.dumps(entity, option=orjson.OPT_SORT_KEYS) + b"\n")


CSV_COLUMNS = (
    "id",
    "schema",
    "name",
    "status",
    "listed_at",
    "members",
    "aliases",
    "birth_dates",
    "nationalities",
    "countries",
    "documents",
    "statement",
)


def write_csv(path: Path, entries: Iterable[Entry]) -> None:
    """One row per entry; multiple values joined with ``; ``."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        for e in entries:
            writer.writerow(
                [
                    e["id"],
                    e["schema"],
                    e["caption"],
                    e.get("status", ""),
                    e.get("listed_at", ""),
                    "; ".join(e.get("members", [])),
                    "; ".join(v for v in _props(e, "alias") if v != e["caption"]),
                    "; ".join(_props(e, "birthDate")),
                    "; ".join(_props(e, "nationality")),
                    "; ".join(_props(e, "country")),
                    "; ".join(
                        f"{d['kind']} {d['number']}"
                        + (f" ({d['country']})" if d["country"] else "")
                        for d in e.get("documents", [])
                    ),
                    e.get("statement", ""),
                ]
            )


def _country(code: str) -> str:
    return registry.country.caption(code) or code


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    node = etree.SubElement(parent, tag)
    if text is not None:
        node.text = text
    return node


def _values(parent: etree._Element, tag: str, values: Iterable[str]) -> None:
    values = list(values)
    if values:
        node = _sub(parent, tag)
        for value in values:
            _sub(node, "VALUE", value)


def _name_elements(node: etree._Element, entry: Entry, person: bool) -> None:
    parts = dict(entry.get("name_parts", []))
    ordered = [(tag, parts.get(prop)) for prop, tag in UN_NAME_PARTS]
    joined = " ".join(v for _, v in ordered if v)
    if not person or joined != entry["caption"]:
        _sub(node, "FIRST_NAME", entry["caption"])
        return
    for tag, value in ordered:
        if value:
            _sub(node, tag, value)


def _un_node(entry: Entry, index: int, generated: str) -> etree._Element:
    person = entry["schema"] == "Person"
    tag = "INDIVIDUAL" if person else "ENTITY"
    node = etree.Element(tag)
    _sub(node, "DATAID", str(index))
    _sub(node, "VERSIONNUM", "1")
    _name_elements(node, entry, person)
    _sub(node, "UN_LIST_TYPE", LIST_TYPE)
    _sub(node, "REFERENCE_NUMBER", entry["id"])
    _sub(node, "LISTED_ON", str(entry.get("listed_at", ""))[:10])
    if person:
        for gender in _props(entry, "gender")[:1]:
            _sub(node, "GENDER", gender.capitalize())
    if entry.get("statement"):
        _sub(node, "COMMENTS1", entry["statement"])
    if person:
        _values(node, "TITLE", _props(entry, "title"))
        _values(node, "DESIGNATION", _props(entry, "position"))
        _values(node, "NATIONALITY", [_country(c) for c in _props(entry, "nationality")])
    _values(node, "LIST_TYPE", ["UN List"])
    _values(node, "LAST_DAY_UPDATED", [generated[:10]])
    alias_tag = "INDIVIDUAL_ALIAS" if person else "ENTITY_ALIAS"
    for prop, quality in (("alias", "Good"), ("weakAlias", "Low"), ("previousName", "f.k.a.")):
        for value in _props(entry, prop):
            if value == entry["caption"]:
                continue
            alias = _sub(node, alias_tag)
            _sub(alias, "QUALITY", quality)
            _sub(alias, "ALIAS_NAME", value)
    addr_tag = "INDIVIDUAL_ADDRESS" if person else "ENTITY_ADDRESS"
    for value in _props(entry, "address"):
        _sub(_sub(node, addr_tag), "STREET", value)
    for code in _props(entry, "country"):
        _sub(_sub(node, addr_tag), "COUNTRY", _country(code))
    if person:
        for value in _props(entry, "birthDate"):
            dob = _sub(node, "INDIVIDUAL_DATE_OF_BIRTH")
            _sub(dob, "TYPE_OF_DATE", "EXACT")
            _sub(dob, "YEAR" if len(value) == 4 else "DATE", value)
        for value in _props(entry, "birthPlace"):
            _sub(_sub(node, "INDIVIDUAL_PLACE_OF_BIRTH"), "CITY", value)
        for doc in entry.get("documents", []):
            item = _sub(node, "INDIVIDUAL_DOCUMENT")
            kind = {"passport": "Passport", "national_id": "National Identification Number"}
            _sub(item, "TYPE_OF_DOCUMENT", kind.get(doc["kind"], "Other"))
            _sub(item, "NUMBER", doc["number"])
            if doc.get("country"):
                _sub(item, "ISSUING_COUNTRY", _country(doc["country"]))
            if doc.get("note"):
                _sub(item, "NOTE", doc["note"])
    _sub(node, "SORT_KEY", entry["caption"])
    _sub(node, "SORT_KEY_LAST_MOD")
    return node


def write_un_xml(path: Path, entries: Iterable[Entry], *, generated: datetime) -> None:
    """The entries in the UN consolidated list layout: INDIVIDUALS, then ENTITIES."""
    stamp = generated.isoformat(timespec="seconds")
    root = etree.Element("CONSOLIDATED_LIST", dateGenerated=stamp)
    individuals = _sub(root, "INDIVIDUALS")
    organisations = _sub(root, "ENTITIES")
    for index, entry in enumerate(entries, 1):
        parent = individuals if entry["schema"] == "Person" else organisations
        parent.append(_un_node(entry, index, stamp))
    path.write_bytes(
        etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    )
