"""Suggestions while typing: terms whose keys start with, or contain, what was typed.

Ranked in three bands, then shorter keys first:

0. a key equal to the text;
1. a key that starts with it (headword, alias, rendering, pinyin, initials);
2. inside a word: a later word of a rendering starts with it ("shelterbelt",
   "productive forces"), or a headword or alias contains it (穿肠, 牧骑, 内蒙古).
"""

from __future__ import annotations

from glossary.terms import Term
from glossary.text import fold_text
from index.keys import ALIAS, ENGLISH, ENGLISH_WORD, KeyIndex
from index.query import Query
from index.results import Suggestion
from index.term_finder import TextRun

EXACT, PREFIX, INSIDE = range(3)


class Suggester:
    """The suggestion lookups of one opened build."""

    def __init__(self, terms: list[Term], keys: KeyIndex) -> None:
        self._keys = keys
        self._terms = {term.id: term for term in terms}
        self._ordinals = {term.id: n for n, term in enumerate(terms)}
        self._forms = TextRun((term.id, fold_text(form)) for term in terms for form in term.surface_forms)

    def suggest(self, query: Query, limit: int) -> tuple[Suggestion, ...]:
        """Up to ``limit`` terms for what was typed, best first."""
        best: dict[str, tuple[int, int, str, str]] = {}  # term id → (band, key length, kind, key)

        def offer(term_id: str, band: int, key: str, kind: str) -> None:
            rank = (band, len(key), kind, key)
            if term_id not in best or rank[:2] < best[term_id][:2]:
                best[term_id] = rank

        prefixes = list(query.variants) + ([query.pinyin] if query.pinyin else [])
        for prefix in prefixes:
            for key in self._keys.prefixed(prefix):
                band = EXACT if key.key == prefix else INSIDE if key.kind == ENGLISH_WORD else PREFIX
                offer(key.term_id, band, key.key, ENGLISH if key.kind == ENGLISH_WORD else key.kind)
        for variant in query.variants:
            for term_id, form in self._forms.containing(variant):
                if not form.startswith(variant):
                    offer(term_id, INSIDE, form, ALIAS)
        ordered = sorted(best.items(), key=lambda item: (*item[1][:2], self._ordinals[item[0]]))[:limit]
        return tuple(Suggestion(self._terms[term_id], kind, key) for term_id, (_, _, kind, key) in ordered)
