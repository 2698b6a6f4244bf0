"""The pages people read: home, results, term entries, browse, the report reader.

Plain server-rendered HTML; JavaScript (static/app.js) only adds suggestions as
you type, hover cards and the copy button. Paragraph anchors in the reader are
``#p-<paragraph id>`` (see :func:`web.present.paragraph_anchor`).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext
from markupsafe import Markup

from glossary.compare import UnknownReport, compare_reports, predecessor, terms_used
from glossary.terms import CATEGORIES
from glossary.text import has_han, sentence_around
from index.query import MAX_OFFSET, MAX_QUERY_CHARS, QueryError
from web import params
from web.assets import asset_url
from web.errors import BadParameter, Missing, TooLarge
from web.i18n import COOKIE, COOKIE_MAX_AGE, current_locale
from web.index import get_index
from web.marking import GLOSS_PARAM, TermMark, gloss_enabled, highlight, render_marked
from web.present import filtered_terms, initial, paragraph_anchor, region_short_name, report_short_name, term_summary
from web.reader import reader_view
from web.settings import LOCALES

bp = Blueprint("pages", __name__)

LETTERS = [chr(c) for c in range(ord("A"), ord("Z") + 1)]


@bp.get("/")
def home():
    index = get_index()
    glossary = index.glossary
    by_category = Counter(t.category for t in glossary.terms)
    by_letter = Counter(initial(t) for t in glossary.terms)
    return render_template(
        "home.html",
        reports=glossary.reports,
        categories=[(c, by_category.get(c, 0)) for c in CATEGORIES],
        letters=[(letter, by_letter.get(letter, 0)) for letter in LETTERS],
        term_count=len(glossary.terms),
        paragraph_count=len(glossary.paragraphs),
        built_at=index.stamp.get("built_at", ""),
    )


def _page_number() -> int:
    raw = request.args.get("page", "1").strip() or "1"
    try:
        page = int(raw)
    except ValueError:
        page = 0
    if page < 1:
        raise BadParameter(gettext("The page number must be a whole number of 1 or more."))
    return page


def _fallback_suggestions(index, query: str) -> list[dict]:
    """Terms to offer when nothing matches: prefix matches of the query, then of its start."""
    tries = [query]
    if has_han(query):
        tries += [query[:2], query[:1]]
    else:
        tries += [query[:3]]
    seen: dict[str, dict] = {}
    for text in tries:
        try:
            for found in index.suggest(text, 8):
                seen.setdefault(found.term.id, found.to_dict())
        except QueryError:
            continue
        if seen:
            break
    return list(seen.values())


# A paste rather than a query: longer than a query may be, or a sentence (with its end mark).
_SENTENCE_END = re.compile(r"[。！？!?]")
SENTENCE_MIN_CHARS = 10


def is_pasted_text(text: str) -> bool:
    """True for text the search box should hand to term recognition instead of searching."""
    text = text.strip()
    return len(text) > MAX_QUERY_CHARS or (len(text) >= SENTENCE_MIN_CHARS and bool(_SENTENCE_END.search(text)))


@bp.get("/search")
def search():
    query = request.args.get("q", "")
    if not query.strip():
        return render_template("search.html", query="", result=None, message=gettext(
            "Type a word or phrase to search for, in Chinese, English or pinyin."))
    if is_pasted_text(query):
        return redirect(url_for("pages.recognize", text=query.strip()), 303)
    page = _page_number()
    size = current_app.config["PAGE_SIZE"]
    offset = (page - 1) * size
    if offset > MAX_OFFSET:
        raise BadParameter(gettext(
            "Results can be paged up to result %(limit)s; narrow the search instead.", limit=MAX_OFFSET))
    index = get_index()
    scope = params.read_scope(request.args)
    result = index.search(query, size, offset, scope)  # a QueryError is a 400 (web.errors)
    total = result.paragraphs.total
    pages = max(1, math.ceil(total / size))
    if page > pages:
        raise Missing(gettext(
            "There is no page %(page)s of these results; they have %(pages)s pages.", page=page, pages=pages))
    glossary = index.glossary
    locale = current_locale()
    gloss = gloss_enabled(request.args, locale)
    nothing = not result.terms and total == 0
    facets = [{"report": glossary.report_by_id[c.report_id], "count": c.count,
               "name": report_short_name(glossary.report_by_id[c.report_id], locale),
               "region": region_short_name(glossary.report_by_id[c.report_id], locale),
               "current": c.report_id in scope.reports} for c in result.by_report]
    group = params.GROUP.read(request.args)
    grouped = None
    if page == 1 and _groups(group, total, facets, scope):
        grouped = _grouped(index, query, scope, facets, gloss)
    return render_template(
        "search.html",
        query=result.query,
        result=result,
        terms=[term_summary(hit.term, glossary) for hit in result.terms],
        followed=result.followed,
        paragraphs=[_result_item(hit, glossary, gloss) for hit in result.paragraphs.items],
        gloss=gloss,
        facets=facets,
        year_facets=_year_facets(facets, scope),
        grouped=grouped,
        group=group,
        scoped=not scope.everything,
        page=page,
        pages=pages,
        first=offset + 1,
        last=offset + len(result.paragraphs.items),
        suggestions=_fallback_suggestions(index, result.query) if nothing else [],
        message=None,
    )


# Grouping by report (search page): by default when more than GROUP_WHEN_MORE_THAN paragraphs match in at least
# GROUP_WHEN_REPORTS reports; each report then shows its best GROUP_SHOWS, from the first GROUP_FETCH results.
GROUP_WHEN_MORE_THAN = 60
GROUP_WHEN_REPORTS = 5
GROUP_SHOWS = 2
GROUP_FETCH = 100  # index.query.MAX_LIMIT: one search, no paging


def _groups(group: str, total: int, facets: list[dict], scope) -> bool:
    """Whether the search page groups its results by report (``group`` is auto, report or none)."""
    if group != "auto":
        return group == "report"
    used = sum(1 for f in facets if f["count"])
    return not scope.reports and total > GROUP_WHEN_MORE_THAN and used >= GROUP_WHEN_REPORTS


def _grouped(index, query: str, scope, facets: list[dict], gloss: bool) -> list[dict]:
    """The results by report, the report with the best-ranked paragraph first: each with its count, its best
    GROUP_SHOWS paragraphs (among the first GROUP_FETCH results) and a link to all of them."""
    hits = index.search(query, GROUP_FETCH, 0, scope).paragraphs.items
    best: dict[str, list] = defaultdict(list)
    for hit in hits:
        best[hit.paragraph.report_id].append(hit)
    order = {report_id: n for n, report_id in enumerate(best)}
    groups = []
    for facet in sorted((f for f in facets if f["count"]), key=lambda f: (order.get(f["report"].id, len(order)),
                                                                          -f["count"])):
        report = facet["report"]
        groups.append({**facet, "href": url_for("pages.search", q=query, report=report.id),
                       "items": [_result_item(hit, index.glossary, gloss) for hit in best[report.id][:GROUP_SHOWS]]})
    return groups


def _year_facets(facets: list[dict], scope) -> list[dict]:
    """The report facets by year, newest first: each year's count, and its reports most matches first."""
    years: dict[int, list[dict]] = defaultdict(list)
    for facet in facets:
        years[facet["report"].year].append(facet)
    return [{"year": year, "count": sum(f["count"] for f in found), "current": year in scope.years,
             "reports": sorted(found, key=lambda f: -f["count"])}
            for year, found in sorted(years.items(), reverse=True)]


