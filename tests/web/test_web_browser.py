"""In a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

Playwright never downloads a browser here: it launches the system Chromium by
path. The tests run whenever that file exists and are skipped, with the reason
shown, only when it does not (CI installs it; see .ci/run).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="browser tests need /usr/bin/chromium (apt-get install chromium)"),
]

TERM = "three-north-program"


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 1200, "height": 800},
                                  locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.problems = problems
    yield page
    context.close()


def test_search_by_suggestion_then_follow_an_occurrence_into_the_report(page, glossary):
    page.goto("/")
    box = page.get_by_role("combobox")
    box.fill("san")
    option = page.get_by_role("option").first
    option.wait_for()
    assert "三北" in option.inner_text()
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    assert option.get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url(f"**/terms/{TERM}")
    assert page.locator("h1").inner_text().startswith("“三北”工程")

    first = page.locator("ol.occurrences a.label").first
    target = first.get_attribute("href").split("#")[1]
    first.click()
    page.wait_for_url(re.compile(rf".*/reports/nmg-2024\?term={TERM}#{re.escape(target)}$"))
    paragraph = page.locator(f"[id='{target}']")
    paragraph.wait_for()
    assert "arrived" in paragraph.get_attribute("class")
    background = paragraph.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(255, 243, 196)"  # --target
    assert paragraph.evaluate("el => { const r = el.getBoundingClientRect(); "
                              "return r.top >= 0 && r.bottom <= window.innerHeight; }")
    assert paragraph.locator("a.term.current-term").count() >= 1
    assert page.problems == []


def test_search_form_shows_highlighted_results(page):
    page.goto("/?lang=en")
    box = page.get_by_label(re.compile("Search terms and the report"))
    box.fill("三北")
    page.get_by_role("option").first.wait_for()
    box.press("Enter")  # no suggestion chosen: the form is submitted
    page.wait_for_url("**/search?q=*")
    assert page.locator("ul.term-list a.headword").first.inner_text().startswith("Three-North")
    assert page.locator("ol.results mark").first.inner_text() == "三北"
    assert re.search(r"\d+ paragraphs? match", page.locator("p.count").first.inner_text())


def test_switch_language_and_it_sticks(page):
    page.goto(f"/terms/{TERM}")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.get_by_role("heading", name="英文译法").is_visible()
    page.locator(".lang-switch a[data-lang=en]").click()
    page.wait_for_url(f"**/terms/{TERM}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="English renderings").is_visible()
    assert page.locator("h1 .first").inner_text() == "Three-North Shelterbelt Forest Program"
    page.goto("/")  # the cookie keeps the choice
    assert page.get_by_role("heading", name="Browse by category").is_visible()


def test_hover_and_focus_a_marked_term_in_the_reader(page, glossary):
    page.goto("/reports/nmg-2024?lang=en")
    mark = page.locator(f"a.term[data-term={TERM}]").first
    card = page.locator("#term-card")
    assert card.is_hidden()
    assert mark.get_attribute("title") is None  # the card replaces the native tooltip
    mark.hover()
    card.wait_for(state="visible")
    assert glossary.term(TERM).en in card.inner_text()
    assert mark.get_attribute("aria-describedby") == "term-card"
    page.mouse.move(0, 0)
    card.wait_for(state="hidden")
    mark.focus()
    card.wait_for(state="visible")
    page.keyboard.press("Escape")
    card.wait_for(state="hidden")
    mark.click()
    page.wait_for_url(f"**/terms/{TERM}")
    assert page.problems == []


def test_copy_button_copies_the_rendering(browser, live_server, glossary):
    context = browser.new_context(base_url=live_server)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    page.goto(f"/terms/{TERM}?lang=en")
    button = page.locator("button.copy").first
    assert button.is_visible()
    button.click()
    from playwright.sync_api import expect

    expect(button).to_have_text("Copied")  # the clipboard answers asynchronously: wait for the label
    assert page.evaluate("navigator.clipboard.readText()") == glossary.term(TERM).en
    context.close()


def test_pages_work_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/?lang=en")
    page.get_by_label(re.compile("Search terms and the report")).fill("三北")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search?q=*")
    assert page.locator("ol.results mark").count() > 0
    page.locator("ol.results a.label").first.click()
    target = page.url.split("#")[1]
    background = page.locator(f"[id='{target}']").evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(255, 243, 196)"  # :target highlights without script
    assert page.locator("button.copy").count() == 0 or page.locator("button.copy").first.is_hidden()
    context.close()


@pytest.mark.parametrize("url", ["/", "/search?q=三北", f"/terms/{TERM}", "/terms", "/reports/nmg-2024"])
def test_no_console_errors_or_csp_violations(page, url):
    page.goto(url)
    page.wait_for_load_state("load")
    assert page.problems == []


CONTRAST = """
() => {
  function rgba(text) {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    const p = m[1].split(",").map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  }
  function luminance(c) {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  function background(el) {
    for (let node = el; node; node = node.parentElement) {
      const c = rgba(getComputedStyle(node).backgroundColor);
      if (c.a > 0.5) { return c; }
    }
    return {r: 255, g: 255, b: 255, a: 1};
  }
  const failures = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!own || !box.width || !box.height || style.visibility === "hidden" || el.closest("[hidden]")) { continue; }
    if (el.closest(".visually-hidden, .skip-link")) { continue; }
    const fg = luminance(rgba(style.color)), bg = luminance(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && +style.fontWeight >= 700);
    if (ratio < (large ? 3 : 4.5)) { failures.push(el.tagName + "." + el.className + ": " + ratio.toFixed(2)); }
  }
  return failures;
}
"""


@pytest.mark.parametrize("url", ["/?lang=en", "/search?q=三北", f"/terms/{TERM}?lang=en", "/terms",
                                 "/reports/nmg-2024", "/search?q=xyzzy", "/terms/nope"])
def test_text_contrast_meets_wcag_aa(page, url):
    page.goto(url)
    assert page.evaluate(CONTRAST) == []


def test_keyboard_only_reaches_search_and_the_language_switch(page):
    page.goto("/")
    assert page.evaluate("document.activeElement.id") == "q"  # the home page starts in the search box
    page.goto(f"/terms/{TERM}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    focused = []
    for _ in range(20):  # the header: brand, browse, one link per report, the language switch, the search box
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.textContent.trim() || document.activeElement.id"))
        if "English" in focused and "q-top" in focused:
            break
    assert "English" in focused and "q-top" in focused


def test_on_a_phone_a_tap_opens_the_card_and_a_second_tap_the_entry(browser, live_server, glossary):
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844}, has_touch=True,
                                  is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto("/reports/nmg-2024?lang=en")
        mark = page.locator(f"a.term[data-term={TERM}]").first
        card = page.locator("#term-card")
        mark.tap()
        card.wait_for(state="visible")
        assert glossary.term(TERM).en in card.inner_text()
        assert "/reports/nmg-2024" in page.url  # the tap did not leave the page
        card.locator("a.more").tap()  # the card's link opens the entry
        page.wait_for_url(f"**/terms/{TERM}")
        page.go_back()
        mark = page.locator(f"a.term[data-term={TERM}]").first
        mark.tap()
        card.wait_for(state="visible")
        mark.tap()  # a second tap on the same term opens it too
        page.wait_for_url(f"**/terms/{TERM}")
    finally:
        context.close()


def test_the_card_stays_while_the_pointer_is_on_it_and_goes_with_escape(page):
    page.goto("/reports/nmg-2024?lang=en")
    mark = page.locator(f"a.term[data-term={TERM}]").first
    card = page.locator("#term-card")
    mark.hover()
    card.wait_for(state="visible")
    card.hover(position={"x": 12, "y": 4})  # straight down from the term onto the card's nearest edge
    page.wait_for_timeout(600)  # longer than the hide delay
    assert card.is_visible()
    page.keyboard.press("Escape")
    card.wait_for(state="hidden")


def test_stepping_through_a_terms_paragraphs_and_switching_language_keeps_the_place(page, glossary):
    uses = [p for p in glossary.paragraphs_of(TERM) if p.report_id == "nmg-2024"]
    assert len(uses) >= 2
    page.goto(f"/reports/nmg-2024?term={TERM}&lang=en#p-{uses[0].id}")
    position = page.locator(".stops .stop-position")
    assert position.inner_text() == f"1 of {len(uses)}"
    page.locator(".stops .stop-next").click()
    page.wait_for_url(f"**#p-{uses[1].id}")
    assert position.inner_text() == f"2 of {len(uses)}"
    assert page.locator(f"[id='p-{uses[1].id}'] a.term.current-term").count() >= 1
    page.locator(".lang-switch a[data-lang=zh]").click()
    page.wait_for_url(re.compile(rf".*/reports/nmg-2024\?term={TERM}#p-{re.escape(uses[1].id)}$"))
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator(".stops .stop-position").inner_text() == f"第 2 处，共 {len(uses)} 处"


# -- translator tools ----------------------------------------------------------------

FILES = Path(__file__).resolve().parents[1] / "fixtures" / "check"


def test_download_the_tbx_from_the_footer(page):
    page.goto("/?lang=en")
    page.locator("footer").get_by_role("link", name="Downloads").click()
    page.wait_for_url("**/downloads")
    with page.expect_download() as info:
        page.get_by_role("link", name="policy-glossary.tbx").click()
    download = info.value
    assert download.suggested_filename == "policy-glossary.tbx"
    assert Path(download.path()).read_bytes().startswith(b"<?xml")
    assert page.problems == []


def test_check_an_uploaded_file_and_filter_by_kind_without_reloading(page):
    page.goto("/check?lang=en")
    page.set_input_files("#check-file", str(FILES / "sample.xlf"))
    page.get_by_role("button", name="Check", exact=True).click()
    rows = page.locator(".check-table tbody tr")
    rows.first.wait_for()
    assert rows.count() == 3
    assert page.locator(".check-table mark").count() >= 2
    page.select_option("#check-kind", "missing")
    assert [rows.nth(i).is_visible() for i in range(3)] == [False, True, True]
    page.select_option("#check-kind", "all")
    assert all(rows.nth(i).is_visible() for i in range(3))
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the issues (CSV)").click()
    assert info.value.suggested_filename == "terminology-check.csv"
    assert page.problems == []


def test_suggestions_show_the_status_with_its_meaning(page):
    page.goto("/?lang=en")
    box = page.get_by_role("combobox")
    box.fill("san")
    badge = page.get_by_role("option").first.locator(".status")
    badge.wait_for()
    assert badge.inner_text() == "proposed"
    assert badge.get_attribute("title").startswith("Proposed: the glossary editors")
    assert page.problems == []
