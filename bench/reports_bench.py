"""Several reports (issue 12): the five shipped reports against the 2024 seed report alone, side by side.

For each corpus — the shipped seeds (five reports) and a copy of them whose
manifest lists only nmg-2024 — with the shipped glossary:

* ``glossary build`` wall time and peak memory (VmHWM read by the build
  process itself from /proc, so the benchmark's own memory is not counted);
* uncached search latency over the core benchmark's query set (full mix, fixed
  seed, drawn from the seed report so both corpora answer the same queries):
  a fresh process per round and corpus, rounds alternating, p50/p99 the
  medians over the rounds;
* the searching process's resident memory after the queries (VmRSS, VmHWM).

Usage, from the repository root on a quiet machine::

    .venv/bin/python bench/reports_bench.py            # about 2 minutes
"""

from __future__ import annotations

import argparse
import json
import shutil
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

PYTHON = sys.executable

BUILD = r"""
import json, sys, time
from pathlib import Path
from index.build import build_index
started = time.perf_counter()
build_index(Path(sys.argv[1]), seeds_dir=Path(sys.argv[2]))
seconds = time.perf_counter() - started
status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
print(json.dumps({"seconds": seconds, "hwm_mib": int(status["VmHWM"].split()[0]) / 1024}))
"""

SEARCH = r"""
import json, sys, time
from pathlib import Path
from index.reader import SearchIndex
index = SearchIndex.open(Path(sys.argv[1]))
queries = json.load(open(sys.argv[2], encoding="utf-8"))
index.search("预热查询")
samples = []
for query in queries:
    started = time.perf_counter_ns()
    index.search(query)
    samples.append(time.perf_counter_ns() - started)
status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
print(json.dumps({"samples": samples, "rss_mib": int(status["VmRSS"].split()[0]) / 1024,
                  "hwm_mib": int(status["VmHWM"].split()[0]) / 1024,
                  "paragraphs": len(index.glossary.paragraphs)}))
"""


def seed_only(seeds: Path, target: Path) -> Path:
    """A copy of ``seeds`` whose manifest lists only the 2024 report."""
    shutil.copytree(seeds, target)
    text = (seeds / "manifest.toml").read_text(encoding="utf-8")
    head, *blocks = text.split("\n[[report]]\n")  # table headers at the start of a line only
    kept = [b for b in blocks if 'id = "nmg-2024"' in b]
    (target / "manifest.toml").write_text(head + "".join("\n[[report]]\n" + b for b in kept), encoding="utf-8")
    return target


def run(code: str, *args: str) -> dict:
    done = subprocess.run([PYTHON, "-c", code, *args], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--builds", type=int, default=3)
    args = parser.parse_args()
    from glossary.build import build_glossary
    from glossary.corpus import default_seeds_dir

    report: dict = {"machine": bench_core.machine(), "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    with tempfile.TemporaryDirectory(prefix="reports-bench-") as tmp:
        work = Path(tmp)
        corpora = {"seed alone (nmg-2024)": seed_only(default_seeds_dir(), work / "seed-only"),
                   "five reports": default_seeds_dir()}
        glossary = build_glossary(corpora["seed alone (nmg-2024)"])
        drawn = bench_core.draw_queries(glossary.paragraphs, glossary.terms, bench_core.FULL_MIX)
        queries = work / "queries.json"
        queries.write_text(json.dumps([q for q, _ in drawn], ensure_ascii=False), encoding="utf-8")
        builds: dict[str, list[dict]] = {name: [] for name in corpora}
        for _ in range(args.builds):
            for name, seeds in corpora.items():
                builds[name].append(run(BUILD, str(work / f"index-{len(builds[name])}-{hash(name)}"), str(seeds)))
        indexes = {}
        for name, seeds in corpora.items():
            indexes[name] = work / f"index-final-{abs(hash(name))}"
            run(BUILD, str(indexes[name]), str(seeds))
        searches: dict[str, list[dict]] = {name: [] for name in corpora}
        for number in range(args.rounds):
            for name in (list(corpora) if number % 2 == 0 else list(reversed(corpora))):
                searches[name].append(run(SEARCH, str(indexes[name]), str(queries)))
    report["queries"] = len(drawn)
    report["corpora"] = {}
    for name in corpora:
        summaries = [bench_core.summarize_ns(r["samples"]) for r in searches[name]]
        report["corpora"][name] = {
            "paragraphs": searches[name][0]["paragraphs"],
            "build_s": round(statistics.median(b["seconds"] for b in builds[name]), 2),
            "build_runs_s": [round(b["seconds"], 2) for b in builds[name]],
            "build_peak_mib": round(statistics.median(b["hwm_mib"] for b in builds[name]), 1),
            "p50_ms": round(statistics.median(s["p50"] for s in summaries), 3),
            "p99_ms": round(statistics.median(s["p99"] for s in summaries), 3),
            "search_rss_mib": round(statistics.median(r["rss_mib"] for r in searches[name]), 1),
            "search_peak_mib": round(statistics.median(r["hwm_mib"] for r in searches[name]), 1),
        }
    print(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
