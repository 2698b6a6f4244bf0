"""Lookup keys for terms: every way a user may type a term, computed at build time.

A key is a folded string (see :func:`glossary.text.fold_text`) or a plain pinyin
spelling (letters only, no tones or spaces). Computing pinyin needs pypinyin's
large dictionaries, so it happens in the build, never per request.
"""

from __future__ import annotations

from glossary.pinyin import plain_pinyin, syllable_initials
from glossary.terms import Term
from glossary.text import fold_text, han_only

KEYS_FILE = "term_keys.json"

HEADWORD = "headword"
ALIAS = "alias"
ENGLISH = "english"
PINYIN = "pinyin"
INITIALS = "initials"


def term_keys(terms: list[Term]) -> list[list[str]]:
    """``[key, term_id, kind]`` rows: headword, aliases, English renderings, pinyin, initials."""
    from pypinyin import lazy_pinyin

    rows: list[list[str]] = []

    def add(key: str, term_id: str, kind: str) -> None:
        if key and [key, term_id, kind] not in rows:
            rows.append([key, term_id, kind])

    for term in terms:
        add(fold_text(term.zh), term.id, HEADWORD)
        for alias in term.aliases:
            add(fold_text(alias), term.id, ALIAS)
        for rendering in term.renderings:
            add(fold_text(rendering.text), term.id, ENGLISH)
        add(plain_pinyin(term.pinyin), term.id, PINYIN)
        for form in term.surface_forms:
            if han_only(form):
                add("".join(lazy_pinyin(han_only(form))), term.id, PINYIN)
                add(syllable_initials(form), term.id, INITIALS)
    return rows
