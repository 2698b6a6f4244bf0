"""POST /api/v1/check and the /check page: JSON or uploads, limits, clear errors, highlights and the CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from web import create_app

FILES = Path(__file__).resolve().parents[1] / "fixtures" / "check"


def post_ok(client, **kwargs) -> dict:
    response = client.post("/api/v1/check", **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)
    data = response.get_json()
    assert data["ok"] is True
    return data


def test_json_segments_come_back_in_order_with_their_issues(client):
    data = post_ok(client, json={"segments": [
        {"source": "实施“天骏计划”。", "target": "We carried out the Tianjun Program."},
        {"source": "建设蒙科聚。", "target": "We built the platform.", "id": "b"},
        {"source": "没有术语。", "target": "Nothing here about the Six Projects."}]})
    assert [(s["n"], s["id"]) for s in data["segments"]] == [(1, "1"), (2, "b"), (3, "3")]
    assert [[(i["kind"], i["term"]) for i in s["issues"]] for s in data["segments"]] == [
        [], [("missing", "mengkeju")], [("unexpected", "six-projects")]]
    assert data["summary"]["errors"] == 2 and data["summary"]["segments_with_issues"] == 2


@pytest.mark.parametrize("name", ["sample.xlf", "sample-v2.xliff", "sample.tmx", "sample.po", "sample.csv"])
def test_each_bilingual_file_can_be_uploaded(client, name):
    data = post_ok(client, data={"file": ((FILES / name).open("rb"), name)}, content_type="multipart/form-data")
    assert data["summary"]["segments"] == len(data["segments"]) >= 2


def test_aligned_texts_can_be_sent_as_form_fields(client):
    data = post_ok(client, data={"source": "三北\n\n天骏计划\n", "target": "Three-North Program\n\nTianjun Program\n"})
    assert [s["n"] for s in data["segments"]] == [1, 3]
    assert [[i["kind"] for i in s["issues"]] for s in data["segments"]] == [["missing"], []]


@pytest.mark.parametrize("kwargs, status, message", [
    ({"data": {"file": ((FILES / "broken.xlf").open("rb"), "broken.xlf")}}, 400,
     "broken.xlf: not well-formed XML at line 7"),
    ({"data": {"file": ((FILES / "entities.tmx").open("rb"), "entities.tmx")}}, 400,
     "DTDs and entity declarations are not accepted"),
    ({"data": {"file": ((FILES / "broken.po").open("rb"), "broken.po")}}, 400, "on line 5"),
    ({"data": {"file": (io.BytesIO(b"x"), "a.docx")}}, 400, "must be XLIFF"),
    ({"data": {"source": "一\n二", "target": "one"}}, 400, "the source has 2 lines and the translation 1"),
    ({"json": {"segments": [{"source": 1}]}}, 400, 'segments[0] must be an object with "source" and "target"'),
    ({"data": b"{", "content_type": "application/json"}, 400, "the body is not valid JSON"),
    ({"data": "x", "content_type": "text/plain"}, 415, "send application/json"),
])
def test_bad_requests_get_a_clear_error_never_a_500(client, kwargs, status, message):
    response = client.post("/api/v1/check", **kwargs)
    assert response.status_code == status
    assert message in response.get_json()["error"]


def test_a_body_over_the_limit_is_413_naming_the_setting(index_dir):
    app = create_app({"INDEX_DIR": index_dir, "TESTING": True, "CHECK_MAX_BYTES": 1000})
    client = app.test_client()
    for kwargs in ({"json": {"segments": [{"source": "三" * 400, "target": "x"}]}},
                   {"data": {"file": (io.BytesIO(b"a,b\n" * 400), "big.csv")}}):
        response = client.post("/api/v1/check", **kwargs)
        assert response.status_code == 413
        assert "the limit is 1000 bytes (the GLOSSARY_CHECK_MAX_BYTES setting)" in response.get_json()["error"]
    page = client.post("/check", data={"source": "三" * 400, "target": "x"})
    assert page.status_code == 413 and "GLOSSARY_CHECK_MAX_BYTES" in page.get_data(as_text=True)


def test_check_page_marks_terms_in_both_languages_and_filters_by_kind(client):
    page = client.post("/check?lang=en", data={"source": "三北工程\n实施“天骏计划”。\n",
                                               "target": "the Three-North Shelterbelt Forest Program\nWe ran it.\n",
                                               "kind": "missing"}).get_data(as_text=True)
    assert "<mark>三北工程</mark>" in page and "the <mark>Three-North Shelterbelt Forest Program</mark>" in page
    assert '<tr data-kinds="none" hidden>' in page and '<tr data-kinds="missing">' in page
    assert "expected: <span lang=\"en\">Tianjun Program</span>" in page


def test_check_page_uploads_a_file_and_offers_the_issues_as_csv(client):
    page = client.post("/check?lang=en", data={"file": ((FILES / "sample.po").open("rb"), "sample.po")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "deprecated rendering" in page and "Tianjun Plan" in page
    issues = page.split('name="issues" value="')[1].split('"')[0].replace("&#34;", '"')
    response = client.post("/check/issues.csv", data={"issues": issues})
    assert response.headers["Content-Disposition"] == 'attachment; filename="terminology-check.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0][:4] == ["segment", "id", "kind", "term"]
    assert [r[2:4] for r in rows[1:]] == [["missing", "tianjun-program"]]
    assert client.post("/check/issues.csv", data={"issues": "[1]"}).status_code == 400


def test_empty_check_page_shows_the_form_in_both_languages(client):
    assert "检查译文" in client.get("/check?lang=zh").get_data(as_text=True)
    assert "Check a translation" in client.get("/check?lang=en").get_data(as_text=True)


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
XMLISH = st.sampled_from([b"<?xml version='1.0'?>", b"<xliff version='1.2'>", b"<xliff version='2.0'>", b"<tmx>",
                          b"<file>", b"<body>", b"<trans-unit id='1'>", b"<source>", b"<target>", b"</source>",
                          b"<tu>", b"<tuv xml:lang='zh'>", b"<seg>", "三北".encode(), b"msgid \"", b"msgstr \"",
                          b"\"", b",", b"\n", b"&amp;", b"<!DOCTYPE x>"])


@FUZZ
@given(parts=st.lists(st.one_of(XMLISH, st.binary(max_size=20)), max_size=30),
       suffix=st.sampled_from([".xlf", ".xliff", ".tmx", ".po", ".csv"]))
def test_any_uploaded_bytes_get_an_answer_or_a_400_never_a_500(client, parts, suffix):
    data = b"".join(parts)
    response = client.post("/api/v1/check", data={"file": (io.BytesIO(data), "upload" + suffix)},
                           content_type="multipart/form-data")
    assert response.status_code in (200, 400), (data, suffix, response.get_json())
    if response.status_code == 400:
        assert response.get_json()["error"].startswith("upload" + suffix)
