"""The report parser: structure, labels, page-break rejoins, PDF spaces, appendices."""

from __future__ import annotations

import re
from datetime import date

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


def test_kinds_are_an_enum_whose_values_are_the_old_strings(paragraphs):
    from glossary.report import Kind

    assert {p.kind for p in paragraphs} == set(Kind)
    assert all(isinstance(p.kind, Kind) and p.kind == p.kind.value for p in paragraphs)
    assert {p.to_dict()["kind"] for p in paragraphs} == {
        "title", "paragraph", "heading", "appendix-heading", "livelihood-project", "definition"}


def test_what_ids_encode_is_an_explicit_field(paragraphs):
    from glossary.report import Role

    by_id = {p.id.split(".", 1)[1]: p for p in paragraphs}
    assert (by_id["a1"].role, by_id["a1"].appendix) == (Role.APPENDIX, 1)
    assert (by_id["a1.title"].role, by_id["a1.title"].appendix) == (Role.APPENDIX_TITLE, 1)
    assert (by_id["a1.g4"].role, by_id["a1.g4"].number) == (Role.GROUP, 4)
    assert (by_id["a1.32"].appendix, by_id["a1.32"].number) == (1, 32)
    assert (by_id["a2.17"].appendix, by_id["a2.17"].number, by_id["a2.17"].role) == (2, 17, Role.NONE)
    assert (by_id["2"].role, by_id["2"].number) == (Role.PART, 2)


def test_to_dict_is_the_public_shape_and_to_record_round_trips(paragraphs):
    from glossary.report import Paragraph

    for p in paragraphs:
        assert set(p.to_dict()) <= {"id", "report", "ordinal", "kind", "label", "label_en", "text", "part",
                                    "section", "section_title", "lead_agencies", "group", "defined_term"}
        assert Paragraph.from_dict(p.to_record()) == p


def test_each_block_kind_has_one_handler():
    from glossary.report import _Parser

    kinds = [kind for kind, _ in _Parser.RULES]
    assert len(kinds) == len(set(kinds)) and kinds[-1] == "paragraph"
    assert all(callable(getattr(_Parser, f"block_{kind}")) for kind in kinds)


def test_table_of_contents_of_the_2024_report(corpus):
    from glossary.report import table_of_contents

    (report,) = [r for r in corpus.reports if r.id == "nmg-2024"]
    toc = table_of_contents(report.paragraphs)
    assert [(e.kind, e.paragraph_id.split(".", 1)[1]) for e in toc] == [
        ("opening", "0.0.1"), ("part", "1"), ("part", "2"), ("appendix", "a1"), ("appendix", "a2")]
    assert toc[3].text == "附件1 自治区2024年33件民生实事清单"
    assert [c.kind for c in toc[3].children] == ["group"] * 4
    sections = toc[2].children
    assert [s.label for s in sections] == [f"（{cn_numeral(n)}）" for n in range(1, 11)]
    assert sections[6].text.startswith("站在“国之大者”的高度") and sections[6].paragraph_id == "nmg-2024.2.7.1"
    assert toc[0].to_dict()["label_en"] == "Opening"


def test_unnumbered_parts_are_chapters_with_their_own_ids():
    from glossary.report import ReportInfo, Role, parse_report, table_of_contents

    info = ReportInfo("x", "t", "r", 2026, date(2026, 1, 1), "s", "zh", "x.txt")
    text = "\n\n".join([
        "2026年某省政府工作报告", "各位代表：", "“十四五”时期发展成就和2025年工作回顾", "五年来，成绩显著。",
        "“十五五”时期主要目标和2026年重点工作", "今年要抓好几件事。", "一、抓好重点工作",
        "（一）发展产业。要发展产业。", "附件", "2026年民生实事", "1.建设学校（牵头单位：教育厅）。"])
    paragraphs = parse_report(info, text).paragraphs
    by_id = {p.id: p for p in paragraphs}
    assert by_id["x.c1"].role == Role.CHAPTER and by_id["x.c1"].label_en == "Chapter 1"
    assert by_id["x.c1.0.0.1"].text == "五年来，成绩显著。"
    assert by_id["x.c2.1"].role == Role.PART and by_id["x.c2.1"].chapter == 2
    assert by_id["x.c2.1.1.1"].section_title == "发展产业"
    assert by_id["x.a1.1"].lead_agencies == ("教育厅",) and by_id["x.a1"].appendix == 1
    toc = table_of_contents(paragraphs)
    assert [e.kind for e in toc] == ["opening", "chapter", "chapter", "appendix"]
    assert [c.kind for c in toc[2].children] == ["part"] and toc[2].children[0].children[0].kind == "section"


