"""Headers on every response (errors included): security policy and caching.

The Content-Security-Policy allows only same-origin scripts and styles, so
templates carry no inline ``<script>``, ``style=`` or event attributes. Each
directive is one entry of :func:`csp_directives`; a later setting (e.g. frame
ancestors for embedding) changes one entry.
"""

from __future__ import annotations

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix


def csp_directives(app: Flask) -> dict[str, str]:
    return {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "connect-src": "'self'",
        "frame-ancestors": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "object-src": "'none'",
    }


def init_app(app: Flask) -> None:
    policy = "; ".join(f"{name} {value}" for name, value in csp_directives(app).items())
    cache_seconds = app.config["CACHE_SECONDS"]
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = cache_seconds or None
    if app.config["PROXY_HOPS"]:
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops)

    fixed = [("Content-Security-Policy", policy), ("X-Content-Type-Options", "nosniff"),
             ("Referrer-Policy", "same-origin"), ("X-Frame-Options", "DENY"),
             ("Cross-Origin-Opener-Policy", "same-origin")]
    api_cache = f"public, max-age={cache_seconds}" if cache_seconds else "no-store"

    @app.after_request
    def add_headers(response):
        headers = response.headers
        # A view (e.g. the embed page) may set its own; one scan, then plain appends (this runs on
        # every request, and Headers.setdefault is comparatively slow).
        present = {key.lower() for key, _ in headers.items()}
        for name, value in fixed:
            if name.lower() not in present:
                headers.add(name, value)
        if "cache-control" in present:
            return response
        if request.path.startswith("/api/"):
            ok = response.status_code == 200 and request.method in ("GET", "HEAD")
            headers.add("Cache-Control", api_cache if ok else "no-store")
        elif not request.path.startswith("/static/"):
            # Pages depend on the interface language, chosen by ?lang=, a cookie or Accept-Language.
            headers.add("Cache-Control", "no-cache")
            response.vary.add("Cookie")
            response.vary.add("Accept-Language")
        return response
