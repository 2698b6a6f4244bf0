"""The OpenAPI document is valid, covers every route, and real responses match it."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate


@pytest.fixture(scope="module")
def spec(app):
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_document_is_valid_openapi(spec):
    validate(spec)


def test_document_states_the_limits_the_server_enforces(app, spec):
    from index.query import MAX_QUERY_CHARS
    from web import create_app

    q = next(p for p in spec["paths"]["/search"]["get"]["parameters"] if p["name"] == "q")
    assert q["schema"]["maxLength"] == MAX_QUERY_CHARS
    body = spec["paths"]["/recognize"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["text"]["maxLength"] == app.config["RECOGNIZE_MAX_CHARS"]
    small = create_app({**app.config, "RECOGNIZE_MAX_CHARS": 123}).test_client().get("/api/v1/openapi.json")
    body = small.get_json()["paths"]["/recognize"]["post"]["requestBody"]["content"]["text/plain"]["schema"]
    assert body["maxLength"] == 123
    body = spec["paths"]["/check"]["post"]["requestBody"]
    assert f"At most {app.config['CHECK_MAX_BYTES']} bytes" in body["description"]


def test_every_api_route_is_documented_and_nothing_else(app, spec):
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = rule.rule.removeprefix("/api/v1")
            for name in rule.arguments:
                path = path.replace(f"<{name}>", f"{{{name}}}")
            routes.add(path)
    assert routes == set(spec["paths"])


def schema_for(spec, path: str, status: int, method: str = "get") -> Draft202012Validator:
    response = spec["paths"][path][method]["responses"][str(status)]
    schema = response["content"]["application/json"]["schema"]
    # Resolve "#/components/..." references against the whole document.
    return Draft202012Validator({**schema, "components": spec["components"]})


CASES = [
    ("/search", "/api/v1/search?q=三北", 200),
    ("/search", "/api/v1/search?q=shelterbelt&limit=2", 200),
    ("/search", "/api/v1/search?q=没有这个词语", 200),
    ("/search", "/api/v1/search?q=三北&limit=0", 200),
    ("/search", "/api/v1/search?q=tianjun", 200),
    ("/search", "/api/v1/search?q=发展&report=national-2024&year=2024", 200),
    ("/search", "/api/v1/search?q=发展&report=nope", 400),
    ("/search", "/api/v1/search?q=Tianjun Program 发展", 200),
    ("/search", "/api/v1/search", 400),
    ("/suggest", "/api/v1/suggest?q=san", 200),
    ("/suggest", "/api/v1/suggest?q=zzzz", 200),
    ("/suggest", "/api/v1/suggest?q=shelterbelt", 200),
    ("/suggest", "/api/v1/suggest?q=a&limit=999", 400),
    ("/terms", "/api/v1/terms", 200),
    ("/terms", "/api/v1/terms?category=ecology&letter=S", 200),
    ("/terms", "/api/v1/terms?category=x", 400),
    ("/terms/{term_id}", "/api/v1/terms/three-north-program", 200),
    ("/terms/{term_id}", "/api/v1/terms/six-projects", 200),
    ("/terms/{term_id}", "/api/v1/terms/nope", 404),
    ("/paragraphs/{paragraph_id}", "/api/v1/paragraphs/nmg-2024.1.0.5", 200),
    ("/paragraphs/{paragraph_id}", "/api/v1/paragraphs/nmg-2024.a2.1", 200),
    ("/paragraphs/{paragraph_id}", "/api/v1/paragraphs/nope", 404),
    ("/reports", "/api/v1/reports", 200),
    ("/health", "/api/v1/health", 200),
    ("/export", "/api/v1/export", 400),
    ("/concordance", "/api/v1/concordance?q=三北&sort=left", 200),
    ("/concordance", "/api/v1/concordance?q=攻坚战&limit=1", 200),
    ("/concordance", "/api/v1/concordance?q=zzzz", 200),
    ("/concordance", "/api/v1/concordance?q=三北&sort=up", 400),
    ("/export", "/api/v1/export?format=docx", 400),
]


@pytest.mark.parametrize("path, url, status", CASES)
def test_real_responses_match_the_document(client, spec, path, url, status):
    response = client.get(url)
    assert response.status_code == status
    errors = sorted(schema_for(spec, path, status).iter_errors(response.get_json()), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


@pytest.mark.parametrize("kwargs, status", [
    ({"json": {"text": "推进“三北”工程和天駿計劃"}}, 200),
    ({"json": {"text": ""}}, 200),
    ({"data": "三北".encode(), "content_type": "text/plain"}, 200),
    ({"json": {"nope": 1}}, 400),
    ({"data": b"x", "content_type": "application/xml"}, 415),
])
def test_recognize_responses_match_the_document(client, spec, kwargs, status):
    response = client.post("/api/v1/recognize", **kwargs)
    assert response.status_code == status
    schema_for(spec, "/recognize", status, "post").validate(response.get_json())


def test_recognize_over_the_limit_matches_the_document(app, spec):
    from web import create_app

    small = create_app({**app.config, "RECOGNIZE_MAX_CHARS": 5}).test_client()
    response = small.post("/api/v1/recognize", json={"text": "三北三北三北"})
    assert response.status_code == 413
    schema_for(spec, "/recognize", 413, "post").validate(response.get_json())


def test_every_term_and_paragraph_matches_the_document(client, spec, glossary):
    term_schema = schema_for(spec, "/terms/{term_id}", 200)
    for term in glossary.terms:
        term_schema.validate(client.get(f"/api/v1/terms/{term.id}").get_json())
    paragraph_schema = schema_for(spec, "/paragraphs/{paragraph_id}", 200)
    for paragraph in glossary.paragraphs:
        paragraph_schema.validate(client.get(f"/api/v1/paragraphs/{paragraph.id}").get_json())


def test_405_and_unknown_paths_match_the_error_schema(client, spec):
    validator = schema_for(spec, "/search", 405)
    validator.validate(client.post("/api/v1/search").get_json())
    validator.validate(client.get("/api/v1/unknown").get_json())


POSTS = [
    ("/check", {"json": {"segments": [{"source": "“三北”工程攻坚战全面打响。", "target": "The Three Norths battle."},
                                      {"source": "建设平台。", "target": "The Mengkeju Science and Technology "
                                                                         "Innovation Platform.", "id": "x"},
                                      {"source": "没有术语", "target": ""}]}}, 200),
    ("/check", {"data": {"source": "三北\n", "target": "Three-North Shelterbelt Forest Program\n"}}, 200),
    ("/check", {"json": {"segments": "none"}}, 400),
    ("/check", {"data": "x", "content_type": "text/plain"}, 415),
    ("/lookup", {"json": {"terms": ["三北", "不存在", "天駿計劃"]}}, 200),
    ("/lookup", {"json": {"terms": [1]}}, 400),
    ("/lookup", {"json": {"terms": ["三"] * 1001}}, 413),
]


@pytest.mark.parametrize("path, kwargs, status", POSTS)
def test_real_post_responses_match_the_document(client, spec, path, kwargs, status):
    response = client.post(f"/api/v1{path}", **kwargs)
    assert response.status_code == status
    errors = sorted(schema_for(spec, path, status, "post").iter_errors(response.get_json()), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
