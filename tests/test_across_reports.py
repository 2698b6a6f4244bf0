"""A term's use across reports (Glossary.usage_by_report, term_detail) and what's new between two reports."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from cli.main import cli
from glossary.build import build_glossary
from glossary.compare import UnknownReport, compare_reports, predecessor, terms_used

EARLY = """各位代表：

一、工作安排

我们启动“天骏计划”，推进三北工程。三北工程要见实效。

要大力发展温暖工程。
"""


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory, fixture_seeds, fixture_data):
    """demo-2025 (the fixture, whose appendix 2 explains “天骏计划”) and an earlier demo-2023 that uses it."""
    seeds = tmp_path_factory.mktemp("seeds")
    shutil.copytree(fixture_seeds / "reports", seeds / "reports")
    (seeds / "reports" / "demo-2023.zh.txt").write_text(EARLY, encoding="utf-8")
    manifest = (fixture_seeds / "manifest.toml").read_text(encoding="utf-8")
    (seeds / "manifest.toml").write_text(manifest + """
[[report]]
id = "demo-2023"
title = "2023年示范自治区政府工作报告"
region = "示范自治区"
year = 2023
date = 2023-01-15
speaker = "李四"
language = "zh"
file = "reports/demo-2023.zh.txt"
curated = false
""", encoding="utf-8")
    return build_glossary(seeds_dir=seeds, data_dir=fixture_data)


def test_usage_by_report_is_in_report_date_order_not_manifest_order(two_reports):
    assert [r.id for r in two_reports.reports] == ["demo-2025", "demo-2023"]
    assert two_reports.usage_by_report("three-north-program") == [
        {"report": "demo-2023", "title": "2023年示范自治区政府工作报告", "year": 2023, "region": "示范自治区",
         "occurrences": 2, "paragraphs": 1},
        {"report": "demo-2025", "title": "2025年示范自治区政府工作报告", "year": 2025, "region": "示范自治区",
         "occurrences": 2, "paragraphs": 2},
    ]
    assert two_reports.first_report("three-north-program") == "demo-2023"
    assert two_reports.usage_by_report("no-such-term") == [] and two_reports.first_report("no-such-term") is None


def test_term_detail_across_reports_and_the_definitions_own_report(two_reports):
    term = two_reports.term("tianjun-program")
    detail = two_reports.term_detail(term)
    assert {o["report"] for o in detail["occurrences"]} == {"demo-2023", "demo-2025"}
    assert [u["report"] for u in detail["by_report"]] == ["demo-2023", "demo-2025"]
    assert set(detail["by_report"][0]) == {"report", "title", "year", "region", "occurrences", "paragraphs"}
    assert detail["first_report"] == "demo-2023"
    # The definition comes from demo-2025's appendix 2, although demo-2023 uses the term first.
    assert (detail["definition_report"], detail["definition_paragraph"]) == ("demo-2025", "demo-2025.a2.1")
    warmth = two_reports.term_detail(two_reports.term("warmth-project"))
    assert warmth["definition_report"] is None and warmth["definition_paragraph"] is None


def test_the_counts_by_report_add_up_to_the_term_summary(sample_glossary):
    for term in sample_glossary.terms:
        usage = sample_glossary.usage_by_report(term.id)
        summary = sample_glossary.term_summary(term)
        assert sum(u["occurrences"] for u in usage) == summary["occurrences"]
        assert sum(u["paragraphs"] for u in usage) == summary["paragraphs"]


def test_the_three_north_program_across_the_shipped_reports(sample_glossary):
    curated = {r.id for r in sample_glossary.reports if r.curated}
    usage = sample_glossary.usage_by_report("three-north-program")
    series = [u for u in usage if u["report"] in curated]
    assert [u["report"] for u in series] == ["nmg-2024", "national-2024", "national-2025", "nmg-2026"]
    assert [u["paragraphs"] for u in series] == [4, 2, 1, 4]
    others = {u["report"] for u in usage} - curated  # the provinces' 2026 reports that also name it
    assert {"gansu-2026", "hebei-2026", "ningxia-2026", "shaanxi-2026"} <= others
    assert sample_glossary.first_report("three-north-program") == "nmg-2024"


def test_glossary_round_trip_keeps_curated_and_provenance(sample_glossary):
    from glossary.build import Glossary

    again = Glossary.from_dict(json.loads(json.dumps(sample_glossary.to_dict())))
    assert again.reports == sample_glossary.reports
    assert again.paragraphs == sample_glossary.paragraphs
    assert [r.curated for r in again.reports] == [r.curated for r in sample_glossary.reports]


# -- what's new ---------------------------------------------------------------------


def test_compare_two_reports(two_reports):
    diff = compare_reports(two_reports, "demo-2023", "demo-2025")
    assert [t.id for t in diff.new] == ["mengkeju"]
    assert (diff.new[0].occurrences, diff.new[0].paragraphs) == (1, 1)  # 蒙科聚科创平台 in part 1
    assert diff.dropped == ()
    assert diff.kept == 3  # 三北, 天骏计划, 温暖工程
    back = compare_reports(two_reports, "demo-2025", "demo-2023")
    assert [t.id for t in back.dropped] == ["mengkeju"] and back.new == ()
    assert set(terms_used(two_reports, "demo-2023")) == {"three-north-program", "tianjun-program", "warmth-project"}


def test_the_default_report_a_is_the_predecessor_of_the_same_region(two_reports, sample_glossary):
    assert compare_reports(two_reports, None, "demo-2025").a.id == "demo-2023"
    assert predecessor(sample_glossary, "nmg-2026").id == "nmg-2024"
    assert predecessor(sample_glossary, "national-2025").id == "national-2024"
    with pytest.raises(UnknownReport, match="no earlier report of 中华人民共和国"):
        predecessor(sample_glossary, "national-2023")
    with pytest.raises(UnknownReport, match="no report 'nope'"):
        compare_reports(sample_glossary, "nope", "nmg-2024")


def test_compare_the_shipped_reports(sample_glossary):
    diff = compare_reports(sample_glossary, "nmg-2024", "nmg-2026")
    in_2024, in_2026 = terms_used(sample_glossary, "nmg-2024"), terms_used(sample_glossary, "nmg-2026")
    assert {t.id for t in diff.new} == in_2026.keys() - in_2024.keys()
    assert {t.id for t in diff.dropped} == in_2024.keys() - in_2026.keys()
    assert diff.kept == len(in_2024.keys() & in_2026.keys())
    assert "six-projects" in {t.id for t in diff.dropped}, "六个工程 was the 2024 report's own programme"
    assert [t.occurrences for t in diff.dropped] == sorted((t.occurrences for t in diff.dropped), reverse=True)


@pytest.fixture()
def run(index_dir):
    def invoke(*args):
        return CliRunner().invoke(cli, [*args, "--index-dir", str(index_dir)])
    return invoke


def test_diff_command_json(run, sample_glossary):
    result = run("diff", "national-2023", "national-2025", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    expected = compare_reports(sample_glossary, "national-2023", "national-2025").to_dict()
    assert data == expected
    assert data["a"]["id"] == "national-2023" and data["b"]["date"] == "2025-03-05"
    assert set(data["new"][0]) == {"id", "zh", "en", "occurrences", "paragraphs"}


def test_diff_command_defaults_to_the_predecessor_and_prints_a_summary(run):
    result = run("diff", "nmg-2026")
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert first.startswith("nmg-2026 (2026年内蒙古自治区政府工作报告) against "
                            "nmg-2024 (2024年内蒙古自治区政府工作报告): ")
    assert "\nnew:\n" in result.output and "\ndropped:\n" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (("diff", "nope"), "no report 'nope'"),
    (("diff", "national-2023"), "has no earlier report"),
    (("diff", "a", "b", "c"), "give one or two report ids"),
])
def test_diff_command_refuses_with_a_message(run, args, message):
    result = run(*args)
    assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output
