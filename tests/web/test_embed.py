"""Embedding: the CORS and frame-ancestors settings, /widget.js, /widget.css, /embed and /embed/docs."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from web import create_app
from web.embed import CONF_MARK, WIDGET_MESSAGES
from web.settings import SettingError, load

STATIC = Path(__file__).resolve().parents[2] / "web" / "static"
WIDGET_JS = (STATIC / "widget.js").read_text(encoding="utf-8")
WIDGET_CSS = (STATIC / "widget.css").read_text(encoding="utf-8")
ALLOWED = "https://portal.example.gov"
OTHER = "https://wiki.example.gov"
STRANGER = "https://elsewhere.example.com"


@pytest.fixture(scope="module")
def embed_app(index_dir):
    return create_app({"INDEX_DIR": index_dir, "TESTING": True, "CORS_ORIGINS": f"{ALLOWED}, {OTHER}",
                       "FRAME_ANCESTORS": f"'self' {OTHER}"})


@pytest.fixture
def embed_client(embed_app):
    return embed_app.test_client()


def allow_origin(response) -> str | None:
    return response.headers.get("Access-Control-Allow-Origin")


def varies_on_origin(response) -> bool:
    return "origin" in {v.strip().lower() for h in response.headers.getlist("Vary") for v in h.split(",")}


# -- the settings --------------------------------------------------------------------------

@pytest.mark.parametrize("text, parsed", [
    ("", ""),
    ("https://portal.example.gov", "https://portal.example.gov"),
    ("HTTPS://Portal.Example.gov/", "https://portal.example.gov"),
    ("https://a.example.gov,https://b.example.gov:8443  http://10.0.0.7:8080",
     "https://a.example.gov https://b.example.gov:8443 http://10.0.0.7:8080"),
    ("https://a.example.gov https://a.example.gov", "https://a.example.gov"),
    ("*", "*"),
    ("http://[::1]:5000", "http://[::1]:5000"),
])
def test_cors_origins_are_parsed_and_normalised(text, parsed):
    assert load(environ={"GLOSSARY_CORS_ORIGINS": text})["CORS_ORIGINS"] == parsed


@pytest.mark.parametrize("text", [
    "portal.example.gov", "https://portal.example.gov/wiki", "ftp://portal.example.gov", "https://*.example.gov",
    "https://portal.example.gov;evil", "null", "https://exa mple.gov/x",
])
def test_bad_cors_origins_name_the_setting(text):
    with pytest.raises(SettingError) as error:
        load(environ={"GLOSSARY_CORS_ORIGINS": text})
    assert "GLOSSARY_CORS_ORIGINS" in str(error.value) and "https://" in str(error.value)


@pytest.mark.parametrize("text, parsed", [
    ("'self'", "'self'"),
    ("self https://wiki.example.gov", "'self' https://wiki.example.gov"),
    ("'self', https://*.example.gov:*, https://docs.example.gov:8443/", "'self' https://*.example.gov:* "
                                                                       "https://docs.example.gov:8443"),
    ("'none'", "'none'"),
    ("", "'none'"),
    ("https:", "https:"),
])
def test_frame_ancestors_are_parsed_and_normalised(text, parsed):
    assert load(environ={"GLOSSARY_FRAME_ANCESTORS": text})["FRAME_ANCESTORS"] == parsed


@pytest.mark.parametrize("text", [
    "'unsafe-inline'", "https://wiki.example.gov/path", "'self'; script-src *", "javascript:",
    "'none' 'self'", "ALLOW-FROM https://wiki.example.gov",
])
def test_bad_frame_ancestors_name_the_setting(text):
    with pytest.raises(SettingError) as error:
        load(environ={"GLOSSARY_FRAME_ANCESTORS": text})
    assert "GLOSSARY_FRAME_ANCESTORS" in str(error.value)


def test_defaults_allow_no_other_origin_and_only_self_to_frame():
    values = load(environ={})
    assert values["CORS_ORIGINS"] == "" and values["FRAME_ANCESTORS"] == "'self'"


def test_a_bad_list_in_the_config_dict_is_refused_at_startup(index_dir):
    with pytest.raises(SettingError, match="CORS_ORIGINS"):
        create_app({"INDEX_DIR": index_dir, "CORS_ORIGINS": ["https://ok.example", "not an origin"]})
    app = create_app({"INDEX_DIR": index_dir, "CORS_ORIGINS": ["https://ok.example"], "TESTING": True})
    response = app.test_client().get("/api/v1/suggest?q=san", headers={"Origin": "https://ok.example"})
    assert allow_origin(response) == "https://ok.example"


# -- CORS on the API -------------------------------------------------------------------------

@pytest.mark.parametrize("url, status", [
    ("/api/v1/suggest?q=sanbei", 200),
    ("/api/v1/search?q=三北&limit=2", 200),
    ("/api/v1/suggest", 400),
    ("/api/v1/suggest?q=x&limit=999", 400),
    ("/api/v1/terms/no-such-term", 404),
    ("/api/v1/no-such-endpoint", 404),
])
def test_allowed_origins_may_read_answers_and_errors(embed_client, url, status):
    for origin in (ALLOWED, OTHER):
        response = embed_client.get(url, headers={"Origin": origin})
        assert response.status_code == status
        assert allow_origin(response) == origin
        assert varies_on_origin(response)
        assert "Access-Control-Allow-Credentials" not in response.headers
        assert response.get_json()["ok"] is (status == 200)


def test_method_not_allowed_and_server_errors_carry_cors_headers_too(index_dir):
    app = create_app({"INDEX_DIR": index_dir, "CORS_ORIGINS": ALLOWED})

    def boom():
        raise RuntimeError("a bug")

    app.add_url_rule("/api/v1/boom", "boom", boom)
    client = app.test_client()
    posted = client.post("/api/v1/suggest?q=x", headers={"Origin": ALLOWED})
    assert posted.status_code == 405 and allow_origin(posted) == ALLOWED
    broken = client.get("/api/v1/boom", headers={"Origin": ALLOWED})
    assert broken.status_code == 500 and allow_origin(broken) == ALLOWED
    assert broken.get_json() == {"ok": False, "status": 500, "error": "internal error"}


def test_a_missing_index_is_a_503_the_widget_can_read(tmp_path):
    app = create_app({"INDEX_DIR": tmp_path / "nothing", "CORS_ORIGINS": ALLOWED, "TESTING": True})
    response = app.test_client().get("/api/v1/suggest?q=san", headers={"Origin": ALLOWED})
    assert response.status_code == 503 and allow_origin(response) == ALLOWED


def test_other_origins_get_no_cors_headers(embed_client):
    for url in ("/api/v1/suggest?q=sanbei", "/api/v1/suggest"):
        response = embed_client.get(url, headers={"Origin": STRANGER})
        assert allow_origin(response) is None
        assert varies_on_origin(response)  # a cache must not hand this answer to an allowed origin
    same_host = embed_client.get("/api/v1/suggest?q=sanbei")  # no Origin header: not a CORS request
    assert allow_origin(same_host) is None and same_host.status_code == 200


def test_preflight_is_answered_for_allowed_origins_only(embed_client):
    asked = {"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "accept"}
    allowed = embed_client.options("/api/v1/suggest?q=x", headers={"Origin": ALLOWED, **asked})
    assert allowed.status_code == 200 and allow_origin(allowed) == ALLOWED
    assert "GET" in allowed.headers["Access-Control-Allow-Methods"]
    assert "POST" not in allowed.headers["Access-Control-Allow-Methods"]
    refused = embed_client.options("/api/v1/suggest?q=x", headers={"Origin": STRANGER, **asked})
    assert allow_origin(refused) is None


def test_pages_never_get_cors_headers(embed_client):
    for url in ("/", "/terms/three-north-program", "/embed"):
        assert allow_origin(embed_client.get(url, headers={"Origin": ALLOWED})) is None


def test_no_cors_when_the_setting_is_empty(client):
    response = client.get("/api/v1/suggest?q=sanbei", headers={"Origin": ALLOWED})
    assert response.status_code == 200 and allow_origin(response) is None


def test_wildcard_allows_every_origin_without_credentials(index_dir):
    app = create_app({"INDEX_DIR": index_dir, "CORS_ORIGINS": "*", "TESTING": True})
    response = app.test_client().get("/api/v1/suggest?q=sanbei", headers={"Origin": STRANGER})
    assert allow_origin(response) == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert not varies_on_origin(response)  # the same answer for everyone


# -- framing ---------------------------------------------------------------------------------

def csp(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.partition(" ")[2] for part in (p.strip() for p in policy.split(";")) if part}


def test_embed_page_may_be_framed_by_the_allow_list_only(embed_client):
    response = embed_client.get("/embed")
    assert response.status_code == 200
    directives = csp(response)
    assert directives["frame-ancestors"] == f"'self' {OTHER}"
    assert directives["script-src"] == "'self'" and directives["default-src"] == "'self'"
    # X-Frame-Options cannot name an origin (ALLOW-FROM is obsolete), so with one it is left out.
    assert "X-Frame-Options" not in response.headers


def test_embed_page_defaults_to_same_origin_framing(client):
    response = client.get("/embed")
    assert csp(response)["frame-ancestors"] == "'self'"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_frame_ancestors_none_denies_every_frame(index_dir):
    app = create_app({"INDEX_DIR": index_dir, "FRAME_ANCESTORS": "'none'", "TESTING": True})
    response = app.test_client().get("/embed")
    assert csp(response)["frame-ancestors"] == "'none'" and response.headers["X-Frame-Options"] == "DENY"


def test_every_other_page_still_refuses_to_be_framed(embed_client):
    for url in ("/", "/embed/docs", "/search?q=三北", "/terms/three-north-program", "/no-such-page"):
        response = embed_client.get(url)
        assert csp(response)["frame-ancestors"] == "'none'", url
        assert response.headers["X-Frame-Options"] == "DENY", url


def test_embed_page_renders_the_widget_with_the_query_options(embed_client):
    response = embed_client.get("/embed?lang=en&limit=5&open=same-tab&placeholder=Find+a+term")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and '<html lang="en">' in html
    tag = re.search(r"<policy-glossary-search[^>]*>", html).group(0)
    for attribute in ('lang="en"', 'limit="5"', 'open-in="same-tab"', 'placeholder="Find a term"',
                      "inline-results", "notify-parent"):
        assert attribute in tag
    assert '<script src="/widget.js" defer></script>' in html
    defaults = embed_client.get("/embed?lang=zh").get_data(as_text=True)
    assert 'open-in="new-tab"' in defaults and 'limit="8"' in defaults and 'lang="zh"' in defaults


@pytest.mark.parametrize("query, en, zh", [
    ("lang=fr", "The language must be zh or en", "语言只能是 zh 或 en"),
    ("limit=abc", "from 1 to 20", "1 到 20"),
    ("limit=0", "from 1 to 20", "1 到 20"),
    ("limit=21", "from 1 to 20", "1 到 20"),
    ("open=popup", "new-tab or same-tab", "new-tab 或 same-tab"),
    ("placeholder=" + "x" * 101, "at most 100 characters", "最多 100 个字符"),
])
def test_bad_embed_options_get_a_clear_400_in_the_frame(embed_client, query, en, zh):
    for lang, message in (("en", en), ("zh", zh)):
        response = embed_client.get(f"/embed?{query}", headers={"Accept-Language": lang})
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert message in html and 'role="alert"' in html
        assert "<policy-glossary-search" not in html
        assert csp(response)["frame-ancestors"] == f"'self' {OTHER}"  # shown inside the embedder's frame


def test_embed_page_escapes_the_placeholder(embed_client):
    html = embed_client.get('/embed?placeholder="><script>alert(1)</script>').get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


# -- the widget files ------------------------------------------------------------------------

def test_widget_script_is_served_for_other_origins_with_caching(embed_client, embed_app):
    response = embed_client.get("/widget.js")
    assert response.status_code == 200
    assert response.content_type == "text/javascript; charset=utf-8"
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == f"public, max-age={embed_app.config['CACHE_SECONDS']}"
    assert "Vary" not in response.headers
    etag = response.headers["ETag"]
    again = embed_client.get("/widget.js", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_widget_script_carries_both_languages_from_the_catalogs(embed_client):
    body = embed_client.get("/widget.js").get_data(as_text=True)
    assert CONF_MARK not in body
    conf = json.loads(re.search(r"var CONF = (\{.*?\});\n", body).group(1))
    assert set(conf["messages"]) == {"zh", "en"}
    assert conf["messages"]["zh"]["unreachable"] == "此页面暂时无法连接政策术语库。"
    assert conf["messages"]["en"]["unreachable"] == str(WIDGET_MESSAGES["unreachable"])
    assert conf["max_query"] == 200 and conf["max_limit"] == 20
    for lang in ("zh", "en"):
        assert set(conf["messages"][lang]) == set(WIDGET_MESSAGES)
        assert all(conf["messages"][lang].values())


def test_widget_asks_only_for_messages_that_exist():
    used = set(re.findall(r'this\.t\("(\w+)"', WIDGET_JS))
    assert used == set(WIDGET_MESSAGES)


def test_widget_script_without_caching(index_dir):
    app = create_app({"INDEX_DIR": index_dir, "CACHE_SECONDS": 0, "TESTING": True})
    assert app.test_client().get("/widget.js").headers["Cache-Control"] == "no-cache"


def test_widget_stylesheet_is_served_for_other_origins(embed_client):
    response = embed_client.get("/widget.css")
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert response.headers["Cache-Control"].startswith("public, max-age=")


def test_widget_is_small():
    assert len(gzip.compress(WIDGET_JS.encode("utf-8"), 9)) < 15 * 1024


def test_widget_needs_no_unsafe_inline_and_no_eval():
    # Style only through the linked stylesheet, classes and the hidden attribute: never a style attribute,
    # a <style> element or innerHTML (which could carry either), and no eval-like code.
    for forbidden in (".style", '"style"', "<style", "innerHTML", "insertAdjacentHTML", "eval(", "new Function",
                      "document.write", "setTimeout(\"", "cssText"):
        assert forbidden not in WIDGET_JS, forbidden
    assert 'attachShadow({ mode: "open"' in WIDGET_JS


def test_widget_styles_stay_in_the_shadow_root_and_use_no_rem():
    assert ":host" in WIDGET_CSS
    assert not re.search(r"\d(\.\d+)?rem\b", WIDGET_CSS)
    selectors = [s.strip() for s in re.findall(r"(?:^|\})\s*([^{}@]+)\{", WIDGET_CSS)]
    assert not any(s in ("html", "body") or s.startswith(("html ", "body ")) for s in selectors)


def test_own_pages_use_no_inline_script_or_style(embed_client):
    for url in ("/embed", "/embed?limit=abc", "/embed/docs?lang=en", "/embed/docs?lang=zh"):
        html = embed_client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"<style|\sstyle=", html), url
        assert not re.search(r"\son[a-z]+=", html), url


# -- the documentation page --------------------------------------------------------------------

def test_docs_page_in_both_languages_has_snippets_attributes_events_csp_and_settings(embed_client):
    attributes = set(re.findall(r'(?:get|has)Attribute\("((?!data-)[a-z-]+)"\)', WIDGET_JS))
    assert attributes == {"lang", "api", "limit", "open-in", "placeholder", "notify-parent", "shortcuts"}
    for lang, heading in (("en", "Embed the glossary search"), ("zh", "在网页中嵌入术语搜索")):
        response = embed_client.get(f"/embed/docs?lang={lang}")
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert f"<h1 id=\"embed-title\">{heading}</h1>" in html
        assert "&lt;script src=&#34;http://localhost/widget.js&#34; defer&gt;&lt;/script&gt;" in html
        assert "&lt;iframe src=&#34;http://localhost/embed?lang=" in html
        for attribute in attributes - {"notify-parent"}:  # notify-parent is for the iframe page itself
            assert f"<code>{attribute}</code>" in html, attribute
        assert "<code>inline-results</code>" in html
        assert "glossary-select" in html and "postMessage" in html
        for line in ("script-src http://localhost;", "style-src http://localhost;",
                     "connect-src http://localhost;", "frame-src http://localhost;"):
            assert line in html
        assert "GLOSSARY_CORS_ORIGINS" in html and "GLOSSARY_FRAME_ANCESTORS" in html
        assert "<policy-glossary-search" in html and 'src="/widget.js"' in html  # the live demo
        assert '<iframe src="/embed?lang=' in html


def test_docs_snippets_use_the_public_url(index_dir):
    app = create_app({"INDEX_DIR": index_dir, "PUBLIC_URL": "https://glossary.example.gov", "TESTING": True})
    html = app.test_client().get("/embed/docs?lang=en").get_data(as_text=True)
    assert "https://glossary.example.gov/widget.js" in html
    assert "connect-src https://glossary.example.gov;" in html
