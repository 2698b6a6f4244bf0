"""Batch lookup and the concordance, on the test glossary."""

from __future__ import annotations

from glossary.concordance import Sort, concordance
from glossary.lookup import lookup, parse_list


def test_lookup_keeps_order_and_marks_what_the_glossary_lacks(varied_glossary):
    rows = lookup(varied_glossary, parse_list("\ufeff三北\n\n  不存在 \n天駿計劃\nsix-projects\n"))
    assert [r.query for r in rows] == ["三北", "不存在", "天駿計劃", "six-projects"]
    assert [r.term.id if r.term else None for r in rows] == ["three-north-program", None, "tianjun-program",
                                                             "six-projects"]
    assert rows[1].cells()[2] == "not in glossary" and rows[1].to_dict() == {"query": "不存在", "found": False}
    three = rows[0].cells()
    assert three[3] == "Three-North Shelterbelt Forest Program"
    assert three[4] == "Three-North Shelterbelt Program; Three-North Program"
    assert three[5].split("; ")[-1] == "Three Norths Project"
    assert rows[2].to_dict()["deprecated"] == [{"en": "Tianjun Plan", "note": "Use Tianjun Program."}]


def test_a_term_query_gives_its_occurrences_in_reading_order(sample_glossary):
    result = concordance(sample_glossary, "三北")
    assert result.term.id == "three-north-program"
    assert len(result.lines) == len(sample_glossary.occurrences_by_term["three-north-program"])
    positions = [(sample_glossary.position[line.paragraph.id], line.start) for line in result.lines]
    assert positions == sorted(positions)
    for line in result.lines:
        text = line.paragraph.text
        assert line.left + line.match + line.right in text
        assert text[line.start:line.end] == line.match and "三北" in line.match


def test_any_string_is_found_literally_and_sorted_by_its_context(sample_glossary):
    result = concordance(sample_glossary, "攻坚战", Sort.RIGHT)
    assert result.term is None
    assert len(result.lines) == sum(p.text.count("攻坚战") for p in sample_glossary.paragraphs)
    assert [line.right for line in result.lines] == sorted(line.right for line in result.lines)
    by_left = concordance(sample_glossary, "攻坚战", Sort.LEFT)
    assert [line.left[::-1] for line in by_left.lines] == sorted(line.left[::-1] for line in by_left.lines)
    assert concordance(sample_glossary, "不会出现的字符串").lines == ()
