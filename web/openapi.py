"""The OpenAPI 3.1 description of ``/api/v1``, served at ``/api/v1/openapi.json``.

The schemas are strict (``additionalProperties: false``): tests validate real
responses against them, so a field added to a response without being
described here fails the suite.
"""

from __future__ import annotations

from functools import cache

from glossary.check import SUFFIXES, IssueKind
from glossary.export import FORMATS
from glossary.terms import CATEGORIES, STATUSES
from web import params

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
URL = {"type": "string", "format": "uri", "description": "Absolute URL."}
NULLABLE_INT = {"type": ["integer", "null"]}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict, required: list[str] | None = None, description: str = "") -> dict:
    schema = {"type": "object", "properties": properties,
              "required": list(properties) if required is None else required,
              "additionalProperties": False}
    if description:
        schema["description"] = description
    return schema


def _ok(properties: dict, description: str = "") -> dict:
    return _object({"ok": {"const": True}, **properties}, description=description)


MATCH = {"type": "string", "enum": ["exact", "partial", "english", "definition"]}
MATCHED_BY = {"type": "string", "description": "Which key matched: headword, alias, english, deprecated (a "
                                               "deprecated rendering: do not use it), pinyin, initials, or "
                                               "definition."}
COUNTS = {
    "occurrences": {"type": "integer", "minimum": 0,
                    "description": "Places the term is used (overlapping forms at one place count once)."},
    "paragraphs": {"type": "integer", "minimum": 0, "description": "Paragraphs those places are in."},
}
SPAN = {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2,
        "description": "[start, end) offsets, in Unicode code points."}
PARAGRAPH_KINDS = ["title", "heading", "paragraph", "appendix-heading", "livelihood-project", "definition"]

PARAGRAPH_FIELDS = {
    "id": {"type": "string", "description": "Stable paragraph id, e.g. nmg-2024.2.7.3."},
    "report": STRING,
    "ordinal": {"type": "integer", "minimum": 0, "description": "Position in the report, from 0."},
    "kind": {"type": "string", "enum": PARAGRAPH_KINDS},
    "label": {"type": "string", "description": "Chinese label, e.g. 二（七）第3段."},
    "label_en": {"type": "string", "description": "English label, e.g. Part 2 (7) ¶3."},
    "text": STRING,
    "part": NULLABLE_INT,
    "section": NULLABLE_INT,
    "section_title": STRING,
    "lead_agencies": {"type": "array", "items": STRING, "description": "Appendix 1 projects only."},
    "group": {"type": "string", "description": "Appendix 1 projects only."},
    "defined_term": {"type": "string", "description": "Appendix 2 entries only."},
}
PARAGRAPH_REQUIRED = ["id", "report", "ordinal", "kind", "label", "label_en", "text", "part", "section",
                      "section_title"]

