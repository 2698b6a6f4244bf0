"""Search v2 benchmark (issue 8): the restructured search side by side with the code before it.

Everything runs in one sitting, the two sides interleaved, so the machine's
noise hits both alike:

* **latency** — uncached search over the core benchmark's query set
  (:func:`bench_core.draw_queries`, full mix, fixed seed): each round starts a
  fresh process per side that opens its own build, runs one warm-up query and
  times every query once; p50/p99 are the medians over the rounds. Both sides
  index the same content, the before revision's report and glossary, so the
  code alone differs; a third line runs the new code on today's content. *Before* is
  ``SearchIndex._search`` of the ``--before`` revision (its results are final
  dicts with HTML); *after* is ``index.reader.SearchIndex.search`` (immutable
  records with spans), and also with ``to_dict()`` (the JSON shape) added;
* **recognition** — ``Glossary.recognize`` on 2 000 and 20 000 characters of
  the report, median of 30 runs;
* **suggest under ``glossary serve``** — wrk against ``/api/v1/suggest`` over
  typed prefixes (inside-word matching included): repeated (answered by the
  replay cache after the first time, as typing mostly is) and with every query
  new (a unique suffix, so every request runs the suggester);
* **swaps under traffic** — each side serves a build with 2 workers and
  ``GLOSSARY_INDEX_CHECK_SECONDS=1`` while wrk sends searches; the build is
  replaced 10 times (a new build folder, ``CURRENT`` swapped as ``glossary
  build`` does, the build before the previous one deleted); after each swap
  each worker's VmRSS, open files and open *deleted* files are read from /proc.

Usage, from the repository root with the project's venv, on a quiet machine
(wrk from Debian: ``apt-get install wrk``)::

    .venv/bin/python bench/search_v2.py                     # about 6 minutes
    .venv/bin/python bench/search_v2.py --rounds 3 --swaps 5 --duration 5   # a quicker look

``--before`` is the revision to compare with (default: the last commit before
the restructure). It is checked out into a temporary git worktree and removed
afterwards; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import bench_core  # noqa: E402 - the query set and the summaries are shared with the core benchmark
import web_bench  # noqa: E402 - the server, wrk and /proc helpers are shared with the web benchmark

BEFORE = "cfd5203"  # "Terms: a rendering may be deprecated": the last commit with the old index/search.py
PYTHON = sys.executable

TIME_QUERIES = r"""
import json, sys, time
from pathlib import Path
side, index_dir, queries = sys.argv[1], Path(sys.argv[2]), json.load(open(sys.argv[3], encoding="utf-8"))
if side == "before":
    from index.search import SearchIndex
    index = SearchIndex.open(index_dir)
    run = {"search": index._search}
else:
    from index.reader import SearchIndex
    index = SearchIndex.open(index_dir)
    run = {"search": index.search, "search+to_dict": lambda q: index.search(q).to_dict(index.glossary)}
out = {}
for name, call in run.items():
    call("预热查询")
    samples = []
    for query in queries:
        started = time.perf_counter_ns()
        call(query)
        samples.append(time.perf_counter_ns() - started)
    out[name] = samples
print(json.dumps(out))
"""

BUILD = r"""
import sys
from pathlib import Path
from index.build import build_index
build_index(Path(sys.argv[1]), seeds_dir=Path(sys.argv[2]), data_dir=Path(sys.argv[3]))
"""


def side_env(root: Path) -> dict:
    """Run a side's code: its checkout first on the path (ahead of the editable install)."""
    env = dict(os.environ, PYTHONPATH=str(root), PYTHONHASHSEED="0")
    env.pop("GLOSSARY_INDEX_DIR", None)
    return env


def check_side(root: Path, module: str) -> None:
    probe = subprocess.run([PYTHON, "-c", f"import {module}, sys; print({module}.__file__)"], env=side_env(root),
                           capture_output=True, text=True, check=True, cwd=root)
    if not probe.stdout.strip().startswith(str(root)):
        raise SystemExit(f"{module} resolves to {probe.stdout.strip()}, not to {root}")


def ms(ns: float) -> float:
    return round(ns / 1e6, 3)


def bench_latency(sides: dict[str, Path], builds: dict[str, Path], queries_file: Path, rounds: int) -> dict:
    per_round: dict[str, list[dict]] = {}
    for number in range(rounds):
        order = list(sides) if number % 2 == 0 else list(reversed(sides))
        for side in order:
            done = subprocess.run([PYTHON, "-c", TIME_QUERIES, side, str(builds[side]), str(queries_file)],
                                  env=side_env(sides[side]), cwd=sides[side], capture_output=True, text=True,
                                  check=True)
            for name, samples in json.loads(done.stdout).items():
                per_round.setdefault(f"{side}: {name}", []).append(bench_core.summarize_ns(samples))
    # summarize_ns already gives milliseconds.
    return {name: {"p50_ms": round(statistics.median(s["p50"] for s in runs), 3),
                   "p99_ms": round(statistics.median(s["p99"] for s in runs), 3),
                   "mean_ms": round(statistics.median(s["mean"] for s in runs), 3), "rounds": len(runs),
                   "queries": runs[0]["n"]}
            for name, runs in per_round.items()}


