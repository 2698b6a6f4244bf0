"""Exports: TBX (both forms) validate and read back, tables have one row per concept, OmegaT loads them."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import tbx as tt_tbx

from glossary.export import ExportError, ExportFormat, export, filename, select_terms
from glossary.export.omegat import lines
from glossary.export.tables import COLUMNS
from glossary.export.tbx import ADMITTED, DEPRECATED_STATUS, PREFERRED, entry_id

STANDARDS = Path(__file__).resolve().parents[1] / "fixtures" / "tbx"  # copies of shared/standards/tbx (its README)
SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def relaxng(name: str) -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(STANDARDS / name), SAFE))


def test_the_2008_schema_refuses_a_bad_file_so_the_validation_means_something():
    schema = relaxng("TBXBasicRNGV02.rng")
    assert schema.validate(etree.parse(str(STANDARDS / "example-tbx-basic-2008-sample.tbx"), SAFE))
    assert not schema.validate(etree.parse(str(STANDARDS / "example-tbx-basic-2008-bad-element-order.tbx"), SAFE))


def test_tbx_2008_validates_against_tbx_basic(varied_glossary):
    schema = relaxng("TBXBasicRNGV02.rng")
    document = etree.fromstring(export(varied_glossary, ExportFormat.TBX), SAFE)
    assert schema.validate(document.getroottree()), schema.error_log
    assert document.tag == "martif" and document.get("type") == "TBX-Basic"
    assert len(document.findall(".//termEntry")) == len(varied_glossary.terms)


def test_tbx_v3_validates_against_the_core_structure(varied_glossary):
    schema = relaxng("TBXcoreStructV03.rng")
    assert schema.validate(etree.parse(str(STANDARDS / "example-tbx-basic-v3-valid.tbx"), SAFE))
    document = etree.fromstring(export(varied_glossary, ExportFormat.TBX_V3), SAFE)
    assert schema.validate(document.getroottree()), schema.error_log
    assert document.tag == "{urn:iso:std:iso:30042:ed-2}tbx"
    assert len(document.findall(".//{*}conceptEntry")) == len(varied_glossary.terms)


def test_tbx_reads_back_through_translate_toolkit_with_every_entry_language_and_status(varied_glossary, tmp_path):
    path = tmp_path / "glossary.tbx"
    path.write_bytes(export(varied_glossary, ExportFormat.TBX))
    store = tt_tbx.tbxfile.parsefile(str(path))
    assert [unit.getid() for unit in store.units] == [entry_id(t) for t in varied_glossary.terms]
    for unit, term in zip(store.units, varied_glossary.terms, strict=True):
        zh = [(t.text, t.administrative_status) for t in unit.get_target_terms("zh")]
        en = [(t.text, t.administrative_status) for t in unit.get_target_terms("en")]
        assert zh == [(term.zh, PREFERRED), *((alias, ADMITTED) for alias in term.aliases)]
        expected = [(term.en, PREFERRED)]
        for rendering in term.renderings[1:]:
            expected.append((rendering.text, DEPRECATED_STATUS if rendering.status == "deprecated" else ADMITTED))
        assert en == expected
    three_north = store.units[[t.id for t in varied_glossary.terms].index("three-north-program")]
    deprecated = [t for t in three_north.get_target_terms("en") if t.deprecated]
    assert [t.text for t in deprecated][-1] == "Three Norths Project"
    assert [t.text for t in deprecated] == [r.text for r in varied_glossary.term("three-north-program").deprecated]
    assert any(n.text == "status: deprecated; Not used in official texts." for n in deprecated[-1].notes)


def test_csv_is_utf8_with_a_bom_and_one_row_per_concept(varied_glossary):
    data = export(varied_glossary, ExportFormat.CSV)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 1 + len(varied_glossary.terms)
    row = dict(zip(COLUMNS, next(r for r in rows if r[-2] == "three-north-program"), strict=True))
    assert row["preferred rendering"] == "Three-North Shelterbelt Forest Program"
    assert row["other accepted renderings"] == "Three-North Shelterbelt Program; Three-North Program"
    assert row["deprecated renderings"] == "; ".join(
        r.text for r in varied_glossary.term("three-north-program").deprecated)
    assert row["deprecated renderings"].endswith("; Three Norths Project")
    assert row["aliases"] == "三北工程; 三北; “三北”工程攻坚战"
    assert row["status"] == "proposed" and row["category"] == "ecology"
    assert int(row["occurrences"]) == len(varied_glossary.occurrences_by_term["three-north-program"]) > 0


def test_xlsx_has_the_same_table_with_a_frozen_header_and_filters(varied_glossary):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(export(varied_glossary, ExportFormat.XLSX)))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS and len(rows) == 1 + len(varied_glossary.terms)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:L{len(rows)}"
    assert {r[-2] for r in rows[1:]} == {t.id for t in varied_glossary.terms}


def test_omegat_lines_pair_every_form_with_every_accepted_rendering_and_never_a_deprecated_one(varied_glossary):
    text = export(varied_glossary, ExportFormat.OMEGAT).decode("utf-8")
    rows = [line.split("\t") for line in text.splitlines()]
    assert all(len(row) == 3 for row in rows)
    expected = sum(len(t.surface_forms) * len(t.accepted) for t in varied_glossary.terms)
    assert len(rows) == expected == len(lines(varied_glossary.terms))
    targets = {row[1] for row in rows}
    assert "Three Norths Project" not in targets and "Tianjun Plan" not in targets
    assert ["三北", "Three-North Program"] in [row[:2] for row in rows]
    preferred = next(r for r in rows if r[:2] == ["“三北”工程", "Three-North Shelterbelt Forest Program"])
    assert "do not use: " in preferred[2] and "Three Norths Project [three-north-program]" in preferred[2]


def test_filters_and_file_names(sample_glossary):
    terms = sample_glossary.terms
    ecology = select_terms(terms, category="ecology")
    assert ecology and {t.category for t in ecology} == {"ecology"} and len(ecology) < len(terms)
    assert select_terms(terms, status="official") == [t for t in terms if t.renderings[0].status == "official"]
    with pytest.raises(ExportError, match="category must be one of"):
        select_terms(terms, category="sports")
    with pytest.raises(ExportError, match="status must be one of official, recommended, proposed"):
        select_terms(terms, status="deprecated")
    assert filename(ExportFormat.OMEGAT) == "policy-glossary-omegat.utf8"
    assert filename(ExportFormat.TBX, "ecology") == "policy-glossary-ecology.tbx"


def omegat_reader(shared):
    tool = shared / "tools" / "omegat-read" / "omegat-read" if shared else None
    if tool is None or not tool.exists():
        pytest.skip("OmegaT check skipped: ../shared/tools/omegat-read is missing beside the repository")
    if not shutil.which("java") or not shutil.which("javac") or not shutil.os.path.exists("/usr/share/omegat"):
        pytest.skip("OmegaT check skipped: needs `apt-get install omegat default-jdk-headless` (.ci/run does it)")
    return tool


def omegat_entries(tool, path) -> int:
    result = subprocess.run([str(tool), str(path)], capture_output=True, text=True, timeout=300, check=True)
    first = result.stdout.splitlines()[0]
    assert first.startswith("entries "), result.stdout
    return int(first.split()[1])


@pytest.mark.omegat
def test_omegat_loads_the_tbx_and_the_tab_separated_export_with_every_entry(varied_glossary, tmp_path, shared_dir):
    tool = omegat_reader(shared_dir)
    tbx_path = tmp_path / filename(ExportFormat.TBX)
    tbx_path.write_bytes(export(varied_glossary, ExportFormat.TBX))
    # OmegaT makes one entry per Chinese form and English term of a concept (deprecated ones included).
    assert omegat_entries(tool, tbx_path) == sum(len(t.surface_forms) * len(t.renderings)
                                                 for t in varied_glossary.terms)
    tab_path = tmp_path / filename(ExportFormat.OMEGAT)
    tab_path.write_bytes(export(varied_glossary, ExportFormat.OMEGAT))
    assert omegat_entries(tool, tab_path) == len(lines(varied_glossary.terms)) > len(varied_glossary.terms)


def test_the_curated_glossary_exports_valid_tbx_that_reads_back(tmp_path):
    from glossary.build import build_glossary

    glossary = build_glossary()
    data = export(glossary, ExportFormat.TBX)
    schema = relaxng("TBXBasicRNGV02.rng")
    assert schema.validate(etree.fromstring(data, SAFE).getroottree()), schema.error_log
    v3 = relaxng("TBXcoreStructV03.rng")
    assert v3.validate(etree.fromstring(export(glossary, ExportFormat.TBX_V3), SAFE).getroottree()), v3.error_log
    path = tmp_path / "curated.tbx"
    path.write_bytes(data)
    store = tt_tbx.tbxfile.parsefile(str(path))
    assert [unit.getid() for unit in store.units] == [entry_id(t) for t in glossary.terms]
    assert len({entry_id(t) for t in glossary.terms}) == len(glossary.terms)


def test_xlsx_cells_that_look_like_formulas_stay_text():
    from openpyxl import load_workbook

    from glossary.export.tables import to_xlsx_table

    sheet = load_workbook(io.BytesIO(to_xlsx_table(["query"], [["=HYPERLINK(\"x\")"]], "t"))).active
    assert sheet["A2"].value == '=HYPERLINK("x")' and sheet["A2"].data_type == "s"
