"""The JSON API, ``/api/v1``: a public contract described in docs/API.md and openapi.json.

Success: an object with ``"ok": true`` and the resource fields. Errors: see
:mod:`web.errors`. Every URL in a response is absolute.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from glossary.terms import CATEGORIES
from index.search import MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS
from web.errors import BadParameter, Missing
from web.index import get_index
from web.present import absolute_url, initial, paragraph_url, sort_key, term_summary, term_url

bp = Blueprint("api", __name__, url_prefix="/api/v1")

DEFAULT_SEARCH_LIMIT = 10
DEFAULT_SUGGEST_LIMIT = 8
MAX_SUGGEST_LIMIT = 20
DEFAULT_TERMS_LIMIT = 50


def ok(**fields):
    return jsonify(ok=True, **fields)


def int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise BadParameter(f"{name} must be an integer between {low} and {high}, got {raw[:40]!r}") from None
    if not low <= value <= high:
        raise BadParameter(f"{name} must be between {low} and {high}, got {value}")
    return value


def query_arg() -> str:
    """The ``q`` parameter, present and within MAX_QUERY_CHARS (the index checks the rest)."""
    query = request.args.get("q")
    if query is None:
        raise BadParameter("q is required (the text to search for)")
    if len(query) > MAX_QUERY_CHARS:
        raise BadParameter(f"q is {len(query)} characters long; the limit is {MAX_QUERY_CHARS}")
    return query


def term_not_found(term_id: str) -> Missing:
    return Missing(f"no term with id {term_id[:100]!r}")


@bp.get("/health")
def health():
    """A trivial endpoint for load-balancer checks (and the benchmark's baseline): the build served."""
    index = get_index()
    return ok(build=index.path.name, built_at=index.stamp.get("built_at", ""))


@bp.get("/search")
def search():
    query = query_arg()
    limit = int_arg("limit", DEFAULT_SEARCH_LIMIT, 0, MAX_LIMIT)
    offset = int_arg("offset", 0, 0, MAX_OFFSET)

    result = get_index().search(query, limit, offset)  # cached and shared: build new dicts, never mutate
    return ok(
        query=result["query"],
        terms=[{**term, "url": term_url(term["id"])} for term in result["terms"]],
        paragraphs={**result["paragraphs"], "items": [
            {**item, "url": paragraph_url(item["report"], item["id"])}
            for item in result["paragraphs"]["items"]]},
    )


@bp.get("/suggest")
def suggest():
    query = query_arg()
    limit = int_arg("limit", DEFAULT_SUGGEST_LIMIT, 1, MAX_SUGGEST_LIMIT)

    index = get_index()
    glossary = index.glossary
    suggestions = []
    for found in index.suggest(query, limit):
        summary = term_summary(glossary.term_by_id[found["id"]], glossary)
        suggestions.append({
            "id": found["id"], "zh": found["zh"], "en": found["en"], "pinyin": found["pinyin"],
            "definition": summary["definition"], "definition_en": summary["definition_en"],
            "matched_by": found["matched_by"], "url": summary["url"],
        })
    return ok(query=query.strip(), suggestions=suggestions)


def filtered_terms(glossary, category: str | None, letter: str | None) -> list:
    terms = sorted(glossary.terms, key=sort_key)
    if category:
        terms = [t for t in terms if t.category == category]
    if letter:
        terms = [t for t in terms if initial(t) == letter]
    return terms


def category_arg() -> str | None:
    category = request.args.get("category") or None
    if category is not None and category not in CATEGORIES:
        raise BadParameter(f"category must be one of {', '.join(CATEGORIES)}; got {category[:40]!r}")
    return category


def letter_arg() -> str | None:
    letter = (request.args.get("letter") or "").strip().upper() or None
    if letter is not None and not (len(letter) == 1 and ("A" <= letter <= "Z" or letter == "#")):
        raise BadParameter(f"letter must be one letter A-Z (or #); got {letter[:40]!r}")
    return letter


@bp.get("/terms")
def terms():
    limit = int_arg("limit", DEFAULT_TERMS_LIMIT, 0, MAX_LIMIT)
    offset = int_arg("offset", 0, 0, MAX_OFFSET)
    category, letter = category_arg(), letter_arg()
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
        data["url"] = absolute_url("pages.report", report_id=report.id)
        items.append(data)
    return ok(reports=items)


@bp.get("/openapi.json")
def openapi():
    from web.openapi import openapi_document

    return jsonify(openapi_document())
