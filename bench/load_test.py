"""Sustained load with an index swap half-way (issue 15): zero errors, latency, throughput, worker growth.

Starts `glossary serve` on 127.0.0.1 (its own copy of the index, in a temporary
folder), then runs wrk for DURATION seconds at CONNECTIONS connections over a
realistic mix of requests, each new:

=============  ======  ======================================================
kind           share   request
=============  ======  ======================================================
search         40 %    GET /api/v1/search?q=<a real term + a unique number>
                       (every request misses the caches and runs the search)
suggest        20 %    GET /api/v1/suggest?q=<1–3 characters of a headword>
term page      15 %    GET /terms/<id> (HTML)
reader          8 %    GET /reports/<id>?term=<id> (HTML, the longest pages)
recognize      10 %    POST /api/v1/recognize {"text": a report paragraph}
check           7 %    POST /api/v1/check {"segments": [a source, a target]}
=============  ======  ======================================================

Half-way through, it runs `glossary build` into the served index folder (a
new build directory, then CURRENT switched atomically), and the workers move
to the new build while answering. wrk stops by itself; the script then
reports requests/s, p50/p99, errors (socket errors and any status other than
200) and, for each worker, resident memory (VmRSS) and open files at the
start and at the end, read from /proc/PID. "Start" is after a warm-up with
the same mix (30 s by default) that fills the workers' bounded caches, so the
growth measured is what a leak would add, not the caches filling up.

    .venv/bin/python bench/load_test.py                     # 60 s, 64 connections, 2 workers
    .venv/bin/python bench/load_test.py --duration 20       # a quicker look

Needs wrk (Debian: apt-get install wrk). Linux only (/proc).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# wrk's Lua: each request picks its kind by a weighted draw from the MIX table and makes it unique.
LUA = r"""
local mix = {%(mix)s}
local searches = {%(searches)s}
local prefixes = {%(prefixes)s}
local terms = {%(terms)s}
local reports = {%(reports)s}
local texts = {%(texts)s}
local checks = {%(checks)s}
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
function init(args)
  math.randomseed(tonumber(wrk.thread:get("id")) or 1)
  counter = (tonumber(wrk.thread:get("id")) or 0) * 100000000
