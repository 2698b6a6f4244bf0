"""Lookup keys for terms: every way a user may type a term, computed at build time.

A key is a folded string (see :func:`glossary.text.fold_text`) or a plain pinyin
spelling (letters only, no tones or spaces). Computing pinyin needs pypinyin's
large dictionaries, so it happens in the build, never per request; readers
load the rows into a :class:`KeyIndex` for exact and prefix lookups.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from glossary.pinyin import plain_pinyin, syllable_initials
from glossary.terms import Term
from glossary.text import fold_text, han_only

# Kinds of key (they are also the ``matched_by`` of a result).
HEADWORD = "headword"
ALIAS = "alias"
ENGLISH = "english"  # an accepted English rendering
DEPRECATED = "deprecated"  # a deprecated English rendering: found, and flagged as not to be used
ENGLISH_WORD = "english-word"  # a rendering from one of its later words on ("shelterbelt forest program")
PINYIN = "pinyin"
INITIALS = "initials"

_WORD_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]")


def _later_word_starts(rendering: str) -> list[str]:
    """The rendering from each word after the first: ``A B-C`` → ``B-C``, ``C``."""
    return [rendering[match.start():] for match in _WORD_START.finditer(rendering)][1:]


def term_keys(terms: list[Term]) -> list[list[str]]:
    """``[key, term_id, kind]`` rows: headword, aliases, renderings and their later words, pinyin, initials."""
    from pypinyin import lazy_pinyin

    rows: dict[tuple[str, str, str], None] = {}

    def add(key: str, term_id: str, kind: str) -> None:
        if key:
            rows.setdefault((key, term_id, kind), None)

    for term in terms:
        add(fold_text(term.zh), term.id, HEADWORD)
        for alias in term.aliases:
            add(fold_text(alias), term.id, ALIAS)
        for rendering in term.accepted:
            add(fold_text(rendering.text), term.id, ENGLISH)
            for rest in _later_word_starts(rendering.text):
                add(fold_text(rest), term.id, ENGLISH_WORD)
        for rendering in term.deprecated:
            add(fold_text(rendering.text), term.id, DEPRECATED)
        add(plain_pinyin(term.pinyin), term.id, PINYIN)
        for form in term.surface_forms:
            if han_only(form):
                add("".join(lazy_pinyin(han_only(form))), term.id, PINYIN)
                add(syllable_initials(form), term.id, INITIALS)
    return [list(row) for row in rows]


@dataclass(frozen=True, order=True)
class Key:
    """One lookup key of a term."""

    key: str
    term_id: str
    kind: str


class KeyIndex:
    """Sorted term keys for exact and prefix lookups (binary search)."""

    def __init__(self, rows: list[list[str]]) -> None:
        self._rows = sorted(Key(*row) for row in rows) if rows else []
        self._keys = [row.key for row in self._rows]

    def exact(self, key: str) -> list[Key]:
        """Every key equal to ``key``."""
        return self._rows[bisect.bisect_left(self._keys, key):bisect.bisect_right(self._keys, key)]

    def prefixed(self, prefix: str, limit: int = 200) -> list[Key]:
        """Up to ``limit`` keys that start with ``prefix``, in key order."""
        found: list[Key] = []
        for row in self._rows[bisect.bisect_left(self._keys, prefix):]:
            if not row.key.startswith(prefix) or len(found) >= limit:
                break
            found.append(row)
        return found
