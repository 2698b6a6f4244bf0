"""Cross-references between terms and paragraphs, computed once at build time.

Matching works on the folded text (see :func:`glossary.text.fold`), so quotes
and whitespace do not matter: “三北”工程 in the report is an occurrence of the
alias 三北工程. Two views come out of it:

* occurrences: for each term, every place where one of its surface forms
  occurs, found by the longest form that matches there: “三北”工程攻坚战
  is one occurrence of the Three-North term, not three (三北, 三北”工程 and
  the whole). Other terms nested inside a match still count for themselves
  (两件大事 inside 办好两件大事的6部促进条例);
* marks: for each paragraph, non-overlapping spans to link in the text, where
  the longest match wins when terms overlap.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass

from glossary.report import Paragraph
from glossary.terms import Term
from glossary.text import fold, fold_text


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A term's surface form found in a paragraph; offsets are into the paragraph's text.

    Slotted, with its ids shared (interned) when read back: a large corpus has
    hundreds of thousands of occurrences and marks, held by every serving worker.
    """

    term_id: str
    paragraph_id: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {"term": self.term_id, "paragraph": self.paragraph_id, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict) -> Occurrence:
        return cls(sys.intern(data["term"]), sys.intern(data["paragraph"]), data["start"], data["end"])


class SurfaceIndex:
    """Folded surface form → term id, looked up by first character."""

    def __init__(self, terms: list[Term]) -> None:
        self.owner: dict[str, str] = {}
        for term in terms:
            for form in term.surface_forms:
                key = fold_text(form)
                if key:
                    self.owner.setdefault(key, term.id)
        self._by_first: dict[str, list[str]] = defaultdict(list)
        for key in sorted(self.owner, key=len, reverse=True):
            self._by_first[key[0]].append(key)

    def matches(self, folded: str) -> list[tuple[int, int, str]]:
        """Every ``(start, end, term_id)`` where a surface form occurs in ``folded``."""
        found = []
        for start, char in enumerate(folded):
            for key in self._by_first.get(char, ()):
                if folded.startswith(key, start):
                    found.append((start, start + len(key), self.owner[key]))
        return found

    def term_for(self, text: str) -> str | None:
        """The term whose surface form equals ``text`` (quotes and spaces ignored)."""
        return self.owner.get(fold_text(text))


def longest_first(matches: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping matches, the longest winning (then the earliest); returned in text order."""
    taken: list[tuple[int, int, str]] = []
    used: set[int] = set()  # positions already covered: linear in the matched length, not quadratic
    for start, end, term_id in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
        if used.isdisjoint(range(start, end)):
            used.update(range(start, end))
            taken.append((start, end, term_id))
    return sorted(taken)


def one_per_place(matches: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Each term's matches with overlaps of the same term merged into its longest one."""
    by_term: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for match in matches:
        by_term[match[2]].append(match)
    return sorted(m for term_matches in by_term.values() for m in longest_first(term_matches))


def cross_reference(
    terms: list[Term], paragraphs: list[Paragraph]
) -> tuple[list[Occurrence], list[Occurrence]]:
    """Return (occurrences, marks) for all paragraphs; see the module docstring."""
    surfaces = SurfaceIndex(terms)
    occurrences: list[Occurrence] = []
    marks: list[Occurrence] = []
    for paragraph in paragraphs:
        folded = fold(paragraph.text)
        found = surfaces.matches(folded.text)
        for start, end, term_id in one_per_place(found):
            occurrences.append(Occurrence(term_id, paragraph.id, *folded.span(start, end)))
        for start, end, term_id in longest_first(found):
            marks.append(Occurrence(term_id, paragraph.id, *folded.span(start, end)))
    return occurrences, marks
