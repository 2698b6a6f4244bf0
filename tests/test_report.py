"""The report parser: structure, labels, page-break rejoins, PDF spaces, appendices."""

from __future__ import annotations

import re

import pytest

from glossary.corpus import load_corpus, read_manifest
from glossary.errors import DataError
from glossary.report import DEFINITION, HEADING, PARAGRAPH, PROJECT, TITLE, cn_numeral, parse_cn_numeral

# The twelve places where a page break cut a paragraph mid-sentence: the end of
# the first half and the start of the second, as they stand in the raw text.
REJOINS = [
    ("重点旅游", "目的地专列"),
    ("国务院督查、自", "然资源督察"),
    ("以进促稳、", "先立后破"),
    ("等全球", "性、全国性重大活动"),
    ("国家乳业技术创新中", "心二期项目建设"),
    ("让更多", "品牌叫得响"),
    ("信息咨询等服务", "业态，着力引进"),
    ("推进开行", "中欧班列扩容提质"),
    ("“火", "车头”"),
    ("包头、赤峰、", "乌海3个"),
    ("是在习近平总", "书记亲切关怀"),
    ("《内蒙古自治区建设", "国家重要农畜产品生产基地促进条例》"),
]


@pytest.mark.parametrize(("left", "right"), REJOINS)
def test_page_break_is_rejoined(paragraphs, left, right):
    assert any(left + right in p.text for p in paragraphs), f"{left}|{right} should be rejoined"
    assert not any(p.text.endswith(left) for p in paragraphs)
    assert not any(p.text.startswith(right) for p in paragraphs)


def test_every_body_paragraph_ends_a_sentence(paragraphs):
    for p in paragraphs:
        if p.kind in (PARAGRAPH, PROJECT, DEFINITION):
            assert p.text[-1] in "。！？：；", p.label


def test_headings_stay_separate(paragraphs):
    headings = [p.text for p in paragraphs if p.kind == HEADING]
    assert headings == ["一、过去一年工作回顾", "二、2024年工作安排"]
    titles = [p.text for p in paragraphs if p.kind == TITLE]
    assert titles[0] == "政府工作报告"


@pytest.mark.parametrize(("raw", "clean"), [
    ("增长 1.4%", "增长1.4%"),
    ("2024 年", "2024年"),
    ("新增 5G 基站", "新增5G基站"),
    ("PM2.5 浓度", "PM2.5浓度"),
    ("对 12345 热线", "对12345热线"),
])
def test_pdf_spaces_next_to_chinese_are_removed(paragraphs, raw, clean):
    texts = [p.text for p in paragraphs]
    assert any(clean in t for t in texts)
    assert not any(raw in t for t in texts)


def test_spaces_between_latin_words_are_kept():
    from glossary.text import clean_pdf_spaces

    assert clean_pdf_spaces("Belt and Road 10 km 增长 5%") == "Belt and Road 10 km增长5%"


def test_labels_and_ids(paragraphs):
    by_label = {p.label: p for p in paragraphs}
    p = by_label["二（七）第3段"]
    assert p.text.startswith("持续打好蓝天碧水净土保卫战")
    assert p.id == "nmg-2024.2.7.3"
    assert p.label_en == "Part 2 (7) ¶3"
    assert p.section_title.startswith("站在“国之大者”的高度")
    assert by_label["一 第5段"].text.startswith("——“三北”工程攻坚战全面打响")
    assert len({p.id for p in paragraphs}) == len(paragraphs), "ids are unique"


def test_sections_of_part_two(paragraphs):
    sections = sorted({p.section for p in paragraphs if p.part == 2 and p.section})
    assert sections == list(range(1, 11))


def test_closing_salutation_leaves_the_section(paragraphs):
    closing = [p for p in paragraphs if p.text.startswith("各位代表！推进中国式现代化")]
    assert closing[0].section is None and closing[0].label.startswith("二 第")


def test_appendix_one_has_33_projects_with_lead_agencies(paragraphs):
    projects = [p for p in paragraphs if p.kind == PROJECT]
    assert [int(p.id.rsplit(".", 1)[1]) for p in projects] == list(range(1, 34))
    assert all(p.lead_agencies for p in projects)
    item32 = projects[31]
    assert item32.lead_agencies == ("自治区能源局", "内蒙古电力集团", "国网内蒙古东部电力公司")
    assert item32.group == "改善群众居住环境方面11件"
    assert projects[0].label == "附件1 第1项"


def test_appendix_two_entries(paragraphs):
    entries = [p for p in paragraphs if p.kind == DEFINITION]
    assert len(entries) == 17
    assert entries[0].defined_term == "“一规划三方案”"
    assert entries[-1].defined_term == "“七个作模范”"
    assert "办好两件大事的6部促进条例" in [e.defined_term for e in entries]


@pytest.mark.parametrize("number", [1, 2, 9, 10, 11, 19, 20, 33])
def test_cn_numerals_round_trip(number):
    assert parse_cn_numeral(cn_numeral(number)) == number


def test_a_second_report_needs_only_a_file_and_a_manifest_entry(fixture_seeds):
    corpus = load_corpus(fixture_seeds)
    (report,) = corpus.reports
    assert report.info.speaker == "张三"
    texts = [p.text for p in report.paragraphs]
    assert "我们推动温暖工程惠及10万户居民，建成5G基站3000个，开通12345热线，推进重点旅游目的地建设。" in texts
    assert [p.label for p in report.paragraphs if p.kind == PROJECT] == ["附件1 第1项"]
    assert [p.defined_term for p in report.paragraphs if p.kind == DEFINITION] == ["“天骏计划”"]
    assert report.paragraphs[-1].id == "demo-2025.a2.1"


@pytest.mark.parametrize(("manifest", "problem"), [
    ('[[report]]\nid = "x"\n', "missing title"),
    ('[[report]]\nid = "x"\ntitle = "t"\nregion = "r"\nyear = 2024\ndate = 2024-01-01\n'
     'speaker = "s"\nlanguage = "zh"\nfile = "nope.txt"\n', "file nope.txt not found"),
    ('[[report]\n', "not valid TOML"),
    ('', "lists no [[report]]"),
])
def test_bad_manifest_is_rejected_with_file_entry_and_problem(tmp_path, manifest, problem):
    (tmp_path / "manifest.toml").write_text(manifest, encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(problem)) as error:
        read_manifest(tmp_path)
    assert "manifest.toml" in str(error.value)
