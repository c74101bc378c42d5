"""Imports on a real registry (SQLite and PostgreSQL): updates, history, atomicity, bad input."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import Engine, func, select

from commonlist.exc import FileTooLarge, NotFound, SourceFormatError
from commonlist.registry.db import transaction
from commonlist.registry.imports import import_file
from commonlist.registry.members import add_member
from commonlist.registry.records import (
    current_records,
    get_record,
    list_imports,
    list_records,
    stats,
)
from commonlist.registry.tables import ImportBatchRow, RecordVersionRow, SourceRecordRow

MAX = 200 * 1024 * 1024


@pytest.fixture
def un_member(engine: Engine) -> str:
    with transaction(engine) as session:
        add_member(session, "UN", name_en="United Nations", name_ru="ООН", actor="test")
    return "UN"


def refs(path: Path) -> set[str]:
    """Reference numbers of a UN XML file, read independently of the importer."""
    tree = etree.parse(str(path))
    return {el.text.strip() for el in tree.iter("REFERENCE_NUMBER") if el.text}


def counts(engine: Engine) -> tuple[int, int, int]:
    with transaction(engine) as session:
        return (
            session.scalar(select(func.count()).select_from(SourceRecordRow)) or 0,
            session.scalar(select(func.count()).select_from(RecordVersionRow)) or 0,
            session.scalar(
                select(func.count())
                .select_from(ImportBatchRow)
                .where(ImportBatchRow.status == "committed")
            )
            or 0,
        )


def test_un_import_counts(engine: Engine, un_member: str, data_dir: Path) -> None:
    path = data_dir / "un_sc_consolidated" / "consolidated.xml"
    result = import_file(engine, path, member=un_member, actor="alice", max_bytes=MAX)
    assert (result.total, result.added, result.changed, result.withdrawn) == (1003, 1003, 0, 0)
    assert result.format == "un-xml"
    with transaction(engine) as session:
        data = stats(session)
        assert data["records"] == 1003
        assert data["members"]["UN"]["schemata"] == {"Person": 730, "Organization": 273}
        record = get_record(session, "UN:QDi.366").current.record
        assert "Тархан Исмаилович Газиев" in [n.value for n in record.names]
        assert record.designation.listed_on == "2015-10-02"
        batch = list_imports(session)[0]
        assert batch.actor == "alice" and batch.sha256.startswith("66b392a4090868d2")


def test_un_update_2024_to_2026(engine: Engine, un_member: str, data_dir: Path) -> None:
    old = data_dir / "un_sc_consolidated_2024" / "consolidated.xml"
    new = data_dir / "un_sc_consolidated" / "consolidated.xml"
    old_refs, new_refs = refs(old), refs(new)
    first = import_file(engine, old, member=un_member, actor="t", max_bytes=MAX)
    assert first.added == len(old_refs) == 875
    second = import_file(engine, new, member=un_member, actor="t", max_bytes=MAX)
    assert second.added == len(new_refs - old_refs) == 134
    assert second.withdrawn == len(old_refs - new_refs) == 6
    assert second.changed + second.unchanged == len(old_refs & new_refs)
    assert (second.changed, second.unchanged) == (170, 699)
    with transaction(engine) as session:
        gone = sorted(old_refs - new_refs)[0]
        detail = get_record(session, f"UN:{gone}")
        assert detail.summary.status == "withdrawn"
        assert [v.change for v in detail.history] == ["added", "withdrawn"]
        # the withdrawn version keeps the last content: nothing is deleted
        assert detail.current.record.names == detail.history[0].record.names
        assert len(current_records(session, member="UN")) == 1003
        assert stats(session)["withdrawn"] == 6
    # the same file again changes nothing and writes no versions
    _, versions_before, _ = counts(engine)
    third = import_file(engine, new, member=un_member, actor="t", max_bytes=MAX)
    assert (third.added, third.changed, third.withdrawn, third.unchanged) == (0, 0, 0, 1003)
    assert counts(engine)[1] == versions_before
    # going back to the old snapshot reinstates the withdrawn records
    fourth = import_file(engine, old, member=un_member, actor="t", max_bytes=MAX)
    assert fourth.withdrawn == 134
    with transaction(engine) as session:
        detail = get_record(session, f"UN:{gone}")
        assert [v.change for v in detail.history] == ["added", "withdrawn", "reinstated"]
        assert detail.summary.status == "active"


def _break_last_record(src: Path, dest: Path) -> None:
    tree = etree.parse(str(src))
    last = list(tree.iter("ENTITY"))[-1]
    last.remove(last.find("REFERENCE_NUMBER"))
    tree.write(str(dest), encoding="UTF-8", xml_declaration=True)


def test_failure_on_last_record_leaves_nothing(
    engine: Engine, un_member: str, data_dir: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "consolidated.xml"
    _break_last_record(data_dir / "un_sc_consolidated" / "consolidated.xml", broken)
    with pytest.raises(SourceFormatError) as err:
        import_file(engine, broken, member=un_member, actor="t", max_bytes=MAX)
    assert err.value.file == "consolidated.xml"
    assert err.value.field == "REFERENCE_NUMBER"
    assert "line" in (err.value.ref or "")
    assert counts(engine) == (0, 0, 0)
    with transaction(engine) as session:
        batch = list_imports(session)[0]
        assert batch.status == "failed" and "REFERENCE_NUMBER" in batch.errors[0]["message"]


def test_failed_update_keeps_previous_state(
    engine: Engine, un_member: str, data_dir: Path, tmp_path: Path
) -> None:
    import_file(
        engine,
        data_dir / "un_sc_consolidated_2024" / "consolidated.xml",
        member=un_member,
        actor="t",
        max_bytes=MAX,
    )
    before = counts(engine)
    broken = tmp_path / "consolidated.xml"
    _break_last_record(data_dir / "un_sc_consolidated" / "consolidated.xml", broken)
    with pytest.raises(SourceFormatError):
        import_file(engine, broken, member=un_member, actor="t", max_bytes=MAX)
    assert counts(engine) == before
    with transaction(engine) as session:
        assert stats(session)["withdrawn"] == 0


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&lol2;</FIRST_NAME>
<REFERENCE_NUMBER>QDi.001</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&xxe;</FIRST_NAME>
<REFERENCE_NUMBER>QDi.001</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE CONSOLIDATED_LIST SYSTEM "http://example.invalid/evil.dtd">
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>X</FIRST_NAME>
<REFERENCE_NUMBER>QDi.001</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
"""


