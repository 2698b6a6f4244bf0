"""Concordance: every occurrence of a term, or of any string, as a key-word-in-context line.

A query that names a term (id, headword or alias) gives the term's occurrences
(every surface form, as cross-referenced at build time); any other string is
found literally in the report paragraphs (case-insensitive). Each line has the
left context, the match and the right context within its paragraph, and can be
sorted by the words just before the match (nearest first) or just after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from glossary.build import Glossary
from glossary.report import Paragraph
from glossary.terms import Term

CONTEXT_CHARS = 40


class Sort(Enum):
    """Line order: reading order, by left context (nearest character first) or by right context."""

    TEXT = "text"
    LEFT = "left"
    RIGHT = "right"


@dataclass(frozen=True)
class Line:
    """One occurrence in context."""

    paragraph: Paragraph
    start: int
    end: int
    width: int = CONTEXT_CHARS

    @property
    def left(self) -> str:
        return self.paragraph.text[max(0, self.start - self.width):self.start]

    @property
    def match(self) -> str:
        return self.paragraph.text[self.start:self.end]

    @property
    def right(self) -> str:
        return self.paragraph.text[self.end:self.end + self.width]

    def to_dict(self) -> dict:
        p = self.paragraph
        return {"left": self.left, "match": self.match, "right": self.right, "paragraph": p.id, "report": p.report_id,
                "label": p.label, "label_en": p.label_en, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Concordance:
    """The lines of one query; ``term`` is set when the query named a glossary term."""

    query: str
    term: Term | None
    lines: tuple[Line, ...]

    def by_report(self) -> dict[str, int]:
        """How many lines each report has, in the order the lines first name them."""
        counts: dict[str, int] = {}
        for line in self.lines:
            counts[line.paragraph.report_id] = counts.get(line.paragraph.report_id, 0) + 1
        return counts


def _literal(glossary: Glossary, query: str, reports: frozenset[str] | None) -> list[tuple[Paragraph, int, int]]:
    needle = query.casefold()
    found = []
    for paragraph in glossary.paragraphs:
        if reports is not None and paragraph.report_id not in reports:
            continue
        # casefold keeps the length of Chinese and ordinary Latin text; skip the rare paragraph where it does not.
        haystack = paragraph.text.casefold()
        if len(haystack) != len(paragraph.text):
            haystack = paragraph.text
        start = haystack.find(needle)
        while start >= 0:  # the needle's length, not the query's: "ß" casefolds to "ss", "ﬁ" to "fi"
            found.append((paragraph, start, start + len(needle)))
            start = haystack.find(needle, start + len(needle))
    return found


def concordance(glossary: Glossary, query: str, sort: Sort = Sort.TEXT, width: int = CONTEXT_CHARS,
                reports: frozenset[str] | None = None) -> Concordance:
    """The key-word-in-context lines of ``query`` (a term or any string), in ``reports`` only if given."""
    query = query.strip()
    term = glossary.find_term(query) if query else None
    if term is not None:
        places = [(glossary.paragraph_by_id[o.paragraph_id], o.start, o.end)
                  for o in glossary.occurrences_by_term.get(term.id, [])
                  if reports is None or glossary.paragraph_by_id[o.paragraph_id].report_id in reports]
    else:
        places = _literal(glossary, query, reports) if query else []
    lines = [Line(p, start, end, width) for p, start, end in places]
    lines.sort(key=lambda line: (glossary.position[line.paragraph.id], line.start))
    if sort is Sort.LEFT:
        lines.sort(key=lambda line: line.left[::-1])
    elif sort is Sort.RIGHT:
        lines.sort(key=lambda line: line.right)
    return Concordance(query, term, tuple(lines))