SCHEMAS = {
    "Error": _object({"ok": {"const": False}, "status": {"type": "integer", "minimum": 400, "maximum": 599},
                      "error": {"type": "string", "description": "What went wrong; for a bad parameter, "
                                                                 "which one and its limit."}},
                     description="The one error shape of every /api/ error."),
    "Health": _ok({"build": {"type": "string", "description": "The build folder being served."},
                   "built_at": {"type": "string", "description": "When it was built (UTC, ISO 8601)."}}),
    "SearchTerm": _object({
        "id": STRING, "zh": STRING, "en": {"type": "string", "description": "Preferred English rendering."},
        "pinyin": STRING, "category": {"type": "string", "enum": list(CATEGORIES)},
        "status": {"type": "string", "enum": list(STATUSES)},
        "definition": STRING, "definition_en": STRING, "match": MATCH, "matched_by": MATCHED_BY,
        **COUNTS, "url": URL,
    }),
    "SearchParagraph": _object({
        **PARAGRAPH_FIELDS,
        "html": {"type": "string", "description": "The text, HTML-escaped, with matches in <mark>."},
        "spans": {"type": "array", "items": SPAN, "description": "The matches in text (what html marks)."},
        "match": {"type": "string", "enum": ["exact", "term", "partial"],
                  "description": "exact: contains the whole query; term: uses a term the query resolved to "
                                 "(see followed); partial: contains some of its words."},
        "terms": {"type": "array", "items": STRING, "description": "Ids of glossary terms in the paragraph."},
        "url": {**URL, "description": "The paragraph in the report reader (#p-<id>)."},
    }, required=[*PARAGRAPH_REQUIRED, "html", "spans", "match", "terms", "url"]),
    "SearchResponse": _ok({
        "query": {"type": "string", "description": "The query as searched (trimmed)."},
        "terms": {"type": "array", "items": _ref("SearchTerm"), "maxItems": 10},
        "by_report": {"type": "array", "description": "Matching paragraphs per report (every report, whatever "
                                                     "the search was limited to), in report date order.",
                      "items": _object({"report": STRING, "title": STRING, "region": STRING, "year": INTEGER,
                                        "count": {"type": "integer", "minimum": 1}})},
        "followed": {"type": "array", "maxItems": 3, "description": "Terms the query resolved to; the paragraphs "
                                                                    "using them follow the exact matches.",
                     "items": _object({"id": STRING, "zh": STRING, "en": STRING,
                                       "paragraphs": {"type": "integer", "minimum": 0}, "url": URL})},
        "paragraphs": _object({
            "total": {"type": "integer", "minimum": 0},
            "exact": {"type": "integer", "minimum": 0, "description": "How many contain the whole query."},
            "term": {"type": "integer", "minimum": 0,
                     "description": "How many more use a followed term without containing the query."},
            "offset": INTEGER, "limit": INTEGER,
            "items": {"type": "array", "items": _ref("SearchParagraph")},
        }),
    }),
    "Suggestion": _object({
        "id": STRING, "zh": STRING, "en": STRING, "pinyin": STRING,
        "status": {"type": "string", "enum": list(STATUSES), "description": "Status of the preferred rendering."},
        "definition": {"type": "string", "maxLength": 60, "description": "Chinese, first sentence."},
        "definition_en": {"type": "string", "maxLength": 160, "description": "English, first sentence."},
        "matched_by": MATCHED_BY, "url": URL,
    }),
    "SuggestResponse": _ok({"query": STRING, "suggestions": {"type": "array", "items": _ref("Suggestion")}}),
    "TermSummary": _object({
        "id": STRING, "zh": STRING, "en": STRING, "pinyin": STRING,
        "category": {"type": "string", "enum": list(CATEGORIES)},
        "status": {"type": "string", "enum": list(STATUSES)},
        "definition": {"type": "string", "maxLength": 60}, "definition_en": {"type": "string", "maxLength": 160},
        **COUNTS, "url": URL,
    }),
    "TermList": _ok({"total": {"type": "integer", "minimum": 0}, "offset": INTEGER, "limit": INTEGER,
                     "items": {"type": "array", "items": _ref("TermSummary")}}),
    "Rendering": _object({"en": STRING, "status": {"type": "string", "enum": list(STATUSES)}, "source": STRING,
                          "url": {"type": "string", "description": "Where the rendering is attested; may be empty."},
                          "note": STRING}),
    "Term": _object({
        "id": STRING, "zh": STRING, "en": STRING, "pinyin": STRING,
        "aliases": {"type": "array", "items": STRING},
        "category": {"type": "string", "enum": list(CATEGORIES)},
        "renderings": {"type": "array", "items": _ref("Rendering"), "minItems": 1,
                       "description": "The first is preferred."},
        "definition": _object({"zh": STRING, "en": STRING}),
        "definition_sources": _object({"zh": STRING, "en": STRING}),
        "related": {"type": "array", "items": _object({"id": STRING, "zh": STRING, "en": STRING, "url": URL})},
        "members": {"type": "array", "items": _object({
            "zh": STRING, "term": {"type": ["string", "null"], "description": "Id when the member is a term."},
            "url": {"type": ["string", "null"]}})},
        "by_report": {"type": "array", "description": "Where the term is used, report by report in date order.",
                      "items": _object({"report": STRING, "title": STRING, "year": INTEGER, "region": STRING,
                                        "occurrences": {"type": "integer", "minimum": 1},
                                        "paragraphs": {"type": "integer", "minimum": 1}})},
        "where_else": {"type": "array", "description": "For each year with reports from many regions (newest first), "
                                                       "the regions whose report uses the term, most often first.",
                       "items": _object({
                           "year": INTEGER, "reports": {"type": "integer", "minimum": 1,
                                                        "description": "Reports in that year."},
                           "used_in": {"type": "integer", "minimum": 0, "description": "How many of them use it."},
                           "regions": {"type": "array", "items": _object({
                               "report": STRING, "region": STRING, "region_en": STRING,
                               "occurrences": {"type": "integer", "minimum": 1},
                               "paragraphs": {"type": "integer", "minimum": 1}, "url": URL})},
                           "not_used_in": {"type": "array", "items": STRING,
                                           "description": "Ids of that year's reports that do not use it."}})},
        "first_report": {"type": ["string", "null"], "description": "The earliest report that uses the term."},
        "definition_report": {"type": ["string", "null"],
                              "description": "The report whose appendix the Chinese definition comes from, if any."},
        "definition_paragraph": {"type": ["string", "null"], "description": "That appendix entry's paragraph id."},
        "occurrences": {"type": "array", "items": _object({
            "paragraph": STRING, "report": STRING, "label": STRING, "label_en": STRING,
            "text": {"type": "string", "description": "The sentence containing the occurrence."},
            "start": INTEGER, "end": INTEGER, "url": URL})},
        "url": URL,
    }),
    "TermResponse": _ok({"term": _ref("Term")}),
    "Paragraph": _object({
        **PARAGRAPH_FIELDS,
        "url": URL,
        "terms": {"type": "array", "items": _object({"id": STRING, "zh": STRING, "en": STRING, "url": URL})},
        "marks": {"type": "array", "items": _object({"term": STRING, "start": INTEGER, "end": INTEGER}),
                  "description": "Non-overlapping spans of glossary terms in text (longest match wins)."},
    }, required=[*PARAGRAPH_REQUIRED, "url", "terms", "marks"]),
    "ParagraphResponse": _ok({"paragraph": _ref("Paragraph")}),
    "Report": _object({
        "id": STRING, "title": STRING, "title_en": STRING, "region": STRING, "region_en": STRING,
        "year": INTEGER, "date": {"type": "string", "format": "date"}, "speaker": STRING, "speaker_en": STRING,
        "language": STRING, "paragraphs": {"type": "integer", "minimum": 0}, "url": URL,
        "curated": {"type": "boolean", "description": "False: its candidate terms are not yet reviewed (glossary "
                                                     "terms are cross-referenced in it all the same)."},
        "defects": {"type": "string", "description": "What is known to be wrong with the text as published "
                                                     "(empty when nothing is)."},
    }),
    "ReportList": _ok({"reports": {"type": "array", "items": _ref("Report")}}),
    "RecognizeResponse": _ok({
        "terms": {"type": "array", "description": "The terms found, in the order they first appear.",
                  "items": _object({"id": STRING, "zh": STRING, "en": STRING,
                                    "status": {"type": "string", "enum": list(STATUSES)},
                                    "spans": {"type": "array", "items": SPAN, "minItems": 1,
                                              "description": "Where the term is, as offsets into the text sent."},
                                    "url": URL})},
        "length": {"type": "integer", "minimum": 0, "description": "Length of the text, in code points."},
    }),
    "CheckResponse": _ok({
        "segments": {"type": "array", "description": "Every segment, in input order, with or without issues.",
                     "items": _object({
                         "n": {"type": "integer", "minimum": 1,
                               "description": "Position in the input (the line number for aligned texts)."},
                         "id": {"type": "string", "description": "The unit's id in the file, else n."},
                         "source": STRING, "target": STRING,
                         "issues": {"type": "array", "items": _object({
                             "term": {"type": "string", "description": "Term id."},
                             "zh": {"type": "string", "description": "The term's headword."},
                             "kind": {"type": "string", "enum": [k.value for k in IssueKind],
                                      "description": "missing, deprecated and unexpected are errors; "
                                                     "not-preferred is information."},
                             "expected": {"type": ["string", "null"],
                                          "description": "The preferred rendering (null for unexpected)."},
                             "found": {"type": ["string", "null"],
                                       "description": "What the translation has, as written there (null for "
                                                      "missing)."}})}})},
        "summary": _object({
            "segments": {"type": "integer", "minimum": 0},
            "segments_with_issues": {"type": "integer", "minimum": 0},
            "untranslated": {"type": "integer", "minimum": 0,
                             "description": "Segments with an empty translation (not checked)."},
            "terms": {"type": "integer", "minimum": 0, "description": "Glossary terms found in the sources."},
            "issues": _object({k.value: {"type": "integer", "minimum": 0} for k in IssueKind}),
            "errors": {"type": "integer", "minimum": 0, "description": "missing + deprecated + unexpected."},
        }),
    }),
    "LookupResponse": _ok({
        "total": {"type": "integer", "minimum": 0}, "found": {"type": "integer", "minimum": 0},
        "items": {"type": "array", "description": "One item per term sent, in order.", "items": {"oneOf": [
            _object({"query": STRING, "found": {"const": False}}, description="Not in the glossary."),
            _object({"query": STRING, "found": {"const": True}, "id": STRING, "zh": STRING,
                     "status": {"type": "string", "enum": list(STATUSES),
                                "description": "Status of the preferred rendering."},
                     "en": {"type": "string", "description": "Preferred rendering."},
                     "alternatives": {"type": "array", "items": STRING,
                                      "description": "Other accepted renderings."},
                     "deprecated": {"type": "array", "items": _object({"en": STRING, "note": STRING}),
                                    "description": "Forms not to use, each with why."},
                     "source": {"type": "string", "description": "Source of the preferred rendering."},
                     "url": URL})]}},
    }),
    "ConcordanceResponse": _ok({
        "query": STRING, "sort": {"type": "string", "enum": ["text", "left", "right"]},
        "total": {"type": "integer", "minimum": 0, "description": "All lines (limit returns the first)."},
        "limit": INTEGER,
        "term": {"oneOf": [{"type": "null"}, _object({"id": STRING, "zh": STRING, "en": STRING, "url": URL})],
                 "description": "The term q names; null when q is searched as a plain string."},
        "by_report": {"type": "array", "description": "Lines per report (all of them, not only the first limit), "
                                                      "in the order the lines first name them.",
                      "items": _object({"report": STRING, "lines": {"type": "integer", "minimum": 1}})},
        "lines": {"type": "array", "items": _object({
            "left": {"type": "string", "description": "Up to 40 characters before the match, in its paragraph."},
            "match": STRING,
            "right": {"type": "string", "description": "Up to 40 characters after the match."},
            "paragraph": STRING, "report": STRING, "label": STRING, "label_en": STRING,
            "start": INTEGER, "end": INTEGER, "url": URL})},
    }),
}


