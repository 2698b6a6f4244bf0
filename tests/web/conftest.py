"""Fixtures for the web tests, after Flask's tutorial: ``app``, ``client``, ``runner``.

The index is the session's one (``index_dir`` in tests/conftest.py), built
once from the small test glossary in tests/fixtures/data, so these tests do
not depend on the evolving content.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from web import create_app


@pytest.fixture(scope="session")
def app(index_dir):
    return create_app({"INDEX_DIR": index_dir, "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner():
    return CliRunner()


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
