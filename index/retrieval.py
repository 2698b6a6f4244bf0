"""Finding paragraphs: literally (bigram postings) and by some of the query's words (BM25).

Document numbers of both Whoosh paragraph indexes are positions in
``glossary.paragraphs`` (one writer each, same order; the reader checks it).
Searchers are passed in: Whoosh searchers are not thread-safe, so each thread
brings its own (see :class:`index.reader.SearchIndex`).
"""

from __future__ import annotations

from whoosh.query import Or, Term

from index.analysis import char_grams, segment_by_vocabulary


class ParagraphFinder:
    """The paragraph lookups of one opened build."""

    def __init__(self, folded_texts: list[str], vocabulary: frozenset[str]) -> None:
        self._texts = folded_texts
        self._vocabulary = vocabulary
        self._longest_word = max(map(len, vocabulary), default=1)

    def literal(self, literal_searcher, variant: str) -> list[tuple[int, int]]:
        """``(occurrences, docnum)`` of every paragraph whose folded text contains ``variant``.

        Candidates are the documents that hold every bigram of the variant
        (rarest bigram first); a plain substring test on the folded text then
        confirms each one, which is exact and cheaper than Whoosh's position check.
        """
        reader = literal_searcher.reader()
        if len(variant) == 1:
            grams = list(reader.expand_prefix("bigrams", variant))
            candidates = {d for gram in grams for d in reader.postings("bigrams", gram).all_ids()}
        else:
            grams = sorted(set(char_grams(variant, 2)), key=lambda g: reader.doc_frequency("bigrams", g))
            if not grams or reader.doc_frequency("bigrams", grams[0]) == 0:
                return []
            candidates = set(reader.postings("bigrams", grams[0]).all_ids())
            for gram in grams[1:]:
                if not candidates:
                    break
                candidates.intersection_update(reader.postings("bigrams", gram).all_ids())
        texts = self._texts
        return [(texts[d].count(variant), d) for d in candidates if variant in texts[d]]

    def words(self, phrasing: str) -> list[str]:
        """The query's words that the word index holds, cut as it was cut (see :func:`segment_by_vocabulary`)."""
        return list(dict.fromkeys(segment_by_vocabulary(phrasing, self._vocabulary, self._longest_word)))

    def partial(self, words_searcher, words: list[str], exclude: set[int], wanted: int,
                allowed: frozenset[int] | None = None) -> tuple[list[int], int]:
        """(docnums best first, up to ``wanted``; total) of paragraphs with some of ``words``, BM25-ranked.

        ``exclude`` are left out (already listed); ``allowed``, when given, are the only ones considered.
        """
        results = words_searcher.search(Or([Term("words", w) for w in words]), limit=max(1, wanted), mask=exclude,
                                        filter=set(allowed) if allowed is not None else None)
        return [docnum for _, docnum in results.top_n], len(results)

    def all_partial(self, words_searcher, words: list[str]) -> set[int]:
        """Every paragraph with some of ``words``, unscored (for counting)."""
        return set(words_searcher.docs_for_query(Or([Term("words", w) for w in words])))


def read_vocabulary(words_searcher) -> frozenset[str]:
    """Every word the word index holds."""
    return frozenset(term.decode("utf-8") for term in words_searcher.reader().lexicon("words"))
