"""Any text gives a valid answer or a clear error, never an exception (property-based).

At the Python layer (search, suggest, recognize, the terminology check, batch
lookup, concordance, the report parser and the importer's cleaner) and through
the Flask test client (each API endpoint that takes text: a 2xx, or a 4xx JSON
error in our envelope naming the fault, never a 500). Lone surrogates are
tried where they can arrive: Python callers, and JSON bodies (``"\\ud800"``).

Examples are bounded and the deadline off, so a busy 2-core CI machine does
not turn slowness into failures; 100 000-character inputs are drawn often.
"""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import quote

import pytest
from hostile import ANY, LONG, TEXT, WITH_SURROGATES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.check import BilingualFileError, Checker, Segment, read_aligned
from glossary.concordance import Sort, concordance
from glossary.importer import clean_raw_text
from glossary.lookup import lookup
from glossary.report import Kind, ReportInfo, parse_report
from index.query import QueryError
from web.index import EXTENSION
from web.urls import MAX_URL_BYTES

PROPERTY = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])
INFO = ReportInfo(id="test-2026", title="测试报告", region="测试", year=2026, date=date(2026, 1, 1), speaker="某某",
                  language="zh", file="test.zh.txt")


@pytest.fixture(scope="module")
def index(app):
    return app.extensions[EXTENSION].get()


@pytest.fixture(scope="module")
def checker(glossary):
    return Checker(glossary)


@PROPERTY
@given(text=st.one_of(WITH_SURROGATES, LONG))
def test_search_answers_or_says_why_not(index, text):
    try:
        result = index.search(text, 10, 0)
    except QueryError as error:
        assert str(error)
        return
    data = result.to_dict(index.glossary)
    assert data["paragraphs"]["total"] >= len(data["paragraphs"]["items"])
    for item in data["paragraphs"]["items"]:
        for start, end in item["spans"]:
            assert 0 <= start < end <= len(item["text"])


@PROPERTY
@given(text=st.one_of(WITH_SURROGATES, LONG))
def test_suggest_answers_or_says_why_not(index, text):
    try:
        suggestions = index.suggest(text, 8)
    except QueryError as error:
        assert str(error)
        return
    assert len(suggestions) <= 8
    assert all(index.glossary.term(s.term.id) is s.term for s in suggestions)


@PROPERTY
@given(text=st.one_of(WITH_SURROGATES, LONG))
def test_recognize_spans_are_inside_the_text(glossary, text):
    found = glossary.recognize(text).to_dict()
    assert found["length"] == len(text)
    for term in found["terms"]:
        for start, end in term["spans"]:
            assert 0 <= start < end <= len(text)


@PROPERTY
@given(source=ANY, target=WITH_SURROGATES)
def test_check_gives_a_result_for_every_segment(checker, source, target):
    result = checker.check([Segment(1, "1", source, target), Segment(2, "2", target, source)])
    assert [r.segment.n for r in result.segments] == [1, 2]
    summary = result.summary()
    assert summary["segments"] == 2


@PROPERTY
@given(source=TEXT, target=TEXT)
def test_aligned_texts_are_segments_or_a_clear_error(source, target):
    try:
        segments = read_aligned(source, target)
    except BilingualFileError as error:
        assert "lines" in str(error)
        return
    assert all(s.source or s.target for s in segments)


@PROPERTY
@given(queries=st.lists(st.one_of(WITH_SURROGATES, LONG), max_size=5))
def test_lookup_gives_one_row_per_line_in_order(glossary, queries):
    rows = lookup(glossary, queries)
    assert [row.query for row in rows] == queries
    assert all(len(row.cells()) == 8 for row in rows)


@PROPERTY
@given(query=st.one_of(WITH_SURROGATES, LONG), sort=st.sampled_from(Sort))
def test_concordance_lines_show_what_was_asked(glossary, query, sort):
    result = concordance(glossary, query, sort)
    for line in result.lines:
        assert line.match
        if result.term is None:  # a plain string: each line shows it, whatever its case
            assert line.match.casefold() == result.query.casefold()


