"""Extrapolation (issue 13): every provincial and national report of 20 years, as a SYNTHETIC corpus.

The shipped 35 reports (3,365 paragraphs, 688,000 characters) are copied once
per year for YEARS years (2007–2026 by default: 700 reports, about 13.8 million
characters, the scale of every provincial and national report of 20 years).
Each copy is its own report (region, year, date), so everything that grows
with the number of reports grows as it would: facets, the spread over each
year, per-report counts, the reports list. The text repeats, so the
vocabulary does not grow as real reports would; search figures are for this
text. Measured:

* ``glossary build``: wall time, peak memory (VmHWM of the build process) and
  the build's size on disk;
* a fresh process opening the build (cold start) and its memory after
  answering the benchmark's queries (VmRSS: a serving worker holds the same);
* uncached search p50/p99 over the core query set and over broad queries
  (``collection_bench.BROAD``, thousands of paragraphs each here); suggest p99;
* the web surfaces that grow with the reports, through the Flask test client
  in the same process: the term page and API term of a term used everywhere
  (高质量发展), the results page of 发展 (grouped by report), the reports list.

    .venv/bin/python bench/twenty_years.py               # 20 years: about 10 minutes, several GB free
    .venv/bin/python bench/twenty_years.py --years 2     # a quick look (70 reports)
"""

from __future__ import annotations

import argparse
import json
import re
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
from collection_bench import BROAD, MEASURE_SEARCH, emit, prefixes  # noqa: E402
from reports_bench import BUILD, run  # noqa: E402

MEASURE = MEASURE_SEARCH + r"""
index.close()
from web import create_app
client = create_app({"INDEX_DIR": Path(sys.argv[1]), "TESTING": True}).test_client()
client.get("/api/v1/health")
pages = {}
for name, url in (("term page 高质量发展", "/terms/high-quality-development?lang=en"),
                  ("API term 高质量发展", "/api/v1/terms/high-quality-development"),
                  ("results page 发展", "/search?q=%E5%8F%91%E5%B1%95&lang=en"),
                  ("reports list", "/reports?lang=en")):
    times, size = [], 0
    for _ in range(3):
        began = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - began)
        size = len(response.data)
        assert response.status_code == 200, (url, response.status_code)
    pages[name] = {"ms": round(statistics.median(times) * 1000, 1), "bytes": size}
out["pages"] = pages
status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
out["rss_after_pages_mib"] = int(status["VmRSS"].split()[0]) / 1024
print(json.dumps(out))
"""


def twenty_years(seeds: Path, target: Path, years: int) -> tuple[Path, int]:
    """A seeds folder with every shipped report once per year for ``years`` years up to 2026."""
    import tomllib

    (target / "reports").mkdir(parents=True)
    entries = tomllib.loads((seeds / "manifest.toml").read_text(encoding="utf-8"))["report"]
    lines, characters = [], 0
    for year in range(2027 - years, 2027):
        for entry in entries:
            base = re.sub(r"-\d{4}(?:-gwr)?$", "", entry["id"])
            report_id = f"{base}-y{year}"
            if any(f'id = "{report_id}"' in line for line in lines):
                report_id = f"{entry['id']}-y{year}"  # two reports of one region in a year (nmg 2024 and 2026)
            text = (seeds / entry["file"]).read_text(encoding="utf-8")
            characters += len(text)
            (target / "reports" / f"{report_id}.zh.txt").write_text(text, encoding="utf-8")
            day = entry["date"].replace(year=year)
            lines.append(f'[[report]]\nid = "{report_id}"\ntitle = "{year}年{entry["region"]}政府工作报告（合成）"\n'
                         f'region = "{entry["region"]}"\nregion_en = "{entry.get("region_en", "")}"\nyear = {year}\n'
                         f'date = {day.isoformat()}\nspeaker = "{entry["speaker"]}"\nlanguage = "zh"\n'
                         f'file = "reports/{report_id}.zh.txt"\ncurated = false\n')
    (target / "manifest.toml").write_text("\n".join(lines), encoding="utf-8")
    return target, characters


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    from glossary.build import build_glossary
    from glossary.corpus import default_seeds_dir

    report: dict = {"machine": bench_core.machine(), "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    work = Path(tempfile.mkdtemp(prefix="twenty-years-"))
    try:
        seeds, characters = twenty_years(default_seeds_dir(), work / "seeds", args.years)
        glossary = build_glossary()
        drawn = bench_core.draw_queries([p for p in glossary.paragraphs if p.report_id == "nmg-2024"],
                                        glossary.terms, bench_core.FULL_MIX)
        sets = work / "queries.json"
        sets.write_text(json.dumps({"search": {"core": [q for q, _ in drawn], "broad": list(BROAD)},
                                    "suggest": prefixes(glossary)}, ensure_ascii=False), encoding="utf-8")
        del glossary
        index = work / "index"
        began = time.perf_counter()
        build = run(BUILD, str(index), str(seeds))
        report["corpus"] = {"years": args.years, "characters": characters}
        report["build"] = {"seconds": round(build["seconds"], 1), "wall_s": round(time.perf_counter() - began, 1),
                           "peak_mib": round(build["hwm_mib"], 1),
                           "disk_mib": round(sum(f.stat().st_size for f in index.rglob("*") if f.is_file()) / 2**20,
                                             1)}
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from index.reader import "
                        "SearchIndex; SearchIndex.open(Path(sys.argv[1])).search('三北')", str(index)],
                       check=True, cwd=ROOT)
        report["cold_start_s"] = round(time.perf_counter() - began, 2)
        measured = run(MEASURE, str(index), str(sets))
        for key in ("paragraphs", "reports", "rss_mib", "rss_after_pages_mib", "pages"):
            report[key] = measured[key]
        report["open_and_first_search_s"] = round(measured["open_and_first_s"], 2)
        for part in ("core", "broad", "suggest"):
            summary = bench_core.summarize_ns(measured[part]["samples"])
            report[f"{part}_p50_ms"], report[f"{part}_p99_ms"] = round(summary["p50"], 3), round(summary["p99"], 3)
        report["broad_hits_median"] = statistics.median(measured["broad"]["hits"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    emit(report, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
