"""Pinyin helpers: normalise a pinyin spelling so that tones, spaces and case do not matter."""

from __future__ import annotations

import re
import unicodedata

_NOT_LETTER = re.compile(r"[^a-z]")


def plain_pinyin(text: str) -> str:
    """``Sānběi Gōngchéng`` / ``san1 bei3`` / ``SanBei`` → ``sanbei...``: letters only, no tones."""
    # ü is written v, as pypinyin and pinyin keyboards do; decompose first so
    # that ǜ (ü with a tone mark) is caught too.
    decomposed = unicodedata.normalize("NFD", text).replace("u\u0308", "v").replace("U\u0308", "v")
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_LETTER.sub("", without_marks.lower())


def han_pinyin(text: str) -> list[list[str]]:
    """Possible toneless readings of each Chinese character of ``text`` (pypinyin, heteronyms on)."""
    from pypinyin import Style, pinyin  # imported lazily: it loads large dictionaries

    from glossary.text import han_only

    return [readings for readings in pinyin(han_only(text), style=Style.NORMAL, heteronym=True)]


def syllable_initials(text: str) -> str:
    """Initial letter of each character's most common reading: 三北工程 → ``sbgc``."""
    return "".join(readings[0][:1] for readings in han_pinyin(text) if readings)


def matches_headword(pinyin_text: str, headword: str) -> bool:
    """True when ``pinyin_text`` spells the Chinese characters of ``headword``, any heteronym allowed."""
    target = plain_pinyin(pinyin_text)
    readings = han_pinyin(headword)
    # Dynamic programming over the characters: which prefixes of the target can be spelled.
    reachable = {0}
    for options in readings:
        reachable = {
            position + len(reading)
            for position in reachable
            for reading in {plain_pinyin(r) for r in options}
            if target.startswith(reading, position)
        }
        if not reachable:
            return False
    return len(target) in reachable
