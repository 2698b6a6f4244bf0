"""The pages: every page in both interface languages, locale choice, escaping, links into the report."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from index.query import MAX_QUERY_CHARS
from web import create_app

TERM = "three-north-program"
PARAGRAPH = "nmg-2024.1.0.5"


class Page(HTMLParser):
    """Tags and attributes of a page, for structural checks."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.inline_script = False
        self._in_script = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_script = True

    def all(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if "id" in a}


def html(client, url: str, status: int = 200, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == status, (url, response.status_code)
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


PAGES = [
    # url, a Chinese interface string, the same string in English
    ("/", "按类别浏览", "Browse by category"),
    ("/search?q=三北", "报告原文", "In the report"),
    ("/search?q=xyzzy", "没有找到与“xyzzy”匹配的内容", "Nothing matches “xyzzy”"),
    ("/search", "请输入要搜索的词语", "Type a word or phrase"),
    (f"/terms/{TERM}", "英文译法", "English renderings"),
    ("/terms", "浏览术语", "Browse terms"),
    ("/terms?category=ecology", "生态环境", "Ecology and environment"),
    ("/terms?letter=S", "全部术语", "All terms"),
    ("/reports/nmg-2024", "目录", "Contents"),
    ("/terms/nope", "没有术语条目“nope”", "There is no glossary entry “nope”"),
    ("/no/such/page", "页面不存在", "There is no such page"),
]
PAGE_STATUS = {"/terms/nope": 404, "/no/such/page": 404}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("url, zh, en", PAGES)
def test_every_page_in_both_languages(client, url, zh, en, lang):
    sep = "&" if "?" in url else "?"
    text = html(client, f"{url}{sep}lang={lang}", PAGE_STATUS.get(url, 200))
    assert (zh if lang == "zh" else en) in text
    assert (en if lang == "zh" else zh) not in text
    assert f'<html lang="{"zh-Hans" if lang == "zh" else "en"}">' in text


@pytest.mark.parametrize("url, _zh, _en", PAGES)
def test_pages_need_no_inline_script_or_style(client, url, _zh, _en):
    page = Page(html(client, url, PAGE_STATUS.get(url, 200)))
    assert not page.inline_script
    assert not page.all("style")
    for tag, attrs in page.tags:
        assert "style" not in attrs, tag
        assert not [name for name in attrs if name.startswith("on")], tag
    for script in page.all("script"):
        assert script["src"].startswith("/static/")


@pytest.mark.parametrize("url, _zh, _en", PAGES)
def test_every_input_is_labelled(client, url, _zh, _en):
    page = Page(html(client, url, PAGE_STATUS.get(url, 200)))
    labels = {a.get("for") for a in page.all("label")}
    for field in page.all("input"):
        assert field["id"] in labels or "aria-label" in field


# -- choosing the interface language ---------------------------------------------

def test_locale_order_query_then_cookie_then_accept_language(app):
    client = app.test_client()
    assert '<html lang="zh-Hans">' in html(client, "/")  # DEFAULT_LOCALE
    assert '<html lang="en">' in html(client, "/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="zh-Hans">' in html(client, "/", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
    client.set_cookie("lang", "en")
    assert '<html lang="en">' in html(client, "/", headers={"Accept-Language": "zh-CN"})
    assert '<html lang="zh-Hans">' in html(client, "/?lang=zh")


def test_lang_parameter_remembers_the_choice(app):
    client = app.test_client()
    response = client.get("/?lang=en")
    assert "lang=en" in response.headers["Set-Cookie"]
    assert '<html lang="en">' in html(client, "/terms")


def test_language_switch_sets_the_cookie_and_returns(app):
    client = app.test_client()
    page = Page(html(client, f"/terms/{TERM}?lang=zh"))
    switch = [a["href"] for a in page.all("a") if a.get("data-lang") == "en"]
    assert switch == [f"/lang/en?next=/terms/{TERM}"]
    response = client.get(switch[0])
    assert response.status_code == 303 and response.headers["Location"] == f"/terms/{TERM}"
    assert "lang=en" in response.headers["Set-Cookie"]
    assert '<html lang="en">' in html(client, f"/terms/{TERM}")


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "/\t/evil.example"])
def test_language_switch_never_redirects_off_site(client, target):
    response = client.get("/lang/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_unknown_language_is_404(client):
    html(client, "/lang/fr", 404)


def test_entry_order_follows_the_interface_language(client):
    zh = html(client, f"/terms/{TERM}?lang=zh")
    en = html(client, f"/terms/{TERM}?lang=en")
    h1_zh = re.search(r"<h1 id=\"headword\">(.*?)</h1>", zh, re.S).group(1)
    h1_en = re.search(r"<h1 id=\"headword\">(.*?)</h1>", en, re.S).group(1)
    assert h1_zh.index("三北") < h1_zh.index("Three-North")
    assert h1_en.index("Three-North") < h1_en.index("三北")


def test_dates_are_formatted_for_the_locale(client):
    assert "2024年1月30日" in html(client, "/?lang=zh")
    assert "January 30, 2024" in html(client, "/?lang=en")


# -- search results --------------------------------------------------------------

def test_results_show_terms_then_highlighted_paragraphs_linking_into_the_report(client, glossary):
    text = html(client, "/search?q=三北&lang=zh")
    assert text.index(f'href="/terms/{TERM}"') < text.index("<mark>三北</mark>")
    total = sum(1 for p in glossary.paragraphs if "三北" in p.text)
    assert f"共有 {total} 段匹配" in text
    page = Page(text)
    links = [a["href"] for a in page.all("a", **{"class": "label"})]
    assert links and all(re.fullmatch(r"/reports/([\w-]+)#p-\1\.[\w.]+", href) for href in links)  # into its own report
    label = glossary.paragraph(links[0].split("#p-")[1]).label
    assert label in text


def test_results_are_paged(index_dir, glossary):
    client = create_app({"INDEX_DIR": index_dir, "PAGE_SIZE": 1}).test_client()
    total = sum(1 for p in glossary.paragraphs if "三北" in p.text)
    first = html(client, "/search?q=三北&lang=en")
    assert f"Page 1 of {total}" in first and 'rel="next"' in first and 'rel="prev"' not in first
    last = html(client, f"/search?q=三北&lang=en&page={total}")
    assert 'rel="prev"' in last and 'rel="next"' not in last
    html(client, f"/search?q=三北&lang=en&page={total + 1}", 404)


@pytest.mark.parametrize("url, status, message", [
    ("/search?q=三北&page=0&lang=en", 400, "whole number of 1 or more"),
    ("/search?q=三北&page=x&lang=en", 400, "whole number of 1 or more"),
    ("/search?q=三北&page=999999&lang=en", 400, "up to result 10000"),
    ("/search?q=%22%22&lang=en", 400, "nothing to search for"),
    ("/terms?category=nope&lang=en", 400, "category must be one of"),
])
def test_bad_search_input_is_a_clear_error_page(client, url, status, message):
    assert message in html(client, url, status)


@pytest.mark.parametrize("query, suggested", [("sanbeixyz", TERM), ("tianjunxx", "tianjun-program"),
                                              ("mengkejuqq", "mengkeju")])
def test_nothing_found_offers_suggestions(client, query, suggested):
    text = html(client, f"/search?q={query}&lang=en")
    assert "Nothing matches" in text and "Did you mean" in text
    assert f'href="/terms/{suggested}"' in text


@pytest.mark.parametrize("url, status", [
    ("/search?q=<script>alert(1)</script>", 200),
    ("/search?q=三北<img src=x onerror=alert(1)>", 200),
    ("/terms/<script>alert(1)</script>", 404),
    ("/reports/<script>alert(1)</script>", 404),
    ("/paragraphs/<script>alert(1)</script>", 404),
    ("/search?q=" + "<script>" * 30, 303),
    ("/recognize?text=" + "<script>alert(1)</script>三北", 200),
])
def test_the_query_is_always_escaped(client, url, status):
    text = html(client, url, status)
    assert "<script>alert" not in text and "<img src=x" not in text and "<script><script>" not in text
    if status == 200:
        assert "&lt;" in text


# -- term entry ------------------------------------------------------------------

def test_term_page_has_everything(client, glossary):
    term = glossary.term(TERM)
    text = html(client, f"/terms/{TERM}?lang=en")
    page = Page(text)
    assert term.zh in text and term.pinyin in text
    for rendering in term.renderings:
        assert rendering.text in text and rendering.source in text
        assert f"status-{rendering.status}" in text
    assert [b["data-copy"] for b in page.all("button", **{"class": "copy"})] == [r.text for r in term.accepted]
    assert term.definition_zh.text in text and term.definition_en.text in text
    for related in glossary.related(TERM):
        assert page.all("a", href=f"/terms/{related.id}")
    paragraphs = glossary.paragraphs_of(TERM)
    times = len(glossary.occurrences_by_term[TERM])
    assert f"Used {times} times in {len(paragraphs)} paragraphs." in text
    links = [a["href"] for a in page.all("a", **{"class": "label"})]
    in_date_order = {r.id: n for n, r in enumerate(glossary.reports_by_date)}
    paragraphs = sorted(paragraphs, key=lambda p: in_date_order[p.report_id])  # report by report, reading order
    assert links == [f"/reports/{p.report_id}?term={TERM}#p-{p.id}" for p in paragraphs]  # each paragraph once
    assert text.count("<mark>") == times


def test_term_members_link_to_their_entries(client, glossary):
    term = next(t for t in glossary.terms if t.members)
    page = Page(html(client, f"/terms/{term.id}"))
    for text, member in glossary.members(term):
        if member is not None:
            assert page.all("a", href=f"/terms/{member.id}"), text


def test_term_by_headword_or_alias_redirects_to_the_permanent_url(client):
    response = client.get("/terms/三北")
    assert response.status_code == 301 and response.headers["Location"] == f"/terms/{TERM}"


def test_browse_by_category_and_letter(client, glossary):
    page = Page(html(client, "/terms?category=ecology"))
    listed = {a["href"] for a in page.all("a", **{"class": "headword"})}
    assert listed == {f"/terms/{t.id}" for t in glossary.terms if t.category == "ecology"}
    page = Page(html(client, "/terms?letter=T"))
    listed = {a["href"].removeprefix("/terms/") for a in page.all("a", **{"class": "headword"})}
    assert listed and all(glossary.term(i).pinyin.upper().startswith("T") for i in listed)


def test_home_links_every_category_with_terms_and_letter(client, glossary):
    page = Page(html(client, "/"))
    hrefs = {a["href"] for a in page.all("a")}
    for category in {t.category for t in glossary.terms}:
        assert f"/terms?category={category}" in hrefs
    from web.present import initial

    for letter in {initial(t) for t in glossary.terms}:
        assert f"/terms?letter={letter}" in hrefs


# -- the report reader -------------------------------------------------------------

def test_reader_has_an_anchor_per_paragraph_and_a_working_contents(client, glossary):
    page = Page(html(client, "/reports/nmg-2024"))
    ids = page.ids()
    report = [p for p in glossary.paragraphs if p.report_id == "nmg-2024"]
    assert {f"p-{p.id}" for p in report} <= ids
    assert not any(p.report_id != "nmg-2024" and f"p-{p.id}" in ids for p in glossary.paragraphs)
    toc = [a["href"] for t, a in page.tags if t == "a" and a.get("href", "").startswith("#p-")]
    assert toc and all(href[1:] in ids for href in toc)
    parts = [p for p in report if p.kind == "heading"]
    assert all(f"#p-{p.id}" in toc for p in parts)


def test_reader_marks_every_term_with_its_rendering(client, glossary):
    page = Page(html(client, "/reports/nmg-2024?lang=en"))
    marks = page.all("a", **{"class": "term"})
    assert len(marks) == len([m for m in glossary.marks if m.paragraph_id.startswith("nmg-2024.")])
    for mark in marks:
        term = glossary.term(mark["data-term"])
        assert mark["href"] == f"/terms/{term.id}"
        assert mark["data-en"] == term.en and mark["data-def"]


def test_paragraph_url_redirects_to_the_reader_anchor(client):
    response = client.get(f"/paragraphs/{PARAGRAPH}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/reports/nmg-2024#p-{PARAGRAPH}"
    html(client, "/paragraphs/nope", 404)
    html(client, "/reports/nope", 404)


def test_static_files_are_cacheable_and_versioned(client):
    page = Page(html(client, "/"))
    css = page.all("link", rel="stylesheet")[0]["href"]
    assert re.fullmatch(r"/static/style\.css\?v=[0-9a-f]{10}", css)
    with client.get(css) as response:  # its current version: cached for good
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    with client.get("/static/style.css") as response:  # unversioned: the configured lifetime
        assert "max-age=300" in response.headers["Cache-Control"]


def test_a_long_paste_in_the_search_box_goes_to_term_recognition(client):
    paste = "推进“三北”工程攻坚战。" + "长" * MAX_QUERY_CHARS
    response = client.get("/search", query_string={"q": paste})
    assert response.status_code == 303
    target = response.headers["Location"]
    assert target.startswith("/recognize?")
    text = html(client, target + "&lang=en")
    assert "Three-North Shelterbelt Forest Program" in text and "1 term found" in text
    assert "长" * MAX_QUERY_CHARS in text  # nothing was cut


@pytest.mark.parametrize("query, goes", [("酒肉穿肠过，佛祖心中留。推进“三北”工程", True), ("三北。", False),
                                         ("Three-North Shelterbelt Forest Program?", True), ("三北", False)])
def test_a_sentence_goes_to_term_recognition_and_a_query_is_searched(client, query, goes):
    response = client.get("/search", query_string={"q": query})
    assert (response.status_code == 303) == goes


def test_recognize_page_marks_every_term_with_a_card_and_lists_them(client, glossary):
    text = "推进“三北\n”工程和三北工程，天駿計劃。"
    response = client.post("/recognize?lang=en", data={"text": text})
    assert response.status_code == 200
    page_text = response.get_data(as_text=True)
    page = Page(page_text)
    marked = [a["data-term"] for a in page.all("a", **{"class": "term"})]
    assert marked == [TERM, TERM, "tianjun-program"]
    assert "2 terms found" in page_text and page.ids() >= {"term-card", "recognize-text"}
    assert all(a.get("data-en") for a in page.all("a", **{"class": "term"}))


def test_recognize_page_refuses_text_over_the_limit_naming_it(app):
    from web import create_app

    small = create_app({**app.config, "RECOGNIZE_MAX_CHARS": 10})
    response = small.test_client().post("/recognize?lang=en", data={"text": "三" * 11})
    assert response.status_code == 413
    assert "the limit is 10 characters" in response.get_data(as_text=True)


def test_results_follow_the_term_an_english_or_pinyin_query_names(client, glossary):
    for query in ("tianjun", "Tianjun Program", "sanbei", "Three-North Shelterbelt Forest Program"):
        text = html(client, f"/search?q={query}&lang=en")
        assert "No paragraph of the reports contains this text" not in text, query
        assert "The reports use" in text and "uses the term" in text, query


def test_a_deprecated_rendering_says_do_not_use_and_cannot_be_copied(client, glossary):
    term = glossary.term(TERM)
    (wrong,) = term.deprecated
    text = html(client, f"/terms/{TERM}?lang=en")
    assert f'<del class="en" lang="en" id="rendering-{len(term.renderings)}">{wrong.text}</del>' in text
    assert "deprecated — do not use" in text and wrong.note in text
    assert f'data-copy="{wrong.text}"' not in text


def test_english_citations_in_a_chinese_page_are_marked_english(client, glossary):
    page = Page(html(client, f"/terms/{TERM}?lang=zh"))
    term = glossary.term(TERM)
    english = [attrs for tag, attrs in page.tags if attrs.get("lang") == "en"]
    assert len(english) >= len(term.renderings) * 2 + 1  # each rendering, its source, the English definition
    text = html(client, f"/terms/{TERM}?lang=zh")
    for rendering in term.renderings:
        assert f'lang="en">{rendering.source}' in text.replace("&#39;", "'").replace("&amp;", "&")


# -- the gloss view and the reader's term stops -------------------------------------------


def test_the_english_interface_glosses_marked_terms_and_the_chinese_one_can(client, glossary):
    english = html(client, "/reports/nmg-2024?lang=en")
    term = glossary.term(TERM)
    assert f'<span class="gloss" lang="en"> [{term.en}]</span>' in english
    assert "not a machine translation" in english and "gloss=off" in english
    chinese = html(client, "/reports/nmg-2024?lang=zh")
    assert 'class="gloss"' not in chinese and "gloss=on" in chinese
    assert f"[{term.en}]" in html(client, "/reports/nmg-2024?lang=zh&gloss=on")
    assert 'class="gloss"' not in html(client, "/reports/nmg-2024?lang=en&gloss=off")


def test_results_and_occurrences_are_glossed_with_terms_linked_and_matches_marked(client, glossary):
    term = glossary.term(TERM)
    results = html(client, "/search?q=三北&lang=en")
    assert f"[{term.en}]" in results and "<mark>三北</mark>" in results and 'class="term"' in results
    entry = html(client, f"/terms/{TERM}?lang=en")
    assert f"[{term.en}]" in entry and "<mark>" in entry


def test_the_term_followed_into_the_reader_is_marked_on_the_server(client, glossary):
    text = html(client, f"/reports/nmg-2024?term={TERM}&lang=en")
    page = Page(text)
    current = page.all("a", **{"class": "term current-term"})
    assert current and all(a["data-term"] == TERM for a in current)
    uses = [p for p in glossary.paragraphs_of(TERM) if p.report_id == "nmg-2024"]  # this report's only
    stop_list = re.search(r'<ol class="stop-list">(.*?)</ol>', text, re.S).group(1)
    assert re.findall(r'href="(#p-[^"]+)"', stop_list) == [f"#p-{p.id}" for p in uses]
    assert f"is used in {len(uses)} paragraphs of this report" in text
    assert "current-term" not in html(client, "/reports/nmg-2024?lang=en")


# -- several reports ------------------------------------------------------------------------


def test_the_report_list_links_every_report_and_what_is_new(client, glossary):
    page = Page(html(client, "/reports?lang=en"))
    for report in glossary.reports:
        assert page.all("a", href=f"/reports/{report.id}")
        assert page.all("a", href=f"/reports/{report.id}/new")
    assert Page(html(client, "/?lang=en")).all("a", href="/reports")  # from the header of every page


def test_a_reports_known_defect_and_provenance_are_shown_with_it(client, glossary):
    hebei = glossary.report_by_id["hebei-2026"]
    page = html(client, "/reports/hebei-2026?lang=en")
    assert "Known defect of this text:" in page and "Abridged as published" in page
    assert f'href="{hebei.source_url}"' in page and "its candidate terms are not yet reviewed" in page
    assert "Known defect" not in html(client, "/reports/beijing-2026?lang=en")
    listing = html(client, "/reports?lang=en")
    assert listing.count('class="defect-flag"') == sum(1 for r in glossary.reports if r.defects) == 2


def test_what_is_new_lists_the_terms_one_report_uses_and_the_other_does_not(client, glossary):
    from glossary.compare import compare_reports, predecessor

    for report in glossary.reports:
        try:
            earlier = predecessor(glossary, report.id)
        except LookupError:
            continue
        diff = compare_reports(glossary, None, report.id)
        page = html(client, f"/reports/{report.id}/new?lang=en")
        assert f"What’s new in {report.title}" in page and earlier.title in page
        for term in diff.new:
            assert f'href="/terms/{term.id}"' in page
    html(client, "/reports/nope/new", 404)
    assert "no report" in html(client, "/reports/nmg-2024/new?compare=nope&lang=en", 400)


def test_a_term_page_shows_where_the_term_is_used_report_by_report(client, glossary):
    term = next(t for t in glossary.terms if len(glossary.usage_by_report(t.id)) > 1)
    text = html(client, f"/terms/{term.id}?lang=en")
    assert "Where it is used" in text and '<svg class="timeline"' in text
    for usage in glossary.usage_by_report(term.id):
        assert f'href="/reports/{usage["report"]}?term={term.id}"' in text
        assert f'({usage["occurrences"]})' in text
    first = glossary.report_by_id[glossary.first_report(term.id)]
    assert f"First used in {first.title}" in text


def test_results_name_their_report_and_offer_the_counts_per_report(client, glossary):
    text = html(client, "/search?q=发展&lang=en")
    assert 'class="facets"' in text and "All reports" in text
    for report in glossary.reports:
        assert f"report={report.id}" in text
    scoped = html(client, "/search?q=发展&lang=en&report=national-2024")
    assert 'href="/reports/national-2024#p-' in scoped and 'href="/reports/nmg-2024#p-' not in scoped
    assert '<span class="report-name">National 2024</span>' in scoped
    html(client, "/search?q=发展&report=nope", 400)
