"""A :class:`index.reader.SearchIndex` whose answers are kept, for the web service.

The build never changes once written and results are immutable records
(:mod:`index.results`), so one stored answer can be handed to every caller.
The store is a plain LRU mapping owned by the wrapper: no bound method is
cached on the instance, so nothing keeps a replaced index alive.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

from index.reader import EVERYWHERE, SearchIndex
from index.results import SearchResult, Suggestion
from index.scope import Scope

CACHE_SIZE = 2048  # answers per kind (search, suggest) per worker


class _Lru:
    """A thread-safe least-recently-used mapping of at most ``size`` entries."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


class CachedIndex:
    """The same calls as :class:`SearchIndex`, answered from memory when asked before.

    Errors (:class:`index.query.QueryError`) are not kept: they are cheap to raise again.
    """

    def __init__(self, index: SearchIndex, size: int = CACHE_SIZE) -> None:
        self.index = index
        self._searches = _Lru(size)
        self._suggestions = _Lru(size)

    @classmethod
    def open(cls, index_dir: Path) -> CachedIndex:
        """Open the live build of ``index_dir`` (see :meth:`SearchIndex.open`)."""
        return cls(SearchIndex.open(index_dir))

    @property
    def path(self) -> Path:
        return self.index.path

    @property
    def stamp(self) -> dict:
        return self.index.stamp

    @property
    def glossary(self):
        return self.index.glossary

    def search(self, text: str, limit: int = 10, offset: int = 0, scope: Scope = EVERYWHERE) -> SearchResult:
        key = (text, limit, offset, scope)
        result = self._searches.get(key)
        if result is None:
            result = self.index.search(text, limit, offset, scope)
            self._searches.put(key, result)
        return result

    def suggest(self, text: str, limit: int = 8) -> tuple[Suggestion, ...]:
        key = (text, limit)
        result = self._suggestions.get(key)
        if result is None:
            result = self.index.suggest(text, limit)
            self._suggestions.put(key, result)
        return result

    def close(self) -> None:
        self.index.close()
