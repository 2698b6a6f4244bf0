"""Fixtures for the web tests, after Flask's tutorial: ``app``, ``client``, ``runner``.

The index is built once per session from the small test glossary in
tests/fixtures/data, so these tests do not depend on the evolving content.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from index.build import build_index
from web import create_app

FIXTURE_DATA = Path(__file__).resolve().parents[1] / "fixtures" / "data"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("index")
    build_index(path, data_dir=FIXTURE_DATA)
    return path


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
