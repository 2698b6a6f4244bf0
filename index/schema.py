"""The Whoosh index of a build: paragraphs by jieba words, the ranking engine of partial matches.

Literal matches come from precomputed character postings (:mod:`index.grams`)
and terms are few and looked up without Whoosh (:mod:`index.term_finder`)."""

from __future__ import annotations

from whoosh.fields import ID, TEXT, Schema

from index.analysis import word_analyzer

WORDS = "words"


def words_schema(user_words: tuple[str, ...]) -> Schema:
    """Paragraphs as jieba words, for ranking paragraphs that match part of a query."""
    return Schema(
        id=ID(stored=True, unique=True),
        words=TEXT(analyzer=word_analyzer(user_words), phrase=False),
    )