def _param(name: str, description: str, schema: dict, required: bool = False, where: str = "query") -> dict:
    return {"name": name, "in": where, "required": required, "description": description, "schema": schema}


def _responses(schema: str, *errors: int, allowed: str = "GET and HEAD") -> dict:
    descriptions = {400: "A parameter is missing, malformed or outside its limit (the message names it).",
                    404: "No resource with that id.", 405: f"Method not allowed (only {allowed}).",
                    413: "The body or the text is over its limit (the message names it).",
                    414: "The URL is over its limit (the message names it).",
                    415: "The body is neither application/json nor text/plain.",
                    500: "Internal error (no details are disclosed).",
                    503: "The index is not built yet."}
    responses = {"200": {"description": "Success.", "content": {"application/json": {"schema": _ref(schema)}}}}
    for status in (*errors, 405, 414, 500, 503):
        responses[str(status)] = {"description": descriptions[status],
                                  "content": {"application/json": {"schema": _ref("Error")}}}
    return responses


def _get(summary: str, operation_id: str, schema: str, parameters: list, *errors: int) -> dict:
    return {"get": {"summary": summary, "operationId": operation_id, "parameters": parameters,
                    "responses": _responses(schema, *errors)}}


def _params(*declared: params.Param) -> list[dict]:
    return [p.openapi() for p in declared]


