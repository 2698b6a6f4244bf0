"""The glossary in the file formats translators and CAT tools import.

:func:`export` writes the chosen terms in one :class:`ExportFormat`; each
format has its own module (``tables`` for CSV and XLSX, ``tbx`` for both TBX
forms, ``omegat`` for OmegaT's tab-separated glossary). :func:`select_terms`
applies the ``--category`` / ``--status`` filters the CLI and the API share.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum

from glossary.build import Glossary
from glossary.terms import ACCEPTED_STATUSES, CATEGORIES, Term

BASENAME = "policy-glossary"


class ExportFormat(Enum):
    """Every export format, by the name the CLI and the API take."""

    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"
    TBX = "tbx"
    TBX_V3 = "tbx-v3"
    OMEGAT = "omegat"

    @property
    def info(self) -> FormatInfo:
        return FORMATS[self]


@dataclass(frozen=True)
class FormatInfo:
    """How a format's file is named and served."""

    suffix: str
    mimetype: str
    description: str


FORMATS = {
    ExportFormat.JSON: FormatInfo("-full.json", "application/json",
                                  "Every field with every occurrence in context (for developers)."),
    ExportFormat.CSV: FormatInfo(".csv", "text/csv; charset=utf-8",
                                 "One row per concept, UTF-8 with a BOM (opens in Excel)."),
    ExportFormat.XLSX: FormatInfo(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                  "The same table as an Excel workbook, header frozen, filters on."),
    ExportFormat.TBX: FormatInfo(".tbx", "application/x-tbx+xml",
                                 "TBX-Basic, 2008 form (martif): OmegaT, memoQ, Trados MultiTerm, translate-toolkit."),
    ExportFormat.TBX_V3: FormatInfo("-v3.tbx", "application/x-tbx+xml",
                                    "TBX-Basic, ISO 30042:2019 (TBX v3) for tools that read the new form."),
    ExportFormat.OMEGAT: FormatInfo("-omegat.utf8", "text/plain; charset=utf-8",
                                    "OmegaT's glossary: source, target, comment separated by tabs."),
}

FORMAT_NAMES = tuple(f.value for f in ExportFormat)


class ExportError(ValueError):
    """A filter value the export does not know; the message names it and the allowed values."""


def select_terms(terms: list[Term], category: str | None = None, status: str | None = None) -> list[Term]:
    """The terms of one category and/or whose preferred rendering has one status, in glossary order."""
    if category is not None and category not in CATEGORIES:
        raise ExportError(f"category must be one of {', '.join(CATEGORIES)}; got {category[:40]!r}")
    if status is not None and status not in ACCEPTED_STATUSES:
        raise ExportError(f"status must be one of {', '.join(ACCEPTED_STATUSES)} (the status of the preferred "
                          f"rendering); got {status[:40]!r}")
    return [t for t in terms
            if (category is None or t.category == category) and (status is None or t.renderings[0].status == status)]


def filename(fmt: ExportFormat, category: str | None = None, status: str | None = None) -> str:
    """The download's file name, e.g. ``policy-glossary-ecology.tbx`` (OmegaT's ends in .utf8)."""
    parts = [BASENAME, *(p for p in (category, status) if p)]
    return "-".join(parts) + fmt.info.suffix


def export(glossary: Glossary, fmt: ExportFormat, terms: list[Term] | None = None) -> bytes:
    """``terms`` (default: all) in ``fmt``, as the bytes of the file."""
    from glossary.export import omegat, tables, tbx

    terms = glossary.terms if terms is None else terms
    if fmt is ExportFormat.JSON:
        data = {"terms": [glossary.term_detail(t) for t in terms]}
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    counts = {t.id: len(glossary.occurrences_by_term.get(t.id, ())) for t in terms}
    if fmt is ExportFormat.CSV:
        return tables.to_csv(tables.concept_rows(terms, counts))
    if fmt is ExportFormat.XLSX:
        return tables.to_xlsx(tables.concept_rows(terms, counts))
    if fmt is ExportFormat.TBX:
        return tbx.to_tbx_2008(terms)
    if fmt is ExportFormat.TBX_V3:
        return tbx.to_tbx_v3(terms)
    return omegat.to_omegat(terms)
