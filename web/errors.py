"""One error path: every exception goes through :func:`handle`, which maps it to a status and a message.

Views raise (an :class:`ApiError` subclass for bad input or an unknown id, or
whatever fails) and never build error responses themselves. Every error under
``/api/`` (including unknown paths, 405 and 500) is ``{"ok": false, "status":
<int>, "error": "<message>"}``; pages render ``error.html`` in the interface
language. Bad input is a 400 that names the limit, an unknown id a 404, a body
over its limit a 413, a missing index a 503, anything else a 500 without details.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound, RequestEntityTooLarge

from index.query import QueryError
from index.reader import IndexMissing

API_PREFIX = "/api/"


class ApiError(Exception):
    """An error with a status and a message meant for the client (API or page)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class BadParameter(ApiError):
    """A query parameter is missing, malformed or outside its limit (400)."""

    def __init__(self, message: str) -> None:
        super().__init__(400, message)


class TooLarge(ApiError):
    """A request body or text over its limit (413); the message names the limit."""

    def __init__(self, message: str) -> None:
        super().__init__(413, message)


class UnsupportedType(ApiError):
    """A body in a format the endpoint does not take (415)."""

    def __init__(self, message: str) -> None:
        super().__init__(415, message)


class Missing(ApiError):
    """No resource with that id (404)."""

    def __init__(self, message: str) -> None:
        super().__init__(404, message)


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


@dataclass(frozen=True)
class ErrorAnswer:
    """What an exception becomes: a status, a message for the client (None: the page's default) and headers."""

    status: int
    message: str | None
    headers: dict[str, str] = field(default_factory=dict)
    log: bool = False  # an unexpected error, logged with its traceback


def _http_message(error: HTTPException) -> str:
    if isinstance(error, NotFound):
        return f"not found: {request.path}"
    if isinstance(error, MethodNotAllowed):
        allowed = ", ".join(error.valid_methods or [])
        return f"method {request.method} is not allowed on {request.path}" + (f"; use {allowed}" if allowed else "")
    return error.description or error.name


def describe(error: Exception) -> ErrorAnswer:
    """The one mapping from exceptions to status and message, for the API and the pages alike."""
    from web.index import IndexUnreadable

    api = is_api_request()
    if isinstance(error, ApiError):
        return ErrorAnswer(error.status, error.message)
    if isinstance(error, QueryError):
        return ErrorAnswer(400, str(error) if api else gettext(
            "There is nothing to search for in this text; type some words."))
    if isinstance(error, IndexMissing):
        if isinstance(error, IndexUnreadable):
            message = ("the glossary index was built by another version; the operator must rebuild it with "
                       "`glossary build`")
        else:
            message = "the glossary index is not built yet; the operator must run `glossary build`"
        return ErrorAnswer(503, message if api else None, log=True)
    if isinstance(error, HTTPException):
        status = error.code or 500
        headers = {}
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            headers["Allow"] = ", ".join(error.valid_methods)
        if isinstance(error, RequestEntityTooLarge):
            return ErrorAnswer(413, _too_large_message(api), headers)
        message = (_http_message(error) if status < 500 else "internal error") if api else None
        return ErrorAnswer(status, message, headers)
    return ErrorAnswer(500, "internal error" if api else None, log=True)


def _too_large_message(api: bool) -> str:
    """What a body over the app-wide limit (``MAX_CONTENT_LENGTH``, set from CHECK_MAX_BYTES) is told."""
    from flask import current_app

    from web.settings import BY_NAME

    size, limit = request.content_length, request.max_content_length or current_app.config["MAX_CONTENT_LENGTH"]
    if api:
        said = f"is {size} bytes" if size is not None else "is too large"
        return f"the request body {said}; the limit is {limit} bytes (the {BY_NAME['CHECK_MAX_BYTES'].env} setting)"
    if size is None:
        return gettext("The request is too large; the limit is %(limit)s bytes.", limit=limit)
    return gettext("The request is %(size)s bytes; the limit is %(limit)s bytes.", size=size, limit=limit)


def _page_message(status: int) -> str:
    return {
        400: gettext("The request could not be understood."),
        404: gettext("There is no such page."),
        405: gettext("This page cannot be used that way."),
        503: gettext("The glossary index is not available yet. Please try again shortly."),
    }.get(status, gettext("Something went wrong on our side. Please try again later."))


def api_error(status: int, message: str, headers: dict | None = None):
    response = jsonify(ok=False, status=status, error=message)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def handle(error: Exception):
    """The single error handler: JSON under /api/, the error page elsewhere; never a traceback."""
    from flask import current_app

    answer = describe(error)
    if answer.log:
        if isinstance(error, IndexMissing):
            current_app.logger.error("index unavailable: %s", error)
        else:
            current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    if is_api_request():
        return api_error(answer.status, answer.message or "internal error", answer.headers)
    body = render_template("error.html", status=answer.status, message=answer.message or _page_message(answer.status))
    return body, answer.status, answer.headers


def init_app(app: Flask) -> None:
    app.register_error_handler(Exception, handle)  # HTTPException and every other error: one path
