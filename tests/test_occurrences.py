"""One notion of occurrence: one place in one paragraph, found by the longest form, counted the same everywhere.

For every term of the shipped glossary, the counts agree between the glossary's
summary (which search results carry), the API's term resource, the term page
("Used N times in M paragraphs", each paragraph labelled once), the JSON and
CSV exports and ``glossary show``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter

import pytest
from click.testing import CliRunner

from cli.main import cli
from glossary.build import build_glossary
from index.build import build_index
from web import create_app
from web.pages import PER_REPORT_WHEN_MANY, SHOW_ALL_PARAGRAPHS

GLOSSARY = build_glossary()
TERM_IDS = [term.id for term in GLOSSARY.terms]


@pytest.fixture(scope="module")
def shipped_index(tmp_path_factory):
    path = tmp_path_factory.mktemp("shipped-index")
    build_index(path)
    return path


@pytest.fixture(scope="module")
def client(shipped_index):
    return create_app({"INDEX_DIR": shipped_index, "TESTING": True}).test_client()


@pytest.fixture(scope="module")
def exported(shipped_index):
    runner = CliRunner()
    as_json = runner.invoke(cli, ["export", "--format", "json", "--index-dir", str(shipped_index)])
    as_csv = runner.invoke(cli, ["export", "--format", "csv", "--index-dir", str(shipped_index)])
    assert as_json.exit_code == 0 and as_csv.exit_code == 0
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(as_csv.output.lstrip("\ufeff")))}
    return {t["id"]: t for t in json.loads(as_json.output)["terms"]}, rows


@pytest.mark.parametrize("term_id", TERM_IDS)
def test_a_place_is_counted_once_by_its_longest_form(term_id):
    occurrences = GLOSSARY.occurrences_by_term.get(term_id, [])
    by_paragraph: dict[str, list] = {}
    for occurrence in occurrences:
        by_paragraph.setdefault(occurrence.paragraph_id, []).append(occurrence)
    for paragraph_id, found in by_paragraph.items():
        spans = sorted((o.start, o.end) for o in found)
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start, f"{term_id}: overlapping occurrences in {paragraph_id}: {spans}"


@pytest.mark.parametrize("term_id", TERM_IDS)
def test_every_surface_counts_the_same(term_id, client, exported):
    term = GLOSSARY.term(term_id)
    summary = GLOSSARY.term_summary(term)
    times, paragraphs = summary["occurrences"], summary["paragraphs"]
    assert paragraphs == len(GLOSSARY.paragraphs_of(term_id))

    resource = client.get(f"/api/v1/terms/{term_id}").get_json()["term"]
    assert len(resource["occurrences"]) == times
    assert len({o["paragraph"] for o in resource["occurrences"]}) == paragraphs

    page = client.get(f"/terms/{term_id}?lang=en").get_data(as_text=True)
    if times:
        plural = "time" if times == 1 else "times"
        paras = "paragraph" if paragraphs == 1 else "paragraphs"
        assert f"Used {times} {plural} in {paragraphs} {paras}." in page
        labels = re.findall(r'<a class="label" href="([^"]+)"', page)
        assert len(labels) == len(set(labels))  # each paragraph labelled once
        if paragraphs <= SHOW_ALL_PARAGRAPHS:
            assert len(labels) == paragraphs and page.count("<mark>") == times
        else:  # each report's first few, and a link to the reader that steps through all of them
            per_report = Counter(GLOSSARY.paragraph_by_id[p.id].report_id for p in GLOSSARY.paragraphs_of(term_id))
            assert len(labels) == sum(min(n, PER_REPORT_WHEN_MANY) for n in per_report.values())
            for report_id, n in per_report.items():
                if n > PER_REPORT_WHEN_MANY:
                    assert f'<a href="/reports/{report_id}?term={term_id}">All {n} paragraphs in this report' in page

    as_json, rows = exported
    assert len(as_json[term_id]["occurrences"]) == times
    assert int(rows[term_id]["occurrences"]) == times


def test_search_results_carry_the_same_counts(client):
    for term_id in TERM_IDS[:40]:
        term = GLOSSARY.term(term_id)
        data = client.get("/api/v1/search", query_string={"q": term.zh}).get_json()
        found = {t["id"]: t for t in data["terms"]}
        summary = GLOSSARY.term_summary(term)
        assert found[term_id]["occurrences"] == summary["occurrences"]
        assert found[term_id]["paragraphs"] == summary["paragraphs"]


def test_glossary_show_counts_the_same(shipped_index):
    for term_id in ("three-north-program", "six-projects", TERM_IDS[-1]):
        summary = GLOSSARY.term_summary(GLOSSARY.term(term_id))
        result = CliRunner().invoke(cli, ["show", term_id, "--index-dir", str(shipped_index)])
        assert f"occurrences: {summary['occurrences']} in {summary['paragraphs']} paragraphs" in result.output
