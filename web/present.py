"""Shared presentation helpers: absolute URLs, one-line definitions, term summaries.

The API and the pages both use these, so a term looks the same everywhere.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from flask import current_app, g, url_for

from glossary.build import Glossary
from glossary.pinyin import plain_pinyin
from glossary.terms import Term

ANCHOR_PREFIX = "p-"
# A sentence ends at 。！？, or at . ! ? after a lower-case word and before a capital ("e.g. the", "No. 16"
# and "U.S. Army" do not end one). A semicolon ends a clause, not a sentence.
_SENTENCE_END = re.compile(r"(?<=[。！？])|(?<=[a-z0-9\)”’\"][.!?])\s+(?=[A-Z“‘\"(])")
_CLAUSE_END = re.compile(r"[，、；：,;:](?=\s|[^\s])|\s[–—]\s")


def absolute_url(endpoint: str, **values) -> str:
    """An absolute URL: ``PUBLIC_URL`` + path when set, else from the request's host."""
    base = current_app.config["PUBLIC_URL"]
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


_PLACEHOLDER = "__ID__"


def _quote(value: str) -> str:
    return quote(value, safe="-._~")


def _templates() -> tuple[str, str]:
    """Absolute URLs of a term page and a report, with a placeholder, built once per request."""
    templates = g.get("url_templates")
    if templates is None:
        templates = g.url_templates = (absolute_url("pages.term", term_id=_PLACEHOLDER),
                                       absolute_url("pages.report", report_id=_PLACEHOLDER))
    return templates


def paragraph_anchor(paragraph_id: str) -> str:
    """The fragment of a paragraph in the reader: ``p-<paragraph id>``."""
    return ANCHOR_PREFIX + paragraph_id


def paragraph_url(report_id: str, paragraph_id: str) -> str:
    """Absolute URL of a paragraph in the report reader (``…/reports/<report>#p-<paragraph>``)."""
    return _templates()[1].replace(_PLACEHOLDER, _quote(report_id)) + "#" + _quote(paragraph_anchor(paragraph_id))


def term_url(term_id: str) -> str:
    """Absolute permanent URL of a term page."""
    return _templates()[0].replace(_PLACEHOLDER, _quote(term_id))


def one_line(text: str, limit: int) -> str:
    """The first sentence of ``text``; when longer than ``limit``, cut at its last clause end that fits, with "…".

    A list line never ends in a semicolon or in the middle of a clause; only a
    first clause longer than the limit is cut at a word (or, in Chinese, anywhere).
    """
    text = " ".join(text.split())
    first = _SENTENCE_END.split(text, maxsplit=1)[0].strip() if text else ""
    if len(first) <= limit:
        return first
    ends = [match.start() for match in _CLAUSE_END.finditer(first, 0, limit)]
    cut = ends[-1] if ends and ends[-1] >= limit // 3 else first.rfind(" ", 0, limit - 1)
    if cut <= 0:
        cut = limit - 1
    return first[:cut].rstrip("，,、；;：: –—") + "…"


def short_zh(text: str) -> str:
    return one_line(text, 60)


def short_en(text: str) -> str:
    return one_line(text, 160)


def initial(term: Term) -> str:
    """The pinyin letter a term is filed under (A–Z), ``#`` when its pinyin has no letter."""
    letters = plain_pinyin(term.pinyin)
    return letters[0].upper() if letters else "#"


def sort_key(term: Term) -> tuple[str, str]:
    return plain_pinyin(term.pinyin), term.zh


def term_summary(term: Term, glossary: Glossary) -> dict:
    """A term in lists: the glossary's summary with one-line definitions and the term page URL."""
    return {
        **glossary.term_summary(term),
        "definition": short_zh(term.definition_zh.text),
        "definition_en": short_en(term.definition_en.text),
        "url": term_url(term.id),
    }


_REGION_SUFFIX_ZH = re.compile(r"(维吾尔|壮族|回族)?(自治区|特别行政区|省|市)$")
# In this order: "Xinjiang Uygur Autonomous Region" loses the kind of region, then its people.
_REGION_SUFFIXES_EN = (" Autonomous Region", " Special Administrative Region", " Province", " Municipality",
                       " Uygur", " Zhuang", " Hui")
NATIONAL_REGIONS = ("中华人民共和国", "People's Republic of China", "People’s Republic of China")


def region_short_name(info, locale: str) -> str:
    """A report's region as charts show it: 内蒙古, Inner Mongolia, Xinjiang, 全国 / National."""
    if info.region in NATIONAL_REGIONS or info.region_en in NATIONAL_REGIONS:
        return "全国" if locale == "zh" else "National"
    if locale == "zh" or not info.region_en:
        return _REGION_SUFFIX_ZH.sub("", info.region)
    region = info.region_en
    for suffix in _REGION_SUFFIXES_EN:
        region = region.removesuffix(suffix)
    return region


def report_short_name(info, locale: str) -> str:
    """A report as a timeline shows it: region short name and year (内蒙古 2024, National 2024)."""
    return f"{region_short_name(info, locale)} {info.year}"


def filtered_terms(glossary, category: str | None, letter: str | None) -> list:
    """The terms in pinyin order, optionally of one category and/or one initial letter."""
    terms = sorted(glossary.terms, key=sort_key)
    if category:
        terms = [t for t in terms if t.category == category]
    if letter:
        terms = [t for t in terms if initial(t) == letter]
    return terms
