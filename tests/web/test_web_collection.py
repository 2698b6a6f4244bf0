"""The provinces' 2026 collection on the web: where else a term is used, compare, search across many reports."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from index.build import build_index
from tests.web.test_web_pages import Page, html
from web import create_app
from web.index import get_index

TERM = "low-altitude-economy"  # 低空经济: in most provinces' 2026 reports, not in all


@pytest.fixture(scope="module")
def shipped_app(tmp_path_factory):
    """The shipped glossary (the test glossary has few of the terms the provinces use)."""
    path = tmp_path_factory.mktemp("shipped-index")
    build_index(path)
    return create_app({"INDEX_DIR": path, "TESTING": True})


@pytest.fixture(scope="module")
def client(shipped_app):
    return shipped_app.test_client()


@pytest.fixture(scope="module")
def glossary(shipped_app):
    with shipped_app.app_context():
        return get_index().glossary


def test_the_api_term_says_where_else_it_is_used_with_links(client, glossary):
    term = client.get(f"/api/v1/terms/{TERM}").get_json()["term"]
    (year,) = term["where_else"]
    usage = {u["report"]: u for u in glossary.usage_by_report(TERM)}
    assert 0 < year["used_in"] < year["reports"] == 31
    for region in year["regions"]:
        assert region["occurrences"] == usage[region["report"]]["occurrences"]
        assert region["url"] == f"http://localhost/reports/{region['report']}?term={TERM}"
        assert client.get(region["url"]).status_code == 200
    assert set(year["not_used_in"]).isdisjoint(usage)


def test_the_term_page_charts_the_provinces_that_use_it_each_linking_to_its_paragraphs(client, glossary):
    text = html(client, f"/terms/{TERM}?lang=en")
    (year,) = glossary.term_detail(glossary.term(TERM))["where_else"]
    assert f"Used in {year['used_in']} of the 31 regions’ 2026 reports." in text
    chart = text[text.index('<ol class="bar-chart">'):]
    chart = chart[:chart.index("</ol>")]
    links = re.findall(r'<a href="/reports/([a-z-0-9]+)\?term=' + TERM + '">', chart)
    assert links == [r["report"] for r in year["regions"]]  # most uses first
    widths = [int(w) for w in re.findall(r'<rect width="(\d+)"', chart)]
    assert widths[0] == 100 and widths == sorted(widths, reverse=True)
    assert "Not used in:" in text
    for report_id in year["not_used_in"]:
        assert glossary.report_by_id[report_id].region_en.split()[0] in text.split("Not used in:")[1]
    assert f'href="/terms/{TERM}/compare?year=2026"' in text
    chinese = html(client, f"/terms/{TERM}?lang=zh")
    assert "2026年还有哪些地区使用" in chinese and "广东" in chinese


def test_a_term_used_everywhere_keeps_its_page_short_and_links_every_report(client, glossary):
    term_id = "high-quality-development"  # in well over a thousand paragraphs
    text = html(client, f"/terms/{term_id}?lang=en")
    assert len(text) < 400_000
    for usage in glossary.usage_by_report(term_id):
        assert f'href="/reports/{usage["report"]}?term={term_id}"' in text


def test_compare_puts_each_provinces_sentences_side_by_side(client, glossary):
    text = html(client, f"/terms/{TERM}/compare?lang=en")
    page = Page(text)
    (year,) = glossary.term_detail(glossary.term(TERM))["where_else"]
    columns = page.all("section", **{"class": "compare-column"})
    assert [c["aria-labelledby"] for c in columns] == [f"c-{r['report']}" for r in year["regions"]]
    assert text.count("<mark>") >= len(columns)  # every column marks the term in its sentences
    guangdong = text[text.index('id="c-guangdong-2026"'):]
    guangdong = guangdong[:guangdong.index("</section>")]
    assert guangdong.count("<li") == min(5, year["regions"][0]["occurrences"]) and "<mark>低空经济</mark>" in guangdong
    assert "How the regions word 低空经济 in 2026" in text
    assert "各地如何表述" in html(client, f"/terms/{TERM}/compare?lang=zh")
    assert "no reports from several regions in 2024" in html(client, f"/terms/{TERM}/compare?year=2024&lang=en", 400)
    html(client, "/terms/nope/compare", 404)


def test_the_concordance_can_be_limited_to_a_report_region_or_year(client, glossary):
    everything = client.get(f"/api/v1/concordance?q={TERM}").get_json()
    in_2026 = client.get(f"/api/v1/concordance?q={TERM}&year=2026").get_json()
    guangdong = client.get(f"/api/v1/concordance?q={TERM}&region=Guangdong Province").get_json()
    assert guangdong["total"] == sum(r["lines"] for r in guangdong["by_report"]) == 4
    assert {line["report"] for line in guangdong["lines"]} == {"guangdong-2026"}
    assert {b["report"] for b in in_2026["by_report"]} <= {r.id for r in glossary.reports if r.year == 2026}
    assert everything["total"] == sum(b["lines"] for b in everything["by_report"]) >= in_2026["total"]
    bad = client.get(f"/api/v1/concordance?q={TERM}&report=nope")
    assert bad.status_code == 400 and "no report nope" in bad.get_json()["error"]
    page = html(client, f"/concordance?q={TERM}&report=guangdong-2026&lang=en")
    assert page.count('<td class="match"') == 4 and '<option value="guangdong-2026" selected>' in page


def test_search_facets_go_by_year_then_region_with_counts(client, glossary):
    text = html(client, "/search?q=低空经济&lang=en")
    assert f'<a href="/search?q={quote("低空经济")}&amp;year=2026">2026</a>' in text
    assert 'aria-label="Guangdong 2026">Guangdong</a>' in text
    scoped = html(client, "/search?q=低空经济&year=2026&lang=en")
    assert '<span aria-current="true">2026</span>' in scoped


def test_a_search_hitting_many_reports_is_grouped_by_report_and_can_be_one_list(client, glossary):
    text = html(client, "/search?q=发展&lang=en")
    groups = Page(text).all("section", **{"class": "result-group"})
    assert len(groups) == len(glossary.reports)  # 发展 is in every report
    assert "Show one ranked list" in text and 'rel="next"' not in text
    assert f'<a href="/search?q={quote("发展")}&amp;report=national-2024">All ' in text
    flat = html(client, "/search?q=发展&group=none&lang=en")
    assert 'class="result-group"' not in flat and 'rel="next"' in flat and "Group by report" in flat
    few = html(client, "/search?q=银发经济&lang=en")  # a few dozen paragraphs: one ranked list
    assert 'class="result-group"' not in few
    assert 'class="result-group"' in html(client, "/search?q=银发经济&group=report&lang=en")
    assert "group" in html(client, "/search?q=发展&group=sideways&lang=en", 400)


def test_past_many_reports_only_the_newest_show_sentences_and_the_others_are_links(client, glossary,
                                                                                   monkeypatch):
    import web.pages

    monkeypatch.setattr(web.pages, "REPORTS_WITH_SENTENCES", 5)
    using = [r for r in glossary.reports_by_date if r.id in {u["report"] for u in glossary.usage_by_report(TERM)}]
    text = html(client, f"/terms/{TERM}?lang=en")
    older = text[text.index('class="older-reports"'):]
    older = older[:older.index("</p>")]
    assert f"{len(using) - 5} older reports use it too:" in older
    assert re.findall(r'href="/reports/([a-z0-9-]+)\?term=', older) == [r.id for r in using[:-5]]
    labels = re.findall(r'<a class="label" href="/reports/([a-z0-9-]+)\?', text)
    assert set(labels) == {r.id for r in using[-5:]}
