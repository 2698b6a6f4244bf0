"""Hostile strings are shown as text wherever they appear: pages, the widget, the API and the exports.

On the HTML: the payloads are parsed out of each page with html.parser, which
must find no element, attribute or URL they created, and their escaped text
where the page echoes them. In the browser (Playwright, Chromium): with the
site's Content-Security-Policy bypassed, so that escaping alone is what is
tested, no dialog opens and no payload sets its window flag. Downloads:
formula-like cells are neutralised (see glossary/export/tables.py).
"""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest

from glossary.export.tables import FORMULA_STARTS, is_formula_like

FLAG = "__xss"
PAYLOADS = (
    f"<script>window.{FLAG}=1;alert(1)</script>",
    f'"><img src=x onerror="window.{FLAG}=1;alert(2)">',
    f"'><svg onload=window.{FLAG}=1>",
    f"</textarea><script>window.{FLAG}=1</script>",
    f"</title><script>window.{FLAG}=1</script>",
    f"javascript:window.{FLAG}=1",
    f'三北工程"><a href="javascript:window.{FLAG}=1">x</a>',
    f"{{{{7*7}}}}<iframe srcdoc='<script>parent.{FLAG}=1</script>'>",
)
ALL = "\n".join(PAYLOADS)


class Scan(HTMLParser):
    """Every tag, attribute and script text of a page, to find markup a payload created."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag in ("img", "svg", "iframe") and any(FLAG in (v or "") for _, v in attrs):
            self.bad.append(f"<{tag}> from a payload")
        for name, value in attrs:
            if name.startswith("on") and FLAG in (value or ""):
                self.bad.append(f"{tag} {name}={value!r}")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                    "javascript:"):
                self.bad.append(f"{tag} {name}={value!r}")
            if name == "srcdoc":
                self.bad.append(f"{tag} srcdoc")
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and FLAG in data:
            self.bad.append(f"script: {data[:80]!r}")


def assert_inert(html: str, where: str, echoed: bool = True) -> None:
    scan = Scan()
    scan.feed(html)
    assert not scan.bad, (where, scan.bad)
    if echoed:  # the payload is on the page, as text
        assert "&lt;script&gt;" in html or "&lt;/textarea&gt;" in html or "&#34;&gt;&lt;" in html, where


def follow(client, response):
    while response.status_code in (302, 303):
        response = client.get(response.headers["Location"])
    return response


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_search_and_concordance_pages_escape_the_query(client, payload):
    for path in ("/search?q=", "/concordance?q=", "/embed?placeholder=", "/terms/", "/reports/"):
        response = follow(client, client.get(path + quote(payload[:100], safe="")))
        assert_inert(response.get_data(as_text=True), path, echoed=False)


def test_pages_that_echo_a_text_escape_it(client):
    pages = {
        "/recognize": client.post("/recognize", data={"text": "三北工程\n" + ALL}),
        "/check": client.post("/check", data={"source": "三北工程\n" + ALL, "target": ALL + "\nThree-North"}),
        "/lookup": client.post("/lookup", data={"terms": "三北工程\n" + ALL}),
        "/search": follow(client, client.get("/search?q=" + quote(PAYLOADS[0]))),
        "/concordance": client.get("/concordance?q=" + quote(PAYLOADS[3])),
    }
    for path, response in pages.items():
        assert response.status_code == 200, path
        assert_inert(response.get_data(as_text=True), path)


def test_an_uploaded_file_is_escaped_too(client):
    from xml.sax.saxutils import escape, quoteattr

    unit = "".join(f"<trans-unit id={quoteattr(f'u{n}{p}')}><source>三北工程{escape(p)}</source>"
                   f"<target>{escape(p)}</target></trans-unit>" for n, p in enumerate(PAYLOADS))
    xliff = ('<?xml version="1.0" encoding="UTF-8"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
             '<file original="x" source-language="zh-CN" target-language="en" datatype="plaintext"><body>'
             f"{unit}</body></file></xliff>").encode()
    page = client.post("/check", data={"file": (io.BytesIO(xliff), "x.xlf")}, content_type="multipart/form-data")
    assert page.status_code == 200
    assert_inert(page.get_data(as_text=True), "/check upload")
    terms = client.post("/lookup", data={"file": (io.BytesIO(ALL.encode()), "terms.txt")},
                        content_type="multipart/form-data")
    assert_inert(terms.get_data(as_text=True), "/lookup upload")


def test_api_html_fields_are_escaped_and_json_is_not_sniffed(client):
    response = client.get("/api/v1/search?q=" + quote("三北<script>"))
    body = response.get_json()
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/json"
    for item in body["paragraphs"]["items"]:
        assert "<script" not in item["html"]
        assert item["html"].replace("<mark>", "").replace("</mark>", "").count("<") == 0


# Downloads: formula injection.

def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


FORMULAS = ("=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR")


def test_lookup_downloads_neutralise_formulas(client):
    terms = "\n".join(["三北工程", *FORMULAS])
    rows = _csv(client.post("/lookup/download", data={"terms": terms, "format": "csv"}))
    queries = [row[0] for row in rows[1:]]
    # A list's lines are trimmed (so \t and \r start none of them); the others come back quoted.
    assert queries == ["三北工程", *(("'" + f) if is_formula_like(f) else f.strip() for f in FORMULAS[:4]),
                       "TAB", "CR"]
    book = openpyxl.load_workbook(io.BytesIO(client.post("/lookup/download", data={"terms": terms,
                                                                                   "format": "xlsx"}).get_data()))
    cells = [row[0] for row in book.active.iter_rows(min_row=2)]
    assert cells[0].value == "三北工程" and not cells[0].quotePrefix
    for cell in cells[1:]:
        assert cell.data_type == "s" and cell.quotePrefix is is_formula_like(cell.value), cell.value
    assert [cell.value for cell in cells[1:]] == [f.strip() for f in FORMULAS]


def test_the_checks_issue_list_neutralises_formulas(client):
    issues = [[1, "=cmd|' /C calc'!A0", "missing", "x", "三北", "+y", "-z", "@w", "=v"]]
    rows = _csv(client.post("/check/issues.csv", data={"issues": json.dumps(issues)}))
    assert rows[1] == ["1", "'=cmd|' /C calc'!A0", "missing", "x", "三北", "'+y", "'-z", "'@w", "'=v"]


def test_no_glossary_value_needs_neutralising(index_dir):
    """The rule changes no real data: no cell of the shipped glossary's table starts like a formula."""
    from glossary.build import build_glossary
    from glossary.export import ExportFormat, export

    glossary = build_glossary()
    rows = list(csv.reader(io.StringIO(export(glossary, ExportFormat.CSV).decode("utf-8-sig"))))
    assert len(rows) > 100
    assert not [cell for row in rows for cell in row if cell.startswith("'") or is_formula_like(cell)]
    assert FORMULA_STARTS == ("=", "+", "-", "@", "\t", "\r")


