"""One error shape for the API, friendly error pages for people, never a traceback.

Every error under ``/api/`` (including unknown paths, 405 and 500) is
``{"ok": false, "status": <int>, "error": "<message>"}``. Page errors render
``error.html`` in the interface language. Bad input is a 400 that names the
limit, an unknown id a 404, a missing index a 503.
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from index.query import QueryError
from index.reader import IndexMissing

API_PREFIX = "/api/"


class ApiError(Exception):
    """An error with a status and a message meant for the client."""

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


def api_error(status: int, message: str, headers: dict | None = None):
    response = jsonify(ok=False, status=status, error=message)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _http_message(error: HTTPException) -> str:
    if isinstance(error, NotFound):
        return f"not found: {request.path}"
    if isinstance(error, MethodNotAllowed):
        allowed = ", ".join(error.valid_methods or [])
        return f"method {request.method} is not allowed on {request.path}" + (f"; use {allowed}" if allowed else "")
    return error.description or error.name


def _page_message(status: int) -> str:
    return {
        400: gettext("The request could not be understood."),
        404: gettext("There is no such page."),
        405: gettext("This page cannot be used that way."),
        503: gettext("The glossary index is not available yet. Please try again shortly."),
    }.get(status, gettext("Something went wrong on our side. Please try again later."))


def render_error_page(status: int, message: str | None = None):
    return render_template("error.html", status=status, message=message or _page_message(status)), status


def handle_api_error(error: ApiError):
    if is_api_request():
        return api_error(error.status, error.message)
    return render_error_page(error.status, error.message)


def handle_query_error(error: QueryError):
    if is_api_request():
        return api_error(400, str(error))
    return render_error_page(400, str(error))


def handle_index_missing(error: IndexMissing):
    from flask import current_app

    from web.index import IndexUnreadable

    current_app.logger.error("index unavailable: %s", error)
    if is_api_request():
        if isinstance(error, IndexUnreadable):
            return api_error(503, "the glossary index was built by another version; the operator must rebuild "
                                  "it with `glossary build`")
        return api_error(503, "the glossary index is not built yet; the operator must run `glossary build`")
    return render_error_page(503)


def handle_http_error(error: HTTPException):
    status = error.code or 500
    headers = {}
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)
    if is_api_request():
        return api_error(status, _http_message(error) if status < 500 else "internal error", headers)
    body, status = render_error_page(status)
    return body, status, headers


def handle_unexpected(error: Exception):
    from flask import current_app

    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    if is_api_request():
        return api_error(500, "internal error")
    return render_error_page(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(ApiError, handle_api_error)
    app.register_error_handler(QueryError, handle_query_error)
    app.register_error_handler(IndexMissing, handle_index_missing)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
