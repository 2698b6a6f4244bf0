"""The user's query, checked and prepared once: every form the search needs of it.

The text is never parsed as query syntax: quotes, ``*``, ``AND``, ``:`` and
brackets are plain characters. :meth:`Query.parse` refuses unusable text
with a :class:`QueryError` that names the limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from glossary.pinyin import plain_pinyin
from glossary.text import fold_text, has_han, normalize, to_simplified

MAX_QUERY_CHARS = 200
MAX_LIMIT = 100
MAX_OFFSET = 10_000


class QueryError(ValueError):
    """The query or a paging parameter is unusable; the message says why and names the limit."""


def check_paging(limit: int, offset: int) -> None:
    """Reject limits and offsets outside the allowed range, naming it."""
    if not 0 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 0 and {MAX_LIMIT}, got {limit}")
    if not 0 <= offset <= MAX_OFFSET:
        raise QueryError(f"offset must be between 0 and {MAX_OFFSET}, got {offset}")


@dataclass(frozen=True)
class Query:
    """A cleaned query and its variants.

    ``variants`` are the folded query and its Simplified form (literal
    matching and term keys); ``phrasings`` the same with spaces kept (cutting
    into words, English); ``pinyin`` the letters of a query without Chinese,
    read as pinyin (``Sānběi`` → ``sanbei``), else empty.
    """

    text: str
    simplified: str
    variants: tuple[str, ...]
    phrasings: tuple[str, ...]
    pinyin: str

    @classmethod
    def parse(cls, raw: str) -> Query:
        """Check ``raw`` (not empty, not over-long, something searchable) and prepare it."""
        if not isinstance(raw, str):
            raise QueryError("query must be text")
        text = raw.strip()
        if not text:
            raise QueryError("query is empty")
        if len(text) > MAX_QUERY_CHARS:
            raise QueryError(f"query is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
        # Half a surrogate pair is no character: it reaches here from a command line argument that is not
        # UTF-8 (decoded with surrogateescape) or a JSON escape, and the index cannot encode it.
        surrogate = next((c for c in text if "\ud800" <= c <= "\udfff"), None)
        if surrogate is not None:
            raise QueryError(f"query holds U+{ord(surrogate):04X}, half of a surrogate pair and not a character "
                             "(text that is not valid UTF-8?)")
        if not fold_text(text):
            raise QueryError("query has nothing to search for (only spaces or quotation marks)")
        simplified = to_simplified(text)
        return cls(
            text=text,
            simplified=simplified,
            variants=tuple(dict.fromkeys([fold_text(text), fold_text(simplified)])),
            phrasings=tuple(dict.fromkeys([normalize(text), normalize(simplified)])),
            pinyin="" if has_han(text) else plain_pinyin(text),
        )

    @property
    def is_chinese(self) -> bool:
        return has_han(self.text)

    @property
    def has_latin(self) -> bool:
        return any(c.isascii() and c.isalpha() for c in self.text)
