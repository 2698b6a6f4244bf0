"""The provinces' collection at real scale (issue 13): seed alone, five curated reports, all 35, side by side.

For each corpus — the 2024 seed report alone, the five curated reports, and
the shipped seeds (those five and the 30 other provinces' 2026 reports) — with
the shipped glossary:

* ``glossary build`` wall time and peak memory (VmHWM read by the build
  process itself from /proc, so this script's own memory is not counted), and
  the size of the build on disk;
* cold start: a fresh ``python`` process that opens the index and answers one
  search, timed from the parent (start to exit) and inside it (open + first
  search);
* uncached search latency, each query once in a fresh process per round and
  corpus (rounds alternate the corpora; p50/p99 are the medians of the
  rounds) over two query sets: the core benchmark's set (drawn from the seed
  report, so every corpus answers the same queries) and *broad* queries, words
  and terms that hit hundreds of paragraphs of the collection;
* suggest p99 over every 1–3 character prefix of the headwords and the first
  letters of the renderings and pinyin;
* that process's resident memory after the queries (VmRSS, and VmHWM).

Usage, from the repository root on a quiet machine::

    .venv/bin/python bench/collection_bench.py              # about 4 minutes
    .venv/bin/python bench/collection_bench.py --rounds 1 --builds 1   # a quick look
"""

from __future__ import annotations

import argparse
import json
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
from reports_bench import BUILD, run, seed_only  # noqa: E402 - one build measurement for both benchmarks

# Words of any government work report and terms of the glossary that are in hundreds of paragraphs of the 35.
BROAD = ("发展", "建设", "推进", "加快", "改革", "创新", "经济", "产业", "服务", "保障", "加强", "提升", "完善",
         "实施", "推动", "企业", "农村", "生态", "安全", "开放", "数字", "高质量发展", "新质生产力", "人工智能",
         "乡村振兴", "营商环境", "科技创新", "绿色低碳", "民生", "就业", "消费", "投资", "城市", "文化", "教育",
         "医疗", "养老", "治理", "风险", "基础设施")

# The measuring child: open the build (argv[1]), answer each query set and the prefixes (argv[2]), read its
# memory. twenty_years.py runs the same, then renders pages, before printing ``out``.
MEASURE_SEARCH = r"""
import json, statistics, sys, time
from pathlib import Path
from index.reader import SearchIndex
started = time.perf_counter()
index = SearchIndex.open(Path(sys.argv[1]))
index.search("预热查询")
warm = time.perf_counter() - started
sets = json.load(open(sys.argv[2], encoding="utf-8"))
out = {"open_and_first_s": warm, "paragraphs": len(index.glossary.paragraphs), "reports": len(index.glossary.reports)}
for name, queries in sets["search"].items():
    samples, hits = [], []
    for query in queries:
        began = time.perf_counter_ns()
        result = index.search(query)
        samples.append(time.perf_counter_ns() - began)
        hits.append(result.paragraphs.total)
    out[name] = {"samples": samples, "hits": hits}
samples = []
for prefix in sets["suggest"]:
    began = time.perf_counter_ns()
    index.suggest(prefix)
    samples.append(time.perf_counter_ns() - began)
out["suggest"] = {"samples": samples}
status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
out["rss_mib"] = int(status["VmRSS"].split()[0]) / 1024
out["hwm_mib"] = int(status["VmHWM"].split()[0]) / 1024
"""
SEARCH = MEASURE_SEARCH + "print(json.dumps(out))\n"

COLD = r"""
import sys
from pathlib import Path
from index.reader import SearchIndex
SearchIndex.open(Path(sys.argv[1])).search("三北")
"""


def curated_only(seeds: Path, target: Path) -> Path:
    """A copy of ``seeds`` whose manifest lists only the curated reports."""
    import shutil

    shutil.copytree(seeds, target)
    text = (seeds / "manifest.toml").read_text(encoding="utf-8")
    head, *blocks = text.split("\n[[report]]\n")
    kept = [b for b in blocks if "curated = false" not in b]
    (target / "manifest.toml").write_text(head + "".join("\n[[report]]\n" + b for b in kept), encoding="utf-8")
    return target


