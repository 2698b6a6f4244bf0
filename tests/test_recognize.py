"""Term recognition in any text: every surface form, longest first, spans into the text as sent."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.build import build_glossary
from glossary.text import fold, fold_text

FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"

GLOSSARY = build_glossary(data_dir=FIXTURE_DATA)
FORMS = [(term.id, form) for term in GLOSSARY.terms for form in term.surface_forms]


@pytest.fixture(scope="module")
def glossary():
    return GLOSSARY


def spans_of(recognition, term_id):
    return [list(found.spans) for found in recognition.terms if found.term.id == term_id]


def test_quotes_whitespace_and_line_breaks_inside_a_form_are_ignored(glossary):
    text = "推进“三北”工程，三北 工程，三\n北工程，还有三北。"
    result = glossary.recognize(text)
    (spans,) = spans_of(result, "three-north-program")
    assert [text[s:e] for s, e in spans] == ["三北”工程", "三北 工程", "三\n北工程", "三北"]
    assert result.length == len(text)


def test_longest_form_wins_and_terms_come_in_order_of_first_appearance(glossary):
    text = "天骏计划与“三北”工程攻坚战"
    result = glossary.recognize(text)
    assert [found.term.id for found in result.terms] == ["tianjun-program", "three-north-program"]
    (spans,) = spans_of(result, "three-north-program")
    assert [text[s:e] for s, e in spans] == ["三北”工程攻坚战"]


def test_traditional_input_is_recognised_with_spans_into_the_original(glossary):
    text = "實施天駿計劃"
    (spans,) = spans_of(glossary.recognize(text), "tianjun-program")
    assert [text[s:e] for s, e in spans] == ["天駿計劃"]


def test_no_terms_and_empty_text(glossary):
    assert glossary.recognize("").to_dict() == {"terms": [], "length": 0}
    assert glossary.recognize("nothing here 😀").terms == ()


def test_json_shape(glossary):
    data = glossary.recognize("三北").to_dict()
    (term,) = data["terms"]
    assert set(term) == {"id", "zh", "en", "status", "spans"} and term["spans"] == [[0, 2]]


# Filler that cannot create a surface form by itself: Latin letters, digits, punctuation, emoji, a few
# Chinese characters that start no form of the sample glossary.
FILLER = st.text(alphabet=st.sampled_from(list("abc XYZ 019，。、\n\t😀的了在是")), max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FORMS), FILLER, FILLER)
def test_any_surface_form_inserted_anywhere_in_random_text_is_found_with_its_span(inserted, before, after):
    term_id, form = inserted
    text = before + form + after
    result = GLOSSARY.recognize(text)
    found = {(found.term.id, span) for found in result.terms for span in found.spans}
    # Quotation marks around a form are not part of it: the span runs from its first to its last character.
    inner = fold(form).offsets
    span = (len(before) + inner[0], len(before) + inner[-1] + 1)
    # The form itself, or a longer form of any term that contains it, covers exactly this place.
    covering = [(tid, s) for tid, s in found if s[0] <= span[0] and s[1] >= span[1]]
    assert covering, (text, found)
    owner, (start, end) = covering[0]
    if (start, end) == span:
        assert owner == term_id
    assert fold_text(text[start:end]) and fold_text(form) in fold_text(text[start:end])
