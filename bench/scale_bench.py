"""Search at scale (issue 14): our engine and SQLite FTS5 side by side, from the seed to 660x.

For each corpus — the 2024 seed report alone (129 paragraphs), the shipped
collection (35 reports), and SYNTHETIC corpora of the seed repeated N times
(``--scales``, default 50 and 200; add 660 for the 20-year estimate) — with
the shipped glossary:

* ``glossary build --seeds-dir``: wall time, and memory measured from the
  build's own start: the peak RSS of its largest process (``ru_maxrss`` of the
  children of a small launcher process, so the benchmark's own high-water mark
  is not inherited; see :func:`measure.launch`) and the peak of the summed
  proportional set size (Pss) of the whole process tree (the build and its
  forked worker, shared pages counted once), sampled every 50 ms;
* uncached search: a fresh process per round opens the index, answers one
  warm-up query, then the query set once, timing each ``SearchIndex.search``
  (the full answer: terms, paragraphs, spans); rounds alternate with a fresh
  process that answers the same queries on an FTS5 trigram table of the same
  folded paragraphs (ids of every match; ``LIKE`` under 3 characters, as in
  ``bench_core.py``) and with a plain ``q in paragraph`` scan; p50/p99 are the
  medians over the rounds;
* serving memory: the searching process's VmRSS and VmHWM after the queries,
  read by itself from /proc (a fresh exec starts its own high-water mark);
* literal recall: every query's exact count against the truth (paragraphs
  whose folded text contains the folded query), and on the two real corpora
  the ids of every exact match;
* growth exponents between the two largest synthetic scales
  (``log(b / a) / log(scale_b / scale_a)``; 1.0 is linear).

Usage, from the repository root (times on the 2-core machine, quiet)::

    .venv/bin/python bench/scale_bench.py                      # seed, 35 reports, 50x, 200x: ~6 min
    .venv/bin/python bench/scale_bench.py --scales 50,200,660  # adds the 660x corpus: ~15 min
    .venv/bin/python bench/scale_bench.py --profile            # then cProfile tables per corpus
    .venv/bin/python bench/scale_bench.py --json out.json      # every figure as JSON too
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import bench_core  # noqa: E402 - the query set, summaries and synthetic corpus are shared
from measure import launch  # noqa: E402

PYTHON = sys.executable
GLOSSARY_CLI = str(Path(sys.executable).parent / "glossary")

SEARCH = r"""
import json, sys, time
from pathlib import Path
from index.reader import SearchIndex
index = SearchIndex.open(Path(sys.argv[1]))
queries = json.load(open(sys.argv[2], encoding="utf-8"))
check = sys.argv[3] == "check"
index.search("预热查询")
samples, exact = [], []
for query in queries:
    started = time.perf_counter_ns()
    result = index.search(query)
    samples.append(time.perf_counter_ns() - started)
    exact.append(result.paragraphs.exact)
status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
out = {"samples": samples, "exact": exact, "rss_mib": int(status["VmRSS"].split()[0]) / 1024,
       "hwm_mib": int(status["VmHWM"].split()[0]) / 1024, "paragraphs": len(index.glossary.paragraphs)}
if check:  # the ids of every exact match, paging by 100
    found = []
    for query in queries:
        ids, offset = set(), 0
        while True:
            result = index.search(query, limit=100, offset=offset)
            ids.update(hit.paragraph.id for hit in result.paragraphs.items if hit.match.value == "exact")
            offset += 100
            if offset >= result.paragraphs.exact or not result.paragraphs.items:
                break
        found.append(sorted(ids))
    out["ids"] = found
print(json.dumps(out))
"""

BASELINES = r"""
import json, re, sqlite3, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
import bench_core
from glossary.text import fold_text
from index.layout import FOLDED_FILE, current_build, read_json
texts = read_json(current_build(Path(sys.argv[1])), FOLDED_FILE)
queries = json.load(open(sys.argv[2], encoding="utf-8"))
connection = sqlite3.connect(":memory:")
connection.execute("CREATE VIRTUAL TABLE p USING fts5(pid UNINDEXED, body, tokenize='trigram')")
connection.executemany("INSERT INTO p(pid, body) VALUES (?, ?)", ((str(n), t) for n, t in enumerate(texts)))
connection.commit()
bench_core.fts5_search(connection, "预热查询")
fts5, scan, truth = [], [], []
for query in queries:
    started = time.perf_counter_ns()
    ids = bench_core.fts5_search(connection, query)
    fts5.append(time.perf_counter_ns() - started)
    folded = fold_text(query)
    started = time.perf_counter_ns()
    found = [n for n, text in enumerate(texts) if folded in text]
    scan.append(time.perf_counter_ns() - started)
    truth.append(len(found))
    if len(ids) != len(found):
        raise SystemExit(f"FTS5 and the scan disagree on {query!r}: {len(ids)} vs {len(found)}")
