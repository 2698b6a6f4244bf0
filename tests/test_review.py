"""The review list: numeric shorthand that is only a number is not proposed; uncurated reports wait."""

from __future__ import annotations

from datetime import date

import pytest

from glossary.report import ReportInfo, parse_report
from glossary.review import NUMERIC, review_candidates
from glossary.terms import load_terms
from glossary.xref import SurfaceIndex


def _paragraphs(report_id: str, *texts: str, curated: bool = True):
    info = ReportInfo(report_id, "t", "r", 2025, date(2025, 1, 1), "s", "zh", "x.txt", curated=curated)
    return info, list(parse_report(info, "\n\n".join(["各位代表：", *texts])).paragraphs)


@pytest.fixture(scope="module")
def surfaces(fixture_data):
    return SurfaceIndex(load_terms(fixture_data))


def _numeric(paragraphs, surfaces):
    return [c.text for c in review_candidates(paragraphs, surfaces, {}) if c.kind == NUMERIC]


@pytest.mark.parametrize(("sentence", "why"), [
    ("我们这样一个人口大国，必须把饭碗端牢。", "一 + classifier is the article"),
    ("把每一项支持政策落到实处。", "每一项: every"),
    ("加快建设全国统一大市场。", "统一大市场"),
    ("力争在一两个点位上取得突破。", "an approximate count"),
    ("实现第二个百年奋斗目标。", "an ordinal"),
    ("编制第十五个五年规划。", "an ordinal"),
    ("全面贯彻党的二十大精神。", "a Party congress"),
    ("深入学习党的十九大和十九届历次全会精神。", "a Party congress"),
])
def test_a_plain_number_is_not_proposed_as_numeric_shorthand(surfaces, sentence, why):
    _, paragraphs = _paragraphs("x", sentence)
    assert _numeric(paragraphs, surfaces) == [], why


@pytest.mark.parametrize(("sentence", "shorthand"), [
    ("坚持两个毫不动摇。", "两个毫不"),
    ("实施碳达峰十大行动。", "十大行动"),
    ("发挥三大优势。", "三大优势"),
    ("落实四个不摘要求。", "四个不摘"),
])
def test_real_numeric_shorthand_is_still_proposed(surfaces, sentence, shorthand):
    _, paragraphs = _paragraphs("x", sentence)
    assert _numeric(paragraphs, surfaces) == [shorthand]


def test_an_uncurated_report_keeps_its_candidates_off_the_review_list(surfaces):
    curated, first = _paragraphs("a", "推进“组合拳”落地。")
    uncurated, second = _paragraphs("b", "打好“攻坚战”。发挥三大优势。", curated=False)
    texts = [c.text for c in review_candidates(first + second, surfaces, {}, [curated, uncurated])]
    assert texts == ["组合拳"]
    everything = [c.text for c in review_candidates(first + second, surfaces, {})]
    assert everything == ["组合拳", "攻坚战", "三大优势"], "without the manifest, every paragraph counts"


def test_the_curated_reports_are_on_the_review_list_and_the_provincial_collection_is_not(sample_glossary):
    # The flag itself is tested above on made-up reports. The five reviewed reports are curated; the other
    # provinces' 2026 reports are a collection, searched and cross-referenced but not reviewed for new terms.
    curated = {r.id for r in sample_glossary.reports if r.curated}
    assert curated == {"nmg-2024", "nmg-2026", "national-2023", "national-2024", "national-2025"}
    assert all(r.year == 2026 and r.source_url for r in sample_glossary.reports if not r.curated)
    assert {c.paragraph_id.split(".")[0] for c in sample_glossary.candidates} == curated