@pytest.mark.parametrize(
    "payload", [BILLION_LAUGHS, XXE, EXTERNAL_DTD], ids=["billion-laughs", "xxe", "external-dtd"]
)
def test_hostile_xml_refused(
    engine: Engine, un_member: str, tmp_path: Path, payload: bytes
) -> None:
    path = tmp_path / "hostile.xml"
    path.write_bytes(payload)
    with pytest.raises(SourceFormatError, match="hostile XML"):
        import_file(engine, path, member=un_member, actor="t", max_bytes=MAX, format_name="un-xml")
    assert counts(engine) == (0, 0, 0)


def test_malformed_xml_names_line(engine: Engine, un_member: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(b"<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<INDIVIDUAL>\n</CONSOLIDATED_LIST>\n")
    with pytest.raises(SourceFormatError, match=r"bad\.xml, line \d+: malformed XML"):
        import_file(engine, path, member=un_member, actor="t", max_bytes=MAX, format_name="un-xml")


def test_oversize_file_refused(engine: Engine, un_member: str, data_dir: Path) -> None:
    path = data_dir / "un_sc_consolidated" / "consolidated.xml"
    with pytest.raises(FileTooLarge, match="limit of 1,000"):
        import_file(engine, path, member=un_member, actor="t", max_bytes=1000)
    assert counts(engine) == (0, 0, 0)


def test_gzip_bomb_refused(engine: Engine, un_member: str, tmp_path: Path) -> None:
    path = tmp_path / "list.xml.gz"
    path.write_bytes(
        gzip.compress(b"<CONSOLIDATED_LIST>" + b" " * 5_000_000 + b"</CONSOLIDATED_LIST>")
    )
    assert path.stat().st_size < 100_000
    with pytest.raises(FileTooLarge, match="uncompressed"):
        import_file(
            engine, path, member=un_member, actor="t", max_bytes=1_000_000, format_name="un-xml"
        )


def test_unknown_member(engine: Engine, data_dir: Path) -> None:
    with pytest.raises(NotFound, match="unknown member 'XX'"):
        import_file(
            engine,
            data_dir / "un_sc_consolidated" / "consolidated.xml",
            member="XX",
            actor="t",
            max_bytes=MAX,
        )


def test_wrong_format_and_missing_file(
    engine: Engine, un_member: str, data_dir: Path, tmp_path: Path
) -> None:
    with pytest.raises(SourceFormatError, match="unknown format 'nope'"):
        import_file(
            engine,
            data_dir / "un_sc_consolidated" / "consolidated.xml",
            member=un_member,
            actor="t",
            max_bytes=MAX,
            format_name="nope",
        )
    with pytest.raises(SourceFormatError, match="no such file"):
        import_file(engine, tmp_path / "missing.xml", member=un_member, actor="t", max_bytes=MAX)
    odd = tmp_path / "notes.txt"
    odd.write_text("just some text\n")
    with pytest.raises(SourceFormatError, match="cannot tell the list format"):
        import_file(engine, odd, member=un_member, actor="t", max_bytes=MAX)


def test_members_only_see_their_records(engine: Engine, un_member: str, data_dir: Path) -> None:
    with transaction(engine) as session:
        add_member(session, "KZ", name_en="Kazakhstan", name_ru="Казахстан", actor="t")
    import_file(
        engine,
        data_dir / "un_sc_consolidated" / "consolidated.xml",
        member="KZ",
        actor="t",
        max_bytes=MAX,
    )
    import_file(
        engine,
        data_dir / "un_sc_consolidated_2024" / "consolidated.xml",
        member="UN",
        actor="t",
        max_bytes=MAX,
    )
    with transaction(engine) as session:
        data = stats(session)
        assert data["members"]["KZ"]["records"] == 1003
        assert data["members"]["UN"]["records"] == 875
        assert {r.member for r in list_records(session, member="KZ", limit=2000)} == {"KZ"}
        # the same list identifier under two members is two records
        assert get_record(session, "KZ:QDi.366").summary.member == "KZ"
        assert get_record(session, "un:QDi.366").summary.member == "UN"
        with pytest.raises(NotFound):
            get_record(session, "UN:QDi.999999")
