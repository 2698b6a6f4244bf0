"""Compression of text responses over 1 KiB: brotli or gzip, as the client accepts (Flask-Compress).

HTML, JSON, CSS and JavaScript are compressed when the client sends a
matching ``Accept-Encoding``; responses carry ``Vary: Accept-Encoding``.
Static files are file-wrapper (streamed) responses; they are read into memory
first (they are small), because compressing a stream would drop the file
wrapper's close() and leave the file open. Figures for the reader page are in
bench/RESULTS.md.
"""

from __future__ import annotations

from flask import Flask, request
from flask_compress import Compress

MIMETYPES = ["text/html", "application/json", "text/css", "text/javascript", "application/javascript",
             "text/plain", "application/xml"]


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", MIMETYPES)
    app.config.setdefault("COMPRESS_MIN_SIZE", 1024)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)  # brotli's default 11 costs tens of ms per reader page
    app.config.setdefault("COMPRESS_REGISTER", True)
    Compress(app)


    # Registered after Compress, so it runs before it (after_request functions run in reverse order).
    @app.after_request
    def read_static_files(response):
        if response.is_streamed and request.path.startswith("/static/"):
            response.direct_passthrough = False
            response.make_sequence()  # reads the file; its close() runs when the response is closed
        return response
