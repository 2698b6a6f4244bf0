"""`glossary import`: each cleaning rule, the files it writes, and the command."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli
from glossary.corpus import read_manifest
from glossary.errors import DataError
from glossary.importer import CUT_RULES, LINE_RULES, clean_raw_text, import_report, manifest_entry

RAW = Path(__file__).parent / "fixtures" / "raw" / "page.raw.txt"


def _rules(changes):
    return [(c.rule, c.text) for c in changes]


LINE_CASES = [
    ("page-chrome", "下载"), ("page-chrome", "打印"), ("page-chrome", "全屏"), ("page-chrome", "收藏"),
    ("page-chrome", "【字号："), ("page-chrome", "加大"), ("page-chrome", "还原"), ("page-chrome", "减小"),
    ("page-chrome", "】"), ("page-chrome", "分享到："),
    ("source", "来源：内蒙古日报"), ("source", "信息来源：新华社"),
    ("date", "时间：2026-02-12"), ("date", "发布时间：2026-02-12 09:30"), ("date", "2026-02-12"),
    ("date", "2026年2月12日"),
    ("photo-caption", "自治区人民政府主席包钢作政府工作报告。本报记者 韩卿立 摄"),
    ("photo-caption", "（新华社记者 王晔 摄）"), ("photo-caption", "图为会议现场。"),
    ("wiki-leftover", "Public domain"), ("wiki-leftover", "false"),
    ("page-chrome", "【字体："), ("page-chrome", "阅读量："), ("page-chrome", "|分享到微信"),
    ("page-chrome", "编辑：何继红"), ("source", "（来源：青海日报）"), ("date", "发表时间："),
    ("date", "2026年02月10日 07时41分"), ("date", "2026-02-03 09:02:33"), ("breadcrumb", "首页"),
    ("page-chrome", "责任编辑："), ("photo-caption", "省长赵刚作政府工作报告"),
    ("photo-caption", "张工作政府工作报告。"),
    ("photo-caption", "任振鹤作政府工作报告。新甘肃·甘肃日报记者 盛学卿"),
    ("page-chrome", "|"), ("page-chrome", "×"), ("page-chrome", "》》点击图片进入专题《《"),
]
CUT_CASES = [
    ("related", "相关报道："),
    ("print-close", "打印本页 关闭窗口"),
    ("print-close", "【打印本页】 【关闭窗口】"),
    ("wiki-licence", "本作品是中华人民共和国的"),
    ("print-close", "打印本页"),
    ("related", "相关附件>>"),
    ("related", "×相关文档："),
    ("page-footer", "扫一扫在手机打开当前页"),
]


@pytest.mark.parametrize(("rule", "line"), LINE_CASES)
def test_each_line_rule_removes_its_line(rule, line):
    cleaned = clean_raw_text(f"各位代表：\n{line}\n现在，我代表省人民政府向大会报告工作。\n")
    assert _rules(cleaned.changes) == [(rule, line)]
    assert cleaned.text == "各位代表：\n\n现在，我代表省人民政府向大会报告工作。\n"


@pytest.mark.parametrize(("rule", "line"), CUT_CASES)
def test_each_cut_rule_removes_the_rest_of_the_text(rule, line):
    cleaned = clean_raw_text(f"各位代表：\n最后一段。\n{line}\n2026年四川省政府工作报告\n各位代表：\n")
    assert cleaned.text == "各位代表：\n\n最后一段。\n"
    (change,) = cleaned.changes
    assert (change.rule, change.first, change.last) == (rule, 3, 5)
    assert change.text.startswith(line.split()[0]) and "2026年四川省政府工作报告" in change.text


def test_a_breadcrumb_goes_with_the_pages_it_leads_to():
    cleaned = clean_raw_text("您的位置:\n首页\n>\n云南要闻\n2026年政府工作报告\n各位代表：\n")
    assert _rules(cleaned.changes) == [("breadcrumb", t) for t in ("您的位置:", "首页", ">", "云南要闻")]
    assert cleaned.text == "2026年政府工作报告\n\n各位代表：\n"


def test_the_value_after_a_bare_label_goes_with_it():
    cleaned = clean_raw_text("2026年四川省人民政府工作报告\n来源:\n四川日报\n各位代表：\n最后。\n责任编辑：\n李莎莎\n")
    assert _rules(cleaned.changes) == [("source", "来源:"), ("label-value", "四川日报"),
                                       ("page-chrome", "责任编辑："), ("label-value", "李莎莎")]
    assert cleaned.text == "2026年四川省人民政府工作报告\n\n各位代表：\n\n最后。\n"


def test_a_title_block_the_page_shows_twice_is_kept_once_but_later_repeats_stay():
    raw = ("陕西省2026年政府工作报告\n2026年1月27日在陕西省第十四届人民代表大会第四次会议上\n首页\n"
           "陕西省2026年政府工作报告\n2026年1月27日在陕西省第十四届人民代表大会第四次会议上\n"
           "各位代表：\n一是稳增长。\n一是稳增长。\n")
    cleaned = clean_raw_text(raw)
    assert [(c.rule, c.first) for c in cleaned.changes] == [("breadcrumb", 3), ("repeat", 4), ("repeat", 5)]
    assert cleaned.text.split("\n\n")[:3] == ["陕西省2026年政府工作报告",
                                               "2026年1月27日在陕西省第十四届人民代表大会第四次会议上", "各位代表："]
    assert cleaned.text.count("一是稳增长。") == 2  # after 各位代表 a repeat is the speaker's own


def test_the_opening_sentence_is_not_taken_for_a_caption():
    line = "现在，我代表省人民政府向大会作政府工作报告，请予审议，并请省政协委员和其他列席同志提出意见。"
    assert clean_raw_text(f"各位代表：\n{line}\n").changes == ()


def test_every_rule_is_tested_and_documented():
    import glossary.importer as importer

    names = {rule for rule, _ in (*LINE_RULES, *CUT_RULES)} | {"layout-break", "label-value", "repeat"}
    assert all(f"``{name}``" in importer.__doc__ for name in names)
    assert {rule for rule, _ in (*LINE_CASES, *CUT_CASES)} | {"layout-break", "label-value", "repeat"} == names


def test_ordinary_sentences_are_not_taken_for_page_chrome():
    text = ("各位代表：\n\n来源于群众的意见要认真听取。\n\n2026年是“十五五”开局之年。\n\n"
            "我们要摄取经验，记者站要办好。\n\n一是大力发展经济。\n")
    cleaned = clean_raw_text(text)
    assert cleaned.changes == () and cleaned.text == text


def test_layout_breaks_inside_a_title_block_and_around_wiki_links_are_joined():
    raw = ("政府工作报告\n\n\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n\n国务院总理　\n李　强\n\n"
           "各位代表：\n\n积极推动加入\n全面与进步跨太平洋伙伴关系协定\n（CPTPP）等高标准经贸协议。\n")
    cleaned = clean_raw_text(raw)
    assert cleaned.text.split("\n\n") == [
        "政府工作报告", "——2024年3月5日在第十四届全国人民代表大会第二次会议上", "国务院总理李强", "各位代表：",
        "积极推动加入全面与进步跨太平洋伙伴关系协定（CPTPP）等高标准经贸协议。\n"]
    assert [(c.rule, c.first, c.last) for c in cleaned.changes] == [("layout-break", 6, 7), ("layout-break", 11, 13)]
    assert cleaned.removed == []


def test_a_text_without_blank_lines_is_one_paragraph_per_line_with_spacing_normalised():
    cleaned = clean_raw_text(RAW.read_text(encoding="utf-8"))
    assert cleaned.text.split("\n\n")[:4] == [
        "2026年示范省政府工作报告", "——2026年1月20日在示范省第十四届人民代表大会第五次会议上", "省长张三", "各位代表："]
    assert "五年来，全省GDP增长5.2%，新增5G基站3000个。" in cleaned.text
    assert [c.rule for c in cleaned.changes] == ["page-chrome"] * 9 + ["source", "date", "photo-caption", "related"]
    assert "示范省召开新闻发布会" not in cleaned.text


ENTRY = {"id": "demo-2026", "title": "2026年示范省政府工作报告", "region": "示范省", "year": 2026,
         "date": date(2026, 1, 20), "speaker": "张三", "source_url": "https://example.org/r",
         "retrieved": date(2026, 11, 27), "licence": "no licence stated", "curated": False}


@pytest.fixture()
def seeds(tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "old.txt").write_text("各位代表：\n", encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(
        '# keep this comment\n[[report]]\nid = "old-2024"\ntitle = "t"\nregion = "r"\nyear = 2024\n'
        'date = 2024-01-30\nspeaker = "s"\nlanguage = "zh"\nfile = "reports/old.txt"\n', encoding="utf-8")
    return tmp_path


def test_import_writes_the_text_and_appends_the_manifest_entry(seeds):
    imported = import_report(RAW.read_text(encoding="utf-8"), seeds, ENTRY)
    assert imported.file == seeds / "reports" / "demo-2026.zh.txt"
    assert imported.file.read_text(encoding="utf-8") == imported.cleaned.text
    manifest = (seeds / "manifest.toml").read_text(encoding="utf-8")
    assert manifest.startswith("# keep this comment\n")
    old, new = read_manifest(seeds)
    assert old.id == "old-2024" and new.id == "demo-2026" and new.file == "reports/demo-2026.zh.txt"
    assert (new.retrieved, new.source_url, new.curated, new.language) == (
        date(2026, 11, 27), "https://example.org/r", False, "zh")
    assert [p.role.value for p in imported.report.paragraphs if p.role] == ["chapter", "appendix", "appendix-title"]


@pytest.mark.parametrize(("change", "problem"), [
    ({"id": "old-2024", "year": 2024, "date": date(2024, 1, 30)}, "the manifest already lists this id"),
    ({"date": "2026-01-20"}, "date must be a TOML date"),
    ({"source_url": "example.org"}, r"source_url must be an http\(s\) address"),
    ({"id": "Demo"}, "id must be lower-case"),
])
def test_import_refuses_a_bad_entry_and_writes_nothing(seeds, change, problem):
    before = (seeds / "manifest.toml").read_text(encoding="utf-8")
    with pytest.raises(DataError, match=problem):
        import_report("各位代表：\n", seeds, {**ENTRY, **change})
    assert (seeds / "manifest.toml").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in (seeds / "reports").iterdir()) == ["old.txt"]


def test_import_does_not_overwrite_a_report_file(seeds):
    (seeds / "reports" / "demo-2026.zh.txt").write_text("x", encoding="utf-8")
    with pytest.raises(DataError, match="exists already"):
        import_report("各位代表：\n", seeds, ENTRY)


def test_manifest_entry_is_valid_toml_with_escapes():
    text = manifest_entry({**ENTRY, "title": 'a "quoted" \\ title', "file": "reports/demo-2026.zh.txt"})
    (entry,) = tomllib.loads(text)["report"]
    assert entry["title"] == 'a "quoted" \\ title' and entry["date"] == date(2026, 1, 20)
    assert text.splitlines()[:3] == ["[[report]]", 'id = "demo-2026"', 'title = "a \\"quoted\\" \\\\ title"']


def test_the_import_command_prints_what_it_removed(seeds):
    result = CliRunner().invoke(cli, [
        "import", str(RAW), "--id", "demo-2026", "--region", "示范省", "--year", "2026", "--date", "2026-01-20",
        "--speaker", "张三", "--title", "2026年示范省政府工作报告", "--source-url", "https://example.org/r",
        "--retrieved", "2026-11-27", "--licence", "no licence stated", "--seeds-dir", str(seeds)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "line 1: removed (page-chrome): 下载"
    assert "line 12: removed (source): 来源：示范日报" in lines
    assert "line 15: removed (photo-caption): 省长张三作政府工作报告。本报记者 李四 摄" in lines
    assert "lines 23–24: removed (related): 相关报道： / 示范省召开新闻发布会" in lines
    assert "  [第一部分] “十四五”时期发展成就和2025年工作回顾" in lines
    (entry,) = [e for e in tomllib.loads((seeds / "manifest.toml").read_text("utf-8"))["report"]
                if e["id"] == "demo-2026"]
    assert entry["curated"] is False, "imported reports wait for a content pass"
    again = CliRunner().invoke(cli, ["import", str(RAW), "--id", "demo-2026", "--region", "r", "--year", "2026",
                                     "--date", "2026-01-20", "--speaker", "s", "--title", "t",
                                     "--seeds-dir", str(seeds)])
    assert again.exit_code != 0 and "already lists this id" in again.output and "Traceback" not in again.output
    assert json.dumps(entry, default=str)


@pytest.mark.parametrize("name", ["nmg-2026", "national-2023", "national-2024", "national-2025"])
def test_the_shipped_texts_are_what_the_importer_makes_of_the_raw_texts(shared_dir, name):
    """The committed texts are reproducible from the raw ones in shared/seeds/more, when shared/ is at hand."""
    raw = {"nmg-2026": "provinces-2026/neimenggu-2026.raw.txt"}.get(name, f"{name}.raw.txt")
    if shared_dir is None:
        pytest.skip("shared/ (with the raw texts) is not beside the repository")
    path = shared_dir / "seeds" / "more" / raw
    shipped = Path(__file__).parents[1] / "seeds" / "reports" / f"{name}.zh.txt"
    assert clean_raw_text(path.read_text(encoding="utf-8")).text == shipped.read_text(encoding="utf-8")


def test_the_provincial_collection_is_what_the_import_script_makes(shared_dir, tmp_path):
    """seeds/import_provinces_2026.py over shared/'s raw texts gives the committed texts and manifest entries."""
    import shutil

    from seeds.import_provinces_2026 import main

    if shared_dir is None:
        pytest.skip("shared/ (with the raw texts) is not beside the repository")
    shipped = Path(__file__).parents[1] / "seeds"
    manifest = (shipped / "manifest.toml").read_text(encoding="utf-8")
    (tmp_path / "reports").mkdir()
    curated = manifest[:manifest.index('[[report]]\nid = "anhui-2026"')]
    (tmp_path / "manifest.toml").write_text(curated.rstrip("\n") + "\n", encoding="utf-8")
    for entry in tomllib.loads(curated)["report"]:
        shutil.copy(shipped / entry["file"], tmp_path / entry["file"])
    assert main([str(shared_dir / "seeds" / "more" / "provinces-2026"), "--seeds-dir", str(tmp_path)]) == 0
    assert (tmp_path / "manifest.toml").read_text(encoding="utf-8") == manifest
    for made in (tmp_path / "reports").iterdir():
        assert made.read_text(encoding="utf-8") == (shipped / "reports" / made.name).read_text(encoding="utf-8")
    entries = {e["id"]: e for e in tomllib.loads(manifest)["report"]}
    assert "Abridged" in entries["hebei-2026"]["defects"] and "repeats" in entries["sichuan-2026"]["defects"]
    assert not any("defects" in e for e in entries.values() if e["id"] not in ("hebei-2026", "sichuan-2026"))
