"""Batch lookup (page, downloads, API) and the concordance (page, API, link from the term page)."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook


def test_lookup_api_answers_one_item_per_term(client):
    data = client.post("/api/v1/lookup", json={"terms": ["三北", "不存在"]}).get_json()
    assert data["total"] == 2 and data["found"] == 1
    assert data["items"][0]["url"] == "http://localhost/terms/three-north-program"
    assert data["items"][1] == {"query": "不存在", "found": False}


def test_lookup_api_limits(client):
    response = client.post("/api/v1/lookup", json={"terms": ["三"] * 1001})
    assert response.status_code == 413 and "the limit is 1000" in response.get_json()["error"]
    response = client.post("/api/v1/lookup", data="三北", content_type="text/plain")
    assert response.status_code == 415


def test_lookup_page_shows_a_table_and_downloads_it(client):
    page = client.post("/lookup?lang=en", data={"terms": "三北\n不存在\n"}).get_data(as_text=True)
    assert '<tr class="not-found"><td lang="zh-Hans">不存在</td><td colspan="6">not in glossary</td></tr>' in page
    assert 'class="status status-proposed" title="Proposed:' in page
    response = client.post("/lookup/download", data={"terms": "三北\n不存在\n", "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0][:4] == ["query", "headword", "status", "preferred rendering"]
    assert [r[0] for r in rows[1:]] == ["三北", "不存在"] and rows[2][2] == "not in glossary"
    response = client.post("/lookup/download", data={"terms": "三北", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    assert sheet.freeze_panes == "A2" and sheet["D2"].value == "Three-North Shelterbelt Forest Program"


def test_lookup_page_takes_an_uploaded_list(client):
    page = client.post("/lookup?lang=en", data={"file": (io.BytesIO("\ufeff蒙科聚\r\n".encode()), "list.txt")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Mengkeju Science and Technology Innovation Platform" in page


def test_concordance_api_sorts_and_limits(client):
    data = client.get("/api/v1/concordance?q=攻坚战&sort=right&limit=3").get_json()
    assert data["term"] is None and data["total"] >= len(data["lines"]) == 3
    rights = [line["right"] for line in data["lines"]]
    assert rights == sorted(rights)
    assert data["lines"][0]["url"].startswith("http://localhost/reports/")
    assert client.get("/api/v1/concordance?q=%20").status_code == 400
    assert "sort must be one of text, left, right" in client.get("/api/v1/concordance?q=x&sort=up").get_json()["error"]


def test_concordance_page_and_the_link_from_each_term_page(client):
    term_page = client.get("/terms/three-north-program?lang=en").get_data(as_text=True)
    assert 'href="/concordance?q=three-north-program"' in term_page
    page = client.get("/concordance?q=three-north-program&sort=left&lang=en").get_data(as_text=True)
    assert page.count('<td class="match" lang="zh-Hans"><mark>') >= 3
    assert 'href="/reports/nmg-2024#p-nmg-2024.1.0.5"' in page
    assert client.get("/concordance?q=x&sort=up").status_code == 400


def test_status_badges_explain_themselves_everywhere(client):
    for url in ("/terms?lang=en", "/search?q=三北&lang=en", "/terms/three-north-program?lang=en"):
        page = client.get(url).get_data(as_text=True)
        assert 'class="status status-proposed" title="Proposed: the glossary editors' in page, url
        assert "What the statuses mean" in page and "Deprecated: found in use but wrong or outdated" in page, url
