"""Faults outside the index: a malformed glossary data file, and a gunicorn worker killed while serving.

A build from a broken data file refuses with the file, the entry and the
reason, and changes nothing a running service reads: it goes on serving the
last good build. A worker killed with SIGKILL is replaced by gunicorn's
master, and the service answers again within seconds.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from index.layout import current_build
from web import create_app

GLOSSARY = Path(sys.executable).with_name("glossary")
DATA = Path(__file__).resolve().parents[2] / "glossary" / "data"
pytestmark = pytest.mark.slow

ENTRY = '''
[[term]]
id = "{id}"
zh = "测试词条"
pinyin = "cèshì cítiáo"
category = "{category}"

[[term.en]]
text = "test entry"
status = "{status}"
source = "test"

[term.definition.zh]
text = "测试。"
source = "test"

[term.definition.en]
text = "A test."
source = "test"
'''

BREAKAGES = {
    "not TOML": ('[[term]\nid = "x"\n', ("not valid TOML",)),
    "unknown status": (ENTRY.format(id="broken-status-entry", category="ecology", status="approved-ish"),
                       ("broken-status-entry", "approved-ish")),
    "unknown category": (ENTRY.format(id="broken-category-entry", category="no-such", status="proposed"),
                         ("broken-category-entry", "no-such")),
    "duplicate id": (ENTRY.format(id="three-north-program", category="ecology", status="proposed"),
                     ("three-north-program",)),
}


@pytest.fixture
def data_copy(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


@pytest.fixture
def index_copy(index_dir, tmp_path):
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy, ignore=shutil.ignore_patterns(".lock"))
    return copy


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_a_malformed_data_file_is_refused_and_the_service_keeps_its_build(data_copy, index_copy, breakage):
    text, words = BREAKAGES[breakage]
    broken = data_copy / "terms" / "ecology.toml"
    broken.write_text(broken.read_text(encoding="utf-8") + text, encoding="utf-8")
    app = create_app({"INDEX_DIR": index_copy, "TESTING": True, "INDEX_CHECK_SECONDS": 1})
    client = app.test_client()
    served = client.get("/api/v1/health").get_json()["build"]
    live = current_build(index_copy)

    result = subprocess.run([str(GLOSSARY), "build", "--index-dir", str(index_copy), "--data-dir", str(data_copy)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    message = result.stderr + result.stdout
    assert "ecology.toml" in message and all(word in message for word in words), message
    assert "Traceback" not in message
    assert current_build(index_copy) == live
    time.sleep(1.1)
    assert client.get("/api/v1/health").get_json()["build"] == served
    assert client.get("/api/v1/search?q=%E4%B8%89%E5%8C%97").status_code == 200


def worker_pids(master: int) -> set[int]:
    """gunicorn's workers: the master's children."""
    children = Path(f"/proc/{master}/task/{master}/children")
    return {int(pid) for pid in children.read_text().split()}


def test_a_killed_worker_is_replaced_and_the_service_answers(serve, index_dir):
    server = serve("--no-build", "--index-dir", str(index_dir), "--workers", "2")
    deadline = time.monotonic() + 30
    while len(worker_pids(server.process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    before = worker_pids(server.process.pid)
    assert len(before) == 2
    failures: list[int] = []
    done = threading.Event()

    def load() -> None:  # light load while the worker dies: only requests it had in flight may fail
        while not done.is_set():
            try:
                status = server.fetch("/api/v1/search?q=%E4%B8%89%E5%8C%97")[0]
            except OSError:
                status = -1
            if status != 200:
                failures.append(status)

    clients = [threading.Thread(target=load) for _ in range(2)]
    for thread in clients:
        thread.start()
    time.sleep(1)
    victim = min(before)
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = worker_pids(server.process.pid)
        if len(now) == 2 and victim not in now:
            break
        time.sleep(0.1)
    time.sleep(1)
    done.set()
    for thread in clients:
        thread.join(timeout=20)
    after = worker_pids(server.process.pid)
    assert victim not in after and len(after) == 2  # replaced
    assert len(failures) <= 2, failures  # at most the requests in flight on the killed worker
    status, _, body = server.fetch("/api/v1/health")
    assert status == 200 and json.loads(body)["ok"]
