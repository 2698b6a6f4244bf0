"""The per-worker index: opened lazily, and switched when CURRENT points at a new build."""

from __future__ import annotations

import shutil
import time

from index.layout import CURRENT, current_build
from web import create_app


def test_index_is_opened_on_first_request_only(index_dir):
    app = create_app({"INDEX_DIR": index_dir})
    holder = app.extensions["glossary"]
    assert holder._index is None
    app.test_client().get("/api/v1/health")
    first = holder._index
    assert first is not None
    app.test_client().get("/api/v1/reports")
    assert holder._index is first


def test_worker_follows_a_new_build(index_dir, tmp_path):
    folder = tmp_path / "index"
    shutil.copytree(index_dir, folder, ignore=shutil.ignore_patterns(".lock"))
    app = create_app({"INDEX_DIR": folder, "INDEX_CHECK_SECONDS": 1})
    client = app.test_client()
    old = current_build(folder).name
    assert client.get("/api/v1/health").get_json()["build"] == old
    # What `glossary build` does: a complete new folder, then CURRENT replaced atomically.
    shutil.copytree(folder / old, folder / "build-next")
    (folder / f"{CURRENT}.tmp").write_text("build-next")
    (folder / f"{CURRENT}.tmp").replace(folder / CURRENT)
    assert client.get("/api/v1/health").get_json()["build"] == old  # checked at most every second
    time.sleep(1.1)
    assert client.get("/api/v1/health").get_json()["build"] == "build-next"
    assert client.get("/api/v1/search?q=三北").status_code == 200


def test_check_can_be_turned_off(index_dir, tmp_path):
    folder = tmp_path / "index"
    shutil.copytree(index_dir, folder, ignore=shutil.ignore_patterns(".lock"))
    app = create_app({"INDEX_DIR": folder, "INDEX_CHECK_SECONDS": 0})
    client = app.test_client()
    old = current_build(folder).name
    client.get("/api/v1/health")
    shutil.copytree(folder / old, folder / "build-next")
    (folder / CURRENT).write_text("build-next")
    assert client.get("/api/v1/health").get_json()["build"] == old


def _open_files() -> int:
    import os

    return len(os.listdir("/proc/self/fd"))


def test_switching_builds_closes_the_old_index_and_leaks_nothing(index_dir, tmp_path, monkeypatch, request):
    """Five swaps: each replaced index is freed (weakref) and the open-file count stays flat."""
    import gc
    import weakref

    folder = tmp_path / "index"
    shutil.copytree(index_dir, folder, ignore=shutil.ignore_patterns(".lock"))
    app = create_app({"INDEX_DIR": folder, "INDEX_CHECK_SECONDS": 1})
    holder = app.extensions["glossary"]
    client = app.test_client()
    clock = [1000.0]
    monkeypatch.setattr("web.index.time.monotonic", lambda: clock[0])
    freezes = []
    freeze = gc.freeze
    monkeypatch.setattr("web.index.gc.freeze", lambda: (freezes.append(1), freeze()))
    request.addfinalizer(gc.unfreeze)  # the worker's freeze is real here; give the test process its objects back

    def traffic():
        for url in ("/api/v1/search?q=三北", "/api/v1/suggest?q=san", "/search?q=天骏", "/terms/three-north-program"):
            assert client.get(url).status_code == 200

    traffic()
    old = [weakref.ref(holder._index), weakref.ref(holder._index.index), weakref.ref(holder._index.glossary)]
    files = _open_files()
    source = current_build(folder)
    for swap in range(5):
        shutil.copytree(source, folder / f"build-{swap}")
        (folder / f"{CURRENT}.tmp").write_text(f"build-{swap}")
        (folder / f"{CURRENT}.tmp").replace(folder / CURRENT)
        clock[0] += 2
        traffic()
        assert holder._index.path.name == f"build-{swap}"
        old += [weakref.ref(holder._index), weakref.ref(holder._index.index)]
    gc.collect()  # frozen objects are out of its reach: only reference counting can have freed them
    alive = [ref() for ref in old[:-2] if ref() is not None]
    assert alive == [], f"{len(alive)} replaced index objects are still alive"
    assert _open_files() <= files
    assert len(freezes) == 1  # gc.freeze() once per worker, not on every open


def test_a_request_keeps_its_index_open_across_a_switch(index_dir, tmp_path, monkeypatch):
    """The index a request leased is closed only when that request ends."""
    from flask import g

    from web.index import get_index

    folder = tmp_path / "index"
    shutil.copytree(index_dir, folder, ignore=shutil.ignore_patterns(".lock"))
    app = create_app({"INDEX_DIR": folder, "INDEX_CHECK_SECONDS": 1})
    holder = app.extensions["glossary"]
    clock = [1000.0]
    monkeypatch.setattr("web.index.time.monotonic", lambda: clock[0])
    closed = []
    with app.test_request_context("/"):
        leased = get_index()
        monkeypatch.setattr(leased, "close", lambda: closed.append(leased))
        shutil.copytree(current_build(folder), folder / "build-next")
        (folder / CURRENT).write_text("build-next")
        clock[0] += 2
        with app.app_context():  # another request, with its own g
            assert get_index() is not leased  # gets the new build
        assert closed == [] and g.index is leased
        assert leased.search("三北").terms  # still usable mid-request
    assert closed == [leased]
    holder.close()


def test_an_idle_worker_lets_go_of_a_replaced_build(index_dir, tmp_path):
    """With the watcher `glossary serve` starts, a worker switches and closes the old build without a request."""
    import weakref

    folder = tmp_path / "index"
    shutil.copytree(index_dir, folder, ignore=shutil.ignore_patterns(".lock"))
    app = create_app({"INDEX_DIR": folder, "INDEX_CHECK_SECONDS": 1})
    holder = app.extensions["glossary"]
    first = weakref.ref(holder.get())
    assert holder.watch() is not None
    shutil.copytree(current_build(folder), folder / "build-next")
    (folder / CURRENT).write_text("build-next")
    deadline = time.monotonic() + 10
    while holder._index.path.name != "build-next" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert holder._index.path.name == "build-next"
    assert first() is None  # closed and freed
    holder.close()
