"""Core search benchmark (issue 2): build, cold start, latency, peak RSS, SQLite FTS5, 50x.

Run from the repository root with the project's venv::

    .venv/bin/python bench/bench_core.py            # full run, about 4-5 minutes on 2 cores
    .venv/bin/python bench/bench_core.py --quick    # smoke run, about 1-2 minutes
    .venv/bin/python bench/bench_core.py --profile  # afterwards, cProfile tables (slow: +3 min)

What it measures, on the shipped seed report and the shipped glossary:

* build: ``glossary build --index-dir <tmp>`` as a subprocess (wall time, median
  of 3, each into a fresh folder), its CPU time and peak RSS (the user+system
  time and ru_maxrss of a small launcher's children, ``bench/measure.py``: the
  largest of the process and its reaped workers, measured from its own start);
* cold start: a fresh ``python -c`` that imports, opens the index and completes
  ``search("三北")``, and the ``glossary search 三北 --index-dir`` CLI, each timed
  from outside (median of 5, after one unmeasured warm-up run so that the OS
  page cache is warm);
* latency over a few hundred distinct queries (mix: :data:`FULL_MIX`, drawn by
  :func:`draw_queries` with a fixed seed): uncached = ``SearchIndex.search``
  (index/reader.py, which has no cache) on a fresh ``SearchIndex`` per repetition after one
  warm-up query that is not in the set; cached = the same queries repeated
  through ``CachedIndex.search`` (index/cache.py) after one priming call each. p50/p99 (nearest
  rank) and mean per repetition, wall clock (perf_counter_ns) and thread CPU
  time (which other processes on the machine do not inflate); the figure
  reported is the median over 3 repetitions;
* SQLite FTS5 (stdlib sqlite3, trigram tokenizer on folded text, on-disk file):
  the same queries in the same run, returning the ids of every paragraph that
  contains the query (our engine does more per query: term ranking, partial
  matches, highlighting of one page), its latency and the ratio, and the
  literal recall of both engines against ground truth (paragraphs whose
  ``fold_text`` contains ``fold_text(query)``);
* a SYNTHETIC corpus of the seed repeated 50 times (each copy marked
  "〔合成副本N〕", the report titled SYNTHETIC): build time, latency, FTS5.

Everything runs offline in temporary folders, which are removed at the end.
The last lines printed are Markdown tables for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import math
import os
import platform
import pstats
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from glossary.corpus import default_seeds_dir, load_corpus
from glossary.pinyin import plain_pinyin
from glossary.report import Paragraph, cn_numeral
from glossary.text import fold_text, has_han
from index.cache import CachedIndex
from index.query import Query, QueryError
from index.reader import SearchIndex

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import launch  # noqa: E402 - beside this script


def seed_only(seeds: Path, target: Path) -> Path:
    """A copy of ``seeds`` whose manifest lists only the 2024 report (the seed of the targets)."""
    import shutil

    shutil.copytree(seeds, target)
    text = (seeds / "manifest.toml").read_text(encoding="utf-8")
    head, *blocks = text.split("\n[[report]]\n")  # table headers at the start of a line only
    kept = [b for b in blocks if 'id = "nmg-2024"' in b]
    (target / "manifest.toml").write_text(head + "".join("\n[[report]]\n" + b for b in kept), encoding="utf-8")
    return target

PYTHON = sys.executable
GLOSSARY_CLI = str(Path(sys.executable).parent / "glossary")
RANDOM_SEED = 20240130
COLD_QUERY = "三北"
WARMUP_QUERY = "预热查询"  # loads jieba, OpenCC and the searchers; not in the query set
SENTENCE_END = "。！？：；…"

TARGETS_MS = {"uncached_p50": 2.0, "uncached_p99": 10.0, "cached_p50": 0.1, "scaled_p50": 10.0}
TARGET_COLD_S = 1.5
TARGET_BUILD_S = 3.0

COLD_START = (
    "import sys\n"
    "from index.reader import SearchIndex\n"
    "result = SearchIndex.open(sys.argv[1]).search(sys.argv[2])\n"
    "print(result.paragraphs.total)\n"
)
SERVE_ALL = (
    "import json, sys\n"
    "from index.reader import SearchIndex\n"
    "index = SearchIndex.open(sys.argv[1])\n"
    "queries = json.load(open(sys.argv[2], encoding='utf-8'))\n"
    "print(sum(index.search(q).paragraphs.total for q in queries))\n"
)


# -- small helpers -----------------------------------------------------------


@dataclass(frozen=True)
class ChildRun:
    seconds: float
    cpu_seconds: float  # user + system, the process and its reaped workers
    max_rss_mb: float
    output: str


def run_child(args: list[str], cwd: Path) -> ChildRun:
    """Run a subprocess to completion: wall time, CPU and peak RSS measured from its own start.

    It runs under :func:`measure.launch` (a small launcher process), because a
    child forked from this benchmark would inherit the benchmark's peak RSS into
    ``ru_maxrss`` across exec (the figures before issue 14 were floored at it).
    """
    figures, output = launch(args, cwd, cwd=cwd)
    return ChildRun(figures["seconds"], figures["cpu_s"], figures["maxrss_mib"], output)


def median_run(runs: list[ChildRun]) -> dict:
    """Median wall and CPU seconds, max peak RSS in MB, and every wall time, of several runs."""
    return {"s": statistics.median(r.seconds for r in runs),
            "cpu_s": statistics.median(r.cpu_seconds for r in runs),
            "rss_mb": max(r.max_rss_mb for r in runs),
            "all_s": [round(r.seconds, 3) for r in runs]}


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def summarize_ns(samples_ns: list[int]) -> dict:
    """p50, p99 and mean in milliseconds."""
    values = sorted(s / 1e6 for s in samples_ns)
    return {"p50": percentile(values, 50), "p99": percentile(values, 99),
            "mean": statistics.fmean(values), "n": len(values)}


def median_of(summaries: list[dict]) -> dict:
    """Median of each figure over repetitions, plus the spread of p50."""
    keys = ("p50", "p99", "mean")
    merged = {key: statistics.median(s[key] for s in summaries) for key in keys}
    merged.update(n=summaries[0]["n"], reps=len(summaries),
                  p50_range=(min(s["p50"] for s in summaries), max(s["p50"] for s in summaries)))
    return merged


# -- query set -----------------------------------------------------------------


@dataclass(frozen=True)
class QueryMix:
    substrings: int
    headwords: int
    english: int
    pinyin: int


KINDS = ("substring", "headword", "english", "pinyin")
FULL_MIX = QueryMix(substrings=240, headwords=60, english=20, pinyin=20)
QUICK_MIX = QueryMix(substrings=60, headwords=20, english=10, pinyin=10)


def draw_queries(paragraphs: list[Paragraph], terms, mix: QueryMix, seed: int = RANDOM_SEED) -> list[tuple[str, str]]:
    """Distinct (query, kind) pairs, drawn deterministically.

    * substring: a paragraph chosen uniformly, a length uniform in 2..8, a start
      uniform in the paragraph; kept when it contains a Chinese character;
    * headword: a glossary headword (``term.zh``, as written, quotes included);
    * english: a word of 4+ letters from the terms' English renderings;
    * pinyin: a headword's pinyin as typed, letters only (``sanbeigongcheng``).

    Queries are distinct after folding, so no two share a cache entry or result.
    """
    rng = random.Random(seed)
    seen: set[str] = set()
    chosen: list[tuple[str, str]] = []

    def offer(query: str, kind: str) -> bool:
        try:
            query = Query.parse(query).text
        except QueryError:
            return False
        key = fold_text(query)
        if key in seen or key == fold_text(WARMUP_QUERY):
            return False
        seen.add(key)
        chosen.append((query, kind))
        return True

    texts = [p.text for p in paragraphs if len(p.text) >= 8]
    while sum(kind == "substring" for _, kind in chosen) < mix.substrings:
        text = rng.choice(texts)
        size = rng.randint(2, 8)
        start = rng.randrange(len(text) - size + 1)
        piece = text[start : start + size]
        if has_han(piece):
            offer(piece, "substring")
    ordered_terms = sorted(terms, key=lambda t: t.id)
    for kind, count, candidates in (
        ("headword", mix.headwords, [t.zh for t in ordered_terms]),
        ("english", mix.english, sorted({w.lower() for t in ordered_terms
                                         for w in re.findall(r"[A-Za-z]{4,}", t.en)})),
        ("pinyin", mix.pinyin, [plain_pinyin(t.pinyin) for t in ordered_terms]),
    ):
        pool = list(candidates)
        rng.shuffle(pool)
        taken = 0
        for candidate in pool:
            if taken == count:
                break
            taken += offer(candidate, kind)
    return chosen


# -- our engine ------------------------------------------------------------------


def time_uncached(index_dir: Path, queries: list[str], reps: int) -> dict:
    """``search`` on a fresh (uncached) SearchIndex per repetition, after one warm-up query.

    Returns the median summary (wall), the same for thread CPU time (a check on
    contention from other processes), each query's median wall time in ns, and
    the results of the first repetition.
    """
    walls, cpus, per_query, results = [], [], [[] for _ in queries], []
    for rep in range(reps):
        index = SearchIndex.open(index_dir)
        index.search(WARMUP_QUERY)
        wall, cpu = [], []
        for position, query in enumerate(queries):
            cpu_started = time.thread_time_ns()
            started = time.perf_counter_ns()
            result = index.search(query)
            wall.append(time.perf_counter_ns() - started)
            cpu.append(time.thread_time_ns() - cpu_started)
            per_query[position].append(wall[-1])
            if rep == 0:
                results.append(result)
        index.close()
        walls.append(summarize_ns(wall))
        cpus.append(summarize_ns(cpu))
    return {"wall": median_of(walls), "cpu": median_of(cpus),
            "per_query_ns": [statistics.median(t) for t in per_query], "results": results}


def by_kind(drawn: list[tuple[str, str]], per_query_ns: list[float]) -> dict:
    """p50/p99 per kind of query, and for queries shorter than 3 folded characters."""
    groups: dict[str, list[float]] = {name: [] for name in KINDS + ("< 3 chars", ">= 3 chars")}
    for (query, kind), ns in zip(drawn, per_query_ns, strict=True):
        groups[kind].append(ns)
        groups["< 3 chars" if len(fold_text(query)) < 3 else ">= 3 chars"].append(ns)
    return {name: summarize_ns(values) for name, values in groups.items() if values}


def time_cached(index_dir: Path, queries: list[str], reps: int) -> dict:
    """Repeated queries through the LRU-cached ``search`` (each primed once first)."""
    index = CachedIndex.open(index_dir)
    for query in queries:
        index.search(query)
    summaries = []
    for _ in range(reps):
        samples = []
        for query in queries:
            started = time.perf_counter_ns()
            index.search(query)
            samples.append(time.perf_counter_ns() - started)
        summaries.append(summarize_ns(samples))
    index.close()
    return median_of(summaries)


def literal_ids(index: SearchIndex, query: str) -> set[str]:
    """Every paragraph our engine reports as an exact (literal) match, paging by 100."""
    found: set[str] = set()
    offset = 0
    while True:
        result = index.search(query, limit=100, offset=offset)
        items = result.paragraphs.items
        found.update(hit.paragraph.id for hit in items if hit.match.value == "exact")
        offset += 100
        if offset >= result.paragraphs.exact or not items:
            return found


# -- SQLite FTS5 ---------------------------------------------------------------------


def fts5_build(path: Path, paragraphs: list[Paragraph]) -> tuple[sqlite3.Connection, float]:
    """An FTS5 trigram table over the folded paragraphs, in a file; (connection, build seconds)."""
    started = time.perf_counter()
    connection = sqlite3.connect(path)
    connection.execute("CREATE VIRTUAL TABLE p USING fts5(pid UNINDEXED, body, tokenize='trigram')")
    connection.executemany("INSERT INTO p(pid, body) VALUES (?, ?)",
                           ((p.id, fold_text(p.text)) for p in paragraphs))
    connection.commit()
    return connection, time.perf_counter() - started


def fts5_search(connection: sqlite3.Connection, query: str) -> list[str]:
    """Ids of paragraphs containing the folded query.

    Trigram tokens cannot match a query shorter than 3 characters, so those
    fall back to ``LIKE '%q%'`` (a scan of the table).
    """
    folded = fold_text(query)
    if len(folded) >= 3:
        phrase = '"' + folded.replace('"', '""') + '"'
        rows = connection.execute("SELECT pid FROM p WHERE p MATCH ?", (phrase,)).fetchall()
    else:
        pattern = "%" + re.sub(r"([\\%_])", r"\\\1", folded) + "%"
        rows = connection.execute("SELECT pid FROM p WHERE body LIKE ? ESCAPE '\\'", (pattern,)).fetchall()
    return [row[0] for row in rows]


def time_fts5(connection: sqlite3.Connection, queries: list[str], reps: int) -> tuple[dict, list[list[str]]]:
    fts5_search(connection, WARMUP_QUERY)
    summaries, first = [], []
    for rep in range(reps):
        samples = []
        for query in queries:
            started = time.perf_counter_ns()
            ids = fts5_search(connection, query)
            samples.append(time.perf_counter_ns() - started)
            if rep == 0:
                first.append(ids)
        summaries.append(summarize_ns(samples))
    return median_of(summaries), first


# -- recall --------------------------------------------------------------------------


def ground_truth(paragraphs: list[Paragraph], queries: list[str]) -> list[set[str]]:
    folded = [(p.id, fold_text(p.text)) for p in paragraphs]
    return [{pid for pid, text in folded if fold_text(q) in text} for q in queries]


def recall(found: list[set[str]], truth: list[set[str]]) -> dict:
    """Micro and macro recall over queries with at least one true match, and extras."""
    scored = [(f, t) for f, t in zip(found, truth, strict=True) if t]
    hits = sum(len(f & t) for f, t in scored)
    total = sum(len(t) for _, t in scored)
    return {
        "queries_with_matches": len(scored),
        "micro": hits / total if total else 1.0,
        "macro": statistics.fmean(len(f & t) / len(t) for f, t in scored) if scored else 1.0,
        "complete": sum(f >= t for f, t in scored),
        "extra": sum(len(f - t) for f, t in zip(found, truth, strict=True)),
    }


def count_recall(counts: list[int], truth: list[set[str]]) -> dict:
    """Recall from match counts only (our ``paragraphs.exact``), for the large corpus."""
    scored = [(c, len(t)) for c, t in zip(counts, truth, strict=True) if t]
    return {
        "queries_with_matches": len(scored),
        "micro": sum(min(c, t) for c, t in scored) / sum(t for _, t in scored),
        "complete": sum(c == t for c, t in scored),
        "count_mismatches": sum(c != len(t) for c, t in zip(counts, truth, strict=True)),
    }


# -- synthetic corpus -------------------------------------------------------------


def write_synthetic_seeds(folder: Path, paragraphs: list[Paragraph], copies: int) -> Path:
    """A SYNTHETIC seeds folder: every seed paragraph, ``copies`` times.

    Each copy's paragraphs are the seed's paragraphs prefixed with 〔合成副本N〕
    and ending with sentence punctuation (so the parser neither treats them as
    headings nor joins them across blank lines). Up to 99 copies, each copy is
    a part (一、… 九十九、); beyond that, copies share parts (at most 99, whose
    numerals the parser reads), ``ceil(copies / 99)`` to a part.
    """
    if copies < 1:
        raise ValueError("copies must be at least 1")
    per_part = math.ceil(copies / 99)
    lines = ["SYNTHETIC 合成基准语料（种子报告重复，非真实报告）",
             f"各位代表：本文件由 bench/bench_core.py 生成，将种子报告的全部段落重复 {copies} 次，仅供性能测试。"]
    for copy in range(1, copies + 1):
        if (copy - 1) % per_part == 0:
            part = (copy - 1) // per_part + 1
            lines.append(f"{cn_numeral(part)}、合成副本第{copy}份" if per_part == 1
                         else f"{cn_numeral(part)}、合成副本第{copy}份起")
        for paragraph in paragraphs:
            text = f"〔合成副本{copy}〕{paragraph.text}"
            lines.append(text if text.endswith(tuple(SENTENCE_END)) else text + "。")
    (folder / "reports").mkdir(parents=True)
    report_file = f"reports/synthetic-{copies}x.zh.txt"
    (folder / report_file).write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    (folder / "manifest.toml").write_text(f"""# SYNTHETIC corpus generated by bench/bench_core.py; not a real report.
