"""The terminology check over HTTP: reading a request into segments, within the body-size limit.

A request sends either JSON ``{"segments": [{"source", "target"[, "id"]}]}`` or
``multipart/form-data`` with a bilingual ``file`` (XLIFF, TMX, PO, CSV) or with
``source`` and ``target`` texts (fields or files) aligned by line. The body may
be at most ``CHECK_MAX_BYTES``; a larger one is a 413 naming the setting.
"""

from __future__ import annotations

from flask import current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from glossary.check import BilingualFileError, Checker, Segment, read_aligned, read_file
from web.bodies import parse_json, read_limited, unknown_fields
from web.errors import BadParameter, TooLarge, UnsupportedType
from web.index import get_index
from web.settings import BY_NAME

MAX_FIELD_CHARS = 200_000  # the length of one segment's source or target in JSON


def body_limit() -> int:
    """``CHECK_MAX_BYTES``; also set as this request's form-parsing limit."""
    limit = current_app.config["CHECK_MAX_BYTES"]
    request.max_content_length = limit
    if request.content_length is not None and request.content_length > limit:
        raise too_large(request.content_length)
    return limit


def too_large(size: int | None = None) -> TooLarge:
    limit = current_app.config["CHECK_MAX_BYTES"]
    said = f"is {size} bytes" if size is not None else "is too large"
    return TooLarge(f"the request body {said}; the limit is {limit} bytes (the {BY_NAME['CHECK_MAX_BYTES'].env} "
                    f"setting)")


def checker() -> Checker:
    """The checker of the index this request uses, built once per build and worker."""
    index = get_index()
    cached = current_app.extensions.get("checker")
    if cached is None or cached[0] != index.path.name:
        cached = current_app.extensions["checker"] = (index.path.name, Checker(index.glossary))
    return cached[1]


def _json_segments(limit: int) -> list[Segment]:
    payload = parse_json(read_limited(limit, too_large))
    items = payload.get("segments") if isinstance(payload, dict) else None
    if not isinstance(items, list):
        raise BadParameter('the JSON body must be an object with a "segments" list of {"source", "target"}')
    unknown_fields(payload, ("segments",))
    segments = []
    for n, item in enumerate(items, start=1):
        if not (isinstance(item, dict) and isinstance(item.get("source"), str)
                and isinstance(item.get("target"), str)):
            raise BadParameter(f'segments[{n - 1}] must be an object with "source" and "target" strings')
        unknown_fields(item, ("source", "target", "id"), f"segments[{n - 1}]")
        if max(len(item["source"]), len(item["target"])) > MAX_FIELD_CHARS:
            raise TooLarge(f"segments[{n - 1}] is longer than {MAX_FIELD_CHARS} characters")
        segment_id = item.get("id")
        if "id" in item and not isinstance(segment_id, str):
            raise BadParameter(f"segments[{n - 1}].id must be a string")
        segments.append(Segment(n, segment_id if segment_id is not None else str(n),
                                item["source"], item["target"]))
    return segments


def _text_field(name: str) -> str | None:
    upload = request.files.get(name)
    if upload is not None and upload.filename:
        data = upload.read()
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise BadParameter(f"{name} ({upload.filename}) is not UTF-8 text (byte {error.start})") from None
    return request.form.get(name)


def form_segments() -> list[Segment] | None:
    """Segments from a form: a bilingual ``file``, else ``source`` and ``target`` texts; None when empty."""
    try:
        upload = request.files.get("file")
        if upload is not None and upload.filename:
            return read_file(upload.read(), upload.filename)
        source, target = _text_field("source"), _text_field("target")
    except RequestEntityTooLarge:
        raise too_large() from None
    except BilingualFileError as error:
        raise BadParameter(str(error)) from None
    if not (source or "").strip() and not (target or "").strip():
        return None
    try:
        return read_aligned(source or "", target or "")
    except BilingualFileError as error:
        raise BadParameter(str(error)) from None


def request_segments() -> list[Segment]:
    """The segments of a ``POST /api/v1/check``."""
    limit = body_limit()
    if request.mimetype == "application/json":
        return _json_segments(limit)
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        segments = form_segments()
        if segments is None:
            raise BadParameter("send a bilingual file as 'file', or 'source' and 'target' texts")
        return segments
    raise UnsupportedType("send application/json {\"segments\": [{\"source\", \"target\"}]} or multipart/form-data "
                          f"with a file, not {request.mimetype or 'a body without Content-Type'}")
