"""Term recognition in any text: which glossary terms a pasted text uses, and where.

The text is matched the way report paragraphs are (see :mod:`glossary.xref`):
folded, so quotation marks, whitespace and line breaks inside a form do not
matter (“三北”工程, 三北工程 and 三北 are all found), and converted from
Traditional to Simplified first, so 天駿計劃 is found too. Where forms
overlap, the longest wins. Spans are ``[start, end)`` offsets, in Unicode code
points, into the text exactly as it was sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from glossary.terms import Term
from glossary.text import fold, to_simplified
from glossary.xref import SurfaceIndex, longest_first


@dataclass(frozen=True)
class RecognizedTerm:
    """One term found in the text, with every place it was found."""

    term: Term
    spans: tuple[tuple[int, int], ...]

    def to_dict(self) -> dict:
        return {"id": self.term.id, "zh": self.term.zh, "en": self.term.en,
                "status": self.term.renderings[0].status, "spans": [list(span) for span in self.spans]}


@dataclass(frozen=True)
class Recognition:
    """The terms of one text, in the order they first appear."""

    length: int
    terms: tuple[RecognizedTerm, ...]

    def to_dict(self) -> dict:
        """The shape of ``glossary recognize --json`` and ``POST /api/v1/recognize``."""
        return {"terms": [found.to_dict() for found in self.terms], "length": self.length}

    def marks(self) -> list[tuple[int, int, str]]:
        """Every ``(start, end, term id)``, in text order (they never overlap)."""
        return sorted((start, end, found.term.id) for found in self.terms for start, end in found.spans)


def recognize(text: str, surfaces: SurfaceIndex, terms: dict[str, Term]) -> Recognition:
    """The glossary terms used in ``text`` (see the module docstring)."""
    folded = fold(to_simplified(text))
    spans: dict[str, list[tuple[int, int]]] = {}
    for start, end, term_id in longest_first(surfaces.matches(folded.text)):
        spans.setdefault(term_id, []).append(folded.span(start, end))
    return Recognition(
        length=len(text),
        terms=tuple(RecognizedTerm(terms[term_id], tuple(found)) for term_id, found in spans.items()),
    )
