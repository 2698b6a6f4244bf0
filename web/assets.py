"""Static assets with versioned URLs: ``/static/app.js?v=<content hash>``.

A versioned URL names one content for good, so a response to it may be
cached for a year as immutable; any change to the file changes its URL.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, current_app, request, url_for

EXTENSION = "asset_versions"
IMMUTABLE = "public, max-age=31536000, immutable"


def asset_versions() -> dict[str, str]:
    """File name → the first 10 hex digits of its SHA-256, computed once per app."""
    versions = current_app.extensions.get(EXTENSION)
    if versions is None:
        folder = Path(current_app.static_folder)
        versions = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:10] for p in folder.iterdir() if p.is_file()}
        current_app.extensions[EXTENSION] = versions
    return versions


def asset_url(filename: str) -> str:
    """A static file's URL carrying its content hash."""
    return url_for("static", filename=filename, v=asset_versions().get(filename, ""))


def init_app(app: Flask) -> None:
    @app.after_request
    def cache_versioned_assets(response):
        """A static file asked for by its current version is immutable; anything else keeps the default."""
        if request.path.startswith("/static/") and response.status_code == 200:
            filename = request.path.removeprefix("/static/")
            version = request.args.get("v")
            if version and asset_versions().get(filename) == version:
                response.headers["Cache-Control"] = IMMUTABLE
        return response
