"""Finding the terms a query names, by every kind of key; :mod:`index.ranking` orders them.

* exact keys: headword, alias, accepted or deprecated rendering, pinyin with
  or without tones and spaces, pinyin initials (Traditional queries arrive
  converted, see :class:`index.query.Query`);
* part of a headword or alias (天骏 → 天骏计划), or the start of a pinyin key;
* English: every content word of the query (stop words dropped, stemmed) is a
  word of one rendering; or else the query's content words occur together, in
  order, in the English definition (a phrase: "Six Projects" in "one of the
  Six Projects", not "six" here and "project" there). A single common word of
  a multi-word query never selects a term on its own;
* Chinese text inside a Chinese definition.
"""

from __future__ import annotations

from glossary.terms import Term
from glossary.text import fold_text, has_han
from index.analysis import contains_phrase, english_tokens, english_words
from index.keys import ALIAS, DEPRECATED, ENGLISH, INITIALS, PINYIN, KeyIndex
from index.query import Query
from index.ranking import TermRanking
from index.results import TermMatch

MIN_PART_HAN = 2  # shortest Chinese query matched inside a headword (one character matches too much)
MIN_PART_LATIN = 3


class TermFinder:
    """The term lookups of one opened build."""

    def __init__(self, terms: list[Term], keys: KeyIndex) -> None:
        self._keys = keys
        self._ordinals = {term.id: n for n, term in enumerate(terms)}
        self._forms = [(term.id, [fold_text(form) for form in term.surface_forms]) for term in terms]
        self._definitions_zh = [(term.id, fold_text(term.definition_zh.text)) for term in terms]
        # Each rendering's stemmed content words, so English matching is set containment.
        self._renderings = [(term.id, english_words(r.text), r.status) for term in terms for r in term.renderings]
        self._definitions_en = [(term.id, english_tokens(term.definition_en.text)) for term in terms]

    def find(self, query: Query) -> TermRanking:
        """Every term the query matches, each with its best match."""
        ranking = TermRanking(self._ordinals)
        for variant in query.variants:
            self._exact(variant, ranking)
            self._inside_forms(variant, ranking)
        if len(query.pinyin) >= 2:
            self._pinyin(query.pinyin, ranking)
        if query.has_latin:
            for phrasing in query.phrasings:
                self._english(phrasing, ranking)
        return ranking

    def _exact(self, variant: str, ranking: TermRanking) -> None:
        for key in self._keys.exact(variant):
            ranking.offer(key.term_id, TermMatch.EXACT, 0, key.kind)

    def _inside_forms(self, variant: str, ranking: TermRanking) -> None:
        chinese = has_han(variant)
        if len(variant) < (MIN_PART_HAN if chinese else MIN_PART_LATIN):
            return
        for term_id, forms in self._forms:
            for form in forms:
                if variant in form:
                    ranking.offer(term_id, TermMatch.PARTIAL, len(form) - len(variant), ALIAS)
        if chinese:
            for term_id, definition in self._definitions_zh:
                if variant in definition:
                    ranking.offer(term_id, TermMatch.DEFINITION, 0, "definition")

    def _pinyin(self, pinyin: str, ranking: TermRanking) -> None:
        for key in self._keys.exact(pinyin):
            if key.kind in (PINYIN, INITIALS):
                ranking.offer(key.term_id, TermMatch.EXACT, 0 if key.kind == PINYIN else 1, key.kind)
        if len(pinyin) >= MIN_PART_LATIN:
            for key in self._keys.prefixed(pinyin):
                if key.kind == PINYIN:
                    ranking.offer(key.term_id, TermMatch.PARTIAL, len(key.key) - len(pinyin), PINYIN)

    def _english(self, phrasing: str, ranking: TermRanking) -> None:
        phrase = english_tokens(phrasing)
        words = frozenset(phrase)
        if not words:
            return
        for term_id, rendering, status in self._renderings:
            if words <= rendering:
                # Closest first: the fewer words of the rendering the query leaves out, the better.
                ranking.offer(term_id, TermMatch.ENGLISH, len(rendering - words),
                              DEPRECATED if status == DEPRECATED else ENGLISH)
        for term_id, definition in self._definitions_en:
            if contains_phrase(definition, phrase):
                ranking.offer(term_id, TermMatch.DEFINITION, len(definition), "definition")
