"""The Policy Glossary web service: pages for people and a JSON API for pages that call it.

``create_app(config=None)`` builds the Flask app; each subsystem has an
``init_app(app)`` and each surface a blueprint (``pages``, ``api``). There is
no module-level app object: gunicorn and the tests call the factory.

Importing this package imports nothing else (``web.catalogs`` doubles as the
build backend, which runs before Flask is installed).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """A configured app; ``config`` overrides the settings of :mod:`web.settings` (and plain Flask keys)."""
    from flask import Flask

    from web import assets, compression, embed, errors, i18n, index, replay, security, settings, urls
    from web.api import bp as api_bp
    from web.pages import bp as pages_bp
    from web.tools import bp as tools_bp

    app = Flask(__name__)
    app.config.update(settings.load(config))
    # Every body (form, upload, JSON) is refused past the largest limit before it is read: werkzeug answers
    # 413 from the declared Content-Length, or once it has read that much; a pasted text field may be as
    # large (Flask's own default for a field is 500 kB). Endpoints check their own, smaller limits.
    for key in ("MAX_CONTENT_LENGTH", "MAX_FORM_MEMORY_SIZE"):
        app.config[key] = (config or {}).get(key) or app.config["CHECK_MAX_BYTES"]
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.json.compact = True

    i18n.init_app(app)
    index.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    urls.init_app(app)
    app.register_blueprint(pages_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(tools_bp)
    embed.init_app(app)
    assets.init_app(app)
    compression.init_app(app)  # after every other after_request hook: it compresses the final body
    replay.init_app(app)  # last: it wraps the whole WSGI app
    return app
