"""Mechanical checks of the curated glossary content (no network).

These tests read ``glossary/data/terms/*.toml`` and ``glossary/data/review.toml``
directly with tomllib, so they check the content independently of the loader.
The editorial rules they enforce are explained in docs/STYLE-GUIDE.md and
docs/EDITING.md.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "glossary" / "data"
TERM_FILES = sorted((DATA / "terms").glob("*.toml"))
REPORT = ROOT / "seeds" / "reports" / "nmg-2024-gwr.zh.txt"

CATEGORIES = {
    "economy", "industry", "energy", "agriculture", "science-technology", "reform",
    "opening-up", "infrastructure", "ecology", "regional-development", "livelihood",
    "culture-tourism", "ethnic-unity", "governance", "party-building", "safety-risk",
}
STATUSES = {"official", "recommended", "proposed"}
TERM_KEYS = {"id", "zh", "aliases", "pinyin", "category", "related", "members", "en", "definition"}
RENDERING_KEYS = {"text", "status", "source", "url", "note"}
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QUOTES = re.compile(r"[“”‘’\"']")
PDF_SPACE = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])[ \t]+|[ \t]+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")
TONE_MARKS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ")


def load_entries() -> list[tuple[str, dict]]:
    entries = []
    for path in TERM_FILES:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        entries.extend((path.name, entry) for entry in data.get("term", []))
    return entries


ENTRIES = load_entries()
IDS = [entry["id"] for _, entry in ENTRIES]


def key(text: str) -> str:
    """Comparison form: quotation marks and whitespace removed, NFKC (full-width → ASCII)."""
    return unicodedata.normalize("NFKC", re.sub(r"\s", "", QUOTES.sub("", text)))


def surface_forms(entry: dict) -> list[str]:
    return [entry["zh"], *entry.get("aliases", [])]


@pytest.fixture(scope="module")
def report_text() -> str:
    return REPORT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def folded_report(report_text) -> str:
    return key(report_text)


@pytest.fixture(scope="module")
def appendix2(report_text) -> dict[str, str]:
    """Appendix 2 of the report: entry name → definition, page break rejoined, PDF spaces removed."""
    start = report_text.index("《政府工作报告》有关名词解释")
    lines = [line.strip() for line in report_text[start:].splitlines()[1:]]
    entries: dict[str, str] = {}
    pending = ""
    for line in lines:
        if not line:
            continue
        line = PDF_SPACE.sub("", line)
        if pending:  # a definition cut by a page break continues on the next non-empty line
            line, pending = pending + line, ""
        if not line.endswith("。"):
            pending = line
            continue
        name, definition = line.split("：", 1)
        entries[name] = definition
    return entries


def test_content_files_exist():
    assert TERM_FILES, "no glossary/data/terms/*.toml files"
    assert (DATA / "review.toml").exists()


def test_at_least_120_entries():
    assert len(ENTRIES) >= 120, f"only {len(ENTRIES)} entries"


@pytest.mark.parametrize("file,entry", ENTRIES, ids=IDS)
def test_entry_shape(file, entry):
    assert set(entry) <= TERM_KEYS, f"unknown keys {set(entry) - TERM_KEYS}"
    assert entry["category"] in CATEGORIES
    assert file == f"{entry['category']}.toml", "entries are filed by category"
    renderings = entry.get("en", [])
    assert renderings and renderings[0].get("text", "").strip(), "needs a preferred rendering"
    for rendering in renderings:
        assert set(rendering) <= RENDERING_KEYS
        assert rendering["status"] in STATUSES
        assert rendering.get("source", "").strip(), f"rendering {rendering['text']!r} has no source"
        if rendering.get("url"):
            assert rendering["url"].startswith(("http://", "https://"))
    for language in ("zh", "en"):
        definition = entry.get("definition", {}).get(language, {})
        assert definition.get("text", "").strip(), f"missing {language} definition"
        assert definition.get("source", "").strip(), f"missing {language} definition source"


@pytest.mark.parametrize("file,entry", ENTRIES, ids=IDS)
def test_official_renderings_name_their_source(file, entry):
    for rendering in entry["en"]:
        if rendering["status"] == "official":
            assert rendering["source"] != "Policy Glossary editors", "an official rendering needs an outside source"
            assert rendering.get("url", "").strip(), "an official rendering needs the address where it was seen"


def test_ids_unique_and_kebab_case():
    assert len(IDS) == len(set(IDS)), "duplicate ids"
    for term_id in IDS:
        assert KEBAB.match(term_id), f"id {term_id!r} is not ASCII kebab-case"


def test_no_surface_form_shared_between_entries():
    owner: dict[str, str] = {}
    for _, entry in ENTRIES:
        for form in surface_forms(entry):
            k = key(form)
            assert k, f"{entry['id']}: empty surface form"
            assert owner.get(k, entry["id"]) == entry["id"], f"{form!r} used by {owner[k]} and {entry['id']}"
            owner[k] = entry["id"]


def test_related_ids_exist():
    known = set(IDS)
    for _, entry in ENTRIES:
        for related in entry.get("related", []):
            assert related in known, f"{entry['id']}: related id {related!r} does not exist"
            assert related != entry["id"]


@pytest.mark.parametrize("file,entry", ENTRIES, ids=IDS)
def test_pinyin_matches_headword(file, entry):
    from pypinyin import Style, pinyin

    han = "".join(re.findall(r"[\u3400-\u9fff]", entry["zh"]))
    letters = unicodedata.normalize("NFD", entry["pinyin"].lower()).replace("u\u0308", "v")
    letters = re.sub(r"[^a-z]", "", "".join(c for c in letters if not unicodedata.combining(c)))
    readings = [{r.replace("ü", "v") for r in options}
                for options in pinyin(han, style=Style.NORMAL, heteronym=True)]
    reachable = {0}
    for options in readings:
        reachable = {p + len(r) for p in reachable for r in options if letters.startswith(r, p)}
        assert reachable, f"pinyin {entry['pinyin']!r} does not spell {entry['zh']}"
    assert len(letters) in reachable, f"pinyin {entry['pinyin']!r} does not spell {entry['zh']}"
    assert TONE_MARKS & set(entry["pinyin"]), "pinyin is written with tone marks"
    assert not re.search(r"[“”]", entry["pinyin"]), "no Chinese quotation marks in pinyin"


@pytest.mark.parametrize("file,entry", ENTRIES, ids=IDS)
def test_surface_forms_occur_in_report(file, entry, folded_report):
    for form in surface_forms(entry):
        assert key(form) in folded_report, f"{form!r} does not occur in the report"


def test_every_appendix_2_entry_is_in_the_glossary_verbatim(appendix2):
    assert len(appendix2) == 17  # 办好两件大事的6部促进条例 is cut by a page break
    by_form = {key(form): entry for _, entry in ENTRIES for form in surface_forms(entry)}
    for name, definition in appendix2.items():
        entry = by_form.get(key(name))
        assert entry is not None, f"appendix 2 entry {name} is missing"
        assert entry["zh"] == name, f"{entry['id']}: headword should be the appendix form {name}"
        assert entry["definition"]["zh"]["text"] == definition, f"{name}: Chinese definition is not verbatim"
        assert entry["definition"]["zh"]["source"] == "appendix 2"
        assert "translation of appendix 2" in entry["definition"]["en"]["source"]


def test_members_that_are_terms_link_to_entries():
    """Members spelled like another entry's headword or alias link automatically; the Six Projects must all link."""
    by_form = {key(form): entry["id"] for _, entry in ENTRIES for form in surface_forms(entry)}
    six = next(entry for _, entry in ENTRIES if entry["id"] == "six-projects")
    assert len(six["members"]) == 6
    for member in six["members"]:
        assert key(member) in by_form, f"member {member} of “六个工程” has no entry"
    for _, entry in ENTRIES:
        for member in entry.get("members", []):
            assert member.strip() and not member.startswith(("《", "“")), f"{entry['id']}: member {member!r}"


def test_review_list_is_well_formed():
    data = tomllib.loads((DATA / "review.toml").read_text(encoding="utf-8"))
    assert set(data) <= {"dismissed"}
    forms = {key(form) for _, entry in ENTRIES for form in surface_forms(entry)}
    seen = set()
    for item in data.get("dismissed", []):
        assert set(item) == {"text", "reason"}
        assert item["text"].strip() and item["reason"].strip()
        k = key(item["text"])
        assert k not in seen, f"{item['text']} dismissed twice"
        assert k not in forms, f"{item['text']} is dismissed but is also an entry's surface form"
        seen.add(k)


def test_no_undecided_candidates():
    """Every candidate the build extracts (appendix names, quoted spans, numeric shorthand) is decided."""
    build = pytest.importorskip("glossary.build")
    glossary = build.build_glossary()
    undecided = [f"{c.kind}: {c.text}" for c in glossary.undecided()]
    assert not undecided, "undecided candidates:\n" + "\n".join(undecided)
    assert not glossary.stale, f"stale dismissals in review.toml: {glossary.stale}"
