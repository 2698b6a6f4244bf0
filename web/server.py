"""Run the app under gunicorn (a real WSGI server), as ``glossary serve`` does.

Each worker process calls :func:`web.create_app` itself (no preloading), so it
opens its own :class:`index.cache.CachedIndex` on first use; the threads of a
worker share it. Debug is always off.
"""

from __future__ import annotations

import errno
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

from web.worker import MAX_REQUEST_LINE


class GlossaryServer(BaseApplication):
    """gunicorn with the options given here, loading ``create_app(config)`` in each worker."""

    def __init__(self, options: dict[str, Any], config: dict[str, Any]) -> None:
        self.options = options
        self.app_config = config
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if value is not None:
                self.cfg.set(key, value)

    def load(self):
        from web import create_app
        from web.index import EXTENSION

        app = create_app(self.app_config)  # in the worker: gunicorn loads after forking (no preload)
        app.extensions[EXTENSION].watch()
        return app


def gunicorn_options(host: str, port: int, workers: int, threads: int, access_log: str | None = None) -> dict:
    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        # gthread, answering what gunicorn refuses itself (an over-long request line…) in our JSON shape.
        "worker_class": "web.worker.GlossaryWorker",
        "proc_name": "glossary-serve",
        "timeout": 30,
        "graceful_timeout": 10,
        "keepalive": 5,
        "accesslog": access_log,
        "errorlog": "-",
        "loglevel": "info",
        # gunicorn's ceiling (it clamps higher values): longer request lines get a 414 from web.worker.
        "limit_request_line": MAX_REQUEST_LINE,
    }


def address_problem(host: str, port: int) -> str | None:
    """Why gunicorn could not listen on ``host:port`` (tried with a throw-away socket), or None.

    Checked before starting, so a busy port is one clear message instead of
    gunicorn retrying for seconds.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        return f"cannot listen on {host!r}: {error.strerror}; give an address of this machine with --host"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn does
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return (f"port {port} on {host} is already in use (another `glossary serve`?); stop that "
                        f"program or choose another port with --port, e.g. --port {port + 1}")
            if error.errno == errno.EACCES:
                return f"no permission to listen on port {port}; choose a port above 1023 with --port"
            return f"cannot listen on {host}:{port}: {error.strerror}"
    return None


def is_read_only(folder: Path) -> bool:
    """True for a folder that must not be written: a read-only mount, no write bit at all, or no access.

    Root may write anywhere, so the permission bits are checked too: ``chmod -R a-w`` marks
    an index copy as read-only for everyone.
    """
    if not folder.exists():
        return False
    info = os.stat(folder)
    if not stat.S_IMODE(info.st_mode) & 0o222:
        return True
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
    except OSError:
        pass
    return not os.access(folder, os.W_OK)


_CHECK = """
import sys
from pathlib import Path
from web.index import open_index
try:
    open_index(Path(sys.argv[1]))
except Exception as error:
    print(error)
    sys.exit(1)
"""


def check_index(index_dir: Path) -> str | None:
    """Why the index cannot be served (opened in a throw-away process), or None when it can."""
    result = subprocess.run([sys.executable, "-c", _CHECK, str(index_dir)], capture_output=True, text=True,
                            timeout=300)
    if result.returncode == 0:
        return None
    lines = (result.stdout.strip() or result.stderr.strip()).splitlines()
    return lines[-1] if lines else f"the index in {index_dir} cannot be opened"


def serve(index_dir: Path, host: str, port: int, workers: int, threads: int,
          access_log: str | None = None) -> None:
    """Start gunicorn in the foreground (returns when it stops)."""
    config = {"INDEX_DIR": index_dir, "DEBUG": False}
    GlossaryServer(gunicorn_options(host, port, workers, threads, access_log), config).run()
