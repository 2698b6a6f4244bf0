"""Any input gets an answer or a clear 400/404, never a 500 (property-based)."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=250)
NUMBER = st.one_of(st.integers(-10**6, 10**6).map(str), st.text(max_size=6))
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(query=TEXT, limit=NUMBER, offset=NUMBER)
def test_api_search_and_suggest_never_fail(client, query, limit, offset):
    for path in ("/api/v1/search", "/api/v1/suggest"):
        response = client.get(f"{path}?q={quote(query)}&limit={quote(limit)}&offset={quote(offset)}")
        assert response.status_code in (200, 400), (path, query, limit, offset)
        body = response.get_json()
        assert body["ok"] is (response.status_code == 200)
        if not body["ok"]:
            assert body["status"] == 400 and body["error"]


@FUZZ
@given(query=TEXT, page=NUMBER)
def test_search_page_never_fails(client, query, page):
    response = client.get(f"/search?q={quote(query)}&page={quote(page)}")
    if response.status_code == 303:  # a sentence or a long paste: on to term recognition
        response = client.get(response.headers["Location"])
    assert response.status_code in (200, 400, 404, 413)
    assert "Traceback" not in response.get_data(as_text=True)


@FUZZ
@given(text=st.text(max_size=120))
def test_ids_and_filters_never_fail(client, text):
    for url in (f"/api/v1/terms/{quote(text, safe='')}", f"/api/v1/paragraphs/{quote(text, safe='')}",
                f"/api/v1/terms?category={quote(text)}", f"/api/v1/terms?letter={quote(text)}",
                f"/terms/{quote(text, safe='')}", f"/terms?letter={quote(text)}",
                f"/reports/{quote(text, safe='')}", f"/lang/en?next={quote(text)}"):
        response = client.get(url)
        assert response.status_code in (200, 301, 303, 308, 400, 404), url


def test_invalid_utf8_and_control_characters(client):
    for url in ("/api/v1/search?q=%FF%FE%FD", "/api/v1/suggest?q=%00", "/api/v1/search?q=%ED%A0%80",
                "/search?q=%FF%FE", "/api/v1/terms/%FF", "/terms/%00"):
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