def _result_item(hit, glossary, gloss: bool) -> dict:
    """A result paragraph: its terms linked (and glossed in the gloss view), the matches marked."""
    paragraph = hit.paragraph
    html = render_marked(paragraph.text, glossary.marks_by_paragraph.get(paragraph.id, []), glossary,
                         current_locale(), highlights=hit.spans, gloss=gloss)
    report = glossary.report_by_id[paragraph.report_id]
    return {"label": paragraph.label, "label_en": paragraph.label_en, "section_title": paragraph.section_title,
            "report": report, "report_name": report_short_name(report, current_locale()),
            "several_reports": len(glossary.reports) > 1, "match": hit.match.value, "html": html,
            "href": url_for("pages.report", report_id=paragraph.report_id, _anchor=paragraph_anchor(paragraph.id))}


@bp.route("/recognize", methods=["GET", "POST"])
def recognize():
    """Paste a text, get it back with every glossary term marked, and a table of the terms found."""
    text = (request.form.get("text") if request.method == "POST" else request.args.get("text")) or ""
    limit = current_app.config["RECOGNIZE_MAX_CHARS"]
    if len(text) > limit:
        raise TooLarge(gettext(
            "The text is %(length)s characters long; the limit is %(limit)s characters.",
            length=len(text), limit=limit))
    if not text.strip():
        return render_template("recognize.html", text="", found=None, limit=limit)
    glossary = get_index().glossary
    recognition = glossary.recognize(text)
    marks = [TermMark(start, end, term_id) for start, end, term_id in recognition.marks()]
    found = [{"term": term_summary(r.term, glossary), "places": len(r.spans)} for r in recognition.terms]
    locale = current_locale()
    gloss = gloss_enabled(request.args, locale)
    return render_template("recognize.html", text=text, limit=limit, found=found, gloss=gloss,
                           html=render_marked(text, marks, glossary, locale, gloss=gloss))


