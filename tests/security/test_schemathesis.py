"""schemathesis against the live server, from our OpenAPI document: no 5xx, every response conforms.

The document is the one ``GET /api/v1/openapi.json`` serves (built by
:func:`web.openapi.openapi_document` with the default limits; a test checks
that the live server serves exactly it). It is loaded at import, not from a
fixture: schemathesis 4's lazy ``from_fixture`` sets a private pytest attribute
that pytest 9 no longer has. A bounded number of examples per operation keeps
it in the normal suite (CI runs it): the point is to catch a 500 or an answer
the strict document does not describe, not to search exhaustively.
``/openapi.json`` itself is left out (its own tests validate it).
"""

from __future__ import annotations

import json
import urllib.request

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from web.openapi import openapi_document
from web.settings import BY_NAME

pytestmark = pytest.mark.slow

DOCUMENT = openapi_document(BY_NAME["RECOGNIZE_MAX_CHARS"].default, BY_NAME["CHECK_MAX_BYTES"].default)
# Invalid input may also be refused as too large (413: a text or list over its limit, which the document
# states as maxLength and maxItems) or of the wrong type (415), besides 400 and 405.
CONFIG = SchemathesisConfig.from_dict({"checks": {"negative_data_rejection": {
    "expected-statuses": [400, 404, 405, 413, 415]}}})
schema = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG).exclude(path="/openapi.json")


def test_the_live_server_serves_the_document_tested_here(live_server):
    with urllib.request.urlopen(f"{live_server}/api/v1/openapi.json") as response:
        assert json.loads(response.read()) == json.loads(json.dumps(DOCUMENT))


# Operations whose valid-looking input the server may still refuse with a 400 that names the fault: the
# document cannot list what only the content decides (report ids and regions, which /search and
# /concordance filter by; a file's format by its name and contents). Every other check (no 5xx, status and
# body as documented, invalid input refused) still runs on them.
CONTENT_CHECKED = {("GET", "/search"), ("GET", "/concordance"), ("POST", "/check")}


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_document(case, live_server):
    excluded = [positive_data_acceptance] if (case.method, case.path) in CONTENT_CHECKED else []
    response = case.call_and_validate(base_url=f"{live_server}/api/v1", excluded_checks=excluded)
    assert response.status_code < 500, (case.method, case.path, response.text[:300])
