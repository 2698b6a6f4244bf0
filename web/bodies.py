"""Request bodies read within a size limit, and JSON bodies parsed with a clear 400.

The API endpoints that take a body (recognize, check, lookup) read it here,
so an over-long body is refused without being read further and a malformed
one is one message, whatever the endpoint. A JSON object with a field the
endpoint does not know is refused too (the OpenAPI document says
``additionalProperties: false``): a misspelt optional field would otherwise be
silently ignored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection

from flask import request

from web.errors import BadParameter


def read_limited(limit: int, too_large: Callable[[], Exception]) -> bytes:
    """The request body, at most ``limit`` bytes; raises ``too_large()`` when there is more."""
    body = request.stream.read(limit + 1)
    if len(body) > limit:
        raise too_large()
    return body


def parse_json(body: bytes):
    """The JSON value of ``body``; a 400 saying why when it is not valid JSON or holds no valid text."""
    try:
        value = json.loads(body)
    except ValueError as error:
        raise BadParameter(f"the body is not valid JSON ({error})") from None
    # JSON may escape half of a surrogate pair ("\ud800") on its own: Python reads it as a lone
    # surrogate, which no UTF-8 response (nor any text) can hold, so an endpoint echoing it would fail.
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as error:
        raise BadParameter(f"the JSON body holds a lone surrogate escape (\\u{ord(error.object[error.start]):04x}), "
                           "which is not a character; send text as UTF-8 or as escaped surrogate pairs") from None
    return value


def unknown_fields(value: object, known: Collection[str], where: str = "the JSON body") -> None:
    """A 400 naming the fields of the object ``value`` that are not in ``known`` (nothing when it has none)."""
    if not isinstance(value, dict):
        return
    extra = [name for name in value if name not in known]
    if extra:
        raise BadParameter(f"{where} has unknown field{'s' if len(extra) > 1 else ''} "
                           f"{', '.join(repr(name[:40]) for name in extra[:5])}; it takes "
                           f"{', '.join(repr(name) for name in known)}")
