"""Fixtures for the web tests: ``runner`` (the click runner).

``app``, ``client``, ``glossary``, ``live_server`` and ``browser`` live in
tests/conftest.py, shared with tests/security and tests/faults.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner


@pytest.fixture
def runner():
    return CliRunner()
