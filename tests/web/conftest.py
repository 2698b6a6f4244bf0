"""Fixtures for the web tests, after Flask's tutorial: ``app``, ``client``, ``runner``.

The index is the session's one (``index_dir`` in tests/conftest.py), built
once from the small test glossary in tests/fixtures/data, so these tests do
not depend on the evolving content.
"""

from __future__ import annotations

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
