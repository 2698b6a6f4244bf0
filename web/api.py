"""The JSON API, ``/api/v1``: a public contract described in docs/API.md and openapi.json.

Success: an object with ``"ok": true`` and the resource fields. Errors: see
:mod:`web.errors`. Every URL in a response is absolute.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from glossary.export import ExportFormat, export, filename, select_terms
from web import params
from web.bodies import parse_json, read_limited, unknown_fields
from web.errors import BadParameter, Missing, TooLarge, UnsupportedType
from web.index import get_index
from web.marking import highlight
from web.openapi import openapi_document
from web.present import absolute_url, filtered_terms, paragraph_url, term_summary, term_url

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def ok(**fields):
    return jsonify(ok=True, **fields)


def term_not_found(term_id: str) -> Missing:
    return Missing(f"no term with id {term_id[:100]!r}")


@bp.get("/health")
def health():
    """A trivial endpoint for load-balancer checks (and the benchmark's baseline): the build served."""
    index = get_index()
    return ok(build=index.path.name, built_at=index.stamp.get("built_at", ""))


@bp.get("/search")
def search():
    query = params.Q.read(request.args)
    limit = params.SEARCH_LIMIT.read(request.args)
    offset = params.OFFSET.read(request.args)

    index = get_index()
    result = index.search(query, limit, offset, params.read_scope(request.args))
    data = result.to_dict(index.glossary)  # fresh plain data: ours to add URLs and HTML to
    for term in [*data["terms"], *data["followed"]]:
        term["url"] = term_url(term["id"])
    for item, hit in zip(data["paragraphs"]["items"], result.paragraphs.items, strict=True):
        item["html"] = highlight(hit.paragraph.text, hit.spans)
        item["url"] = paragraph_url(hit.paragraph.report_id, hit.paragraph.id)
    return ok(**data)


@bp.get("/suggest")
def suggest():
    query = params.Q.read(request.args)
    limit = params.SUGGEST_LIMIT.read(request.args)

    index = get_index()
    glossary = index.glossary
    suggestions = []
    for found in index.suggest(query, limit):
        summary = term_summary(found.term, glossary)
        suggestions.append({**found.to_dict(), "definition": summary["definition"],
                            "definition_en": summary["definition_en"], "url": summary["url"]})
    return ok(query=query.strip(), suggestions=suggestions)


@bp.post("/recognize")
def recognize():
    """The glossary terms in a text sent as JSON ``{"text": …}`` or as ``text/plain``."""
    text = recognize_body(current_app.config["RECOGNIZE_MAX_CHARS"])
    data = get_index().glossary.recognize(text).to_dict()
    for term in data["terms"]:
        term["url"] = term_url(term["id"])
    return ok(**data)


def recognize_body(max_chars: int) -> str:
    """The text of a recognize request, checked against the size limits."""
    # A character takes at most 4 bytes of UTF-8, or 12 as a JSON escape pair (\ud83d\ude00).
    max_bytes = max_chars * 12 + 1024
    if request.content_length is not None and request.content_length > max_bytes:
        raise TooLarge(f"the request body is {request.content_length} bytes; the limit is {max_bytes} bytes "
                       f"(text of at most {max_chars} characters)")
    body = read_limited(max_bytes, lambda: TooLarge(
        f"the request body is over {max_bytes} bytes (text of at most {max_chars} characters)"))
    mimetype = request.mimetype
    if mimetype == "application/json":
        payload = parse_json(body)
        if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
            raise BadParameter('the JSON body must be an object with a "text" string')
        unknown_fields(payload, ("text",))
        text = payload["text"]
    elif mimetype == "text/plain":
        try:
            text = body.decode(request.mimetype_params.get("charset", "utf-8"))
        except (UnicodeDecodeError, LookupError):
            raise BadParameter("the text/plain body is not valid UTF-8") from None
    else:
        raise UnsupportedType(f"send the text as application/json {{\"text\": …}} or as text/plain, "
                              f"not {mimetype or 'a body without Content-Type'}")
    if len(text) > max_chars:
        raise TooLarge(f"the text is {len(text)} characters long; the limit is {max_chars} characters")
    return text


@bp.get("/terms")
def terms():
    limit = params.TERMS_LIMIT.read(request.args)
    offset = params.OFFSET.read(request.args)
    category, letter = params.CATEGORY.read(request.args), params.LETTER.read(request.args)
    glossary = get_index().glossary
    found = filtered_terms(glossary, category, letter)
    items = [term_summary(t, glossary) for t in found[offset: offset + limit]]
    return ok(total=len(found), offset=offset, limit=limit, items=items)


def term_resource(glossary, term) -> dict:
    detail = glossary.term_detail(term)  # a fresh dict
    detail["url"] = term_url(term.id)
    for member in detail["members"]:
        member["url"] = term_url(member["term"]) if member["term"] else None
    for related in detail["related"]:
        related["url"] = term_url(related["id"])
    for occurrence in detail["occurrences"]:
        paragraph = glossary.paragraph_by_id[occurrence["paragraph"]]
        occurrence["url"] = paragraph_url(paragraph.report_id, paragraph.id)
    for year in detail["where_else"]:
        for region in year["regions"]:  # the report, stepping through the term's paragraphs
            region["url"] = absolute_url("pages.report", report_id=region["report"], term=term.id)
    return detail


@bp.get("/terms/<term_id>")
def term(term_id: str):
    glossary = get_index().glossary
    found = glossary.term(term_id)
    if found is None:
        raise term_not_found(term_id)
    return ok(term=term_resource(glossary, found))


@bp.get("/paragraphs/<paragraph_id>")
def paragraph(paragraph_id: str):
    glossary = get_index().glossary
    found = glossary.paragraph(paragraph_id)
    if found is None:
        raise Missing(f"no paragraph with id {paragraph_id[:100]!r}")
    data = found.to_dict()
    data["url"] = paragraph_url(found.report_id, found.id)
    data["terms"] = [{"id": t.id, "zh": t.zh, "en": t.en, "url": term_url(t.id)}
                     for t in glossary.terms_in(found.id)]
    data["marks"] = [{"term": m.term_id, "start": m.start, "end": m.end}
                     for m in glossary.marks_by_paragraph.get(found.id, [])]
    return ok(paragraph=data)


@bp.get("/reports")
def reports():
    glossary = get_index().glossary
    counts: dict[str, int] = {}
    for p in glossary.paragraphs:
        counts[p.report_id] = counts.get(p.report_id, 0) + 1
    items = []
    for report in glossary.reports:
        data = report.to_dict()
        data.pop("file", None)  # where the seed lives on the server is not part of the contract
        data["paragraphs"] = counts.get(report.id, 0)
        data["curated"] = report.curated
        data["url"] = absolute_url("pages.report", report_id=report.id)
        items.append(data)
    return ok(reports=items)


@bp.post("/check")
def check():
    """The terminology check of a translation (see web.checking for what a request may send)."""
    from web.checking import checker, request_segments

    segments = request_segments()
    return ok(**checker().check(segments).to_dict())


@bp.post("/lookup")
def lookup():
    """Batch lookup: JSON ``{"terms": [...]}``, one row per term, in order ("found": false when absent)."""
    from glossary.lookup import lookup as look_up
    from web.lists import json_terms

    glossary = get_index().glossary
    rows = look_up(glossary, json_terms())
    items = []
    for row in rows:
        item = row.to_dict()
        if row.term is not None:
            item["url"] = term_url(row.term.id)
        items.append(item)
    return ok(total=len(items), found=sum(1 for r in rows if r.term is not None), items=items)


@bp.get("/concordance")
def concordance():
    """Every occurrence of a term or string as a key-word-in-context line."""
    from glossary.concordance import Sort
    from glossary.concordance import concordance as find_lines

    query = params.CONCORDANCE_Q.read(request.args)
    sort = Sort(params.SORT.read(request.args))
    limit = params.CONCORDANCE_LIMIT.read(request.args)
    if not query.strip():
        raise BadParameter("q is empty (give a term or a string to find)")
    glossary = get_index().glossary
    result = find_lines(glossary, query, sort, reports=params.report_filter(params.read_scope(request.args), glossary))
    lines = []
    for line in result.lines[:limit]:
        item = line.to_dict()
        item["url"] = paragraph_url(line.paragraph.report_id, line.paragraph.id)
        lines.append(item)
    term = result.term
    return ok(query=result.query, sort=sort.value, total=len(result.lines), limit=limit,
              term={"id": term.id, "zh": term.zh, "en": term.en, "url": term_url(term.id)} if term else None,
              by_report=[{"report": report, "lines": count} for report, count in result.by_report().items()],
              lines=lines)


@bp.get("/export")
def export_file():
    """The glossary (or one category or status of it) as a file to download."""
    fmt = ExportFormat(params.EXPORT_FORMAT.read(request.args))
    category, status = params.CATEGORY.read(request.args), params.STATUS.read(request.args)
    index = get_index()
    cache = current_app.extensions.setdefault("export_cache", {})
    key = (index.path.name, fmt, category, status)
    if key not in cache:
        if len(cache) > 64:
            cache.clear()
        cache[key] = export(index.glossary, fmt, select_terms(index.glossary.terms, category, status))
    response = current_app.response_class(cache[key], mimetype=fmt.info.mimetype.split(";")[0])
    if fmt.info.mimetype.startswith("text/"):
        response.charset = "utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename(fmt, category, status)}"'
    return response


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document(current_app.config["RECOGNIZE_MAX_CHARS"], current_app.config["CHECK_MAX_BYTES"]))
