"""The embeddable widget in a real headless Chromium, across two origins on the loopback interface.

The app runs in a threaded WSGI server on one port; host pages are served by a second, tiny
server on another port (another origin, allowed by CORS_ORIGINS and FRAME_ANCESTORS), and by a
third ("stranger", allowed by neither). Nothing here touches the network beyond 127.0.0.1.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from web import create_app
from web.embed import WIDGET_MESSAGES

playwright_sync = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which("chromium"),
                       reason="needs Debian's chromium (.ci/run installs it)"),
]
TIMEOUT_MS = 10_000
TERM = "three-north-program"
EN = {name: str(message) for name, message in WIDGET_MESSAGES.items()}  # outside a request: the msgids


# -- servers -------------------------------------------------------------------------------

class HostPages(BaseHTTPRequestHandler):
    """Serves ``self.server.pages``: path -> (content type, body, extra headers)."""

    def do_GET(self):  # noqa: N802 - the name http.server calls
        page = self.server.pages.get(self.path.split("?")[0])
        if page is None:
            self.send_error(404)
            return
        content_type, body, headers = page
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def start_host() -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), HostPages)
    server.daemon_threads = True
    server.pages = {}
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    return server


def origin_of(server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def hosts():
    host, stranger = start_host(), start_host()
    yield host, stranger
    for server in (host, stranger):
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def live_app(index_dir, hosts):
    """The app on a real threaded server; the host origin may call the API and frame /embed."""
    from werkzeug.serving import make_server

    host, _ = hosts
    app = create_app({"INDEX_DIR": index_dir, "CORS_ORIGINS": origin_of(host),
                      "FRAME_ANCESTORS": f"'self' {origin_of(host)}", "INDEX_CHECK_SECONDS": 0})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


HOST_JS = """
window.__events = []; window.__violations = []; window.__requests = [];
document.addEventListener("glossary-select", function (e) {
  window.__events.push(e.detail);
  if (window.__cancel) { e.preventDefault(); }
});
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.effectiveDirective + " " + e.blockedURI);
});
// Count the widget's requests, and answer the one-letter query late (it must then be ignored). That
// request is not abortable here, so the widget's own check of which answer is current is what drops it.
var realFetch = window.fetch;
window.fetch = function (url, options) {
  var late = /[?&]q=s&/.test(String(url));
  window.__requests.push(String(url));
  return realFetch(url, late ? Object.assign({}, options, {signal: undefined}) : options).then(function (response) {
    if (late) {
      return new Promise(function (resolve) { setTimeout(function () { resolve(response); }, 900); });
    }
    return response;
  });
};
"""

# Hostile page styles: none of this may reach inside the widget.
HOST_CSS = """
html { font-size: 40px; }
body { font: 30px/3 serif; color: #c00; }
input, a, div, p, span, li { border: 5px solid #c00; color: #c00; font-size: 40px; padding: 20px; }
[role=option] { display: none; }
.q { border: 7px dotted green; }
"""


def host_page(app_origin: str, widget: str, extra_head: str = "") -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Intranet</title>
<link rel="stylesheet" href="/host.css">
<script src="/host.js"></script>
<script src="{app_origin}/widget.js" defer></script>{extra_head}
</head><body>
<h1>Ministry portal</h1>
<p class="q" id="page-q">The page's own .q element</p>
{widget}
<p>Below the widget.</p>
</body></html>"""


@pytest.fixture(scope="module")
def pages(live_app, hosts):
    """Host pages on both host origins."""
    host, stranger = hosts
    strict = {"Content-Security-Policy": f"default-src 'self' {live_app}"}
    for server in (host, stranger):
        server.pages.update({
            "/host.js": ("text/javascript", HOST_JS, {}),
            "/host.css": ("text/css", HOST_CSS, {}),
            "/event.html": ("text/html", host_page(
                live_app, '<policy-glossary-search lang="en" open-in="event"></policy-glossary-search>'), {}),
            "/navigate.html": ("text/html", host_page(
                live_app, '<policy-glossary-search lang="en" limit="3"></policy-glossary-search>'), {}),
            "/strict.html": ("text/html", host_page(
                live_app, '<policy-glossary-search lang="zh" open-in="event"></policy-glossary-search>'), strict),
            "/down.html": ("text/html", host_page(live_app, (
                f'<policy-glossary-search lang="en" api="http://127.0.0.1:{free_port()}"></policy-glossary-search>'
            )), {}),
            "/frame.html": ("text/html", f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Wiki</title><script src="/host.js"></script></head><body>
<iframe id="glossary" src="{live_app}/embed?lang=en&limit=4" title="Glossary" width="600" height="380"></iframe>
</body></html>""", {}),
        })
    return {"host": origin_of(host), "stranger": origin_of(stranger), "app": live_app}


# -- browser -------------------------------------------------------------------------------

@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 900, "height": 700}, locale="en-US")
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    tab.console_messages = []
    tab.on("console", lambda message: tab.console_messages.append(message.text))
    yield tab
    context.close()


def widget(page):
    return page.locator("policy-glossary-search")


def shadow(page, script: str):
    """Evaluate ``script`` with ``root`` bound to the first widget's shadow root."""
    return page.evaluate(f"() => {{ const root = document.querySelector('policy-glossary-search').shadowRoot; "
                         f"return {script}; }}")


def type_query(page, text: str):
    page.locator("policy-glossary-search input").press_sequentially(text, delay=30)


def wait_for_options(page):
    page.locator("policy-glossary-search [role=option]").first.wait_for(state="visible")
    return page.locator("policy-glossary-search [role=option]")


# -- tests ---------------------------------------------------------------------------------

def test_host_page_on_another_origin_searches_and_selects_with_the_keyboard(page, pages):
    page.goto(pages["host"] + "/event.html")
    combobox = page.locator("policy-glossary-search [role=combobox]")
    combobox.wait_for()
    page.locator("h1").click()
    page.keyboard.press("/")  # the shortcut focuses the widget
    assert shadow(page, "root.activeElement && root.activeElement.getAttribute('role')") == "combobox"
    assert combobox.get_attribute("aria-expanded") == "false"

    page.keyboard.type("sanbei", delay=30)
    options = wait_for_options(page)
    first = options.first
    assert first.locator(".zh").inner_text() == "“三北”工程"
    assert first.locator(".en").inner_text() == "Three-North Shelterbelt Forest Program"
    assert first.locator(".def").inner_text().startswith("A shelterbelt forest programme")
    badge = first.locator(".status")  # the preferred rendering's status, with what it means
    assert badge.inner_text() == EN["status_proposed"] and badge.get_attribute("title") == EN["help_proposed"]
    assert first.get_attribute("href") == f"{pages['app']}/terms/{TERM}"
    assert combobox.get_attribute("aria-expanded") == "true"
    listbox_id = combobox.get_attribute("aria-controls")
    assert shadow(page, f"root.getElementById('{listbox_id}').getAttribute('role')") == "listbox"
    status = shadow(page, "root.querySelector('[role=status]').textContent")
    assert status == EN["found"].replace("{n}", str(options.count()))

    page.keyboard.press("ArrowDown")
    assert first.get_attribute("aria-selected") == "true"
    assert combobox.get_attribute("aria-activedescendant") == first.get_attribute("id")
    page.keyboard.press("Enter")
    events = page.evaluate("window.__events")
    assert [e["id"] for e in events] == [TERM]
    assert set(events[0]) >= {"id", "zh", "en", "pinyin", "definition", "definition_en", "matched_by", "url"}
    assert page.url == pages["host"] + "/event.html"  # open-in="event": the page decides
    assert combobox.get_attribute("aria-expanded") == "false"

    page.keyboard.press("Escape")  # closed already: Escape clears the box
    assert combobox.input_value() == ""


def test_typing_is_debounced_and_late_answers_are_dropped(page, pages):
    page.goto(pages["host"] + "/event.html")
    box = page.locator("policy-glossary-search input")
    box.wait_for()
    # Five keystrokes within one task (well inside the debounce delay) make one request.
    page.evaluate("""() => {
      const input = document.querySelector('policy-glossary-search').shadowRoot.querySelector('input');
      for (const text of ['t', 'th', 'thr', 'thre', 'three']) {
        input.value = text;
        input.dispatchEvent(new Event('input', {bubbles: true, composed: true}));
      }
    }""")
    wait_for_options(page)
    page.wait_for_timeout(300)
    assert [url.split("?")[1] for url in page.evaluate("window.__requests")] == ["q=three&limit=8"]

    box.fill("")
    box.press_sequentially("s")  # the host answers q=s after 900 ms
    page.wait_for_timeout(350)
    box.press_sequentially("ix")  # "six" is answered at once
    page.locator("policy-glossary-search [role=option] .en", has_text="Six Projects").wait_for()
    page.wait_for_timeout(1000)  # the late answer for "s" has now arrived
    texts = page.locator("policy-glossary-search [role=option] .en").all_inner_texts()
    assert texts == ["Six Projects"], texts
    requests = page.evaluate("window.__requests")
    assert any("q=s&" in url for url in requests) and any("q=six&" in url for url in requests)


def test_choosing_a_term_opens_its_page_by_default_and_ctrl_k_focuses(page, pages):
    page.goto(pages["host"] + "/navigate.html")
    page.locator("policy-glossary-search input").wait_for()
    page.keyboard.press("Control+k")
    type_query(page, "warm")
    options = wait_for_options(page)
    assert options.count() <= 3
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{pages['app']}/terms/warmth-project"
    assert "温暖工程" in page.locator("h1").inner_text()


def test_the_page_can_cancel_opening_a_term(page, pages):
    page.goto(pages["host"] + "/navigate.html")
    page.locator("policy-glossary-search input").wait_for()
    page.evaluate("window.__cancel = true")
    type_query(page, "warm")
    option = wait_for_options(page).first
    assert option.get_attribute("target") == "_top"  # same-tab mode ...
    option.click()
    page.wait_for_timeout(300)
    assert page.url == pages["host"] + "/navigate.html"  # ... but the page said no
    assert [e["id"] for e in page.evaluate("window.__events")] == ["warmth-project"]


def test_neither_sides_styles_leak(page, pages):
    page.goto(pages["host"] + "/event.html")
    page.locator("policy-glossary-search input").wait_for()
    type_query(page, "sanbei")
    wait_for_options(page)
    inside = shadow(page, """(() => {
      const q = getComputedStyle(root.querySelector('input'));
      const option = getComputedStyle(root.querySelector('[role=option]'));
      return {font: q.fontSize, border: q.borderTopWidth, color: q.color, option: option.display,
              pop: getComputedStyle(root.querySelector('.pop')).position};
    })()""")
    assert inside == {"font": "15px", "border": "2px", "color": "rgb(27, 31, 35)", "option": "block",
                      "pop": "absolute"}
    outside = page.evaluate("getComputedStyle(document.getElementById('page-q')).borderTopStyle")
    assert outside == "dotted"  # the widget's .q rule stayed in its shadow root
    assert page.evaluate("document.styleSheets.length") == 1  # the host's own sheet only


def test_strict_csp_host_page_works_without_unsafe_inline(page, pages):
    page.goto(pages["host"] + "/strict.html")
    page.locator("policy-glossary-search input").wait_for()
    type_query(page, "三北")
    options = wait_for_options(page)
    assert options.first.locator(".def").inner_text().startswith("在西北")  # lang="zh": the Chinese definition
    assert shadow(page, "root.querySelector('input').placeholder") == "输入中文、英文或拼音搜索术语"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert [e["id"] for e in page.evaluate("window.__events")] == [TERM]
    # The stylesheet linked in the shadow root applied (style-src allows our origin) ...
    assert shadow(page, "getComputedStyle(root.querySelector('.pop')).position") == "absolute"
    assert page.evaluate("window.__violations") == []

    # ... while an inline <style> made by script is refused; a constructed stylesheet is not.
    probe = page.evaluate("""() => {
      const host = document.createElement('div');
      document.body.appendChild(host);
      const root = host.attachShadow({mode: 'open'});
      root.innerHTML = '<p class="a">a</p><p class="b">b</p>';
      const style = document.createElement('style');
      style.textContent = '.a { color: rgb(1, 2, 3); }';
      root.appendChild(style);
      const sheet = new CSSStyleSheet();
      sheet.replaceSync('.b { color: rgb(4, 5, 6); }');
      root.adoptedStyleSheets = [sheet];
      return new Promise(resolve => setTimeout(() => resolve({
        style: getComputedStyle(root.querySelector('.a')).color,
        adopted: getComputedStyle(root.querySelector('.b')).color,
      }), 100));
    }""")
    assert probe["style"] != "rgb(1, 2, 3)"
    assert probe["adopted"] == "rgb(4, 5, 6)"
    assert any(v.startswith("style-src-elem") for v in page.evaluate("window.__violations"))


def test_origin_not_in_the_allow_list_gets_no_results_and_says_the_operator_must_allow_it(page, pages):
    page.goto(pages["stranger"] + "/event.html")
    page.locator("policy-glossary-search input").wait_for()
    type_query(page, "sanbei")
    note = page.locator("policy-glossary-search .note")
    note.wait_for(state="visible")
    assert note.inner_text() == EN["not_allowed"]  # not "cannot be reached", which reads as an outage
    assert page.locator("policy-glossary-search [role=option]").count() == 0
    assert shadow(page, "root.querySelector('[role=status]').textContent") == EN["not_allowed"]
    console = "\n".join(page.console_messages)
    assert "CORS policy" in console and "GLOSSARY_CORS_ORIGINS" in console


def test_service_down_says_it_cannot_be_reached(page, pages):
    page.goto(pages["host"] + "/down.html")
    page.locator("policy-glossary-search input").wait_for()
    type_query(page, "sanbei")
    note = page.locator("policy-glossary-search .note")
    note.wait_for(state="visible")
    assert note.inner_text() == EN["unreachable"]


def test_iframe_renders_for_an_allowed_host_and_searches(page, pages):
    page.goto(pages["host"] + "/frame.html")
    frame = page.frame_locator("#glossary")
    box = frame.locator("policy-glossary-search input")
    box.wait_for()
    box.press_sequentially("sanbei", delay=30)
    option = frame.locator("[role=option]").first
    option.wait_for()
    assert option.locator(".en").inner_text() == "Three-North Shelterbelt Forest Program"
    assert option.get_attribute("target") == "_blank"  # the iframe opens entries in a new tab by default


def test_iframe_refuses_to_render_inside_a_page_not_allowed_to_frame_it(page, pages):
    with page.expect_console_message(lambda message: "frame-ancestors" in message.text) as refused:
        page.goto(pages["stranger"] + "/frame.html")
    # "Framing 'http://127.0.0.1:…/' violates … "frame-ancestors 'self' <host>". The request has been blocked."
    assert f"Framing '{pages['app']}/'" in refused.value.text and pages["host"] in refused.value.text
    page.wait_for_timeout(300)
    child = next(f for f in page.frames if f != page.main_frame)
    assert child.url.startswith("chrome-error://"), child.url  # Chromium's error page instead of ours
    assert child.locator("policy-glossary-search").count() == 0


def test_docs_page_live_demo_reports_the_event(page, pages):
    page.goto(pages["app"] + "/embed/docs?lang=en")
    demo = page.locator(".demo policy-glossary-search input")
    demo.wait_for()
    demo.press_sequentially("warm", delay=30)
    page.locator(".demo policy-glossary-search [role=option]").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    log = page.locator("#demo-log")
    log.filter(has_text="glossary-select").wait_for()
    detail = json.loads(log.inner_text().split("\n", 1)[1])
    assert detail["id"] == "warmth-project"
    frame = page.frame_locator(".demo iframe")
    frame.locator("policy-glossary-search input").wait_for()  # the iframe demo renders on our own origin