@bp.get("/terms")
def browse():
    try:
        category, letter = params.CATEGORY.read(request.args), params.LETTER.read(request.args)
    except BadParameter as error:
        raise BadParameter(gettext("Unknown category or letter: %(detail)s", detail=error.message)) from None
    glossary = get_index().glossary
    terms = filtered_terms(glossary, category, letter)
    groups: dict[str, list[dict]] = defaultdict(list)
    for term in terms:
        groups[initial(term)].append(term_summary(term, glossary))
    by_letter = Counter(initial(t) for t in glossary.terms if not category or t.category == category)
    return render_template(
        "terms.html", groups=sorted(groups.items(), key=lambda kv: (kv[0] == "#", kv[0])),
        category=category, letter=letter, total=len(terms),
        categories=[(c, sum(1 for t in glossary.terms if t.category == c)) for c in CATEGORIES],
        letters=[(x, by_letter.get(x, 0)) for x in LETTERS],
    )


# A term page lists every paragraph that uses the term when there are at most this many; past that, each
# report shows its first PER_REPORT_WHEN_MANY and links to the reader, which steps through all of them
# (高质量发展 is in 1,300+ paragraphs of the 35 reports: listing them all made a 920 KB page).
SHOW_ALL_PARAGRAPHS = 40
PER_REPORT_WHEN_MANY = 3
# Past this many reports using the term, only the newest show sentences; the older ones are a line of links
# with counts (at 700 synthetic reports the term page of 高质量发展 was 4.4 MB; bench/twenty_years.py).
REPORTS_WITH_SENTENCES = 40


