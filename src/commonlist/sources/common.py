"""Reading list files safely: size limits, encodings, hostile XML, CSV with line numbers."""

from __future__ import annotations

import codecs
import csv
import gzip
import io
from collections.abc import Iterator
from pathlib import Path

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from lxml import etree

from commonlist.exc import FileTooLarge, SourceFormatError

#: Encodings accepted by ``--encoding`` besides those detected from a BOM.
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1251", "koi8-r", "cp1256")

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def check_size(path: Path, max_bytes: int) -> None:
    """Refuse a file larger than the configured limit before reading it."""
    size = path.stat().st_size
    if size > max_bytes:
        raise FileTooLarge(
            f"file is {size:,} bytes, more than the limit of {max_bytes:,} "
            "(COMMONLIST_MAX_IMPORT_BYTES)",
            file=path.name,
        )


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, gunzipped when it is gzip; refuses oversize content."""
    check_size(path, max_bytes)
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
                data = fh.read(max_bytes + 1)
        except (OSError, EOFError) as exc:
            raise SourceFormatError(f"broken gzip stream: {exc}", file=path.name) from exc
        if len(data) > max_bytes:
            raise FileTooLarge(
                f"uncompressed content exceeds the limit of {max_bytes:,} bytes", file=path.name
            )
    return data


def decode(data: bytes, *, file: str, encoding: str | None = None) -> str:
    """Decode a text file: BOM first, then UTF-8, then Cyrillic cp1251.

    Russian-language spreadsheets saved on Windows are cp1251; a file that is not
    valid UTF-8 but decodes to mostly letters in cp1251 is taken as cp1251.
    Anything else is refused with the line and column of the first bad byte.
    """
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError as exc:
            raise SourceFormatError(f"unknown encoding {encoding!r}", file=file) from exc
        if codec == "utf-8" and data.startswith(codecs.BOM_UTF8):
            codec = "utf-8-sig"
        return _strict_decode(data, codec, file)
    for bom, codec in BOMS:
        if data.startswith(bom):
            return _strict_decode(data, codec, file)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    text = data.decode("cp1251", errors="replace")
    letters = sum(1 for c in text if c.isalpha())
    cyrillic = sum(1 for c in text if "\u0400" <= c <= "\u04ff")
    if "\ufffd" not in text and letters and cyrillic / letters > 0.3:
        return text
    raise SourceFormatError(
        f"not valid UTF-8 ({_position(data, utf8_error.start)}) and not recognisably cp1251; "
        "give the encoding with --encoding",
        file=file,
    )


def _strict_decode(data: bytes, codec: str, file: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise SourceFormatError(
            f"not valid {codec} ({_position(data, exc.start)})", file=file
        ) from exc


def _position(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line}, column {col}, byte 0x{data[offset]:02x}"


def read_text(path: Path, *, max_bytes: int, encoding: str | None = None) -> str:
    """A text file's content, decoded as ``decode`` does, with universal newlines."""
    text = decode(read_bytes(path, max_bytes), file=path.name, encoding=encoding)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _hardened_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
    )


def parse_xml(data: bytes, *, file: str) -> etree._Element:
    """Parse XML refusing any DTD: no entity expansion, no external references.

    List files never need a DTD; one that declares entities is either broken or an
    attack (billion laughs, XXE), and is refused before anything is read from it.
    """
    try:
        root = etree.fromstring(data, parser=_hardened_parser())
        docinfo = root.getroottree().docinfo
        if docinfo.internalDTD is not None or docinfo.externalDTD is not None or docinfo.doctype:
            if b"<!ENTITY" in data[: data.find(b"]>") + 2 if b"]>" in data else 4096]:
                raise EntitiesForbidden("<!ENTITY>", None, None, None, None, None)
            raise DTDForbidden(docinfo.doctype, docinfo.system_url, docinfo.public_id)
        return root
    except DefusedXmlException as exc:
        raise SourceFormatError(f"refused hostile XML: {exc}", file=file) from exc
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else "?"
        raise SourceFormatError(f"malformed XML: {exc.msg}", file=file, ref=f"line {line}") from exc


def csv_rows(text: str, *, file: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """Rows of a CSV text with the line number where each row starts."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    while True:
        start = line
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SourceFormatError(
                f"malformed CSV: {exc}", file=file, ref=f"line {reader.line_num}"
            ) from exc
        line = reader.line_num + 1
        yield start, row
