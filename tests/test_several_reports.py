"""The parser on all five shipped reports: their structures differ, the parser is the same."""

from __future__ import annotations

import re

import pytest

from glossary.importer import CUT_RULES, LINE_RULES
from glossary.report import APPENDIX_HEADING, DEFINITION, HEADING, PARAGRAPH, PROJECT, TITLE, table_of_contents

REPORT_IDS = ["nmg-2024", "nmg-2026", "national-2023", "national-2024", "national-2025"]

# Each report's parts (top-level divisions, chapters included), in order.
PARTS = {
    "nmg-2024": ["一、过去一年工作回顾", "二、2024年工作安排"],
    "nmg-2026": ["“十四五”时期发展成就和2025年工作回顾", "“十五五”时期主要目标和2026年重点工作",
                 "一、把铸牢中华民族共同体意识作为民族地区各项工作的主线",
                 "二、深化落实习近平总书记和党中央赋予的五大战略定位和使命任务", "三、全力抓好七项重点工作",
                 "四、把坚持党的全面领导贯穿政府工作各方面全过程"],
    "national-2023": ["一、过去一年和五年工作回顾", "二、对今年政府工作的建议"],
    "national-2024": ["一、2023年工作回顾", "二、2024年经济社会发展总体要求和政策取向", "三、2024年政府工作任务"],
    "national-2025": ["一、2024年工作回顾", "二、2025年经济社会发展总体要求和政策取向", "三、2025年政府工作任务"],
}
SECTIONS = {"nmg-2024": 10 + 0, "nmg-2026": 3 + 5 + 7, "national-2023": 10 + 8, "national-2024": 10,
            "national-2025": 10}
PROJECTS = {"nmg-2024": 33, "nmg-2026": 10, "national-2023": 0, "national-2024": 0, "national-2025": 0}
DEFINITIONS = {"nmg-2024": 17, "nmg-2026": 0, "national-2023": 0, "national-2024": 0, "national-2025": 0}


@pytest.fixture(scope="module")
def reports(corpus):
    return {report.id: report for report in corpus.reports}


def test_the_five_curated_reports_come_first_in_the_manifest_then_the_provinces(reports):
    assert list(reports)[:5] == REPORT_IDS
    provinces = [r.info for r in reports.values() if not r.info.curated]
    assert len(provinces) == 30 and {r.year for r in provinces} == {2026}
    assert len({r.region for r in provinces} | {"内蒙古自治区"}) == 31  # with nmg-2026, every province once


@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_parts_are_recognised(reports, report_id):
    paragraphs = reports[report_id].paragraphs
    assert [p.text for p in paragraphs if p.kind == HEADING] == PARTS[report_id]


@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_sections_projects_and_definitions(reports, report_id):
    paragraphs = reports[report_id].paragraphs
    sections = {(p.chapter, p.part, p.section) for p in paragraphs if p.section}
    assert len(sections) == SECTIONS[report_id]
    projects = [p for p in paragraphs if p.kind == PROJECT]
    assert [p.number for p in projects] == list(range(1, PROJECTS[report_id] + 1))
    assert all(p.lead_agencies for p in projects)
    assert len([p for p in paragraphs if p.kind == DEFINITION]) == DEFINITIONS[report_id]


@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_every_body_paragraph_ends_a_sentence_and_ids_are_unique(reports, report_id):
    paragraphs = reports[report_id].paragraphs
    for p in paragraphs:
        if p.kind in (PARAGRAPH, PROJECT, DEFINITION):
            assert p.text[-1] in "。！？：；", p.label
    assert len({p.id for p in paragraphs}) == len(paragraphs)
    assert all(p.id.startswith(report_id + ".") for p in paragraphs)


@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_no_page_chrome_or_licence_is_left_as_a_paragraph(reports, report_id):
    for p in reports[report_id].paragraphs:
        for rule, pattern in (*LINE_RULES, *CUT_RULES):
            assert not pattern.match(p.text), f"{p.id} is {rule}: {p.text}"
        for leftover in ("相关报道", "打印本页", "关闭窗口", "本作品", "公有领域", "Public domain", "字号", "来源："):
            assert leftover not in p.text, f"{p.id}: {leftover}"