# In the browser.

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def page(browser):
    context = browser.new_context(bypass_csp=True)  # escaping alone must stop the payloads
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()


def assert_nothing_ran(page, where):
    page.wait_for_timeout(300)
    assert page.dialogs == [], where
    assert page.evaluate(f"window.{FLAG} === undefined"), where


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_no_payload_runs_in_the_browser(page, live_server):
    for path in ("/search?q=", "/concordance?q=", "/embed?placeholder="):
        page.goto(live_server + path + quote(PAYLOADS[1][:100]))
        assert_nothing_ran(page, path)
    for path, fields in (("/recognize", {"#recognize-text": "三北工程\n" + ALL}),
                         ("/check", {"#check-source": "三北工程\n" + ALL, "#check-target": ALL + "\nThree-North"}),
                         ("/lookup", {"#lookup-terms": "三北工程\n" + ALL})):
        page.goto(live_server + path)
        for selector, value in fields.items():
            page.fill(selector, value)
        with page.expect_navigation():
            page.locator(next(iter(fields))).evaluate("field => field.form.submit()")
        assert FLAG in page.content() and "三北" in page.content(), path  # the result page echoes them
        assert_nothing_ran(page, path)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_the_widget_shows_a_hostile_query_as_text(page, live_server):
    page.goto(live_server + "/embed?lang=en")
    field = page.locator("policy-glossary-search input")
    for payload in PAYLOADS[:3]:
        field.fill(payload)
        page.wait_for_timeout(600)  # the widget's debounce and its suggest request
        assert_nothing_ran(page, payload)
    assert FLAG in page.locator("policy-glossary-search").evaluate("el => el.shadowRoot.textContent")
