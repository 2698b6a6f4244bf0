"""Finding paragraphs: literally (precomputed character postings) and by some of the query's words (BM25).

Document numbers are positions in ``glossary.paragraphs`` (the word index was
written in that order; the reader checks it). Whoosh searchers are passed in:
they are not thread-safe, so each thread brings its own (see
:class:`index.reader.SearchIndex`).

Whoosh with jieba words stays the ranking engine for partial matches; how many
paragraphs hold some of the query's words (the total, the counts per report)
is computed here from each word's posting list, kept in memory as a docset
(:mod:`index.docsets`) once a query has asked for it, so Whoosh scores only
when a page shows partial matches.
"""

from __future__ import annotations

import threading

from whoosh.query import Or, Term

from index.analysis import segment_by_vocabulary
from index.docsets import docset
from index.grams import GramIndex

WORD_CACHE_BYTES = 32 << 20  # memory for the words' docsets (each is paragraphs / 8 bytes), per opened build


class ParagraphFinder:
    """The paragraph lookups of one opened build."""

    def __init__(self, grams: GramIndex, size: int, vocabulary: frozenset[str]) -> None:
        self._grams = grams
        self._size = size
        self._vocabulary = vocabulary
        self._longest_word = max(map(len, vocabulary), default=1)
        self._word_docs: dict[str, int] = {}
        self._word_cache = max(256, WORD_CACHE_BYTES // max(1, size // 8))  # words kept
        self._word_lock = threading.Lock()

    def literal(self, variant: str) -> list[tuple[int, int]]:
        """``(occurrences, docnum)`` of every paragraph whose folded text contains ``variant``."""
        return self._grams.find(variant)

    def words(self, phrasing: str) -> list[str]:
        """The query's words that the word index holds, cut as it was cut (see :func:`segment_by_vocabulary`)."""
        return list(dict.fromkeys(segment_by_vocabulary(phrasing, self._vocabulary, self._longest_word)))

    def word_docs(self, words_searcher, words: list[str]) -> int:
        """The docset of every paragraph holding some of ``words`` (unscored)."""
        union = 0
        for word in words:
            bits = self._word_docs.get(word)
            if bits is None:
                # The build never changes, so a word's postings are read (and decoded) once.
                bits = docset(words_searcher.reader().postings("words", word).all_ids(), self._size)
                with self._word_lock:
                    if len(self._word_docs) >= self._word_cache:
                        self._word_docs.clear()
                    self._word_docs[word] = bits
            union |= bits
        return union

    def partial(self, words_searcher, words: list[str], exclude: set[int], wanted: int,
                allowed: frozenset[int] | None = None) -> list[int]:
        """Docnums of the ``wanted`` best paragraphs with some of ``words``, BM25-ranked by Whoosh.

        ``exclude`` are left out (already listed); ``allowed``, when given, are the only ones considered.
        """
        results = words_searcher.search(Or([Term("words", w) for w in words]), limit=max(1, wanted), mask=exclude,
                                        filter=set(allowed) if allowed is not None else None)
        return [docnum for _, docnum in results.top_n]


def read_vocabulary(words_searcher) -> frozenset[str]:
    """Every word the word index holds."""
    return frozenset(term.decode("utf-8") for term in words_searcher.reader().lexicon("words"))
