"""Compressed responses (brotli, gzip) and immutable caching of versioned static files."""

from __future__ import annotations

import gzip
import re

import brotli
import pytest

DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}


@pytest.mark.parametrize("url", ["/reports/nmg-2024?lang=en", "/api/v1/search?q=发展&limit=20", "/terms?lang=zh"])
@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_pages_and_json_are_compressed_as_the_client_accepts(client, url, encoding):
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    packed = client.get(url, headers={"Accept-Encoding": encoding})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert DECODE[encoding](packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 2


def test_brotli_is_preferred_and_small_answers_stay_plain(client):
    assert client.get("/reports/nmg-2024", headers={"Accept-Encoding": "gzip, br"}).headers["Content-Encoding"] == "br"
    small = client.get("/api/v1/health", headers={"Accept-Encoding": "gzip, br"})
    assert len(small.data) < 1024 and "Content-Encoding" not in small.headers


def test_static_files_are_compressed_and_immutable_when_versioned(client):
    page = client.get("/").get_data(as_text=True)
    versioned = re.search(r'/static/app\.js\?v=\w+', page).group(0)
    with client.get(versioned, headers={"Accept-Encoding": "gzip"}) as response, \
            client.get(versioned, headers={"Accept-Encoding": "identity"}) as plain:
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(response.data) == plain.data
    with client.get("/static/app.js?v=0000000000") as stale:  # an old version's URL gets today's file
        assert "immutable" not in stale.headers["Cache-Control"]


def test_a_replayed_answer_is_never_sent_in_an_encoding_the_client_did_not_ask_for(app):
    client = app.test_client()
    url = "/api/v1/search?q=发展&limit=30"
    packed = client.get(url, headers={"Accept-Encoding": "gzip"})
    again = client.get(url, headers={"Accept-Encoding": "gzip"})
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert packed.headers["Content-Encoding"] == again.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers and plain.get_json()["ok"] is True
