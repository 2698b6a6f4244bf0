"""Web benchmark: requests/s and p50/p99 latency under `glossary serve`, measured with wrk.

Runs gunicorn through `glossary serve` on 127.0.0.1 only, then, for each
endpoint, `wrk -t2 -c32 -d20s --latency` (bounded: it stops by itself), several
rounds interleaved, and reports the median of the rounds:

* ``health``: the trivial JSON endpoint (``/api/v1/health``), the baseline;
* ``search``: ``/api/v1/search`` over a rotating list of real queries (every
  headword, alias prefix, pinyin and English word of the glossary). After the
  warm-up these are answered from each worker's result cache;
* ``search-uncached``: ``/api/v1/search`` where every request's query is new
  (a real term plus a unique number), so every request runs the search;
* ``suggest``: ``/api/v1/suggest`` over rotating prefixes (1 to 4 characters of
  headwords, pinyin and English renderings), as typing produces them (after
  the warm-up, replayed from memory);
* ``suggest-uncached`` (issue 14): prefixes of 1 to 5 characters of every
  headword, alias, pinyin and rendering, each with ``limit`` 8, 9 and 10: more
  distinct requests than the replay and the result cache hold, cycled in
  order, so the suggester runs on every request;
* ``mix`` (issue 14): per term, three keystrokes of suggestions, then the
  search of its headword; every third such search is new (made unique).

It also reports each worker's resident memory (VmRSS) after the runs.

Usage (from a checkout with the package installed, wrk from Debian: apt-get install wrk)::

    .venv/bin/python bench/web_bench.py                   # 2 workers, 3 rounds of 20 s
    .venv/bin/python bench/web_bench.py --rounds 1 --duration 5   # a quick look

Targets (issue 4): search throughput >= 0.7 x the trivial endpoint's, suggest
p99 <= 20 ms, zero errors.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAUSE = 2.0
sys.path.insert(0, str(ROOT))

from index.cache import CACHE_SIZE  # noqa: E402 - after the path is set
from web.replay import SIZE as REPLAY_SIZE  # noqa: E402

LUA = r"""
local paths = {%(paths)s}
local unique = %(unique)s
local counter = 0
local thread_id = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
function init(args)
  thread_id = tonumber(wrk.thread:get("id")) or 0
