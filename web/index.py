"""The index a worker serves: opened lazily on first use, one per process.

:class:`IndexHolder` lives in ``app.extensions["glossary"]``. It opens the live
build of the index folder on first use and, every ``INDEX_CHECK_SECONDS``,
looks whether ``CURRENT`` points at a newer build (``glossary build`` swaps it
atomically); if so it switches to it. The app never writes the index.
"""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path

from flask import Flask, current_app, g

from index.build import current_build, default_index_dir
from index.search import IndexMissing, SearchIndex

EXTENSION = "glossary"


class IndexUnreadable(IndexMissing):
    """There is a build, but this version cannot read it (made by another release, or damaged)."""


def open_index(index_dir: Path) -> SearchIndex:
    """:meth:`SearchIndex.open`, with an unreadable build reported as :class:`IndexUnreadable`."""
    try:
        return SearchIndex.open(index_dir)
    except IndexMissing:
        raise
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise IndexUnreadable(f"the index in {index_dir} cannot be read by this version ({error}); "
                              f"rebuild it with `glossary build --index-dir {index_dir}`") from error


class IndexHolder:
    """A lazily opened :class:`SearchIndex`, shared by the threads of one worker."""

    def __init__(self, index_dir: Path, check_seconds: int) -> None:
        self.index_dir = index_dir
        self.check_seconds = check_seconds
        self._index: SearchIndex | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def get(self) -> SearchIndex:
        """The open index; raises :class:`index.search.IndexMissing` when nothing is built."""
        index = self._index
        if index is not None and (not self.check_seconds or time.monotonic() - self._checked < self.check_seconds):
            return index
        with self._lock:
            now = time.monotonic()
            if self._index is None:
                self._index = self._open()
                self._checked = now
            elif self.check_seconds and now - self._checked >= self.check_seconds:
                self._checked = now
                live = current_build(self.index_dir)
                if live is not None and live.name != self._index.path.name:
                    # Requests still running keep the old object; it is left to the garbage collector
                    # (the previous build folder is kept by the builder for exactly this).
                    try:
                        self._index = self._open()
                    except IndexMissing as error:  # keep serving the build we have
                        current_app.logger.error("not switching to %s: %s", live.name, error)
            return self._index

    def _open(self) -> SearchIndex:
        index = open_index(self.index_dir)
        # The index is read-only for the life of the worker: move its objects out of the cyclic
        # garbage collector's reach, so full collections stay short (they set the latency tail).
        gc.freeze()
        return index


def init_app(app: Flask) -> None:
    index_dir = Path(app.config["INDEX_DIR"] or default_index_dir())
    app.extensions[EXTENSION] = IndexHolder(index_dir, app.config["INDEX_CHECK_SECONDS"])


def get_index() -> SearchIndex:
    """The index for this request (the same object for the whole request)."""
    if "index" not in g:
        g.index = current_app.extensions[EXTENSION].get()
    return g.index
