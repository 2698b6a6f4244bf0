"""The precomputed structures behind search (issue 14) against the plain computation they replace."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.text import QUOTE_MARKS, fold, fold_text
from index.docsets import docset, members
from index.grams import GramIndex, write_grams
from index.term_finder import TextRun

# Few distinct characters, so that strings repeat and overlap inside the texts.
ALPHABET = "三北工程发展蒙古a1“” ."
texts = st.lists(st.text(ALPHABET, max_size=30), min_size=1, max_size=12)


@settings(max_examples=80, deadline=None)
@given(texts=texts | st.lists(st.text("三北工", max_size=20), min_size=1, max_size=12),
       needle=st.text(ALPHABET, min_size=1, max_size=4) | st.text("三北工", min_size=3, max_size=5))
def test_gram_postings_find_exactly_the_paragraphs_that_contain_a_string(tmp_path_factory, texts, needle):
    path = tmp_path_factory.mktemp("grams") / "grams.pickle"
    write_grams(path, texts)
    found = GramIndex(path, texts).find(needle)
    assert sorted(found, key=lambda hit: hit[1]) == [(text.count(needle), n) for n, text in enumerate(texts)
                                                     if needle in text]


@given(st.sets(st.integers(0, 499)))
def test_a_docset_holds_exactly_its_members(numbers):
    bits = docset(numbers, 500)
    assert members(bits) == sorted(numbers)
    assert bits.bit_count() == len(numbers)


@given(forms=st.lists(st.text(ALPHABET.replace(" ", ""), min_size=1, max_size=8), max_size=15),
       needle=st.text(ALPHABET, min_size=1, max_size=3))
def test_a_text_run_finds_every_text_containing_a_string_in_order_once(forms, needle):
    items = [(f"t{n}", form) for n, form in enumerate(forms)]
    assert TextRun(items).containing(needle) == [item for item in items if needle in item[1]]


def test_a_needle_holding_the_separator_is_still_looked_for_text_by_text():
    items = [("a", "x\x00y"), ("b", "xy")]
    assert TextRun(items).containing("x\x00") == [("a", "x\x00y")]


def _fold_by_character(text: str) -> tuple[str, tuple[int, ...]]:
    """The definition of folding, one character at a time (the code before issue 14)."""
    chars, offsets = [], []
    for index, char in enumerate(text):
        if char.isspace() or char in QUOTE_MARKS:
            continue
        for folded in unicodedata.normalize("NFKC", char).casefold():
            if not (folded.isspace() or folded in QUOTE_MARKS):
                chars.append(folded)
                offsets.append(index)
    return "".join(chars), tuple(offsets)


@given(st.text(max_size=40) | st.text("Ａａßﬁﬃİǅẞŉΐ½㈠℃　 “”５Ｇ三北", max_size=40))
def test_folding_through_the_table_is_folding_character_by_character(text):
    result = fold(text)
    assert (result.text, result.offsets) == _fold_by_character(text)
    assert fold_text(text) == result.text