end
local function pick(list) return list[math.random(#list)] end
request = function()
  counter = counter + 1
  local draw = math.random()
  local kind = "search"
  for _, entry in ipairs(mix) do
    if draw <= entry[2] then kind = entry[1]; break end
  end
  if kind == "search" then
    return wrk.format("GET", "/api/v1/search?q=" .. pick(searches) .. "%%20" .. counter)
  elseif kind == "suggest" then
    return wrk.format("GET", "/api/v1/suggest?q=" .. pick(prefixes))
  elseif kind == "term" then
    return wrk.format("GET", "/terms/" .. pick(terms) .. "?lang=en")
  elseif kind == "reader" then
    local r = pick(reports)
    return wrk.format("GET", "/reports/" .. r[1] .. "?term=" .. r[2])
  elseif kind == "recognize" then
    return wrk.format("POST", "/api/v1/recognize", {["Content-Type"] = "application/json"}, pick(texts))
  else
    return wrk.format("POST", "/api/v1/check", {["Content-Type"] = "application/json"}, pick(checks))
  end
end
local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("RESULT %%d %%.3f %%.3f %%d %%d %%d %%d %%d %%d\n", summary.requests,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout, summary.duration))
end
"""

MIX = (("search", 0.40), ("suggest", 0.20), ("term", 0.15), ("reader", 0.08), ("recognize", 0.10), ("check", 0.07))


def _lua_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid Lua string literal for these texts


def _quote(text: str) -> str:
    return urllib.request.quote(text, safe="")


def request_material(glossary) -> dict[str, str]:
    """The Lua tables: real queries, prefixes, term ids, (report, term) pairs, texts and segments."""
    rng = random.Random(15)
    terms = [t for t in glossary.terms if glossary.paragraphs_of(t.id)]
    searches = [_quote(t.zh) for t in terms] + [_quote(t.en) for t in terms[:100]]
    prefixes = sorted({_quote(t.zh[:n]) for t in terms for n in (1, 2, 3) if len(t.zh) >= n})
    pairs = []
    for term in rng.sample(terms, 60):
        report = glossary.paragraph_by_id[glossary.paragraphs_of(term.id)[0].id].report_id
        pairs.append(f"{{{_lua_string(report)}, {_lua_string(term.id)}}}")
    paragraphs = [p for p in glossary.paragraphs if 40 <= len(p.text) <= 600]
    texts = [_lua_string(json.dumps({"text": p.text}, ensure_ascii=False)) for p in rng.sample(paragraphs, 200)]
    checks = []
    for term in rng.sample(terms, 100):
        source = glossary.paragraphs_of(term.id)[0].text[:300]
        target = f"We will advance the {term.en} and do well in this work."
        checks.append(_lua_string(json.dumps({"segments": [{"source": source, "target": target}]},
                                             ensure_ascii=False)))
    cumulative, mix = 0.0, []
    for kind, share in MIX:
        cumulative += share
        mix.append(f'{{"{kind}", {cumulative:.4f}}}')
    return {"mix": ", ".join(mix), "searches": ", ".join(_lua_string(s) for s in searches),
            "prefixes": ", ".join(_lua_string(p) for p in prefixes),
            "terms": ", ".join(_lua_string(t.id) for t in terms), "reports": ", ".join(pairs),
            "texts": ", ".join(texts), "checks": ", ".join(checks)}


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the service at {url} did not answer within {timeout} s")


def worker_pids(master: int) -> list[int]:
    """gunicorn's workers: the children of the master process."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def worker_state(pid: int) -> tuple[int, int]:
    """(VmRSS in KiB, open file descriptors) of one process, read from /proc."""
    rss = int(re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text()).group(1))
    return rss, len(os.listdir(f"/proc/{pid}/fd"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=30, help="seconds of the same mix before 'start'")
    parser.add_argument("--no-swap", action="store_true", help="do not rebuild half-way")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found (apt-get install wrk)")
    from glossary.build import build_glossary
    from index.build import build_index

    work = Path(tempfile.mkdtemp(prefix="load-test-"))
    index_dir = work / "index"
    glossary_bin = str(Path(sys.executable).with_name("glossary"))
    try:
        print(f"building the index in {index_dir} …", flush=True)
        build_index(index_dir)
        glossary = build_glossary()
        script = work / "mix.lua"
        script.write_text(LUA % request_material(glossary), encoding="utf-8")
        port = _free_port()
        env = {**os.environ, "GLOSSARY_INDEX_DIR": str(index_dir)}
        server = subprocess.Popen([glossary_bin, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers",
                                   str(args.workers), "--index-dir", str(index_dir)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait(base + "/api/v1/health")
            # Warm every worker with the same mix until its caches (the result cache, 2,048 answers per kind,
            # and the replay store, 24 MiB) are full: "start" is then a serving worker at its working size,
            # and growth from there is what a leak would show, not caches filling up to their bounds.
            subprocess.run(["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.warmup}s", "-s",
                            str(script), base], check=True, capture_output=True)
            pids = worker_pids(server.pid)
            start = {pid: worker_state(pid) for pid in pids}
            build_before = json.load(urllib.request.urlopen(base + "/api/v1/health"))["build"]
            swap: dict[str, float | str] = {}

            def rebuild() -> None:
                time.sleep(args.duration / 2)
                began = time.monotonic()
                subprocess.run([glossary_bin, "build", "--index-dir", str(index_dir)], check=True,
                               capture_output=True)
                swap["seconds"] = round(time.monotonic() - began, 1)
                swap["at"] = round(args.duration / 2, 1)

            swapper = threading.Thread(target=rebuild, daemon=True)
            if not args.no_swap:
                swapper.start()
            run = subprocess.run(["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s",
                                  "--timeout", "10s", "--latency", "-s", str(script), base],
                                 check=True, capture_output=True, text=True)
            if not args.no_swap:
                swapper.join()
            build_after = json.load(urllib.request.urlopen(base + "/api/v1/health"))["build"]
            time.sleep(2)  # let the workers' watchers close the old build
            end_pids = worker_pids(server.pid)
            end = {pid: worker_state(pid) for pid in end_pids}
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        line = next(x for x in run.stdout.splitlines() if x.startswith("RESULT"))
        requests, p50, p99, connect, read, write, status, timeout, micros = line.split()[1:]
        seconds = int(micros) / 1e6
        errors = {"connect": int(connect), "read": int(read), "write": int(write), "status": int(status),
                  "timeout": int(timeout)}
        figures = {
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": f"{os.cpu_count()} cores",
            "duration_s": round(seconds, 1), "connections": args.connections, "workers": args.workers,
            "requests": int(requests), "requests_per_s": round(int(requests) / seconds, 1),
            "p50_ms": float(p50), "p99_ms": float(p99), "errors": errors,
            "swap": {"from": build_before, "to": build_after, **swap} if not args.no_swap else None,
            "workers_replaced": sorted(set(pids) ^ set(end_pids)),
            "worker_state": [{"pid": pid, "rss_kib_start": start[pid][0], "rss_kib_end": end[pid][0],
                              "rss_growth": round(end[pid][0] / start[pid][0] - 1, 3),
                              "fds_start": start[pid][1], "fds_end": end[pid][1]}
                             for pid in pids if pid in end],
        }
        print(json.dumps(figures, indent=1))
        if args.json:
            args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
        failed = sum(errors.values()) or figures["workers_replaced"] or (
            not args.no_swap and build_after == build_before)
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