def prefixes(glossary) -> list[str]:
    """What typing produces: 1–3 characters of each headword, 1–4 letters of each rendering and pinyin."""
    found = set()
    for term in glossary.terms:
        found.update(term.zh.strip("“”")[:n] for n in (1, 2, 3))
        found.update(term.en[:n].lower() for n in (1, 2, 3, 4))
        found.update(term.pinyin[:n].lower() for n in (2, 3))
    return sorted(p for p in found if p.strip())


def emit(report: dict, path: Path | None) -> None:
    """Print the figures as JSON, and write them to ``path`` when given."""
    text = json.dumps(report, indent=1, ensure_ascii=False)
    print(text)
    if path:
        path.write_text(text + "\n", encoding="utf-8")


def size_mib(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--builds", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    from glossary.build import build_glossary
    from glossary.corpus import default_seeds_dir

    report: dict = {"machine": bench_core.machine(), "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    with tempfile.TemporaryDirectory(prefix="collection-bench-") as tmp:
        work = Path(tmp)
        corpora = {"seed alone": seed_only(default_seeds_dir(), work / "seed-only"),
                   "5 curated": curated_only(default_seeds_dir(), work / "curated"),
                   "35 reports": default_seeds_dir()}
        seed_glossary = build_glossary(corpora["seed alone"])
        drawn = bench_core.draw_queries(seed_glossary.paragraphs, seed_glossary.terms, bench_core.FULL_MIX)
        sets = work / "queries.json"
        sets.write_text(json.dumps({"search": {"core": [q for q, _ in drawn], "broad": list(BROAD)},
                                    "suggest": prefixes(seed_glossary)}, ensure_ascii=False), encoding="utf-8")
        builds: dict[str, list[dict]] = {name: [] for name in corpora}
        indexes: dict[str, Path] = {}
        for number in range(args.builds):
            for name, seeds in corpora.items():
                indexes[name] = work / f"index-{number}-{name.replace(' ', '-')}"
                builds[name].append(run(BUILD, str(indexes[name]), str(seeds)))
        searches: dict[str, list[dict]] = {name: [] for name in corpora}
        colds: dict[str, list[float]] = {name: [] for name in corpora}
        for number in range(args.rounds):
            for name in (list(corpora) if number % 2 == 0 else list(reversed(corpora))):
                searches[name].append(run(SEARCH, str(indexes[name]), str(sets)))
                began = time.perf_counter()
                subprocess.run([sys.executable, "-c", COLD, str(indexes[name])], check=True, cwd=ROOT)
                colds[name].append(time.perf_counter() - began)
        disk = {name: size_mib(next(p for p in indexes[name].iterdir() if p.is_dir())) for name in corpora}
    report["queries"] = {"core": len(drawn), "broad": len(BROAD), "suggest": len(prefixes(seed_glossary))}
    report["corpora"] = {}
    for name in corpora:
        runs = searches[name]
        figures = {"paragraphs": runs[0]["paragraphs"],
                   "build_s": round(statistics.median(b["seconds"] for b in builds[name]), 2),
                   "build_peak_mib": round(statistics.median(b["hwm_mib"] for b in builds[name]), 1),
                   "index_mib": round(disk[name], 1),
                   "cold_start_s": round(statistics.median(colds[name]), 2),
                   "open_and_first_search_s": round(statistics.median(r["open_and_first_s"] for r in runs), 2),
                   "rss_mib": round(statistics.median(r["rss_mib"] for r in runs), 1),
                   "peak_mib": round(statistics.median(r["hwm_mib"] for r in runs), 1)}
        for part in ("core", "broad", "suggest"):
            summaries = [bench_core.summarize_ns(r[part]["samples"]) for r in runs]
            figures[f"{part}_p50_ms"] = round(statistics.median(s["p50"] for s in summaries), 3)
            figures[f"{part}_p99_ms"] = round(statistics.median(s["p99"] for s in summaries), 3)
        figures["broad_hits_median"] = statistics.median(runs[0]["broad"]["hits"])
        figures["broad_hits_min"] = min(runs[0]["broad"]["hits"])
        report["corpora"][name] = figures
    emit(report, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
