"""Fault timings for docs/RELIABILITY.md: a killed worker's replacement, and serve's rebuild of a damaged index.

Run from the repository root with the project's venv (about a minute on 2 cores)::

    .venv/bin/python bench/fault_timings.py

1. ``glossary serve --workers 2`` on a fresh build; one worker is killed with
   SIGKILL while a client thread sends searches; printed: the seconds until
   the master has two workers again and the new one has answered, and how
   many requests failed.
2. The build's Whoosh segments are zeroed and ``glossary serve`` is started on
   the folder: printed, the seconds until it answers (it rebuilds first).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

GLOSSARY = Path(sys.executable).with_name("glossary")
SEARCH = "/api/v1/search?q=%E4%B8%89%E5%8C%97"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(base: str, path: str) -> int:
    try:
        with urllib.request.urlopen(base + path, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return -1


def start(index: Path, log: Path, workers: int) -> tuple[subprocess.Popen, str, float]:
    """``glossary serve``; returns the process, its base URL and the seconds until it answered."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    with log.open("w") as out:
        process = subprocess.Popen([str(GLOSSARY), "serve", "--port", str(port), "--workers", str(workers),
                                    "--index-dir", str(index)], stdout=out, stderr=subprocess.STDOUT)
    while get(base, "/api/v1/health") != 200:
        if process.poll() is not None:
            raise SystemExit(log.read_text())
        time.sleep(0.05)
    return process, base, time.monotonic() - started


def workers(master: int) -> set[int]:
    return {int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()}


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)


def killed_worker(index: Path, folder: Path) -> None:
    process, base, _ = start(index, folder / "serve-workers.log", 2)
    try:
        while len(workers(process.pid)) < 2:
            time.sleep(0.05)
        failures, sent, done = [], [0], threading.Event()

        def load() -> None:
            while not done.is_set():
                sent[0] += 1
                if get(base, SEARCH) != 200:
                    failures.append(1)

        client = threading.Thread(target=load)
        client.start()
        time.sleep(1)
        victim = min(workers(process.pid))
        killed = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        while True:
            now = workers(process.pid)
            if len(now) == 2 and victim not in now:
                break
            time.sleep(0.01)
        replaced = time.monotonic() - killed
        time.sleep(2)
        done.set()
        client.join()
        print(f"killed worker: replaced after {replaced:.2f} s; {len(failures)} of {sent[0]} requests failed")
    finally:
        stop(process)


def damaged_index(index: Path, folder: Path) -> None:
    build = index / (index / "CURRENT").read_text().strip()
    for segment in build.glob("*.seg"):
        segment.write_bytes(b"\0" * 64)
    process, _, seconds = start(index, folder / "serve-damaged.log", 1)
    stop(process)
    print(f"damaged index: serve rebuilt it and answered after {seconds:.1f} s")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        index = folder / "index"
        subprocess.run([str(GLOSSARY), "build", "--index-dir", str(index)], check=True, capture_output=True)
        killed_worker(index, folder)
        damaged_index(index, folder)
        shutil.rmtree(index)


if __name__ == "__main__":
    main()
