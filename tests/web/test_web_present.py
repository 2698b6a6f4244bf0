"""One-line definitions in lists: the first sentence, cut only at a clause end, never ending in a semicolon."""

from __future__ import annotations

import pytest

from glossary.build import build_glossary
from web.present import one_line, short_en, short_zh

SHIPPED = build_glossary()


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("First sentence. Second one.", 160, "First sentence."),
    ("Uses e.g. the U.S. style and No. 16 of 2023. Then more.", 160, "Uses e.g. the U.S. style and No. 16 of 2023."),
    ("A clause; another clause. More.", 160, "A clause; another clause."),
    ("Alpha beta gamma, delta epsilon zeta, eta theta iota kappa.", 40, "Alpha beta gamma, delta epsilon zeta…"),
    ("支持基层化债的四类措施：贴息一批、清零一批。其余。", 60, "支持基层化债的四类措施：贴息一批、清零一批。"),
    ("甲乙丙丁，戊己庚辛；壬癸子丑寅卯辰巳午未申酉戌亥。", 12, "甲乙丙丁，戊己庚辛…"),
])
def test_one_line(text, limit, expected):
    assert one_line(text, limit) == expected


@pytest.mark.parametrize("term", SHIPPED.terms, ids=lambda t: t.id)
def test_no_list_line_of_the_glossary_ends_in_a_semicolon_or_a_comma(term):
    for line, limit in ((short_zh(term.definition_zh.text), 60), (short_en(term.definition_en.text), 160)):
        assert line and len(line) <= limit
        assert not line.endswith((";", "；", ",", "，", "、", ":", "：")), line