def test_concordance_of_a_query_whose_case_folding_is_longer(glossary):
    """ "ß" folds to "ss" (one paragraph of the corpus has "ss"): each line shows the two letters found."""
    result = concordance(glossary, "ß")
    assert result.lines and all(line.match.casefold() == "ss" for line in result.lines)


@PROPERTY
@given(text=st.one_of(WITH_SURROGATES, LONG))
def test_report_parser_takes_any_text(text):
    report = parse_report(INFO, text)
    assert all(p.report_id == INFO.id and p.id.startswith(INFO.id) for p in report.paragraphs)
    assert len({p.id for p in report.paragraphs}) == len(report.paragraphs)
    assert all(isinstance(p.kind, Kind) for p in report.paragraphs)


@PROPERTY
@given(text=st.one_of(WITH_SURROGATES, LONG))
def test_the_importers_cleaner_takes_any_text(text):
    cleaned = clean_raw_text(text)
    assert cleaned.text.endswith("\n")
    assert all(change.first <= change.last for change in cleaned.removed)


# Through the Flask test client: the same inputs as the API receives them.

def _json(client, path, payload):
    # ensure_ascii escapes lone surrogates as \udXXX, as a JavaScript client's JSON.stringify would.
    return client.post(path, data=json.dumps(payload), content_type="application/json")


def assert_answer(response, *statuses):
    """A success, or an error in the API's one envelope with one of ``statuses`` and a message."""
    body = response.get_json()
    assert body is not None, response.get_data()[:200]
    if response.status_code == 200:
        assert body["ok"] is True
        return body
    assert response.status_code in statuses, body
    assert body == {"ok": False, "status": response.status_code, "error": body["error"]} and body["error"]
    return body


@PROPERTY
@given(text=st.one_of(WITH_SURROGATES, LONG))
def test_api_recognize_any_text(client, text):
    body = assert_answer(_json(client, "/api/v1/recognize", {"text": text}), 400, 413)
    if not body["ok"] and any("\ud800" <= c <= "\udfff" for c in text):
        assert "surrogate" in body["error"] or body["status"] == 413
    if len(text) > 20_000:
        assert body["status"] == 413 and "20000" in body["error"]
    plain = text.encode("utf-8", "surrogatepass")  # a text/plain body may carry any bytes
    assert_answer(client.post("/api/v1/recognize", data=plain, content_type="text/plain"), 400, 413)


@PROPERTY
@given(source=st.one_of(WITH_SURROGATES, LONG), target=WITH_SURROGATES, segment_id=WITH_SURROGATES)
def test_api_check_any_text(client, source, target, segment_id):
    payload = {"segments": [{"source": source, "target": target, "id": segment_id}]}
    body = assert_answer(_json(client, "/api/v1/check", payload), 400, 413)
    if body["ok"]:
        assert body["segments"][0]["source"] == source.strip()


@PROPERTY
@given(terms=st.lists(st.one_of(WITH_SURROGATES, LONG), max_size=4))
def test_api_lookup_any_text(client, terms):
    body = assert_answer(_json(client, "/api/v1/lookup", {"terms": terms}), 400, 413)
    if body["ok"]:
        assert [item["query"] for item in body["items"]] == [t.strip() for t in terms]


@PROPERTY
@given(query=ANY, sort=st.sampled_from(["text", "left", "right"]))
def test_api_search_suggest_and_concordance_any_text(client, query, sort):
    q = quote(query)
    for path in (f"/api/v1/search?q={q}", f"/api/v1/suggest?q={q}", f"/api/v1/concordance?q={q}&sort={sort}"):
        body = assert_answer(client.get(path), 400, 414)
        if len(path) > MAX_URL_BYTES:  # the URL's limit comes first
            assert body["status"] == 414 and f"the limit is {MAX_URL_BYTES} bytes" in body["error"], path
        elif len(query) > 200:
            assert body["status"] == 400 and "limit is 200" in body["error"], path


@PROPERTY
@given(raw=st.binary(max_size=300))
def test_api_bodies_of_any_bytes(client, raw):
    for path in ("/api/v1/recognize", "/api/v1/check", "/api/v1/lookup"):
        for kind in ("application/json", "text/plain", "application/octet-stream"):
            assert_answer(client.post(path, data=raw, content_type=kind), 400, 413, 415)
