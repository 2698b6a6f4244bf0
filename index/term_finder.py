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

from bisect import bisect_right
from collections.abc import Iterable

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
        # Every folded headword and alias, and every Chinese definition, each run together in one text,
        # so that "where does the query occur" is one str.find sweep instead of a test per form.
        self._forms = TextRun((term.id, fold_text(form)) for term in terms for form in term.surface_forms)
        self._definitions_zh = TextRun((term.id, fold_text(term.definition_zh.text)) for term in terms)
        # Each rendering's stemmed content words, so English matching is set containment; the
        # inverted indexes give the renderings and definitions holding every word of a query at once.
        self._renderings = [(term.id, english_words(r.text), r.status) for term in terms for r in term.renderings]
        self._definitions_en = [(term.id, english_tokens(term.definition_en.text)) for term in terms]
        self._rendering_words = _inverted(words for _, words, _ in self._renderings)
        self._definition_words = _inverted(tokens for _, tokens in self._definitions_en)

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
        for term_id, form in self._forms.containing(variant):
            ranking.offer(term_id, TermMatch.PARTIAL, len(form) - len(variant), ALIAS)
        if chinese:
            for term_id, _ in self._definitions_zh.containing(variant):
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
        for number in _holding_all(self._rendering_words, words):
            term_id, rendering, status = self._renderings[number]
            # Closest first: the fewer words of the rendering the query leaves out, the better.
            ranking.offer(term_id, TermMatch.ENGLISH, len(rendering - words),
                          DEPRECATED if status == DEPRECATED else ENGLISH)
        for number in _holding_all(self._definition_words, words):
            term_id, definition = self._definitions_en[number]
            if contains_phrase(definition, phrase):
                ranking.offer(term_id, TermMatch.DEFINITION, len(definition), "definition")


def _inverted(documents: Iterable[Iterable[str]]) -> dict[str, frozenset[int]]:
    """word → the positions of the documents holding it."""
    found: dict[str, set[int]] = {}
    for number, words in enumerate(documents):
        for word in words:
            found.setdefault(word, set()).add(number)
    return {word: frozenset(numbers) for word, numbers in found.items()}


def _holding_all(inverted: dict[str, frozenset[int]], words: frozenset[str]) -> list[int]:
    """Positions of the documents holding every one of ``words``, ascending (the order they were offered in before)."""
    sets = sorted((inverted.get(word, frozenset()) for word in words), key=len)
    return sorted(sets[0].intersection(*sets[1:]))


class TextRun:
    """Texts run together with a separator, for finding every text that contains a string in one sweep."""

    SEPARATOR = "\x00"  # not in the glossary's texts; a needle holding it is looked for text by text

    def __init__(self, items: Iterable[tuple[str, str]]) -> None:
        self._items = list(items)  # (owner, text)
        self._starts = []
        position = 0
        for _, text in self._items:
            self._starts.append(position)
            position += len(text) + 1
        self._text = self.SEPARATOR.join(text for _, text in self._items)

    def containing(self, needle: str) -> list[tuple[str, str]]:
        """``(owner, text)`` of every text containing ``needle``, in their order, each once."""
        if not needle:
            return list(self._items)
        if self.SEPARATOR in needle:
            return [item for item in self._items if needle in item[1]]
        found = []
        text, starts = self._text, self._starts
        at = text.find(needle)
        while at != -1:
            number = bisect_right(starts, at) - 1
            found.append(self._items[number])
            if number + 1 == len(starts):
                break
            at = text.find(needle, starts[number + 1])  # the next text: one hit per text is enough
        return found
