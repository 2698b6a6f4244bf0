"""The `glossary` command through click's test runner."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from cli.main import cli
from glossary.export.tables import COLUMNS


@pytest.fixture()
def run(index_dir):
    def invoke(*args, input=None):
        return CliRunner().invoke(cli, [*args, "--index-dir", str(index_dir)], input=input)
    return invoke


def test_search_prints_terms_then_paragraphs(run):
    result = run("search", "三北")
    assert result.exit_code == 0, result.output
    assert "“三北”工程  Three-North Shelterbelt Forest Program" in result.output
    assert "[nmg-2024 一 第5段]" in result.output


def test_search_json_shape(run):
    result = run("search", "蒙科聚", "--json", "--limit", "2")
    data = json.loads(result.output)
    assert data["query"] == "蒙科聚"
    assert {"id", "zh", "en"} <= set(data["terms"][0])
    assert data["paragraphs"]["total"] == 4 and len(data["paragraphs"]["items"]) == 2  # 3 in 2024, 1 in 2026
    item = data["paragraphs"]["items"][0]
    assert {"id", "label", "text", "spans", "match"} <= set(item)
    assert [item["text"][start:end] for start, end in item["spans"]] == ["蒙科聚"] * len(item["spans"])


def test_batch_json_keeps_order_and_reports_bad_lines(run, tmp_path):
    batch = tmp_path / "queries.txt"
    batch.write_text("三北\n天骏\n" + "长" * 300 + "\n蒙科聚\n", encoding="utf-8")
    result = run("search", "--batch", str(batch), "--json")
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["query"] for line in lines] == ["三北", "天骏", "长" * 300, "蒙科聚"]
    assert "the limit is 200" in lines[2]["error"]
    assert result.exit_code == 1


def test_batch_from_stdin(run):
    result = run("search", "--batch", "-", "--json", input="三北\n\n天骏\n")
    assert [json.loads(line)["terms"][0]["id"] for line in result.output.splitlines()] == [
        "three-north-program", "tianjun-program"]


@pytest.mark.parametrize(("args", "message"), [
    (("search",), "give either QUERY or --batch FILE"),
    (("search", "   "), "query is empty"),
    (("search", "三北", "--limit", "1000"), "1000 is not in the range 0<=x<=100"),
    (("show", "no-such-term"), "no term 'no-such-term'"),
    (("export", "--format", "xml"), "'xml' is not one of"),
])
def test_bad_arguments_exit_non_zero_with_a_message(run, args, message):
    result = run(*args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", ["six-projects", "“六个工程”", "六个工程"])
def test_show_by_id_headword_or_alias(run, name):
    result = run("show", name)
    assert result.exit_code == 0
    assert "Six Projects" in result.output and "温暖工程 [warmth-project]" in result.output


def test_show_json(run):
    detail = json.loads(run("show", "mengkeju", "--json").output)
    assert detail["renderings"][0]["status"] == "proposed"
    assert detail["occurrences"] and detail["occurrences"][0]["label"]


def test_export_json(run):
    data = json.loads(run("export", "--format", "json").output)
    ids = [t["id"] for t in data["terms"]]
    assert "three-north-program" in ids
    term = data["terms"][ids.index("three-north-program")]
    assert {"id", "zh", "en", "renderings", "definition", "occurrences"} <= set(term)
    assert {"en", "status", "source"} <= set(term["renderings"][0])
    assert {"zh", "en"} == set(term["definition"])
    assert {"paragraph", "text"} <= set(term["occurrences"][0])


def test_export_csv_has_one_row_per_entry_with_a_bom(run):
    result = run("export", "--format", "csv")
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    assert len(rows) == 7
    assert tuple(rows[0]) == COLUMNS
    six = next(r for r in rows if r["id"] == "six-projects")
    assert six["preferred rendering"] == "Six Projects" and six["status"]


@pytest.mark.parametrize("fmt, start", [("tbx", b"<?xml"), ("tbx-v3", b"<?xml"), ("xlsx", b"PK"),
                                        ("omegat", "“三北”工程".encode())])
def test_export_writes_each_format_to_a_file(run, tmp_path, fmt, start):
    target = tmp_path / f"out.{fmt}"
    result = run("export", "--format", fmt, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(start) or start in target.read_bytes()
    assert f"wrote {target}" in result.stderr
    if fmt == "omegat":
        assert "OmegaT 3.6 reads a glossary only from files named *.utf8" in result.stderr


def test_export_filters_by_category_and_status(run):
    result = run("export", "--format", "omegat", "--category", "ecology", "--status", "proposed")
    sources = {line.split("\t")[0] for line in result.output.splitlines()}
    assert "三北" in sources and "蒙科聚" not in sources
    bad = run("export", "--status", "deprecated")
    assert bad.exit_code == 2 and "'deprecated' is not one of 'official', 'recommended', 'proposed'" in bad.output


def test_build_reports_undecided_candidates(tmp_path, fixture_data):
    result = CliRunner().invoke(cli, ["build", "--index-dir", str(tmp_path), "--data-dir", str(fixture_data)])
    assert result.exit_code == 0, result.output
    assert "terms: 7" in result.output
    assert "undecided quoted span: 组合拳  (一 第9段)" in result.output
    assert "more (see `glossary candidates --undecided`)" in result.output
    again = CliRunner().invoke(
        cli, ["build", "--if-stale", "--index-dir", str(tmp_path), "--data-dir", str(fixture_data)])
    assert "index is current" in again.output


def test_build_rejects_malformed_data_naming_file_and_entry(tmp_path):
    (tmp_path / "data" / "terms").mkdir(parents=True)
    (tmp_path / "data" / "terms" / "x.toml").write_text('[[term]]\nid = "a"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--index-dir", str(tmp_path / "ix"), "--data-dir",
                                      str(tmp_path / "data")])
    assert result.exit_code == 1
    assert "x.toml: term #1 (a): category None is not one of" in result.output


def test_search_builds_a_missing_index(tmp_path):
    result = CliRunner().invoke(cli, ["search", "三北", "--index-dir", str(tmp_path / "fresh")])
    assert result.exit_code == 0, result.output
    assert "rebuilt" in result.stderr and "三北" in result.stdout


def test_recognize_reads_a_file_or_standard_input(run, tmp_path):
    text = "推进“三北”工程，落实天骏计划。\n"
    path = tmp_path / "text.txt"
    path.write_text(text, encoding="utf-8")
    for result in (run("recognize", str(path), "--json"), run("recognize", "--json", input=text)):
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["length"] == len(text)
        spans = {t["id"]: t["spans"] for t in data["terms"]}
        assert [text[s:e] for s, e in spans["three-north-program"]] == ["三北”工程"]
        assert [text[s:e] for s, e in spans["tianjun-program"]] == ["天骏计划"]
    plain = run("recognize", str(path))
    assert plain.exit_code == 0 and "2 terms found" in plain.output and "Tianjun Program" in plain.output


def test_recognize_refuses_a_file_that_is_not_utf8(run, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("三北".encode("gb18030"))
    result = run("recognize", str(path))
    assert result.exit_code == 1 and "not UTF-8" in result.output


def _matches_example(example, real, where="") -> list[str]:
    """Differences between a README example and real output; "…" stands for anything (or the rest)."""
    if isinstance(example, str) and "…" in example:
        prefix = example.split("…", 1)[0]
        return [] if isinstance(real, str) and real.startswith(prefix) else [f"{where}: {real!r}"]
    if isinstance(example, dict):
        if example.get("…") == "…":  # an elided object: the keys shown must match
            example = {k: v for k, v in example.items() if k != "…"}
        return [d for key, value in example.items()
                for d in _matches_example(value, real.get(key) if isinstance(real, dict) else None, f"{where}.{key}")]
    if isinstance(example, list):
        shown = [item for item in example if item != "…"]
        return [d for n, item in enumerate(shown)
                for d in _matches_example(item, real[n] if isinstance(real, list) and n < len(real) else None,
                                          f"{where}[{n}]")]
    return [] if example == real else [f"{where}: README {example!r}, real {real!r}"]


def test_the_readme_search_example_is_real_output(tmp_path):
    """README's "Search JSON" is what `glossary search 三北 --json --limit 1` prints for the shipped glossary."""
    import re
    from pathlib import Path

    from index.build import build_index

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Search JSON", 1)[1]
    example = json.loads(re.search(r"```json\n(.*?)```", section, re.S).group(1))
    build_index(tmp_path)
    result = CliRunner().invoke(cli, ["search", example["query"], "--json", "--limit", "1", "--index-dir",
                                      str(tmp_path)])
    real = json.loads(result.output)
    assert _matches_example(example, real) == []


def test_build_refuses_a_string_date_in_the_manifest_without_a_traceback(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "r.txt").write_text("各位代表：\n", encoding="utf-8")
    (seeds / "manifest.toml").write_text(
        '[[report]]\nid = "demo-2024"\ntitle = "t"\nregion = "r"\nyear = 2024\ndate = "2024-03-05"\n'
        'speaker = "s"\nlanguage = "zh"\nfile = "r.txt"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--seeds-dir", str(seeds), "--index-dir", str(tmp_path / "i")])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "manifest.toml: report #1 (demo-2024): date must be a TOML date" in result.output


def test_search_can_be_limited_to_reports_regions_and_years(run):
    result = run("search", "发展", "--json", "--limit", "100", "--report", "national-2024")
    data = json.loads(result.output)
    assert data["paragraphs"]["items"] and {i["report"] for i in data["paragraphs"]["items"]} == {"national-2024"}
    assert len(data["by_report"]) > 1
    bad = run("search", "发展", "--year", "1999")
    assert bad.exit_code == 2 and "no year 1999" in bad.output
