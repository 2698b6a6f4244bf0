"""The term model, the data-file validation, cross-references and the review list."""

from __future__ import annotations

import re
import shutil

import pytest

from glossary.build import build_glossary
from glossary.errors import DataError
from glossary.pinyin import matches_headword, plain_pinyin
from glossary.review import load_dismissals
from glossary.terms import load_terms
from glossary.text import fold_text

GOOD = '''
[[term]]
id = "warmth-project"
zh = "温暖工程"
pinyin = "Wēnnuǎn Gōngchéng"
category = "livelihood"

[[term.en]]
text = "Warmth Project"
status = "proposed"
source = "Policy Glossary editors"

[term.definition.zh]
text = "供热改造。"
source = "test"

[term.definition.en]
text = "Heating renovation."
source = "test"
'''


def _data_dir(tmp_path, text):
    (tmp_path / "terms").mkdir()
    (tmp_path / "terms" / "bad.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_good_file_loads(tmp_path):
    (term,) = load_terms(_data_dir(tmp_path, GOOD))
    assert term.en == "Warmth Project" and term.renderings[0].status == "proposed"


@pytest.mark.parametrize(("change", "problem"), [
    (("status = \"proposed\"", "status = \"approved\""), "status 'approved' is not one of"),
    (("source = \"Policy Glossary editors\"\n", ""), "en #1 source must be a non-empty string"),
    (("category = \"livelihood\"", "category = \"misc\""), "category 'misc' is not one of"),
    (("id = \"warmth-project\"", "id = \"Warmth Project\""), "must be lower-case ASCII kebab-case"),
    (("[term.definition.en]\ntext = \"Heating renovation.\"\nsource = \"test\"\n", ""), "definition.en is missing"),
    (("pinyin = ", "pinyn = "), "unknown keys pinyn"),
    (("[[term.en]]", "[[term.english]]"), "unknown keys english"),
    (("zh = \"温暖工程\"", "zh = \"温暖工程"), "not valid TOML"),
    (("status = \"proposed\"", "status = \"deprecated\"\nnote = \"outdated\""), "cannot be deprecated"),
])
def test_malformed_entry_is_rejected_with_file_entry_and_problem(tmp_path, change, problem):
    with pytest.raises(DataError, match=re.escape(problem)) as error:
        load_terms(_data_dir(tmp_path, GOOD.replace(*change)))
    message = str(error.value)
    assert "bad.toml" in message
    if "TOML" not in problem:
        assert "term #1" in message


DEPRECATED_FORM = """
[[term.en]]
text = "Warm Project"
status = "deprecated"
source = "Policy Glossary editors"
"""


def test_a_deprecated_rendering_must_say_why(tmp_path):
    text = GOOD.replace("[term.definition.zh]", DEPRECATED_FORM + "\n[term.definition.zh]")
    with pytest.raises(DataError, match="en #2 is deprecated: its note must say why"):
        load_terms(_data_dir(tmp_path, text))
    (tmp_path / "ok").mkdir()
    (term,) = load_terms(_data_dir(tmp_path / "ok", text.replace(
        'status = "deprecated"', 'status = "deprecated"\nnote = "an early literal form"')))
    assert [r.text for r in term.accepted] == ["Warmth Project"]
    assert [r.text for r in term.deprecated] == ["Warm Project"]


def test_duplicate_surface_forms_across_entries_are_rejected(tmp_path):
    second = GOOD.replace('id = "warmth-project"', 'id = "other"').replace('zh = "温暖工程"', 'zh = "“温暖”工程"')
    with pytest.raises(DataError, match="also used by term warmth-project"):
        load_terms(_data_dir(tmp_path, GOOD + second))


def test_unknown_related_id_is_rejected(tmp_path):
    text = GOOD.replace('category = "livelihood"', 'category = "livelihood"\nrelated = ["nope"]')
    with pytest.raises(DataError, match="related id 'nope' does not exist"):
        load_terms(_data_dir(tmp_path, text))


def test_dismissing_a_term_is_a_contradiction(tmp_path, fixture_data):
    shutil.copytree(fixture_data, tmp_path / "data")
    (tmp_path / "data" / "review.toml").write_text('[[dismissed]]\ntext = "三北"\nreason = "x"\n', encoding="utf-8")
    with pytest.raises(DataError, match="surface form of term three-north-program"):
        build_glossary(data_dir=tmp_path / "data")


@pytest.mark.parametrize("entry", ['text = "纸上"\n', 'reason = "x"\n', 'text = "a"\nreason = "x"\nextra = 1\n'])
def test_malformed_dismissal_is_rejected(tmp_path, entry):
    path = tmp_path / "review.toml"
    path.write_text("[[dismissed]]\n" + entry, encoding="utf-8")
    with pytest.raises(DataError, match="review.toml"):
        load_dismissals(path)


# -- cross-references ---------------------------------------------------------

def test_every_paragraph_with_a_surface_form_is_listed_and_no_other(sample_glossary):
    for term in sample_glossary.terms:
        forms = [fold_text(f) for f in term.surface_forms]
        expected = {p.id for p in sample_glossary.paragraphs if any(f in fold_text(p.text) for f in forms)}
        assert {p.id for p in sample_glossary.paragraphs_of(term.id)} == expected, term.id
        assert expected, f"{term.id} occurs nowhere"


def test_quotes_are_ignored_when_matching(sample_glossary):
    # The report writes “三北”工程; the alias 三北工程 and the headword both find it.
    labels = {p.label for p in sample_glossary.paragraphs_of("three-north-program")}
    assert "一 第5段" in labels and "二（七）第2段" in labels


def test_page_breaks_are_healed_before_matching(sample_glossary):
    paragraph = next(p for p in sample_glossary.paragraphs if "目的地专列" in p.text)
    assert "重点旅游目的地专列" in paragraph.text


def test_occurrence_offsets_point_at_the_surface_form(sample_glossary):
    for occurrence in sample_glossary.occurrences:
        paragraph = sample_glossary.paragraph(occurrence.paragraph_id)
        found = fold_text(paragraph.text[occurrence.start:occurrence.end])
        term = sample_glossary.term(occurrence.term_id)
        assert found in {fold_text(f) for f in term.surface_forms}


def test_longest_match_wins_in_marks(sample_glossary):
    # “六个工程”：政策落地工程、…温暖工程… — 温暖工程 is its own term, and
    # 蒙科聚科创平台 is marked whole, not as its alias 蒙科聚.
    entry = next(p for p in sample_glossary.paragraphs if p.text.startswith("蒙科聚科创平台："))
    marks = sample_glossary.marks_by_paragraph[entry.id]
    assert [(entry.text[m.start:m.end], m.term_id) for m in marks] == [("蒙科聚科创平台", "mengkeju")]
    for paragraph_id, spans in sample_glossary.marks_by_paragraph.items():
        ordered = sorted((m.start, m.end) for m in spans)
        pairs = zip(ordered, ordered[1:], strict=False)
        assert all(a[1] <= b[0] for a, b in pairs), f"overlapping marks in {paragraph_id}"


def test_nested_terms_still_count_as_occurrences(sample_glossary):
    # 两件大事 inside 办好两件大事的6部促进条例 is an occurrence of 两件大事.
    labels = {p.label for p in sample_glossary.paragraphs_of("two-major-tasks")}
    assert any(label.startswith("附件2") for label in labels)


def test_members_link_to_their_entries(sample_glossary):
    members = dict(sample_glossary.members(sample_glossary.term("six-projects")))
    assert members["温暖工程"].id == "warmth-project"
    assert members["诚信建设工程"] is None


def test_related_terms_are_symmetric(sample_glossary):
    assert [t.id for t in sample_glossary.related("one-plan-three-schemes")] == ["three-north-program"]


def test_term_detail_gives_each_occurrence_in_its_sentence(sample_glossary):
    detail = sample_glossary.term_detail(sample_glossary.term("mengkeju"))
    for occurrence in detail["occurrences"]:
        assert fold_text(occurrence["text"][occurrence["start"]:occurrence["end"]]) in {"蒙科聚科创平台", "蒙科聚"}
        assert occurrence["text"].count("。") <= 1


def test_glossary_round_trips_through_plain_data(sample_glossary):
    from glossary.build import Glossary

    again = Glossary.from_dict(sample_glossary.to_dict())
    assert again.to_dict() == sample_glossary.to_dict()


# -- candidates ---------------------------------------------------------------

def test_candidates_are_decided_by_entries_or_dismissals(sample_glossary):
    by_text = {c.text: c for c in sample_glossary.candidates}
    assert by_text["三北"].term_id == "three-north-program"
    assert by_text["纸上"].dismissed == "emphasis quote, not a term"
    assert not by_text["酒肉穿肠过"].decided
    assert by_text["火车头"].kind == "quoted span", "the page-broken quote “火|车头” is one candidate"
    assert by_text["天骏计划"].term_id == "tianjun-program", "the appendix entry “天骏计划” is decided by its alias"
    assert by_text["蒙科聚科创平台"].kind == "appendix entry"
    assert by_text["蒙科聚科创平台"].term_id == "mengkeju"
    assert "三大优势" in by_text and "五大任务" in by_text


def test_numeric_shorthand_is_decided_by_the_entry_that_starts_there(sample_glossary):
    by_text = {c.text: c for c in sample_glossary.candidates}
    assert by_text["六个工程"].term_id == "six-projects"


# -- pinyin -------------------------------------------------------------------

@pytest.mark.parametrize(("spelling", "plain"), [
    ("Sānběi Gōngchéng", "sanbeigongcheng"), ("san1 bei3", "sanbei"), ("Lǜsè", "lvse"), ("Fāng'àn", "fangan"),
])
def test_plain_pinyin(spelling, plain):
    assert plain_pinyin(spelling) == plain


def test_pinyin_matches_headword_with_heteronyms():
    assert matches_headword("Chóngqìng", "重庆")
    assert matches_headword("zhòngdiǎn", "重点")
    assert not matches_headword("Sānběi", "三南")