def _without_urls(schema):
    """``schema`` with every ``url`` property left out: the JSON export is the API's Term without links."""
    if isinstance(schema, list):
        return [_without_urls(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    copy = {key: _without_urls(value) for key, value in schema.items()}
    if schema.get("type") == "object" and "url" in schema.get("properties", {}):
        copy["properties"] = {k: v for k, v in copy["properties"].items() if k != "url"}
        copy["required"] = [name for name in copy["required"] if name != "url"]
    return copy


def _export() -> dict:
    media = {}
    for info in FORMATS.values():
        media.setdefault(info.mimetype.split(";")[0], {"schema": {"type": "string", "format": "binary"}})
    # The JSON file is described field by field, as strictly as the API's own responses.
    terms = {"type": "array", "items": _without_urls(SCHEMAS["Term"])}
    media["application/json"] = {"schema": _object({"terms": terms}, description="Every term with every field "
                                                                                 "(the API's Term, without URLs).")}
    responses = _responses("Error", 400)
    responses["200"] = {"description": "The file, with Content-Disposition: attachment and its file name "
                                       "(policy-glossary[-category][-status].<ext>).",
                        "headers": {"Content-Disposition": {"schema": STRING}},
                        "content": media}
    return {"get": {"summary": "The glossary as a file: JSON, CSV, XLSX, TBX-Basic (2008 or v3) or OmegaT",
                    "operationId": "export",
                    "parameters": _params(params.EXPORT_FORMAT, params.CATEGORY, params.STATUS),
                    "responses": responses}}


def _check(max_bytes: int) -> dict:
    segment = _object({"source": STRING, "target": STRING,
                       "id": {"type": "string", "description": "Optional; returned as the segment's id."}},
                      required=["source", "target"])
    upload = {"type": "string", "format": "binary"}
    return {"post": {
        "summary": "Terminology check of a translation: is each glossary term of the source rendered as the "
                   "glossary says?", "operationId": "check",
        "requestBody": {"required": True, "description": f"At most {max_bytes} bytes (the "
                                                         "GLOSSARY_CHECK_MAX_BYTES setting).",
                        "content": {
                            "application/json": {"schema": _object({"segments": {"type": "array",
                                                                                  "items": segment}})},
                            "multipart/form-data": {"schema": {
                                "type": "object", "additionalProperties": False,
                                "description": "Either file, or source and target (texts or files, a segment "
                                               "per line).",
                                "properties": {"file": {**upload, "description": "A bilingual file: "
                                                        + ", ".join(SUFFIXES)},
                                               "source": STRING, "target": STRING}}}}},
        "responses": _responses("CheckResponse", 400, 413, 415, allowed="POST"),
    }}


def _lookup(max_bytes: int) -> dict:
    from glossary.lookup import MAX_TERMS

    return {"post": {
        "summary": "Batch lookup: the renderings of a list of terms", "operationId": "lookup",
        "requestBody": {"required": True, "description": f"At most {MAX_TERMS} terms and {max_bytes} bytes.",
                        "content": {"application/json": {"schema": _object({"terms": {
                            "type": "array", "maxItems": MAX_TERMS, "items": {"type": "string", "maxLength": 200}}})}}},
        "responses": _responses("LookupResponse", 400, 413, 415, allowed="POST"),
    }}


def _recognize(max_chars: int) -> dict:
    return {"post": {
        "summary": "The glossary terms in a text, with where each occurs", "operationId": "recognize",
        "requestBody": {"required": True, "description": f"The text: at most {max_chars} characters "
                                                         "(the GLOSSARY_RECOGNIZE_MAX_CHARS setting).",
                        "content": {"application/json": {"schema": _object({"text": {
                                        "type": "string", "maxLength": max_chars}})},
                                    "text/plain": {"schema": {"type": "string", "maxLength": max_chars}}}},
        "responses": _responses("RecognizeResponse", 400, 413, 415, allowed="POST"),
    }}


@cache
def openapi_document(recognize_max_chars: int, check_max_bytes: int = 2_000_000) -> dict:
    """The document, with the limits of this deployment."""
    term_id = _param("term_id", "Term id (lower-case kebab-case).", STRING, required=True, where="path")
    paragraph_id = _param("paragraph_id", "Paragraph id, e.g. nmg-2024.2.7.3.", STRING, required=True, where="path")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Policy Glossary API",
            "version": "1.0.0",
            "description": "Bilingual glossary and search over Chinese government work reports. "
                           "Every success response is an object with \"ok\": true; every error is "
                           "{\"ok\": false, \"status\": <int>, \"error\": \"<message>\"}. See docs/API.md.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/search": _get("Search terms and report paragraphs", "search", "SearchResponse",
                            _params(params.Q, params.SEARCH_LIMIT, params.OFFSET, params.REPORT, params.REGION,
                                    params.YEAR), 400),
            "/recognize": _recognize(recognize_max_chars),
            "/suggest": _get("Terms whose headword, alias, English rendering or pinyin starts with q, or that "
                             "contain it inside a word", "suggest",
                             "SuggestResponse", _params(params.Q, params.SUGGEST_LIMIT), 400),
            "/terms": _get("All terms, ordered by pinyin, optionally by category or initial letter", "listTerms",
                           "TermList", _params(params.TERMS_LIMIT, params.OFFSET, params.CATEGORY, params.LETTER),
                           400),
            "/terms/{term_id}": _get("One term with renderings, definitions, members, related terms and "
                                     "every occurrence in context", "getTerm", "TermResponse", [term_id], 404),
            "/paragraphs/{paragraph_id}": _get("One report paragraph with the terms marked in it", "getParagraph",
                                               "ParagraphResponse", [paragraph_id], 404),
            "/export": _export(),
            "/check": _check(check_max_bytes),
            "/lookup": _lookup(check_max_bytes),
            "/concordance": _get("Every occurrence of a term or string as a key-word-in-context line",
                                 "concordance", "ConcordanceResponse",
                                 _params(params.CONCORDANCE_Q, params.SORT, params.CONCORDANCE_LIMIT, params.REPORT,
                                         params.REGION, params.YEAR), 400),
            "/reports": _get("The reports", "listReports", "ReportList", []),
            "/health": _get("Readiness check for load balancers", "health", "Health", []),
            "/openapi.json": {"get": {"summary": "This document", "operationId": "openapi",
                                      "responses": {"200": {"description": "The OpenAPI document.",
                                                            "content": {"application/json": {}}}}}},
        },
        "components": {"schemas": SCHEMAS},
    }
