"""Shared fixtures: the parsed seed corpus, the test data folders, and an index built once per session.

Tests take what they need from here as fixtures; none imports this module.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from glossary.build import build_glossary
from glossary.corpus import load_corpus
from index.build import build_index
from index.reader import SearchIndex
from web import create_app

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_DATA = FIXTURES / "data"
FIXTURE_SEEDS = FIXTURES / "seeds"


@pytest.fixture(scope="session")
def fixture_data() -> Path:
    """The small test glossary (tests/fixtures/data), independent of the evolving content."""
    return FIXTURE_DATA


@pytest.fixture(scope="session")
def fixture_seeds() -> Path:
    """A seeds folder with a second, small report (tests/fixtures/seeds)."""
    return FIXTURE_SEEDS


@pytest.fixture(scope="session")
def shared_dir() -> Path | None:
    """The project's shared/ folder: beside the repository (as CI lays it out), or one level further up."""
    repo = Path(__file__).resolve().parents[1]
    for base in (repo.parent, repo.parent.parent):
        if (base / "shared").is_dir():
            return base / "shared"
    return None


@pytest.fixture(scope="session")
def corpus():
    """The shipped seeds, parsed."""
    return load_corpus()


@pytest.fixture(scope="session")
def paragraphs(corpus):
    """The paragraphs of the first report, nmg-2024 (the one the parser's detailed tests describe)."""
    (report,) = [r for r in corpus.reports if r.id == "nmg-2024"]
    return list(report.paragraphs)


@pytest.fixture(scope="session")
def sample_glossary():
    """The seed report cross-referenced with the small test glossary."""
    return build_glossary(data_dir=FIXTURE_DATA)


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory):
    """An index of the seed report and the test glossary, built once."""
    path = tmp_path_factory.mktemp("index")
    build_index(path, data_dir=FIXTURE_DATA)
    return path


@pytest.fixture(scope="session")
def searcher(index_dir):
    index = SearchIndex.open(index_dir)
    yield index
    index.close()


# The web app, after Flask's tutorial: built on the session's index (the small test glossary),
# so these tests do not depend on the evolving content.

@pytest.fixture(scope="session")
def app(index_dir):
    return create_app({"INDEX_DIR": index_dir, "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def glossary(app):
    from web.index import EXTENSION

    return app.extensions[EXTENSION].get().glossary


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def live_server(app):
    """The test app on a free port of 127.0.0.1, served by werkzeug in a thread (browser tests)."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (which never downloads a browser here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield chromium
        chromium.close()


# `glossary serve` in a subprocess (tests/web/test_web_serve.py, tests/security, tests/faults).

GLOSSARY = Path(sys.executable).with_name("glossary")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class Server:
    """``glossary serve`` in a subprocess, stopped with SIGTERM."""

    def __init__(self, tmp_path: Path, *args: str, env: dict | None = None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / f"serve-{self.port}.log"
        with self.log.open("w") as log:  # the child keeps its own descriptor
            self.process = subprocess.Popen(
                [str(GLOSSARY), "serve", "--port", str(self.port), "--workers", "1", *args],
                stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})

    def wait_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"serve exited with {self.process.returncode}:\n{self.log.read_text()}")
            try:
                if fetch(self.base + "/api/v1/health")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"serve did not answer within {seconds} s:\n{self.log.read_text()}")

    def fetch(self, path: str) -> tuple[int, dict, bytes]:
        """GET ``path``: status, headers and body (an HTTP error is an answer too)."""
        return fetch(self.base + path)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()


@pytest.fixture
def serve(tmp_path):
    """Start ``glossary serve`` with the given arguments and wait until it answers; stopped after the test."""
    servers: list[Server] = []

    def start(*args: str, env: dict | None = None) -> Server:
        server = Server(tmp_path, *args, env=env)
        servers.append(server)
        server.wait_ready()
        return server

    yield start
    for server in servers:
        if server.process.poll() is None:
            server.stop()



BROWSER_PACKAGES = "chromium fonts-wqy-microhei"


@pytest.hookimpl(hookwrapper=True, tryfirst=True)  # outermost: after pytest's own summary, above the counts
def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say plainly when browser tests did not run, and what to install so they do."""
    yield
    skipped = [report for report in terminalreporter.stats.get("skipped", [])
               if "browser" in getattr(report, "keywords", {})]
    if skipped:
        terminalreporter.write_line(
            f"{len(skipped)} browser tests were skipped: they drive Debian's Chromium. Install it with "
            f"`apt-get install {BROWSER_PACKAGES}` (as .ci/run does) to run them.", yellow=True, bold=True)
