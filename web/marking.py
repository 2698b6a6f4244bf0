"""Report text as HTML: glossary terms linked (with their card data and, in the gloss view, their
English rendering inline) and search matches in ``<mark>``, from two independent sets of spans.

Term marks never overlap each other, nor do highlights; a highlight may cross
a term's edge, so the text is cut at every edge of either set and each piece
knows which term and whether a highlight it is in. Everything is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import url_for
from markupsafe import Markup, escape

from glossary.build import Glossary
from glossary.text import merge_spans
from web.present import short_en, short_zh


@dataclass(frozen=True)
class TermMark:
    """A term at ``[start, end)`` of the text."""

    start: int
    end: int
    term_id: str


def _pieces(length: int, marks: list[TermMark], highlights: list[tuple[int, int]]):
    """``(start, end, mark or None, highlighted)`` for consecutive pieces of the text.

    Both lists are sorted and free of overlaps, so one sweep over the edges finds,
    for each piece, the mark and the highlight it lies in.
    """
    edges = sorted({0, length, *(m.start for m in marks), *(m.end for m in marks),
                    *(edge for span in highlights for edge in span)})
    m = h = 0
    for start, end in zip(edges, edges[1:], strict=False):
        while m < len(marks) and marks[m].end <= start:
            m += 1
        while h < len(highlights) and highlights[h][1] <= start:
            h += 1
        mark = marks[m] if m < len(marks) and marks[m].start <= start else None
        yield start, end, mark, h < len(highlights) and highlights[h][0] <= start


def highlight(text: str, spans) -> str:
    """HTML-escaped ``text`` with each span (``(start, end)`` offsets) wrapped in ``<mark>``, no terms linked."""
    return str(render_marked(text, (), None, "", highlights=spans))


def render_marked(text: str, marks: Iterable, glossary: Glossary | None, locale: str, *, highlights=(),
                  gloss: bool = False, current: str | None = None) -> Markup:
    """``text`` as HTML with ``marks`` (objects with start, end, term_id) linked and ``highlights`` marked.

    ``glossary`` is only needed when there are marks. ``gloss`` adds each term's preferred English rendering
    after it; ``current``
    is a term id whose links get the ``current-term`` class (the ``?term=`` of
    the reader).
    """
    ordered: list[TermMark] = []
    for mark in sorted(marks, key=lambda m: m.start):
        if not ordered or mark.start >= ordered[-1].end:
            ordered.append(TermMark(mark.start, mark.end, mark.term_id))
    out: list[str] = []
    open_mark: TermMark | None = None
    for start, end, mark, lit in _pieces(len(text), ordered, merge_spans(list(highlights))):
        if open_mark is not None and mark is not open_mark:
            out.append(_close(open_mark, glossary, gloss))
            open_mark = None
        if mark is not None and open_mark is None:
            out.append(_open(mark, glossary, locale, current))
            open_mark = mark
        piece = escape(text[start:end])
        out.append(f"<mark>{piece}</mark>" if lit else str(piece))
    if open_mark is not None:
        out.append(_close(open_mark, glossary, gloss))
    return Markup("".join(out))


def _open(mark: TermMark, glossary: Glossary, locale: str, current: str | None) -> str:
    term = glossary.term_by_id[mark.term_id]
    definition = short_zh(term.definition_zh.text) if locale == "zh" else short_en(term.definition_en.text)
    classes = "term current-term" if mark.term_id == current else "term"
    return str(Markup(
        '<a class="{classes}" href="{href}" data-term="{id}" data-en="{en}" data-def="{definition}" '
        'title="{en} — {definition}">'
    ).format(classes=classes, href=url_for("pages.term", term_id=term.id), id=term.id, en=term.en,
             definition=definition))


def _close(mark: TermMark, glossary: Glossary, gloss: bool) -> str:
    if not gloss:
        return "</a>"
    return str(Markup('</a><span class="gloss" lang="en"> [{en}]</span>').format(
        en=glossary.term_by_id[mark.term_id].en))


GLOSS_PARAM = "gloss"


def gloss_enabled(args, locale: str) -> bool:
    """The gloss view: ``?gloss=on|off``, else on in the English interface and off in the Chinese one."""
    choice = (args.get(GLOSS_PARAM) or "").strip().lower()
    if choice in ("on", "off"):
        return choice == "on"
    return locale == "en"
