"""Faults in the index folder: missing, empty, half-written or damaged at start, and a build killed half-way.

``glossary serve`` either rebuilds (a writable folder) or stops with a clear
message (``--no-build`` or a read-only copy); it never starts workers that
would answer 500. A running service keeps serving its build when ``CURRENT``
is moved to a build it cannot open. A ``glossary build`` killed with SIGKILL
leaves the live build intact, and the next build works.
"""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli
from index.layout import CURRENT, GLOSSARY_FILE, STAMP_FILE, current_build
from web import create_app

GLOSSARY = Path(sys.executable).with_name("glossary")
pytestmark = pytest.mark.slow


@pytest.fixture
def index_copy(index_dir, tmp_path):
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy, ignore=shutil.ignore_patterns(".lock"))
    return copy


def damage(index: Path, how: str) -> None:
    """Break ``index`` the way a crash, a bad copy or a full disk would."""
    build = current_build(index)
    if how == "empty":
        shutil.rmtree(index)
        index.mkdir()
    elif how == "current-to-missing":
        (index / CURRENT).write_text("build-gone-0", encoding="utf-8")
    elif how == "current-to-partial":  # a build folder without its stamp (killed before the end)
        partial = index / "build-partial-1"
        shutil.copytree(build, partial)
        (partial / STAMP_FILE).unlink()
        (index / CURRENT).write_text(partial.name, encoding="utf-8")
    elif how == "truncated-glossary":
        path = build / GLOSSARY_FILE
        path.write_bytes(path.read_bytes()[:1000])
    elif how == "garbage-stamp":
        (build / STAMP_FILE).write_text("{not json", encoding="utf-8")
    elif how == "corrupt-segments":
        for segment in build.glob("*.seg"):
            segment.write_bytes(b"\0" * 64)
    else:
        raise ValueError(how)


DAMAGES = ("empty", "current-to-missing", "current-to-partial", "truncated-glossary", "garbage-stamp",
           "corrupt-segments")


@pytest.mark.parametrize("how", DAMAGES)
def test_serve_without_building_stops_with_a_clear_message(index_copy, how):
    damage(index_copy, how)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    result = CliRunner().invoke(cli, ["serve", "--no-build", "--port", port, "--index-dir", str(index_copy)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "Error:" in result.output and str(index_copy) in result.output, result.output
    assert ("glossary build" in result.output or "rebuild" in result.output), result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("how", ["empty", "current-to-partial", "garbage-stamp", "corrupt-segments"])
def test_serve_rebuilds_a_damaged_writable_index_and_answers(serve, index_copy, how):
    damage(index_copy, how)
    server = serve("--index-dir", str(index_copy))
    status, _, body = server.fetch("/api/v1/search?q=%E4%B8%89%E5%8C%97")
    assert status == 200 and json.loads(body)["ok"]
    assert current_build(index_copy) is not None


# Opening a build whose segment files are damaged leaves one of them open (index/reader.py's SearchIndex does
# not close its Whoosh indexes when one fails to read): collected later, it is a ResourceWarning. The holder
# tries each broken build once (asserted below), so the leak is one descriptor per broken build.
@pytest.mark.filterwarnings("ignore:Exception ignored in. <_io.FileIO name=.*build-broken-segments-2/"
                            ":pytest.PytestUnraisableExceptionWarning")
def test_a_running_service_keeps_its_build_when_current_points_at_a_broken_one(index_copy, caplog):
    app = create_app({"INDEX_DIR": index_copy, "TESTING": True, "INDEX_CHECK_SECONDS": 1})
    client = app.test_client()
    good = client.get("/api/v1/health").get_json()["build"]
    for how in ("current-to-missing", "current-to-partial", "broken-segments", "broken-glossary"):
        if how.startswith("broken-"):
            _broken_copy_as_current(index_copy, how)
        else:
            damage(index_copy, how)
        time.sleep(1.1)  # past INDEX_CHECK_SECONDS: the next request looks at CURRENT
        for path in ("/api/v1/health", "/api/v1/search?q=%E4%B8%89%E5%8C%97", "/terms/three-north-program"):
            response = client.get(path)
            assert response.status_code == 200, (how, path, response.get_data()[:200])
        assert client.get("/api/v1/health").get_json()["build"] == good, how
        time.sleep(1.1)
        client.get("/api/v1/health")  # a second check with the broken build still named: not opened again
        refusals = [r for r in caplog.records if r.getMessage().startswith("not switching to")]
        assert len(refusals) == (0 if how.startswith("current-to") else 1), (how, refusals)
        caplog.clear()
        (index_copy / CURRENT).write_text(good, encoding="utf-8")


def _broken_copy_as_current(index: Path, how: str) -> None:
    """A complete-looking build (with its stamp) whose index or glossary file is damaged, made live."""
    broken = index / f"build-{how}-2"
    shutil.copytree(current_build(index), broken)
    if how == "broken-segments":
        for segment in broken.glob("*.seg"):
            segment.write_bytes(b"\0" * 64)
    else:
        (broken / GLOSSARY_FILE).write_text("{", encoding="utf-8")
    (index / CURRENT).write_text(broken.name, encoding="utf-8")


def test_a_build_killed_half_way_leaves_the_live_build_serving(index_copy):
    live = current_build(index_copy)
    before = {p.name for p in index_copy.iterdir()}
    process = subprocess.Popen([str(GLOSSARY), "build", "--index-dir", str(index_copy)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        started = [p for p in index_copy.glob("build-*") if p.name not in before]
        if started and any(started[0].iterdir()):  # it is writing the new build
            break
        time.sleep(0.05)
    assert process.poll() is None, "the build ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert current_build(index_copy) == live  # CURRENT still names the old, complete build
    client = create_app({"INDEX_DIR": index_copy, "TESTING": True}).test_client()
    assert client.get("/api/v1/search?q=%E4%B8%89%E5%8C%97").status_code == 200
    # The next build takes the lock the killed one held (the kernel released it), succeeds and tidies up.
    result = subprocess.run([str(GLOSSARY), "build", "--index-dir", str(index_copy)], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    new = current_build(index_copy)
    assert new != live and (new / STAMP_FILE).is_file()
    assert {p.name for p in index_copy.glob("build-*")} == {new.name, live.name}  # the half-written one is gone
