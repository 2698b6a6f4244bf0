"""OmegaT's tab-separated glossary: one line per source form and accepted rendering.

Columns are source, target, comment, in UTF-8. OmegaT 3.6 reads only files
named ``*.txt``, ``*.tab`` or ``*.utf8``, so the file is offered as ``.utf8``.
Deprecated renderings are never a target (OmegaT would suggest them); the
comment of the preferred rendering names them as forms not to use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from glossary.terms import Term


@dataclass(frozen=True)
class GlossaryLine:
    """One line of the file."""

    source: str
    target: str
    comment: str

    def text(self) -> str:
        return "\t".join(_clean(v) for v in (self.source, self.target, self.comment))


def _clean(value: str) -> str:
    return " ".join(value.split())


def lines(terms: Iterable[Term]) -> list[GlossaryLine]:
    """The headword and each alias, each with every accepted rendering (preferred first)."""
    out = []
    for term in terms:
        avoid = "; ".join(r.text for r in term.deprecated)
        for form in term.surface_forms:
            for position, rendering in enumerate(term.accepted):
                parts = ["preferred" if position == 0 else "alternative", rendering.status, rendering.source]
                if form != term.zh:
                    parts.append(f"variant of {term.zh}")
                if position == 0 and avoid:
                    parts.append(f"do not use: {avoid}")
                out.append(GlossaryLine(form, rendering.text, "; ".join(parts) + f" [{term.id}]"))
    return out


def to_omegat(terms: Iterable[Term]) -> bytes:
    """The file's bytes: UTF-8 without a BOM, one line per :class:`GlossaryLine`."""
    return "".join(line.text() + "\n" for line in lines(terms)).encode("utf-8")
