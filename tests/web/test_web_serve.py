"""`glossary serve`: gunicorn in front of the app, building the index only when it may."""

from __future__ import annotations

import json
import shutil
import socket
import stat
import time
from pathlib import Path

import pytest

from cli.main import cli
from index.layout import current_build
from web.server import is_read_only


@pytest.fixture
def read_only_copy(index_dir, tmp_path):
    copy = tmp_path / "replica"
    shutil.copytree(index_dir, copy, ignore=shutil.ignore_patterns(".lock"))
    modes = {}
    for path in [copy, *copy.rglob("*")]:
        modes[path] = path.stat().st_mode
        path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)
    yield copy
    for path, mode in modes.items():
        path.chmod(stat.S_IMODE(mode))


def snapshot(folder: Path) -> dict[str, float]:
    return {str(p.relative_to(folder)): p.stat().st_mtime for p in folder.rglob("*")}


@pytest.mark.slow
def test_serve_runs_gunicorn_with_the_api_and_pages(serve, index_dir):
    server = serve("--index-dir", str(index_dir), "--no-build")
    status, headers, body = server.fetch("/api/v1/search?q=%E4%B8%89%E5%8C%97")
    assert status == 200 and json.loads(body)["terms"][0]["id"] == "three-north-program"
    assert "gunicorn" in headers.get("Server", "")
    status, headers, body = server.fetch("/?lang=en")
    assert status == 200 and b"Browse by category" in body
    assert "Content-Security-Policy" in headers
    status, _, body = server.fetch("/api/v1/terms/nope")
    assert status == 404 and json.loads(body) == {"ok": False, "status": 404, "error": "no term with id 'nope'"}
    assert server.stop() == 0


@pytest.mark.slow
def test_serve_serves_a_read_only_copy_without_rebuilding(serve, read_only_copy):
    assert is_read_only(read_only_copy)
    before = snapshot(read_only_copy)
    # No --no-build: the read-only folder alone stops the (stale, fixture-built) index from being rebuilt.
    server = serve("--index-dir", str(read_only_copy))
    status, _, body = server.fetch("/api/v1/health")
    assert status == 200 and json.loads(body)["build"] == current_build(read_only_copy).name
    assert server.fetch("/reports/nmg-2024")[0] == 200
    assert server.stop() == 0
    assert snapshot(read_only_copy) == before
    assert "serving" in server.log.read_text()


@pytest.mark.slow
def test_serve_builds_a_missing_index_first(serve, tmp_path):
    index_dir = tmp_path / "fresh"
    server = serve("--index-dir", str(index_dir))
    assert current_build(index_dir) is not None
    assert "rebuilt" in server.log.read_text()
    status, _, body = server.fetch("/api/v1/reports")
    assert status == 200 and json.loads(body)["reports"]


def _free_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


def test_serve_without_an_index_and_no_build_says_what_to_do(runner, tmp_path):
    result = runner.invoke(cli, ["serve", "--index-dir", str(tmp_path / "none"), "--no-build", "--port", _free_port()])
    assert result.exit_code != 0
    assert "no index in" in result.output and "glossary build" in result.output


def test_serve_rejects_a_malformed_setting_before_starting(runner, index_dir):
    result = runner.invoke(cli, ["serve", "--index-dir", str(index_dir), "--no-build", "--port", _free_port()],
                           env={"GLOSSARY_CACHE_SECONDS": "-5"})
    assert result.exit_code != 0 and "GLOSSARY_CACHE_SECONDS" in result.output


def test_a_busy_port_is_one_clear_message_before_anything_starts(runner, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        result = runner.invoke(cli, ["serve", "--port", str(port), "--index-dir", str(tmp_path / "never-built")])
    assert result.exit_code == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.output and "--port" in result.output
    assert not (tmp_path / "never-built").exists()  # refused before building anything
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("args, message", [(["--port", "0"], "--port"), (["--workers", "0"], "--workers"),
                                           (["--port", "http"], "--port")])
def test_serve_checks_its_options(runner, args, message):
    result = runner.invoke(cli, ["serve", *args])
    assert result.exit_code == 2 and message in result.output


def test_is_read_only(tmp_path):
    folder = tmp_path / "x"
    assert not is_read_only(folder)  # missing: may be created
    folder.mkdir()
    assert not is_read_only(folder)
    folder.chmod(0o555)
    try:
        assert is_read_only(folder)
    finally:
        folder.chmod(0o755)


def test_serve_never_runs_debug_or_reload_even_when_the_environment_asks(index_dir, monkeypatch):
    from web import server

    monkeypatch.setenv("GLOSSARY_DEBUG", "1")
    started = []
    monkeypatch.setattr(server.GlossaryServer, "run", lambda self: started.append(self))
    server.serve(index_dir, "127.0.0.1", 8000, 2, 4)
    (gunicorn,) = started
    assert gunicorn.cfg.reload is False and gunicorn.cfg.workers == 2
    assert gunicorn.cfg.worker_class_str == "web.worker.GlossaryWorker"
    app = gunicorn.load()
    assert app.debug is False and app.config["DEBUG"] is False
    assert server.gunicorn_options("::1", 8000, 1, 1)["bind"] == "[::1]:8000"


@pytest.fixture
def damaged_index(index_dir, tmp_path):
    """A copy of the index whose build lacks a file (as one made by another release might)."""
    copy = tmp_path / "damaged"
    shutil.copytree(index_dir, copy, ignore=shutil.ignore_patterns(".lock"))
    (current_build(copy) / "glossary.json").unlink()
    return copy


def test_serve_refuses_an_index_it_cannot_read(runner, damaged_index):
    result = runner.invoke(cli, ["serve", "--index-dir", str(damaged_index), "--no-build"])
    assert result.exit_code != 0
    assert "cannot be read by this version" in result.output and "glossary build" in result.output


def test_an_unreadable_index_is_a_503_not_a_500(damaged_index):
    from web import create_app

    client = create_app({"INDEX_DIR": damaged_index}).test_client()
    response = client.get("/api/v1/suggest?q=san")
    assert response.status_code == 503
    assert "rebuild" in response.get_json()["error"] and "glossary.json" not in response.get_json()["error"]
    assert client.get("/?lang=en").status_code == 503
