"""Pinyin checked against pypinyin's phrase-aware reading, syllable by syllable.

Every syllable of an entry's pinyin that differs from pypinyin (letters or tone) must be
listed, with the reason, in glossary/data/pinyin-reviewed.toml; a listed difference that no
longer occurs must be removed. Word division and capitals are house style and not compared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.build import build_glossary
from glossary.pinyin import load_reviewed, split_syllables, syllable_differences

REVIEWED_FILE = Path(__file__).resolve().parent.parent / "glossary" / "data" / "pinyin-reviewed.toml"
TERMS = build_glossary().terms
REVIEWED = load_reviewed(REVIEWED_FILE)
REVIEWED_KEYS = {record.key for record in REVIEWED}


def _differences():
    return [difference for term in TERMS for difference in syllable_differences(term.id, term.pinyin, term.zh)]


@pytest.mark.parametrize("term", TERMS, ids=[term.id for term in TERMS])
def test_every_pinyin_difference_from_pypinyin_is_reviewed(term):
    unreviewed = [d for d in syllable_differences(term.id, term.pinyin, term.zh) if d.key not in REVIEWED_KEYS]
    stubs = "\n".join(
        f'[[reviewed]]\nterm = "{d.term_id}"\ncharacter = "{d.character}"\nours = "{d.ours}"\n'
        f'pypinyin = "{d.pypinyin}"\nreason = "…"  # why ours is right, with a dictionary reference\n'
        for d in {d.key: d for d in unreviewed}.values()
    )
    assert not unreviewed, (
        f"{term.zh} {term.pinyin!r}: fix the pinyin, or review each syllable by hand and add to "
        f"glossary/data/pinyin-reviewed.toml:\n{stubs}")


def test_no_stale_review_records():
    found = {difference.key for difference in _differences()}
    stale = [record.key for record in REVIEWED if record.key not in found]
    assert not stale, f"records that match no difference any more (delete them): {stale}"


def test_review_records_give_a_reason_and_name_a_known_term():
    ids = {term.id for term in TERMS}
    for record in REVIEWED:
        assert record.term_id in ids, record
        assert len(record.reason) > 20, f"{record.key}: say why our reading is right"
    assert len(REVIEWED_KEYS) == len(REVIEWED), "duplicate records"


def test_comparison_catches_a_wrong_tone_and_a_wrong_heteronym():
    # The checker itself: a tone error and the wrong reading of 为 are reported, a right reading is not.
    assert [d.ours for d in syllable_differences("x", "gāozhìliáng fāzhǎn", "高质量发展")] == ["liáng"]
    assert syllable_differences("x", "gāozhìliàng fāzhǎn", "高质量发展") == []
    # pypinyin reads 卷 as juǎn; our juàn is reported, so that it must be reviewed by hand.
    assert [(d.character, d.ours, d.pypinyin) for d in syllable_differences("x", "yī zhāng juàn", "一张卷")] == [
        ("卷", "juàn", "juǎn")]
    assert split_syllables("Nèiměnggǔ", "内蒙古") == ["nèi", "měng", "gǔ"]
    with pytest.raises(ValueError):
        syllable_differences("x", "gāozhì fāzhǎn", "高质量发展")
