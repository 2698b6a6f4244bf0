"""The longest URL the app takes, checked before any view: a 414 in the usual error shape naming the limit.

Under ``glossary serve`` gunicorn refuses longer request lines first (see
:mod:`web.worker`, which answers in the same shape); this check covers every
other way of running the app (the development server, another WSGI server
with a higher limit), so the limit and its message are the same everywhere.
"""

from __future__ import annotations

from flask import Flask, request

from web.errors import ApiError

MAX_URL_BYTES = 8000  # path and query string, percent-encoded; under gunicorn's 8190-byte request line


class UrlTooLong(ApiError):
    """A URL over :data:`MAX_URL_BYTES` (414)."""

    def __init__(self, size: int) -> None:
        super().__init__(414, f"the URL is {size} bytes long; the limit is {MAX_URL_BYTES} bytes (send long texts "
                              "in a POST body)")


def check_length() -> None:
    environ = request.environ
    size = len(environ.get("RAW_URI") or environ.get("REQUEST_URI") or "") or (
        len(request.full_path.encode("utf-8")))
    if size > MAX_URL_BYTES:
        raise UrlTooLong(size)


def init_app(app: Flask) -> None:
    app.before_request(check_length)
