"""Batch lookup: a list of Chinese terms (one a line) against the glossary, one row per line.

Each line is found by id, headword or alias (quotes and spaces ignored, Traditional
characters converted); a line the glossary does not have gives a row with
``found`` false, so the table keeps the order and length of the list.
"""

from __future__ import annotations

from dataclasses import dataclass

from glossary.build import Glossary
from glossary.terms import Term
from glossary.text import to_simplified

MAX_TERMS = 1000
COLUMNS = ("query", "headword", "status", "preferred rendering", "other accepted renderings",
           "deprecated renderings", "source", "id")
SEPARATOR = "; "


@dataclass(frozen=True)
class LookupRow:
    """One line of the list and the term it names (None when the glossary does not have it)."""

    query: str
    term: Term | None

    def cells(self) -> tuple[str, ...]:
        """The row as table cells, in :data:`COLUMNS` order."""
        term = self.term
        if term is None:
            return (self.query, "", "not in glossary", "", "", "", "", "")
        preferred = term.renderings[0]
        return (self.query, term.zh, preferred.status, preferred.text,
                SEPARATOR.join(r.text for r in term.accepted[1:]), SEPARATOR.join(r.text for r in term.deprecated),
                preferred.source, term.id)

    def to_dict(self) -> dict:
        term = self.term
        if term is None:
            return {"query": self.query, "found": False}
        return {"query": self.query, "found": True, "id": term.id, "zh": term.zh, "status": term.renderings[0].status,
                "en": term.en, "alternatives": [r.text for r in term.accepted[1:]],
                "deprecated": [{"en": r.text, "note": r.note} for r in term.deprecated],
                "source": term.renderings[0].source}


def parse_list(text: str) -> list[str]:
    """The non-blank lines of a pasted or uploaded list, trimmed (a BOM is dropped)."""
    return [line.strip() for line in text.lstrip("\ufeff").splitlines() if line.strip()]


def lookup(glossary: Glossary, queries: list[str]) -> list[LookupRow]:
    """One row per query, in order."""
    rows = []
    for query in queries:
        term = glossary.find_term(query) if len(query) <= 200 else None
        if term is None and len(query) <= 200:
            term = glossary.find_term(to_simplified(query))
        rows.append(LookupRow(query, term))
    return rows
