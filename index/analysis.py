"""Tokenizers for the Whoosh index.

The index stores normalised text, cut into words (literal recall does not rely
on words, which hide substrings — jieba cuts 蒙科聚科创平台 into 蒙科/聚科创 —
but on character postings, see :mod:`index.grams`):

* ``JiebaTokenizer`` segments words with jieba, for ranking partial matches.
  Unlike jieba's stock ``ChineseAnalyzer`` it numbers tokens by word position
  (so phrase queries work) and never imports ``jieba.analyse``. It carries the
  glossary's surface forms as a user dictionary, pickled into the index schema.
  Queries are cut against the words the index actually holds
  (:func:`segment_by_vocabulary`), so they see the same dictionary without
  loading jieba.

The import path of these classes is pickled into every index: moving or
renaming them means rebuilding (the build stamp covers this file).
"""

from __future__ import annotations

import logging
import os
import re
import threading
from pathlib import Path

from whoosh.analysis import LowercaseFilter, StemFilter, StemmingAnalyzer, Token, Tokenizer
from whoosh.lang.porter import stem

_jieba_lock = threading.Lock()
_jieba_words: set[str] = set()


def cache_dir() -> Path:
    """Where jieba keeps its dictionary cache (instead of the system temp folder)."""
    base = os.environ.get("GLOSSARY_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "policy-glossary"
    )
    return Path(base)


def jieba_tokenizer(words: tuple[str, ...] = ()):
    """jieba's default tokenizer, loaded once per process, with ``words`` added to its dictionary."""
    import jieba

    with _jieba_lock:
        if not jieba.dt.initialized:
            jieba.setLogLevel(logging.WARNING)
            directory = cache_dir()
            try:
                directory.mkdir(parents=True, exist_ok=True)
                jieba.dt.tmp_dir = str(directory)
            except OSError:
                pass  # no writable cache folder: jieba then works without one
            jieba.dt.initialize()
        for word in words:
            if word not in _jieba_words:
                jieba.dt.add_word(word)
                _jieba_words.add(word)
    return jieba.dt


def _tokens(pieces, positions=False, chars=False, keeporiginal=False, removestops=True,
            start_pos=0, start_char=0, mode="", **kwargs):
    """Whoosh tokens for ``(text, start, end)`` pieces, positioned by their order."""
    token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
    for number, (text, start, end) in enumerate(pieces):
        token.text = text
        token.boost = 1.0
        token.stopped = False
        if keeporiginal:
            token.original = text
        if positions:
            token.pos = start_pos + number
        if chars:
            token.startchar, token.endchar = start_char + start, start_char + end
        yield token


class JiebaTokenizer(Tokenizer):
    """jieba word segmentation with word positions and a glossary user dictionary."""

    def __init__(self, words: tuple[str, ...] = ()):
        self.words = tuple(words)

    def __eq__(self, other):
        return type(other) is type(self) and other.words == self.words

    def __call__(self, value, tokenize=True, **options):
        pieces = jieba_tokenizer(self.words).tokenize(value)
        # Whitespace and punctuation are not words.
        words = (piece for piece in pieces if piece[0].strip() and any(c.isalnum() for c in piece[0]))
        return _tokens(words, **options)


_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+")


def segment_by_vocabulary(text: str, vocabulary: frozenset[str], longest: int) -> list[str]:
    """Words of folded ``text`` that occur in ``vocabulary`` (the word index's own terms).

    Chinese runs are cut by forward maximum matching against the vocabulary;
    Latin and digit runs are stemmed as the index stemmed them. This stands in
    for jieba at query time: only indexed words can match anyway, and it spares
    each fresh process the second jieba needs to load its dictionary.
    """
    words: list[str] = []
    for run in _RUNS.findall(text):
        if run.isascii():
            word = stem(run)
            if word in vocabulary:
                words.append(word)
            continue
        start = 0
        while start < len(run):
            for end in range(min(len(run), start + longest), start + 1, -1):
                if run[start:end] in vocabulary:
                    words.append(run[start:end])
                    start = end
                    break
            else:
                start += 1  # single characters are not worth ranking on
    return words


def word_analyzer(words: tuple[str, ...] = ()):
    """Chinese words via jieba; Latin words lower-cased and stemmed."""
    return JiebaTokenizer(words) | LowercaseFilter() | StemFilter()


_english_analyzer = StemmingAnalyzer()


def english_tokens(text: str) -> tuple[str, ...]:
    """The content words of English ``text`` in order: lower-cased, stop words dropped, Porter-stemmed."""
    return tuple(token.text for token in _english_analyzer(text))


def english_words(text: str) -> frozenset[str]:
    """The set of :func:`english_tokens`."""
    return frozenset(english_tokens(text))


def contains_phrase(tokens: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """True when ``phrase`` occurs in ``tokens`` as consecutive tokens."""
    size = len(phrase)
    return size > 0 and any(tokens[i:i + size] == phrase for i in range(len(tokens) - size + 1))
