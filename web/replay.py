"""Replay of the hot API answers (suggest, search) without going through Flask again.

Suggestions are requested on every keystroke. Once Flask has answered a
``GET /api/v1/suggest`` or ``/api/v1/search`` with 200, this WSGI middleware
keeps the exact status line, headers and body, and answers the same request
again from memory: no request context, routing or after-request hooks, about
half the CPU of a request. A stored answer is only replayed when everything it
depends on is the same:

* the request line (path and query string) and everything the absolute URLs
  in the body are built from (scheme, Host, script root, X-Forwarded-* headers),
  and the ``Accept-Encoding`` (the body may be compressed for it);
* the index build the worker serves (a new build is a miss);
* the request has no ``Origin`` header: cross-origin (CORS) requests always go
  through Flask, so CORS decisions are made per request.

Errors and other endpoints are never stored. The answer is byte-for-byte the
one Flask produced (a test checks it). The store is bounded by count and by
bytes (:data:`SIZE`, :data:`MAX_BYTES`: search answers run to tens of KB, so
4,096 of them could hold 150 MB per worker), and it is emptied when the worker
moves to a new build, whose answers differ anyway.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from flask import Flask

PATHS = frozenset({"/api/v1/suggest", "/api/v1/search"})
SIZE = 4096
MAX_BYTES = 24 * 2**20  # of stored bodies, per worker
KEY_FIELDS = ("PATH_INFO", "QUERY_STRING", "SCRIPT_NAME", "wsgi.url_scheme", "HTTP_HOST", "SERVER_NAME",
              "SERVER_PORT", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT",
              "HTTP_X_FORWARDED_PREFIX", "HTTP_ACCEPT_ENCODING")


class ReplayMiddleware:
    def __init__(self, wsgi_app, holder, size: int = SIZE, max_bytes: int = MAX_BYTES) -> None:
        self.wsgi_app = wsgi_app
        self.holder = holder
        self.size = size
        self.max_bytes = max_bytes
        self.answers: OrderedDict[tuple, tuple[str, str, list, bytes]] = OrderedDict()
        self.bytes = 0  # of the stored bodies
        self.lock = threading.Lock()

    def _build(self) -> str | None:
        try:
            return str(self.holder.get().path)
        except Exception:  # noqa: BLE001 - no index: let Flask give the proper error
            return None

    def __call__(self, environ, start_response):
        if (environ.get("REQUEST_METHOD") != "GET" or environ.get("PATH_INFO") not in PATHS
                or "HTTP_ORIGIN" in environ):
            return self.wsgi_app(environ, start_response)
        key = tuple(environ.get(name, "") for name in KEY_FIELDS)
        build = self._build()
        with self.lock:
            stored = self.answers.get(key)
            if stored is not None and stored[0] == build:
                self.answers.move_to_end(key)
        if stored is not None and stored[0] == build and build is not None:
            _, status, headers, body = stored
            start_response(status, list(headers))
            return [body]
        captured: list = []

        def capture(status, headers, exc_info=None):
            captured[:] = [status, list(headers)]
            return start_response(status, headers, exc_info)

        result = self.wsgi_app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        if captured and captured[0].startswith("200 ") and build is not None and self._build() == build:
            with self.lock:
                self._store(key, (build, captured[0], captured[1], body))
        return [body]

    def _store(self, key: tuple, answer: tuple[str, str, list, bytes]) -> None:
        """Keep ``answer`` (the lock held): the oldest go past SIZE answers or MAX_BYTES; a new build empties all."""
        if self.answers and next(reversed(self.answers.values()))[0] != answer[0]:
            self.answers.clear()  # answered from the previous build: none will be replayed again
            self.bytes = 0
        previous = self.answers.pop(key, None)
        if previous is not None:
            self.bytes -= len(previous[3])
        if len(answer[3]) > self.max_bytes:
            return
        self.answers[key] = answer
        self.bytes += len(answer[3])
        while len(self.answers) > self.size or self.bytes > self.max_bytes:
            _, (_, _, _, body) = self.answers.popitem(last=False)
            self.bytes -= len(body)


def init_app(app: Flask) -> None:
    """Wrap the app outermost (after ProxyFix), so the key sees the request as it arrived."""
    from web.index import EXTENSION

    app.wsgi_app = ReplayMiddleware(app.wsgi_app, app.extensions[EXTENSION])
