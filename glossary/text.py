"""Text normalisation shared by parsing, cross-referencing and search.

Two jobs live here:

* ``clean_pdf_spaces`` repairs the spaces a PDF export puts next to Chinese
  characters (``增长 1.4%`` → ``增长1.4%``) while keeping spaces between Latin
  words and numbers.
* ``fold`` produces the comparison form used for whitespace- and quote-
  insensitive matching, together with a map back to the original offsets, so a
  match found in the folded form can be highlighted in the original text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

# CJK ideographs plus the full-width punctuation that surrounds them in reports.
_CJK = (
    r"\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    r"\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
)
_SPACE_NEXT_TO_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u3000\u00a0]+|[ \t\u3000\u00a0]+(?=[{_CJK}])")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Quotation marks carry emphasis, not meaning: “三北”工程 and 三北工程 are the same term.
QUOTE_MARKS = frozenset("“”‘’「」『』\"'")


def clean_pdf_spaces(text: str) -> str:
    """Remove spaces adjacent to CJK characters; keep those between Latin words and digits."""
    return _SPACE_NEXT_TO_CJK.sub("", text).strip()


def has_han(text: str) -> bool:
    """True when ``text`` contains at least one Chinese character."""
    return _HAN.search(text) is not None


_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def to_simplified(text: str) -> str:
    """Traditional → Simplified Chinese (OpenCC t2s), character for character.

    Only runs of Chinese characters go to OpenCC, and the result always has
    the length of the input, so offsets found in the converted text are
    offsets into the text as sent (a run OpenCC would lengthen or shorten is
    converted one character at a time instead). Other text is left alone.
    """
    if not has_han(text):
        return text
    converter = _opencc()

    def convert(run: re.Match) -> str:
        converted = converter.convert(run.group())
        if len(converted) == len(run.group()):
            return converted
        singles = [converter.convert(char) for char in run.group()]
        return "".join(new if len(new) == 1 else old for old, new in zip(run.group(), singles, strict=True))

    return _HAN_RUN.sub(convert, text)


@lru_cache(maxsize=1)
def _opencc():
    import opencc  # imported on first use: it loads its dictionaries

    return opencc.OpenCC("t2s")


def han_only(text: str) -> str:
    """The Chinese characters of ``text``, in order."""
    return "".join(_HAN.findall(text))


@dataclass(frozen=True)
class Folded:
    """A folded string and, for each of its characters, the offset it came from."""

    text: str
    offsets: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of the folded text back to the original text."""
        return self.offsets[start], self.offsets[end - 1] + 1


def _fold_char(char: str) -> str:
    # NFKC turns full-width letters, digits and ％ into their ASCII forms, so
    # ５Ｇ matches 5G; casefold makes Latin matching case-insensitive.
    return unicodedata.normalize("NFKC", char).casefold()


class _FoldTable(dict):
    """Code point → what its character folds to ("" for whitespace and quotation marks), computed on first sight.

    Folding is character by character, so a table replaces NFKC and casefold
    per character (building an index folds every paragraph several times), and
    ``str.translate`` folds a whole text in C.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char.isspace() or char in QUOTE_MARKS:
            folded = ""
        else:
            folded = "".join(c for c in _fold_char(char) if not (c.isspace() or c in QUOTE_MARKS))
        self[code] = folded
        return folded


_FOLDED = _FoldTable()


def fold(text: str) -> Folded:
    """Fold ``text`` for matching: drop whitespace and quotation marks, NFKC, casefold."""
    folded_text = text.translate(_FOLDED)  # also fills the table for every character of the text
    lengths = list(map(len, map(_FOLDED.__getitem__, map(ord, text))))
    if max(lengths, default=0) <= 1:
        # Each character folds to one character or none (nearly always): the offsets are those it keeps.
        return Folded(folded_text, tuple(compress(range(len(text)), lengths)))
    offsets: list[int] = []
    for index, length in enumerate(lengths):
        offsets.extend([index] * length)
    return Folded(folded_text, tuple(offsets))


def normalize(text: str) -> str:
    """NFKC and casefold, keeping spaces: the form words are cut from (Latin words stay apart)."""
    return unicodedata.normalize("NFKC", text).casefold()


def fold_text(text: str) -> str:
    """Only the folded string of :func:`fold` (for keys and comparisons)."""
    return text.translate(_FOLDED)


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort spans and merge those that overlap or touch."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


_SENTENCE_BREAK = "。！？；"


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The ``[start, end)`` bounds of the sentence that contains ``text[start:end]``."""
    left = max(text.rfind(mark, 0, start) for mark in _SENTENCE_BREAK) + 1
    rights = [i for i in (text.find(mark, end) for mark in _SENTENCE_BREAK) if i != -1]
    right = min(rights) + 1 if rights else len(text)
    return left, right
