"""Reading a translation into aligned segments: two plain texts, or one bilingual CAT file.

Plain texts are aligned by line (a segment per line; lines blank on both sides
are skipped, and ``n`` stays the line number). Bilingual files are read with
translate-toolkit: XLIFF 1.2 and 2.x (``.xlf``, ``.xliff``), TMX, PO and
two-column CSV. XML is first parsed by defusedxml, which refuses DTDs and
entities (no billion laughs, no external files), and every parse error
becomes a :class:`BilingualFileError` naming the line or element.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from glossary.text import has_han

SUFFIXES = (".xlf", ".xliff", ".tmx", ".po", ".csv")
_HEADER_NAMES = {"source", "target", "zh", "en", "chinese", "english", "原文", "译文"}


class BilingualFileError(ValueError):
    """A file that cannot be read as a translation; the message says where and why."""


@dataclass(frozen=True)
class Segment:
    """A source segment and its translation; ``n`` counts from 1 in input order (line number for texts)."""

    n: int
    id: str
    source: str
    target: str


def read_aligned(source: str, target: str) -> list[Segment]:
    """Two texts aligned by line; they must have the same number of lines (trailing blank lines aside)."""
    source_lines = source.rstrip("\r\n").splitlines() if source.strip() else []
    target_lines = target.rstrip("\r\n").splitlines() if target.strip() else []
    if len(source_lines) != len(target_lines):
        raise BilingualFileError(f"the source has {len(source_lines)} lines and the translation "
                                 f"{len(target_lines)}: give one segment per line on both sides")
    return [Segment(n, str(n), s.strip(), t.strip())
            for n, (s, t) in enumerate(zip(source_lines, target_lines, strict=True), start=1)
            if s.strip() or t.strip()]


def read_file(data: bytes, name: str) -> list[Segment]:
    """The segments of a bilingual file, by its extension (see :data:`SUFFIXES`)."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise BilingualFileError(f"{name}: the file must be XLIFF (.xlf, .xliff), TMX (.tmx), PO (.po) or a "
                                 f"two-column CSV (.csv), not {suffix or 'a file without extension'}")
    if not data.strip():
        raise BilingualFileError(f"{name}: has no translation units (the file is empty)")
    root = _check_xml(data, name) if suffix in (".xlf", ".xliff", ".tmx") else None
    if suffix == ".csv":
        _check_columns(data, name)
    if suffix == ".po" and b"charset=" not in data[:4000]:
        try:  # without a charset header translate-toolkit would read any bytes as Latin-1: mojibake
            data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise BilingualFileError(f"{name}: is not UTF-8 (byte {error.start}) and its header names no "
                                     "charset; save it as UTF-8") from None
    try:
        pairs = _units(data, suffix)
    except Exception as error:  # noqa: BLE001 - translate-toolkit raises many types for malformed files
        kind = {".xlf": "XLIFF", ".xliff": "XLIFF"}.get(suffix, suffix[1:].upper())
        if root is not None:
            raise BilingualFileError(f"{name}: well-formed XML, but not a valid {kind} file "
                                     f"(root element <{root}>): {_describe(error)}") from None
        raise BilingualFileError(f"{name}: cannot be read as {kind}: {_describe(error)}") from None
    segments = [Segment(n, unit_id or str(n), source.strip(), target.strip())
                for n, (unit_id, source, target) in enumerate(pairs, start=1)]
    if not segments:
        raise BilingualFileError(f"{name}: has no translation units")
    return segments


def _describe(error: Exception) -> str:
    text = str(error).strip()
    if not text:
        return "a required element or attribute is missing"
    return text.split("\n")[0][:300]


def _check_columns(data: bytes, name: str) -> None:
    """Every non-blank row of a UTF-8 CSV has two columns (source, target)."""
    import csv

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return  # another encoding: translate-toolkit detects it
    try:
        for line, row in enumerate(csv.reader(text.splitlines()), start=1):
            if row and any(cell.strip() for cell in row) and len(row) != 2:
                raise BilingualFileError(f"{name}: line {line} has {len(row)} column{'s' if len(row) != 1 else ''}; "
                                         "a CSV must have two, the source and its translation")
    except csv.Error as error:
        raise BilingualFileError(f"{name}: not valid CSV: {error}") from None


def _check_xml(data: bytes, name: str) -> str:
    """Parse with defusedxml (no DTDs, no entities); return the root element's local name."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except ParseError as error:
        line, column = error.position
        raise BilingualFileError(f"{name}: not well-formed XML at line {line}, column {column + 1}: "
                                 f"{_describe(error).split(':')[0]}") from None
    except DefusedXmlException as error:
        raise BilingualFileError(f"{name}: DTDs and entity declarations are not accepted ({_refused(error)}); "
                                 "remove the <!DOCTYPE …> declaration") from None
    except LookupError as error:  # expat takes the declared encoding's name to Python's codecs
        raise BilingualFileError(f"{name}: the XML declares an encoding that is not known ({error}); "
                                 "save it as UTF-8") from None
    return root.tag.rsplit("}", 1)[-1]


def _refused(error: Exception) -> str:
    """What defusedxml refused, without echoing the file's system ids (paths or URLs)."""
    from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

    if isinstance(error, DTDForbidden):
        return f"the file has a document type declaration <!DOCTYPE {error.name}>"
    if isinstance(error, EntitiesForbidden):
        return f"the file declares the entity {error.name!r}"
    if isinstance(error, ExternalReferenceForbidden):
        return "the file refers to an external resource"
    return type(error).__name__


def _units(data: bytes, suffix: str) -> list[tuple[str, str, str]]:
    """``(id, source, target)`` of every translatable unit."""
    if suffix in (".xlf", ".xliff"):
        head = data[:2000]
        if b"urn:oasis:names:tc:xliff:document:2" in head or b'version="2.' in head:
            from translate.storage.xliff2 import Xliff2File as store_class
        else:
            from translate.storage.xliff import xlifffile as store_class
        store = store_class.parsestring(data)
    elif suffix == ".tmx":
        from translate.storage.tmx import tmxfile

        store = tmxfile.parsestring(data)
    elif suffix == ".po":
        from translate.storage.po import pofile

        store = pofile.parsestring(data)
    else:
        from translate.storage.csvl10n import csvfile

        store = csvfile(fieldnames=["source", "target"])
        store.parse(data, dialect="default")
    # XLIFF 1.2 ids are "<file>\x04<unit id>": keep the unit's own id.
    units = [((u.getid() or "").rsplit("\x04", 1)[-1], _plain(u.source), _plain(u.target)) for u in store.units
             if not u.isheader() and (u.source or u.target)]
    if suffix == ".csv" and units and {units[0][1].casefold(), units[0][2].casefold()} <= _HEADER_NAMES:
        units = units[1:]
    if suffix == ".tmx" and units and not any(has_han(s) for _, s, _ in units) and any(has_han(t) for _, _, t in units):
        units = [(i, t, s) for i, s, t in units]  # the Chinese side was the TMX's target language
    return units


def _plain(value) -> str:
    """Unit text as a plain string (a PO plural gives its first form)."""
    return "" if value is None else str(value)