@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_the_opening_is_only_the_opening(reports, report_id):
    paragraphs = reports[report_id].paragraphs
    opening = [p for p in paragraphs if p.kind == PARAGRAPH and not p.part and not p.chapter]
    assert 1 <= len(opening) <= 2, [p.text[:20] for p in opening]
    assert opening[0].text == "各位代表：" and opening[0].label == "导言 第1段"


def test_inner_mongolia_2026_does_not_land_entirely_in_the_opening(reports):
    paragraphs = reports["nmg-2026"].paragraphs
    first, second = [p for p in paragraphs if p.role == "chapter"]
    in_first = [p for p in paragraphs if p.chapter == 1 and p.kind == PARAGRAPH]
    assert len(in_first) == 10 and in_first[0].text.startswith("“十四五”时期内蒙古发展历程极不平凡")
    assert in_first[0].id == "nmg-2026.c1.0.0.1" and in_first[0].label == "第一部分 第1段"
    heading = next(p for p in paragraphs if p.role == "part" and p.number == 3)
    assert (heading.id, heading.chapter) == ("nmg-2026.c2.3", 2)
    part_three = [p for p in paragraphs if p.chapter == 2 and p.part == 3]
    assert part_three[0].id == "nmg-2026.c2.3.1.1" and part_three[0].section_title.startswith("立足壮大实体经济")
    assert part_three[0].label == "三（一）第1段"
    assert second.text.startswith("“十五五”") and first.id == "nmg-2026.c1"


def test_inner_mongolia_2026_appendix_of_livelihood_projects(reports):
    paragraphs = reports["nmg-2026"].paragraphs
    heading, title = [p for p in paragraphs if p.kind == APPENDIX_HEADING]
    assert (heading.id, heading.text, heading.appendix) == ("nmg-2026.a1", "附件", 1)
    assert (title.id, title.text) == ("nmg-2026.a1.title", "2026年自治区民生实事")
    project = next(p for p in paragraphs if p.id == "nmg-2026.a1.6")
    assert project.lead_agencies == ("卫健委", "医保局") and project.group == ""


@pytest.mark.parametrize(("report_id", "titles"), [
    ("nmg-2026", ["2026年内蒙古自治区政府工作报告", "——2026年2月4日在内蒙古自治区第十四届人民代表大会第五次会议上",
                  "自治区人民政府主席包钢"]),
    ("national-2023", ["政府工作报告", "——2023年3月5日在第十四届全国人民代表大会第一次会议上", "国务院总理李克强"]),
    ("national-2024", ["政府工作报告", "——2024年3月5日在第十四届全国人民代表大会第二次会议上", "国务院总理李强"]),
    ("national-2025", []),
])
def test_title_blocks(reports, report_id, titles):
    assert [p.text for p in reports[report_id].paragraphs if p.kind == TITLE] == titles


def test_wiki_link_breaks_are_joined_into_their_paragraph(reports):
    texts = [p.text for p in reports["national-2023"].paragraphs]
    assert any("推动区域全面经济伙伴关系协定（RCEP）生效实施" in t for t in texts)
    assert any("积极推动加入全面与进步跨太平洋伙伴关系协定（CPTPP）等高标准经贸协议" in t for t in texts)


@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_table_of_contents(reports, report_id):
    toc = table_of_contents(reports[report_id].paragraphs)
    assert toc[0].kind == "opening"

    def walk(entries):
        for entry in entries:
            yield entry
            yield from walk(entry.children)

    entries = list(walk(toc))
    assert [e.text for e in entries if e.kind in ("chapter", "part")] == PARTS[report_id]
    assert len([e for e in entries if e.kind == "section"]) == SECTIONS[report_id]
    ids = {p.id for p in reports[report_id].paragraphs}
    assert all(e.paragraph_id in ids for e in entries)
    assert all(re.fullmatch(r"（[一二三四五六七八九十]+）", e.label) for e in entries if e.kind == "section")