def bench_recognition() -> dict:
    from glossary.build import build_glossary

    glossary = build_glossary()
    report = "\n".join(p.text for p in glossary.paragraphs)
    text = (report * (20_000 // len(report) + 1))[:20_000]
    figures = {}
    for size in (2_000, 20_000):
        sample = text[:size]
        glossary.recognize(sample)
        times = []
        for _ in range(30):
            started = time.perf_counter_ns()
            found = glossary.recognize(sample)
            times.append(time.perf_counter_ns() - started)
        figures[f"{size} chars"] = {"median_ms": ms(statistics.median(times)), "max_ms": ms(max(times)),
                                    "terms": len(found.terms), "places": sum(len(t.spans) for t in found.terms)}
    return figures


def serve(root: Path, index_dir: Path, port: int, log: Path, check_seconds: int = 10) -> subprocess.Popen:
    env = side_env(root) | {"GLOSSARY_INDEX_CHECK_SECONDS": str(check_seconds)}
    return subprocess.Popen([PYTHON, "-c", "from cli.main import main; main()", "serve", "--host", "127.0.0.1",
                             "--port", str(port), "--workers", "2", "--threads", "4", "--index-dir",
                             str(index_dir), "--no-build"],
                            env=env, cwd=root, stdout=log.open("w"), stderr=subprocess.STDOUT)


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)


def bench_suggest(after: Path, index_dir: Path, work: Path, duration: int, rounds: int, connections: int = 32) -> dict:
    from glossary.pinyin import plain_pinyin
    from glossary.text import fold_text
    from index.reader import SearchIndex

    index = SearchIndex.open(index_dir)
    prefixes = []
    for term in index.glossary.terms:
        words = term.en.lower().split()
        for text in (term.zh.strip("“”"), plain_pinyin(term.pinyin), term.en.lower(), *words[1:],
                     term.zh.strip("“”")[1:]):
            prefixes += [text[:size] for size in range(1, 6) if len(text) >= size]
    index.close()
    usable = dict.fromkeys(p for p in prefixes if fold_text(p))  # not only spaces or quotation marks (a 400)
    paths = [f"/api/v1/suggest?q={web_bench.quote(p)}" for p in usable]
    scripts = {"suggest (repeated)": web_bench.lua_script(paths, False, work, "suggest"),
               "suggest (every query new)": web_bench.lua_script(paths, True, work, "suggest-new"),
               "health": web_bench.lua_script(["/api/v1/health"], False, work, "health")}
    port = web_bench.free_port()
    base = f"http://127.0.0.1:{port}"
    server = serve(after, index_dir, port, work / "serve-suggest.log")
    try:
        web_bench.wait_ready(base, server)
        for script in scripts.values():
            web_bench.run_wrk(base, script, 5, connections, 2)
        runs: dict[str, list[dict]] = {name: [] for name in scripts}
        for _ in range(rounds):
            for name, script in scripts.items():
                runs[name].append(web_bench.run_wrk(base, script, duration, connections, 2))
                time.sleep(web_bench.PAUSE)
    finally:
        stop(server)
    return {name: {"rps": round(statistics.median(r["rps"] for r in rs)),
                   "p50_ms": round(statistics.median(r["p50_ms"] for r in rs), 2),
                   "p99_ms": round(statistics.median(r["p99_ms"] for r in rs), 2),
                   "errors": sum(r["errors"] for r in rs), "distinct_paths": len(paths)}
            for name, rs in runs.items()}


def worker_files(pid: str) -> tuple[int, int]:
    """(open files, open files whose path was deleted) of one process."""
    total = deleted = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        total += 1
        deleted += target.endswith("(deleted)")
    return total, deleted


def sample_workers(master: int) -> list[dict]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    out = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        rss = int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1]) / 1024
        files, deleted = worker_files(pid)
        out.append({"pid": int(pid), "rss_mib": round(rss, 1), "files": files, "deleted_files": deleted})
    return out


def swap_build(index_dir: Path, number: int) -> None:
    """What `glossary build` does to the folder: a complete new build, CURRENT replaced, older builds removed."""
    live = (index_dir / "CURRENT").read_text().strip()
    fresh = f"build-swap-{number:02d}"
    shutil.copytree(index_dir / live, index_dir / fresh)
    (index_dir / "CURRENT.tmp").write_text(fresh)
    (index_dir / "CURRENT.tmp").replace(index_dir / "CURRENT")
    for path in index_dir.glob("build-*"):
        if path.name not in (fresh, live):
            shutil.rmtree(path)


