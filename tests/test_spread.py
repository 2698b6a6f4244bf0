"""Where else a term is used: its spread over a year's reports from many regions (glossary.spread)."""

from __future__ import annotations

from datetime import date

from glossary.report import ReportInfo
from glossary.spread import collection_years, spread


def _report(report_id: str, region: str, year: int) -> ReportInfo:
    return ReportInfo(report_id, "t", region, year, date(year, 1, 20), "s", "zh", "x.txt")


REPORTS = [_report("a-2026", "甲省", 2026), _report("b-2026", "乙省", 2026), _report("c-2026", "丙省", 2026),
           _report("a-2025", "甲省", 2025), _report("n-2025", "全国", 2025)]


def test_a_collection_year_has_reports_from_at_least_three_regions():
    assert collection_years(REPORTS) == [2026]
    assert collection_years(REPORTS[3:]) == []


def test_the_spread_lists_users_most_first_and_names_the_others():
    usage = [{"report": "a-2025", "occurrences": 9, "paragraphs": 9},
             {"report": "b-2026", "occurrences": 2, "paragraphs": 1},
             {"report": "c-2026", "occurrences": 2, "paragraphs": 2}]
    (year,) = spread(REPORTS, usage)
    assert year.year == 2026 and year.reports == 3
    assert [(u.report.id, u.occurrences, u.paragraphs) for u in year.used] == [("c-2026", 2, 2), ("b-2026", 2, 1)]
    assert [r.id for r in year.unused] == ["a-2026"]
    assert year.to_dict() == {"year": 2026, "reports": 3, "used_in": 2, "not_used_in": ["a-2026"], "regions": [
        {"report": "c-2026", "region": "丙省", "region_en": "", "occurrences": 2, "paragraphs": 2},
        {"report": "b-2026", "region": "乙省", "region_en": "", "occurrences": 2, "paragraphs": 1}]}


def test_the_shipped_provinces_2026_spread_agrees_with_the_counts_by_report():
    from glossary.build import build_glossary

    sample_glossary = build_glossary()  # the shipped glossary: its terms are in the provinces' reports
    for term_id in ("low-altitude-economy", "new-quality-productive-forces", "silver-economy"):
        usage = sample_glossary.usage_by_report(term_id)
        (year,) = sample_glossary.term_detail(sample_glossary.term(term_id))["where_else"]
        in_2026 = {u["report"]: u for u in usage if sample_glossary.report_by_id[u["report"]].year == 2026}
        assert year["year"] == 2026 and year["reports"] == 31 and year["used_in"] == len(in_2026)
        assert {r["report"]: r["occurrences"] for r in year["regions"]} == {
            k: u["occurrences"] for k, u in in_2026.items()}
        counts = [r["occurrences"] for r in year["regions"]]
        assert counts == sorted(counts, reverse=True)
        assert len(year["not_used_in"]) == 31 - len(in_2026)
