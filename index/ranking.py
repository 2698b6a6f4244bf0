"""Where the order of results is decided — all of it, in one place.

* Terms: each term keeps its best match; terms are ordered by the tier of
  :class:`index.results.TermMatch` (exact, partial, English, definition), then
  within a tier by ``order`` (how much of the matched key or rendering is left
  over, so the closest match comes first), then as the glossary lists them.
* Followed terms: the terms a query resolves to (:func:`terms_to_follow`).
* Paragraphs: those containing the whole query first (most occurrences first,
  then reading order), then those using a followed term (reading order), then
  partial matches in the order of Whoosh's BM25 score over jieba words (the
  one part of the order computed elsewhere: :mod:`index.retrieval`).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass

from index.results import ParagraphMatch, TermMatch

MAX_TERMS = 10  # terms listed for one query
MAX_FOLLOWED = 3  # a query resolving to more terms than this is too vague to follow


@dataclass(frozen=True)
class TermCandidate:
    """A term that matched, how, and how closely within its tier (smaller is closer)."""

    term_id: str
    match: TermMatch
    order: float
    matched_by: str

    @property
    def rank(self) -> tuple[int, float]:
        return self.match.tier, self.order


class TermRanking:
    """Collects candidates from every kind of lookup and keeps each term's best."""

    def __init__(self, ordinals: dict[str, int]) -> None:
        self._ordinals = ordinals  # term id → position in the glossary, the last tie-break
        self._best: dict[str, TermCandidate] = {}

    def offer(self, term_id: str, match: TermMatch, order: float, matched_by: str) -> None:
        candidate = TermCandidate(term_id, match, order, matched_by)
        current = self._best.get(term_id)
        if current is None or candidate.rank < current.rank:
            self._best[term_id] = candidate

    def ranked(self) -> list[TermCandidate]:
        """Every term found, best first."""
        return sorted(self._best.values(), key=lambda c: (*c.rank, self._ordinals[c.term_id]))


def terms_to_follow(ranked: list[TermCandidate]) -> list[TermCandidate]:
    """The terms whose paragraphs follow the literal matches.

    A query resolves to the terms it names exactly (headword, alias,
    rendering, pinyin, initials, Traditional spelling). Without an exact
    match, it resolves to its partial or English matches when there are at
    most :data:`MAX_FOLLOWED` of them (``tianjun`` → 天骏计划); more means the
    query is a word shared by many terms (工程), which follows none.
    Definition matches are never followed.
    """
    exact = [c for c in ranked if c.match is TermMatch.EXACT]
    if exact:
        return exact[:MAX_FOLLOWED]
    if not ranked or ranked[0].match not in (TermMatch.PARTIAL, TermMatch.ENGLISH):
        return []
    best = [c for c in ranked if c.match is ranked[0].match]
    return best if len(best) <= MAX_FOLLOWED else []


def order_literal(found: Iterable[tuple[int, int]], wanted: int | None = None) -> list[int]:
    """``(docnum, occurrences)`` pairs → docnums, most occurrences first, then reading order.

    With ``wanted``, only the first ``wanted`` of that order (a page needs no more, and a
    common string matches thousands of paragraphs of a large corpus).
    """
    def key(hit: tuple[int, int]) -> tuple[int, int]:
        return -hit[1], hit[0]

    if wanted is None:
        return [docnum for docnum, _ in sorted(found, key=key)]
    return [docnum for docnum, _ in heapq.nsmallest(wanted, found, key=key)]


def order_paragraphs(literal: list[int], by_term: list[int], partial: list[int], wanted: int | None = None
                     ) -> list[tuple[int, ParagraphMatch]]:
    """Paragraph hits in result order, each paragraph once (the first ``wanted`` of them, when given)."""
    seen: set[int] = set()
    ordered: list[tuple[int, ParagraphMatch]] = []
    for docnums, match in ((literal, ParagraphMatch.EXACT), (sorted(by_term), ParagraphMatch.TERM),
                           (partial, ParagraphMatch.PARTIAL)):
        for docnum in docnums:
            if wanted is not None and len(ordered) >= wanted:
                return ordered
            if docnum not in seen:
                seen.add(docnum)
                ordered.append((docnum, match))
    return ordered