def _occurrence_groups(glossary, term_id: str, gloss: bool) -> list[dict]:
    """A term's occurrences report by report (date order), then paragraph by paragraph in reading order.

    Each paragraph is labelled once, with the sentences that use the term (joined by an ellipsis), the
    paragraph's marked terms and every occurrence highlighted. When the term is in more than
    :data:`SHOW_ALL_PARAGRAPHS` paragraphs, each report shows its first :data:`PER_REPORT_WHEN_MANY`; when
    more than :data:`REPORTS_WITH_SENTENCES` reports use it, the older ones have no paragraphs (the page
    lists them as links with their counts).
    """
    by_paragraph: dict[str, list] = defaultdict(list)
    for occurrence in glossary.occurrences_by_term.get(term_id, []):
        by_paragraph[occurrence.paragraph_id].append(occurrence)
    cap = None if len(by_paragraph) <= SHOW_ALL_PARAGRAPHS else PER_REPORT_WHEN_MANY
    by_report: dict[str, list[str]] = defaultdict(list)
    for paragraph_id in by_paragraph:
        by_report[glossary.paragraph_by_id[paragraph_id].report_id].append(paragraph_id)
    locale = current_locale()
    using = [info for info in glossary.reports_by_date if info.id in by_report]
    with_sentences = {info.id for info in using[-REPORTS_WITH_SENTENCES:]}
    reports = []
    for info in using:
        paragraph_ids = by_report[info.id]
        shown = paragraph_ids if cap is None else paragraph_ids[:cap]
        if info.id not in with_sentences:
            shown = []  # listed as a link with its count
        reports.append({
            "report": info, "name": report_short_name(info, locale), "paragraphs": len(paragraph_ids),
            "with_sentences": info.id in with_sentences,
            "times": sum(len(by_paragraph[p]) for p in paragraph_ids),
            "href": url_for("pages.report", report_id=info.id, term=term_id),
            "items": [_occurrence_item(glossary, term_id, p, by_paragraph[p], gloss, locale) for p in shown],
        })
    return reports


def _occurrence_item(glossary, term_id: str, paragraph_id: str, occurrences: list, gloss: bool, locale: str) -> dict:
    """One paragraph on a term page: its label, link and the sentences that use the term, marked."""
    paragraph = glossary.paragraph_by_id[paragraph_id]
    sentences = sorted({sentence_around(paragraph.text, o.start, o.end) for o in occurrences})
    pieces, marks, spans, position = [], [], [], 0
    for left, right in sentences:
        shift = position - left  # paragraph offsets → offsets in the joined text
        pieces.append(paragraph.text[left:right])
        marks += [TermMark(m.start + shift, m.end + shift, m.term_id)
                  for m in glossary.marks_by_paragraph.get(paragraph_id, []) if left <= m.start and m.end <= right]
        spans += [(o.start + shift, o.end + shift) for o in occurrences if left <= o.start < right]
        position += right - left + len(_SENTENCE_JOIN)
    return {
        "paragraph": paragraph.id, "label": paragraph.label, "label_en": paragraph.label_en,
        "times": len(occurrences),
        "href": url_for("pages.report", report_id=paragraph.report_id, term=term_id,
                        _anchor=paragraph_anchor(paragraph.id)),
        "html": render_marked(_SENTENCE_JOIN.join(pieces), marks, glossary, locale, highlights=spans, gloss=gloss),
    }


_SENTENCE_JOIN = " … "


BAR_WIDTH = 220  # pixels for the largest count in a term's timeline


def _timeline(glossary, detail: dict) -> dict:
    """A term over time: the reports of every region with reports in more than one year (the national
    series, Inner Mongolia's), in date order with how often each uses the term (0 included).

    ``detail`` is the term's :meth:`Glossary.term_detail` (its ``by_report`` and ``first_report``)."""
    used = {u["report"]: u for u in detail["by_report"]}
    years: dict[str, set[int]] = defaultdict(set)
    for info in glossary.reports:
        years[info.region].add(info.year)
    locale = current_locale()
    series = [info for info in glossary.reports_by_date if len(years[info.region]) > 1]
    most = max((used.get(info.id, {}).get("occurrences", 0) for info in series), default=0)
    rows = []
    for info in series:
        count = used.get(info.id, {}).get("occurrences", 0)
        rows.append({"report": info, "name": report_short_name(info, locale), "count": count,
                     "width": round(BAR_WIDTH * count / most) if most else 0})
    first = detail["first_report"]
    return {"rows": rows, "first": glossary.report_by_id[first] if first else None}


