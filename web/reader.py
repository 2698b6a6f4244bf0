"""The report reader: a report's blocks with its terms marked, its contents, and a term's stops in it.

Rendering a whole report is the costly part, so it is done once per build,
report, language and gloss choice and kept; the ``?term=`` highlight then only
re-renders the paragraphs that use that term.
"""

from __future__ import annotations

import re

from flask import current_app
from flask_babel import gettext

from glossary.build import Glossary
from web.marking import render_marked
from web.present import paragraph_anchor

CACHE_LIMIT = 32
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


def _gloss_of(glossary: Glossary, title: str) -> str:
    """The English rendering of a title that is itself a glossary term (numbering aside), else ""."""
    term = glossary.find_term(_NUMBERING.sub("", title).rstrip("。"))
    return term.en if term is not None else ""


def _render(glossary: Glossary, report_id: str, locale: str, gloss: bool) -> dict | None:
    report = glossary.report_by_id.get(report_id)
    if report is None:
        return None
    blocks, toc = [], []
    seen_sections: set[tuple[int, int]] = set()
    for paragraph in glossary.paragraphs:
        if paragraph.report_id != report_id:
            continue
        marks = glossary.marks_by_paragraph.get(paragraph.id, [])
        html = render_marked(paragraph.text, marks, glossary, locale, gloss=gloss)
        blocks.append({"p": paragraph, "anchor": paragraph_anchor(paragraph.id), "html": html,
                       "terms": {m.term_id for m in marks}})
        is_part = paragraph.kind == "heading" or (
            paragraph.kind == "appendix-heading" and paragraph.id.rsplit(".", 1)[-1].startswith("a"))
        if not toc and paragraph.kind == "paragraph" and not paragraph.part:
            toc.append({"anchor": paragraph_anchor(paragraph.id), "text": gettext("Opening"), "sections": [],
                        "lang": "zh-Hans" if locale == "zh" else "en", "gloss": ""})
        if is_part:
            toc.append({"anchor": paragraph_anchor(paragraph.id), "text": paragraph.text, "sections": [],
                        "gloss": _gloss_of(glossary, paragraph.text) if gloss else ""})
        elif paragraph.kind == "appendix-heading" and paragraph.id.endswith(".title") and toc:
            toc[-1]["text"] += " " + paragraph.text
        elif paragraph.kind == "appendix-heading" and toc and ".g" in paragraph.id:
            toc[-1]["sections"].append({"anchor": paragraph_anchor(paragraph.id), "text": paragraph.text,
                                        "gloss": _gloss_of(glossary, paragraph.text) if gloss else ""})
        elif paragraph.section and (paragraph.part, paragraph.section) not in seen_sections and toc:
            seen_sections.add((paragraph.part, paragraph.section))
            title = paragraph.text.split("。", 1)[0]
            toc[-1]["sections"].append({"anchor": paragraph_anchor(paragraph.id), "text": title,
                                        "gloss": _gloss_of(glossary, title) if gloss else ""})
    return {"report": report, "blocks": blocks, "toc": toc,
            "marked": sum(len(glossary.marks_by_paragraph.get(b["p"].id, [])) for b in blocks)}


def reader_view(index, report_id: str, locale: str, gloss: bool, term_id: str | None) -> dict | None:
    """Everything report.html needs, or None for an unknown report.

    With ``term_id`` (a glossary term), its links are marked as current on the
    server (no script needed) and ``stops`` lists the paragraphs that use it.
    """
    cache = current_app.extensions.setdefault("reader_cache", {})
    key = (str(index.path), report_id, locale, gloss)
    view = cache.get(key)
    if view is None:
        view = _render(index.glossary, report_id, locale, gloss)
        if view is None:
            return None
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        cache[key] = view
    glossary = index.glossary
    term = glossary.term(term_id) if term_id else None
    if term is None:
        return {**view, "term": None, "stops": []}
    blocks = [
        {**block, "html": render_marked(block["p"].text, glossary.marks_by_paragraph.get(block["p"].id, []),
                                        glossary, locale, gloss=gloss, current=term.id)}
        if term.id in block["terms"] else block
        for block in view["blocks"]
    ]
    uses = {p.id for p in glossary.paragraphs_of(term.id)}
    stops = [block for block in view["blocks"] if block["p"].id in uses]
    return {**view, "blocks": blocks, "term": term, "stops": stops}
