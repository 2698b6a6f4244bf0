"""The two Whoosh indexes of a build: paragraphs by bigrams and by words.

Terms are few and are looked up without Whoosh (see :mod:`index.term_finder`)."""

from __future__ import annotations

from whoosh.fields import ID, TEXT, Schema

from index.analysis import gram_analyzer, word_analyzer

LITERAL = "literal"
WORDS = "words"

# Appended to folded text before cutting bigrams, so that every character,
# the last one included, starts a bigram: a one-character query is then a
# prefix query on the same field.
END = "\x1f"


def literal_schema() -> Schema:
    """Paragraphs as overlapping bigrams: a phrase of bigrams finds any string, exactly."""
    return Schema(
        id=ID(stored=True, unique=True),
        bigrams=TEXT(analyzer=gram_analyzer(2), phrase=True),
    )


def words_schema(user_words: tuple[str, ...]) -> Schema:
    """Paragraphs as jieba words, for ranking paragraphs that match part of a query."""
    return Schema(
        id=ID(stored=True, unique=True),
        words=TEXT(analyzer=word_analyzer(user_words), phrase=False),
    )