def _where_else(detail: dict, glossary) -> list[dict]:
    """The term's spread over each collection year (:mod:`glossary.spread`), as the term page's bar chart:
    each region that uses it, with its bar as a share of the largest count, and those that do not."""
    locale = current_locale()
    years = []
    for year in detail["where_else"]:
        most = max((r["occurrences"] for r in year["regions"]), default=0)
        years.append({
            "year": year["year"], "reports": year["reports"], "used_in": year["used_in"],
            "rows": [{"name": region_short_name(glossary.report_by_id[r["report"]], locale),
                      "occurrences": r["occurrences"], "paragraphs": r["paragraphs"],
                      "percent": round(100 * r["occurrences"] / most) if most else 0,
                      "href": url_for("pages.report", report_id=r["report"], term=detail["id"])}
                     for r in year["regions"]],
            "unused": [region_short_name(glossary.report_by_id[r], locale) for r in year["not_used_in"]],
            "compare": url_for("pages.compare", term_id=detail["id"], year=year["year"]),
        })
    return years


@bp.get("/terms/<term_id>")
def term(term_id: str):
    glossary = get_index().glossary
    found = glossary.term(term_id)
    if found is None:
        other = glossary.find_term(term_id) if len(term_id) <= MAX_QUERY_CHARS else None
        if other is not None:
            return redirect(url_for("pages.term", term_id=other.id), 301)
        raise Missing(gettext("There is no glossary entry “%(id)s”.", id=term_id[:100]))
    detail = glossary.term_detail(found)
    members = [{"zh": m["zh"], "term": glossary.term(m["term"]) if m["term"] else None} for m in detail["members"]]
    gloss = gloss_enabled(request.args, current_locale())
    occurrences = _occurrence_groups(glossary, found.id, gloss)
    return render_template(
        "term.html", term=found, detail=detail, members=members, timeline=_timeline(glossary, detail),
        where_else=_where_else(detail, glossary), related=glossary.related(found.id), occurrences=occurrences,
        times=len(detail["occurrences"]), paragraph_count=sum(r["paragraphs"] for r in occurrences), gloss=gloss,
    )


COMPARE_SENTENCES = 5  # sentences per region on the compare page; the reader has the rest


@bp.get("/terms/<term_id>/compare")
def compare(term_id: str):
    """A term's sentences side by side across one collection year's regions (most uses first)."""
    glossary = get_index().glossary
    found = glossary.term(term_id)
    if found is None:
        raise Missing(gettext("There is no glossary entry “%(id)s”.", id=term_id[:100]))
    detail = glossary.term_detail(found)
    years = [year["year"] for year in detail["where_else"]]
    if not years:
        raise Missing(gettext("There is no year with reports from several regions to compare."))
    wanted = params.YEAR.read(request.args)
    if wanted is not None and wanted not in years:
        raise BadParameter(gettext("There are no reports from several regions in %(year)s; the years are %(years)s.",
                                   year=wanted, years=", ".join(map(str, years))))
    year = next(y for y in detail["where_else"] if y["year"] == (wanted or years[0]))
    sentences: dict[str, list[dict]] = defaultdict(list)
    for occurrence in detail["occurrences"]:
        sentences[occurrence["report"]].append(occurrence)
    locale = current_locale()
    columns = []
    for region in year["regions"]:
        info = glossary.report_by_id[region["report"]]
        found_here = sentences[region["report"]]
        distinct = list(dict.fromkeys((o["text"], o["start"], o["end"]) for o in found_here))
        columns.append({
            "report": info, "name": region_short_name(info, locale), "occurrences": region["occurrences"],
            "href": url_for("pages.report", report_id=info.id, term=found.id),
            "sentences": [Markup(highlight(text, [(start, end)])) for text, start, end in distinct[:COMPARE_SENTENCES]],
            "more": max(0, len(distinct) - COMPARE_SENTENCES),
        })
    unused = [region_short_name(glossary.report_by_id[r], locale) for r in year["not_used_in"]]
    return render_template("compare.html", term=found, year=year, years=years, columns=columns, unused=unused)


