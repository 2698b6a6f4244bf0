"""What a search returns: match kinds and hits, as immutable records.

A :class:`SearchResult` is built once per query and may be cached and shared
between threads: every record is frozen and every collection a tuple. Spans
are ``(start, end)`` offsets into the paragraph's text; turning them into
HTML is the web layer's job, styling them the CLI's. :meth:`SearchResult.to_dict`
gives the JSON shape shared by ``glossary search --json`` and the web API.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from glossary.build import Glossary
from glossary.report import Paragraph
from glossary.terms import Term


class TermMatch(Enum):
    """How a term matched the query, best first (the order is the ranking tier)."""

    EXACT = "exact"  # a headword, alias, rendering, pinyin or initials key equals the query
    PARTIAL = "partial"  # the query is part of a headword or alias, or begins its pinyin
    ENGLISH = "english"  # every content word of the query is in a rendering (stemmed)
    DEFINITION = "definition"  # the query is in the definition (Chinese) or all its words are (English)

    @property
    def tier(self) -> int:
        return list(TermMatch).index(self)


class ParagraphMatch(Enum):
    """Why a paragraph is in the results; results come in this order."""

    EXACT = "exact"  # contains the whole query (whitespace and quotation marks ignored)
    TERM = "term"  # uses a term the query names (by its English rendering, pinyin, another alias …)
    PARTIAL = "partial"  # contains some of the query's words (ranked by BM25)


@dataclass(frozen=True)
class TermHit:
    """A term found for the query."""

    term: Term
    match: TermMatch
    matched_by: str  # the kind of key: headword, alias, english, deprecated, pinyin, initials, definition

    def to_dict(self, glossary: Glossary) -> dict:
        return {**glossary.term_summary(self.term), "match": self.match.value, "matched_by": self.matched_by}


@dataclass(frozen=True)
class ParagraphHit:
    """A paragraph in the results, with the spans to highlight."""

    paragraph: Paragraph
    match: ParagraphMatch
    spans: tuple[tuple[int, int], ...]
    terms: tuple[str, ...]  # ids of the glossary terms marked in the paragraph

    def to_dict(self) -> dict:
        return {**self.paragraph.to_dict(), "match": self.match.value,
                "spans": [list(span) for span in self.spans], "terms": list(self.terms)}


@dataclass(frozen=True)
class ParagraphPage:
    """One page of paragraph hits and the counts of all of them."""

    total: int  # every hit: exact + term + partial
    exact: int
    term: int
    offset: int
    limit: int
    items: tuple[ParagraphHit, ...]

    def to_dict(self) -> dict:
        return {"total": self.total, "exact": self.exact, "term": self.term, "offset": self.offset,
                "limit": self.limit, "items": [item.to_dict() for item in self.items]}


@dataclass(frozen=True)
class FollowedTerm:
    """A term the query resolved to, whose paragraphs follow the literal matches."""

    term: Term
    paragraphs: int  # paragraphs of the report that use it

    def to_dict(self) -> dict:
        return {"id": self.term.id, "zh": self.term.zh, "en": self.term.en, "paragraphs": self.paragraphs}


@dataclass(frozen=True)
class ReportCount:
    """How many paragraphs of one report match (a facet of the results)."""

    report_id: str
    count: int

    def to_dict(self, glossary: Glossary) -> dict:
        info = glossary.report_by_id[self.report_id]
        return {"report": self.report_id, "title": info.title, "region": info.region, "year": info.year,
                "count": self.count}


@dataclass(frozen=True)
class SearchResult:
    """Terms first, then paragraphs; ``by_report`` counts every matching paragraph per report.

    The counts cover every report, whatever the search was limited to, so a
    reader can see where else the query matches.
    """

    query: str
    terms: tuple[TermHit, ...]
    followed: tuple[FollowedTerm, ...]
    paragraphs: ParagraphPage
    by_report: tuple[ReportCount, ...] = ()

    def to_dict(self, glossary: Glossary) -> dict:
        """Fresh plain data (callers may change it)."""
        return {"query": self.query, "terms": [hit.to_dict(glossary) for hit in self.terms],
                "followed": [followed.to_dict() for followed in self.followed],
                "paragraphs": self.paragraphs.to_dict(),
                "by_report": [count.to_dict(glossary) for count in self.by_report]}


@dataclass(frozen=True)
class Suggestion:
    """A term offered while typing."""

    term: Term
    matched_by: str
    key: str  # the key that matched (folded)

    def to_dict(self) -> dict:
        return {"id": self.term.id, "zh": self.term.zh, "en": self.term.en, "pinyin": self.term.pinyin,
                "status": self.term.renderings[0].status, "matched_by": self.matched_by}
