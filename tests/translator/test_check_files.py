"""Bilingual files for the check: every format translate-toolkit reads for us, and clear errors for bad ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli
from glossary.check import BilingualFileError, read_file

FILES = Path(__file__).resolve().parents[1] / "fixtures" / "check"


@pytest.mark.parametrize("name, expected", [
    ("sample.xlf", [("p1", "“三北”工程攻坚战全面打响。"), ("p2", "实施“天骏计划”。"), ("p3", "建设蒙科聚。")]),
    ("sample-v2.xliff", [("u1", "“三北”工程攻坚战全面打响。"), ("u2", "实施“天骏计划”。")]),
    ("sample.tmx", [("t1", "实施“天骏计划”。"), ("t2", "温暖工程")]),
    ("sample.po", [("实施“天骏计划”。", "实施“天骏计划”。"), ("“六个工程”", "“六个工程”")]),
    ("sample.csv", [("实施“天骏计划”。", "实施“天骏计划”。"), ("温暖工程", "温暖工程")]),
])
def test_each_format_gives_its_segments_in_order(name, expected):
    segments = read_file((FILES / name).read_bytes(), name)
    assert [(s.id, s.source) for s in segments] == expected
    assert [s.n for s in segments] == list(range(1, len(expected) + 1))
    assert all(s.target for s in segments)


@pytest.mark.parametrize("name, message", [
    ("broken.xlf", "broken.xlf: not well-formed XML at line 7, column"),
    ("entities.tmx", "entities.tmx: DTDs and entity declarations are not accepted"),
    ("broken.po", "broken.po: cannot be read as PO: end-of-line within string on line 5"),
])
def test_malformed_files_are_refused_naming_where(name, message):
    with pytest.raises(BilingualFileError) as error:
        read_file((FILES / name).read_bytes(), name)
    assert message in str(error.value)


def test_unknown_extensions_and_empty_files_are_refused():
    with pytest.raises(BilingualFileError, match=r"must be XLIFF \(.xlf, .xliff\), TMX"):
        read_file(b"x", "notes.docx")
    with pytest.raises(BilingualFileError, match="has no translation units"):
        read_file(b"", "empty.csv")


@pytest.fixture()
def run(index_dir):
    def invoke(*args):
        return CliRunner().invoke(cli, [*args, "--index-dir", str(index_dir)])
    return invoke


def test_cli_checks_a_bilingual_file_and_exits_1_on_errors(run):
    result = run("check", str(FILES / "sample.xlf"), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [s["id"] for s in data["segments"]] == ["p1", "p2", "p3"]
    assert [[i["kind"] for i in s["issues"]] for s in data["segments"]] == [[], ["missing"], ["missing"]]
    text = run("check", str(FILES / "sample.xlf"))
    assert "[2 p2] missing: “天骏计划” [tianjun-program]: expected 'Tianjun Program'" in text.output


def test_cli_checks_two_aligned_texts_and_exits_0_when_clean(run, tmp_path):
    (tmp_path / "zh.txt").write_text("实施“天骏计划”。\n建设蒙科聚。\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("We ran the Tianjun Program.\nWe built Mengkeju Science and Technology "
                                     "Innovation Platforms.\n", encoding="utf-8")
    result = run("check", str(tmp_path / "zh.txt"), str(tmp_path / "en.txt"))
    assert result.exit_code == 0, result.output
    assert "2 segments, 2 glossary terms; 0 missing, 0 deprecated, 0 unexpected, 0 not-preferred" in result.output


def test_cli_reports_a_bad_file_without_a_traceback(run):
    result = run("check", str(FILES / "broken.xlf"))
    assert result.exit_code == 2 and "not well-formed XML at line 7" in result.output
    assert "Traceback" not in result.output
