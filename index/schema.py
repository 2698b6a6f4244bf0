"""The three Whoosh indexes of a build: paragraphs by bigrams and by words, and terms."""

from __future__ import annotations

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, STORED, TEXT, Schema

from index.analysis import gram_analyzer, word_analyzer

LITERAL = "literal"
WORDS = "words"
TERMS = "terms"

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


def term_schema() -> Schema:
    """Terms: English renderings and definitions, stemmed, for English search."""
    return Schema(
        id=ID(stored=True, unique=True),
        renderings=TEXT(analyzer=StemmingAnalyzer(), field_boost=3.0),
        definition=TEXT(analyzer=StemmingAnalyzer()),
        ordinal=STORED(),
    )