GOOD_ENTRY = {
    "id": '"demo-2025"', "title": '"t"', "region": '"r"', "year": "2025", "date": "2025-01-20",
    "speaker": '"s"', "language": '"zh"', "file": '"r.txt"',
}


def _manifest(tmp_path, **changes):
    entry = {**GOOD_ENTRY, **changes}
    lines = ["[[report]]"] + [f"{key} = {value}" for key, value in entry.items() if value is not None]
    (tmp_path / "manifest.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "r.txt").write_text("各位代表：\n", encoding="utf-8")


def test_a_good_manifest_entry_with_provenance_is_read(tmp_path):
    _manifest(tmp_path, source_url='"https://example.org/r"', retrieved="2026-11-20", licence='"public domain"',
              curated="false")
    (info,) = read_manifest(tmp_path)
    assert info.date == date(2025, 1, 20) and info.retrieved == date(2026, 11, 20)
    assert (info.source_url, info.licence, info.curated) == ("https://example.org/r", "public domain", False)
    _manifest(tmp_path)
    assert read_manifest(tmp_path)[0].curated is True, "curated by default"


@pytest.mark.parametrize(("field", "value", "problem"), [
    ("date", '"2025-01-20"', "date must be a TOML date such as 2024-03-05 (no quotes), not str '2025-01-20'"),
    ("date", "2025-01-20T10:00:00", "date must be a TOML date"),
    ("date", "2024-12-30", "date 2024-12-30 is not in year 2025"),
    ("year", '"2025"', "year must be a year"),
    ("year", "true", "year must be a year"),
    ("id", '"Demo 2025"', "id must be lower-case letters and digits joined by hyphens"),
    ("title", '""', "title must be a non-empty string"),
    ("speaker", "3", "speaker must be a non-empty string"),
    ("language", '"en"', 'language must be "zh"'),
    ("title_en", "1", "title_en must be a string"),
    ("source_url", '"example.org"', "source_url must be an http(s) address"),
    ("retrieved", '"2026-11-20"', "retrieved must be a TOML date"),
    ("retrieved", "2024-01-01", "retrieved 2024-01-01 is before the report's date"),
    ("licence", "[]", "licence must be a non-empty string"),
    ("curated", '"no"', "curated must be true or false"),
    ("colour", '"red"', "unknown keys colour"),
    ("region", None, "missing region"),
])
def test_each_kind_of_manifest_fault_names_the_file_the_entry_and_the_field(tmp_path, field, value, problem):
    _manifest(tmp_path, **{field: value})
    with pytest.raises(DataError, match=re.escape(problem)) as error:
        read_manifest(tmp_path)
    assert error.value.path.endswith("manifest.toml")
    assert error.value.entry.startswith("report #1")
    if field == "id":
        assert error.value.entry == "report #1 (Demo 2025)"


def test_a_duplicate_report_id_is_refused(tmp_path):
    _manifest(tmp_path)
    text = (tmp_path / "manifest.toml").read_text(encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(text + "\n" + text, encoding="utf-8")
    with pytest.raises(DataError, match="report #2 \\(demo-2025\\): duplicate id"):
        read_manifest(tmp_path)


def test_a_title_block_broken_over_lines_is_one_title_line():
    from glossary.report import ReportInfo, parse_report

    info = ReportInfo("x", "t", "r", 2024, date(2024, 3, 5), "s", "zh", "x.txt")
    text = ("政府工作报告\n\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n\n国务院总理　\n李　强\n\n"
            "各位代表：\n\n现在，我代表国务院，向大会报告政府工作。\n")
    paragraphs = parse_report(info, text).paragraphs
    assert [p.text for p in paragraphs if p.kind == TITLE] == [
        "政府工作报告", "——2024年3月5日在第十四届全国人民代表大会第二次会议上", "国务院总理李强"]
    assert [p.id for p in paragraphs] == ["x.t1", "x.t2", "x.t3", "x.0.0.1", "x.0.0.2"]