print(json.dumps({"fts5": fts5, "scan": scan, "truth": truth}))
"""


def run_json(code: str, work: Path, *args: str) -> dict:
    done = subprocess.run([PYTHON, "-c", code, *args], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def summary(samples_lists: list[list[int]]) -> dict:
    """Median over rounds of p50, p99 and mean (ms)."""
    rounds = [bench_core.summarize_ns(s) for s in samples_lists]
    return {key: round(statistics.median(r[key] for r in rounds), 4) for key in ("p50", "p99", "mean")}


def bench_corpus(name: str, seeds: Path, work: Path, queries_file: Path, queries: list[str],
                 builds: int, rounds: int, check_ids: bool) -> dict:
    print(f"{name}: building …", flush=True)
    build_runs = []
    for number in range(builds):
        index_dir = work / f"{name}-index-{number}"
        figures, _ = launch([GLOSSARY_CLI, "build", "--index-dir", str(index_dir), "--seeds-dir", str(seeds)],
                            work, sample=True)
        build_runs.append(figures)
    print(f"  {[round(b['seconds'], 2) for b in build_runs]} s", flush=True)
    ours, base = [], []
    for number in range(rounds):
        pair = [lambda: ours.append(run_json(SEARCH, work, str(index_dir), str(queries_file), "no")),
                lambda: base.append(run_json(BASELINES, work, str(index_dir), str(queries_file), str(ROOT / "bench")))]
        for step in (pair if number % 2 == 0 else reversed(pair)):
            step()
    truth = base[0]["truth"]
    result = {
        "paragraphs": ours[0]["paragraphs"],
        "build_s": round(statistics.median(b["seconds"] for b in build_runs), 2),
        "build_runs_s": [round(b["seconds"], 2) for b in build_runs],
        "build_cpu_s": round(statistics.median(b["cpu_s"] for b in build_runs), 2),
        "build_peak_process_mib": round(max(b["maxrss_mib"] for b in build_runs), 1),
        "build_peak_tree_mib": round(max(b["tree_peak_mib"] for b in build_runs), 1),
        "ours": summary([r["samples"] for r in ours]),
        "fts5": summary([r["fts5"] for r in base]),
        "scan": summary([r["scan"] for r in base]),
        "serving_rss_mib": round(statistics.median(r["rss_mib"] for r in ours), 1),
        "serving_hwm_mib": round(statistics.median(r["hwm_mib"] for r in ours), 1),
        "count_mismatches": sum(a != b for a, b in zip(ours[0]["exact"], truth, strict=True)),
        "queries_with_matches": sum(1 for t in truth if t),
    }
    per_query = [statistics.median(r["samples"][i] for r in ours) for i in range(len(queries))]
    result["slowest"] = [(round(ns / 1e6, 2), q) for ns, q in sorted(zip(per_query, queries, strict=True),
                                                                      reverse=True)[:5]]
    if check_ids:
        checked = run_json(SEARCH, work, str(index_dir), str(queries_file), "check")
        folded = run_json(IDS_TRUTH, work, str(index_dir), str(queries_file))
        result["id_mismatches"] = sum(a != b for a, b in zip(checked["ids"], folded["ids"], strict=True))
    result["ratio_p50"] = round(result["ours"]["p50"] / result["fts5"]["p50"], 2)
    result["ratio_p99"] = round(result["ours"]["p99"] / result["fts5"]["p99"], 2)
    print(f"  {json.dumps(result, ensure_ascii=False)}", flush=True)
    return result


IDS_TRUTH = r"""
import json, sys
from pathlib import Path
from glossary.text import fold_text
from index.layout import GLOSSARY_FILE, current_build, read_json
build = current_build(Path(sys.argv[1]))
paragraphs = read_json(build, GLOSSARY_FILE)["paragraphs"]
texts = [(p["id"], fold_text(p["text"])) for p in paragraphs]
queries = json.load(open(sys.argv[2], encoding="utf-8"))
print(json.dumps({"ids": [sorted(pid for pid, text in texts if fold_text(q) in text) for q in queries]}))
"""


def exponent(a: float, b: float, scale_a: int, scale_b: int) -> float:
    return round(math.log(b / a) / math.log(scale_b / scale_a), 2)


def markdown(report: dict) -> str:
    corpora = report["corpora"]
    names = list(corpora)
    lines = ["| figure | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]

    def row(label, fn):
        lines.append(f"| {label} | " + " | ".join(fn(corpora[n]) for n in names) + " |")

    row("paragraphs", lambda c: f"{c['paragraphs']:,}")
    row("`glossary build`, median (runs)", lambda c: f"{c['build_s']:.2f} s ({', '.join(map(str, c['build_runs_s']))})")
    row("build CPU (process + worker)", lambda c: f"{c['build_cpu_s']:.1f} s")
    row("build peak RSS, largest process", lambda c: f"{c['build_peak_process_mib']:.0f} MiB")
    row("build peak memory, process tree (Pss, sampled)", lambda c: f"{c['build_peak_tree_mib']:.0f} MiB")
    row("ours uncached p50 / p99", lambda c: f"{c['ours']['p50']:.3f} / {c['ours']['p99']:.2f} ms")
    row("FTS5 trigram p50 / p99", lambda c: f"{c['fts5']['p50']:.3f} / {c['fts5']['p99']:.2f} ms")
    row("`q in paragraph` scan p50 / p99", lambda c: f"{c['scan']['p50']:.3f} / {c['scan']['p99']:.2f} ms")
    row("ratio ours / FTS5, p50 / p99", lambda c: f"{c['ratio_p50']:.1f}× / {c['ratio_p99']:.2f}×")
    row("searching process RSS / peak", lambda c: f"{c['serving_rss_mib']:.0f} / {c['serving_hwm_mib']:.0f} MiB")
    row("literal counts differing from the truth", lambda c: f"{c['count_mismatches']} of {c['queries_with_matches']}")
    row("exact ids differing from the truth", lambda c: str(c.get("id_mismatches", "—")))
    if report.get("exponents"):
        lines += ["", "Growth exponents " + report["exponents"]["between"] + ": " +
                  ", ".join(f"{k} {v}" for k, v in report["exponents"].items() if k != "between")]
    return "\n".join(lines)


def profile(index_dir: Path, queries: list[str]) -> str:
    import cProfile
    import io
    import pstats

    from index.reader import SearchIndex

    index = SearchIndex.open(index_dir)
    index.search("预热查询")
    profiler = cProfile.Profile()
    profiler.enable()
    for query in queries:
        index.search(query)
    profiler.disable()
    index.close()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(15)
    stats.sort_stats("cumulative").print_stats(20)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="50,200", help="synthetic multiples of the seed, comma-separated")
    parser.add_argument("--rounds", type=int, default=3, help="search rounds per corpus (fresh processes)")
    parser.add_argument("--builds", type=int, default=3, help="timed builds of the seed and the 35 reports")
    parser.add_argument("--scaled-builds", type=int, default=1, help="timed builds of each synthetic corpus")
    parser.add_argument("--corpora", default="seed,reports,synthetic", help="which corpora to run")
    parser.add_argument("--profile", action="store_true", help="afterwards, cProfile tables per corpus")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args()
    from glossary.build import build_glossary
    from glossary.corpus import default_seeds_dir

    wanted = set(args.corpora.split(","))
    scales = [int(s) for s in args.scales.split(",") if s] if "synthetic" in wanted else []
    report: dict = {"machine": bench_core.machine(), "corpora": {}}
    print(f"# scale_bench {json.dumps(report['machine'], ensure_ascii=False)}", flush=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="scale-bench-") as tmp:
        work = Path(tmp)
        seed_seeds = bench_core.seed_only(default_seeds_dir(), work / "seed-only")
        seed = build_glossary(seed_seeds)
        drawn = bench_core.draw_queries(seed.paragraphs, seed.terms, bench_core.FULL_MIX)
        queries = [q for q, _ in drawn]
        queries_file = work / "queries.json"
        queries_file.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
        corpora: list[tuple[str, Path, int, bool]] = []
        if "seed" in wanted:
            corpora.append(("seed (nmg-2024)", seed_seeds, args.builds, True))
        if "reports" in wanted:
            corpora.append(("35 reports", default_seeds_dir(), args.builds, True))
        for scale in scales:
            folder = bench_core.write_synthetic_seeds(work / f"synthetic-{scale}x", seed.paragraphs, scale)
            corpora.append((f"SYNTHETIC {scale}×", folder, args.scaled_builds, False))
        for name, seeds, builds, check in corpora:
            report["corpora"][name] = bench_corpus(name.split()[0] + name.split()[-1], seeds, work, queries_file,
                                                   queries, builds, args.rounds, check)
            report["corpora"][name]["index"] = str(work / f"{name.split()[0] + name.split()[-1]}-index-0")
        if len(scales) >= 2:
            a, b = scales[-2], scales[-1]
            ca, cb = report["corpora"][f"SYNTHETIC {a}×"], report["corpora"][f"SYNTHETIC {b}×"]
            report["exponents"] = {
                "between": f"{a}× and {b}×",
                "build time": exponent(ca["build_s"], cb["build_s"], a, b),
                "build memory (tree)": exponent(ca["build_peak_tree_mib"], cb["build_peak_tree_mib"], a, b),
                "p50": exponent(ca["ours"]["p50"], cb["ours"]["p50"], a, b),
                "p99": exponent(ca["ours"]["p99"], cb["ours"]["p99"], a, b),
                "serving RSS": exponent(ca["serving_rss_mib"], cb["serving_rss_mib"], a, b),
            }
        report["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
        report["seconds"] = round(time.perf_counter() - started, 1)
        profiles = {name: profile(Path(c["index"]), queries) for name, c in report["corpora"].items()} \
            if args.profile else {}
    print()
    print(markdown(report))
    print(json.dumps({"exponents": report.get("exponents"), "machine": report["machine"],
                      "seconds": report["seconds"]}, ensure_ascii=False))
    for name, text in profiles.items():
        print(f"\n## profile: {name}\n{text}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
