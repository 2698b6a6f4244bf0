"""Routes that take an id or a path, over-long URLs, and what an error may show.

Unknown ids are a 404 naming the id, traversal attempts (``../``, encoded
dots and slashes, backslashes, NUL) never leave the routes' own data, a URL
over the limit is a 414 in the API's error shape (from Flask, and from
gunicorn's worker for lines gunicorn refuses itself), and no answer holds a
traceback or a file path of the server.
"""

from __future__ import annotations

import json
import re
import socket

import pytest

from web import create_app
from web.urls import MAX_URL_BYTES
from web.worker import MAX_REQUEST_LINE

ID_ROUTES = ("/api/v1/terms/", "/api/v1/paragraphs/", "/terms/", "/reports/", "/reports/nmg-2024/new/", "/static/",
             "/lang/")
TRAVERSALS = ("../../setup.cfg", "..%2f..%2fsetup.cfg", "%2e%2e/%2e%2e/setup.cfg", "%2e%2e%2f%2e%2e%2fsetup.cfg",
              "..\\..\\setup.cfg", "..%5c..%5csetup.cfg", "%00", "x%00.json", "....//....//etc/passwd",
              "/etc/passwd", "%2fetc%2fpasswd", "..%c0%af..%c0%afetc/passwd", "%252e%252e%252fsetup.cfg",
              "nmg-2024/../../../../etc/passwd", "~root", "x" * 3000)
SECRETS = ("[metadata]", "root:x:0:0", "install_requires")
LEAKS = re.compile(r"Traceback|File \"|/work/|/root/|site-packages|\.py\b|werkzeug\.|jinja2\.")


def assert_clean(response, where):
    text = response.get_data(as_text=True)
    assert not any(secret in text for secret in SECRETS), where
    assert not LEAKS.search(text), (where, LEAKS.search(text).group(0))


def assert_api_error(response, status, where):
    body = response.get_json()
    assert response.status_code == status and body == {"ok": False, "status": status, "error": body["error"]}, where
    return body["error"]


@pytest.mark.parametrize("route", ID_ROUTES)
def test_unknown_ids_and_traversals_stay_inside_the_route(client, route):
    for attempt in ("no-such-id", *TRAVERSALS):
        response = client.get(route + attempt)
        assert response.status_code in (301, 303, 308, 400, 404), (route, attempt, response.status_code)
        if response.status_code in (301, 303, 308):  # werkzeug's path normalisation, or the language switch
            assert response.headers["Location"].startswith(("/", "http://localhost/")), response.headers
            continue
        assert_clean(response, route + attempt)
        if route.startswith("/api/"):
            message = assert_api_error(response, 404, route + attempt)
            assert "no term with id" in message or "no paragraph with id" in message or "not found" in message


def test_an_unknown_id_is_named_in_the_error(client):
    assert "'nope'" in assert_api_error(client.get("/api/v1/terms/nope"), 404, "term")
    assert "'x.1'" in assert_api_error(client.get("/api/v1/paragraphs/x.1"), 404, "paragraph")
    long_id = "x" * 5000
    assert len(assert_api_error(client.get(f"/api/v1/terms/{long_id}"), 404, "long")) < 200  # named, cut short


def test_static_files_are_served_only_from_the_static_folder(client):
    assert client.get("/static/app.js").status_code == 200
    for attempt in ("../__init__.py", "..%2f__init__.py", "%2e%2e%2f__init__.py", "..\\__init__.py",
                    "../templates/base.html", "../../setup.cfg"):
        response = client.get("/static/" + attempt)
        assert response.status_code in (400, 404), attempt
        assert "create_app" not in response.get_data(as_text=True), attempt


@pytest.mark.parametrize("path", ["/api/v1/search?q=x&pad=", "/api/v1/health?pad=", "/search?q=x&pad=",
                                  "/api/v1/terms/x?pad="])
def test_a_url_over_the_limit_is_a_414_naming_it(client, path):
    at_limit = path + "a" * (MAX_URL_BYTES - len(path))
    assert client.get(at_limit).status_code != 414
    response = client.get(at_limit + "a")
    assert response.status_code == 414
    text = response.get_data(as_text=True)
    assert f"the limit is {MAX_URL_BYTES} bytes" in text and str(MAX_URL_BYTES + 1) in text
    if path.startswith("/api/"):
        assert_api_error(response, 414, path)
    assert_clean(response, path)


def test_an_unexpected_error_shows_no_traceback_or_path():
    app = create_app({"INDEX_DIR": "/nonexistent/index", "TESTING": False})

    @app.get("/api/v1/boom")
    def boom():
        raise RuntimeError(f"failed in {__file__}")

    @app.get("/boom")
    def boom_page():
        raise RuntimeError(f"failed in {__file__}")

    client = app.test_client()
    assert assert_api_error(client.get("/api/v1/boom"), 500, "api") == "internal error"
    page = client.get("/boom")
    assert page.status_code == 500
    for response in (client.get("/api/v1/boom"), page, client.get("/api/v1/search?q=x"), client.get("/search?q=x")):
        assert_clean(response, response.request.path)
    # The missing index is a 503 that says what to do, without the folder's path.
    response = client.get("/api/v1/search?q=x")
    assert "glossary build" in assert_api_error(response, 503, "no index")


# Under gunicorn: the request line limit is gunicorn's, and its refusals have our shape too.

def raw_request(port: int, data: bytes) -> tuple[int, dict, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


@pytest.mark.slow
def test_gunicorn_answers_over_long_and_broken_requests_in_our_shape(serve, index_dir):
    server = serve("--no-build", "--index-dir", str(index_dir))

    def get(target: str, headers: str = "") -> tuple[int, dict, bytes]:
        return raw_request(server.port, f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{headers}\r\n"
                                        .encode())

    # 10 000 characters: over gunicorn's request line, answered by our worker.
    status, headers, body = get("/api/v1/search?q=" + "a" * 10_000)
    assert status == 414 and headers["Content-Type"] == "application/json"
    error = json.loads(body)
    assert error["ok"] is False and error["status"] == 414 and f"over {MAX_REQUEST_LINE} bytes" in error["error"]
    # Between the app's limit and gunicorn's: the app's 414.
    status, _, body = get("/api/v1/health?pad=" + "a" * (MAX_URL_BYTES - 10))
    assert status == 414 and f"the limit is {MAX_URL_BYTES} bytes" in json.loads(body)["error"]
    # A long query parameter under both limits: the parameter's own limit.
    status, _, body = get("/api/v1/search?q=" + "a" * 5000)
    assert status == 400 and "the limit is 200" in json.loads(body)["error"]
    # Headers over gunicorn's limits, and a request that is not HTTP.
    status, _, body = get("/api/v1/health", "X-Big: " + "b" * 9000 + "\r\n")
    assert status == 431 and json.loads(body)["status"] == 431
    status, _, body = raw_request(server.port, b"\x16\x03\x01garbage\r\n\r\n")
    assert status == 400 and json.loads(body)["error"].startswith("the request is not valid HTTP")
    status, _, _ = get("/api/v1/health")
    assert status == 200  # and the server still answers
