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