end
request = function()
  counter = counter + 1
  local path = paths[(counter %% #paths) + 1]
  local marked = string.sub(path, -2) == "#u"
  if marked then
    path = string.sub(path, 1, -3)
  end
  if unique or marked then
    path = path .. "%%20" .. thread_id .. "x" .. counter
  end
  return wrk.format("GET", path)
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def quote(text: str) -> str:
    return urllib.parse.quote(text, safe="")


def workload(index_dir: Path) -> dict[str, tuple[list[str], bool]]:
    """URL paths for each endpoint, made from the glossary itself."""
    from glossary.pinyin import plain_pinyin
    from index.reader import SearchIndex

    glossary = SearchIndex.open(index_dir).glossary
    searches, prefixes = [], []
    for term in glossary.terms:
        searches.append(term.zh)
        searches += list(term.aliases[:1])
        searches.append(term.en.split()[0])
        letters = plain_pinyin(term.pinyin)
        searches.append(letters[:6])
        for text in (term.zh.strip("“”"), letters, term.en.lower()):
            for size in range(1, 5):
                if len(text) >= size:
                    prefixes.append(text[:size])
    searches = list(dict.fromkeys(s for s in searches if s.strip()))
    prefixes = list(dict.fromkeys(p for p in prefixes if p.strip() and p.strip("“”")))
    # Typing that neither cache can answer: more distinct prefixes, cycled in order, than the replay
    # (web/replay.py) and the result cache (index/cache.py) hold, so each is evicted before it comes back.
    typed = []
    for term in glossary.terms:
        for text in (term.zh.strip("“”"), plain_pinyin(term.pinyin), term.en.lower(),
                     *(alias.strip("“”") for alias in term.aliases)):
            typed += [text[:size] for size in range(1, 6) if len(text) >= size]
    typed = list(dict.fromkeys(p for p in typed if p.strip() and p.strip("“”")))
    # Each prefix with limit 8, 9 and 10 (the suggester does the same work for each): with 2 workers and
    # 2 wrk threads, a path comes back after about len(typed) requests per worker, which must exceed both caches.
    typed = [f"/api/v1/suggest?q={quote(p)}&limit={limit}" for limit in (8, 9, 10) for p in typed]
    if len(typed) <= 2 * max(REPLAY_SIZE, CACHE_SIZE):
        raise SystemExit(f"only {len(typed)} distinct suggest requests: too few to defeat the caches")
    # A realistic mix, per term: three keystrokes of suggestions, the search a user then runs (popular
    # queries repeat: cached), and every third term a search nobody made before ("#u": made unique).
    mix = []
    for number, term in enumerate(glossary.terms):
        head = term.zh.strip("“”")
        mix += [f"/api/v1/suggest?q={quote(head[:size])}" for size in range(1, 4) if len(head) >= size]
        mix.append(f"/api/v1/search?q={quote(term.zh)}" + ("#u" if number % 3 == 0 else ""))
    return {
        "health": (["/api/v1/health"], False),
        "search": ([f"/api/v1/search?q={quote(q)}" for q in searches], False),
        "suggest": ([f"/api/v1/suggest?q={quote(p)}" for p in prefixes], False),
        "search-uncached": ([f"/api/v1/search?q={quote(t.zh)}" for t in glossary.terms], True),
        "suggest-uncached": (typed, False),
        "mix": (mix, False),
    }


def lua_script(paths: list[str], unique: bool, folder: Path, name: str) -> Path:
    body = LUA % {"paths": ",".join(json.dumps(p) for p in paths), "unique": "true" if unique else "false"}
    path = folder / f"{name}.lua"
    path.write_text(body, encoding="utf-8")
    return path


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(output: str) -> dict:
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for percent in ("50", "99"):
        result[f"p{percent}_ms"] = _ms(re.search(rf"^\s+{percent}(?:\.000)?%\s+(\S+)", output, re.M).group(1))
    result["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    result["errors"] = (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, sockets.groups())) if sockets else 0)
    return result


def run_wrk(base: str, script: Path, duration: int, connections: int, threads: int) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "5s",
               "-s", str(script), base]
    output = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=True).stdout
    return parse_wrk(output)


def worker_rss(master_pid: int) -> list[float]:
    """Resident memory (MiB) of each gunicorn worker (children of the master)."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return sizes


def wait_ready(base: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"glossary serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base + "/api/v1/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("glossary serve did not become ready")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index-dir", type=Path, help="A built index (default: build one in a temporary folder).")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--duration", type=int, default=20, help="Seconds per wrk run.")
    parser.add_argument("--rounds", type=int, default=3, help="Interleaved rounds; the median is reported.")
    parser.add_argument("--endpoints", default="health,search,suggest,search-uncached,suggest-uncached,mix",
                        help="Comma-separated subset to run (health is the baseline and always runs).")
    parser.add_argument("--json", action="store_true", help="Print the summary as JSON only.")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    glossary = Path(sys.executable).with_name("glossary")

    with tempfile.TemporaryDirectory(prefix="web-bench-") as tmp:
        folder = Path(tmp)
        index_dir = args.index_dir
        if index_dir is None:
            index_dir = folder / "index"
            subprocess.run([str(glossary), "build", "--index-dir", str(index_dir)], check=True,
                           stdout=subprocess.DEVNULL)
        wanted = {"health", *args.endpoints.split(",")}
        loads = {name: load for name, load in workload(index_dir).items() if name in wanted}
        counts = {name: len(paths) for name, (paths, _) in loads.items()}
        scripts = {name: lua_script(paths, unique, folder, name) for name, (paths, unique) in loads.items()}
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = (folder / "serve.log").open("w")
        server = subprocess.Popen(
            [str(glossary), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(args.workers),
             "--threads", str(args.threads), "--index-dir", str(index_dir), "--no-build"],
            stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_ready(base, server)
            for script in scripts.values():  # warm-up: open the index in every worker, fill the caches
                run_wrk(base, script, min(10, args.duration), args.connections, args.wrk_threads)
                time.sleep(PAUSE)
            rounds: dict[str, list[dict]] = {name: [] for name in scripts}
            for _ in range(args.rounds):
                for name, script in scripts.items():
                    rounds[name].append(run_wrk(base, script, args.duration, args.connections, args.wrk_threads))
                    time.sleep(PAUSE)  # let requests still queued in the server drain before the next run
            rss = worker_rss(server.pid)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
            log.close()

    summary = {name: {key: statistics.median(r[key] for r in runs) for key in ("rps", "p50_ms", "p99_ms")}
               | {"errors": sum(r["errors"] for r in runs), "requests": sum(r["requests"] for r in runs)}
               for name, runs in rounds.items()}
    baseline = summary["health"]["rps"]
    verdict = {f"{name}_vs_trivial": round(summary[name]["rps"] / baseline, 3)
               for name in ("search", "search-uncached", "suggest", "suggest-uncached", "mix") if name in summary}
    if "suggest" in summary:
        verdict["suggest_p99_ms"] = summary["suggest"]["p99_ms"]
    verdict["errors"] = sum(s["errors"] for s in summary.values())
    verdict["worker_rss_mib"] = [round(x, 1) for x in rss]
    report = {"settings": {k: getattr(args, k) for k in ("workers", "threads", "connections", "wrk_threads",
                                                          "duration", "rounds")},
              "distinct_paths": counts,
              "summary": summary, "verdict": verdict}
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    print(f"glossary serve --workers {args.workers} --threads {args.threads}; wrk -t{args.wrk_threads} "
          f"-c{args.connections} -d{args.duration}s, median of {args.rounds} rounds")
    print("| endpoint | requests/s | p50 ms | p99 ms | errors |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, s in summary.items():
        print(f"| {name} | {s['rps']:.0f} | {s['p50_ms']:.2f} | {s['p99_ms']:.2f} | {s['errors']} |")
    print(json.dumps(verdict))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
