"""Downloads: GET /api/v1/export in every format, with its file name, and the Downloads page."""

from __future__ import annotations

import csv
import io

import pytest

from glossary.export import ExportFormat, filename


@pytest.mark.parametrize("fmt", list(ExportFormat), ids=lambda f: f.value)
def test_export_sends_each_format_as_an_attachment(client, glossary, fmt):
    response = client.get(f"/api/v1/export?format={fmt.value}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="{filename(fmt)}"'
    assert response.mimetype == fmt.info.mimetype.split(";")[0]
    body = response.get_data()
    if fmt is ExportFormat.CSV:
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert len(rows) == 1 + len(glossary.terms) and body.startswith(b"\xef\xbb\xbf")
    elif fmt is ExportFormat.XLSX:
        assert body.startswith(b"PK")
    elif fmt in (ExportFormat.TBX, ExportFormat.TBX_V3):
        assert body.count(b"<termEntry" if fmt is ExportFormat.TBX else b"<conceptEntry") == len(glossary.terms)
    elif fmt is ExportFormat.OMEGAT:
        assert filename(fmt).endswith(".utf8") and "三北\tThree-North" in body.decode("utf-8")


def test_export_filters_and_names_the_file_after_them(client):
    response = client.get("/api/v1/export?format=omegat&category=ecology&status=proposed")
    assert 'filename="policy-glossary-ecology-proposed-omegat.utf8"' in response.headers["Content-Disposition"]
    sources = {line.split("\t")[0] for line in response.get_data(as_text=True).splitlines()}
    assert "三北" in sources and "蒙科聚" not in sources


@pytest.mark.parametrize("query, message", [
    ("", "format is required (one of json, csv, xlsx, tbx, tbx-v3, omegat)"),
    ("format=docx", "format must be one of json, csv, xlsx, tbx, tbx-v3, omegat; got 'docx'"),
    ("format=tbx&category=sports", "category must be one of"),
    ("format=tbx&status=deprecated", "status must be one of official, recommended, proposed; got 'deprecated'"),
])
def test_bad_export_parameters_are_400_naming_them(client, query, message):
    response = client.get(f"/api/v1/export?{query}")
    assert response.status_code == 400
    assert message in response.get_json()["error"]


def test_downloads_page_links_every_format_and_keeps_the_filters(client):
    page = client.get("/downloads?category=ecology&lang=en").get_data(as_text=True)
    for fmt in ExportFormat:
        assert f'href="/api/v1/export?format={fmt.value}&amp;category=ecology"' in page
        assert f'download="{filename(fmt, "ecology")}"' in page
    assert client.get("/downloads?status=nope").status_code == 400


@pytest.mark.parametrize("url", ["/", "/terms", "/terms/three-north-program", "/search?q=三北", "/downloads",
                                 "/recognize", "/nope"])
def test_every_page_links_the_downloads_from_its_footer(client, url):
    page = client.get(url).get_data(as_text=True)
    footer = page[page.index('<footer'):]
    assert 'href="/downloads"' in footer


def test_the_openapi_document_describes_every_export_media_type(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/export"]["get"]
    documented = set(operation["responses"]["200"]["content"])
    for fmt in ExportFormat:
        assert client.get(f"/api/v1/export?format={fmt.value}").mimetype in documented
    (format_param,) = [p for p in operation["parameters"] if p["name"] == "format"]
    assert format_param["schema"]["enum"] == [f.value for f in ExportFormat] and format_param["required"]
