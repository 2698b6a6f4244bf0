"""The two Whoosh indexes of a build: report paragraphs and glossary terms."""

from __future__ import annotations

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from index.analysis import gram_analyzer, word_analyzer

PARAGRAPHS = "paragraphs"
TERMS = "terms"


def paragraph_schema(user_words: tuple[str, ...]) -> Schema:
    """Paragraphs: literal n-gram fields for recall, jieba words for ranking."""
    return Schema(
        id=ID(stored=True, unique=True),
        ordinal=NUMERIC(stored=True, sortable=True),
        # Folded text cut into bigrams (phrase queries find any string of 2+
        # characters) and single characters (for 1-character queries).
        bigrams=TEXT(analyzer=gram_analyzer(2), phrase=True),
        chars=TEXT(analyzer=gram_analyzer(1), phrase=False),
        words=TEXT(analyzer=word_analyzer(user_words), phrase=True),
    )


def term_schema() -> Schema:
    """Terms: English renderings and definitions, stemmed, for English search."""
    return Schema(
        id=ID(stored=True, unique=True),
        renderings=TEXT(analyzer=StemmingAnalyzer(), field_boost=3.0),
        definition=TEXT(analyzer=StemmingAnalyzer()),
        ordinal=STORED(),
    )
