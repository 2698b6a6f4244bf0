"""gunicorn's threaded worker, answering the requests gunicorn itself refuses in the API's JSON error shape.

gunicorn reads the request line and headers before the app sees anything;
one that breaks its limits (a request line over :data:`MAX_REQUEST_LINE`
bytes, too many or too large headers) or that is not HTTP gets gunicorn's own
HTML page. This worker answers with ``{"ok": false, "status", "error"}``
instead, naming the limit, as :mod:`web.errors` does for everything else. The
request was not parsed, so its path is unknown: pages get the same JSON,
which a browser shows as text.

gunicorn (23.x) cannot take a request line longer than 8190 bytes
(``limit_request_line`` is clamped to it), so that is the limit: a URL that
long is refused here, and a shorter one over the app's own limit
(:data:`MAX_URL_BYTES`, the same number) by :mod:`web.urls`.
"""

from __future__ import annotations

import json

from gunicorn.http.errors import LimitRequestHeaders, LimitRequestLine, ParseException
from gunicorn.util import write_nonblock
from gunicorn.workers.gthread import ThreadWorker

from web.urls import MAX_URL_BYTES

MAX_REQUEST_LINE = 8190  # gunicorn's ceiling for limit_request_line
assert MAX_URL_BYTES <= MAX_REQUEST_LINE


def refusal(error: Exception) -> tuple[int, str, str] | None:
    """Status, reason and message for what gunicorn refused while parsing; None for anything else."""
    if isinstance(error, LimitRequestLine):
        return (414, "URI Too Long", f"the request line is over {MAX_REQUEST_LINE} bytes, the server's limit; "
                                     "shorten the URL (send long texts in a POST body)")
    if isinstance(error, LimitRequestHeaders):
        return 431, "Request Header Fields Too Large", f"the request headers are over the server's limits ({error})"
    if isinstance(error, ParseException):
        return 400, "Bad Request", f"the request is not valid HTTP ({type(error).__name__})"
    return None


def response_bytes(status: int, reason: str, message: str) -> bytes:
    body = json.dumps({"ok": False, "status": status, "error": message}).encode()
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode("latin-1") + body


class GlossaryWorker(ThreadWorker):
    """:class:`ThreadWorker` with the JSON error shape for requests gunicorn refuses."""

    def handle_error(self, req, client, addr, exc):
        answer = refusal(exc)
        if answer is None:
            return super().handle_error(req, client, addr, exc)
        self.log.warning("refused a request from %s: %s", (addr or ("",))[0], exc)
        try:
            write_nonblock(client, response_bytes(*answer))
        except OSError:
            self.log.debug("failed to send the refusal")
        return None
