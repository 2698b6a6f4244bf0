"""The index a worker serves: opened lazily on first use, one per process, closed when replaced.

:class:`IndexHolder` lives in ``app.extensions["glossary"]``. It opens the live
build of the index folder on first use and, every ``INDEX_CHECK_SECONDS``,
looks whether ``CURRENT`` points at a newer build (``glossary build`` swaps it
atomically); if so it switches to it. The app never writes the index.

Each request leases the index it started with (:func:`get_index`, released
when the request ends), so a switch never pulls an index from under a running
request: the previous index is closed — its files and every thread's searcher
— as soon as its last lease is returned. Under ``glossary serve`` each worker
also watches in the background (:meth:`IndexHolder.watch`), so a worker that
receives no request still lets go of a replaced build.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from pathlib import Path

from flask import Flask, current_app, g

from index.cache import CachedIndex
from index.layout import current_build, default_index_dir
from index.reader import IndexMissing

EXTENSION = "glossary"
log = logging.getLogger(__name__)


class IndexUnreadable(IndexMissing):
    """There is a build, but this version cannot read it (made by another release, or damaged)."""


def open_index(index_dir: Path) -> CachedIndex:
    """:meth:`CachedIndex.open`, with an unreadable build reported as :class:`IndexUnreadable`."""
    try:
        return CachedIndex.open(index_dir)
    except IndexMissing:
        raise
    except Exception as error:  # noqa: BLE001 - a damaged build fails in Whoosh's unpickling, struct, zlib…
        # …or JSON parsing: whatever the failure, the build cannot be served, and the caller keeps the one
        # it has (IndexHolder) or stops with this message (glossary serve).
        raise IndexUnreadable(f"the index in {index_dir} cannot be read by this version ({error}); "
                              f"rebuild it with `glossary build --index-dir {index_dir}`") from error


class IndexHolder:
    """A lazily opened :class:`CachedIndex`, shared by the threads of one worker."""

    def __init__(self, index_dir: Path, check_seconds: int) -> None:
        self.index_dir = index_dir
        self.check_seconds = check_seconds
        self._index: CachedIndex | None = None
        self._checked = 0.0
        self._lock = threading.Lock()
        self._leases: dict[CachedIndex, int] = {}  # index → requests using it
        self._retired: set[CachedIndex] = set()  # replaced, to close when their last lease ends
        self._frozen = False
        self._refused: str | None = None  # a build that failed to open: not tried again while CURRENT names it

    def get(self) -> CachedIndex:
        """The current index (opening or switching first when due), without a lease.

        Use it only for what stays valid after a close (its path and stamp);
        requests use :meth:`acquire`. Raises :class:`IndexMissing` when nothing is built.
        """
        index = self._index
        if index is not None and (not self.check_seconds or time.monotonic() - self._checked < self.check_seconds):
            return index
        with self._lock:
            return self._refresh()

    def acquire(self) -> CachedIndex:
        """The current index, leased until :meth:`release`."""
        with self._lock:
            index = self._refresh()
            self._leases[index] = self._leases.get(index, 0) + 1
            return index

    def release(self, index: CachedIndex) -> None:
        """Return a lease; a replaced index whose last lease this was is closed."""
        with self._lock:
            remaining = self._leases.get(index, 0) - 1
            if remaining > 0:
                self._leases[index] = remaining
                return
            self._leases.pop(index, None)
            if index in self._retired:
                self._retired.discard(index)
                index.close()

    def watch(self) -> threading.Thread | None:
        """Check for a new build every ``check_seconds`` in a daemon thread, requests or not.

        Without it a worker switches (and closes the replaced build) on its next
        request only; an idle worker would keep the old files open meanwhile.
        The index is still opened on first use, never by the watcher.
        """
        if not self.check_seconds:
            return None

        def loop() -> None:
            while True:
                time.sleep(self.check_seconds)
                if self._index is not None:
                    try:
                        self.get()
                    except Exception:  # noqa: BLE001 - a watcher must never die; the next request reports it
                        log.exception("checking %s for a new build failed", self.index_dir)

        thread = threading.Thread(target=loop, name="index-watch", daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        """Close the current index (for tests and shutdown); leased ones close when released."""
        with self._lock:
            if self._index is not None:
                self._retire(self._index)
                self._index = None

    def _refresh(self) -> CachedIndex:
        """Open the index, or switch to a newer build when a check is due (called with the lock held)."""
        now = time.monotonic()
        if self._index is None:
            self._index = self._open()
            self._checked = now
        elif self.check_seconds and now - self._checked >= self.check_seconds:
            self._checked = now
            live = current_build(self.index_dir)
            if live is not None and live.name not in (self._index.path.name, self._refused):
                try:
                    new = self._open()
                except IndexMissing as error:  # keep serving the build we have
                    # Once per broken build: a failed open may leave files open (see docs/RELIABILITY.md),
                    # and the log would repeat every check.
                    self._refused = live.name
                    log.error("not switching to %s: %s", live.name, error)
                else:
                    self._retire(self._index)
                    self._index = new
        return self._index

    def _retire(self, index: CachedIndex) -> None:
        if self._leases.get(index):
            self._retired.add(index)
        else:
            index.close()

    def _open(self) -> CachedIndex:
        index = open_index(self.index_dir)
        if not self._frozen:
            # Once per worker: move the objects that live as long as the worker (the app, the libraries
            # and the first index) out of the cyclic collector's reach, so full collections stay short
            # (they set the latency tail). Replaced indexes hold no reference cycles, so reference
            # counting frees them although they were frozen.
            gc.freeze()
            self._frozen = True
        return index


def init_app(app: Flask) -> None:
    index_dir = Path(app.config["INDEX_DIR"] or default_index_dir())
    holder = app.extensions[EXTENSION] = IndexHolder(index_dir, app.config["INDEX_CHECK_SECONDS"])

    @app.teardown_appcontext
    def release_index(_error=None) -> None:
        index = g.pop("index", None)
        if index is not None:
            holder.release(index)


def get_index() -> CachedIndex:
    """The index for this request (the same object for the whole request, leased until it ends)."""
    if "index" not in g:
        g.index = current_app.extensions[EXTENSION].acquire()
    return g.index
