"""The replay of hot API answers: byte-for-byte Flask's answer, and only when nothing it depends on changed."""

from __future__ import annotations

import shutil
import time

import pytest

from index.layout import CURRENT, current_build
from web import create_app


@pytest.fixture
def counted(index_dir):
    """An app that counts the requests Flask itself handles."""
    app = create_app({"INDEX_DIR": index_dir})
    app.handled = 0

    @app.before_request
    def count():
        app.handled += 1

    return app


def answer(response):
    headers = sorted((k, v) for k, v in response.headers.items() if k != "Date")
    return response.status, headers, response.get_data()


@pytest.mark.parametrize("url", ["/api/v1/suggest?q=san", "/api/v1/search?q=%E4%B8%89%E5%8C%97&limit=2",
                                 "/api/v1/suggest?q=Three&limit=3"])
def test_replayed_answer_is_identical_and_skips_flask(counted, url):
    client = counted.test_client()
    first = answer(client.get(url))
    assert counted.handled == 1
    second = answer(client.get(url))
    assert counted.handled == 1  # answered from memory
    assert second == first


def test_other_host_or_query_is_a_miss(counted):
    client = counted.test_client()
    client.get("/api/v1/suggest?q=san")
    other = client.get("/api/v1/suggest?q=san", headers={"Host": "glossary.intranet"})
    assert counted.handled == 2
    assert other.get_json()["suggestions"][0]["url"].startswith("http://glossary.intranet/")
    client.get("/api/v1/suggest?q=san&limit=2")
    assert counted.handled == 3


def test_cross_origin_requests_always_go_through_flask(counted):
    client = counted.test_client()
    client.get("/api/v1/suggest?q=san")
    client.get("/api/v1/suggest?q=san", headers={"Origin": "https://intranet.example"})
    client.get("/api/v1/suggest?q=san", headers={"Origin": "https://intranet.example"})
    assert counted.handled == 3


def test_errors_and_other_methods_are_never_replayed(counted):
    client = counted.test_client()
    for _ in range(2):
        assert client.get("/api/v1/suggest?q=").status_code == 400
    assert counted.handled == 2
    client.get("/api/v1/suggest?q=san")
    client.head("/api/v1/suggest?q=san")
    assert counted.handled == 4
    for _ in range(2):
        client.get("/api/v1/terms/three-north-program")
    assert counted.handled == 6


def test_a_new_build_is_a_miss(index_dir, tmp_path):
    folder = tmp_path / "index"
    shutil.copytree(index_dir, folder, ignore=shutil.ignore_patterns(".lock"))
    app = create_app({"INDEX_DIR": folder, "INDEX_CHECK_SECONDS": 1})
    app.handled = 0

    @app.before_request
    def count():
        app.handled += 1

    client = app.test_client()
    client.get("/api/v1/suggest?q=san")
    client.get("/api/v1/suggest?q=san")
    assert app.handled == 1
    shutil.copytree(folder / current_build(folder).name, folder / "build-next")
    (folder / CURRENT).write_text("build-next")
    time.sleep(1.1)
    client.get("/api/v1/suggest?q=san")
    assert app.handled == 2


def test_the_store_is_bounded_by_bytes_and_by_count():
    from web.replay import ReplayMiddleware

    class Holder:
        path = "build-a"

        def get(self):
            return self

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/json")])
        return [b"x" * int(environ["QUERY_STRING"].split("=")[1])]

    replay = ReplayMiddleware(app, Holder(), size=3, max_bytes=1000)

    def get(query):
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/api/v1/search", "QUERY_STRING": query}
        return b"".join(replay(environ, lambda status, headers, exc_info=None: None))

    for n in range(5):
        get(f"q={n}00")  # 0, 100, 200, 300, 400 bytes
    assert replay.bytes == sum(len(a[3]) for a in replay.answers.values()) <= 1000
    assert len(replay.answers) <= 3 and replay.bytes == 200 + 300 + 400
    get("q=2000")  # over the whole budget: answered, never stored
    assert replay.bytes == 900 and len(replay.answers) == 3
    Holder.path = "build-b"
    get("q=50")  # the first answer of a new build empties the store
    assert [len(a[3]) for a in replay.answers.values()] == [50] and replay.bytes == 50