[[report]]
id = "synthetic-{copies}x"
title = "SYNTHETIC 合成基准语料（种子报告×{copies}）"
title_en = "SYNTHETIC benchmark corpus: the seed report repeated {copies} times"
region = "合成（非真实）"
region_en = "Synthetic (not real)"
year = 2024
date = 2024-01-30
speaker = "合成"
language = "zh"
file = "{report_file}"
""", encoding="utf-8")
    return folder


# -- profiling ------------------------------------------------------------------------


def profile_uncached(index_dir: Path, queries: list[str], top: int = 18) -> str:
    """cProfile tables (tottime and cumulative) of one uncached pass."""
    index = SearchIndex.open(index_dir)
    index.search(WARMUP_QUERY)
    profiler = cProfile.Profile()
    profiler.enable()
    for query in queries:
        index.search(query)
    profiler.disable()
    index.close()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def profile_child(work: Path, name: str, code: str, args: list[str], top: int = 25) -> str:
    """cProfile (cumulative) of ``code`` run in a fresh process with ``args``."""
    script = work / f"{name}.py"
    script.write_text(code, encoding="utf-8")
    output = work / f"{name}.prof"
    run_child([PYTHON, "-m", "cProfile", "-o", str(output), str(script), *args], work)
    out = io.StringIO()
    stats = pstats.Stats(str(output), stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(12)
    return out.getvalue()


PROFILE_BUILD = (
    "import sys\n"
    "from pathlib import Path\n"
    "from index.build import build_index\n"
    "seeds = Path(sys.argv[2]) if len(sys.argv) > 2 else None\n"
    "build_index(Path(sys.argv[1]), seeds_dir=seeds)\n"
)


# -- the run ---------------------------------------------------------------------------


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, check=False,
                              cwd=Path(__file__).resolve().parents[1]).stdout.strip()
    except OSError:
        return ""


def machine() -> dict:
    cpu = ""
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        cpu = next((line.split(":", 1)[1].strip() for line in lscpu.splitlines()
                    if line.startswith("Model name")), "")
    except OSError:
        pass
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "nproc": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "python": platform.python_version(),
        "whoosh-reloaded": version("whoosh-reloaded"),
        "jieba": version("jieba"),
        "sqlite": sqlite3.sqlite_version,
        "commit": _git("rev-parse", "--short", "HEAD"),
        # Uncommitted changes to the code or data under test (empty when clean).
        "dirty": _git("status", "--porcelain", "--", "glossary", "index", "cli", "seeds").splitlines(),
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
    }


def bench_builds(work: Path, name: str, extra: list[str], reps: int) -> tuple[dict, Path]:
    """Build timings (see :func:`median_run`) and the last index folder."""
    runs, index_dir = [], work
    for rep in range(reps):
        index_dir = work / f"{name}-index-{rep}"
        runs.append(run_child([GLOSSARY_CLI, "build", "--index-dir", str(index_dir), *extra], work))
    figures = median_run(runs)
    # The CLI prints "built <path> in N s": build_index alone, without start-up and imports.
    inner = [float(m.group(1)) for r in runs if (m := re.search(r" in ([\d.]+) s", r.output))]
    figures["build_index_s"] = statistics.median(inner) if inner else None
    return figures, index_dir


def bench_cold_start(work: Path, index_dir: Path, reps: int) -> dict:
    """A fresh ``python -c`` and the CLI, each to its first search result."""
    script = [PYTHON, "-c", COLD_START, str(index_dir), COLD_QUERY]
    cli = [GLOSSARY_CLI, "search", COLD_QUERY, "--index-dir", str(index_dir)]
    run_child(script, work)  # warm-up: page cache, jieba's dictionary cache if any
    return {"python": median_run([run_child(script, work) for _ in range(reps)]),
            "cli": median_run([run_child(cli, work) for _ in range(reps)])}


def bench_serving_rss(work: Path, index_dir: Path, queries: list[str], name: str) -> float:
    """Peak RSS (MB) of a fresh process that opens the index and answers every query once."""
    path = work / f"{name}-queries.json"
    path.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    return run_child([PYTHON, "-c", SERVE_ALL, str(index_dir), str(path)], work).max_rss_mb


def bench_corpus(work: Path, name: str, paragraphs: list[Paragraph], index_dir: Path,
                 drawn: list[tuple[str, str]], reps: int, exact_ids: bool) -> dict:
    """Our engine and FTS5 on one corpus: latency and literal recall."""
    queries = [q for q, _ in drawn]
    ours = time_uncached(index_dir, queries, reps)
    connection, fts5_build_s = fts5_build(work / f"{name}-fts5.sqlite", paragraphs)
    fts5, fts5_ids = time_fts5(connection, queries, reps)
    connection.close()
    truth = ground_truth(paragraphs, queries)
    figures = {
        "uncached": ours["wall"], "uncached_cpu": ours["cpu"], "by_kind": by_kind(drawn, ours["per_query_ns"]),
        "slowest": sorted(zip(ours["per_query_ns"], queries, strict=True), reverse=True)[:5],
        "fts5": fts5, "fts5_build_s": fts5_build_s,
        "fts5_recall": recall([set(ids) for ids in fts5_ids], truth),
        "fts5_count_recall": count_recall([len(ids) for ids in fts5_ids], truth),
        "ours_count_recall": count_recall([r.paragraphs.exact for r in ours["results"]], truth),
    }
    if exact_ids:
        index = SearchIndex.open(index_dir)
        figures["ours_recall"] = recall([literal_ids(index, q) for q in queries], truth)
        index.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="fewer queries and repetitions (smoke run)")
    parser.add_argument("--scale", type=int, default=50, help="copies of the seed in the synthetic corpus (1-99)")
    parser.add_argument("--scaled-builds", type=int, default=None,
                        help="timed builds of the synthetic corpus (default 3, 1 with --quick)")
    parser.add_argument("--profile", action="store_true",
                        help="afterwards, print cProfile tables (uncached, cold start, builds)")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    args = parser.parse_args(argv)

    reps = 1 if args.quick else 3
    build_reps = 1 if args.quick else 3
    scaled_build_reps = args.scaled_builds or build_reps
    cold_reps = 2 if args.quick else 5
    started = time.perf_counter()
    info = machine()
    print(f"# bench_core {'--quick ' if args.quick else ''}{json.dumps(info, ensure_ascii=False)}", flush=True)

    with tempfile.TemporaryDirectory(prefix="bench-core-") as tmp:
        work = Path(tmp)
        # The seed is the 2024 report alone, whatever else the shipped seeds hold (35 reports since issue 13).
        seed_seeds = seed_only(default_seeds_dir(), work / "seed-only")
        seed_paragraphs = load_corpus(seed_seeds).paragraphs()
        print("building the seed index …", flush=True)
        build, seed_index = bench_builds(work, "seed", ["--seeds-dir", str(seed_seeds)], build_reps)
        print(f"  {build}", flush=True)

        index = SearchIndex.open(seed_index)
        drawn = draw_queries(seed_paragraphs, index.glossary.terms, QUICK_MIX if args.quick else FULL_MIX)
        index.close()
        queries = [q for q, _ in drawn]
        mix = {kind: sum(k == kind for _, k in drawn) for kind in KINDS}
        short = sum(len(fold_text(q)) < 3 for q in queries)
        print(f"  {len(queries)} distinct queries {mix}; {short} shorter than 3 folded characters", flush=True)

        print("cold start …", flush=True)
        cold = bench_cold_start(work, seed_index, cold_reps)
        print(f"  {cold}", flush=True)

        print("latency and recall on the seed …", flush=True)
        seed = bench_corpus(work, "seed", seed_paragraphs, seed_index, drawn, reps, exact_ids=True)
        seed["cached"] = time_cached(seed_index, queries, reps)
        seed["serving_rss_mb"] = bench_serving_rss(work, seed_index, queries, "seed")
        print(f"  {json.dumps(seed, ensure_ascii=False, default=str)}", flush=True)

        print(f"SYNTHETIC {args.scale}x corpus …", flush=True)
        synthetic_seeds = write_synthetic_seeds(work / f"synthetic-{args.scale}x-seeds", seed_paragraphs, args.scale)
        scaled_paragraphs = load_corpus(synthetic_seeds).paragraphs()
        scaled_build, scaled_index = bench_builds(
            work, "scaled", ["--seeds-dir", str(synthetic_seeds)], scaled_build_reps)
        print(f"  {len(scaled_paragraphs)} paragraphs; build {scaled_build}", flush=True)
        scaled = bench_corpus(work, "scaled", scaled_paragraphs, scaled_index, drawn, reps, exact_ids=False)
        scaled["serving_rss_mb"] = bench_serving_rss(work, scaled_index, queries, "scaled")
        print(f"  {json.dumps(scaled, ensure_ascii=False, default=str)}", flush=True)
        info["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
        info["seconds"] = round(time.perf_counter() - started, 1)

        profiles = {}
        if args.profile:
            print("profiling …", flush=True)
            profiles["uncached, seed"] = profile_uncached(seed_index, queries)
            profiles[f"uncached, SYNTHETIC {args.scale}x"] = profile_uncached(scaled_index, queries)
            profiles["cold start"] = profile_child(work, "cold", COLD_START, [str(seed_index), COLD_QUERY])
            profiles["build, seed (parent process only)"] = profile_child(
                work, "build_seed", PROFILE_BUILD, [str(work / "profile-seed-index")])
            profiles[f"build, SYNTHETIC {args.scale}x (parent process only)"] = profile_child(
                work, "build_scaled", PROFILE_BUILD, [str(work / "profile-scaled-index"), str(synthetic_seeds)])

    figures = {
        "machine": info, "quick": args.quick, "mix": mix, "queries": len(queries), "short_queries": short,
        "build": build, "cold": cold, "seed": seed, "seed_paragraphs": len(seed_paragraphs),
        "scale": args.scale, "scaled_paragraphs": len(scaled_paragraphs), "scaled_build": scaled_build,
        "scaled": scaled,
    }
    print()
    print(report_markdown(figures))
    for name, text in profiles.items():
        print(f"\n## profile: {name}\n{text}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str, ensure_ascii=False), encoding="utf-8")
    return 0


# -- report ------------------------------------------------------------------------------


def _met(value: float, target: float) -> str:
    return "met" if value <= target else f"**not met** ({value / target:.1f}× the target)"


def _runs(figure: dict) -> str:
    text = f"{figure['s']:.2f} s (CPU {figure['cpu_s']:.2f} s; runs {', '.join(f'{x:.2f}' for x in figure['all_s'])}"
    if figure.get("build_index_s") is not None:
        text += f"; build_index itself {figure['build_index_s']:.2f} s"
    return text + ")"


def report_markdown(f: dict) -> str:
    """The figures as Markdown tables, ready for bench/RESULTS.md."""
    seed, scaled, cold, scale = f["seed"], f["scaled"], f["cold"], f["scale"]
    un, ucpu, ca, fts = seed["uncached"], seed["uncached_cpu"], seed["cached"], seed["fts5"]
    sun, scpu, sfts = scaled["uncached"], scaled["uncached_cpu"], scaled["fts5"]
    rows = [
        ("`glossary build` (seed), median", _runs(f["build"]), "≤ 3 s", _met(f["build"]["s"], TARGET_BUILD_S)),
        (f"cold start: `python -c` import, open, first `search('{COLD_QUERY}')`, median", _runs(cold["python"]),
         "≤ 1.5 s", _met(cold["python"]["s"], TARGET_COLD_S)),
        (f"cold start: `glossary search {COLD_QUERY} --index-dir` (CLI), median", _runs(cold["cli"]), "≤ 1.5 s",
         _met(cold["cli"]["s"], TARGET_COLD_S)),
        ("uncached p50 (seed)", f"{un['p50']:.2f} ms (CPU {ucpu['p50']:.2f})", "≤ 2 ms",
         _met(un["p50"], TARGETS_MS["uncached_p50"])),
        ("uncached p99 (seed)", f"{un['p99']:.2f} ms (CPU {ucpu['p99']:.2f})", "≤ 10 ms",
         _met(un["p99"], TARGETS_MS["uncached_p99"])),
        ("uncached mean (seed)", f"{un['mean']:.2f} ms", "—", ""),
        ("cached p50 / p99 (seed, repeated queries)", f"{ca['p50'] * 1000:.2f} / {ca['p99'] * 1000:.2f} µs",
         "p50 ≤ 0.1 ms", _met(ca["p50"], TARGETS_MS["cached_p50"])),
        ("SQLite FTS5 trigram p50 / p99 (seed)", f"{fts['p50']:.3f} / {fts['p99']:.3f} ms", "—", ""),
        ("ratio ours uncached / FTS5, p50 / p99 (seed)",
         f"{un['p50'] / fts['p50']:.0f}× / {un['p99'] / fts['p99']:.0f}×", "—", ""),
        ("peak RSS: build (largest of the process and its workers)", f"{f['build']['rss_mb']:.0f} MB", "—", ""),
        ("peak RSS: cold-start process / CLI search",
         f"{cold['python']['rss_mb']:.0f} / {cold['cli']['rss_mb']:.0f} MB", "—", ""),
        ("peak RSS: process answering every query once", f"{seed['serving_rss_mb']:.0f} MB", "—", ""),
        (f"SYNTHETIC {scale}×: `glossary build --seeds-dir`, median", _runs(f["scaled_build"]), "—", ""),
        (f"SYNTHETIC {scale}×: uncached p50", f"{sun['p50']:.2f} ms (CPU {scpu['p50']:.2f})", "≤ 10 ms",
         _met(sun["p50"], TARGETS_MS["scaled_p50"])),
        (f"SYNTHETIC {scale}×: uncached p99 / mean", f"{sun['p99']:.2f} / {sun['mean']:.2f} ms", "—", ""),
        (f"SYNTHETIC {scale}×: FTS5 p50 / p99", f"{sfts['p50']:.3f} / {sfts['p99']:.3f} ms", "—", ""),
        (f"SYNTHETIC {scale}×: ratio ours / FTS5, p50 / p99",
         f"{sun['p50'] / sfts['p50']:.0f}× / {sun['p99'] / sfts['p99']:.0f}×", "—", ""),
        (f"SYNTHETIC {scale}×: peak RSS build / answering every query",
         f"{f['scaled_build']['rss_mb']:.0f} / {scaled['serving_rss_mb']:.0f} MB", "—", ""),
    ]
    lines = [f"{f['queries']} distinct queries {f['mix']}, {f['short_queries']} shorter than 3 folded characters; "
             f"latency figures are medians over {un['reps']} passes. SYNTHETIC corpus: {f['scaled_paragraphs']} "
             f"paragraphs ({f['seed_paragraphs']} in the seed).", "",
             "| Figure | Measured | Target | Result |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    lines += ["", "| Uncached latency by query kind | n | seed p50 / p99 (ms) | "
              f"SYNTHETIC {scale}× p50 / p99 (ms) |", "|---|---|---|---|"]
    for kind, row in seed["by_kind"].items():
        big = scaled["by_kind"].get(kind, row)
        lines.append(f"| {kind} | {row['n']} | {row['p50']:.2f} / {row['p99']:.2f} | "
                     f"{big['p50']:.2f} / {big['p99']:.2f} |")
    ours, fr = seed["ours_recall"], seed["fts5_recall"]
    sc, sfc = scaled["ours_count_recall"], scaled["fts5_count_recall"]
    lines += [
        "",
        "| Literal recall (truth: paragraphs whose fold_text contains the folded query) | ours | FTS5 trigram |",
        "|---|---|---|",
        f"| seed: queries with ≥ 1 true match | {ours['queries_with_matches']} | {fr['queries_with_matches']} |",
        f"| seed: micro recall (found / true, over all queries) | {ours['micro']:.1%} | {fr['micro']:.1%} |",
        f"| seed: macro recall (mean per query) | {ours['macro']:.1%} | {fr['macro']:.1%} |",
        f"| seed: queries with every match found | {ours['complete']} | {fr['complete']} |",
        f"| seed: paragraphs returned that are not true matches | {ours['extra']} | {fr['extra']} |",
        f"| SYNTHETIC {scale}×: micro recall, from match counts | {sc['micro']:.1%} | {sfc['micro']:.1%} |",
        f"| SYNTHETIC {scale}×: queries whose match count differs from the truth | "
        f"{sc['count_mismatches']} | {sfc['count_mismatches']} |",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
