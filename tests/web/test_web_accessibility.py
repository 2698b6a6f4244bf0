"""axe-core (the maintained accessibility engine, bundled by axe-playwright-python) over every kind of page.

Home, results, a term page, the reader, term recognition, /embed and
/embed/docs, in both interface languages, at desktop (1366×900) and phone
(390×844) width: no violations at all, and no page scrolls sideways on a phone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="browser tests need /usr/bin/chromium (apt-get install chromium)"),
]

PAGES = ["/", "/search?q=三北", "/search?q=tianjun", "/terms/three-north-program", "/reports/nmg-2024",
         "/recognize?text=推进“三北”工程，落实天骏计划。", "/embed", "/embed/docs",
         "/downloads", "/check", "/lookup", "/concordance?q=三北&sort=left", "/terms",
         "/terms/low-altitude-economy", "/terms/low-altitude-economy/compare", "/search?q=发展"]
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_accessibility_violations_and_no_sideways_scrolling(browser, live_server, axe, lang, size):
    width, height = SIZES[size]
    context = browser.new_context(base_url=live_server, viewport={"width": width, "height": height})
    page = context.new_page()
    found = {}
    try:
        for url in PAGES:
            page.goto(f"{url}{'&' if '?' in url else '?'}lang={lang}")
            violations = axe.run(page).response["violations"]
            if violations:
                found[url] = [(v["id"], v["impact"], len(v["nodes"])) for v in violations]
            scroll, client = page.evaluate("[document.documentElement.scrollWidth, "
                                           "document.documentElement.clientWidth]")
            if scroll > client:
                found.setdefault(url, []).append(("sideways scrolling", scroll, client))
    finally:
        context.close()
    assert found == {}


@pytest.mark.parametrize("size", SIZES)
def test_translator_result_pages_have_no_violations_and_no_sideways_scrolling(browser, live_server, axe, size):
    width, height = SIZES[size]
    context = browser.new_context(base_url=live_server, viewport={"width": width, "height": height})
    page = context.new_page()
    found = {}
    try:
        page.goto("/check?lang=en")
        page.fill("#check-source", "——“三北”工程攻坚战全面打响。\n实施“天骏计划”。\n要壮大“国家队”。")
        page.fill("#check-target", "The Three-North Shelterbelt Forest Program battle began.\nWe ran the listing "
                                   "plan.\nWe must strengthen the national team of the Six Projects.")
        page.get_by_role("button", name="Check", exact=True).click()
        page.wait_for_selector(".check-table")
        for name in ("check", "lookup"):
            if name == "lookup":
                page.goto("/lookup?lang=en")
                page.fill("#lookup-terms", "三北\n蒙科聚\n不存在的词语")
                page.get_by_role("button", name="Look up").click()
                page.wait_for_selector(".lookup-table")
            violations = axe.run(page).response["violations"]
            if violations:
                found[name] = [(v["id"], v["impact"], len(v["nodes"])) for v in violations]
            scroll, client = page.evaluate("[document.documentElement.scrollWidth, "
                                           "document.documentElement.clientWidth]")
            if scroll > client:
                found.setdefault(name, []).append(("sideways scrolling", scroll, client))
    finally:
        context.close()
    assert found == {}