@bp.get("/reports")
def reports():
    """Every report, newest first, with its counts and a link to what is new in it."""
    glossary = get_index().glossary
    rows = []
    for info in reversed(glossary.reports_by_date):
        used = terms_used(glossary, info.id)
        rows.append({"report": info, "paragraphs": len(glossary.paragraphs_by_report.get(info.id, [])),
                     "terms": len(used), "has_predecessor": _has_predecessor(glossary, info.id)})
    return render_template("reports.html", rows=rows)


def _has_predecessor(glossary, report_id: str) -> bool:
    try:
        predecessor(glossary, report_id)
    except UnknownReport:
        return False
    return True


@bp.get("/reports/<report_id>/new")
def whats_new(report_id: str):
    """The glossary terms a report uses that another (by default its predecessor) does not, and back."""
    glossary = get_index().glossary
    if report_id not in glossary.report_by_id:
        raise Missing(gettext("There is no report “%(id)s”.", id=report_id[:100]))
    other = request.args.get("compare") or None
    if other is None and not _has_predecessor(glossary, report_id):
        other = next(r.id for r in glossary.reports_by_date if r.id != report_id)  # the earliest other report
    try:
        diff = compare_reports(glossary, other, report_id)
    except UnknownReport as error:
        raise BadParameter(str(error)) from None
    others = [r for r in glossary.reports_by_date if r.id != report_id]
    return render_template("whats_new.html", diff=diff, others=others)


@bp.get("/reports/<report_id>")
def report(report_id: str):
    locale = current_locale()
    gloss = gloss_enabled(request.args, locale)
    reader = reader_view(get_index(), report_id, locale, gloss, request.args.get("term"))
    if reader is None:
        raise Missing(gettext("There is no report “%(id)s”.", id=report_id[:100]))
    return render_template("report.html", gloss=gloss, **reader)


@bp.get("/paragraphs/<paragraph_id>")
def paragraph(paragraph_id: str):
    found = get_index().glossary.paragraph(paragraph_id)
    if found is None:
        raise Missing(gettext("There is no paragraph “%(id)s”.", id=paragraph_id[:100]))
    return redirect(url_for("pages.report", report_id=found.report_id, _anchor=paragraph_anchor(found.id)), 302)


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never another host) to return to after switching language."""
    unsafe = not target or not target.startswith("/") or target.startswith("//") or "\\" in target
    if unsafe or any(c.isspace() or ord(c) < 32 for c in target):
        return url_for("pages.home")
    return target


@bp.get("/lang/<code>")
def switch_language(code: str):
    if code not in LOCALES:
        raise Missing(gettext("This language is not available."))
    response = redirect(_safe_next(request.args.get("next")), 303)
    response.set_cookie(COOKIE, code, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True)
    return response


@bp.app_context_processor
def page_helpers():
    def switch_url(code: str) -> str:
        """The language switch: sets the cookie, then returns to this page (without ?lang=)."""
        args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
        from urllib.parse import urlencode

        here = request.path + ("?" + urlencode(args) if args else "")
        return url_for("pages.switch_language", code=code, next=here)

    def gloss_url(value: str) -> str:
        """This page with the gloss view turned on or off (other parameters kept)."""
        args = {k: v for k, v in request.args.items() if k != GLOSS_PARAM}
        return url_for(request.endpoint, **request.view_args, **args, **{GLOSS_PARAM: value})

    def page_url(page: int) -> str:
        args = {k: v for k, v in request.args.items() if k not in ("page", "lang")}
        return url_for(request.endpoint, **request.view_args, **args, page=page)

    def group_url(group: str) -> str:
        args = {k: v for k, v in request.args.items() if k not in ("page", "lang", "group")}
        return url_for(request.endpoint, **request.view_args, **args, group=group)

    return {"asset": asset_url, "switch_url": switch_url, "page_url": page_url, "gloss_url": gloss_url,
            "group_url": group_url,
            "query_limit": MAX_QUERY_CHARS}
