"""Mechanical checks of the curated glossary content (glossary/data/).

The loader already rejects malformed entries (tests/test_terms.py shows how);
these tests check what the content itself promises: coverage, honest sources,
pinyin that spells the headword, forms that occur in the report, appendix 2
verbatim, and a review list with nothing left undecided. The editorial rules
are in docs/STYLE-GUIDE.md and docs/EDITING.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.build import build_glossary
from glossary.pinyin import matches_headword
from glossary.report import DEFINITION
from glossary.text import fold_text

GLOSSARY = build_glossary()
TERMS = GLOSSARY.terms
IDS = [term.id for term in TERMS]
TONE_MARKS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ")
EDITORS = "Policy Glossary editors"


def test_at_least_120_entries():
    assert len(TERMS) >= 120, f"only {len(TERMS)} entries"


def test_no_undecided_candidates_and_no_stale_dismissals():
    """Every candidate the build extracts (appendix names, quoted spans, numeric shorthand) is decided."""
    undecided = [f"{c.kind}: {c.text}" for c in GLOSSARY.undecided()]
    assert not undecided, "undecided candidates:\n" + "\n".join(undecided)
    assert not GLOSSARY.stale, f"stale dismissals in review.toml: {GLOSSARY.stale}"


@pytest.mark.parametrize("term", TERMS, ids=IDS)
def test_entry_is_filed_by_category(term):
    assert Path(term.file).name == f"{term.category}.toml"


@pytest.mark.parametrize("term", TERMS, ids=IDS)
def test_official_renderings_name_an_outside_source_and_where_it_was_seen(term):
    for rendering in term.renderings:
        if rendering.status == "official":
            assert rendering.source != EDITORS, "an official rendering needs an outside source"
            assert rendering.url.startswith(("http://", "https://")), "and the address where it was seen"


@pytest.mark.parametrize("term", TERMS, ids=IDS)
def test_pinyin_spells_the_headword_with_tone_marks(term):
    assert matches_headword(term.pinyin, term.zh), f"pinyin {term.pinyin!r} does not spell {term.zh}"
    assert TONE_MARKS & set(term.pinyin), "pinyin is written with tone marks"


@pytest.mark.parametrize("term", TERMS, ids=IDS)
def test_every_surface_form_occurs_in_the_report(term):
    assert GLOSSARY.paragraphs_of(term.id), f"{term.zh} occurs nowhere"
    texts = [fold_text(p.text) for p in GLOSSARY.paragraphs]
    for form in term.surface_forms:
        assert any(fold_text(form) in text for text in texts), f"{form!r} does not occur in the report"


def test_every_appendix_2_entry_is_in_the_glossary_verbatim():
    entries = [p for p in GLOSSARY.paragraphs if p.kind == DEFINITION]
    assert len(entries) == 17
    for paragraph in entries:
        name, definition = paragraph.text.split("：", 1)
        term = GLOSSARY.find_term(name)
        assert term is not None, f"appendix 2 entry {name} is missing"
        assert term.zh == name, f"{term.id}: headword should be the appendix form {name}"
        assert term.definition_zh.text == definition, f"{name}: Chinese definition is not verbatim"
        assert term.definition_zh.source == "appendix 2"
        assert "translation of appendix 2" in term.definition_en.source


def test_the_six_projects_link_to_their_entries():
    six = GLOSSARY.term("six-projects")
    members = GLOSSARY.members(six)
    assert len(members) == 6
    assert all(member is not None for _, member in members), members


@pytest.mark.parametrize("term", TERMS, ids=IDS)
def test_members_are_plain_names(term):
    for member in term.members:
        assert not member.startswith(("《", "“")), f"member {member!r}: write the name without quotes"


DEPRECATED_TERMS_REQUIRED = 20


def test_at_least_20_terms_record_deprecated_renderings_with_a_reason():
    """Common wrong or outdated English forms are recorded so that checks can flag them (STYLE-GUIDE §1)."""
    with_deprecated = [term for term in TERMS if term.deprecated]
    assert len(with_deprecated) >= DEPRECATED_TERMS_REQUIRED, [term.id for term in with_deprecated]
    for term in with_deprecated:
        assert term.renderings[0].status != "deprecated", f"{term.id}: the preferred rendering cannot be deprecated"
        accepted = {r.text.casefold() for r in term.accepted}
        for rendering in term.deprecated:
            assert len(rendering.note.split()) >= 6, f"{term.id}: say why “{rendering.text}” is deprecated"
            assert rendering.text.casefold() not in accepted, f"{term.id}: {rendering.text!r} twice"
            if rendering.source == EDITORS:
                note = rendering.note.casefold()
                assert "our former rendering" in note or "no page showing it" in note, (
                    f"{term.id}: “{rendering.text}” has no outside source: say it is our former rendering "
                    "or that no page showing it was checked")
            else:
                assert rendering.url.startswith(("http://", "https://")), (
                    f"{term.id}: “{rendering.text}” cites a page where it was seen, so give its address")
