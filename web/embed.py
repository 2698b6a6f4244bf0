"""Embedding: the search widget for other sites' pages, its iframe alternative, CORS and docs.

* ``/widget.js`` — the ``<policy-glossary-search>`` custom element (static/widget.js with the
  interface strings of both languages filled in from the catalogs), and ``/widget.css``, the
  stylesheet it links inside its shadow root. Both may be loaded by any origin
  (``Cross-Origin-Resource-Policy: cross-origin``) and are cached for ``CACHE_SECONDS``.
* ``/embed`` — the same search on a minimal page for an ``<iframe>``; which sites may frame it
  is the ``FRAME_ANCESTORS`` setting (CSP ``frame-ancestors``), every other page keeps
  ``frame-ancestors 'none'``.
* ``/embed/docs`` — how to embed it, in both interface languages, with a live demo.
* CORS on ``/api/``: only origins in the ``CORS_ORIGINS`` setting (or ``*``) may read the API
  from a browser, error responses included (Flask-CORS).

See docs/EMBEDDING.md.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, render_template, request
from flask_babel import force_locale, gettext, lazy_gettext

from index.query import MAX_QUERY_CHARS
from web.i18n import STATUS_HELP, STATUS_NAMES
from web.params import OPEN, PLACEHOLDER, SUGGEST_LIMIT
from web.present import absolute_url
from web.settings import BY_NAME, LOCALES

bp = Blueprint("embed", __name__)

STATIC = Path(__file__).resolve().parent / "static"
CONF_MARK = "/*@conf*/"
OPEN_MODES = OPEN.choices
DEFAULT_SUGGEST_LIMIT, MAX_SUGGEST_LIMIT = SUGGEST_LIMIT.default, SUGGEST_LIMIT.maximum
MAX_PLACEHOLDER = PLACEHOLDER.max_length

# The widget's interface strings; widget.js asks for them by key (a test checks both sides agree).
WIDGET_MESSAGES = {
    "label": lazy_gettext("Search the Policy Glossary"),
    "placeholder": lazy_gettext("Search terms in Chinese, English or pinyin"),
    "list": lazy_gettext("Glossary terms"),
    "found": lazy_gettext("Terms found: {n}. Use the up and down arrows to choose one, then Enter."),
    "none": lazy_gettext("No glossary term matches “{q}”."),
    "unreachable": lazy_gettext("The glossary cannot be reached from this page right now."),
    "not_allowed": lazy_gettext("The glossary search is not enabled for this site: the operator of the glossary "
                                "service must allow it."),
    "all": lazy_gettext("All results for “{q}”"),
    # The status of each suggestion's preferred rendering, with what it means (the badge's tooltip).
    **{f"status_{status}": name for status, name in STATUS_NAMES.items()},
    **{f"help_{status}": text for status, text in STATUS_HELP.items()},
}


# -- settings -----------------------------------------------------------------

def _words(value) -> list[str]:
    return value.split() if isinstance(value, str) else [str(v) for v in value or ()]


def cors_origins(app: Flask) -> list[str]:
    """The CORS allow-list (already checked by its setting's parser; a config list is checked here)."""
    return BY_NAME["CORS_ORIGINS"].coerce(" ".join(_words(app.config["CORS_ORIGINS"]))).split()


def frame_ancestors(app: Flask) -> str:
    """The CSP ``frame-ancestors`` sources of /embed, e.g. ``'self' https://wiki.example.gov``."""
    return BY_NAME["FRAME_ANCESTORS"].coerce(" ".join(_words(app.config["FRAME_ANCESTORS"])))


# -- the widget files -----------------------------------------------------------

def widget_source() -> bytes:
    """static/widget.js with the strings of both languages and the API limits filled in."""
    text = (STATIC / "widget.js").read_text(encoding="utf-8")
    start = text.index(CONF_MARK)
    end = text.index(CONF_MARK, start + len(CONF_MARK)) + len(CONF_MARK)
    messages = {}
    for locale in LOCALES:
        with force_locale(locale):
            messages[locale] = {name: str(message) for name, message in WIDGET_MESSAGES.items()}
    conf = {"messages": messages, "max_query": MAX_QUERY_CHARS, "max_limit": MAX_SUGGEST_LIMIT}
    return (text[:start] + json.dumps(conf, ensure_ascii=False, separators=(",", ":")) + text[end:]).encode("utf-8")


def _widget_file(name: str, mimetype: str, make) -> Response:
    """A widget file, built once per process (and again if the file changes), with ETag and caching."""
    path = STATIC / name
    key = (name, path.stat().st_mtime_ns)
    files = current_app.extensions.setdefault("embed_files", {})
    if files.get(name, (None,))[0] != key:
        body = make(path)
        files[name] = (key, body, hashlib.sha256(body).hexdigest()[:20])
    _, body, etag = files[name]
    response = current_app.response_class(body, mimetype=mimetype)
    response.set_etag(etag)
    seconds = current_app.config["CACHE_SECONDS"]
    response.headers["Cache-Control"] = f"public, max-age={seconds}" if seconds else "no-cache"
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"  # any site may load it
    return response.make_conditional(request)


@bp.get("/widget.js")
def widget_script():
    return _widget_file("widget.js", "text/javascript", lambda path: widget_source())


@bp.get("/widget.css")
def widget_style():
    return _widget_file("widget.css", "text/css", lambda path: path.read_bytes())


# -- the iframe page ------------------------------------------------------------

def _frame_options() -> dict:
    """The widget's attributes from the query string; a bad value raises ValueError with a message for people."""
    args = request.args
    lang = args.get("lang")
    if lang is not None and lang.strip().lower() not in LOCALES:
        raise ValueError(gettext("The language must be zh or en, not “%(value)s”.", value=lang[:20]))
    raw = (args.get("limit") or "").strip()
    limit = DEFAULT_SUGGEST_LIMIT
    if raw:
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_SUGGEST_LIMIT:
            raise ValueError(gettext("The number of results must be a whole number from 1 to %(max)s, not “%(value)s”.",
                                     max=MAX_SUGGEST_LIMIT, value=raw[:20]))
        limit = int(raw)
    placeholder = args.get("placeholder", "")
    if len(placeholder) > MAX_PLACEHOLDER:
        raise ValueError(gettext("The placeholder can be at most %(max)s characters long.", max=MAX_PLACEHOLDER))
    open_in = args.get("open", OPEN.default).strip()
    if open_in not in OPEN_MODES:
        raise ValueError(gettext("Links can open in new-tab or same-tab, not “%(value)s”.", value=open_in[:20]))
    return {"limit": limit, "placeholder": placeholder, "open_in": open_in}


@bp.get("/embed")
def frame():
    try:
        options, error, status = _frame_options(), None, 200
    except ValueError as problem:
        options, error, status = {}, str(problem), 400
    response = current_app.make_response((render_template("embed.html", error=error, **options), status))
    response.headers["Content-Security-Policy"] = current_app.extensions["embed_frame_policy"]
    return response


# -- the documentation page -------------------------------------------------------

@bp.get("/embed/docs")
def docs():
    return render_template(
        "embed_docs.html",
        origin=absolute_url("pages.home").rstrip("/"),
        script_url=absolute_url("embed.widget_script"),
        frame_url=absolute_url("embed.frame"),
        max_limit=MAX_SUGGEST_LIMIT, default_limit=DEFAULT_SUGGEST_LIMIT,
    )


# -- wiring -------------------------------------------------------------------------

def init_app(app: Flask) -> None:
    """Register the blueprint, CORS on /api/ and the framing headers of /embed."""
    from web.security import csp_directives

    origins = cors_origins(app)  # SettingError, naming the setting, when a value is wrong
    ancestors = frame_ancestors(app)
    directives = {**csp_directives(app), "frame-ancestors": ancestors}
    app.extensions["embed_frame_policy"] = "; ".join(f"{name} {value}" for name, value in directives.items())
    frame_option = {"'self'": "SAMEORIGIN", "'none'": "DENY"}.get(ancestors)
    app.register_blueprint(bp)

    if origins:
        from flask_cors import CORS

        wildcard = "*" in origins
        CORS(app, resources={r"/api/.*": {}}, origins="*" if wildcard else origins, send_wildcard=wildcard,
             methods=["GET", "HEAD", "OPTIONS"], allow_headers=["Accept", "Content-Type"], max_age=600,
             supports_credentials=False, always_send=False, vary_header=False)

        @app.after_request
        def vary_on_origin(response):
            # The answer depends on the Origin header, and API answers are cached publicly.
            if not wildcard and request.path.startswith("/api/"):
                response.vary.add("Origin")
            return response

    def framing_and_widget_headers(response):
        """Runs after every other after_request function (web.security sets defaults for all pages)."""
        if request.endpoint == "embed.frame":
            # frame-ancestors decides; X-Frame-Options can only say one origin, so it goes unless it agrees.
            if frame_option:
                response.headers["X-Frame-Options"] = frame_option
            else:
                response.headers.pop("X-Frame-Options", None)
        elif request.endpoint in ("embed.widget_script", "embed.widget_style"):
            response.headers.pop("Vary", None)  # the same file for every language and cookie
        return response

    app.after_request_funcs.setdefault(None, []).insert(0, framing_and_widget_headers)
