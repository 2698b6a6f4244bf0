"""Literal search over the immutable corpus: character postings precomputed at build time.

For every character and every pair of adjacent characters of the folded
paragraphs, the build writes the sorted document numbers that contain it
(:func:`write_grams`; ``grams.pickle`` in the build). A string is then found by
taking the postings of its rarest bigram (or of its one character) and
confirming each candidate with a plain substring test on the folded text
(:meth:`GramIndex.find`): exact, whatever jieba would make of the string.

This replaces a Whoosh index of bigrams: the corpus never changes once built,
so there is nothing Whoosh's segments and phrase positions add to it, and a
posting read from memory costs a slice instead of a decoded block.
"""

from __future__ import annotations

import pickle
from array import array
from pathlib import Path

# Document numbers are stored as unsigned 32-bit integers, native byte order
# (a build is read on the machine type that made it, as Whoosh's files are).
_TYPECODE = "I"


def gram_postings(texts: list[str]) -> dict[str, bytes]:
    """Every character and bigram of ``texts`` → the document numbers that hold it, as packed bytes."""
    postings: dict[str, array] = {}
    for docnum, text in enumerate(texts):
        grams = set(text)
        grams.update(text[i:i + 2] for i in range(len(text) - 1))
        for gram in grams:
            found = postings.get(gram)
            if found is None:
                found = postings[gram] = array(_TYPECODE)
            found.append(docnum)
    return {gram: docs.tobytes() for gram, docs in postings.items()}


def write_grams(path: Path, texts: list[str]) -> None:
    """Write the postings of ``texts`` (the folded paragraphs, in document order) to ``path``."""
    with open(path, "wb") as out:
        pickle.dump({"count": len(texts), "postings": gram_postings(texts)}, out, protocol=pickle.HIGHEST_PROTOCOL)


class GramIndex:
    """The literal lookups of one opened build."""

    def __init__(self, path: Path, texts: list[str]) -> None:
        with open(path, "rb") as source:
            stored = pickle.load(source)
        if stored["count"] != len(texts):
            raise ValueError(f"{path} holds {stored['count']} paragraphs, not {len(texts)}")
        self._postings: dict[str, bytes] = stored["postings"]
        self._texts = texts
        self._width = array(_TYPECODE).itemsize

    def frequency(self, gram: str) -> int:
        """How many paragraphs hold ``gram`` (a character or a bigram)."""
        return len(self._postings.get(gram, b"")) // self._width

    def find(self, variant: str) -> list[tuple[int, int]]:
        """``(occurrences, docnum)`` of every paragraph whose folded text contains ``variant``, in docnum order."""
        if not variant:
            return []
        # Up to two characters, a paragraph holds the string exactly when the string's own posting lists it.
        grams = [variant] if len(variant) <= 2 else [variant[i:i + 2] for i in range(len(variant) - 1)]
        rarest = min(grams, key=self.frequency)
        packed = self._postings.get(rarest)
        if packed is None:
            return []
        candidates = array(_TYPECODE)
        candidates.frombytes(packed)
        texts = self._texts
        if len(variant) <= 2:
            return [(texts[d].count(variant), d) for d in candidates]
        return [(text.count(variant), d) for d in candidates if variant in (text := texts[d])]
