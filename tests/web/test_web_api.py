"""The JSON API: shapes, URLs, limits and the one error shape."""

from __future__ import annotations

import dataclasses

import pytest

from index.query import MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS
from web import create_app
from web.params import SUGGEST_LIMIT

MAX_SUGGEST_LIMIT = SUGGEST_LIMIT.maximum

TERM = "three-north-program"
PARAGRAPH = "nmg-2024.1.0.5"


def get_ok(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    data = response.get_json()
    assert data["ok"] is True
    return data


def test_search_returns_terms_first_and_paragraphs_with_reader_urls(client, glossary):
    data = get_ok(client, "/api/v1/search?q=三北&limit=3")
    assert data["query"] == "三北"
    assert data["terms"][0]["id"] == TERM
    assert data["terms"][0]["url"] == f"http://localhost/terms/{TERM}"
    paragraphs = data["paragraphs"]
    expected_total = sum(1 for p in glossary.paragraphs if "三北" in p.text)
    assert paragraphs["total"] == expected_total
    assert paragraphs["limit"] == 3 and len(paragraphs["items"]) == 3
    for item in paragraphs["items"]:
        assert "<mark>三北</mark>" in item["html"]
        assert item["url"] == f"http://localhost/reports/{item['report']}#p-{item['id']}"
        assert item["label"] == glossary.paragraph(item["id"]).label


def test_search_paging_walks_all_paragraphs(client):
    first = get_ok(client, "/api/v1/search?q=三北&limit=2&offset=0")["paragraphs"]
    second = get_ok(client, "/api/v1/search?q=三北&limit=2&offset=2")["paragraphs"]
    ids = [i["id"] for i in first["items"] + second["items"]]
    assert len(ids) == len(set(ids)) == min(4, first["total"])
    assert second["offset"] == 2


def test_search_escapes_the_query_in_html(client):
    data = get_ok(client, "/api/v1/search?q=<script>三北")
    assert data["query"] == "<script>三北"  # JSON carries the text; HTML fields are escaped
    for item in data["paragraphs"]["items"]:
        assert "<script>" not in item["html"]


def test_the_shared_cached_result_cannot_be_changed_and_answers_stay_the_same(app, client):
    first = get_ok(client, "/api/v1/search?q=三北")
    cached = app.extensions["glossary"].get().search("三北", 10, 0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cached.paragraphs.total = 0
    assert isinstance(cached.terms, tuple) and isinstance(cached.paragraphs.items, tuple)
    assert get_ok(client, "/api/v1/search?q=三北") == first


@pytest.mark.parametrize("query, expected", [("san", TERM), ("三北", TERM), ("Three-North", TERM),
                                             ("蒙科", "mengkeju"), ("tian", "tianjun-program")])
def test_suggest_by_headword_alias_english_and_pinyin(client, query, expected):
    data = get_ok(client, f"/api/v1/suggest?q={query}")
    assert data["query"] == query
    ids = [s["id"] for s in data["suggestions"]]
    assert expected in ids
    found = data["suggestions"][ids.index(expected)]
    assert set(found) == {"id", "zh", "en", "pinyin", "status", "definition", "definition_en", "matched_by", "url"}
    assert found["url"] == f"http://localhost/terms/{expected}"
    assert len(found["definition"]) <= 60 and "\n" not in found["definition_en"]


def test_suggest_definition_is_the_first_sentence(client, glossary):
    data = get_ok(client, "/api/v1/suggest?q=蒙科聚")
    term = glossary.term("mengkeju")
    first_sentence = term.definition_zh.text.split("。")[0] + "。"
    definition = data["suggestions"][0]["definition"]
    assert definition == first_sentence if len(first_sentence) <= 60 else definition.endswith("…")


def test_suggest_limit(client):
    assert len(get_ok(client, "/api/v1/suggest?q=s&limit=20")["suggestions"]) > 3  # "s" starts many keys
    assert len(get_ok(client, "/api/v1/suggest?q=s&limit=1")["suggestions"]) == 1
    assert len(get_ok(client, "/api/v1/suggest?q=s&limit=3")["suggestions"]) == 3


def test_terms_list_is_paged_and_sorted_by_pinyin(client, glossary):
    data = get_ok(client, "/api/v1/terms?limit=3")
    assert data["total"] == len(glossary.terms)
    assert len(data["items"]) == 3
    rest = get_ok(client, "/api/v1/terms?limit=100&offset=3")["items"]
    all_ids = [t["id"] for t in data["items"] + rest]
    assert sorted(all_ids) == sorted(t.id for t in glossary.terms)
    from glossary.pinyin import plain_pinyin

    keys = [plain_pinyin(glossary.term(i).pinyin) for i in all_ids]
    assert keys == sorted(keys)


def test_terms_filters(client, glossary):
    data = get_ok(client, "/api/v1/terms?category=ecology")
    assert {t["id"] for t in data["items"]} == {t.id for t in glossary.terms if t.category == "ecology"}
    data = get_ok(client, "/api/v1/terms?letter=t")
    assert data["items"] and all(t["pinyin"].lower().startswith("t") for t in data["items"])


def test_term_detail_with_urls(client, glossary):
    term = get_ok(client, f"/api/v1/terms/{TERM}")["term"]
    assert term["id"] == TERM and term["url"].endswith(f"/terms/{TERM}")
    assert term["renderings"][0]["en"] == glossary.term(TERM).en
    assert len(term["occurrences"]) == len(glossary.occurrences_by_term[TERM])
    for occurrence in term["occurrences"]:
        assert occurrence["url"].endswith(f"#p-{occurrence['paragraph']}")
    for related in term["related"]:
        assert related["url"].endswith(f"/terms/{related['id']}")


def test_term_members_link_when_they_are_terms(client, glossary):
    with_members = [t for t in glossary.terms if t.members]
    assert with_members, "the fixture glossary has a term with members"
    term = get_ok(client, f"/api/v1/terms/{with_members[0].id}")["term"]
    for member in term["members"]:
        assert (member["url"] is None) == (member["term"] is None)


def test_paragraph_with_terms_and_marks(client, glossary):
    paragraph = get_ok(client, f"/api/v1/paragraphs/{PARAGRAPH}")["paragraph"]
    assert paragraph["text"] == glossary.paragraph(PARAGRAPH).text
    assert paragraph["url"] == f"http://localhost/reports/nmg-2024#p-{PARAGRAPH}"
    assert [t["id"] for t in paragraph["terms"]] == [t.id for t in glossary.terms_in(PARAGRAPH)]
    for mark in paragraph["marks"]:
        assert paragraph["text"][mark["start"]:mark["end"]]


def test_reports(client, glossary):
    reports = get_ok(client, "/api/v1/reports")["reports"]
    assert [r["id"] for r in reports] == [r.id for r in glossary.reports]
    assert [r["paragraphs"] for r in reports] == [
        sum(1 for p in glossary.paragraphs if p.report_id == r.id) for r in glossary.reports]
    assert sum(r["paragraphs"] for r in reports) == len(glossary.paragraphs)
    assert reports[0]["url"] == "http://localhost/reports/nmg-2024"
    assert "file" not in reports[0]
    assert {r["id"] for r in reports if r["defects"]} == {"hebei-2026", "sichuan-2026"}
    assert {r["id"] for r in reports if not r["curated"]} == {r.id for r in glossary.reports if not r.curated}


def test_health_names_the_build(client, index_dir):
    data = get_ok(client, "/api/v1/health")
    assert data["build"] == (index_dir / "CURRENT").read_text().strip()


def test_public_url_setting_makes_the_links(index_dir):
    app = create_app({"INDEX_DIR": index_dir, "PUBLIC_URL": "https://glossary.example.org/"})
    data = app.test_client().get("/api/v1/suggest?q=san").get_json()
    assert data["suggestions"][0]["url"] == f"https://glossary.example.org/terms/{TERM}"


def test_proxy_hops_trusts_forwarded_headers(index_dir):
    app = create_app({"INDEX_DIR": index_dir, "PROXY_HOPS": 1})
    response = app.test_client().get("/api/v1/suggest?q=san", headers={
        "X-Forwarded-Proto": "https", "X-Forwarded-Host": "glossary.intranet"})
    assert response.get_json()["suggestions"][0]["url"] == f"https://glossary.intranet/terms/{TERM}"


# -- errors: one shape, the right status, the limit named ----------------------

BAD_REQUESTS = [
    ("/api/v1/search", "q is required"),
    ("/api/v1/search?q=", "query is empty"),
    ("/api/v1/search?q=%20%20", "query is empty"),
    ("/api/v1/search?q=%22%22", "nothing to search"),
    ("/api/v1/search?q=" + "x" * (MAX_QUERY_CHARS + 1), f"the limit is {MAX_QUERY_CHARS}"),
    ("/api/v1/search?q=a&limit=abc", f"limit must be an integer between 0 and {MAX_LIMIT}"),
    ("/api/v1/search?q=a&limit=-1", f"limit must be between 0 and {MAX_LIMIT}"),
    (f"/api/v1/search?q=a&limit={MAX_LIMIT + 1}", f"limit must be between 0 and {MAX_LIMIT}"),
    (f"/api/v1/search?q=a&offset={MAX_OFFSET + 1}", f"offset must be between 0 and {MAX_OFFSET}"),
    ("/api/v1/search?q=a&offset=1.5", "offset must be an integer"),
    ("/api/v1/suggest", "q is required"),
    ("/api/v1/suggest?q=" + "字" * 500, f"the limit is {MAX_QUERY_CHARS}"),
    ("/api/v1/suggest?q=a&limit=0", f"limit must be between 1 and {MAX_SUGGEST_LIMIT}"),
    (f"/api/v1/suggest?q=a&limit={MAX_SUGGEST_LIMIT + 1}", f"limit must be between 1 and {MAX_SUGGEST_LIMIT}"),
    ("/api/v1/terms?category=nonsense", "category must be one of"),
    ("/api/v1/terms?letter=ab", "letter must be one letter"),
    ("/api/v1/terms?limit=1000", f"limit must be between 0 and {MAX_LIMIT}"),
]


@pytest.mark.parametrize("url, message", BAD_REQUESTS)
def test_bad_parameters_are_400_naming_the_limit(client, url, message):
    response = client.get(url)
    assert response.status_code == 400
    body = response.get_json()
    assert body == {"ok": False, "status": 400, "error": body["error"]}
    assert message in body["error"]


@pytest.mark.parametrize("url", ["/api/v1/terms/no-such-term", "/api/v1/paragraphs/nmg-2024.99.99.99",
                                 "/api/v1/nothing-here", "/api/v2/search?q=a", "/api/"])
def test_unknown_ids_and_paths_are_404_json(client, url):
    response = client.get(url)
    assert response.status_code == 404
    body = response.get_json()
    assert set(body) == {"ok", "status", "error"} and body["ok"] is False and body["status"] == 404


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_wrong_method_is_405_json_with_allow(client, method):
    response = getattr(client, method)("/api/v1/search?q=a")
    assert response.status_code == 405
    assert response.get_json()["status"] == 405
    assert "GET" in response.headers["Allow"]
    assert "GET" in response.get_json()["error"]


def broken_app(index_dir):
    app = create_app({"INDEX_DIR": index_dir})

    @app.get("/api/v1/boom")
    def boom():
        raise RuntimeError("secret internals /etc/passwd")

    @app.get("/boom")
    def page_boom():
        raise RuntimeError("secret internals /etc/passwd")

    return app


def test_unexpected_errors_are_500_without_internals(index_dir, caplog):
    client = broken_app(index_dir).test_client()
    response = client.get("/api/v1/boom")
    assert response.status_code == 500
    assert response.get_json() == {"ok": False, "status": 500, "error": "internal error"}
    page = client.get("/boom")
    assert page.status_code == 500
    assert "secret" not in page.get_data(as_text=True) and "Traceback" not in page.get_data(as_text=True)
    assert "secret internals" in caplog.text  # logged for the operator


def test_missing_index_is_503(tmp_path):
    client = create_app({"INDEX_DIR": tmp_path / "empty"}).test_client()
    response = client.get("/api/v1/search?q=a")
    assert response.status_code == 503
    assert response.get_json()["status"] == 503 and "glossary build" in response.get_json()["error"]
    page = client.get("/")
    assert page.status_code == 503


# -- headers -------------------------------------------------------------------

@pytest.mark.parametrize("url, status", [("/api/v1/search?q=三北", 200), ("/api/v1/search", 400),
                                         ("/api/v1/nothing", 404), ("/", 200), ("/nothing", 404),
                                         ("/static/style.css", 200)])
def test_security_headers_on_every_response(client, url, status):
    with client.get(url) as response:  # closes the static file
        pass
    assert response.status_code == status
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_security_headers_on_405_and_500(index_dir):
    client = broken_app(index_dir).test_client()
    for response in (client.get("/api/v1/boom"), client.post("/api/v1/search")):
        assert "Content-Security-Policy" in response.headers
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_cache_headers(client, app):
    seconds = app.config["CACHE_SECONDS"]
    assert client.get("/api/v1/reports").headers["Cache-Control"] == f"public, max-age={seconds}"
    assert client.get("/api/v1/search").headers["Cache-Control"] == "no-store"
    page = client.get("/")
    assert page.headers["Cache-Control"] == "no-cache"
    assert "Accept-Language" in page.headers["Vary"] and "Cookie" in page.headers["Vary"]


def test_api_does_not_set_the_language_cookie(client):
    assert "Set-Cookie" not in client.get("/api/v1/reports?lang=en").headers


# -- term recognition ----------------------------------------------------------------------


def test_recognize_json_gives_terms_with_spans_into_the_text_as_sent(client):
    text = "推进“三北\n”工程攻坚战和天駿計劃。"
    response = client.post("/api/v1/recognize", json={"text": text})
    assert response.status_code == 200
    data = response.get_json()
    assert data["ok"] is True and data["length"] == len(text)
    found = {t["id"]: t for t in data["terms"]}
    assert [text[s:e] for s, e in found[TERM]["spans"]] == ["三北\n”工程攻坚战"]
    assert [text[s:e] for s, e in found["tianjun-program"]["spans"]] == ["天駿計劃"]
    assert found[TERM]["url"] == f"http://localhost/terms/{TERM}" and found[TERM]["status"]


def test_recognize_takes_text_plain(client):
    response = client.post("/api/v1/recognize", data="三北".encode(), content_type="text/plain; charset=utf-8")
    assert response.status_code == 200
    assert response.get_json()["terms"][0]["spans"] == [[0, 2]]


@pytest.mark.parametrize("kwargs, status, message", [
    ({"data": b"{not json", "content_type": "application/json"}, 400, "not valid JSON"),
    ({"json": {"txt": "三北"}}, 400, '"text" string'),
    ({"json": ["三北"]}, 400, '"text" string'),
    ({"data": b"\xff\xfe", "content_type": "text/plain"}, 400, "not valid UTF-8"),
    ({"data": b"text=x", "content_type": "application/x-www-form-urlencoded"}, 415, "application/json"),
    ({"data": b"x"}, 415, "text/plain"),
])
def test_recognize_refuses_bad_bodies_clearly(client, kwargs, status, message):
    response = client.post("/api/v1/recognize", **kwargs)
    assert response.status_code == status
    data = response.get_json()
    assert data["ok"] is False and data["status"] == status and message in data["error"]


def test_recognize_refuses_text_over_the_limit_naming_it(app):
    from web import create_app

    small = create_app({**app.config, "RECOGNIZE_MAX_CHARS": 10}).test_client()
    response = small.post("/api/v1/recognize", json={"text": "三" * 11})
    assert response.status_code == 413
    assert "the limit is 10 characters" in response.get_json()["error"]
    huge = small.post("/api/v1/recognize", data=b"a" * 200_000, content_type="text/plain")
    assert huge.status_code == 413 and "bytes" in huge.get_json()["error"]
    assert small.post("/api/v1/recognize", json={"text": "三" * 10}).status_code == 200


def test_recognize_is_post_only(client):
    response = client.get("/api/v1/recognize")
    allowed = response.headers["Allow"]
    assert response.status_code == 405 and "POST" in allowed and "GET" not in allowed


def test_search_can_be_limited_to_a_report_region_or_year_and_counts_every_report(client, glossary):
    whole = get_ok(client, "/api/v1/search?q=发展&limit=100")
    counts = {c["report"]: c["count"] for c in whole["by_report"]}
    assert sum(counts.values()) == whole["paragraphs"]["total"] and len(counts) > 1
    for report in glossary.reports:
        scoped = get_ok(client, f"/api/v1/search?q=发展&limit=100&report={report.id}")
        assert scoped["paragraphs"]["total"] == counts.get(report.id, 0)
        assert {i["report"] for i in scoped["paragraphs"]["items"]} <= {report.id}
    year = glossary.report_by_id["national-2025"].year
    by_year = get_ok(client, f"/api/v1/search?q=发展&limit=100&year={year}")
    assert {i["report"] for i in by_year["paragraphs"]["items"]} == {"national-2025"}
    region = glossary.report_by_id["nmg-2024"].region_en
    by_region = get_ok(client, f"/api/v1/search?q=发展&limit=100&region={region}")
    assert {i["report"] for i in by_region["paragraphs"]["items"]} == {"nmg-2024", "nmg-2026"}


@pytest.mark.parametrize("url, message", [("/api/v1/search?q=发展&report=nope", "no report nope"),
                                          ("/api/v1/search?q=发展&year=1800", "year must be between"),
                                          ("/api/v1/search?q=发展&region=火星", "no region 火星")])
def test_a_scope_that_names_no_report_is_a_400_naming_what_exists(client, url, message):
    response = client.get(url)
    assert response.status_code == 400 and message in response.get_json()["error"]
