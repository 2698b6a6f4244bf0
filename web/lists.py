"""Term lists sent to the batch lookup: a JSON body, or a pasted or uploaded list (one term a line)."""

from __future__ import annotations

from flask import request
from werkzeug.exceptions import RequestEntityTooLarge

from glossary.lookup import MAX_TERMS, parse_list
from web.bodies import parse_json, read_limited, unknown_fields
from web.checking import body_limit, too_large
from web.errors import BadParameter, TooLarge, UnsupportedType

MAX_TERM_CHARS = 200


def _checked(terms: list[str]) -> list[str]:
    if len(terms) > MAX_TERMS:
        raise TooLarge(f"the list has {len(terms)} terms; the limit is {MAX_TERMS}")
    return terms


def json_terms() -> list[str]:
    """The ``terms`` of a JSON body ``{"terms": [...]}``, within the limits."""
    limit = body_limit()
    if request.mimetype != "application/json":
        raise UnsupportedType(f'send application/json {{"terms": [...]}}, not {request.mimetype or "no Content-Type"}')
    payload = parse_json(read_limited(limit, too_large))
    terms = payload.get("terms") if isinstance(payload, dict) else None
    if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
        raise BadParameter('the JSON body must be an object with a "terms" list of strings')
    unknown_fields(payload, ("terms",))
    too_long = next((n for n, t in enumerate(terms) if len(t) > MAX_TERM_CHARS), None)
    if too_long is not None:
        raise BadParameter(f"terms[{too_long}] is {len(terms[too_long])} characters long; the limit is "
                           f"{MAX_TERM_CHARS}")
    return _checked([t.strip() for t in terms])


def form_terms() -> list[str]:
    """The list of a form: an uploaded ``file`` (UTF-8 text) or the ``terms`` field; [] when empty."""
    body_limit()
    try:
        upload = request.files.get("file")
        if upload is not None and upload.filename:
            data = upload.read()
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise BadParameter(f"{upload.filename} is not UTF-8 text (byte {error.start})") from None
        else:
            text = request.form.get("terms", "")
    except RequestEntityTooLarge:
        raise too_large() from None
    return _checked([t[:MAX_TERM_CHARS] for t in parse_list(text)])
