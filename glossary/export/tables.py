"""The glossary as a table, one row per concept: CSV (UTF-8 with a BOM) and XLSX.

Both have the same columns (:data:`COLUMNS`); a cell that holds several values
(aliases, alternatives, deprecated forms) separates them with ``; ``.

Formula injection: a spreadsheet reads a cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return as a formula. Every table here (the
glossary export, the batch lookup download, the check's issue list) may hold
text a user typed, so such a text cell is neutralised: in CSV it gets a
leading ``'`` (OWASP's rule; Excel and LibreOffice then show the text
without the quote), in XLSX it is stored as a string with Excel's quote
prefix set (the value itself unchanged). No glossary value starts with one of
these characters today (tests/security/test_exports.py checks that), so only
user input is marked; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import astuple, dataclass

from glossary.terms import Term

SEPARATOR = "; "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    """True for text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralised(value: object) -> object:
    """``value`` safe for a CSV cell: formula-like text gets a leading single quote."""
    return "'" + value if is_formula_like(value) else value


@dataclass(frozen=True)
class ConceptRow:
    """One concept as translators read it; the field order is the column order."""

    headword: str
    aliases: str
    preferred: str
    alternatives: str
    deprecated: str
    status: str
    source: str
    definition_zh: str
    definition_en: str
    category: str
    id: str
    occurrences: int = 0  # places in the reports (one per place, as everywhere else)

    @classmethod
    def of(cls, term: Term, occurrences: int = 0) -> ConceptRow:
        preferred = term.renderings[0]
        return cls(
            headword=term.zh,
            aliases=SEPARATOR.join(term.aliases),
            preferred=preferred.text,
            alternatives=SEPARATOR.join(r.text for r in term.accepted[1:]),
            deprecated=SEPARATOR.join(r.text for r in term.deprecated),
            status=preferred.status,
            source=preferred.source + (f" <{preferred.url}>" if preferred.url else ""),
            definition_zh=term.definition_zh.text,
            definition_en=term.definition_en.text,
            category=term.category,
            id=term.id,
            occurrences=occurrences,
        )


COLUMNS = ("headword", "aliases", "preferred rendering", "other accepted renderings", "deprecated renderings",
           "status", "source", "definition (zh)", "definition (en)", "category", "id", "occurrences")
WIDTHS = (22, 22, 40, 40, 30, 12, 30, 60, 60, 18, 28, 12)


def concept_rows(terms: Iterable[Term], occurrences: Mapping[str, int] | None = None) -> list[ConceptRow]:
    """One row per term, in the given order, with how often each occurs in the reports."""
    occurrences = occurrences or {}
    return [ConceptRow.of(term, occurrences.get(term.id, 0)) for term in terms]


def to_csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """Any table as CSV: UTF-8 with a BOM (so Excel reads it as UTF-8), CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([neutralised(cell) for cell in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx_table(header: Sequence[str], rows: Iterable[Sequence[str]], title: str,
                  widths: Sequence[int] = ()) -> bytes:
    """Any table as an XLSX workbook with a bold, frozen header row and an autofilter."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    count = 1
    for row in rows:
        row = list(row)
        sheet.append(row)
        count += 1
        for cell, value in zip(sheet[count], row, strict=False):
            if is_formula_like(value):  # text, never a formula: a string cell with Excel's quote prefix
                cell.data_type = "s"
                cell.quotePrefix = True
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count}"
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_csv(rows: Iterable[ConceptRow]) -> bytes:
    """The concept table as CSV."""
    return to_csv_text(COLUMNS, (astuple(row) for row in rows))


def to_xlsx(rows: Iterable[ConceptRow]) -> bytes:
    """The concept table as XLSX."""
    return to_xlsx_table(COLUMNS, (astuple(row) for row in rows), "glossary", WIDTHS)