def bench_swaps(root: Path, build: Path, work: Path, side: str, swaps: int) -> dict:
    index_dir = work / f"swap-{side}"
    shutil.copytree(build, index_dir, ignore=shutil.ignore_patterns(".lock"))
    port = web_bench.free_port()
    base = f"http://127.0.0.1:{port}"
    server = serve(root, index_dir, port, work / f"serve-swaps-{side}.log", check_seconds=1)
    queries = ["三北", "天骏", "发展", "sanbei", "Six Projects", "shelterbelt", "生态保护", "工程", "牧骑", "5G"]
    script = web_bench.lua_script([f"/api/v1/search?q={web_bench.quote(q)}" for q in queries], True, work,
                                  f"traffic-{side}")
    samples = []
    try:
        web_bench.wait_ready(base, server)
        web_bench.run_wrk(base, script, 3, 8, 1)  # every worker opens its index
        samples.append({"swap": 0, "workers": sample_workers(server.pid)})
        traffic = subprocess.Popen(["wrk", "-t1", "-c8", f"-d{4 * swaps + 10}s", "--timeout", "5s", "-s",
                                    str(script), base], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for number in range(1, swaps + 1):
            swap_build(index_dir, number)
            time.sleep(4)  # > the 1 s check: every worker has switched and served on the new build
            samples.append({"swap": number, "workers": sample_workers(server.pid)})
        output, _ = traffic.communicate(timeout=120)
        load = {"requests": int(re.search(r"(\d+) requests in", output).group(1)), "errors": 0}
        for pattern in (r"Non-2xx or 3xx responses: (\d+)",
                        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"):
            found = re.search(pattern, output)
            load["errors"] += sum(map(int, found.groups())) if found else 0
    finally:
        stop(server)
    first, last = samples[0]["workers"], samples[-1]["workers"]
    return {"samples": samples, "traffic": {"requests": load["requests"], "errors": load["errors"]},
            "per_swap": {"rss_mib": round(sum(b["rss_mib"] - a["rss_mib"] for a, b in zip(first, last, strict=True))
                                          / len(first) / swaps, 2),
                         "files": round(sum(b["files"] - a["files"] for a, b in zip(first, last, strict=True))
                                        / len(first) / swaps, 2)}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", default=BEFORE, help="Revision to compare with (default: %(default)s).")
    parser.add_argument("--rounds", type=int, default=7, help="Latency rounds per side (median reported).")
    parser.add_argument("--duration", type=int, default=15, help="Seconds per wrk run for suggest.")
    parser.add_argument("--suggest-rounds", type=int, default=3)
    parser.add_argument("--swaps", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32, help="wrk connections for suggest.")
    parser.add_argument("--parts", default="latency,recognition,suggest,swaps",
                        help="Comma-separated parts to run (default: all).")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    report: dict = {"machine": bench_core.machine(), "before": args.before,
                    "after": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                            text=True).stdout.strip(),
                    "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    with tempfile.TemporaryDirectory(prefix="search-v2-") as tmp:
        work = Path(tmp)
        before = work / "before"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(before), args.before], cwd=ROOT, check=True)
        try:
            sides = {"before": before, "after": ROOT}
            check_side(before, "index.search")
            check_side(ROOT, "index.reader")
            # Both sides index the same content, the before revision's (its report and glossary), so the
            # comparison is of code alone; "after, today's content" adds the current reports and glossary.
            seeds, data = before / "seeds", before / "glossary" / "data"
            builds = {side: work / f"index-{side}" for side in sides}
            for side, root in sides.items():
                subprocess.run([PYTHON, "-c", BUILD, str(builds[side]), str(seeds), str(data)], env=side_env(root),
                               cwd=root, check=True)
            current = work / "index-current"
            subprocess.run([PYTHON, "-c", BUILD, str(current), str(ROOT / "seeds"), str(ROOT / "glossary" / "data")],
                           env=side_env(ROOT), cwd=ROOT, check=True)
            from glossary.build import build_glossary

            glossary = build_glossary(seeds, data)
            drawn = bench_core.draw_queries(glossary.paragraphs, glossary.terms, bench_core.FULL_MIX)
            queries_file = work / "queries.json"
            queries_file.write_text(json.dumps([q for q, _ in drawn], ensure_ascii=False), encoding="utf-8")
            if "latency" in parts:
                print(f"latency: {len(drawn)} queries, {args.rounds} rounds per side", file=sys.stderr)
                report["latency"] = bench_latency({**sides, "after, today's content": ROOT},
                                                  {**builds, "after, today's content": current},
                                                  queries_file, args.rounds)
            if "recognition" in parts:
                report["recognition"] = bench_recognition()
            if "suggest" in parts:
                print(f"suggest under glossary serve, {args.connections} connections", file=sys.stderr)
                report["suggest"] = bench_suggest(ROOT, builds["after"], work, args.duration, args.suggest_rounds,
                                                  args.connections)
            if "swaps" in parts:
                print(f"{args.swaps} swaps under traffic, each side", file=sys.stderr)
                report["swaps"] = {side: bench_swaps(root, builds[side], work, side, args.swaps)
                                   for side, root in sides.items()}
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(before)], cwd=ROOT, check=False)
    print(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
